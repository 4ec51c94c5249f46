import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vigilAsync } from '../helpers/cli.js';
import { useProxiedMoto } from '../helpers/proxied-moto.js';
import type { ReportDocument } from '../../src/report/document.js';
import { SEEDED, seedAccount } from '../sources/aws/seed.js';

/**
 * Live scans through the real CLI against moto behind the fault proxy on loopback: a bucket that
 * answers NoSuchBucket to one read and credentials that stop working part-way (neither may drop
 * what exists, nor pass what was not read), and the scan's pace as `.vigil.yaml` sets it.
 */

const lab = useProxiedMoto('aws-live-gaps', seedAccount);

const scan = (args: string[]) => vigilAsync(['scan', '--aws', '--regions', 'eu-west-1,us-east-1', '--format', 'json', ...args], { env: lab.env, timeoutMs: 120_000 });
const statuses = (report: ReportDocument, ruleId: string, name: string) => report.results.filter((r) => r.rule.id === ruleId && r.resource.name === name).map((r) => r.status);
// Path-style addressing: `/bucket/` for the bucket itself, with or without the last slash.
const onBucket = (name: string) => (info: { path: string }) => info.path.replace(/\/$/, '') === `/${name}`;
const noSuchBucket = { kind: 'error', code: 'NoSuchBucket', status: 404, message: 'The specified bucket does not exist' } as const;

describe('one NoSuchBucket is not a deletion: HeadBucket decides', () => {
  it('keeps a public bucket that HeadBucket still finds, with what the failed read would have said unknown', async () => {
    lab.proxy.setRules([{ action: 'GetBucketEncryption', attempts: [1], times: 1, when: onBucket(SEEDED.badBucket), fault: noSuchBucket }]);
    const run = await scan([]);
    const report = JSON.parse(run.stdout) as ReportDocument;
    expect(lab.proxy.requests.filter((r) => r.fault === 'error').map((r) => [r.action, onBucket(SEEDED.badBucket)(r)])).toEqual([['GetBucketEncryption', true]]);
    expect(lab.proxy.requests.some((r) => r.action === 'HeadBucket' && onBucket(SEEDED.badBucket)(r))).toBe(true);
    // Its public policy was read and still fails; its encryption, which answered NoSuchBucket, is unknown.
    expect(statuses(report, 'aws-s3-bucket-no-public-read', SEEDED.badBucket)).toEqual(['fail']);
    expect(statuses(report, 'aws-s3-bucket-encrypted-kms', SEEDED.badBucket)).toEqual(['unknown']);
    expect(report.results.find((r) => r.rule.id === 'aws-s3-bucket-encrypted-kms' && r.resource.name === SEEDED.badBucket)!.message).toMatch(/NoSuchBucket/);
    expect(report.errors.map((e) => e.message)).toContain(`S3 bucket ${SEEDED.badBucket} answered NoSuchBucket to some reads, but HeadBucket finds it: it is kept, and what those reads would have said is unknown`);
    expect(report.errors.some((e) => e.message.includes('deleted during the scan'))).toBe(false);
    // The other bucket is untouched.
    expect(statuses(report, 'aws-s3-bucket-encrypted-kms', SEEDED.goodBucket)).toEqual(['pass']);
    expect(run.code).toBe(1);
  }, 180_000);

  it('skips a bucket as deleted, with a note, when HeadBucket cannot find it either', async () => {
    lab.proxy.setRules([
      { action: 'GetBucketEncryption', when: onBucket(SEEDED.goodBucket), fault: noSuchBucket },
      { action: 'HeadBucket', when: onBucket(SEEDED.goodBucket), fault: { kind: 'error', code: 'NotFound', status: 404 } },
    ]);
    const run = await scan([]);
    const report = JSON.parse(run.stdout) as ReportDocument;
    expect(lab.proxy.requests.some((r) => r.action === 'HeadBucket' && r.fault === 'error')).toBe(true);
    expect(report.results.filter((r) => r.resource.name === SEEDED.goodBucket)).toEqual([]);
    expect(report.errors).toContainEqual(expect.objectContaining({ severity: 'warning', message: `S3 bucket ${SEEDED.goodBucket} was deleted during the scan and is skipped` }));
    // Deleted is not unread: the bucket kind is not made unknown, and the other bucket is judged.
    expect(report.results.filter((r) => r.resource.kind === 'aws.s3.bucket' && r.resource.notInventoried)).toEqual([]);
    expect(statuses(report, 'aws-s3-bucket-no-public-read', SEEDED.badBucket)).toEqual(['fail']);
  }, 180_000);
});

describe('credentials that stop working mid-scan leave the account incomplete, never passed', () => {
  const expired = { kind: 'error', code: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' } as const;

  it('names the collectors that did not run, keeps what was read, and makes the kinds not read unknown (exit 2)', async () => {
    // From the first RDS call on, every RDS call says the token expired.
    lab.proxy.setRules([{ service: 'rds', fault: expired }]);
    const run = await scan(['--framework', 'hipaa']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as ReportDocument;
    const incomplete = report.errors.filter((e) => e.severity === 'error' && e.message.startsWith('account 123456789012 is incomplete: credentials stopped working during the scan ('));
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0]!.message).toMatch(/ExpiredToken/);
    expect(incomplete[0]!.message).toMatch(/these collectors did not run or finish, so what they read is unknown: .*rds instances \((eu-west-1|us-east-1)\)/);
    // What was read before and beside the failure stays and is judged.
    expect(statuses(report, 'aws-s3-bucket-no-public-read', SEEDED.badBucket)).toEqual(['fail']);
    expect(statuses(report, 'aws-s3-bucket-encrypted-kms', SEEDED.goodBucket)).toEqual(['pass']);
    // The RDS kinds were not inventoried: unknown for their scope, never pass or not applicable.
    const rds = report.results.filter((r) => r.resource.kind === 'aws.rds.db_instance');
    expect(rds.length).toBeGreaterThan(0);
    for (const result of rds) {
      expect(result.status).toBe('unknown');
      expect(result.resource.notInventoried).toBe(true);
      expect(result.message).toMatch(/rds instances did not run or finish: credentials stopped working during the scan/);
    }
    const unseen = new Set(report.results.filter((r) => r.resource.notInventoried).map((r) => r.rule.id));
    for (const q of report.frameworks.flatMap((f) => f.requirements)) {
      if (q.rules.some((id) => unseen.has(id))) expect(['fail', 'unknown'], q.citation).toContain(q.status);
    }
  }, 180_000);

  it('after the first calls succeed, an InvalidClientTokenId on every later call stops the account: incomplete, each collector cut short unknown', async () => {
    let seen = 0;
    lab.proxy.setRules([{ when: () => ++seen > 12, fault: { kind: 'error', code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' } }]);
    const run = await scan(['--framework', 'hipaa']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as ReportDocument;
    expect(lab.proxy.requests.filter((r) => r.fault === undefined).length).toBe(12);
    const incomplete = report.errors.find((e) => e.message.startsWith('account 123456789012 is incomplete: credentials stopped working during the scan ('));
    expect(incomplete?.message).toMatch(/InvalidClientTokenId/);
    const named = /so what they read is unknown: (.*)$/.exec(incomplete!.message)![1]!.split(', ');
    expect(named.length).toBeGreaterThan(0);
    // Every kind a rule judges that a named collector reads is unknown for that collector's scope.
    const gaps = report.results.filter((r) => r.resource.notInventoried);
    expect(gaps.length).toBeGreaterThan(0);
    for (const result of gaps) expect(['unknown'], `${result.rule.id} ${result.resource.name}`).toContain(result.status);
    expect(gaps.every((r) => /did not run or finish: credentials stopped working during the scan/.test(r.message) || /could not be listed/.test(r.message))).toBe(true);
    expect(report.frameworks.flatMap((f) => f.requirements).filter((q) => q.status === 'pass' && q.rules.some((id) => gaps.some((r) => r.rule.id === id)))).toEqual([]);
  }, 180_000);
});

describe('the aws settings of .vigil.yaml: max-rps and concurrency', () => {
  const folder = (name: string, yaml: string) => {
    const dir = join(lab.scratch, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.vigil.yaml'), yaml);
    return dir;
  };
  const scanIn = (cwd: string, args: string[]) => vigilAsync(['scan', '--aws', '--regions', 'eu-west-1', '--format', 'json', ...args], { env: lab.env, cwd, timeoutMs: 120_000 });

  it('refuses a value the flags would refuse, naming the file, the field and its line, before any AWS call', async () => {
    for (const [yaml, field, line, why] of [
      ['fail-on: high\naws:\n  max-rps: 0.5\n', 'aws.max-rps', 3, 'must be a whole number'],
      ['aws:\n  regions: [eu-west-1]\n  concurrency: 0\n', 'aws.concurrency', 3, 'must be 1 or more'],
      ['aws:\n  max-rps: 20000\n', 'aws.max-rps', 2, 'must be 10000 or less'],
      ['aws:\n  concurrency: 257\n', 'aws.concurrency', 2, 'must be 256 or less'],
    ] as const) {
      const dir = folder(`bad-${field}-${line}-${why.length}`, yaml);
      const run = await scanIn(dir, []);
      expect(run.code, yaml).toBe(2);
      expect(run.stderr, yaml).toContain(join(dir, '.vigil.yaml'));
      expect(run.stderr, yaml).toContain(`${field} (line ${line}): ${why}`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(lab.proxy.requests).toEqual([]);
  }, 120_000);

  it('paces the live scan by the max-rps of the file', async () => {
    const dir = folder('paced', 'aws:\n  max-rps: 12\n  concurrency: 2\n');
    const run = await scanIn(dir, []);
    expect(run.code).toBe(1);
    // Enough traffic that the ceiling, not the scan, set the pace.
    expect(lab.proxy.requests.length).toBeGreaterThan(3 * 12);
    const lag = lab.proxy.lagMs();
    expect(lag).toBeLessThan(500);
    // Stamps bunch by up to the lag; requests stamped within 1 s minus it arrived within 1 s. This
    // test shows the file's ceiling is the one in force (an unpaced scan reaches about 54 a second),
    // so it allows two of the busy machine's jitter; the ceiling's precision is aws-waits' test.
    expect(lab.proxy.maxPerWindow(1000 - lag)).toBeLessThanOrEqual(12 + 2);
    // ... and the scan took as long as that ceiling makes it: n requests need (n - 12) / 12 s at least.
    expect(run.ms).toBeGreaterThanOrEqual(((lab.proxy.requests.length - 12) / 12) * 1000);
  }, 180_000);

  it('lets --max-rps win over the file', async () => {
    // At the file's 1 request a second this scan would take minutes; the flag's ceiling lets it run.
    const dir = folder('flag-wins', 'aws:\n  max-rps: 1\n');
    const run = await scanIn(dir, ['--max-rps', '10000']);
    expect(run.code).toBe(1);
    expect(lab.proxy.maxPerWindow(1000)).toBeGreaterThan(2);
  }, 180_000);
});
