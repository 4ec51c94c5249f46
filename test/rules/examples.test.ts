import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue, type Rule } from '../../src/engine/catalogue.js';
import { evaluateAll, type Status } from '../../src/engine/evaluate.js';
import { scanTerraform } from '../../src/sources/terraform/index.js';
import { reviveValue, type ValueObject } from '../../src/model/value.js';
import type { Resource } from '../../src/model/resource.js';

/**
 * The generic example test: every passing, failing and unknown example of every rule goes
 * through the real pipeline (Terraform: parse, evaluate, fold; AWS: the model fragment), and must
 * come out with the status it claims.
 */

const catalogue = await loadCatalogue([join(__dirname, '../../rules')]);
const scratch = mkdtempSync(join(tmpdir(), 'vigil-examples-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
async function terraformStatuses(rule: Rule, code: string): Promise<{ statuses: Status[]; problems: string[] }> {
  const dir = join(scratch, `example-${counter++}`);
  rmSync(dir, { recursive: true, force: true });
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.tf'), code);
  const scan = await scanTerraform({ paths: [dir], cwd: dir, variables: { varFiles: [], vars: [], env: {} } });
  const results = evaluateAll([rule], scan.resources);
  return {
    statuses: results.map((r) => r.status),
    problems: scan.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line}: ${p.message}`),
  };
}

function awsStatuses(rule: Rule, attributes: Record<string, unknown>): Status[] {
  const resource: Resource = {
    kind: rule.kind,
    id: 'arn:aws:example',
    name: 'example',
    attributes: reviveValue(attributes) as ValueObject,
    provenance: { source: 'aws', account: '111122223333', region: 'eu-central-1', arn: 'arn:aws:example', calls: [] },
  };
  return evaluateAll([rule], [resource]).map((r) => r.status);
}

/** A failing example must fail somewhere; pass and unknown examples must hold for every result. */
function expectStatus(statuses: Status[], expected: 'pass' | 'fail' | 'unknown'): void {
  expect(statuses.length, 'the example produced no result for the rule').toBeGreaterThan(0);
  if (expected === 'fail') expect(statuses).toContain('fail');
  else expect(new Set(statuses)).toEqual(new Set([expected]));
}

describe.each(catalogue.rules.map((rule) => [rule.id, rule] as const))('rule %s', (_id, rule) => {
  for (const expected of ['pass', 'fail', 'unknown'] as const) {
    for (const example of rule.examples.terraform?.[expected] ?? []) {
      it(`terraform ${expected}: ${example.name}`, async () => {
        const { statuses, problems } = await terraformStatuses(rule, example.code);
        expect(problems).toEqual([]);
        expectStatus(statuses, expected);
      });
    }
    for (const example of rule.examples.aws?.[expected] ?? []) {
      it(`aws ${expected}: ${example.name}`, () => {
        expectStatus(awsStatuses(rule, example.attributes), expected);
      });
    }
  }
});
