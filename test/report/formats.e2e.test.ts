import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { fingerprintHash } from '../../src/report/sarif.js';
import { expectValidReport, multitoolProblems, sarifSchemaErrors } from './validate.js';

const PMO = 'fixtures/terraform/pmo-platform';
const RCM = 'fixtures/terraform/rcm-partner';

/** The one warning allowed: Vigil has no public home page yet to name as informationUri. */
const allowed = (line: string): boolean => line.includes('SARIF2005') && line.includes('informationUri');

describe('vigil scan --format json,sarif,junit,markdown,html --output <dir>', () => {
  let dir: string;
  let report: ReportDocument;
  let sarif: Sarif.Log;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-formats-'));
    const run = vigil(['scan', PMO, RCM, '--format', 'json,sarif,junit,markdown,html', '--output', dir, '--quiet']);
    expect(run.code).toBe(1);
    report = JSON.parse(readFileSync(join(dir, 'vigil.json'), 'utf8')) as ReportDocument;
    sarif = JSON.parse(readFileSync(join(dir, 'vigil.sarif'), 'utf8')) as Sarif.Log;
  });

  it('writes every format into the folder under its own name', () => {
    expect(readdirSync(dir).sort()).toEqual(['vigil.html', 'vigil.json', 'vigil.junit.xml', 'vigil.md', 'vigil.sarif']);
  });

  it('writes a JSON report that validates against the shipped JSON Schema', () => {
    expectValidReport(report);
    expect(report.schemaVersion).toBe('1.0');
  });

  it('rolls every requirement of every framework up into the report, manual ones included', () => {
    const hipaa = report.frameworks.find((f) => f.id === 'hipaa')!;
    const gdpr = report.frameworks.find((f) => f.id === 'gdpr')!;
    expect(hipaa.requirements.length).toBeGreaterThanOrEqual(5);
    expect(gdpr.requirements.length).toBeGreaterThanOrEqual(3);
    const baa = hipaa.requirements.find((q) => q.citation === '164.308(b)(1)')!;
    expect(baa).toMatchObject({ status: 'manual', manual: { attested: false }, rules: [] });
    const present = new Set((report.coverage ?? []).filter((e) => e.count > 0).map((e) => e.service));
    const kinds = new Map(report.rules.map((r) => [r.id, r.kind]));
    for (const framework of report.frameworks) {
      for (const requirement of framework.requirements) {
        // Only gating results count: a module folder's own defaults never change a status.
        const results = report.results.filter((r) => requirement.rules.includes(r.rule.id) && r.informational === undefined);
        expect(requirement.counts.fail, requirement.citation).toBe(results.filter((r) => r.status === 'fail').length);
        expect(requirement.counts.pass, requirement.citation).toBe(results.filter((r) => r.status === 'pass').length);
        const expected =
          requirement.counts.fail > 0 ? 'fail'
          : requirement.counts.unknown > 0 ? 'unknown'
          : requirement.counts.suppressed > 0 ? 'excepted'
          : results.length > 0 ? 'pass'
          : requirement.rules.some((id) => present.has(kinds.get(id)!.split('.')[1]!)) ? 'not-evaluated'
          : 'not-applicable';
        if (requirement.rules.length > 0) expect(requirement.automated, requirement.citation).toBe(expected);
        // No attestations file: every manual part is open, and holds a passing requirement back.
        const held = requirement.manual && (expected === 'pass' || expected === 'not-applicable' || requirement.rules.length === 0);
        expect(requirement.status, requirement.citation).toBe(held ? 'manual' : requirement.rules.length > 0 ? expected : 'manual');
      }
    }
    // Access control fails in the non-compliant estate: SSH is open to the world.
    expect(hipaa.requirements.find((q) => q.citation === '164.312(a)(1)')!.status).toBe('fail');
  });

  it('writes SARIF that the OASIS schema and Microsoft\'s validator (with GitHub\'s rules) accept', () => {
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(multitoolProblems(join(dir, 'vigil.sarif')).filter((line) => !allowed(line))).toEqual([]);
  });

  it('writes SARIF that GitHub code scanning takes as is', () => {
    const run = sarif.runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(report.rules.map((r) => r.id));
    for (const rule of rules) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.text).toContain('Remediation:');
      expect(Number(rule.properties!['security-severity'])).toBeGreaterThanOrEqual(0);
      expect(rule.properties!.tags).toContain('security');
    }
    const ssh = rules.find((r) => r.id === 'aws-ec2-sg-no-public-ssh')!;
    expect(ssh.properties!['security-severity']).toBe('8.0');
    expect(ssh.properties!.tags).toEqual(expect.arrayContaining(['hipaa', 'hipaa/164.312(a)(1)', 'gdpr']));
    expect(ssh.help!.markdown).toContain('```hcl');
    const failing = report.results.filter((r) => r.status === 'fail');
    expect(run.results!.filter((r) => r.kind === 'fail')).toHaveLength(failing.length);
    expect(run.results!.some((r) => r.kind === 'pass')).toBe(false);
    for (const result of run.results!) {
      const uri = result.locations![0]!.physicalLocation!.artifactLocation!.uri!;
      expect(uri).toMatch(/^fixtures\/terraform\/(pmo-platform|rcm-partner)\/[a-z0-9_.-]+\.tf$/);
      expect(result.partialFingerprints!['vigilFingerprint/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(result.ruleIndex).toBe(rules.findIndex((r) => r.id === result.ruleId));
    }
    const sshResult = run.results!.find((r) => r.ruleId === 'aws-ec2-sg-no-public-ssh')!;
    const source = failing.find((r) => r.rule.id === 'aws-ec2-sg-no-public-ssh')!;
    expect(sshResult.partialFingerprints!['vigilFingerprint/v1']).toBe(fingerprintHash(source.fingerprint));
    expect(sshResult.locations![0]!.physicalLocation!.region).toEqual({ startLine: source.location!.startLine, endLine: source.location!.endLine });
    expect(sshResult.level).toBe('error');
    // Two roots were scanned, so the logical name starts with the root folder.
    expect(sshResult.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toBe('fixtures/terraform/pmo-platform/aws_security_group.app');
    for (const unknown of run.results!.filter((r) => r.kind === 'review')) expect(unknown.level).toBe('none');
  });

  it('writes JUnit XML with a suite per rule and a case per resource', () => {
    const xml = readFileSync(join(dir, 'vigil.junit.xml'), 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const rulesWithResults = new Set(report.results.map((r) => r.rule.id));
    expect(xml.match(/<testsuite /g)).toHaveLength(rulesWithResults.size);
    expect(xml.match(/<testcase /g)).toHaveLength(report.results.length);
    expect(xml.match(/<failure /g)).toHaveLength(report.summary.byStatus.fail);
    expect(xml).toMatch(new RegExp(`<testsuites name="Vigil [^"]+" tests="${report.results.length}" failures="${report.summary.byStatus.fail}" errors="0"`));
    expect(xml).toContain('<testcase classname="vigil.aws-ec2-sg-no-public-ssh" name="aws_security_group.app" file="fixtures/terraform/pmo-platform/ec2.tf"');
    expect(xml).toContain('ingress[0] (tcp 22-22 from 0.0.0.0/0)');
  });

  it('with --junit-group requirement, writes a suite per framework requirement and a case per rule and resource', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vigil-junit-')), 'by-requirement.xml');
    const run = vigil(['report', join(dir, 'vigil.json'), '--format', 'junit', '--junit-group', 'requirement', '--output', out, '--quiet']);
    expect(run.code).toBe(0);
    const xml = readFileSync(out, 'utf8');
    const requirements = report.frameworks.flatMap((f) => f.requirements);
    expect(xml.match(/<testsuite /g)).toHaveLength(requirements.length);
    const access = xml.split('<testsuite ').find((suite) => suite.startsWith('name="hipaa 164.312(a)(1): Access control"'))!;
    expect(access).toContain('<testcase classname="vigil.hipaa.164.312(a)(1)" name="aws-ec2-sg-no-public-ssh: aws_security_group.app" file="fixtures/terraform/pmo-platform/ec2.tf" line="');
    expect(access).toMatch(/<failure message="[^"]*" type="high">[^<]*ingress\[0\] \(tcp 22-22 from 0\.0\.0\.0\/0\)/);
    expect(xml).toContain('<testcase classname="vigil.hipaa.164.308(b)(1)" name="manual evidence" time="0">\n      <skipped message="manual: not attested; needs');
    // The same run with the flag on vigil scan, and a value it does not know.
    const bad = vigil(['scan', PMO, '--format', 'junit', '--junit-group', 'suite']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown --junit-group "suite": choose from rule, requirement');
    const scan = vigil(['scan', PMO, '--format', 'junit', '--junit-group', 'requirement']);
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain('<testsuite name="hipaa 164.312(a)(1): Access control"');
  });

  it('writes a Markdown summary for a pull request', () => {
    const md = readFileSync(join(dir, 'vigil.md'), 'utf8');
    expect(md.length).toBeLessThan(65_536);
    expect(md).toContain('## Vigil compliance scan');
    expect(md).toContain(`❌ **${report.summary.byStatus.fail} failing**`);
    expect(md).toMatch(/\| HIPAA Security Rule \| \d+ \|/);
    expect(md).toContain('| high | `aws-ec2-sg-no-public-ssh` | `aws_security_group.app` | `fixtures/terraform/pmo-platform/ec2.tf:');
    expect(md).not.toContain('results not shown');
  });

  it('renders the same files again from the saved JSON with vigil report', () => {
    const again = mkdtempSync(join(tmpdir(), 'vigil-report-'));
    const run = vigil(['report', join(dir, 'vigil.json'), '--format', 'html,sarif,junit,markdown,json', '--output', again, '--quiet']);
    expect(run.stderr).toContain('wrote html report');
    expect(run.code).toBe(0);
    for (const name of ['vigil.html', 'vigil.sarif', 'vigil.junit.xml', 'vigil.md', 'vigil.json']) {
      expect(readFileSync(join(again, name), 'utf8'), name).toBe(readFileSync(join(dir, name), 'utf8'));
    }
  });
});

describe('vigil report on input it cannot use', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vigil-bad-report-'));
  const write = (name: string, text: string): string => {
    writeFileSync(join(tmp, name), text);
    return join(tmp, name);
  };
  const cases: Array<[string, string[], RegExp]> = [
    ['a file that is not JSON', [write('broken.json', '{"schemaVersion": "1.0", ')], /broken\.json: not valid JSON/],
    ['JSON that is not a report', [write('other.json', '{"hello": "world"}')], /other\.json: not a Vigil JSON report/],
    ['a report of a future major version', [write('future.json', '{"schemaVersion": "2.0"}')], /schemaVersion 2\.0 is not supported/],
    ['a report that breaks the schema', [write('partial.json', '{"schemaVersion": "1.0", "tool": {"name": "vigil"}}')], /partial\.json: does not match the report schema: .*missing required field "scan"/],
    ['a file that does not exist', [join(tmp, 'missing.json')], /report not found: .*missing\.json/],
    ['an unknown format', [write('x.json', '{}'), '--format', 'docx'], /unknown --format "docx"/],
    ['a template folder that does not exist', [write('y.json', '{}'), '--template', join(tmp, 'nope')], /--template folder not found/],
  ];
  it.each(cases)('refuses %s with exit 2 and one clear line', (_name, args, message) => {
    const run = vigil(['report', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).toBe('');
  });
});
