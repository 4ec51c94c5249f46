import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogueError, findRule, loadCatalogue } from '../../src/engine/catalogue.js';
import { tempTree } from '../helpers/tree.js';

const rulesDir = join(__dirname, '../../rules');

/** 45 CFR 164.308-164.316, every standard and implementation specification in the regulation's order. */
const HIPAA_CITATIONS = [
  '164.308(a)(1)(i)', '164.308(a)(1)(ii)(A)', '164.308(a)(1)(ii)(B)', '164.308(a)(1)(ii)(C)', '164.308(a)(1)(ii)(D)',
  '164.308(a)(2)', '164.308(a)(3)(i)', '164.308(a)(3)(ii)(A)', '164.308(a)(3)(ii)(B)', '164.308(a)(3)(ii)(C)',
  '164.308(a)(4)(i)', '164.308(a)(4)(ii)(A)', '164.308(a)(4)(ii)(B)', '164.308(a)(4)(ii)(C)', '164.308(a)(5)(i)',
  '164.308(a)(5)(ii)(A)', '164.308(a)(5)(ii)(B)', '164.308(a)(5)(ii)(C)', '164.308(a)(5)(ii)(D)', '164.308(a)(6)(i)',
  '164.308(a)(6)(ii)', '164.308(a)(7)(i)', '164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(B)', '164.308(a)(7)(ii)(C)',
  '164.308(a)(7)(ii)(D)', '164.308(a)(7)(ii)(E)', '164.308(a)(8)', '164.308(b)(1)', '164.308(b)(3)',
  '164.310(a)(1)', '164.310(a)(2)(i)', '164.310(a)(2)(ii)', '164.310(a)(2)(iii)', '164.310(a)(2)(iv)', '164.310(b)',
  '164.310(c)', '164.310(d)(1)', '164.310(d)(2)(i)', '164.310(d)(2)(ii)', '164.310(d)(2)(iii)', '164.310(d)(2)(iv)',
  '164.312(a)(1)', '164.312(a)(2)(i)', '164.312(a)(2)(ii)', '164.312(a)(2)(iii)', '164.312(a)(2)(iv)', '164.312(b)',
  '164.312(c)(1)', '164.312(c)(2)', '164.312(d)', '164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)',
  '164.314(a)(1)', '164.314(a)(2)(i)', '164.314(a)(2)(ii)', '164.314(a)(2)(iii)', '164.314(b)(1)', '164.314(b)(2)',
  '164.316(a)', '164.316(b)(1)', '164.316(b)(2)(i)', '164.316(b)(2)(ii)', '164.316(b)(2)(iii)',
];
const catalogue = await loadCatalogue([rulesDir]);

describe('the built-in catalogue', () => {
  it('has unique IDs across rules and aliases', () => {
    const ids = catalogue.rules.flatMap((r) => [r.id, ...(r.aliases ?? [])]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every rule passing and failing examples for each source it applies to', () => {
    for (const rule of catalogue.rules) {
      for (const source of rule.sources) {
        const set = rule.examples[source];
        expect(set?.pass?.length ?? 0, `${rule.id}: ${source} pass examples`).toBeGreaterThan(0);
        expect(set?.fail?.length ?? 0, `${rule.id}: ${source} fail examples`).toBeGreaterThan(0);
      }
    }
  });

  // Rules no other tool has an equivalent for; every other rule must name at least one.
  const NO_PEER_EQUIVALENT = new Set([
    'aws-s3-bucket-region-allowed',
    'aws-rds-instance-region-allowed',
    'aws-backup-vault-locked',
    'aws-organizations-scp-deny-leave',
    'aws-organizations-scp-protect-security-services',
    'aws-ssoadmin-permission-set-session-duration',
    'aws-ssoadmin-admin-not-for-groups',
    'aws-vpc-endpoints-for-data-services',
    'aws-vpc-endpoint-policies',
  ]);

  it('gives every rule remediation with a Terraform snippet and references wherever a peer has one', () => {
    for (const rule of catalogue.rules) {
      expect(rule.remediation.terraform, rule.id).toMatch(/resource "/);
      const refs = Object.values(rule.references).flat();
      if (NO_PEER_EQUIVALENT.has(rule.id)) expect(refs, rule.id).toEqual([]);
      else expect(refs.length, rule.id).toBeGreaterThan(0);
    }
  });

  it('limits rules to live accounts only with a stated reason, and examples match the sources', () => {
    for (const rule of catalogue.rules) {
      if (!rule.sources.includes('terraform')) {
        expect(rule.assumptions ?? '', `${rule.id} must say why Terraform cannot express it`).toMatch(/Live accounts only/);
        expect(rule.examples.terraform, rule.id).toBeUndefined();
      }
    }
  });

  it('names rules after their service folder: rules/<service>/aws-<service>-<what>.yaml', () => {
    for (const rule of catalogue.rules) {
      const service = rule.file.split('/').slice(-2)[0]!;
      expect(rule.id, rule.file).toMatch(new RegExp(`^aws-${service}-[a-z0-9-]+$`));
    }
  });

  it('covers every code of the HIPAA/GDPR reference map with at least one rule', () => {
    // One rule per "Checks by service" code of shared/reference/hipaa-gdpr.md.
    const codes = [
      'aws-ec2-sg-no-public-ssh', 'aws-ec2-sg-no-public-admin-db-ports', 'aws-ec2-sg-no-public-all-ports',
      'aws-ec2-default-sg-restricts-all', 'aws-ec2-nacl-no-public-admin-ports', 'aws-ec2-volume-encrypted',
      'aws-ec2-ebs-encryption-by-default', 'aws-ec2-snapshot-not-public', 'aws-vpc-flow-logs-enabled',
      'aws-ec2-instance-no-public-ip', 'aws-ec2-instance-imdsv2-required', 'aws-s3-bucket-encrypted-kms',
      'aws-s3-bucket-tls-only', 'aws-s3-bucket-public-access-block', 'aws-s3-account-public-access-block',
      'aws-s3-bucket-no-public-read', 'aws-s3-bucket-no-public-write', 'aws-s3-bucket-acls-disabled',
      'aws-s3-bucket-versioning-enabled', 'aws-s3-bucket-access-logging', 'aws-s3-bucket-object-lock',
      'aws-rds-instance-encrypted', 'aws-rds-instance-not-public', 'aws-rds-instance-backup-retention',
      'aws-rds-instance-multi-az', 'aws-rds-snapshot-not-public', 'aws-rds-snapshot-encrypted',
      'aws-rds-instance-logs-exported', 'aws-rds-instance-deletion-protection', 'aws-rds-instance-iam-auth',
      'aws-rds-instance-minor-upgrades', 'aws-rds-parameter-group-tls', 'aws-iam-password-policy', 'aws-iam-root-mfa',
      'aws-iam-root-no-access-keys', 'aws-iam-user-console-mfa', 'aws-iam-user-unused-credentials',
      'aws-iam-access-keys-rotated', 'aws-iam-policy-no-admin', 'aws-iam-user-no-direct-policies',
      'aws-config-recorder-enabled', 'aws-cloudtrail-multi-region', 'aws-cloudtrail-log-validation',
      'aws-cloudtrail-kms', 'aws-cloudtrail-cloudwatch-logs', 'aws-cloudtrail-s3-data-events', 'aws-kms-key-rotation',
      'aws-logs-group-retention', 'aws-logs-group-kms', 'aws-guardduty-enabled', 'aws-securityhub-enabled',
      'aws-elb-https-listeners', 'aws-elb-tls-policy', 'aws-elb-access-logs', 'aws-acm-certificate-not-expiring',
      'aws-s3-bucket-region-allowed',
    ];
    const ids = new Set(catalogue.rules.map((r) => r.id));
    expect(codes.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('maps every rule from at least one framework', () => {
    const mapped = new Set(catalogue.frameworks.flatMap((f) => f.requirements.flatMap((r) => r.rules ?? [])));
    for (const rule of catalogue.rules) expect(mapped.has(rule.id), `${rule.id} is mapped by no framework`).toBe(true);
  });

  it('lists every standard and implementation specification of 164.308-164.316, in order', () => {
    const hipaa = catalogue.frameworks.find((f) => f.id === 'hipaa')!;
    expect(hipaa.requirements.map((r) => r.citation)).toEqual(HIPAA_CITATIONS);
    for (const requirement of hipaa.requirements) {
      expect(requirement.implementation, requirement.citation).toMatch(/^(required|addressable)$/);
      expect(requirement.standard, requirement.citation).toBeTruthy();
    }
    const baa = hipaa.requirements.find((r) => r.citation === '164.308(b)(3)')!;
    expect(baa.manual?.evidence).toMatch(/Business Associate Addendum/);
  });

  it('lists the GDPR articles with technical evidence, and Art. 44 reads the region allow-list', () => {
    const gdpr = catalogue.frameworks.find((f) => f.id === 'gdpr')!;
    expect(gdpr.requirements.map((r) => r.citation)).toEqual([
      'Art. 5(1)(f)', 'Art. 25', 'Art. 30', 'Art. 32(1)(a)', 'Art. 32(1)(b)', 'Art. 32(1)(c)', 'Art. 32(1)(d)', 'Art. 33', 'Art. 44',
    ]);
    const transfers = gdpr.requirements.find((r) => r.citation === 'Art. 44')!;
    for (const id of transfers.rules ?? []) {
      expect(catalogue.rules.find((r) => r.id === id)?.parameters.allowed_regions?.default).toContain('eu-central-1');
    }
  });

  it('maps each Trivy and Checkov ID of the public access block and password policy rules to one facet', () => {
    for (const id of ['aws-s3-bucket-public-access-block', 'aws-iam-password-policy']) {
      const rule = catalogue.rules.find((r) => r.id === id)!;
      const faceted = Object.values(rule.facets ?? {}).flatMap((f) => [...(f.references.trivy ?? []), ...(f.references.checkov ?? [])]);
      expect(new Set(faceted).size, id).toBe(faceted.length);
      expect(rule.references.trivy!.every((t) => faceted.includes(t)), id).toBe(true);
    }
  });

  it('ships the HIPAA and GDPR frameworks', () => {
    expect(catalogue.frameworks.map((f) => f.id).sort()).toEqual(['gdpr', 'hipaa']);
    expect(catalogue.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('invalid rule packs are refused with every problem named', () => {
  const pack = (files: Record<string, string>): string => tempTree('vigil-rules', files);
  const problemsOf = async (dir: string): Promise<string[]> => {
    try {
      await loadCatalogue([dir]);
    } catch (error) {
      expect(error).toBeInstanceOf(CatalogueError);
      return (error as CatalogueError).problems;
    }
    throw new Error('the pack was accepted');
  };
  const valid = (id: string, extra = ''): string => `id: ${id}
title: t
severity: high
kind: aws.rds.db_instance
description: d
check: { attribute: storage_encrypted, equals: true }
remediation: { text: x, terraform: 'resource "a" "b" {}' }
references: { checkov: [CKV_AWS_16] }
examples: {}
${extra}`;

  it('names the file and the field of a schema error', async () => {
    const dir = pack({ 'x/my-bad-rule.yaml': valid('my-bad-rule').replace('severity: high', 'severity: urgent') });
    const problems = await problemsOf(dir);
    expect(problems.join('\n')).toContain('my-bad-rule.yaml: severity: must be one of critical, high, medium, low, info');
  });

  it('rejects unknown kinds, unknown attributes and undeclared parameters', async () => {
    const dir = pack({
      'a/rule-one.yaml': valid('rule-one').replace('aws.rds.db_instance', 'aws.rds.nothing'),
      'a/rule-two.yaml': valid('rule-two').replace('storage_encrypted', 'storage_encryptd'),
      'a/rule-three.yaml': valid('rule-three').replace('equals: true', 'equals: { param: wanted }'),
    });
    const problems = (await problemsOf(dir)).join('\n');
    expect(problems).toContain('rule-one.yaml: kind: unknown resource kind "aws.rds.nothing"');
    expect(problems).toContain('rule-two.yaml: check.attribute: kind aws.rds.db_instance has no attribute "storage_encryptd"');
    expect(problems).toContain('rule-three.yaml: check: parameter "wanted" is not declared');
  });

  it('rejects duplicate IDs, malformed references and YAML syntax errors with a line', async () => {
    const dir = pack({
      'a/same-id.yaml': valid('same-id'),
      'b/same-id.yaml': valid('same-id'),
      'c/bad-ref.yaml': valid('bad-ref').replace('CKV_AWS_16', 'checkov-16'),
      'd/broken-yaml.yaml': 'id: [unclosed\n',
    });
    const problems = (await problemsOf(dir)).join('\n');
    expect(problems).toMatch(/same-id\.yaml: id: "same-id" is already used by/);
    expect(problems).toContain('bad-ref.yaml: references.checkov.0: must match pattern');
    expect(problems).toMatch(/broken-yaml\.yaml:\d+:\d+: /);
  });

  it('rejects a facet naming a peer ID the rule does not reference, a facet attribute the kind lacks, and a facet without references', async () => {
    const dir = pack({
      'a/facet-ref.yaml': valid('facet-ref', 'facets:\n  enc:\n    check: { attribute: storage_encrypted, equals: true }\n    references: { trivy: [AVD-AWS-0080] }\n'),
      'a/facet-path.yaml': valid('facet-path', 'facets:\n  enc:\n    check: { attribute: storage_encryptd, equals: true }\n    references: { checkov: [CKV_AWS_16] }\n'),
      'a/facet-empty.yaml': valid('facet-empty', 'facets:\n  enc:\n    check: { attribute: storage_encrypted, equals: true }\n    references: {}\n'),
    });
    const problems = (await problemsOf(dir)).join('\n');
    expect(problems).toContain("facet-ref.yaml: facets.enc.references.trivy: AVD-AWS-0080 is not among the rule's references.trivy");
    expect(problems).toContain('facet-path.yaml: facets.enc.check.attribute: kind aws.rds.db_instance has no attribute "storage_encryptd"');
    expect(problems).toContain('facet-empty.yaml: facets.enc.references: must NOT have fewer than 1 properties');
  });

  it('refuses a user rule whose ID or alias collides with a built-in one', async () => {
    const dir = pack({
      'mine/aws-rds-instance-encrypted.yaml': valid('aws-rds-instance-encrypted'),
      'mine/my-own-rule.yaml': valid('my-own-rule', 'aliases: [aws-ec2-sg-no-public-ssh]'),
    });
    try {
      await loadCatalogue([rulesDir, dir]);
      throw new Error('the pack was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(CatalogueError);
      const problems = (error as CatalogueError).problems.join('\n');
      expect(problems).toMatch(/aws-rds-instance-encrypted\.yaml: id: "aws-rds-instance-encrypted" is already used by rules\/rds\/aws-rds-instance-encrypted\.yaml/);
      expect(problems).toMatch(/my-own-rule\.yaml: id: "aws-ec2-sg-no-public-ssh" is already used by/);
    }
  });

  it('finds a rule by a retired ID kept as an alias', async () => {
    const dir = pack({ 'a/new-name-rule.yaml': valid('new-name-rule', 'aliases: [old-name-rule]') });
    const loaded = await loadCatalogue([dir]);
    expect(findRule(loaded, 'old-name-rule')?.id).toBe('new-name-rule');
    expect(findRule(loaded, 'new-name-rule')?.id).toBe('new-name-rule');
    expect(findRule(loaded, 'no-such-rule')).toBeUndefined();
  });

  it('rejects a framework that names a rule that does not exist', async () => {
    const dir = pack({
      'a/real-rule.yaml': valid('real-rule'),
      'frameworks/f.yaml': 'id: f\nname: F\nversion: "1"\ndescription: d\nrequirements:\n  - { citation: "1", title: t, section: s, description: d, rules: [ghost-rule] }\n',
    });
    expect((await problemsOf(dir)).join('\n')).toContain('requirement 1 names unknown rule "ghost-rule"');
  });
});
