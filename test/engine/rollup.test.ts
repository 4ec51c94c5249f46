import { describe, expect, it } from 'vitest';
import type { Framework } from '../../src/engine/catalogue.js';
import { automatedStatus, requirementStatus, rollUpFrameworks, type RollupResult } from '../../src/engine/rollup.js';

const counts = (pass: number, fail: number, unknown: number, suppressed: number) => ({ pass, fail, unknown, suppressed });

describe('requirement roll-up (engine)', () => {
  it('passes only when something was judged and nothing failed or is unknown', () => {
    expect(automatedStatus(counts(3, 1, 1, 0), true)).toBe('fail');
    expect(automatedStatus(counts(3, 0, 1, 0), true)).toBe('unknown');
    expect(automatedStatus(counts(3, 0, 0, 0), true)).toBe('pass');
    // Failures all accepted: excepted, never pass, also beside passes.
    expect(automatedStatus(counts(3, 0, 0, 1), true)).toBe('excepted');
    expect(automatedStatus(counts(0, 0, 0, 2), true)).toBe('excepted');
    // Nothing judged: not evaluated while the services exist, not applicable only when they are absent.
    expect(automatedStatus(counts(0, 0, 0, 0), true)).toBe('not-evaluated');
    expect(automatedStatus(counts(0, 0, 0, 0), false)).toBe('not-applicable');
  });

  it('holds a passing requirement back while its manual part is open or stale', () => {
    expect(requirementStatus('pass', undefined)).toBe('pass');
    expect(requirementStatus('pass', 'not-attested')).toBe('manual');
    expect(requirementStatus('pass', 'stale')).toBe('attestation-stale');
    expect(requirementStatus('pass', 'attested')).toBe('pass');
    expect(requirementStatus(undefined, 'stale')).toBe('attestation-stale');
    expect(requirementStatus(undefined, 'attested')).toBe('pass');
    expect(requirementStatus(undefined, undefined)).toBe('manual');
    // What the rules say against it is never hidden by an attestation.
    expect(requirementStatus('fail', 'attested')).toBe('fail');
    expect(requirementStatus('excepted', 'attested')).toBe('excepted');
    expect(requirementStatus('not-evaluated', 'attested')).toBe('not-evaluated');
    expect(requirementStatus('not-applicable', 'not-attested')).toBe('manual');
  });

  const frameworks: Framework[] = [
    {
      id: 'hipaa',
      name: 'HIPAA',
      version: 'v',
      description: ' d ',
      file: 'f',
      requirements: [
        { citation: 'a', title: 'A', section: 'S', description: 'x', rules: ['r1', 'r2'] },
        { citation: 'b', title: 'B', section: 'S', description: 'x', rules: ['r3'] },
        { citation: 'c', title: 'C', section: 'T', description: 'x', manual: { evidence: 'the BAA' } },
        { citation: 'd', title: 'D', section: 'T', description: 'x', rules: ['r2'], manual: { evidence: 'a policy' } },
        { citation: 'e', title: 'E', section: 'T', description: 'x', rules: ['r4'] },
        { citation: 'f', title: 'F', section: 'T', description: 'x', rules: ['r5'] },
      ],
    },
    { id: 'gdpr', name: 'GDPR', version: 'v', description: 'd', file: 'f', requirements: [{ citation: 'g', title: 'G', section: 'S', description: 'x', rules: ['r1'] }] },
  ];
  const kinds = new Map([
    ['r1', 'aws.s3.bucket'],
    ['r2', 'aws.s3.bucket'],
    ['r3', 'aws.rds.db_instance'],
    ['r4', 'aws.kms.key'],
    ['r5', 'aws.elasticache.replication_group'],
  ]);

  it('lists every requirement of the frameworks in scope, in order, and never counts non-gating results', () => {
    const results: RollupResult[] = [
      { status: 'pass', rule: { id: 'r1' } },
      { status: 'fail', rule: { id: 'r1' } },
      { status: 'unknown', rule: { id: 'r2' } },
      { status: 'suppressed', rule: { id: 'r4' } },
      { status: 'pass', rule: { id: 'r4' } },
      // A module folder on its own defaults: shown, counted apart, never changes a status.
      { status: 'fail', rule: { id: 'r4' }, informational: 'module defaults' },
    ];
    const [hipaa, ...rest] = rollUpFrameworks(frameworks, results, ['hipaa'], kinds, { services: new Set(['s3', 'kms', 'elasticache']) });
    expect(rest).toEqual([]);
    expect(hipaa!.description).toBe('d');
    expect(hipaa!.requirements.map((q) => [q.citation, q.status, q.automated])).toEqual([
      ['a', 'fail', 'fail'],
      ['b', 'not-applicable', 'not-applicable'],
      ['c', 'manual', undefined],
      ['d', 'unknown', 'unknown'],
      ['e', 'excepted', 'excepted'],
      ['f', 'not-evaluated', 'not-evaluated'],
    ]);
    expect(hipaa!.requirements[0]!.counts).toEqual(counts(1, 1, 1, 0));
    expect(hipaa!.requirements[4]!.counts).toEqual(counts(1, 0, 0, 1));
    expect(hipaa!.requirements[4]!.informational).toBe(1);
    expect(hipaa!.requirements[2]!.manual).toEqual({ evidence: 'the BAA', attested: false, state: 'not-attested' });
    expect(rollUpFrameworks(frameworks, results, []).map((f) => f.id)).toEqual(['hipaa', 'gdpr']);
  });

  it('says not evaluated, never not applicable, when what the inventory held is not known', () => {
    const [hipaa] = rollUpFrameworks(frameworks, [], ['hipaa'], kinds);
    expect(hipaa!.requirements.find((q) => q.citation === 'b')!.status).toBe('not-evaluated');
  });
});
