import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';

describe('vigil rules', () => {
  it('lists the catalogue, filtered by framework and service', () => {
    const all = vigil(['rules', 'list', '--format', 'json']);
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.stdout) as Array<{ id: string; service: string; frameworks: string[]; sources: string[] }>;
    expect(rows.length).toBeGreaterThanOrEqual(50);
    expect(rows.find((r) => r.id === 'aws-iam-root-mfa')?.sources).toEqual(['aws']);

    const s3 = JSON.parse(vigil(['rules', 'list', '--service', 's3', '--format', 'json']).stdout) as typeof rows;
    expect(s3.length).toBeGreaterThan(5);
    expect(s3.every((r) => r.service === 's3')).toBe(true);

    const gdpr = JSON.parse(vigil(['rules', 'list', '--framework', 'gdpr', '--format', 'json']).stdout) as typeof rows;
    expect(gdpr.map((r) => r.id)).toContain('aws-s3-bucket-region-allowed');
    expect(gdpr.every((r) => r.frameworks.includes('gdpr'))).toBe(true);

    const table = vigil(['rules', 'list', '--service', 'rds,kms']);
    expect(table.stdout).toMatch(/^ID\s+SEVERITY\s+FRAMEWORKS\s+SOURCES\s+TITLE/);
    expect(table.stdout).toContain('aws-kms-key-rotation');
    expect(table.stdout).not.toContain('aws-s3-bucket-tls-only');
  });

  it('refuses an unknown service or framework with exit 2', () => {
    const run = vigil(['rules', 'list', '--service', 'mainframe']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown --service "mainframe": choose from .*ec2.*s3/);
  });

  it('shows one rule: metadata, requirements served, parameters, remediation and examples', () => {
    const run = vigil(['rules', 'show', 'aws-iam-password-policy']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('aws-iam-password-policy  [medium]');
    expect(run.stdout).toMatch(/Requirements served\n(.*\n)*\s+hipaa 164\.308\(a\)\(5\)\(ii\)\(D\)\s+Password management/);
    expect(run.stdout).toMatch(/min_length: 14/);
    expect(run.stdout).toContain('checkov    CKV_AWS_9');
    expect(run.stdout).toContain('resource "aws_iam_account_password_policy" "this"');
    expect(run.stdout).toContain('terraform fail: only a length, the rest left out');
    expect(run.stdout).toContain('aws fail: NoSuchEntity (no policy)');

    const json = JSON.parse(vigil(['rules', 'show', 'aws-s3-bucket-region-allowed', '--format', 'json']).stdout) as {
      parameters: { allowed_regions: { default: string[] } };
      requirements: Array<{ framework: string; citation: string }>;
    };
    expect(json.parameters.allowed_regions.default).toContain('eu-north-1');
    expect(json.requirements).toContainEqual(expect.objectContaining({ framework: 'gdpr', citation: 'Art. 44' }));
  });

  it('finds a rule by a retired ID, and says so; an unknown ID is exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-alias-'));
    mkdirSync(join(dir, 'custom'));
    writeFileSync(
      join(dir, 'custom', 'acme-db-tagged.yaml'),
      `id: acme-db-tagged
aliases: [acme-old-db-tag]
title: Databases carry a data classification tag
severity: low
kind: aws.rds.db_instance
description: Every database says what data it holds.
check: { attribute: tags.DataClass, exists: true }
remediation: { text: Tag it., terraform: 'resource "aws_db_instance" "x" { tags = { DataClass = "PHI" } }' }
references: {}
examples: {}
`,
    );
    const run = vigil(['rules', 'show', 'acme-old-db-tag', '--rules', join(dir, 'custom')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('"acme-old-db-tag" is a retired ID of acme-db-tagged');
    expect(run.stdout).toContain('acme-db-tagged  [low]');
    const missing = vigil(['rules', 'show', 'aws-nothing-here']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no rule "aws-nothing-here"');
  });

  it('refuses a --rules folder whose rule ID collides with a built-in one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-collide-'));
    writeFileSync(
      join(dir, 'aws-rds-instance-encrypted.yaml'),
      `id: aws-rds-instance-encrypted
title: mine
severity: low
kind: aws.rds.db_instance
description: d
check: { attribute: storage_encrypted, equals: true }
remediation: { text: x, terraform: 'resource "a" "b" {}' }
references: {}
examples: {}
`,
    );
    const run = vigil(['rules', 'list', '--rules', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/aws-rds-instance-encrypted\.yaml: id: "aws-rds-instance-encrypted" is already used by rules\/rds\/aws-rds-instance-encrypted\.yaml/);
  });
});

describe('vigil frameworks', () => {
  it('lists the frameworks with their coverage', () => {
    const run = vigil(['frameworks', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/hipaa\s+HIPAA Security Rule/);
    expect(run.stdout).toMatch(/65 requirements, \d+ rules: \d+ automated, \d+ manual, \d+ both, 0 neither/);
    const json = JSON.parse(vigil(['frameworks', 'list', '--format', 'json']).stdout) as Array<{ id: string; coverage: Record<string, number> }>;
    expect(json.map((f) => f.id).sort()).toEqual(['gdpr', 'hipaa']);
  });

  it('shows the HIPAA requirement tree in the regulation\'s order with each requirement\'s coverage', () => {
    const run = vigil(['frameworks', 'show', 'hipaa']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const at = (citation: string) => lines.findIndex((l) => l.includes(` ${citation}  `));
    expect(at('164.308(a)(1)(i)')).toBeGreaterThan(0);
    expect(at('164.308(a)(1)(i)')).toBeLessThan(at('164.310(a)(1)'));
    expect(at('164.312(e)(2)(ii)')).toBeLessThan(at('164.316(b)(2)(iii)'));
    expect(lines[at('164.308(b)(3)')]).toMatch(/^\s+manual\s+164\.308\(b\)\(3\)\s+Written contract or other arrangement \(R\)/);
    expect(lines[at('164.312(b)')]).toMatch(/^\s+auto\s+164\.312\(b\)\s+Audit controls \(R\)/);
    expect(lines[at('164.312(a)(2)(iv)')]).toMatch(/^\s+both\s+164\.312\(a\)\(2\)\(iv\)\s+Encryption and decryption \(A\)/);
    expect(run.stdout).toContain('Physical safeguards');
    expect(run.stdout).toMatch(/manual: The AWS Business Associate Addendum accepted in AWS Artifact/);

    const json = JSON.parse(vigil(['frameworks', 'show', 'gdpr', '--format', 'json']).stdout) as { requirements: Array<{ citation: string; coverage: string }> };
    expect(json.requirements.find((r) => r.citation === 'Art. 44')?.coverage).toBe('both');
  });

  it('refuses an unknown framework with exit 2', () => {
    const run = vigil(['frameworks', 'show', 'sox']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown framework "sox": choose from');
  });
});
