import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vigil, type CliRun } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { expectValidReport } from '../report/validate.js';

/**
 * Manual controls as Config process checks and Audit Manager model them, through the CLI: one
 * attestation covering several citations, reviewer and approver, an evidence file whose SHA-256 is
 * checked, not applicable with a justification, and process checks with their due dates.
 */

const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const daysAfter = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const BAA = '%PDF-1.4 signed business associate agreement, AWS and the clinic\n';
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const attestations = (baaHash: string): string => `attestations:
  - framework: hipaa
    requirements: [164.308(b)(1), 164.314(a)(1)]
    by: Dana Whitfield, Privacy Officer
    reviewer: Sam Ortiz, Compliance Analyst
    approver: Lee Park, CISO
    date: ${daysAgo(20)}
    statement: BAA accepted in AWS Artifact for the organisation.
    evidence: evidence/baa.pdf
    sha256: ${baaHash}
  - framework: hipaa
    requirements: [164.314(b)(1), 164.314(b)(2)]
    status: not-applicable
    by: Dana Whitfield, Privacy Officer
    date: ${daysAgo(10)}
    justification: The clinic sponsors no group health plan.
  - framework: hipaa
    requirement: 164.308(a)(1)(ii)(A)
    by: Sam Ortiz
    date: ${daysAgo(100)}
    statement: 2026 risk assessment signed off by the board.
    evidence: https://intranet.example.org/risk-2026.pdf
    sha256: ${'ab'.repeat(32)}
`;

const hipaa = (report: ReportDocument, citation: string) => report.frameworks.find((f) => f.id === 'hipaa')!.requirements.find((q) => q.citation === citation)!;

describe('manual controls', () => {
  let dir: string;
  let run: CliRun;
  let report: ReportDocument;
  const out = (name: string): string => readFileSync(join(dir, 'out', name), 'utf8');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-manual-'));
    mkdirSync(join(dir, 'infra'));
    mkdirSync(join(dir, 'compliance', 'evidence'), { recursive: true });
    writeFileSync(join(dir, 'infra', 'main.tf'), 'resource "aws_s3_bucket" "records" {\n  bucket = "clinic-records"\n}\n');
    writeFileSync(join(dir, 'compliance', 'evidence', 'baa.pdf'), BAA);
    writeFileSync(join(dir, 'compliance', 'attestations.yaml'), attestations(sha256(BAA)));
    run = vigil(['scan', 'infra', '--framework', 'hipaa', '--fail-on', 'none', '--attestations', 'compliance/attestations.yaml', '--junit-group', 'requirement', '--format', 'json,html,markdown,junit', '--output', 'out'], { cwd: dir });
    report = JSON.parse(out('vigil.json')) as ReportDocument;
  });

  it('one attestation covers several citations, names reviewer and approver, and its evidence file\'s SHA-256 is checked', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('error');
    expectValidReport(report);
    for (const citation of ['164.308(b)(1)', '164.314(a)(1)']) {
      expect(hipaa(report, citation).manual).toMatchObject({
        state: 'attested',
        attestation: {
          by: 'Dana Whitfield, Privacy Officer',
          reviewer: 'Sam Ortiz, Compliance Analyst',
          approver: 'Lee Park, CISO',
          evidence: 'evidence/baa.pdf',
          evidenceSha256: sha256(BAA),
          evidenceCheck: 'verified',
          covers: ['164.308(b)(1)', '164.314(a)(1)'],
          line: 2,
        },
      });
    }
    const html = out('vigil.html');
    expect(html).toContain('<div><dt>Reviewed by</dt><dd>Sam Ortiz, Compliance Analyst</dd></div>');
    expect(html).toContain('<div><dt>Approved by</dt><dd>Lee Park, CISO</dd></div>');
    expect(html).toContain(`SHA-256 <code class="hash">${sha256(BAA)}</code> · <span class="verified">checked: the file matches</span>`);
    expect(html).toContain('<div><dt>Covers</dt><dd><code>164.308(b)(1)</code>, <code>164.314(a)(1)</code></dd></div>');
    // A web address is not fetched: the hash is shown as not checked, and the attestation counts.
    expect(hipaa(report, '164.308(a)(1)(ii)(A)').manual!.attestation).toMatchObject({ evidenceSha256: 'ab'.repeat(32), evidenceCheck: 'not-checked' });
    expect(html).toContain('not checked (a web address)');
  });

  it('not applicable with a justification: a manual-only requirement is not applicable, in every format', () => {
    for (const citation of ['164.314(b)(1)', '164.314(b)(2)']) {
      const q = hipaa(report, citation);
      expect(q.rules).toEqual([]);
      expect(q.status).toBe('not-applicable');
      expect(q.manual).toMatchObject({ state: 'not-applicable', attested: false, attestation: { justification: 'The clinic sponsors no group health plan.' } });
      expect(q.manual!.attestation!.due).toBeUndefined();
    }
    const html = out('vigil.html');
    expect(html).toContain('<div><dt>Not applicable because</dt><dd>The clinic sponsors no group health plan.</dd></div>');
    expect(html).toMatch(/manual · not applicable|Not applicable<\/span>/);
    expect(out('vigil.md')).toMatch(/📝 Manual parts: \*\*\d+\*\* attested · 0 stale · \d+ open · 2 not applicable, of \d+/);
    expect(out('vigil.junit.xml')).toContain(`<skipped message="manual: not applicable: The clinic sponsors no group health plan. (recorded by Dana Whitfield, Privacy Officer on ${daysAgo(10)})"/>`);
  });

  it('a process check is a manual part with its due date: the last attestation plus its interval', () => {
    const q = hipaa(report, '164.308(a)(1)(ii)(A)');
    expect(q.manual).toMatchObject({ processCheck: 'annual-risk-assessment-performed', everyDays: 365, state: 'attested', attestation: { due: daysAfter(daysAgo(100), 365) } });
    const html = out('vigil.html');
    expect(html).toContain('Process check <code>annual-risk-assessment-performed</code>, due every 365 days</p>');
    expect(html).toContain(`<div><dt>Next due</dt><dd>${daysAfter(daysAgo(100), 365)}</dd></div>`);
    expect(out('vigil.md')).toContain(`- HIPAA Security Rule **164.308\\(a\\)\\(1\\)\\(ii\\)\\(A\\)** \`annual-risk-assessment-performed\` (every 365 days): next due ${daysAfter(daysAgo(100), 365)}`);
  });

  it('an overdue process check is stale, and an unattested one is due now', () => {
    writeFileSync(join(dir, 'late.yaml'), `attestations:\n  - framework: hipaa\n    requirement: 164.308(a)(1)(ii)(A)\n    by: Sam Ortiz\n    date: ${daysAgo(400)}\n    statement: 2025 assessment.\n`);
    const late = JSON.parse(vigil(['scan', 'infra', '--framework', 'hipaa', '--fail-on', 'none', '--attestations', 'late.yaml', '--format', 'json'], { cwd: dir }).stdout) as ReportDocument;
    expect(hipaa(late, '164.308(a)(1)(ii)(A)').manual).toMatchObject({ state: 'stale', attestation: { due: daysAfter(daysAgo(400), 365) } });
    // An explicit due date in the file wins: past it, the attestation is stale even when young.
    writeFileSync(join(dir, 'due.yaml'), `attestations:\n  - framework: hipaa\n    requirement: 164.308(b)(1)\n    by: Dana\n    date: ${daysAgo(5)}\n    due: ${daysAgo(1)}\n    statement: Interim BAA.\n`);
    const due = JSON.parse(vigil(['scan', 'infra', '--framework', 'hipaa', '--fail-on', 'none', '--attestations', 'due.yaml', '--format', 'json'], { cwd: dir }).stdout) as ReportDocument;
    expect(hipaa(due, '164.308(b)(1)').manual).toMatchObject({ state: 'stale', attestation: { due: daysAgo(1) } });
    const md = vigil(['scan', 'infra', '--framework', 'hipaa', '--fail-on', 'none', '--attestations', 'due.yaml', '--format', 'markdown'], { cwd: dir }).stdout;
    expect(md).toContain('`annual-risk-assessment-performed` (every 365 days): due now: never attested');
  });

  it('evidence that does not match its recorded SHA-256, or is missing, does not count: an error at the entry, exit 2', () => {
    writeFileSync(join(dir, 'compliance', 'evidence', 'baa.pdf'), `${BAA}edited afterwards\n`);
    const tampered = vigil(['scan', 'infra', '--framework', 'hipaa', '--fail-on', 'none', '--attestations', 'compliance/attestations.yaml', '--format', 'json'], { cwd: dir });
    expect(tampered.code).toBe(2);
    const doc = JSON.parse(tampered.stdout) as ReportDocument;
    expect(hipaa(doc, '164.308(b)(1)').manual!.state).toBe('not-attested');
    expect(doc.errors).toContainEqual({
      severity: 'error',
      file: 'compliance/attestations.yaml',
      line: 2,
      message: `attestation for hipaa 164.308(b)(1): the evidence evidence/baa.pdf has SHA-256 ${sha256(`${BAA}edited afterwards\n`)}, not the ${sha256(BAA)} the attestation records, so it does not count`,
    });
    writeFileSync(join(dir, 'missing.yaml'), attestations(sha256(BAA)).replace('evidence/baa.pdf', 'evidence/gone.pdf'));
    const missing = vigil(['scan', 'infra', '--framework', 'hipaa', '--attestations', 'missing.yaml', '--format', 'json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect((JSON.parse(missing.stdout) as ReportDocument).errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toContain(
      'missing.yaml:2: attestation for hipaa 164.314(a)(1): the evidence evidence/gone.pdf does not exist, so its SHA-256 cannot be checked and the attestation does not count',
    );
  });

  it('refuses an entry with both requirement and requirements, not applicable without a justification, or a hash that is not one', () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'attestations:\n  - framework: hipaa\n    requirement: 164.308(b)(1)\n    requirements: [164.314(a)(1)]\n    by: X\n    date: 2026-01-01\n    statement: s\n  - framework: hipaa\n    requirement: 164.314(b)(1)\n    status: not-applicable\n    by: X\n    date: 2026-01-01\n  - framework: hipaa\n    requirement: 164.308(b)(1)\n    by: X\n    date: 2026-01-01\n    statement: s\n    evidence: a.pdf\n    sha256: nothex\n',
    );
    const bad = vigil(['scan', 'infra', '--attestations', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('attestations.0 (line 2): give either requirement (one citation) or requirements (a list), not both');
    expect(bad.stderr).toContain('attestations.1 (line 8): missing required field "justification"');
    expect(bad.stderr).toContain('attestations.2.sha256 (line 19): "nothex" is not a SHA-256 (64 hexadecimal digits)');
  });
});
