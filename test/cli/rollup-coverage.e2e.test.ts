import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { expectValidReport } from '../report/validate.js';

/**
 * Roll-ups that never overstate, and the honest inventory, through the real CLI: a framework of
 * the test's own maps one built-in rule to each requirement, so each status has one cause.
 */

const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

const FRAMEWORK = `id: audit
name: Audit test
version: '1'
description: Requirements that each end in one roll-up status.
requirements:
  - citation: R-pass
    title: Versioning
    section: S
    description: Buckets keep versions.
    rules: [aws-s3-bucket-versioning-enabled]
  - citation: R-excepted
    title: Object lock
    section: S
    description: Buckets lock objects.
    rules: [aws-s3-bucket-object-lock]
  - citation: R-not-evaluated
    title: Account public access block
    section: S
    description: The account blocks public access.
    rules: [aws-s3-account-public-access-block]
  - citation: R-not-applicable
    title: Databases encrypted
    section: S
    description: Databases encrypt storage.
    rules: [aws-rds-instance-encrypted]
  - citation: R-stale
    title: Versioning, with a signed policy
    section: S
    description: Buckets keep versions and a policy says so.
    rules: [aws-s3-bucket-versioning-enabled]
    manual:
      evidence: the signed backup policy
  - citation: R-open
    title: Versioning, with a policy not yet signed
    section: S
    description: Buckets keep versions and a policy says so.
    rules: [aws-s3-bucket-versioning-enabled]
    manual:
      evidence: the signed retention policy
`;

const MODULE = `variable "versioned" {
  default = "Suspended"
}
# vigil:ignore aws-s3-bucket-object-lock -- archive bucket, locked by the backup vault instead
resource "aws_s3_bucket" "m" {
  bucket = "module-bucket"
}
resource "aws_s3_bucket_versioning" "m" {
  bucket = aws_s3_bucket.m.id
  versioning_configuration {
    status = var.versioned
  }
}
`;

const MAIN = `provider "aws" {
  region = "eu-west-1"
}
# vigil:ignore aws-s3-bucket-object-lock -- archive bucket, locked by the backup vault instead
resource "aws_s3_bucket" "records" {
  bucket = "clinic-records"
}
resource "aws_s3_bucket_versioning" "records" {
  bucket = aws_s3_bucket.records.id
  versioning_configuration {
    status = "Enabled"
  }
}
module "archive" {
  source    = "./modules/archive"
  versioned = "Enabled"
}
resource "aws_mq_broker" "queue" {
  broker_name = "hl7-feed"
}
resource "aws_mq_broker" "queue2" {
  broker_name = "hl7-feed-2"
}
resource "aws_sfn_state_machine" "flow" {
  name = "intake"
}
`;

describe('roll-ups and coverage end to end', () => {
  let dir: string;
  let report: ReportDocument;
  let run: ReturnType<typeof vigil>;
  let consoleRun: ReturnType<typeof vigil>;
  const requirement = (citation: string) => report.frameworks.find((f) => f.id === 'audit')!.requirements.find((q) => q.citation === citation)!;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-rollup-'));
    mkdirSync(join(dir, 'rules', 'frameworks'), { recursive: true });
    mkdirSync(join(dir, 'infra', 'modules', 'archive'), { recursive: true });
    writeFileSync(join(dir, 'rules', 'frameworks', 'audit.yaml'), FRAMEWORK);
    writeFileSync(join(dir, 'infra', 'main.tf'), MAIN);
    writeFileSync(join(dir, 'infra', 'modules', 'archive', 'main.tf'), MODULE);
    writeFileSync(
      join(dir, 'attestations.yaml'),
      ['attestations:', '  - framework: audit', '    requirement: R-stale', '    by: Dana Whitfield', `    date: ${daysAgo(400)}`, '    statement: Signed.'].join('\n') + '\n',
    );
    run = vigil(
      ['scan', 'infra', '--rules', 'rules', '--framework', 'audit', '--attestations', 'attestations.yaml', '--fail-on', 'none', '--format', 'json,markdown,junit,html', '--output', 'out', '--junit-group', 'requirement'],
      { cwd: dir },
    );
    consoleRun = vigil(['scan', 'infra', '--rules', 'rules', '--framework', 'audit', '--attestations', 'attestations.yaml', '--fail-on', 'none'], { cwd: dir });
    report = JSON.parse(readFileSync(join(dir, 'out', 'vigil.json'), 'utf8')) as ReportDocument;
  });

  it('writes a report that validates, with one status per cause', () => {
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    expectValidReport(report);
    expect(requirement('R-pass')).toMatchObject({ status: 'pass', automated: 'pass' });
    // The module folder on its own defaults fails versioning: shown, not gating, and the status stays pass.
    expect(requirement('R-pass').informational).toBeGreaterThan(0);
    expect(report.results.some((r) => r.rule.id === 'aws-s3-bucket-versioning-enabled' && r.status === 'fail' && r.informational)).toBe(true);
    expect(requirement('R-excepted')).toMatchObject({ status: 'excepted', automated: 'excepted' });
    expect(requirement('R-excepted').counts.suppressed).toBeGreaterThan(0);
    expect(requirement('R-not-evaluated')).toMatchObject({ status: 'not-evaluated', automated: 'not-evaluated' });
    expect(requirement('R-not-applicable')).toMatchObject({ status: 'not-applicable', automated: 'not-applicable' });
    expect(requirement('R-stale')).toMatchObject({ status: 'attestation-stale', automated: 'pass', manual: { state: 'stale' } });
    expect(requirement('R-open')).toMatchObject({ status: 'manual', automated: 'pass', manual: { state: 'not-attested' } });
  });

  it('counts every aws_* block, companions by what they fold into, unmodelled types listed not dropped', () => {
    const entry = (type: string) => report.coverage!.find((e) => e.source === 'terraform' && e.type === type);
    // Two buckets from the root (its own and the module instance it calls); the module folder on its own is not counted twice.
    expect(entry('aws_s3_bucket')).toMatchObject({ count: 2, judged: 2, service: 's3' });
    expect(entry('aws_s3_bucket_versioning')).toMatchObject({ count: 2, judged: 2 });
    expect(entry('aws_s3_bucket_versioning')!.rules).toContain('aws-s3-bucket-versioning-enabled');
    expect(entry('aws_mq_broker')).toEqual({ source: 'terraform', type: 'aws_mq_broker', service: 'mq', count: 2, judged: 0, rules: [] });
    expect(entry('aws_sfn_state_machine')).toMatchObject({ count: 1, judged: 0 });
    expect(report.coverage!.some((e) => !e.type.startsWith('aws_'))).toBe(false);
  });

  it('says the same in the console, Markdown, JUnit and HTML', () => {
    expect(consoleRun.stdout).toContain('Audit test: 1 excepted · 1 not evaluated · 1 attestation stale · 1 manual · 1 pass · 1 not applicable (of 6 requirements)');
    expect(consoleRun.stdout).toContain('Coverage: 4 resources judged; 3 of 2 types no rule covers: aws_mq_broker ×2, aws_sfn_state_machine ×1');
    const md = readFileSync(join(dir, 'out', 'vigil.md'), 'utf8');
    expect(md).toContain('⚖️ excepted');
    expect(md).toContain('**Requirements excepted (failing, accepted; not a pass)**');
    expect(md).toContain('- Audit test **R-excepted** Object lock: 2 failing or unknown, all accepted by suppression');
    expect(md).toContain('Not evaluated: resource types found that no rule judged');
    expect(md).toContain('`aws_mq_broker` | 2 | 0 | no rule covers this type');
    const junit = readFileSync(join(dir, 'out', 'vigil.junit.xml'), 'utf8');
    const suite = (citation: string) => junit.slice(junit.indexOf(`name="audit ${citation}:`), junit.indexOf('</testsuite>', junit.indexOf(`name="audit ${citation}:`)));
    expect(suite('R-excepted')).toContain('<property name="vigil.status" value="excepted"/>');
    expect(suite('R-excepted')).toContain('excepted: 2 failing or unknown result(s) accepted by suppression; not a pass');
    expect(suite('R-excepted')).toContain('failures="0"');
    expect(suite('R-not-evaluated')).toContain('not evaluated: resources these rules look at were found');
    expect(suite('R-stale')).toContain('value="automated pass, attestation stale"');
    const html = readFileSync(join(dir, 'out', 'vigil.html'), 'utf8');
    expect(html).toContain('id="not-evaluated"');
    expect(html).toContain('<code>aws_mq_broker</code></td><td>2</td><td>0</td>');
    expect(html).toContain('Automated pass, attestation stale');
    expect(html).toContain('Excepted: every failing or unknown result is suppressed');
  });

  it('vigil report renders the saved statuses and re-attests without recomputing the automated part', () => {
    const again = vigil(['report', 'out/vigil.json', '--format', 'json', '-o', 'again.json'], { cwd: dir });
    expect(again.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'again.json'), 'utf8')) as ReportDocument;
    expect(saved.frameworks).toEqual(report.frameworks);
    writeFileSync(
      join(dir, 'fresh.yaml'),
      ['attestations:', '  - framework: audit', '    requirement: R-stale', '    by: Dana Whitfield', `    date: ${daysAgo(3)}`, '    statement: Signed again.'].join('\n') + '\n',
    );
    const attested = vigil(['report', 'out/vigil.json', '--attestations', 'fresh.yaml', '--format', 'json', '-o', 'attested.json'], { cwd: dir });
    expect(attested.code).toBe(0);
    const renewed = JSON.parse(readFileSync(join(dir, 'attested.json'), 'utf8')) as ReportDocument;
    const q = renewed.frameworks.find((f) => f.id === 'audit')!.requirements;
    expect(q.find((r) => r.citation === 'R-stale')).toMatchObject({ status: 'pass', automated: 'pass' });
    expect(q.find((r) => r.citation === 'R-excepted')!.status).toBe('excepted');
  });
});
