import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DescribeRegionsCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { scanAws, type AwsProgress } from '../../../src/sources/aws/index.js';
import { allCollectors } from '../../../src/sources/aws/collectors/index.js';
import { awsError, fastReport, mockAws, testDeps, testOptions } from './mocks.js';

/**
 * The progress events a live scan emits for the CLI to draw: per account, per region (`global`
 * for account-wide collectors) and per service, each task started once and ended once.
 */

let aws: ReturnType<typeof mockAws>;
beforeEach(() => {
  aws = mockAws();
});
afterEach(() => aws.restore());

async function scanWithEvents(regions: string[]) {
  const events: AwsProgress[] = [];
  const result = await scanAws(testOptions({ regions, onProgress: (e) => events.push(e) }), testDeps());
  return { events, result };
}

type TaskEvent = Extract<AwsProgress, { type: 'task' | 'task-start' }>;
const key = (e: TaskEvent) => `${e.account} ${e.region} ${e.service} ${e.collector}`;

describe('the progress events of a live scan', () => {
  it('names the calls it waits on and the identity, then the account with its tasks per region, then each task started and ended once, then the account done', async () => {
    const { events } = await scanWithEvents(['eu-west-1', 'us-east-1']);
    const collectors = allCollectors(fastReport);
    const globals = collectors.filter((c) => c.scope === 'global').length;
    const regionals = collectors.filter((c) => c.scope === 'regional').length;

    // The calls waited on before any task, then the identity, then the account's plan.
    expect(events.slice(0, 3)).toEqual([
      { type: 'step', doing: 'STS GetCallerIdentity' },
      expect.objectContaining({ type: 'identity', identity: expect.objectContaining({ account: '111122223333' }) }),
      { type: 'step', account: '111122223333', doing: 'EC2 DescribeRegions' },
    ]);
    expect(events[3]).toEqual({
      type: 'account', account: '111122223333', regions: ['eu-west-1', 'us-east-1'],
      tasks: globals + 2 * regionals, tasksByRegion: { global: globals, 'eu-west-1': regionals, 'us-east-1': regionals },
    });
    expect(events.at(-1)).toEqual({ type: 'account-done', account: '111122223333', status: 'scanned' });

    const tasks = events.filter((e): e is TaskEvent => e.type === 'task' || e.type === 'task-start');
    const started = tasks.filter((e) => e.type === 'task-start').map(key);
    const ended = tasks.filter((e) => e.type === 'task').map(key);
    expect(new Set(started).size).toBe(started.length);
    expect([...ended].sort()).toEqual([...started].sort());
    for (const k of ended) expect(tasks.findIndex((e) => e.type === 'task-start' && key(e) === k)).toBeLessThan(tasks.findIndex((e) => e.type === 'task' && key(e) === k));
    const perRegion = (region: string) => tasks.filter((e) => e.type === 'task' && e.region === region).length;
    expect([perRegion('global'), perRegion('eu-west-1'), perRegion('us-east-1')]).toEqual([globals, regionals, regionals]);
    // Services, not just collectors: what a terminal shows a region waiting on.
    expect(new Set(tasks.map((e) => e.service))).toEqual(new Set(collectors.map((c) => c.service)));
    expect(tasks.filter((e) => e.type === 'task' && e.region === 'global').map((e) => e.service).sort()).toEqual(collectors.filter((c) => c.scope === 'global').map((c) => c.service).sort());
  });

  it('ends every task of a region that turns out to be disabled, so no bar is left hanging', async () => {
    aws.ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }, { RegionName: 'me-south-1', OptInStatus: 'opted-in' }] });
    aws.ec2.on(DescribeSecurityGroupsCommand).callsFake(async (_input, getClient) => {
      const region = await (getClient() as { config: { region: () => Promise<string> } }).config.region();
      if (region === 'me-south-1') throw awsError('UnrecognizedClientException');
      return { SecurityGroups: [] };
    });
    const { events } = await scanWithEvents(['eu-west-1', 'me-south-1']);
    const account = events.find((e) => e.type === 'account') as Extract<AwsProgress, { type: 'account' }>;
    expect(events.filter((e) => e.type === 'task')).toHaveLength(account.tasks);
    expect(events.at(-1)).toEqual({ type: 'account-done', account: '111122223333', status: 'scanned' });
  });

  it('reports an account whose credentials die mid-scan as incomplete, keeping what it read', async () => {
    aws.kms.on(ListKeysCommand).rejects(awsError('ExpiredToken', 'The security token included in the request is expired', 403));
    const { events, result } = await scanWithEvents(['eu-west-1']);
    expect(result.meta.accounts[0]!.status).toBe('incomplete');
    const account = events.find((e) => e.type === 'account') as Extract<AwsProgress, { type: 'account' }>;
    expect(events.filter((e) => e.type === 'task')).toHaveLength(account.tasks);
    expect(events.at(-1)).toEqual({ type: 'account-done', account: '111122223333', status: 'incomplete' });
    // The collectors that did not run or finish are named, and their kinds are unknown, not absent.
    const told = result.problems.filter((p) => p.file === 'aws:111122223333' && p.severity === 'error');
    expect(told).toHaveLength(1);
    expect(told[0]!.message).toMatch(/^account 111122223333 is incomplete: credentials stopped working during the scan \(kms:ListKeys in eu-west-1: ExpiredToken.*\); these collectors did not run or finish, so what they read is unknown: .*kms keys \(eu-west-1\)/);
    expect(told[0]!.message).not.toMatch(/not scanned/);
    expect(result.notInventoried).toContainEqual(expect.objectContaining({ account: '111122223333', region: 'eu-west-1', kinds: ['aws.kms.key'], what: 'kms keys' }));
    expect(result.resources.length).toBeGreaterThan(0);
    expect(result.meta.accounts[0]!.regions).toEqual(['eu-west-1']);
  });
});
