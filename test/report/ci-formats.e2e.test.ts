import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { writeClinicSnapshot } from './aws-snapshot.js';
import { sarifSchemaErrors } from './validate.js';

/** SARIF and JUnit agree with what CI does with them: code scanning's rules, and the gate. */

const CLINIC_MODULES = 'fixtures/terraform/clinic-modules';
const PMO = 'fixtures/terraform/pmo-platform';

const unescape = (text: string): string => text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every <testcase> of a JUnit file with what it holds: failure, skipped (and why) or pass. */
function testCases(xml: string): Array<{ classname: string; name: string; outcome: 'failure' | 'skipped' | 'pass'; message?: string }> {
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => {
    const body = m[4] ?? '';
    const skipped = /<skipped message="([^"]*)"/.exec(body);
    return {
      classname: m[1]!,
      name: unescape(m[2]!),
      outcome: body.includes('<failure') ? 'failure' : skipped ? 'skipped' : 'pass',
      ...(skipped ? { message: unescape(skipped[1]!) } : {}),
    };
  });
}

describe('SARIF of a live-only scan', () => {
  it('leaves every live result out, notes it in the run\'s invocation, and says so on standard error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sarif-live-'));
    await writeClinicSnapshot(join(dir, 'clinic.snapshot.json'));
    const run = vigil(['scan', '--from-snapshot', join(dir, 'clinic.snapshot.json'), '--format', 'sarif']);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as Sarif.Log;
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results).toEqual([]);
    const note = sarif.runs[0]!.invocations![0]!.toolExecutionNotifications!.find((n) => n.descriptor?.id === 'vigil/live-results-omitted')!;
    expect(note.level).toBe('note');
    expect(run.stderr).toMatch(/^vigil: note: \d+ live AWS results point at no file and are not in this SARIF file \(code scanning refuses results without a physical location\); the JSON, HTML, Markdown and JUnit reports carry them; this scan has only such results, so the SARIF file lists none$/m);
    expect(note.message.text).toBe(run.stderr.trim().replace(/^vigil: note: /, '').replace(/; this scan has only such results.*$/, ''));
  });

  it('a Terraform scan keeps every result, each with a physical location, and says nothing', () => {
    const run = vigil(['scan', PMO, '--format', 'sarif']);
    const sarif = JSON.parse(run.stdout) as Sarif.Log;
    expect(sarif.runs[0]!.results!.length).toBeGreaterThan(0);
    for (const result of sarif.runs[0]!.results!) expect(result.locations![0]!.physicalLocation).toBeDefined();
    expect(sarif.runs[0]!.invocations![0]!.properties?.omittedLiveResults).toBeUndefined();
    expect(run.stderr).not.toContain('SARIF');
  });
});

describe('JUnit: the test tab agrees with the gate', () => {
  let report: ReportDocument;
  let xml: string;
  let code: number;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-junit-gate-'));
    code = vigil(['scan', CLINIC_MODULES, PMO, '--fail-on', 'high', '--format', 'json,junit', '--output', dir, '--quiet']).code;
    report = JSON.parse(readFileSync(join(dir, 'vigil.json'), 'utf8')) as ReportDocument;
    xml = readFileSync(join(dir, 'vigil.junit.xml'), 'utf8');
  });

  it('marks a module folder\'s own-default failures and failures below --fail-on as skipped, with the reason', () => {
    const cases = testCases(xml);
    expect(cases).toHaveLength(report.results.length);
    const informational = report.results.filter((r) => r.status === 'fail' && r.informational);
    const low = report.results.filter((r) => r.status === 'fail' && !r.informational && ['medium', 'low'].includes(r.rule.severity));
    const gating = report.results.filter((r) => r.status === 'fail' && !r.informational && ['critical', 'high'].includes(r.rule.severity));
    expect(informational.length).toBeGreaterThan(0);
    expect(low.length).toBeGreaterThan(0);
    expect(gating.length).toBeGreaterThan(0);
    const caseOf = (r: (typeof report.results)[number]) => cases.find((c) => c.classname === `vigil.${r.rule.id}` && c.name === (r.resource.address ?? r.resource.arn))!;
    for (const r of informational) expect(caseOf(r)).toMatchObject({ outcome: 'skipped', message: expect.stringMatching(/^not gating: .*own.*; fails \w+: /) });
    for (const r of low) expect(caseOf(r)).toMatchObject({ outcome: 'skipped', message: expect.stringContaining(`not gating: ${r.rule.severity} is below the gate's high severity (--fail-on)`) });
    for (const r of gating) expect(caseOf(r).outcome).toBe('failure');
    // The totals are the gate's: exit 1 and exactly the gating failures.
    expect(code).toBe(1);
    expect(Number(/<testsuites [^>]*failures="(\d+)"/.exec(xml)![1])).toBe(gating.length);
    expect(cases.filter((c) => c.outcome === 'failure')).toHaveLength(gating.length);
  });
});
