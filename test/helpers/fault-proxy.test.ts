import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { EC2Client, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { S3Client, ListBucketsCommand, CreateBucketCommand, GetBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { OrganizationsClient, CreateOrganizationCommand, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { startMoto, type Moto } from '../sources/aws/moto.js';
import { maxInWindow, startFaultProxy, type FaultProxy } from './fault-proxy.js';

/** The proxy's own test: each fault reaches the real SDK in the shape the SDK expects from AWS. */

let moto: Moto;
let proxy: FaultProxy;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy({ upstream: moto.endpoint });
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(() => {
  proxy.setRules([]);
  proxy.requests.length = 0;
});

const config = (region = 'eu-west-1', maxAttempts = 1, requestTimeout = 15_000) => ({
  region,
  endpoint: proxy.endpoint,
  maxAttempts,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  requestHandler: { requestTimeout, connectionTimeout: 5000, throwOnRequestTimeout: true },
});
const errorOf = async (promise: Promise<unknown>): Promise<{ name: string; status?: number }> => {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
};

describe('the fault proxy', () => {
  it('forwards untouched requests to moto and reads service, action, region and attempt from the wire', async () => {
    const identity = await new STSClient(config('us-east-1')).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toMatch(/^\d{12}$/);
    const regions = await new EC2Client(config('eu-west-1')).send(new DescribeRegionsCommand({}));
    expect(regions.Regions?.length).toBeGreaterThan(5);
    const s3 = new S3Client({ ...config('eu-west-1'), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'proxy-test', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await s3.send(new ListBucketsCommand({}));
    const orgs = new OrganizationsClient(config('us-east-1'));
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    await orgs.send(new ListAccountsCommand({}));
    expect(proxy.requests.map(({ service, action, region, attempt, protocol }) => ({ service, action, region, attempt, protocol }))).toEqual([
      { service: 'sts', action: 'GetCallerIdentity', region: 'us-east-1', attempt: 1, protocol: 'query' },
      { service: 'ec2', action: 'DescribeRegions', region: 'eu-west-1', attempt: 1, protocol: 'ec2' },
      { service: 's3', action: 'CreateBucket', region: 'eu-west-1', attempt: 1, protocol: 'rest-xml' },
      { service: 's3', action: 'ListBuckets', region: 'eu-west-1', attempt: 1, protocol: 'rest-xml' },
      { service: 'organizations', action: 'CreateOrganization', region: 'us-east-1', attempt: 1, protocol: 'json' },
      { service: 'organizations', action: 'ListAccounts', region: 'us-east-1', attempt: 1, protocol: 'json' },
    ]);
  });

  it('throttles and denies in each protocol’s own error shape', async () => {
    proxy.setRules([{ fault: { kind: 'throttle' } }]);
    expect(await errorOf(new STSClient(config()).send(new GetCallerIdentityCommand({})))).toEqual({ name: 'Throttling', status: 400 });
    expect(await errorOf(new EC2Client(config()).send(new DescribeRegionsCommand({})))).toEqual({ name: 'RequestLimitExceeded', status: 503 });
    expect(await errorOf(new S3Client({ ...config(), forcePathStyle: true }).send(new ListBucketsCommand({})))).toEqual({ name: 'SlowDown', status: 503 });
    expect(await errorOf(new OrganizationsClient(config('us-east-1')).send(new ListAccountsCommand({})))).toEqual({ name: 'ThrottlingException', status: 400 });
    expect(await errorOf(new GuardDutyClient(config()).send(new ListDetectorsCommand({})))).toMatchObject({ status: 429 });
    proxy.setRules([{ fault: { kind: 'deny' } }]);
    expect(await errorOf(new STSClient(config()).send(new GetCallerIdentityCommand({})))).toEqual({ name: 'AccessDenied', status: 403 });
    expect(await errorOf(new EC2Client(config()).send(new DescribeRegionsCommand({})))).toEqual({ name: 'UnauthorizedOperation', status: 403 });
    expect(await errorOf(new S3Client({ ...config(), forcePathStyle: true }).send(new ListBucketsCommand({})))).toEqual({ name: 'AccessDenied', status: 403 });
    expect(await errorOf(new OrganizationsClient(config('us-east-1')).send(new ListAccountsCommand({})))).toEqual({ name: 'AccessDeniedException', status: 400 });
    expect(await errorOf(new GuardDutyClient(config()).send(new ListDetectorsCommand({})))).toEqual({ name: 'AccessDeniedException', status: 403 });
    expect(proxy.requests.every((r) => r.fault === 'throttle' || r.fault === 'deny')).toBe(true);
  });

  it('matches by service, action, region and attempt, and stops after `times`', async () => {
    proxy.setRules([
      { service: 'ec2', action: 'DescribeRegions', region: 'eu-west-2', attempts: [1, 2], fault: { kind: 'throttle' } },
      { service: 'sts', times: 1, fault: { kind: 'deny' } },
    ]);
    // Two throttled attempts, then the third goes through.
    const regions = await new EC2Client(config('eu-west-2', 3)).send(new DescribeRegionsCommand({}));
    expect(regions.Regions?.length).toBeGreaterThan(5);
    expect(proxy.requests.map((r) => [r.attempt, r.fault])).toEqual([[1, 'throttle'], [2, 'throttle'], [3, undefined]]);
    // Another region is not matched.
    await new EC2Client(config('eu-west-1')).send(new DescribeRegionsCommand({}));
    expect(proxy.requests.at(-1)!.fault).toBeUndefined();
    const sts = new STSClient(config());
    expect((await errorOf(sts.send(new GetCallerIdentityCommand({})))).name).toBe('AccessDenied');
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toMatch(/^\d{12}$/);
  });

  it('hangs until the client gives up, and stop() ends connections that still hang', async () => {
    proxy.setRules([{ action: 'GetCallerIdentity', fault: { kind: 'hang' } }]);
    const started = performance.now();
    const error = await errorOf(new STSClient(config('eu-west-1', 1, 1500)).send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('TimeoutError');
    expect(performance.now() - started).toBeLessThan(10_000);
    // A second proxy with a hanging request open is stopped promptly.
    const other = await startFaultProxy({ upstream: moto.endpoint, rules: [{ fault: { kind: 'hang' } }] });
    const pending = fetch(`${other.endpoint}/`).catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopping = performance.now();
    await other.stop();
    expect(performance.now() - stopping).toBeLessThan(5000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('delays, resets, truncates, empties and answers with HTML', async () => {
    const sts = () => new STSClient(config()).send(new GetCallerIdentityCommand({}));
    proxy.setRules([{ fault: { kind: 'delay', ms: 400 } }]);
    const started = performance.now();
    expect((await sts()).Account).toMatch(/^\d{12}$/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);

    proxy.setRules([{ fault: { kind: 'reset' } }]);
    expect((await errorOf(sts())).name).toMatch(/ECONNRESET|socket hang up|Error/);

    proxy.setRules([{ fault: { kind: 'truncate' } }]);
    await expect(sts()).rejects.toThrow();

    proxy.setRules([{ fault: { kind: 'empty' } }]);
    const empty = await fetch(`${proxy.endpoint}/`, { method: 'POST', body: 'Action=GetCallerIdentity', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([empty.status, await empty.text()]).toEqual([200, '']);

    proxy.setRules([{ fault: { kind: 'html', status: 502 } }]);
    expect((await errorOf(sts())).status).toBe(502);
    proxy.setRules([{ fault: { kind: 'html' } }]);
    const page = await fetch(`${proxy.endpoint}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(proxy.requests.map((r) => r.fault)).toEqual(['delay', 'reset', 'truncate', 'empty', 'html', 'html']);
  });

  it('reads S3 REST actions from the path and counts requests per window', async () => {
    const s3 = new S3Client({ ...config(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'proxy-enc', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    proxy.setRules([{ service: 's3', action: 'GetBucketEncryption', fault: { kind: 'deny' } }]);
    expect((await errorOf(s3.send(new GetBucketEncryptionCommand({ Bucket: 'proxy-enc' })))).name).toBe('AccessDenied');
    expect(proxy.requests.at(-1)).toMatchObject({ service: 's3', action: 'GetBucketEncryption', fault: 'deny' });
    expect(maxInWindow([0, 100, 999, 1000, 1500, 1998.5, 1999.5], 1000)).toBe(4);
    expect(maxInWindow([], 1000)).toBe(0);
    expect(proxy.maxPerWindow(60_000)).toBe(proxy.requests.length);
  });
});
