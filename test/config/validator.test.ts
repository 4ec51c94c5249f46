import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { compileValidator, loadStandaloneValidator, standaloneValidatorSource } from '../../src/config/validator.js';

/** The build's standalone `.vigil.yaml` validator must judge exactly as the compiled schema does. */

const SAMPLES: unknown[] = [
  {},
  { 'fail-on': 'high', frameworks: ['hipaa'], suppressions: [{ rule: 'x', reason: 'because' }] },
  {
    frameworks: 'hipaa',
    'fail-on': 'sometimes',
    colour: 'blue',
    rules: { r: { severity: 'urgent', parameters: 7, enabled: false } },
    'skip-paths': [''],
    suppressions: [{ rule: '', reason: 'ok', account: '1234', region: 'Frankfurt', team: 'x' }, { reason: 'no selector' }, { rule: 'x', reason: 'fine', expires: 'next year' }],
    'attestation-max-age-days': 0,
    aws: { regions: 'eu-west-1', 'role-arn': 'arn:aws:iam::1:user/x', 'external-id': 42, accounts: ['12'], 'max-rps': 0, concurrency: 1.5, profile: 'x' },
  },
  { frameworks: ['hipaa', 'hipaa'] },
];

// Inside the package, as the build places it: the generated code requires ajv's runtime helpers.
const scratch = (): string => {
  mkdirSync(join(repoRoot, 'test-output'), { recursive: true });
  return mkdtempSync(join(repoRoot, 'test-output', 'validator-'));
};

function standaloneIn(dir: string, source = standaloneValidatorSource()): string {
  const file = join(dir, 'config-validator.cjs');
  writeFileSync(file, source);
  return file;
}

describe('the standalone configuration validator', () => {
  it('gives the same verdicts, errors and defaults as the compiled schema', () => {
    const standalone = loadStandaloneValidator(standaloneIn(scratch()));
    expect(standalone).toBeDefined();
    const compiled = compileValidator();
    for (const sample of SAMPLES) {
      const a = structuredClone(sample);
      const b = structuredClone(sample);
      expect(standalone!(a)).toBe(compiled(b));
      expect(standalone!.errors ?? null).toEqual(compiled.errors ?? null);
      expect(a).toEqual(b); // defaults filled in alike
    }
    const withDefaults = {} as Record<string, unknown>;
    standalone!(withDefaults);
    expect(withDefaults).toMatchObject({ 'fail-on': 'low', 'attestation-max-age-days': 365 });
  });

  it('is not used when made for another schema, or damaged', () => {
    const dir = scratch();
    const stale = standaloneIn(dir, standaloneValidatorSource().replace(/module\.exports\.key = "[0-9a-f]+"/, `module.exports.key = "${'0'.repeat(64)}"`));
    expect(loadStandaloneValidator(stale)).toBeUndefined();
    const damagedDir = scratch();
    expect(loadStandaloneValidator(standaloneIn(damagedDir, 'module.exports = ('))).toBeUndefined();
    expect(loadStandaloneValidator(join(dir, 'missing.cjs'))).toBeUndefined();
  });
});
