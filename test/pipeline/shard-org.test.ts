import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue, type Catalogue } from '../../src/engine/catalogue.js';
import { runScan, type ScanRequest } from '../../src/pipeline/scan.js';
import { mergeShards, writeMergedJson, type MergeInput } from '../../src/pipeline/merge.js';
import { renderJson } from '../../src/report/json.js';
import type { ReportDocument } from '../../src/report/document.js';
import type { ClientFactory } from '../../src/sources/aws/session.js';
import { expectValidReport } from '../report/validate.js';

/**
 * A simulated organisation of 50 accounts (the fake AWS API of the live benchmark, answering at
 * once): scanned whole, and as N shards of accounts merged back, the reports are the same.
 */

const ACCOUNTS = 50;
let catalogue: Catalogue;

beforeAll(async () => {
  catalogue = await loadCatalogue([join(__dirname, '../../rules')]);
});

function request(shard?: { index: number; count: number }): ScanRequest {
  return {
    catalogue,
    frameworks: [],
    cwd: process.cwd(),
    failOn: 'low',
    toolVersion: '0.1.0',
    today: '2026-12-05',
    ...(shard ? { shard: { ...shard, runId: `org-${shard.count}` } } : {}),
    aws: {
      live: {
        regions: ['us-east-1', 'eu-west-1'],
        roleArn: 'arn:aws:iam::{account}:role/VigilAudit',
        organization: true,
        maxRps: 100_000,
        concurrency: 16,
        accountConcurrency: 25,
        regionTimeoutMs: 120_000,
        keepRaw: false,
        env: { AWS_REGION: 'us-east-1' },
      },
      deps: {
        clients: smallOrganisation,
        credentials: async () => ({ accessKeyId: 'AKIABENCHCALLER', secretAccessKey: 'x' }),
        reportTiming: { firstDelayMs: 0, maxDelayMs: 0, deadlineMs: 5000, sleep: async () => undefined },
        now: () => new Date('2026-12-05T08:00:00Z'),
      },
    },
  };
}

/**
 * A small estate in every account, answered at once: a few security groups, volumes, buckets and
 * the IAM account settings; every other listing answers empty.
 */
const smallOrganisation: ClientFactory = (_service, region, credentials) => ({
  async send(command: object) {
    const creds = await credentials();
    const account = /^AKID\d{12}$/.test(creds.accessKeyId) ? creds.accessKeyId.slice(4) : '100000000000';
    const input = ((command as { input?: Record<string, unknown> }).input ?? {}) as Record<string, unknown>;
    const n = Number(account.slice(-2));
    switch (command.constructor.name.replace(/Command$/, '')) {
      case 'GetCallerIdentity': return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/VigilAudit/vigil`, UserId: 'AROA' };
      case 'AssumeRole': return { Credentials: { AccessKeyId: `AKID${String(input.RoleArn).split(':')[4]}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } };
      case 'ListAccounts': return { Accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({ Id: String(200000000000 + i), Status: 'ACTIVE' })) };
      case 'DescribeRegions': return { Regions: ['us-east-1', 'eu-west-1'].map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })) };
      case 'DescribeSecurityGroups': return { SecurityGroups: [0, 1, 2].map((i) => ({ GroupId: `sg-${i}`, GroupName: `g${i}`, VpcId: 'vpc-1', OwnerId: account, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: i === n % 3 ? '0.0.0.0/0' : '10.0.0.0/8' }] }] })) };
      case 'DescribeVolumes': return { Volumes: [0, 1].map((i) => ({ VolumeId: `vol-${i}`, Encrypted: (i + n) % 2 === 0, Size: 20 })) };
      case 'ListBuckets': return region === 'us-east-1' ? { Buckets: [0, 1].map((i) => ({ Name: `b-${account}-${i}` })) } : { Buckets: [] };
      case 'GetBucketLocation': return {};
      case 'GetBucketEncryption': return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: n % 4 === 0 ? 'AES256' : 'aws:kms' } }] } };
      case 'GenerateCredentialReport': return { State: 'COMPLETE' };
      case 'GetCredentialReport': return { Content: new TextEncoder().encode('user,arn,password_enabled,mfa_active\n<root_account>,arn,not_supported,true') };
      case 'GetAccountPasswordPolicy': return { PasswordPolicy: { MinimumPasswordLength: n % 2 === 0 ? 14 : 8 } };
      default: return {};
    }
  },
});

const textInput = (text: string, name: string): MergeInput => ({ name, open: async function* () { yield text; } });

/** Without when it ran (the scan's times, each API answer's `at`) and the shards' own record. */
function comparable(document: ReportDocument): Record<string, unknown> {
  const { startedAt: _s, finishedAt: _f, provenance: _p, shard: _sh, merged: _m, ...scan } = document.scan;
  const errors = [...document.errors].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return JSON.parse(JSON.stringify({ ...document, scan, errors }, (key, value: unknown) => (key === 'at' ? undefined : value))) as Record<string, unknown>;
}

/** Deep equality, with the first difference named (a diff of thousands of results would take minutes). */
function expectSame(got: Record<string, unknown>, want: Record<string, unknown>): void {
  for (const key of Object.keys(want)) {
    const [a, b] = [got[key], want[key]];
    if (Array.isArray(a) && Array.isArray(b)) {
      expect(a.length, key).toBe(b.length);
      const i = a.findIndex((item, n) => JSON.stringify(item) !== JSON.stringify(b[n]));
      if (i >= 0) expect(JSON.stringify(a[i]), `${key}[${i}]`).toBe(JSON.stringify(b[i]));
    } else expect(a, key).toEqual(b);
  }
  expect(Object.keys(got)).toEqual(Object.keys(want));
}

describe(`a ${ACCOUNTS}-account organisation`, () => {
  let single: ReportDocument;
  beforeAll(async () => {
    single = JSON.parse(renderJson(await runScan(request()))) as ReportDocument;
    expect(single.scan.accounts).toHaveLength(ACCOUNTS);
    expect(single.results.length).toBeGreaterThan(ACCOUNTS * 20);
  }, 300_000);

  for (const count of [1, 3, 7]) {
    it(`as ${count} shard(s) by account merges into the single-process report`, async () => {
      const texts: string[] = [];
      const covered: string[] = [];
      for (let index = 1; index <= count; index++) {
        const document = await runScan(request({ index, count }));
        covered.push(...(document.scan.shard!.covered.accounts ?? []));
        // Balanced by count: no shard has more than one account more than another.
        expect(Math.abs((document.scan.shard!.covered.accounts ?? []).length - ACCOUNTS / count)).toBeLessThan(1);
        expect(document.scan.accounts).toEqual([...(document.scan.shard!.covered.accounts ?? [])].sort());
        texts.push(renderJson(document));
      }
      expect(covered.sort()).toEqual(single.scan.accounts);
      const merged = await mergeShards(texts.map((t, i) => textInput(t, `shard-${i + 1}.json`)).reverse(), { catalogue });
      let out = '';
      try {
        await writeMergedJson(merged, (text) => (out += text));
      } finally {
        merged.close();
      }
      const document = JSON.parse(out) as ReportDocument;
      expectValidReport(document);
      expectSame(comparable(document), comparable(single));
    }, 300_000);
  }

  it('more shards than accounts: the ones with none write an empty, valid report', async () => {
    const document = await runScan({ ...request({ index: 1, count: ACCOUNTS + 1 }) });
    const other = await runScan({ ...request({ index: ACCOUNTS + 1, count: ACCOUNTS + 1 }) });
    const empty = [document, other].find((d) => (d.scan.shard!.covered.accounts ?? []).length === 0)!;
    expect(empty.results).toEqual([]);
    expect(empty.scan.accounts).toEqual([]);
    expectValidReport(JSON.parse(renderJson(empty)));
  }, 120_000);
});
