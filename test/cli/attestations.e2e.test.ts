import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { expectValidReport } from '../report/validate.js';

/** Attestations through the real CLI: from .vigil.yaml and --attestations, on scan and on report. */

const TODAY = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

function entry(requirement: string, date: string, by: string, evidence = 'https://intranet.example.org/compliance/evidence.pdf'): string {
  return [`  - framework: hipaa`, `    requirement: ${requirement}`, `    by: ${by}`, `    date: ${date}`, `    statement: Seen and filed.`, `    evidence: ${evidence}`].join('\n');
}

const manualOf = (report: ReportDocument, citation: string) => report.frameworks.find((f) => f.id === 'hipaa')!.requirements.find((q) => q.citation === citation)!.manual!;

describe('attestations end to end', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-attest-'));
    mkdirSync(join(dir, 'infra'));
    mkdirSync(join(dir, 'compliance'));
    writeFileSync(join(dir, 'infra', 'main.tf'), 'resource "aws_s3_bucket" "records" {\n  bucket = "clinic-records"\n}\n');
    writeFileSync(join(dir, '.vigil.yaml'), 'fail-on: none\nattestations: compliance/attestations.yaml\nattestation-max-age-days: 200\n');
    writeFileSync(
      join(dir, 'compliance', 'attestations.yaml'),
      ['attestations:', entry('164.308(b)(1)', daysAgo(30), 'Dana Whitfield'), entry('164.308(a)(1)(ii)(A)', daysAgo(300), 'Sam Ortiz', 'compliance/risk-analysis.pdf')].join('\n') + '\n',
    );
  });

  it('reads the attestations the config names, relative to the config file, and ages them with its maximum age', () => {
    const run = vigil(['scan', 'infra', '--format', 'json', '--output', 'out.json'], { cwd: dir });
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as ReportDocument;
    expectValidReport(report);
    expect(report.scan.attestations).toEqual({ file: 'compliance/attestations.yaml', maxAgeDays: 200 });
    expect(manualOf(report, '164.308(b)(1)')).toMatchObject({ attested: true, state: 'attested', attestation: { by: 'Dana Whitfield', ageDays: 30, file: 'compliance/attestations.yaml', line: 2 } });
    // A requirement with rules and a manual part: the rules decide its status, the attestation its manual part.
    expect(manualOf(report, '164.308(a)(1)(ii)(A)')).toMatchObject({ attested: false, state: 'stale', attestation: { by: 'Sam Ortiz', ageDays: 300 } });
    expect(manualOf(report, '164.308(a)(1)(ii)(B)').state).toBe('not-attested');
    expect(run.stdout).toMatch(/Manual requirements: 1 attested · 1 stale · \d+ open/);
  });

  it('--attestations wins over the config; an unknown requirement is an error at its file and line, exit 2', () => {
    writeFileSync(join(dir, 'other.yaml'), ['attestations:', entry('164.308(b)(1)', TODAY, 'Flag User'), entry('164.308(z)(9)', TODAY, 'Typo')].join('\n') + '\n');
    const run = vigil(['scan', 'infra', '--attestations', 'other.yaml', '--format', 'json', '--output', 'flag.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('other.yaml:8: attestation names an unknown requirement "164.308(z)(9)" of hipaa');
    const report = JSON.parse(readFileSync(join(dir, 'flag.json'), 'utf8')) as ReportDocument;
    expectValidReport(report);
    expect(manualOf(report, '164.308(b)(1)').attestation!.by).toBe('Flag User');
    expect(report.errors).toContainEqual({ severity: 'error', file: 'other.yaml', line: 8, message: expect.stringContaining('164.308(z)(9)') });
  });

  it('a missing --attestations file or a malformed one is a clear error, exit 2', () => {
    const missing = vigil(['scan', 'infra', '--attestations', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--attestations not found: nope.yaml');
    writeFileSync(join(dir, 'bad.yaml'), 'attestations:\n  - framework: hipaa\n    requirement: 164.308(b)(1)\n    date: yesterday\n    statement: s\n');
    const bad = vigil(['scan', 'infra', '--attestations', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('attestations.0 (line 2): missing required field "by"');
    expect(bad.stderr).toContain('attestations.0.date (line 4): "yesterday" is not a date as YYYY-MM-DD');
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('vigil report attests a saved report again and shows who, when, the statement and the evidence in HTML', () => {
    expect(vigil(['scan', 'infra', '--format', 'json', '--output', 'plain.json', '--config', 'none.yaml'], { cwd: dir }).code).toBe(2); // --config must exist
    writeFileSync(join(dir, 'empty.yaml'), 'fail-on: none\n');
    expect(vigil(['scan', 'infra', '--format', 'json', '--output', 'plain.json', '--config', 'empty.yaml'], { cwd: dir }).code).toBe(0);
    const plain = JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8')) as ReportDocument;
    expect(manualOf(plain, '164.308(b)(1)')).toEqual({ evidence: expect.any(String), attested: false, state: 'not-attested' });

    const run = vigil(['report', 'plain.json', '--config', '.vigil.yaml', '--format', 'html,json', '--output', 'attested/'], { cwd: dir });
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'attested', 'vigil.json'), 'utf8')) as ReportDocument;
    expectValidReport(report);
    expect(manualOf(report, '164.308(b)(1)').state).toBe('attested');
    const html = readFileSync(join(dir, 'attested', 'vigil.html'), 'utf8');
    expect(html).toContain('Manual · attested');
    // The checkbox: ticked when attested, marked when stale, empty while open.
    expect(html).toContain('<span class="box box-manual attested" aria-hidden="true"></span>');
    expect(html).toContain('<span class="box box-manual not-attested" aria-hidden="true"></span>');
    expect(html).toMatch(/<span class="n manual-part stale">\+ manual · stale<\/span>/);
    expect(html).toContain('<dt>Attested by</dt><dd>Dana Whitfield</dd>');
    expect(html).toContain('<a href="https://intranet.example.org/compliance/evidence.pdf" rel="noreferrer noopener">');
    expect(html).toContain('<code>compliance/risk-analysis.pdf</code>');
    expect(html).toContain(`stale: was due ${daysAgo(100)}, renew it`);

    const typo = vigil(['report', 'plain.json', '--attestations', 'other.yaml', '--format', 'json', '--output', 'typo.json'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('vigil: error: other.yaml:8: attestation names an unknown requirement');
  });

  it('vigil init explains both settings', () => {
    const init = mkdtempSync(join(tmpdir(), 'vigil-init-'));
    expect(vigil(['init'], { cwd: init }).code).toBe(0);
    const text = readFileSync(join(init, '.vigil.yaml'), 'utf8');
    expect(text).toContain('# attestations: compliance/attestations.yaml');
    expect(text).toContain('# attestation-max-age-days: 365');
  });
});
