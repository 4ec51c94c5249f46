import { describe, expect, it } from 'vitest';
import { vigilAsync } from '../helpers/cli.js';
import { useProxiedMoto } from '../helpers/proxied-moto.js';
import type { ReportDocument } from '../../src/report/document.js';
import { SEEDED, seedAccount } from '../sources/aws/seed.js';

/**
 * Every wait of a live scan is bounded, and the rate ceiling holds on the wire: the real CLI
 * against moto behind the fault proxy (both on 127.0.0.1). Hangs use a 1 s request timeout, so
 * each hung call ends after the SDK's 5 attempts and their backoff, in about 8 s.
 */

const lab = useProxiedMoto('aws-waits', seedAccount);

const scan = (args: string[], extraEnv: Record<string, string> = {}, timeoutMs = 90_000) =>
  vigilAsync(['scan', '--aws', '--format', 'json', ...args], { env: { ...lab.env, ...extraEnv }, timeoutMs });
const json = (stdout: string): ReportDocument => JSON.parse(stdout) as ReportDocument;
/** What the run told the user: standard error, and the errors listed in the JSON report when there is one. */
const said = (run: { stdout: string; stderr: string }): string =>
  [run.stderr, ...(run.stdout.trim() ? json(run.stdout).errors.map((e) => `${e.file}: ${e.message}`) : [])].join('\n');
const attemptsOf = (action: string) => lab.proxy.requests.filter((r) => r.action === action).map((r) => r.attempt);

describe('a hang in a call the scan cannot do without ends within the request timeout, with exit 2', () => {
  it('GetCallerIdentity', async () => {
    lab.proxy.setRules([{ service: 'sts', action: 'GetCallerIdentity', fault: { kind: 'hang' } }]);
    const run = await scan(['--regions', 'eu-west-1', '--request-timeout', '1']);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/vigil: STS GetCallerIdentity failed: TimeoutError: no answer within the 1 s request timeout/);
    // The SDK retried the timed-out attempts, each aborted after 1 s.
    expect(attemptsOf('GetCallerIdentity')).toEqual([1, 2, 3, 4, 5]);
    expect(run.ms).toBeLessThan(40_000);
  });

  it('AssumeRole', async () => {
    lab.proxy.setRules([{ service: 'sts', action: 'AssumeRole', fault: { kind: 'hang' } }]);
    const run = await scan(['--regions', 'eu-west-1', '--request-timeout', '1', '--role-arn', 'arn:aws:iam::123456789012:role/VigilAudit']);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('vigil: no AWS account was scanned: account 123456789012: sts:AssumeRole into arn:aws:iam::123456789012:role/VigilAudit failed: sts:AssumeRole timed out');
    expect(attemptsOf('AssumeRole')).toEqual([1, 2, 3, 4, 5]);
    expect(run.ms).toBeLessThan(40_000);
  });

  it('DescribeRegions, for --regions all', async () => {
    lab.proxy.setRules([{ service: 'ec2', action: 'DescribeRegions', fault: { kind: 'hang' } }]);
    const run = await scan(['--regions', 'all', '--request-timeout', '1']);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('vigil: no AWS account was scanned: account 123456789012: --regions all needs the list of enabled regions: ec2:DescribeRegions timed out');
    expect(attemptsOf('DescribeRegions')).toEqual([1, 2, 3, 4, 5]);
    expect(run.ms).toBeLessThan(40_000);
  });

  it('ListAccounts, for --organization', async () => {
    lab.proxy.setRules([{ service: 'organizations', action: 'ListAccounts', fault: { kind: 'hang' } }]);
    const run = await scan(['--regions', 'eu-west-1', '--request-timeout', '1', '--organization', '--role-arn', 'arn:aws:iam::{account}:role/VigilAudit']);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--organization needs Organizations ListAccounts .*: organizations:ListAccounts timed out/);
    expect(attemptsOf('ListAccounts')).toEqual([1, 2, 3, 4, 5]);
    expect(run.ms).toBeLessThan(40_000);
  });

  it('an answer that starts and then stalls mid-body', async () => {
    lab.proxy.setRules([{ service: 'sts', action: 'GetCallerIdentity', fault: { kind: 'truncate', then: 'hang' } }]);
    const run = await scan(['--regions', 'eu-west-1', '--request-timeout', '1']);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/STS GetCallerIdentity failed: TimeoutError: the answer did not finish within the 1 s request timeout/);
    expect(run.ms).toBeLessThan(40_000);
  });
});

describe('a region that hangs', () => {
  it('times out on its own; the other region completes and is not reported as cut off', { timeout: 200_000 }, async () => {
    lab.proxy.setRules([{ region: 'us-east-1', fault: { kind: 'hang' } }]);
    // 3 s, not 1: on a loaded machine a 1 s timeout also cuts off answers that are merely slow.
    const run = await scan(['--regions', 'eu-west-1,us-east-1', '--request-timeout', '3', '--concurrency', '16'], {}, 180_000);
    expect(run.killed).toBe(false);
    const report = json(run.stdout);
    expect(run.code).toBe(2);
    // eu-west-1 is complete: its security group, bucket and database are judged.
    const names = new Set(report.results.filter((r) => r.status === 'pass' || r.status === 'fail').map((r) => r.resource.name));
    for (const name of [SEEDED.privateSsh, SEEDED.goodBucket, SEEDED.goodDb]) expect(names).toContain(name);
    expect(said(run)).not.toMatch(/eu-west-1[^\n]*(timed out|did not finish)/);
    // us-east-1's calls timed out, each after the SDK's retries: what they would have listed is an error, not a pass.
    expect(said(run)).toMatch(/aws:123456789012\/us-east-1: security groups could not be listed, so no rule saw them: ec2:DescribeSecurityGroups timed out/);
    expect(names).not.toContain(SEEDED.openSsh);
    expect(lab.proxy.requests.some((r) => r.region === 'us-east-1' && r.attempt === 5)).toBe(true);
    expect(run.ms).toBeLessThan(150_000);
  });
});

describe('--deadline', () => {
  it('cuts off what is unfinished, reports it, and leaves the finished region complete', async () => {
    // With the default 30 s request timeout the hung calls would wait; the 20 s deadline ends them.
    lab.proxy.setRules([{ region: 'us-east-1', fault: { kind: 'hang' } }]);
    const run = await scan(['--regions', 'eu-west-1,us-east-1', '--deadline', '20']);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(60_000);
    expect(said(run)).toContain("aws:123456789012/us-east-1: region us-east-1 did not finish: the scan's deadline of 20 s passed: what it had not read is unknown or missing");
    // eu-west-1 was done long before; the account-wide S3 reads waited on a us-east-1 bucket and are named as such.
    expect(said(run)).not.toMatch(/region eu-west-1 did not finish/);
    expect(said(run)).toContain("aws:123456789012/global: the account-wide collectors (global) did not finish: the scan's deadline of 20 s passed");
    const report = json(run.stdout);
    const names = new Set(report.results.filter((r) => r.status === 'pass' || r.status === 'fail').map((r) => r.resource.name));
    for (const name of [SEEDED.privateSsh, SEEDED.goodBucket, SEEDED.goodDb]) expect(names).toContain(name);
    expect(names).not.toContain(SEEDED.openSsh);
  });

  it('bounds the identity call too', async () => {
    lab.proxy.setRules([{ service: 'sts', action: 'GetCallerIdentity', fault: { kind: 'hang' } }]);
    const run = await scan(['--regions', 'eu-west-1', '--deadline', '3']);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/STS GetCallerIdentity failed: TimeoutError: the scan's deadline of 3 s passed/);
    expect(run.ms).toBeLessThan(20_000);
  });

  it('is a whole number of seconds', async () => {
    for (const value of ['0', '1.5', 'soon']) {
      const run = await scan(['--regions', 'eu-west-1', '--deadline', value]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`vigil: --deadline must be a whole number from 1 to 604800, not "${value}"`);
    }
    const timeout = await scan(['--regions', 'eu-west-1', '--request-timeout', '0']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('vigil: --request-timeout must be a whole number from 1 to 3600, not "0"');
    expect(lab.proxy.requests).toEqual([]);
  });
});

describe('the heartbeat', () => {
  it('says on a non-terminal standard error what the scan waits on, at most once per interval', async () => {
    lab.proxy.setRules([{ region: 'us-east-1', action: /^Describe(SecurityGroups|DBInstances)$/, fault: { kind: 'hang' } }]);
    const run = await scan(['--regions', 'eu-west-1,us-east-1', '--deadline', '5'], { VIGIL_HEARTBEAT_MS: '1000' });
    expect(run.code).toBe(2);
    const beats = run.stderr.split('\n').filter((line) => line.startsWith('vigil: still scanning AWS ('));
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats.length).toBeLessThanOrEqual(Math.ceil(run.ms / 1000));
    for (const beat of beats) expect(beat).toMatch(/^vigil: still scanning AWS \(\d+s(, \d+ of \d+ tasks done)?\); waiting on \S.*$/);
    expect(beats.some((beat) => /123456789012\/us-east-1: [^;]*\b(ec2|rds)\b/.test(beat))).toBe(true);
    // Plain lines only: nothing a CI log would show as garbage.
    expect(run.stderr).not.toMatch(/\u001b\[|\r/);
  });

  it('names the call it waits on before any region starts', async () => {
    lab.proxy.setRules([{ service: 'sts', action: 'GetCallerIdentity', fault: { kind: 'hang' } }]);
    const run = await scan(['--regions', 'eu-west-1', '--deadline', '3'], { VIGIL_HEARTBEAT_MS: '1000' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^vigil: still scanning AWS \(\d+s\); waiting on STS GetCallerIdentity$/m);
  });
});

describe('--max-rps on the wire', () => {
  it('never lets more requests than the ceiling reach the server in any 1-second window, retries included', async () => {
    // The first attempt of every EC2 and RDS call is throttled, so about half the traffic is retries.
    lab.proxy.setRules([{ service: /^(ec2|rds)$/, attempts: [1], fault: { kind: 'throttle' } }]);
    const run = await scan(['--regions', 'eu-west-1,us-east-1', '--max-rps', '15'], {}, 120_000);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(1);
    const retries = lab.proxy.requests.filter((r) => r.attempt > 1).length;
    expect(retries).toBeGreaterThan(20);
    // Enough traffic that the ceiling, not the scan, set the pace.
    expect(lab.proxy.requests.length).toBeGreaterThan(6 * 15);
    // Stamps taken while this (busy, shared) test process was stalled bunch together; requests
    // stamped within 1 s minus that stall arrived within 1 s, so that window is the honest count.
    const lag = lab.proxy.lagMs();
    expect(lag).toBeLessThan(500);
    const peak = lab.proxy.maxPerWindow(1000 - lag);
    console.log(`--max-rps 15: ${lab.proxy.requests.length} requests (${retries} retries) in ${Math.round(run.ms)} ms; at most ${peak} within any ${Math.round(1000 - lag)} ms (stamping lag ${Math.round(lag)} ms), ${lab.proxy.maxPerWindow(1000)} within any 1000 ms as stamped`);
    expect(peak).toBeLessThanOrEqual(15);
    // ... and the ceiling, not the scan, set the pace (a stall only bunches stamps, never spreads them).
    expect(lab.proxy.maxPerWindow(1000)).toBeGreaterThanOrEqual(12);
  });
});
