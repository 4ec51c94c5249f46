import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateSnapshotCommand, CreateVolumeCommand, EC2Client, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { vigilAsync } from '../helpers/cli.js';
import { useProxiedMoto } from '../helpers/proxied-moto.js';
import type { ReportDocument } from '../../src/report/document.js';
import { SEEDED, seedAccount } from '../sources/aws/seed.js';
import { expectValidReport, sarifSchemaErrors } from '../report/validate.js';

/**
 * Live scans whose listings fail, through the real CLI: the SDK talks to moto through the fault
 * proxy on loopback, which denies, throttles or empties the answers a test names. What was not
 * listed must never pass, nor be "not applicable".
 */

let publicSnapshot: string;
const lab = useProxiedMoto('aws-listing', async (moto) => {
  await seedAccount(moto);
  // A public EBS snapshot: what an empty answer to DescribeSnapshotAttribute must not call private.
  const ec2 = new EC2Client({ endpoint: moto.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'eu-west-1a', Size: 1 }));
  const snapshot = await ec2.send(new CreateSnapshotCommand({ VolumeId: volume.VolumeId }));
  publicSnapshot = snapshot.SnapshotId!;
  await ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: publicSnapshot, Attribute: 'createVolumePermission', OperationType: 'add', GroupNames: ['all'] }));
});

const scan = (args: string[], timeoutMs = 120_000) => vigilAsync(['scan', '--aws', '--regions', 'eu-west-1,us-east-1', ...args], { env: lab.env, timeoutMs });
const requirement = (report: ReportDocument, citation: string) => report.frameworks.flatMap((f) => f.requirements).find((r) => r.citation === citation)!;

describe('a listing that fails makes its requirements unknown, never pass', () => {
  const denied = ['ListBuckets', 'DescribeSecurityGroups', 'DescribeDBInstances', 'GetAccountAuthorizationDetails', 'DescribeTrails', 'DescribeLogGroups'];
  let report: ReportDocument;
  let baseline: ReportDocument;
  let run: Awaited<ReturnType<typeof scan>>;
  let out: string;
  beforeAll(async () => {
    baseline = JSON.parse((await scan(['--framework', 'hipaa', '--format', 'json'])).stdout) as ReportDocument;
    lab.proxy.setRules([{ action: (a) => denied.includes(a), fault: { kind: 'deny' } }]);
    out = join(lab.scratch, 'denied');
    run = await scan(['--framework', 'hipaa', '--format', 'json,html,markdown,sarif,junit', '-o', out, '--snapshot', join(lab.scratch, 'denied.snapshot.json')]);
    report = JSON.parse(readFileSync(join(out, 'vigil.json'), 'utf8')) as ReportDocument;
  }, 240_000);

  it('exits 2 and names each failed listing once, by the call that failed', () => {
    expect(run.code).toBe(2);
    const listing = report.errors.filter((e) => /could not be listed/.test(e.message));
    expect(listing.map((e) => e.message)).toEqual(expect.arrayContaining([
      expect.stringContaining('S3 buckets could not be listed, so no rule saw them: access denied to s3:ListAllMyBuckets'),
      expect.stringContaining('access denied to ec2:DescribeSecurityGroups'),
      expect.stringContaining('access denied to iam:GetAccountAuthorizationDetails'),
    ]));
    // The security groups of two regions: two errors, and no "API errors" warning repeating them.
    expect(listing.filter((e) => e.message.includes('DescribeSecurityGroups'))).toHaveLength(2);
    expect(report.errors.filter((e) => e.message.startsWith('API errors:') && denied.some((d) => e.message.includes(d)))).toEqual([]);
  });

  it('gives every rule over a kind that was not listed an unknown result for its scope', () => {
    const buckets = report.results.filter((r) => r.rule.id === 'aws-s3-bucket-encrypted-kms');
    expect(buckets.map((r) => [r.status, r.resource.name, r.message])).toEqual([
      ['unknown', 'S3 buckets in 123456789012', 'S3 buckets in 123456789012: access denied to s3:ListAllMyBuckets (AccessDenied)'],
    ]);
    expect(buckets[0]!.resource).toMatchObject({ kind: 'aws.s3.bucket', source: 'aws', account: '123456789012', region: 'global', notInventoried: true });
    expect(buckets[0]!.resource.arn).toBeUndefined();
    const groups = report.results.filter((r) => r.rule.id === 'aws-ec2-sg-no-public-ssh');
    expect(groups.map((r) => [r.status, r.resource.name])).toEqual([
      ['unknown', 'security groups in 123456789012 eu-west-1'],
      ['unknown', 'security groups in 123456789012 us-east-1'],
    ]);
    // The open SSH group the baseline failed is no longer claimed either way.
    expect(baseline.results.some((r) => r.rule.id === 'aws-ec2-sg-no-public-ssh' && r.resource.name === SEEDED.openSsh && r.status === 'fail')).toBe(true);
  });

  it('writes the scopes in every format: a valid JSON report, valid SARIF, JUnit naming the scope', () => {
    expectValidReport(report);
    const sarif = JSON.parse(readFileSync(join(out, 'vigil.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(readFileSync(join(out, 'vigil.junit.xml'), 'utf8')).toContain('S3 buckets in 123456789012');
  });

  it('rolls the requirements that depend on a failed listing up unknown: none is pass or not applicable', () => {
    for (const citation of ['164.312(a)(2)(i)', '164.316(b)(1)']) {
      expect(requirement(report, citation).status, citation).not.toBe('pass');
      expect(requirement(report, citation).status, citation).not.toBe('not-applicable');
    }
    expect(requirement(report, '164.316(b)(1)').status).toBe('unknown');
    const unseen = new Set(report.results.filter((r) => r.resource.notInventoried).map((r) => r.rule.id));
    for (const q of report.frameworks.flatMap((f) => f.requirements)) {
      if (q.rules.some((id) => unseen.has(id))) expect(['fail', 'unknown'], q.citation).toContain(q.status);
    }
    // Nothing went from fail to pass against the scan that saw everything.
    for (const q of baseline.frameworks.flatMap((f) => f.requirements)) {
      if (q.status === 'fail') expect(requirement(report, q.citation).status, q.citation).not.toBe('pass');
    }
  });

  it('says the scan is incomplete at the top of the HTML, Markdown and console, not only at the end', () => {
    const notice = /incomplete: \d+ input errors; requirements that depend on them are unknown/;
    const html = readFileSync(join(out, 'vigil.html'), 'utf8');
    const at = html.search(notice);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(html.indexOf('class="checklist"'));
    const markdown = readFileSync(join(out, 'vigil.md'), 'utf8');
    expect(markdown.split('\n').slice(0, 4).join('\n')).toMatch(notice);
    expect(run.stdout.split('\n').slice(0, 3).join('\n')).toMatch(notice);
  });

  it('keeps the scopes that were not inventoried in the snapshot: evaluated offline, they are unknown again', async () => {
    const offline = await vigilAsync(['scan', '--from-snapshot', join(lab.scratch, 'denied.snapshot.json'), '--framework', 'hipaa', '--format', 'json'], { env: lab.env, timeoutMs: 60_000 });
    expect(offline.code).toBe(2);
    const again = JSON.parse(offline.stdout) as ReportDocument;
    expect(again.results.filter((r) => r.resource.notInventoried).map((r) => [r.rule.id, r.resource.name]))
      .toEqual(report.results.filter((r) => r.resource.notInventoried).map((r) => [r.rule.id, r.resource.name]));
    expect(requirement(again, '164.316(b)(1)').status).toBe('unknown');
  });
});

describe('an empty or shapeless answer is an error of its call, never an empty list', () => {
  const emptied = ['ListBuckets', 'DescribeSecurityGroups', 'DescribeDBInstances', 'GetAccountAuthorizationDetails', 'DescribeTrails', 'DescribeSnapshotAttribute'];
  let report: ReportDocument;
  let run: Awaited<ReturnType<typeof scan>>;
  beforeAll(async () => {
    lab.proxy.setRules([
      { action: (a) => emptied.includes(a), fault: { kind: 'empty' } },
      // An HTML page with HTTP 200 parses as XML: without the answer's element it is no answer.
      { action: 'DescribeNetworkAcls', region: 'eu-west-1', fault: { kind: 'html' } },
    ]);
    run = await scan(['--framework', 'gdpr', '--format', 'json']);
    report = JSON.parse(run.stdout) as ReportDocument;
  }, 180_000);

  it('exits 2 and names each call that answered with nothing', () => {
    expect(run.code).toBe(2);
    const messages = report.errors.filter((e) => e.severity === 'error').map((e) => e.message);
    for (const call of ['s3:ListAllMyBuckets', 'ec2:DescribeSecurityGroups', 'rds:DescribeDBInstances', 'iam:GetAccountAuthorizationDetails', 'cloudtrail:DescribeTrails']) {
      expect(messages.some((m) => m.includes(`could not be listed`) && m.includes(call) && /answered with an empty body/.test(m)), call).toBe(true);
    }
    expect(messages.some((m) => m.startsWith('network ACLs could not be listed') && m.includes('DescribeNetworkAcls answered without its NetworkAcls element'))).toBe(true);
  });

  it('keeps a public EBS snapshot unknown, not "not public", when its permissions come back empty', () => {
    const results = report.results.filter((r) => r.rule.id === 'aws-ec2-snapshot-not-public' && r.resource.name === publicSnapshot);
    expect(results.map((r) => r.status)).toEqual(['unknown']);
    expect(results[0]!.message).toMatch(/DescribeSnapshotAttribute answered with an empty body/);
  });

  it('lets no bucket, group, database, user or trail vanish: their kinds are unknown for the scope', () => {
    const scopes = new Set(report.results.filter((r) => r.resource.notInventoried).map((r) => `${r.resource.kind} ${r.resource.region}`));
    for (const scope of ['aws.s3.bucket global', 'aws.ec2.security_group eu-west-1', 'aws.ec2.security_group us-east-1', 'aws.rds.db_instance eu-west-1', 'aws.cloudtrail.trail us-east-1', 'aws.ec2.network_acl eu-west-1']) {
      const ruled = report.rules.some((rule) => rule.kind === scope.split(' ')[0]);
      if (ruled) expect([...scopes], scope).toContain(scope);
    }
    expect(report.frameworks.flatMap((f) => f.requirements).filter((q) => q.status === 'pass' && q.rules.some((id) => report.results.some((r) => r.rule.id === id && r.resource.notInventoried)))).toEqual([]);
  });
});

describe('a scan that saw nothing never exits 0', () => {
  it('refuses a numeric option that is not a whole number in range, naming it (0.5 is not floored to 0)', async () => {
    for (const [flag, value] of [['--account-concurrency', '0.5'], ['--max-rps', '0'], ['--max-rps', '1e3'], ['--concurrency', 'many'], ['--concurrency', '-2'], ['--max-rps', '20000']] as const) {
      const run = await vigilAsync(['scan', '--aws', flag, value], { env: lab.env, timeoutMs: 30_000 });
      expect(run.code, `${flag} ${value}`).toBe(2);
      expect(run.stderr).toContain(`${flag} must be a whole number from`);
      expect(run.stderr).toContain(`not "${value}"`);
      expect(lab.proxy.requests).toEqual([]);
    }
  }, 120_000);

  it('exits 2 with one clear line when no region is left to scan', async () => {
    const run = await vigilAsync(['scan', '--aws', '--regions', 'ap-east-9', '--format', 'json'], { env: lab.env, timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('vigil: no AWS account was scanned: account 123456789012: no region to scan (ap-east-9: not a region of this partition)');
  }, 90_000);

  it('says a profile named with --profile does not exist, instead of "could not load credentials"', async () => {
    const run = await vigilAsync(['scan', '--aws', '--profile', 'nosuch'], { env: lab.env, timeoutMs: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`vigil: --profile nosuch: there is no such profile in ${join(lab.scratch, 'config')} or ${join(lab.scratch, 'credentials')}`);
    expect(lab.proxy.requests).toEqual([]);
  }, 60_000);
});

describe('errors the SDK retried away are told as retried, not failed', () => {
  it('counts reset connections and 5xx answers in the error summary, and the scan stays complete', async () => {
    lab.proxy.setRules([
      { action: 'DescribeVpcs', attempts: [1], fault: { kind: 'reset' } },
      { action: 'DescribeNetworkAcls', region: 'eu-west-1', attempts: [1], fault: { kind: 'html', status: 503 } },
    ]);
    const run = await scan(['--format', 'json']);
    const report = JSON.parse(run.stdout) as ReportDocument;
    expect(report.summary.errors).toBe(0);
    expect(run.code).toBe(1);
    const warnings = report.errors.filter((e) => e.severity === 'warning').map((e) => e.message);
    expect(warnings).toContain('API errors the SDK retried: ec2 DescribeVpcs: network ECONNRESET × 2 attempt(s)');
    expect(warnings).toContain('API errors the SDK retried: ec2 DescribeNetworkAcls: server HTTP 503 × 1 attempt(s)');
    // Retried, then answered: no resource is missing and nothing is unknown for it.
    expect(report.results.filter((r) => r.resource.notInventoried)).toEqual([]);
    expect(lab.proxy.requests.filter((r) => r.action === 'DescribeVpcs' && r.attempt === 2)).toHaveLength(2);
  }, 180_000);
});

describe('what happened is said once, by the call that failed', () => {
  it('reports a denied AssumeRole as AssumeRole failing, with no GetCallerIdentity error or phantom API error', async () => {
    lab.proxy.setRules([{ action: 'AssumeRole', fault: { kind: 'deny' } }]);
    const run = await vigilAsync(['scan', '--aws', '--role-arn', 'arn:aws:iam::{account}:role/VigilAudit', '--accounts', '123456789012', '--format', 'json'], { env: lab.env, timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('vigil: no AWS account was scanned: account 123456789012: sts:AssumeRole into arn:aws:iam::123456789012:role/VigilAudit failed: access denied to sts:AssumeRole (AccessDenied)');
    expect(run.stderr).not.toMatch(/GetCallerIdentity failed|credentials were rejected|API errors/);
    // The identity call of the caller went out once; none was made with the role's credentials.
    expect(lab.proxy.requests.filter((r) => r.action === 'GetCallerIdentity')).toHaveLength(1);
  }, 90_000);
});
