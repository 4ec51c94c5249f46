import { describe, expect, it } from 'vitest';
import { awsProgressPrinter, heartbeatInterval, HEARTBEAT_MS, MAX_REGION_BARS } from '../../src/cli/commands/aws-progress.js';
import type { AwsProgress } from '../../src/sources/aws/index.js';

/** The CLI's drawing of a live scan's progress events: bars on a terminal's standard error only. */

const account = '111122223333';
const identity = { account, arn: 'arn:aws:iam::111122223333:user/auditor', userId: 'AIDA', partition: 'aws' };
const task = (type: 'task-start' | 'task', region: string, service: string, collector = service): AwsProgress => ({ type, account, region, service, collector });
// cli-progress redraws on a timer (10 per second by default).
const redraw = () => new Promise((resolve) => setTimeout(resolve, 150));

function printer(terminals: { stdout: boolean; stderr: boolean }, heartbeatMs?: number) {
  let err = '';
  const io = { stdout: () => undefined, stderr: (text: string) => void (err += text), isTty: terminals.stdout, stderrIsTty: terminals.stderr, env: {}, cwd: '/' };
  return { progress: awsProgressPrinter(io, heartbeatMs), drawn: () => err };
}
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function drive(progress: ReturnType<typeof awsProgressPrinter>): Promise<void> {
  progress.onProgress({ type: 'identity', identity });
  progress.onProgress({ type: 'account', account, tasks: 3, regions: ['eu-west-1'], tasksByRegion: { global: 1, 'eu-west-1': 2 } });
  progress.onProgress(task('task-start', 'eu-west-1', 'ec2', 'ec2 security groups'));
  progress.onProgress(task('task-start', 'eu-west-1', 's3', 's3 buckets'));
  progress.onProgress(task('task-start', 'global', 'iam'));
  await redraw();
  progress.onProgress(task('task', 'eu-west-1', 'ec2', 'ec2 security groups'));
  progress.onProgress(task('task', 'eu-west-1', 's3', 's3 buckets'));
  progress.onProgress(task('task', 'global', 'iam'));
  progress.onProgress({ type: 'account-done', account, status: 'scanned' });
  progress.stop();
}

describe('the AWS progress display', () => {
  it('prints only the identity line when standard error is not a terminal, even if standard output is', async () => {
    const { progress, drawn } = printer({ stdout: true, stderr: false });
    await drive(progress);
    expect(drawn()).toBe('vigil: scanning AWS as arn:aws:iam::111122223333:user/auditor (account 111122223333)\n');
  });

  it('draws a bar per account and, while they are read, per region naming the services in flight', async () => {
    const { progress, drawn } = printer({ stdout: false, stderr: true });
    await drive(progress);
    const text = drawn();
    expect(text).toMatch(/111122223333\s+\[[^\]]*\] 0\/3 1 region\(s\)/);
    expect(text).toMatch(/ {2}eu-west-1\s+\[[^\]]*\] 0\/2 ec2 s3/);
    expect(text).toMatch(/ {2}global\s+\[[^\]]*\] 0\/1 iam/);
    expect(text).toContain('3/3 done');
  });

  it(`shows at most ${MAX_REGION_BARS} region bars at once, and a finished region's bar frees its line`, async () => {
    const { progress, drawn } = printer({ stdout: false, stderr: true });
    const regions = Array.from({ length: MAX_REGION_BARS + 3 }, (_, i) => `eu-test-${i + 1}`);
    progress.onProgress({ type: 'account', account, tasks: regions.length, regions, tasksByRegion: Object.fromEntries(regions.map((r) => [r, 1])) });
    for (const region of regions) progress.onProgress(task('task-start', region, 'kms'));
    await redraw();
    const first = drawn();
    expect(regions.filter((r) => first.includes(`  ${r} `))).toHaveLength(MAX_REGION_BARS);
    progress.onProgress(task('task', regions[0]!, 'kms'));
    const last = regions.at(-1)!;
    progress.onProgress(task('task', last, 'kms'));
    progress.onProgress(task('task-start', regions.at(-2)!, 'logs'));
    await redraw();
    expect(drawn().slice(first.length)).toContain(`  ${regions.at(-2)} `);
    progress.stop();
  });

  it('says so when an account fails', async () => {
    const { progress, drawn } = printer({ stdout: false, stderr: true });
    progress.onProgress({ type: 'account', account, tasks: 2, regions: ['eu-west-1'], tasksByRegion: { 'eu-west-1': 2 } });
    progress.onProgress(task('task-start', 'eu-west-1', 'ec2'));
    progress.onProgress(task('task', 'eu-west-1', 'ec2'));
    progress.onProgress({ type: 'account-done', account, status: 'failed' });
    progress.stop();
    expect(drawn()).toMatch(/1\/2 failed/);
  });

  it('on a non-terminal, beats while it waits: what it waits on, at most once per interval, and stops when told', async () => {
    const { progress, drawn } = printer({ stdout: false, stderr: false }, 200);
    progress.onProgress({ type: 'step', doing: 'STS GetCallerIdentity' });
    await wait(500);
    const beats = drawn().split('\n').filter(Boolean);
    expect(beats.length).toBeGreaterThanOrEqual(1);
    expect(beats.length).toBeLessThanOrEqual(3);
    expect(beats[0]).toMatch(/^vigil: still scanning AWS \(0s\); waiting on STS GetCallerIdentity$/);

    progress.onProgress({ type: 'identity', identity });
    progress.onProgress({ type: 'step', account, doing: 'EC2 DescribeRegions' });
    progress.onProgress({ type: 'account', account, tasks: 3, regions: ['eu-west-1'], tasksByRegion: { global: 1, 'eu-west-1': 2 } });
    progress.onProgress(task('task-start', 'eu-west-1', 'ec2', 'ec2 security groups'));
    progress.onProgress(task('task-start', 'eu-west-1', 'ec2', 'ec2 instances'));
    progress.onProgress(task('task-start', 'global', 'iam'));
    progress.onProgress(task('task', 'global', 'iam'));
    const before = drawn().length;
    await wait(300);
    expect(drawn().slice(before)).toMatch(/^vigil: still scanning AWS \(0s, 1 of 3 tasks done\); waiting on 111122223333\/eu-west-1: ec2×2\n/);

    // Nothing waited on, nothing said.
    progress.onProgress(task('task', 'eu-west-1', 'ec2', 'ec2 security groups'));
    progress.onProgress(task('task', 'eu-west-1', 'ec2', 'ec2 instances'));
    const idle = drawn().length;
    await wait(300);
    expect(drawn().length).toBe(idle);
    progress.onProgress(task('task-start', 'eu-west-1', 'ec2', 'ec2 again'));
    progress.stop();
    const stopped = drawn().length;
    await wait(300);
    expect(drawn().length).toBe(stopped);
  });

  it('beats every 30 s unless a test asks for a shorter interval', () => {
    expect(HEARTBEAT_MS).toBe(30_000);
    expect(heartbeatInterval({})).toBe(30_000);
    expect(heartbeatInterval({ VIGIL_HEARTBEAT_MS: '500' })).toBe(500);
    for (const odd of ['0', '50', '1e3', '-5', 'soon']) expect(heartbeatInterval({ VIGIL_HEARTBEAT_MS: odd })).toBe(30_000);
  });
});
