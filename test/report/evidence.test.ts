import { describe, expect, it } from 'vitest';
import { observedValues, tagsOf } from '../../src/report/evidence.js';
import { renderSarif } from '../../src/report/sarif.js';
import { syntheticReport } from '../../src/bench/reports.js';
import type { Resource } from '../../src/model/resource.js';
import { unknown, type ValueObject } from '../../src/model/value.js';

const bucket = (attributes: ValueObject): Resource => ({
  kind: 'aws.s3.bucket',
  id: 'arn:aws:s3:::b',
  name: 'b',
  attributes,
  provenance: { source: 'aws', account: '111122223333', region: 'eu-west-1', arn: 'arn:aws:s3:::b', calls: [] },
});

describe('observedValues', () => {
  it('reads nested attributes and list items by index, skips labelled items, and names the API field where the model does', () => {
    const db: Resource = { ...bucket({ storage_encrypted: false }), kind: 'aws.rds.db_instance' };
    expect(observedValues(db, ['storage_encrypted', 'storage_encrypted'])).toEqual([{ attribute: 'storage_encrypted', field: 'StorageEncrypted', value: 'false' }]);
    const b = bucket({ encryption: { sse_algorithm: 'AES256' }, rules: [{ x: 1 }, { x: 2 }] });
    expect(observedValues(b, ['encryption.sse_algorithm', 'rules[1]', 'rules[tcp 22 from 0.0.0.0/0]', 'missing.deeper'])).toEqual([
      { attribute: 'encryption.sse_algorithm', value: '"AES256"' },
      { attribute: 'rules[1]', value: '{"x":2}' },
    ]);
  });

  it('keeps at most 8 values of at most 160 characters, and says why a value is unknown', () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`a${i}`, 'x'.repeat(500)]));
    const out = observedValues(bucket(many), Object.keys(many));
    expect(out).toHaveLength(8);
    for (const o of out) expect(o.value.length).toBe(160);
    expect(observedValues(bucket({ versioning: unknown('access denied to s3:GetBucketVersioning') }), ['versioning'])[0]!.value).toBe('unknown (access denied to s3:GetBucketVersioning)');
    expect(observedValues(bucket({ versioning: unknown(`denied ${'x'.repeat(400)}`) }), ['versioning'])[0]!.value).toHaveLength(160);
  });
});

describe('tagsOf', () => {
  it('gives tags as text in key order, at most 30, values cut to 120 characters', () => {
    expect(tagsOf(bucket({}))).toBeUndefined();
    expect(tagsOf(bucket({ tags: {} }))).toBeUndefined();
    expect(tagsOf(bucket({ tags: { b: '2', a: '<script>', c: unknown('not known before apply') } }))).toEqual({ a: '<script>', b: '2', c: 'unknown (not known before apply)' });
    const tags = tagsOf(bucket({ tags: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v'.repeat(300)])) }))!;
    expect(Object.keys(tags)).toHaveLength(30);
    expect(tags.k00!.length).toBe(120);
  });
});

describe('SARIF properties of an AWS result', () => {
  it('carry the resource tags, the values read and the timed calls', () => {
    const document = syntheticReport(40);
    const failing = document.results.find((r) => r.status === 'fail' && r.resource.source === 'aws')!;
    failing.resource.tags = { owner: 'records-team' };
    // Joined to its Terraform block (the drift join), so SARIF can place it; live results at no file are left out.
    failing.location = { file: 'infra/storage/main.tf', startLine: 12, endLine: 30 };
    failing.observed = [{ attribute: 'encryption.sse_algorithm', value: '"AES256"' }];
    const log = JSON.parse(renderSarif(document)) as { runs: Array<{ results: Array<{ properties: Record<string, unknown> }> }> };
    const props = log.runs[0]!.results.map((r) => r.properties).find((p) => p.resourceTags)!;
    expect(props).toMatchObject({ resourceTags: { owner: 'records-team' }, observed: failing.observed, apiCalls: failing.evidence });
  });
});
