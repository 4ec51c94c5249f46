import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vigilAsync } from '../helpers/cli.js';
import { useProxiedMoto } from '../helpers/proxied-moto.js';
import type { ReportDocument } from '../../src/report/document.js';
import { seedAccount } from '../sources/aws/seed.js';
import { expectValidReport } from '../report/validate.js';

/**
 * The tool's own blind spots, through the real CLI against moto behind the fault proxy: Athena
 * workgroups (a service Vigil has no collector for) exist in the account; the live scan must say
 * it did not read them, with counts, in every format; and when the listings that would find them
 * are denied, it must say that instead of reporting nothing. moto does not implement AWS Config's
 * GetDiscoveredResourceCounts, so the Resource Groups Tagging API is what lists them here.
 */

/** Athena speaks JSON 1.1; moto needs no signature, so the workgroups are made with a plain request. */
async function createWorkgroup(endpoint: string, name: string): Promise<void> {
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AmazonAthena.CreateWorkGroup',
      Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-1/athena/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify({ Name: name, Configuration: {}, Tags: [{ Key: 'team', Value: 'analytics' }] }),
  });
  if (response.status !== 200) throw new Error(`CreateWorkGroup: HTTP ${response.status} ${await response.text()}`);
}

const lab = useProxiedMoto('aws-blind-spots', async (moto) => {
  await seedAccount(moto);
  await createWorkgroup(moto.endpoint, 'claims-analytics');
  await createWorkgroup(moto.endpoint, 'phi-exports');
});

const scan = (args: string[]) => vigilAsync(['scan', '--aws', '--regions', 'eu-west-1', '--fail-on', 'none', ...args], { env: lab.env, timeoutMs: 120_000 });

describe('the live scan names what it did not read', () => {
  it('lists the Athena workgroups as not collected, with counts, in JSON, console, Markdown and HTML', async () => {
    const out = join(lab.scratch, 'listed');
    const run = await scan(['--format', 'json,markdown,html', '-o', out]);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'vigil.json'), 'utf8')) as ReportDocument;
    expectValidReport(report);
    const spots = report.coverage!.filter((e) => e.collected === false);
    expect(spots).toContainEqual({ source: 'aws', type: 'athena:workgroup', service: 'athena', count: 2, judged: 0, rules: [], collected: false, listedBy: 'resource-groups-tagging' });
    // What a collector reads is never a blind spot, tagged or not: the seeded buckets and instances are judged.
    expect(spots.some((e) => ['s3', 'ec2', 'rds', 'kms', 'iam'].includes(e.service))).toBe(false);
    expect(report.coverage!.find((e) => e.type === 'AWS::S3::Bucket')).toMatchObject({ source: 'aws', service: 's3' });
    expect(report.coverage!.find((e) => e.type === 'AWS::S3::Bucket')!.judged).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'vigil.md'), 'utf8')).toContain('**Blind spots of the tool:** not read \\(no collector\\): 2 resources of 1 type in athena: athena:workgroup ×2');
    const html = readFileSync(join(out, 'vigil.html'), 'utf8');
    expect(html).toContain('<strong>Blind spots of the tool</strong>: not read (no collector): 2 resources of 1 type in athena: athena:workgroup ×2.');
    expect(html).toContain('not read: no collector (listed by resource-groups-tagging)');
    const console = await scan([]);
    expect(console.stdout).toContain('Blind spots: not read (no collector): 2 resources of 1 type in athena: athena:workgroup ×2');
    expect(console.stdout).toMatch(/Coverage: \d+ resources judged/);
  }, 240_000);

  it('says so when the listings are denied, rather than reporting no blind spot', async () => {
    lab.proxy.setRules([{ action: (a) => a === 'GetResources' || a === 'GetDiscoveredResourceCounts', fault: { kind: 'deny' } }]);
    const run = await scan(['--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ReportDocument;
    expect(report.coverage!.filter((e) => e.collected === false)).toEqual([]);
    expect(report.errors).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        file: 'aws:123456789012/eu-west-1',
        message: expect.stringMatching(/the resources no collector reads could not be listed, so the tool's blind spots here are not known: AWS Config: access denied to config:GetDiscoveredResourceCounts .*; Resource Groups Tagging API: access denied to tag:GetResources/),
      }),
    );
  }, 240_000);
});
