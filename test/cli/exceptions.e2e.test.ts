import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vigil, type CliRun } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { expectValidReport } from '../report/validate.js';

/**
 * The exceptions register, through the CLI: every exception in effect with its owner, approver,
 * expiry and where it was written, in JSON, HTML, Markdown and CSV; the ignores that suppress
 * nothing under their own heading; and the configuration's policy on owners and expiries.
 */

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const SOON = day(30);
const FAR = day(400);

const db = (name: string, settings: string): string => `resource "aws_db_instance" "${name}" {
  identifier          = "${name}"
  engine              = "postgres"
  instance_class      = "db.t3.medium"
${settings}
}
`;

const MAIN = [
  `# vigil:ignore aws-rds-instance-not-public exp:${SOON} owner:data-team approver:dana.whitfield -- reporting replica behind an allow-list\n` +
    db('reports', '  #checkov:skip=CKV_AWS_16:encrypted by the storage appliance\n  storage_encrypted   = false\n  publicly_accessible = true'),
  `# vigil:ignore aws-rds-instance-not-public owner:data-team -- legacy copy, retired with the old portal\n` + db('legacy', '  storage_encrypted   = true\n  publicly_accessible = true'),
  `# vigil:ignore aws-rds-instance-not-public exp:${FAR} owner:data-team -- archive kept open for the auditors\n` + db('archive', '  storage_encrypted   = true\n  publicly_accessible = true'),
  `# vigil:ignore aws-rds-instance-not-public exp:2020-01-31 -- accepted for the 2019 migration\n` + db('old', '  storage_encrypted   = true\n  publicly_accessible = true'),
  `# vigil:ignore aws-rds-instance-not-public\n` + db('noreason', '  storage_encrypted   = true\n  publicly_accessible = true'),
  `# vigil:ignore aws-rds-instance-encrypted -- nothing fails here\n` + db('fine', '  storage_encrypted   = true'),
].join('\n');

const CONFIG_ENTRY = `    - rule: aws-rds-instance-multi-az
      resource: aws_db_instance.reports
      reason: single-AZ reporting copy, rebuilt from backups
      owner: data-team
      approver: ciso@example.org
      expires: ${SOON}
`;

/** Line numbers of a text's lines that contain a string. */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('the exceptions register', () => {
  let dir: string;
  let run: CliRun;
  let report: ReportDocument;
  const out = (name: string): string => readFileSync(join(dir, 'out', name), 'utf8');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-exceptions-'));
    writeFileSync(join(dir, 'main.tf'), MAIN);
    writeFileSync(join(dir, '.vigil.yaml'), `suppressions:\n${CONFIG_ENTRY.replace(/^ {2}/gm, '')}`);
    run = vigil(['scan', '.', '--format', 'json,html,markdown,exceptions-csv,console', '--output', 'out'], { cwd: dir });
    report = JSON.parse(out('vigil.json')) as ReportDocument;
  });

  it('JSON: one entry per exception in effect, with owner, approver, expiry, where it was written and whether a peer wrote it', () => {
    expect(run.code).toBe(1);
    expectValidReport(report);
    const config = readFileSync(join(dir, '.vigil.yaml'), 'utf8');
    expect(report.exceptions).toEqual([
      {
        rule: 'aws-rds-instance-encrypted', severity: 'high', resource: 'aws_db_instance.reports', root: '.', kind: 'aws.rds.db_instance',
        reason: 'encrypted by the storage appliance', status: 'fail', source: 'checkov', where: `main.tf:${lineOf(MAIN, 'checkov:skip')}`, peer: true,
      },
      {
        rule: 'aws-rds-instance-multi-az', severity: expect.any(String), resource: 'aws_db_instance.reports', root: '.', kind: 'aws.rds.db_instance',
        reason: 'single-AZ reporting copy, rebuilt from backups', owner: 'data-team', approver: 'ciso@example.org', expires: SOON, status: 'fail', source: 'config',
        where: `.vigil.yaml:${lineOf(config, '- rule: aws-rds-instance-multi-az')}`, peer: false,
      },
      {
        rule: 'aws-rds-instance-not-public', severity: expect.any(String), resource: 'aws_db_instance.reports', root: '.', kind: 'aws.rds.db_instance',
        reason: 'reporting replica behind an allow-list', owner: 'data-team', approver: 'dana.whitfield', expires: SOON, status: 'fail', source: 'vigil',
        where: `main.tf:${lineOf(MAIN, 'reporting replica')}`, peer: false,
      },
      expect.objectContaining({ rule: 'aws-rds-instance-not-public', resource: 'aws_db_instance.legacy', owner: 'data-team', where: `main.tf:${lineOf(MAIN, 'legacy copy')}` }),
      expect.objectContaining({ rule: 'aws-rds-instance-not-public', resource: 'aws_db_instance.archive', expires: FAR }),
    ]);
    expect(report.exceptions).toHaveLength(report.summary.byStatus.suppressed);
  });

  it('lists expired, reason-less and unused ignores under their own heading in every format, never as input that could not be scanned', () => {
    expect(report.errors.map((e) => [e.suppression, `${e.file}:${e.line}`])).toEqual([
      ['missing-reason', `main.tf:${MAIN.split('\n').indexOf('# vigil:ignore aws-rds-instance-not-public') + 1}`],
      ['expired', `main.tf:${lineOf(MAIN, 'exp:2020-01-31')}`],
      ['unused', `main.tf:${lineOf(MAIN, 'nothing fails here')}`],
    ].sort((a, b) => Number(a[1]!.split(':')[1]) - Number(b[1]!.split(':')[1])));
    expect(report.errors.every((e) => e.severity === 'warning')).toBe(true);
    expect(report.summary.errors).toBe(0);

    const html = out('vigil.html');
    const section = (id: string): string => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));
    expect(html).not.toContain('Input that could not be scanned');
    const idleHtml = section('ignores-not-in-effect');
    expect(idleHtml).toContain('<h2>Ignores not in effect</h2>');
    for (const label of ['expired', 'no reason', 'unused']) expect(idleHtml).toContain(`<span class="pill st-unknown">${label}</span>`);
    const register = section('exceptions');
    expect(register.match(/<tr>/g)).toHaveLength(report.exceptions!.length + 1);
    expect(register).toContain('<td>dana.whitfield</td>');
    expect(register).toContain('<td>ciso@example.org</td>');
    expect(register).toContain(`<code class="wrap">.vigil.yaml:`);
    expect(register).toContain('<div class="muted">Checkov ignore</div>');

    const md = out('vigil.md');
    expect(md).toContain(`### Exceptions in effect (${report.exceptions!.length})`);
    expect(md).toContain(`| \`aws-rds-instance-not-public\` | \`aws_db_instance.reports\` | reporting replica behind an allow-list | data-team | dana.whitfield | ${SOON} | \`main.tf:${lineOf(MAIN, 'reporting replica')}\` inline | no |`);
    expect(md).toContain('### Ignores not in effect (3)');
    expect(md).toMatch(/- expired: `main.tf:\d+` ignore of aws-rds-instance-not-public expired on 2020-01-31/);
    expect(md).not.toContain('Input that could not be scanned');

    expect(out('vigil.txt')).toContain('approved by dana.whitfield');
  });

  it('CSV: the same register, one row per exception, every field in its own column', () => {
    const lines = out('vigil.exceptions.csv').trimEnd().split('\r\n');
    expect(lines[0]).toBe('rule,severity,resource,root,kind,reason,owner,approver,expires,status_before,source,where,peer_ignore');
    expect(lines).toHaveLength(report.exceptions!.length + 1);
    expect(lines).toContain(`aws-rds-instance-encrypted,high,aws_db_instance.reports,.,aws.rds.db_instance,encrypted by the storage appliance,,,,fail,checkov,main.tf:${lineOf(MAIN, 'checkov:skip')},yes`);
    expect(lines.some((l) => l.startsWith('aws-rds-instance-multi-az,') && l.includes('"single-AZ reporting copy, rebuilt from backups",data-team,ciso@example.org'))).toBe(true);
  });
});

describe('the configuration\'s policy on exceptions', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-exception-policy-'));
    writeFileSync(join(dir, 'main.tf'), MAIN);
  });

  it('refuses ignores without an owner or an expiry, or expiring beyond the allowed days: they suppress nothing and are listed why', () => {
    const policy = `suppressions:\n  requireOwner: true\n  requireExpiry: true\n  maxExpiryDays: 90\n  entries:\n${CONFIG_ENTRY}    - rule: aws-rds-instance-backup-retention\n      reason: no owner named here\n      expires: ${SOON}\n`;
    writeFileSync(join(dir, 'policy.yaml'), policy);
    const run = vigil(['scan', '.', '--config', 'policy.yaml', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as ReportDocument;
    expectValidReport(report);
    const byKind = (kind: string) => report.errors.filter((e) => e.suppression === kind).map((e) => `${e.file}:${e.line}: ${e.message}`);
    expect(byKind('missing-owner')).toEqual([
      `main.tf:${lineOf(MAIN, 'checkov:skip')}: ignore of CKV_AWS_16 names no owner, which the configuration requires (suppressions.requireOwner), so it suppresses nothing`,
      `main.tf:${lineOf(MAIN, 'nothing fails here')}: ignore of aws-rds-instance-encrypted names no owner, which the configuration requires (suppressions.requireOwner), so it suppresses nothing`,
      `policy.yaml:${lineOf(policy, 'aws-rds-instance-backup-retention')}: suppressions[1] (aws-rds-instance-backup-retention) names no owner, which the configuration requires (suppressions.requireOwner), so it suppresses nothing`,
    ]);
    expect(byKind('missing-expiry')).toEqual([`main.tf:${lineOf(MAIN, 'legacy copy')}: ignore of aws-rds-instance-not-public has no expiry, which the configuration requires (suppressions.requireExpiry), so it suppresses nothing`]);
    expect(byKind('expiry-too-far')).toEqual([
      `main.tf:${lineOf(MAIN, 'archive kept open')}: ignore of aws-rds-instance-not-public expires on ${FAR}, later than the 90 days the configuration allows (suppressions.maxExpiryDays: ${day(90)} at the latest), so it suppresses nothing`,
    ]);
    // What they named is judged as usual; the exceptions that meet the policy stay in effect.
    const status = (rule: string, name: string) => report.results.find((r) => r.rule.id === rule && r.resource.address === `aws_db_instance.${name}`)!.status;
    expect(status('aws-rds-instance-encrypted', 'reports')).toBe('fail');
    expect(status('aws-rds-instance-not-public', 'legacy')).toBe('fail');
    expect(status('aws-rds-instance-not-public', 'archive')).toBe('fail');
    expect(report.exceptions!.map((e) => `${e.rule} ${e.resource}`)).toEqual(['aws-rds-instance-multi-az aws_db_instance.reports', 'aws-rds-instance-not-public aws_db_instance.reports']);
  });

  it('a policy that is not true/false or a whole number is refused with the field and its line (exit 2)', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'suppressions:\n  requireOwner: "yes"\n  maxExpiryDays: 0\n');
    const run = vigil(['scan', '.', '--config', 'bad.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('suppressions.requireOwner (line 2): must be true or false');
    expect(run.stderr).toContain('suppressions.maxExpiryDays (line 3): must be 1 or more');
  });
});
