import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument, ReportResult } from '../../src/report/document.js';
import { backupPlanTf, tempTree } from '../helpers/tree.js';

/**
 * Findings where the fault is, identities that never collide across roots, and facet-precise
 * references, end to end through the real CLI on small estates written for each case.
 */

const json = (stdout: string): ReportDocument => JSON.parse(stdout) as ReportDocument;
const find = (doc: ReportDocument, rule: string, address?: string): ReportResult[] =>
  doc.results.filter((r) => r.rule.id === rule && (address === undefined || r.resource.address === address));

const project = (files: Record<string, string>): string => tempTree('vigil-precision', files);

const SG = `resource "aws_security_group" "app" {
  name        = "app"
  description = "application servers"
}

resource "aws_security_group_rule" "https" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}

resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}
`;

describe('the failing element is the location', () => {
  it('points every format at the companion rule that opens SSH, with the security group related', () => {
    const dir = project({ 'sg.tf': SG });
    const run = vigil(['scan', '.', '--format', 'json,sarif,junit,markdown,gitlab,console', '--output', 'out'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = json(readFileSync(join(dir, 'out/vigil.json'), 'utf8'));
    const [ssh] = find(doc, 'aws-ec2-sg-no-public-ssh', 'aws_security_group.app');
    expect(ssh!.status).toBe('fail');
    expect(ssh!.location).toEqual({ file: 'sg.tf', startLine: 15, endLine: 22, address: 'aws_security_group_rule.ssh' });
    expect(ssh!.relatedLocations).toEqual([
      { address: 'aws_security_group.app', file: 'sg.tf', startLine: 1, endLine: 4 },
      { address: 'aws_security_group_rule.https', file: 'sg.tf', startLine: 6, endLine: 13 },
    ]);
    // A passing result of the same resource stays at the resource's own block.
    const [described] = find(doc, 'aws-ec2-sg-no-public-rdp', 'aws_security_group.app');
    expect(described!.status).toBe('pass');
    expect(described!.location).toEqual({ file: 'sg.tf', startLine: 1, endLine: 4 });

    const sarif = JSON.parse(readFileSync(join(dir, 'out/vigil.sarif'), 'utf8')) as Sarif.Log;
    const result = sarif.runs[0]!.results!.find((r) => r.ruleId === 'aws-ec2-sg-no-public-ssh')!;
    expect(result.locations![0]!.physicalLocation!.region).toEqual({ startLine: 15, endLine: 22 });
    expect(result.relatedLocations![0]).toMatchObject({ physicalLocation: { region: { startLine: 1, endLine: 4 } }, message: { text: 'aws_security_group.app' } });

    const junit = readFileSync(join(dir, 'out/vigil.junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase classname="vigil\.aws-ec2-sg-no-public-ssh" name="aws_security_group\.app" file="sg\.tf" line="15"/);
    expect(readFileSync(join(dir, 'out/vigil.md'), 'utf8')).toContain('`sg.tf:15`');
    const gitlab = JSON.parse(readFileSync(join(dir, 'out/vigil.codequality.json'), 'utf8')) as Array<{ check_name: string; location: { path: string; lines: { begin: number } } }>;
    expect(gitlab.find((i) => i.check_name === 'aws-ec2-sg-no-public-ssh')!.location).toEqual({ path: 'sg.tf', lines: { begin: 15, end: 22 } });
    expect(readFileSync(join(dir, 'out/vigil.txt'), 'utf8')).toContain('aws_security_group.app via aws_security_group_rule.ssh (sg.tf:15-22)');
  });

  it('keeps the resource block as the location when its own inline rule fails too', () => {
    const dir = project({
      'sg.tf': SG.replace('description = "application servers"', 'description = "application servers"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }'),
    });
    const doc = json(vigil(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
    const [ssh] = find(doc, 'aws-ec2-sg-no-public-ssh');
    expect(ssh!.location).toEqual({ file: 'sg.tf', startLine: 1, endLine: 10 });
  });
});

describe('identities that never collide', () => {
  const git = (dir: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: dir, encoding: 'utf8' });
  const MODULE = `variable "encrypted" {
  type = bool
}

resource "aws_db_instance" "this" {
  identifier                          = "db"
  engine                              = "postgres"
  instance_class                      = "db.t3.micro"
  storage_encrypted                   = var.encrypted
  multi_az                            = true
  backup_retention_period             = 14
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  monitoring_interval                 = 60
  monitoring_role_arn                 = "arn:aws:iam::111122223333:role/rds-monitoring"
}
`;
  // The database is in a daily backup plan, so the only failure is the one the tests are about.
  const BACKUP = backupPlanTf('db', 'aws_db_instance.this.arn');
  const root = (encrypted: boolean): string => `module "db" {
  source    = "../../modules/db"
  encrypted = ${encrypted}
}
`;
  // A repository: the scanned tree is its root, so modules beside envs/ are read (see 'Scanning untrusted code').
  const estate = (): string => {
    const dir = project({ 'modules/db/main.tf': MODULE, 'modules/db/backup.tf': BACKUP, 'envs/dev/main.tf': root(false), 'envs/prod/main.tf': root(true) });
    mkdirSync(join(dir, '.git'));
    return dir;
  };
  const encrypted = (doc: ReportDocument, rootDir: string): ReportResult =>
    doc.results.find((r) => r.rule.id === 'aws-rds-instance-encrypted' && r.resource.root === rootDir)!;

  it('names the root and the module call, and keeps prod turning encryption off new against a baseline with dev', () => {
    const dir = estate();
    expect(vigil(['baseline', 'create', 'envs'], { cwd: dir }).code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, '.vigil-baseline.json'), 'utf8')) as { schemaVersion: string; entries: Array<{ fingerprint: string; root?: string }> };
    expect(baseline.schemaVersion).toBe('1.1');
    expect(baseline.entries.map((e) => e.fingerprint)).toContain('aws-rds-instance-encrypted|envs/dev|module.db.aws_db_instance.this|storage_encrypted');

    writeFileSync(join(dir, 'envs/prod/main.tf'), root(false));
    const run = vigil(['scan', 'envs', '--baseline', '.vigil-baseline.json', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = json(run.stdout);
    const dev = encrypted(doc, 'envs/dev');
    const prod = encrypted(doc, 'envs/prod');
    expect(dev).toMatchObject({ status: 'fail', baseline: 'existing' });
    expect(prod).toMatchObject({ status: 'fail', baseline: 'new' });
    expect(prod.fingerprint).not.toBe(dev.fingerprint);
    expect(prod.resource.moduleCalls).toEqual([{ address: 'module.db', source: '../../modules/db', file: 'envs/prod/main.tf', line: 1 }]);
    expect(doc.comparison).toMatchObject({ new: 1, existing: 1 });

    // Two roots: the console, SARIF and HTML say which one.
    const console = vigil(['scan', 'envs', '--baseline', '.vigil-baseline.json'], { cwd: dir }).stdout;
    expect(console).toContain('envs/prod: module.db.aws_db_instance.this (modules/db/main.tf:5-17)');
    const sarif = JSON.parse(vigil(['scan', 'envs', '--format', 'sarif'], { cwd: dir }).stdout) as Sarif.Log;
    const names = sarif.runs[0]!.results!.filter((r) => r.ruleId === 'aws-rds-instance-encrypted').map((r) => r.locations![0]!.logicalLocations![0]!.fullyQualifiedName);
    expect(names.sort()).toEqual(['envs/dev/module.db.aws_db_instance.this', 'envs/prod/module.db.aws_db_instance.this']);
    const html = vigil(['scan', 'envs', '--format', 'html'], { cwd: dir }).stdout;
    expect(html).toContain('root <code>envs/prod</code>');
  });

  it('keeps a baseline written before roots were in fingerprints matching, in every root, and says so', () => {
    const dir = estate();
    // What the previous version wrote: schemaVersion 1.0, fingerprints without the root.
    writeFileSync(
      join(dir, 'old-baseline.json'),
      JSON.stringify({
        schemaVersion: '1.0',
        createdAt: '2026-01-01T00:00:00.000Z',
        tool: { name: 'vigil', version: '0.1.0' },
        entries: [{ fingerprint: 'aws-rds-instance-encrypted|module.db.aws_db_instance.this|storage_encrypted', rule: 'aws-rds-instance-encrypted', resource: 'module.db.aws_db_instance.this', message: 'x' }],
      }),
    );
    const run = vigil(['scan', 'envs', '--baseline', 'old-baseline.json', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    const doc = json(run.stdout);
    expect(encrypted(doc, 'envs/dev')).toMatchObject({ status: 'fail', baseline: 'existing' });
    expect(doc.comparison).toMatchObject({ new: 0, existing: 1, fixed: [], legacyEntries: 1 });
    const console = vigil(['scan', 'envs', '--baseline', 'old-baseline.json'], { cwd: dir }).stdout;
    expect(console).toContain('1 baseline entries predate root folders in fingerprints');
  });

  it('vigil diff compares a report from before roots were in fingerprints on the old form', () => {
    const dir = estate();
    const now = vigil(['scan', 'envs', '--format', 'json'], { cwd: dir }).stdout;
    // The same report as the previous version wrote it: no roots, fingerprints without them.
    const old = json(now);
    for (const r of old.results) {
      if (r.resource.root === undefined) continue;
      r.fingerprint = r.fingerprint.replace(`${r.rule.id}|${r.resource.root}|`, `${r.rule.id}|`);
      delete r.resource.root;
      delete r.resource.moduleCalls;
    }
    writeFileSync(join(dir, 'old.json'), JSON.stringify(old));
    writeFileSync(join(dir, 'new.json'), now);
    const diff = JSON.parse(vigil(['diff', 'old.json', 'new.json', '--format', 'json'], { cwd: dir }).stdout) as { newFailures: unknown[]; resolved: unknown[] };
    expect(diff.newFailures).toEqual([]);
    expect(diff.resolved).toEqual([]);
  });

  it('reports prod turning encryption off as new with --changed-since, although dev failed at the merge base', () => {
    const dir = estate();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    git(dir, 'checkout', '-qb', 'feature');
    writeFileSync(join(dir, 'envs/prod/main.tf'), root(false));
    git(dir, 'commit', '-qam', 'prod unencrypted');
    const run = vigil(['scan', 'envs', '--changed-since', 'main', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = json(run.stdout);
    expect(encrypted(doc, 'envs/prod')).toMatchObject({ status: 'fail', baseline: 'new' });
    expect(encrypted(doc, 'envs/dev')).toMatchObject({ status: 'fail', baseline: 'existing' });
    expect(doc.comparison).toMatchObject({ kind: 'changed-since', new: 1, existing: 1 });
  });

  it('names the root and module instance in a warning from a module that two roots call', () => {
    const dir = project({
      'modules/db/main.tf': MODULE.replace('identifier                          = "db"', 'identifier                          = "db"\n  allocated_storage                   = "abc" + 1'),
      'envs/dev/main.tf': root(false),
      'envs/prod/main.tf': root(true),
    });
    mkdirSync(join(dir, '.git'));
    const doc = json(vigil(['scan', 'envs', '--format', 'json'], { cwd: dir }).stdout);
    const problems = doc.errors.filter((e) => e.file === 'modules/db/main.tf' && e.message.includes('a number is required'));
    expect(problems.map((p) => [p.root, p.module])).toEqual([
      ['envs/dev', 'module.db'],
      ['envs/prod', 'module.db'],
    ]);
    const console = vigil(['scan', 'envs'], { cwd: dir }).stdout;
    expect(console).toContain('(root envs/prod, module.db)');
  });
});

describe('facet-precise references', () => {
  const bucket = (ignore: string): string => `resource "aws_s3_bucket" "b" {
  bucket = "clinic-exports"
}

${ignore}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`;

  it('a Trivy ignore of block_public_acls leaves block_public_policy failing, exit 1, and says the ignore was partial', () => {
    const dir = project({ 'main.tf': bucket('#trivy:ignore:AVD-AWS-0086 -- ACLs are disabled on this bucket') });
    const run = vigil(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = json(run.stdout);
    const [result] = find(doc, 'aws-s3-bucket-public-access-block');
    expect(result!.status).toBe('fail');
    expect(result!.location).toMatchObject({ address: 'aws_s3_bucket_public_access_block.b', startLine: 6 });
    const ids = result!.references!.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['AVD-AWS-0086', 'AVD-AWS-0087', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV2_AWS_6']));
    expect(ids).not.toContain('AVD-AWS-0091');
    expect(ids).not.toContain('AVD-AWS-0094');
    expect(result!.rule.references.map((r) => r.id)).toContain('AVD-AWS-0091');
    expect(result!.partialIgnores).toEqual([{ source: 'trivy', id: 'AVD-AWS-0086', file: 'main.tf', line: 5, uncovered: ['block_public_policy'] }]);
    expect(doc.errors).toContainEqual(expect.objectContaining({ file: 'main.tf', line: 5, suppression: 'partial' }));

    const console = vigil(['scan', '.'], { cwd: dir }).stdout;
    expect(console).toContain('partial ignore: trivy AVD-AWS-0086 (main.tf:5) does not cover block_public_policy, so this still fails');
    expect(console).toMatch(/partial {2}main\.tf:5: trivy ignore of AVD-AWS-0086 covers only part of aws-s3-bucket-public-access-block/);
  });

  it('ignores naming every failing facet together suppress the result; a whole-rule peer ID suppresses alone', () => {
    const both = project({ 'main.tf': bucket('#trivy:ignore:AVD-AWS-0086 -- ACLs are disabled\n#checkov:skip=CKV_AWS_54:the policy is managed centrally') });
    const run = vigil(['scan', '.', '--format', 'json'], { cwd: both });
    const [result] = find(json(run.stdout), 'aws-s3-bucket-public-access-block');
    expect(result!.status).toBe('suppressed');
    expect(json(run.stdout).errors.filter((e) => e.suppression !== undefined)).toEqual([]);

    const whole = project({ 'main.tf': bucket('#checkov:skip=CKV2_AWS_6:a static website') });
    const [wholeResult] = find(json(vigil(['scan', '.', '--format', 'json'], { cwd: whole }).stdout), 'aws-s3-bucket-public-access-block');
    expect(wholeResult!.status).toBe('suppressed');
  });

  it('lists the peer IDs of each failing password policy setting', () => {
    const dir = project({
      'iam.tf': `resource "aws_iam_account_password_policy" "this" {
  minimum_password_length      = 8
  require_uppercase_characters = true
  require_lowercase_characters = true
  require_numbers              = true
  require_symbols              = true
  password_reuse_prevention    = 24
  max_password_age             = 90
}
`,
    });
    const [result] = find(json(vigil(['scan', '.', '--format', 'json'], { cwd: dir }).stdout), 'aws-iam-password-policy');
    expect(result!.status).toBe('fail');
    expect(result!.references).toEqual([
      { source: 'checkov', id: 'CKV_AWS_10' },
      { source: 'trivy', id: 'AVD-AWS-0063' },
      { source: 'prowler', id: 'iam_password_policy_minimum_length_14' },
      { source: 'aws_config', id: 'iam-password-policy' },
    ]);
  });
});
