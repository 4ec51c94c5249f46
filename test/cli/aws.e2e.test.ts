import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { motoEnv, startMoto, type Moto } from '../sources/aws/moto.js';
import { SEEDED, seedAccount } from '../sources/aws/seed.js';

/**
 * The live scan end to end through the real CLI, against moto's AWS emulator on 127.0.0.1: one
 * account seeded with compliant resources in eu-west-1 and non-compliant ones in us-east-1.
 *
 * Where moto differs from AWS, Vigil follows AWS: GetEbsDefaultKmsKeyId is not implemented (HTTP
 * 500, kept as an unknown and a counted error), the credential report has no <root_account> row
 * (root password state stays unknown), and DescribeRegions lists China and GovCloud regions
 * (never scanned from the aws partition).
 */

let moto: Moto;
let scratch: string;
let env: Record<string, string>;
beforeAll(async () => {
  moto = await startMoto();
  await seedAccount(moto);
  scratch = mkdtempSync(join(tmpdir(), 'vigil-aws-e2e-'));
  // An empty home: no shared config or credentials file of the developer's can leak in.
  env = { ...motoEnv(moto), HOME: scratch, AWS_CONFIG_FILE: join(scratch, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials') };
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const json = (stdout: string): ReportDocument => JSON.parse(stdout) as ReportDocument;
const status = (report: ReportDocument, rule: string, name: string) =>
  report.results.filter((r) => r.rule.id === rule && r.resource.name === name).map((r) => r.status);

describe('vigil scan --aws against the emulator', () => {
  let report: ReportDocument;
  let run: ReturnType<typeof vigil>;
  beforeAll(() => {
    run = vigil(['scan', '--aws', '--regions', 'eu-west-1,us-east-1', '--format', 'json', '--snapshot', join(scratch, 'evidence.json')], { env });
    report = json(run.stdout);
  });

  it('prints the identity it scans as, and fails on the non-compliant resources (exit 1)', () => {
    expect(run.stderr).toContain('vigil: scanning AWS as arn:aws:sts::123456789012:user/moto (account 123456789012)');
    // Standard error is a pipe here, not a terminal: no progress bar, no cursor movement, only whole lines.
    expect(run.stderr).not.toMatch(/\u001b\[|\r|█|░/);
    // (Node's own warnings, such as the SDK's notice about Node 20, are not Vigil's output.)
    const ours = run.stderr.replace(/\(node:\d+\) Warning:[\s\S]*?\(Use `node --trace-warnings[^\n]*\n/g, '');
    for (const line of ours.trimEnd().split('\n')) expect(line).toMatch(/^(vigil: |wrote AWS snapshot to )/);
    expect(run.code).toBe(1);
    expect(report.summary.errors).toBe(0);
    expect(report.scan.accounts).toEqual(['123456789012']);
    expect(report.scan.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(report.scan.paths).toEqual([]);
    // When collection started and ended, per account and region, inside the scan's own time.
    const windows = report.scan.provenance!.collection!;
    expect(windows.map((w) => `${w.account} ${w.region}`)).toEqual(['123456789012 eu-west-1', '123456789012 global', '123456789012 us-east-1']);
    for (const w of windows) expect(report.scan.startedAt <= w.startedAt && w.startedAt <= w.finishedAt && w.finishedAt <= report.scan.finishedAt).toBe(true);
  });

  it('gives the compliant side pass and the non-compliant side fail, rule by rule', () => {
    expect(status(report, 'aws-ec2-sg-no-public-ssh', SEEDED.privateSsh)).toEqual(['pass']);
    expect(status(report, 'aws-ec2-sg-no-public-ssh', SEEDED.openSsh)).toEqual(['fail']);
    expect(status(report, 'aws-s3-bucket-encrypted-kms', SEEDED.goodBucket)).toEqual(['pass']);
    expect(status(report, 'aws-s3-bucket-encrypted-kms', SEEDED.badBucket)).toEqual(['fail']);
    expect(status(report, 'aws-s3-bucket-public-access-block', SEEDED.goodBucket)).toEqual(['pass']);
    expect(status(report, 'aws-s3-bucket-public-access-block', SEEDED.badBucket)).toEqual(['fail']);
    expect(status(report, 'aws-s3-bucket-no-public-read', SEEDED.goodBucket)).toEqual(['pass']);
    expect(status(report, 'aws-s3-bucket-no-public-read', SEEDED.badBucket)).toEqual(['fail']);
    expect(status(report, 'aws-rds-instance-encrypted', SEEDED.goodDb)).toEqual(['pass']);
    expect(status(report, 'aws-rds-instance-encrypted', SEEDED.badDb)).toEqual(['fail']);
    expect(status(report, 'aws-rds-instance-not-public', SEEDED.goodDb)).toEqual(['pass']);
    expect(status(report, 'aws-rds-instance-not-public', SEEDED.badDb)).toEqual(['fail']);
  });

  it('asks AWS for its verdict on a bucket policy that allows something; moto gives none, and Vigil\'s own reading decides', () => {
    const bad = report.results.find((r) => r.rule.id === 'aws-s3-bucket-no-public-read' && r.resource.name === SEEDED.badBucket)!;
    expect(bad.evidence!.map((e) => e.operation)).toContain('GetBucketPolicyStatus');
    expect(bad.observed).toContainEqual(expect.objectContaining({ attribute: 'policy.public_read', value: 'true' }));
    const good = report.results.find((r) => r.rule.id === 'aws-s3-bucket-no-public-read' && r.resource.name === SEEDED.goodBucket)!;
    expect(good.evidence!.map((e) => e.operation)).not.toContain('GetBucketPolicyStatus');
  });

  it('carries account, region, ARN and the timed API calls on every AWS result', () => {
    const aws = report.results.filter((r) => r.resource.source === 'aws');
    expect(aws.length).toBeGreaterThan(10);
    for (const r of aws) {
      expect(r.resource.account).toBe('123456789012');
      expect(['eu-west-1', 'us-east-1', 'global']).toContain(r.resource.region);
      expect(r.resource.arn).toMatch(/^arn:aws:/);
      expect(r.evidence!.length).toBeGreaterThan(0);
      for (const call of r.evidence!) expect(call.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    const bad = report.results.find((r) => r.rule.id === 'aws-s3-bucket-encrypted-kms' && r.resource.name === SEEDED.badBucket)!;
    expect(bad.resource).toMatchObject({ arn: `arn:aws:s3:::${SEEDED.badBucket}`, region: 'us-east-1' });
    expect(bad.evidence!.map((e) => e.operation)).toEqual(expect.arrayContaining(['ListBuckets', 'GetBucketLocation', 'GetBucketEncryption']));
  });

  it("survives moto's unimplemented calls (HTTP 500) as counted errors, not crashes", () => {
    expect(report.errors).toContainEqual({ severity: 'warning', file: 'aws', message: 'API errors: ec2 GetEbsDefaultKmsKeyId: server Error × 2' });
    // The deployed Config rule is listed; its compliance and the conformance packs are not implemented by moto.
    expect(report.errors).toContainEqual({ severity: 'warning', file: 'aws', message: 'API errors: config DescribeComplianceByConfigRule: server HTTP 500 × 1' });
    expect(report.errors).toContainEqual({ severity: 'warning', file: 'aws', message: 'API errors: config DescribeConformancePacks: server HTTP 500 × 1' });
    expect(report.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(
      /^AWS Config rules' compliance in eu-west-1 could not be read, so they are not shown as evidence: config:DescribeComplianceByConfigRule failed: HTTP 500: an answer that is not the service's JSON \(Unexpected token '<'/,
    ));
    expect(report.summary.errors).toBe(0);
  });

  it('writes a snapshot that evaluates offline to the same results, and refuses one that was changed', () => {
    const file = join(scratch, 'evidence.json');
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { sha256: string; raw: Array<{ account: string; region: string; operation: string; at: string }>; resources: unknown[]; meta: { configRules: unknown[] } };
    // The deployed rule, with the compliance moto could not give.
    expect(snapshot.meta.configRules).toEqual([{ rule: SEEDED.configRule, account: '123456789012', region: 'eu-west-1', compliance: 'UNKNOWN', managedRule: 'restricted-ssh' }]);
    expect(snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(snapshot.raw.some((a) => a.operation === 'DescribeSecurityGroups' && a.region === 'us-east-1' && a.account === '123456789012' && a.at)).toBe(true);
    expect(run.stderr).toContain(`(sha256 ${snapshot.sha256})`);

    // No AWS environment at all: the snapshot is all there is.
    const offline = vigil(['scan', '--from-snapshot', file, '--format', 'json'], { env: { HOME: scratch } });
    expect(offline.code).toBe(1);
    expect(json(offline.stdout).results).toEqual(report.results);

    writeFileSync(join(scratch, 'tampered.json'), readFileSync(file, 'utf8').replace(SEEDED.badBucket, 'clinic-exports-renamed'));
    const tampered = vigil(['scan', '--from-snapshot', join(scratch, 'tampered.json')], { env: { HOME: scratch } });
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toMatch(/the snapshot was changed after it was written: its sha256 is [0-9a-f]{64}, the file says [0-9a-f]{64}/);
  });
});

describe('vigil scan --aws --config-aggregator against the emulator', () => {
  it("exits 2 with one clear line when the aggregator cannot be read (moto does not implement SelectAggregateResourceConfig)", () => {
    const run = vigil(['scan', '--aws', '--config-aggregator', 'org', '--format', 'json'], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^vigil: --config-aggregator org: config:SelectAggregateResourceConfig failed: HTTP 500: an answer that is not the service's JSON/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('vigil scan --aws --profile', () => {
  it("takes the credentials and, with no --regions or AWS_REGION, the region from the profile in AWS_CONFIG_FILE", () => {
    const config = join(scratch, 'profile-config');
    // Not us-east-1, which is where Vigil goes when nothing names a region.
    writeFileSync(config, ['[default]', 'region = ap-south-1', '', '[profile audit]', 'region = eu-west-1', 'aws_access_key_id = testing', 'aws_secret_access_key = testing', ''].join('\n'));
    const { AWS_REGION: _r, AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _b, ...bare } = env;
    const run = vigil(['scan', '--aws', '--profile', 'audit', '--format', 'json'], { env: { ...bare, AWS_CONFIG_FILE: config } });
    expect(run.stderr).toContain('vigil: scanning AWS as arn:aws:sts::123456789012:user/moto (account 123456789012)');
    const report = json(run.stdout);
    expect(report.scan.regions).toEqual(['eu-west-1']);
    expect(status(report, 'aws-ec2-sg-no-public-ssh', SEEDED.privateSsh)).toEqual(['pass']);
    expect(status(report, 'aws-ec2-sg-no-public-ssh', SEEDED.openSsh)).toEqual([]);

    // AWS_REGION still wins over the profile, as it does for the AWS CLI and SDKs.
    const overridden = vigil(['scan', '--aws', '--profile', 'audit', '--format', 'json'], { env: { ...bare, AWS_CONFIG_FILE: config, AWS_REGION: 'us-east-1' } });
    expect(json(overridden.stdout).scan.regions).toEqual(['us-east-1']);
  });
});

describe('vigil scan --aws without working credentials', () => {
  it('exits 2 and names every place it looked when there are no credentials', () => {
    const { AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _b, ...noKeys } = env;
    const run = vigil(['scan', '--aws', '--regions', 'eu-west-1'], { env: noKeys });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^vigil: no AWS credentials could be loaded \(.+\); tried: environment variables \(AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY\), the shared config and credentials files \(profile "default"\)/);
    expect(run.stdout).toBe('');
  });

  it('rejects AWS options without --aws, and --accounts without a role', () => {
    expect(vigil(['scan', '--regions', 'eu-west-1'], { env }).stderr).toContain('--regions needs --aws');
    const run = vigil(['scan', '--aws', '--accounts', '111111111111'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--accounts and --organization need --role-arn');
  });
});
