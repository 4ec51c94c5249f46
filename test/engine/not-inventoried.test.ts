import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue, type Catalogue } from '../../src/engine/catalogue.js';
import { evaluateNotInventoried, type Result } from '../../src/engine/evaluate.js';
import type { NotInventoried } from '../../src/model/inventory.js';
import { rollUpFrameworks } from '../../src/engine/rollup.js';

/** The engine's side of a failed listing: one unknown per rule over the kinds of the scope. */

const root = join(import.meta.dirname, '..', '..');
let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await loadCatalogue([join(root, 'rules')]);
});

const gap: NotInventoried = {
  source: 'aws',
  account: '111122223333',
  region: 'global',
  kinds: ['aws.s3.bucket'],
  what: 'S3 buckets',
  reason: 'access denied to s3:ListAllMyBuckets (AccessDenied)',
  calls: [{ service: 's3', operation: 'ListBuckets', at: '2026-11-22T03:00:00.000Z' }],
};

describe('evaluateNotInventoried', () => {
  it('gives every live rule over the kind one unknown for the scope, naming the call, and nothing else', () => {
    const results: Result[] = [];
    evaluateNotInventoried(catalogue.rules, [gap], {}, (r) => results.push(r));
    const expected = catalogue.rules.filter((r) => r.kind === 'aws.s3.bucket' && r.sources.includes('aws') && !r.deprecated).map((r) => r.id).sort();
    expect(expected.length).toBeGreaterThan(3);
    expect(results.map((r) => r.rule.id).sort()).toEqual(expected);
    for (const r of results) {
      expect(r.status).toBe('unknown');
      expect(r.message).toBe('S3 buckets in 111122223333: access denied to s3:ListAllMyBuckets (AccessDenied)');
      expect(r.resource.provenance).toMatchObject({ source: 'aws', account: '111122223333', region: 'global', notInventoried: true, calls: gap.calls });
    }
  });

  it('gives a gap over part of a kind its own scope, so it never shares an ID with a gap over the whole kind', () => {
    const ids = new Set<string>();
    const whole: NotInventoried = { ...gap, region: 'eu-west-1', kinds: ['aws.ec2.instance'], what: 'EC2 instances' };
    const part: NotInventoried = { ...whole, what: 'launch configurations', partial: { 'aws.ec2.instance': { attribute: 'launched_by', value: 'launch_configuration' } } };
    evaluateNotInventoried(catalogue.rules, [whole, part], {}, (r) => ids.add(r.resource.id));
    expect([...ids].sort()).toEqual([
      'not-inventoried:111122223333/eu-west-1/aws.ec2.instance',
      'not-inventoried:111122223333/eu-west-1/aws.ec2.instance/launched_by=launch_configuration',
    ]);
  });

  it('names a region, and every region for an account that could not be entered', () => {
    const names: string[] = [];
    evaluateNotInventoried(catalogue.rules, [{ ...gap, region: 'eu-west-1', kinds: ['aws.ec2.security_group'], what: 'security groups' }, { ...gap, region: '*', what: 'AWS resources' }], {}, (r) => names.push(r.resource.name));
    expect([...new Set(names)]).toEqual(['security groups in 111122223333 eu-west-1', 'AWS resources in 111122223333, every region']);
  });

  it('rolls a requirement that only had passes up unknown once a listing it depends on failed', () => {
    const hipaa = catalogue.frameworks.find((f) => f.id === 'hipaa')!;
    const requirement = hipaa.requirements.find((q) => q.citation === '164.316(b)(1)')!;
    const passes = (requirement.rules ?? []).map((id) => ({ status: 'pass' as const, rule: { id } }));
    const results: Result[] = [];
    evaluateNotInventoried(catalogue.rules, [gap], {}, (r) => results.push(r));
    const status = (list: Array<{ status: Result['status']; rule: { id: string } }>) =>
      rollUpFrameworks([hipaa], list, ['hipaa'])[0]!.requirements.find((q) => q.citation === '164.316(b)(1)')!.automated;
    expect(status(passes)).toBe('pass');
    expect(status([...passes, ...results])).toBe('unknown');
    expect(status(results)).toBe('unknown');
  });
});
