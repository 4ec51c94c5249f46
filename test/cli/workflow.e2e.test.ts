import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry, repoRoot, vigil } from '../helpers/cli.js';
import type { ReportDocument, ReportResult } from '../../src/report/document.js';
import { backupPlanTf, writeTree } from '../helpers/tree.js';

/** The branch workflow end to end, in temporary folders and git repositories, through the real CLI. */

const json = (stdout: string): ReportDocument => JSON.parse(stdout) as ReportDocument;
const find = (doc: ReportDocument, rule: string, address?: string): ReportResult[] =>
  doc.results.filter((r) => r.rule.id === rule && (address === undefined || r.resource.address === address));

/**
 * Every database of these projects is in a daily backup plan (in a file of its own, so line
 * numbers in the tests stay put): the tests are about suppressions, baselines and diffs, not backups.
 */
const BACKUP_PLAN = backupPlanTf('all_databases', '"arn:aws:rds:*:*:db:*"');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-wf-'));
  // Beside every file that declares a database, in the same module folder.
  for (const name of Object.keys(files).filter((n) => n.endsWith('.tf') && files[n]!.includes('"aws_db_instance"'))) {
    const backupFile = join(name, '..', 'backup.tf');
    if (!(backupFile in files)) files = { ...files, [backupFile]: BACKUP_PLAN };
  }
  writeTree(dir, files);
  return dir;
}

/** A database that meets every RDS rule except that it is publicly accessible. */
const publicDb = (name: string, extra = ''): string => `resource "aws_db_instance" "${name}" {
  identifier                          = "${name}"
  engine                              = "postgres"
  storage_encrypted   = true
  publicly_accessible = true
  multi_az                            = true
  backup_retention_period             = 14
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  monitoring_interval                 = 60
  monitoring_role_arn                 = "arn:aws:iam::111122223333:role/rds-monitoring"
${extra}}
`;

describe('inline ignores', () => {
  it('suppress with a reason, keep the result in the report, and leave the gate green', () => {
    const dir = project({ 'main.tf': `# vigil:ignore aws-rds-instance-not-public -- reporting replica behind an allow-list\n${publicDb('reports')}` });
    const run = vigil(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    const [result] = find(json(run.stdout), 'aws-rds-instance-not-public');
    expect(result).toMatchObject({ status: 'suppressed', suppression: { reason: 'reporting replica behind an allow-list' } });
  });

  it('report an ignore without a reason, an expired one, and one that matches nothing, suppressing nothing', () => {
    const dir = project({
      'a.tf': `# vigil:ignore aws-rds-instance-not-public\n${publicDb('a')}`,
      'b.tf': `// vigil:ignore aws-rds-instance-not-public exp:2020-01-31 -- until the migration\n${publicDb('b')}`,
      'c.tf': `# vigil:ignore aws-rds-instance-encrypted -- it is encrypted anyway\n${publicDb('c')}`,
    });
    const run = vigil(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = json(run.stdout);
    expect(find(doc, 'aws-rds-instance-not-public').map((r) => r.status)).toEqual(['fail', 'fail', 'fail']);
    const messages = doc.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
    expect(messages).toContain('a.tf:1: ignore of aws-rds-instance-not-public has no reason, so it suppresses nothing: add "-- <why>"');
    expect(messages).toContain('b.tf:1: ignore of aws-rds-instance-not-public expired on 2020-01-31 and no longer suppresses');
    expect(messages).toContain('c.tf:1: ignore of aws-rds-instance-encrypted matches no failing result: remove it');
  });

  it('suppress one for_each instance by key, and honour Checkov and Trivy IDs the rule references', () => {
    const dir = project({
      'main.tf': `# vigil:ignore aws-rds-instance-not-public["dev"] -- dev database with synthetic data only
resource "aws_db_instance" "db" {
  for_each                            = toset(["dev", "prod"])
  identifier                          = "db-\${each.key}"
  engine                              = "postgres"
  storage_encrypted                   = true
  publicly_accessible                 = true
  multi_az                            = true
  backup_retention_period             = 14
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
}
#checkov:skip=CKV_AWS_17:vendor appliance, isolated by a firewall
${publicDb('vendor')}
#trivy:ignore:AVD-AWS-0180 -- read replica for the BI tool
${publicDb('bi')}`,
    });
    const doc = json(vigil(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
    const status = (address: string): string => find(doc, 'aws-rds-instance-not-public', address)[0]!.status;
    expect(status('aws_db_instance.db["dev"]')).toBe('suppressed');
    expect(status('aws_db_instance.db["prod"]')).toBe('fail');
    expect(status('aws_db_instance.vendor')).toBe('suppressed');
    expect(find(doc, 'aws-rds-instance-not-public', 'aws_db_instance.vendor')[0]!.suppression!.reason).toBe('vendor appliance, isolated by a firewall');
    expect(status('aws_db_instance.bi')).toBe('suppressed');
  });

  it('hold Checkov and Trivy ignores to the same rules: no reason, no suppression; an expired Trivy one is reported', () => {
    const dir = project({
      'main.tf': `#checkov:skip=CKV_AWS_17
${publicDb('vendor')}
#trivy:ignore:AVD-AWS-0180
${publicDb('bi')}
#trivy:ignore:AVD-AWS-0180:exp:2020-06-30 -- until the BI tool moved
${publicDb('old_bi')}
#checkov:skip=CKV_AWS_999999:a check Vigil has no rule for
${publicDb('other')}`,
    });
    const run = vigil(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = json(run.stdout);
    expect(find(doc, 'aws-rds-instance-not-public').map((r) => r.status)).toEqual(['fail', 'fail', 'fail', 'fail']);
    const problems = doc.errors.map((e) => `${e.line} ${e.suppression}: ${e.message}`);
    expect(problems).toEqual([
      '1 missing-reason: ignore of CKV_AWS_17 has no reason, so it suppresses nothing: add "-- <why>"',
      '16 missing-reason: ignore of AVD-AWS-0180 has no reason, so it suppresses nothing: add "-- <why>"',
      '31 expired: ignore of AVD-AWS-0180 expired on 2020-06-30 and no longer suppresses',
    ]);
  });

  it('suppress from an attribute-level comment inside the block', () => {
    const dir = project({
      'main.tf': `resource "aws_db_instance" "x" {\n  storage_encrypted = true\n  # vigil:ignore aws-rds-instance-not-public -- public by design, see ADR-7\n  publicly_accessible = true\n}\n`,
    });
    expect(find(json(vigil(['scan', '.', '--format', 'json'], { cwd: dir }).stdout), 'aws-rds-instance-not-public')[0]!.status).toBe('suppressed');
  });
});

describe('ignores on a module call', () => {
  /** A module that creates one database per name, each public and unencrypted. */
  const dbModule = `variable "names" {
  type = list(string)
}
resource "aws_db_instance" "this" {
  for_each                            = toset(var.names)
  identifier                          = each.key
  engine                              = "postgres"
  storage_encrypted                   = false
  publicly_accessible                 = true
  multi_az                            = true
  backup_retention_period             = 14
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
}
`;

  it('suppress everything the module creates, one instance by key, and report an unused one', () => {
    const dir = project({
      'modules/db/main.tf': dbModule,
      'envs/prod/main.tf': `# vigil:ignore aws-rds-instance-not-public -- analytics replicas sit behind an allow-list
module "analytics" {
  source = "../../modules/db"
  names  = ["x", "y"]
}

# vigil:ignore aws-rds-instance-encrypted["dev"] exp:2099-01-01 -- dev holds synthetic data only
module "apps" {
  source = "../../modules/db"
  names  = ["dev", "prod"]
}

# vigil:ignore aws-rds-instance-encrypted["blue"] -- the blue copy is a throwaway
module "fleet" {
  for_each = toset(["blue", "green"])
  source   = "../../modules/db"
  names    = ["one"]
}

// vigil:ignore aws-rds-instance-not-public -- nothing in here is public any more
module "retired" {
  source = "../../modules/db"
  names  = []
}
`,
    });
    // A repository: the modules above the scanned folder are inside the tree Vigil may read.
    mkdirSync(join(dir, '.git'));
    const run = vigil(['scan', 'envs/prod', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = json(run.stdout);
    const status = (rule: string, address: string): string | undefined => find(doc, rule, address)[0]?.status;
    // The whole module: both instances, only the rule named.
    for (const key of ['x', 'y']) {
      const address = `module.analytics.aws_db_instance.this["${key}"]`;
      expect(find(doc, 'aws-rds-instance-not-public', address)[0]).toMatchObject({
        status: 'suppressed',
        suppression: { reason: 'analytics replicas sit behind an allow-list', source: 'vigil', file: 'envs/prod/main.tf', line: 1 },
      });
      expect(status('aws-rds-instance-encrypted', address)).toBe('fail');
    }
    // [key] on a module without for_each: the resource instance inside it.
    expect(find(doc, 'aws-rds-instance-encrypted', 'module.apps.aws_db_instance.this["dev"]')[0]).toMatchObject({
      status: 'suppressed',
      suppression: { reason: 'dev holds synthetic data only', expires: '2099-01-01' },
    });
    expect(status('aws-rds-instance-encrypted', 'module.apps.aws_db_instance.this["prod"]')).toBe('fail');
    expect(status('aws-rds-instance-not-public', 'module.apps.aws_db_instance.this["dev"]')).toBe('fail');
    // [key] on a module with for_each: that instance of the module.
    expect(status('aws-rds-instance-encrypted', 'module.fleet["blue"].aws_db_instance.this["one"]')).toBe('suppressed');
    expect(status('aws-rds-instance-encrypted', 'module.fleet["green"].aws_db_instance.this["one"]')).toBe('fail');
    // A module that creates nothing failing: its ignore is reported, and suppresses nothing.
    const messages = doc.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
    expect(messages).toEqual(['envs/prod/main.tf:20: ignore of aws-rds-instance-not-public matches no failing result: remove it']);
    expect(doc.summary.byStatus.suppressed).toBe(4);
  });

  it('cover only the module block they sit on, not a call of the same name in another root', () => {
    const call = 'module "analytics" {\n  source = "../../modules/db"\n  names  = ["x"]\n}\n';
    const dir = project({
      'modules/db/main.tf': dbModule,
      'envs/prod/main.tf': `# vigil:ignore aws-rds-instance-not-public -- prod replicas sit behind an allow-list\n${call}`,
      'envs/staging/main.tf': call,
    });
    mkdirSync(join(dir, '.git'));
    const doc = json(vigil(['scan', 'envs', '--format', 'json'], { cwd: dir }).stdout);
    // The same address once through each root: suppressed through prod only.
    const statuses = find(doc, 'aws-rds-instance-not-public', 'module.analytics.aws_db_instance.this["x"]').map((r) => r.status);
    expect(statuses.sort()).toEqual(['fail', 'suppressed']);
    const suppressed = find(doc, 'aws-rds-instance-not-public').filter((r) => r.status === 'suppressed');
    expect(suppressed.map((r) => r.suppression?.file)).toEqual(['envs/prod/main.tf']);
  });

  it('do not suppress without a reason, nor once expired', () => {
    const dir = project({
      'modules/db/main.tf': dbModule,
      'main.tf': `# vigil:ignore aws-rds-instance-not-public
module "a" {
  source = "./modules/db"
  names  = ["one"]
}
# vigil:ignore aws-rds-instance-not-public exp:2021-06-30 -- until the VPN is in
module "b" {
  source = "./modules/db"
  names  = ["one"]
}
`,
    });
    const run = vigil(['scan', '.', '--format', 'json'], { cwd: dir });
    const doc = json(run.stdout);
    expect(find(doc, 'aws-rds-instance-not-public', 'module.a.aws_db_instance.this["one"]')[0]!.status).toBe('fail');
    expect(find(doc, 'aws-rds-instance-not-public', 'module.b.aws_db_instance.this["one"]')[0]!.status).toBe('fail');
    const messages = doc.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
    expect(messages).toContain('main.tf:1: ignore of aws-rds-instance-not-public has no reason, so it suppresses nothing: add "-- <why>"');
    expect(messages).toContain('main.tf:6: ignore of aws-rds-instance-not-public expired on 2021-06-30 and no longer suppresses');
  });
});

describe('.vigil.yaml', () => {
  it('is found by walking up, and its suppressions, severities and fail-on apply; flags win', () => {
    const dir = project({
      '.vigil.yaml': `fail-on: high
rules:
  aws-rds-instance-encrypted:
    severity: low
suppressions:
  - rule: aws-rds-instance-not-public
    resource: aws_db_instance.reports
    reason: reporting replica, allow-listed
    owner: data-team@example.org
    expires: 2099-12-31
`,
      'infra/main.tf': publicDb('reports') + publicDb('other').replace('storage_encrypted   = true', 'storage_encrypted   = false'),
    });
    const run = vigil(['scan', 'infra', '--format', 'json'], { cwd: dir });
    const doc = json(run.stdout);
    expect(find(doc, 'aws-rds-instance-not-public', 'aws_db_instance.reports')[0]).toMatchObject({
      status: 'suppressed',
      suppression: { reason: 'reporting replica, allow-listed', owner: 'data-team@example.org', expires: '2099-12-31' },
    });
    expect(find(doc, 'aws-rds-instance-encrypted', 'aws_db_instance.other')[0]).toMatchObject({ status: 'fail', rule: { severity: 'low' } });
    expect(run.code).toBe(1); // aws_db_instance.other is still public: critical
    // fail-on high from the file: the low-severity encryption failure alone would not fail...
    const onlyLow = project({ '.vigil.yaml': readFileSync(join(dir, '.vigil.yaml'), 'utf8'), 'main.tf': publicDb('reports').replace('storage_encrypted   = true', 'storage_encrypted   = false') });
    expect(vigil(['scan', '.'], { cwd: onlyLow }).code).toBe(0);
    // ...unless the flag says otherwise.
    expect(vigil(['scan', '.', '--fail-on', 'low'], { cwd: onlyLow }).code).toBe(1);
  });

  it('lists every problem of an invalid file with its field, line and what is allowed, and exits 2', () => {
    const dir = project({
      '.vigil.yaml': `fail-on: sometimes
colour: blue
suppressions:
  - rule: aws-rds-instance-not-public
  - resource: aws_db_instance.x
    reason: fine
    expires: next year
rules:
  no-such-rule:
    severity: high
`,
      'main.tf': publicDb('x'),
    });
    const run = vigil(['scan', '.'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the configuration');
    expect(run.stderr).toContain('fail-on (line 1): must be one of critical, high, medium, low, none');
    expect(run.stderr).toContain('colour (line 2): is not a known field');
    expect(run.stderr).toContain('suppressions.0 (line 4): missing required field "reason"');
    expect(run.stderr).toContain('suppressions.1.expires (line 7): "next year" is not valid (expected a date as YYYY-MM-DD)');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const unknownRule = project({ '.vigil.yaml': 'rules:\n  no-such-rule:\n    severity: high\n', 'main.tf': publicDb('x') });
    const second = vigil(['scan', '.'], { cwd: unknownRule });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('rules.no-such-rule: no such rule');
  });

  it('rejects every malformed field, each with its line and what is allowed', () => {
    const dir = project({
      '.vigil.yaml': `frameworks: hipaa
fail-on: high
rules:
  aws-rds-instance-encrypted:
    severity: urgent
    parameters: 7
    enabled: "no"
skip-paths:
  - ""
suppressions:
  - rule: ""
    reason: ok
    owner: ""
    account: "1234"
    region: Frankfurt
    team: x
  - reason: no selector at all
  - rule: aws-rds-instance-encrypted
    reason: fine for now
    expires: 2026-02-30x
attestations: ""
attestation-max-age-days: 0
aws:
  regions: eu-west-1
  role-arn: "arn:aws:iam::123:user/x"
  external-id: 42
  accounts: ["12"]
  max-rps: 0
  concurrency: 1.5
  profile: default
`,
      'main.tf': publicDb('x'),
    });
    const run = vigil(['scan', '.'], { cwd: dir });
    expect(run.code).toBe(2);
    const problems = run.stderr.split('\n').slice(1).filter(Boolean).map((line) => line.trim());
    expect(problems.sort()).toEqual(
      [
        'frameworks (line 1): must be a list',
        'rules.aws-rds-instance-encrypted.severity (line 5): must be one of critical, high, medium, low, info',
        'rules.aws-rds-instance-encrypted.parameters (line 6): must be a mapping of names to values',
        'rules.aws-rds-instance-encrypted.enabled (line 7): must be true or false',
        'skip-paths.0 (line 9): must not be empty',
        'suppressions.0.rule (line 11): must not be empty',
        'suppressions.0.reason (line 12): must be at least 3 characters',
        'suppressions.0.owner (line 13): must not be empty',
        'suppressions.0.account (line 14): "1234" is not valid (expected a 12-digit account ID)',
        'suppressions.0.region (line 15): "Frankfurt" is not valid (expected a region such as eu-central-1)',
        'suppressions.0.team (line 16): is not a known field (see "vigil init" for every field)',
        'suppressions.1 (line 17): must name at least one of rule, resource, path, account or region',
        'suppressions.2.expires (line 20): "2026-02-30x" is not valid (expected a date as YYYY-MM-DD)',
        'attestations (line 21): must not be empty',
        'attestation-max-age-days (line 22): must be 1 or more',
        'aws.regions (line 24): must be a list',
        'aws.role-arn (line 25): "arn:aws:iam::123:user/x" is not valid (expected arn:aws:iam::{account}:role/NAME)',
        'aws.external-id (line 26): must be text',
        'aws.accounts.0 (line 27): "12" is not valid (expected a 12-digit account ID)',
        'aws.max-rps (line 28): must be 1 or more',
        'aws.concurrency (line 29): must be a whole number',
        'aws.profile (line 30): is not a known field (see "vigil init" for every field)',
      ].sort(),
    );
    const rejects = (config: string): string => {
      const one = vigil(['scan', '.'], { cwd: project({ '.vigil.yaml': config, 'main.tf': publicDb('x') }) });
      expect(one.code).toBe(2);
      expect(one.stderr).not.toMatch(/\n\s+at /);
      return one.stderr;
    };
    expect(rejects('frameworks: [soc2, hipaa]\n')).toContain('frameworks: no framework "soc2" (choose from gdpr, hipaa)');
    expect(rejects('frameworks: [hipaa, hipaa]\n')).toContain('frameworks (line 1): lists the same value twice');
    expect(rejects('suppressions:\n  rule: x\n')).toContain('suppressions.rule (line 2): is not a known field: suppressions is a list, or a mapping of requireOwner, requireExpiry, maxExpiryDays and entries (the list)');
    expect(rejects('fail-on: high\nfail-on: low\n')).toContain('line 2: not valid YAML: Map keys must be unique');
  });

  it('config suppressions by path glob and resource glob; expired and unused ones are reported and suppress nothing', () => {
    const dir = project({
      '.vigil.yaml': `suppressions:
  - path: "legacy/**"
    reason: legacy estate, decommissioned in Q3
    owner: platform@example.org
  - resource: "aws_db_instance.replica_*"
    rule: aws-rds-instance-not-public
    reason: replicas behind the BI allow-list
  - rule: aws-rds-instance-not-public
    resource: aws_db_instance.current
    reason: was accepted until the VPN went in
    expires: 2021-03-31
  - rule: aws-rds-instance-encrypted
    reason: nothing here is unencrypted
`,
      'legacy/db.tf': publicDb('old'),
      'main.tf': publicDb('replica_a') + publicDb('replica_b') + publicDb('current'),
    });
    const run = vigil(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = json(run.stdout);
    const status = (address: string): string => find(doc, 'aws-rds-instance-not-public', address)[0]!.status;
    expect(find(doc, 'aws-rds-instance-not-public', 'aws_db_instance.old')[0]).toMatchObject({
      status: 'suppressed',
      suppression: { source: 'config', reason: 'legacy estate, decommissioned in Q3', owner: 'platform@example.org', file: '.vigil.yaml', line: 2 },
    });
    expect(status('aws_db_instance.replica_a')).toBe('suppressed');
    expect(status('aws_db_instance.replica_b')).toBe('suppressed');
    expect(status('aws_db_instance.current')).toBe('fail');
    // Each configured suppression is named by the line its entry starts on.
    expect(doc.errors.map((e) => [e.file, e.suppression, e.message])).toEqual([
      ['.vigil.yaml', 'expired', 'suppressions[2] (aws-rds-instance-not-public) expired on 2021-03-31 and no longer suppresses'],
      ['.vigil.yaml', 'unused', 'suppressions[3] (aws-rds-instance-encrypted) matches no failing result'],
    ]);
    const console = vigil(['scan', '.'], { cwd: dir }).stdout;
    // Two roots (. and legacy) were scanned, so each resource names its root.
    expect(console).toContain('  aws-rds-instance-not-public  legacy: aws_db_instance.old · "legacy estate, decommissioned in Q3" · owner platform@example.org · config .vigil.yaml:2\n');
    expect(console).toContain('  expired  .vigil.yaml:8: suppressions[2] (aws-rds-instance-not-public) expired on 2021-03-31');
  });

  it('vigil init writes a starter file that scans cleanly, and refuses to overwrite it', () => {
    const dir = project({ 'main.tf': publicDb('x') });
    expect(vigil(['init'], { cwd: dir }).code).toBe(0);
    expect(existsSync(join(dir, '.vigil.yaml'))).toBe(true);
    expect(vigil(['scan', '.'], { cwd: dir }).code).toBe(1);
    const again = vigil(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(vigil(['init', '--force'], { cwd: dir }).code).toBe(0);
  });
});

describe('baselines', () => {
  it('record failures, match them after code moves, fail only on new ones, and list fixed entries', () => {
    const dir = project({ 'db.tf': publicDb('old') + publicDb('also_old') });
    const created = vigil(['baseline', 'create', '.'], { cwd: dir });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/wrote 2 failing result\(s\)/);
    expect(vigil(['scan', '.', '--baseline', '.vigil-baseline.json'], { cwd: dir }).code).toBe(0);

    // Move the code into another file, below a comment, and add a new public database.
    writeFileSync(join(dir, 'db.tf'), `# moved\n\n\n${publicDb('old')}`);
    writeFileSync(join(dir, 'new.tf'), publicDb('fresh'));
    const run = vigil(['scan', '.', '--baseline', '.vigil-baseline.json', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = json(run.stdout);
    expect(find(doc, 'aws-rds-instance-not-public', 'aws_db_instance.old')[0]!.baseline).toBe('existing');
    expect(find(doc, 'aws-rds-instance-not-public', 'aws_db_instance.fresh')[0]!.baseline).toBe('new');
    expect(doc.comparison).toMatchObject({ kind: 'baseline', new: 1, existing: 1 });
    expect(doc.comparison!.fixed.map((f) => f.resource)).toEqual(['aws_db_instance.also_old']);
  });

  it('refuses a file that is not a baseline', () => {
    const dir = project({ 'main.tf': publicDb('x'), 'bogus.json': '{"hello": 1}' });
    const run = vigil(['scan', '.', '--baseline', 'bogus.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bogus.json: not a Vigil baseline');
  });
});

describe('--changed-since', () => {
  const git = (dir: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: dir, encoding: 'utf8' });

  function repo(): string {
    const dir = project({
      'infra/variables.tf': 'variable "public" {\n  default = false\n}\n',
      'infra/db.tf': `${publicDb('claims').replace('publicly_accessible = true', 'publicly_accessible = var.public')}${publicDb('legacy')}`,
    });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    git(dir, 'checkout', '-qb', 'feature');
    return dir;
  }

  it('fails on what a variables-file change broke in an unchanged file, not on what was already failing', () => {
    const dir = repo();
    writeFileSync(join(dir, 'infra/variables.tf'), 'variable "public" {\n  default = true\n}\n');
    git(dir, 'commit', '-qam', 'make it public');
    const run = vigil(['scan', 'infra', '--changed-since', 'main', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = json(run.stdout);
    expect(find(doc, 'aws-rds-instance-not-public', 'aws_db_instance.claims')[0]!.baseline).toBe('new');
    expect(find(doc, 'aws-rds-instance-not-public', 'aws_db_instance.legacy')[0]!.baseline).toBe('existing');
    expect(doc.comparison).toMatchObject({ kind: 'changed-since', new: 1, existing: 1, fixed: [] });
    expect(run.stderr).toMatch(/this tree scanned in \d+ ms, the merge base [0-9a-f]{12} in \d+ ms/);
  });

  it('shows a fix as resolved and passes; uncommitted changes count too', () => {
    const dir = repo();
    writeFileSync(join(dir, 'infra/db.tf'), readFileSync(join(dir, 'infra/db.tf'), 'utf8').replace(/publicly_accessible = true/, 'publicly_accessible = false'));
    const run = vigil(['scan', 'infra', '--changed-since', 'main', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(json(run.stdout).comparison!.fixed.map((f) => f.resource)).toEqual(['aws_db_instance.legacy']);
  });

  it('catches what a tfvars change broke, and reads a --var-file as it was at the merge base', () => {
    const dir = repo();
    writeFileSync(join(dir, 'infra/terraform.tfvars'), 'public = false\n');
    mkdirSync(join(dir, 'envs'));
    writeFileSync(join(dir, 'envs/prod.tfvars'), 'public = false\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'variables files');
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--ff-only', 'feature');
    git(dir, 'checkout', '-q', 'feature');
    // The automatic terraform.tfvars: only it changes, the database's file does not.
    writeFileSync(join(dir, 'infra/terraform.tfvars'), 'public = true\n');
    const auto = vigil(['scan', 'infra', '--changed-since', 'main', '--format', 'json'], { cwd: dir });
    expect(auto.code).toBe(1);
    expect(find(json(auto.stdout), 'aws-rds-instance-not-public', 'aws_db_instance.claims')[0]!.baseline).toBe('new');
    git(dir, 'checkout', '-q', '--', 'infra/terraform.tfvars');
    // An explicit --var-file in the repository: the merge base is scanned with its own version.
    writeFileSync(join(dir, 'envs/prod.tfvars'), 'public = true\n');
    const explicit = vigil(['scan', 'infra', '--var-file', 'envs/prod.tfvars', '--changed-since', 'main', '--format', 'json'], { cwd: dir });
    expect(explicit.code).toBe(1);
    const doc = json(explicit.stdout);
    expect(find(doc, 'aws-rds-instance-not-public', 'aws_db_instance.claims')[0]!.baseline).toBe('new');
    expect(doc.comparison).toMatchObject({ new: 1, existing: 1, fixed: [] });
    // Unchanged, the same file gives nothing new.
    git(dir, 'checkout', '-q', '--', 'envs/prod.tfvars');
    expect(vigil(['scan', 'infra', '--var-file', 'envs/prod.tfvars', '--changed-since', 'main'], { cwd: dir }).code).toBe(0);
  });

  it('leaves nothing behind in the repository', () => {
    const dir = repo();
    writeFileSync(join(dir, 'infra/variables.tf'), 'variable "public" {\n  default = true\n}\n');
    vigil(['scan', 'infra', '--changed-since', 'main'], { cwd: dir });
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect(git(dir, 'status', '--porcelain')).toBe(' M infra/variables.tf\n');
  });

  it('explains a reference that does not exist, and a folder outside git', () => {
    const dir = repo();
    const bad = vigil(['scan', 'infra', '--changed-since', 'no-such-branch'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"no-such-branch" is not a commit, branch or tag');
    const outside = project({ 'main.tf': publicDb('x') });
    const notGit = vigil(['scan', '.', '--changed-since', 'main'], { cwd: outside });
    expect(notGit.code).toBe(2);
    expect(notGit.stderr).toContain('needs a git repository');
  });
});

describe('vigil diff', () => {
  it('shows new, resolved and still-failing results between two reports, in every format', () => {
    const before = project({ 'main.tf': publicDb('kept') + publicDb('fixed') });
    writeFileSync(join(before, 'q1.json'), vigil(['scan', '.', '--format', 'json'], { cwd: before }).stdout);
    writeFileSync(join(before, 'main.tf'), publicDb('kept') + publicDb('added'));
    writeFileSync(join(before, 'q2.json'), vigil(['scan', '.', '--format', 'json'], { cwd: before }).stdout);

    const asJson = vigil(['diff', 'q1.json', 'q2.json', '--format', 'json'], { cwd: before });
    expect(asJson.code).toBe(0);
    const diff = JSON.parse(asJson.stdout) as { newFailures: Array<{ resource: string }>; resolved: Array<{ resource: string }>; stillFailing: Array<{ resource: string }> };
    expect(diff.newFailures.map((e) => e.resource)).toEqual(['aws_db_instance.added']);
    expect(diff.resolved.map((e) => e.resource)).toEqual(['aws_db_instance.fixed']);
    expect(diff.stillFailing.map((e) => e.resource)).toEqual(['aws_db_instance.kept']);

    expect(vigil(['diff', 'q1.json', 'q2.json'], { cwd: before }).stdout).toMatch(/New failures: 1[\s\S]*Resolved: 1[\s\S]*Still failing: 1/);
    expect(vigil(['diff', 'q1.json', 'q2.json', '--format', 'markdown'], { cwd: before }).stdout).toContain('| New failures | 1 |');
    const html = vigil(['diff', 'q1.json', 'q2.json', '--format', 'html', '--output', 'diff.html'], { cwd: before });
    expect(html.code).toBe(0);
    expect(readFileSync(join(before, 'diff.html'), 'utf8')).toContain('<code>aws_db_instance.added</code>');
    expect(vigil(['diff', 'q1.json', 'q2.json', '--fail-on-new'], { cwd: before }).code).toBe(1);

    // Fix everything: the requirements the databases held back now pass.
    writeFileSync(join(before, 'main.tf'), publicDb('kept').replace('publicly_accessible = true', 'publicly_accessible = false'));
    writeFileSync(join(before, 'q3.json'), vigil(['scan', '.', '--format', 'json'], { cwd: before }).stdout);
    const fixed = JSON.parse(vigil(['diff', 'q2.json', 'q3.json', '--format', 'json'], { cwd: before }).stdout) as {
      resolved: Array<{ resource: string }>;
      requirements: Array<{ framework: string; citation: string; before: string; after: string }>;
    };
    expect(fixed.resolved.map((e) => e.resource)).toEqual(['aws_db_instance.added', 'aws_db_instance.kept']);
    expect(fixed.requirements.length).toBeGreaterThan(0);
    expect(fixed.requirements.every((r) => r.before === 'fail' && r.after !== 'fail')).toBe(true);
    expect(vigil(['diff', 'q2.json', 'q3.json'], { cwd: before }).stdout).toContain(fixed.requirements[0]!.citation);
  });

  it('refuses files that are not reports', () => {
    const dir = project({ 'a.json': '{}', 'b.json': 'not json' });
    const notReport = vigil(['diff', 'a.json', 'a.json'], { cwd: dir });
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toContain('a.json is not a Vigil JSON report');
    expect(vigil(['diff', 'b.json', 'a.json'], { cwd: dir }).stderr).toContain('b.json is not valid JSON');
  });
});

describe('the console lists the exceptions', () => {
  const estate = (): string =>
    project({
      '.vigil.yaml': `suppressions:
  - rule: aws-rds-instance-encrypted
    resource: aws_db_instance.reports
    reason: encrypted at the volume layer by the appliance
    owner: dba@example.org
    expires: 2099-06-30
`,
      'main.tf': `# vigil:ignore aws-rds-instance-not-public -- reporting replica behind an allow-list
${publicDb('reports').replace('storage_encrypted   = true', 'storage_encrypted   = false')}
#checkov:skip=CKV_AWS_17:vendor appliance, isolated by a firewall
${publicDb('vendor')}
#trivy:ignore:AVD-AWS-0180 -- read replica for the BI tool
${publicDb('bi')}`,
      'idle.tf': `# vigil:ignore aws-rds-instance-not-public
${publicDb('a')}
# vigil:ignore aws-rds-instance-not-public exp:2020-01-31 -- until the migration
${publicDb('b')}
# vigil:ignore aws-rds-instance-encrypted -- it is encrypted anyway
${publicDb('c')}`,
    });

  it('every suppression in effect with its source, reason, owner and expiry, and the ignores that suppress nothing', () => {
    const run = vigil(['scan', '.'], { cwd: estate() });
    expect(run.code).toBe(1);
    const out = run.stdout;
    expect(out).toContain('Suppressed (4):\n');
    expect(out).toContain('  aws-rds-instance-not-public  aws_db_instance.reports · "reporting replica behind an allow-list" · inline main.tf:1\n');
    expect(out).toContain(
      '  aws-rds-instance-encrypted  aws_db_instance.reports · "encrypted at the volume layer by the appliance" · owner dba@example.org · until 2099-06-30 · config .vigil.yaml:2\n',
    );
    expect(out).toMatch(/  aws-rds-instance-not-public {2}aws_db_instance\.vendor · "vendor appliance, isolated by a firewall" · checkov main\.tf:\d+\n/);
    expect(out).toMatch(/  aws-rds-instance-not-public {2}aws_db_instance\.bi · "read replica for the BI tool" · trivy main\.tf:\d+\n/);
    expect(out).toContain('Ignores not in effect (3):\n');
    expect(out).toContain('  missing-reason  idle.tf:1: ignore of aws-rds-instance-not-public has no reason');
    expect(out).toContain('  expired  idle.tf:16: ignore of aws-rds-instance-not-public expired on 2020-01-31');
    expect(out).toContain('  unused  idle.tf:31: ignore of aws-rds-instance-encrypted matches no failing result');
    // Listed once, in their own section, not again as problems with the input.
    expect(out).not.toContain('Problems with the input');
    expect(out).toMatch(/3 failed \(3 critical\) · \d+ passed · \d+ unknown · 4 suppressed\n$/);
    // Not a terminal: no colour codes.
    expect(out).not.toContain('\u001b[');
    // The JSON report says which problems are idle suppressions, passes its schema, and renders
    // the same section again without scanning.
    const dir = estate();
    const saved = vigil(['scan', '.', '--format', 'json', '--output', 'vigil.json'], { cwd: dir });
    expect(saved.code).toBe(1);
    const doc = json(readFileSync(join(dir, 'vigil.json'), 'utf8'));
    expect(doc.errors.map((e) => e.suppression).sort()).toEqual(['expired', 'missing-reason', 'unused']);
    const again = vigil(['report', 'vigil.json', '--format', 'console'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Suppressed (4):\n');
    expect(again.stdout).toContain('Ignores not in effect (3):\n');
  });

  it('--quiet keeps the ignores that need attention and drops the list of suppressions', () => {
    const run = vigil(['scan', '.', '--quiet'], { cwd: estate() });
    expect(run.stdout).not.toContain('Suppressed (');
    expect(run.stdout).toContain('Ignores not in effect (3):');
    expect(run.stdout).toContain('4 suppressed');
  });

  it('colour only on a terminal, and never with NO_COLOR', () => {
    const dir = estate();
    // `script` gives the CLI a pseudo-terminal, as a person at a shell would.
    const inTerminal = (env: Record<string, string>): string =>
      execFileSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cliEntry)} scan . --quiet`, '/dev/null'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm', ...env },
        encoding: 'utf8',
      }).toString();
    const run = (env: Record<string, string>): string => {
      try {
        return inTerminal(env);
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? ''); // exit 1: findings
      }
    };
    const coloured = run({});
    expect(coloured).toContain('\u001b[31m3 failed\u001b[0m');
    expect(coloured).toContain('\u001b[1mIgnores not in effect (3):\u001b[0m');
    const plain = run({ NO_COLOR: '1' });
    expect(plain).toContain('3 failed');
    expect(plain).not.toContain('\u001b[');
  });

  it('after a baseline: new failures in full, baselined ones and fixed entries one line each', () => {
    const dir = project({ 'db.tf': publicDb('old') + publicDb('also_old') });
    expect(vigil(['baseline', 'create', '.'], { cwd: dir }).code).toBe(0);
    writeFileSync(join(dir, 'db.tf'), publicDb('old') + publicDb('fresh'));
    const run = vigil(['scan', '.', '--baseline', '.vigil-baseline.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL  critical aws-rds-instance-not-public');
    expect(run.stdout.match(/^FAIL /gm)).toHaveLength(1);
    expect(run.stdout).toMatch(/^ {6}aws_db_instance\.fresh \(db\.tf:/m);
    expect(run.stdout).toContain('Compared with baseline .vigil-baseline.json: 1 new · 1 baselined · 1 fixed\n');
    expect(run.stdout).toContain('  baselined     critical aws-rds-instance-not-public  aws_db_instance.old (db.tf:1)\n');
    expect(run.stdout).toContain('  fixed                  aws-rds-instance-not-public  aws_db_instance.also_old\n');
    const quiet = vigil(['scan', '.', '--baseline', '.vigil-baseline.json', '--quiet'], { cwd: dir });
    expect(quiet.stdout).toContain('Compared with baseline .vigil-baseline.json: 1 new · 1 baselined · 1 fixed\n');
    expect(quiet.stdout).not.toContain('  baselined ');
  });

  it('after --changed-since: what failed at the merge base, and what the branch fixed', () => {
    const dir = project({ 'db.tf': publicDb('kept') + publicDb('fixed') });
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(dir, 'db.tf'), publicDb('kept'));
    const run = vigil(['scan', '.', '--changed-since', 'main'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/^FAIL /m);
    expect(run.stdout).toMatch(/Compared with main \(merge base [0-9a-f]{12}\): 0 new · 1 failed before · 1 fixed\n/);
    expect(run.stdout).toContain('  failed before critical aws-rds-instance-not-public  aws_db_instance.kept (db.tf:1)\n');
    expect(run.stdout).toContain('  fixed                  aws-rds-instance-not-public  aws_db_instance.fixed\n');
  });
});

describe('skip-paths', () => {
  it('never reads files under a skipped glob, not even broken ones', () => {
    const dir = project({
      '.vigil.yaml': 'skip-paths:\n  - "examples/**"\n',
      'examples/broken.tf': 'resource "x" {',
      'examples/public.tf': publicDb('example'),
      'main.tf': publicDb('real').replace('publicly_accessible = true', 'publicly_accessible = false'),
    });
    const run = vigil(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    const doc = json(run.stdout);
    expect(doc.errors.filter((e) => e.severity === 'error')).toEqual([]);
    expect(doc.results.every((r) => !r.location?.file.startsWith('examples/'))).toBe(true);
  });
});
