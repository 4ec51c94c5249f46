import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogueError, loadCatalogue } from '../../src/engine/catalogue.js';

const rulesDir = join(__dirname, '../../rules');
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

  it('gives every rule remediation with a Terraform snippet and at least one reference', () => {
    for (const rule of catalogue.rules) {
      expect(rule.remediation.terraform, rule.id).toMatch(/resource "/);
      const refs = Object.values(rule.references).flat();
      expect(refs.length, rule.id).toBeGreaterThan(0);
    }
  });

  it('maps every rule from at least one framework', () => {
    const mapped = new Set(catalogue.frameworks.flatMap((f) => f.requirements.flatMap((r) => r.rules ?? [])));
    for (const rule of catalogue.rules) expect(mapped.has(rule.id), `${rule.id} is mapped by no framework`).toBe(true);
  });

  it('ships the HIPAA and GDPR frameworks', () => {
    expect(catalogue.frameworks.map((f) => f.id).sort()).toEqual(['gdpr', 'hipaa']);
    expect(catalogue.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('invalid rule packs are refused with every problem named', () => {
  const pack = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };
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

  it('rejects a framework that names a rule that does not exist', async () => {
    const dir = pack({
      'a/real-rule.yaml': valid('real-rule'),
      'frameworks/f.yaml': 'id: f\nname: F\nversion: "1"\ndescription: d\nrequirements:\n  - { citation: "1", title: t, section: s, description: d, rules: [ghost-rule] }\n',
    });
    expect((await problemsOf(dir)).join('\n')).toContain('requirement 1 names unknown rule "ghost-rule"');
  });
});
