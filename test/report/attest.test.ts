import { describe, expect, it } from 'vitest';
import { applyAttestations, ageInDays, attestationCounts, type AttestationEntry } from '../../src/report/attest.js';
import { syntheticReport } from '../../src/bench/reports.js';
import { renderConsole } from '../../src/report/console.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { expectValidReport } from './validate.js';

/** The synthetic report's scan starts on 2026-11-22; 164.308(b)(1) is its manual requirement. */
const document = syntheticReport(80);
const baa = (date: string, extra: Partial<AttestationEntry> = {}): AttestationEntry => ({
  framework: 'hipaa',
  requirement: '164.308(b)(1)',
  by: 'Dana Whitfield, Privacy Officer',
  date,
  statement: 'BAA accepted in AWS Artifact.',
  evidence: 'https://intranet.example.org/baa.pdf',
  line: 2,
  ...extra,
});
const manualOf = (d: typeof document) => d.frameworks[0]!.requirements.find((q) => q.citation === '164.308(b)(1)')!.manual!;
const options = { file: 'attestations.yaml', maxAgeDays: 365 };

describe('applyAttestations', () => {
  it('leaves a manual part not attested when nothing names it', () => {
    const out = applyAttestations(document, [], options);
    expect(manualOf(out)).toEqual({ evidence: 'The signed BAA.', attested: false, state: 'not-attested' });
    expect(out.scan.attestations).toEqual({ file: 'attestations.yaml', maxAgeDays: 365 });
    expectValidReport(out);
  });

  it('attests within the maximum age, counted to the scan day rather than today', () => {
    const out = applyAttestations(document, [baa('2025-11-22')], options);
    expect(manualOf(out)).toMatchObject({ attested: true, state: 'attested', attestation: { by: 'Dana Whitfield, Privacy Officer', date: '2025-11-22', ageDays: 365, file: 'attestations.yaml', line: 2 } });
    // A manual-only requirement with a current attestation is met: the roll-up says pass.
    expect(out.frameworks[0]!.requirements.find((q) => q.citation === '164.308(b)(1)')!.status).toBe('pass');
    expectValidReport(out);
  });

  it('marks an attestation older than the maximum age stale, and not attested', () => {
    const out = applyAttestations(document, [baa('2025-11-21')], options);
    expect(manualOf(out)).toMatchObject({ attested: false, state: 'stale', attestation: { ageDays: 366 } });
    expect(manualOf(applyAttestations(document, [baa('2026-10-01')], { ...options, maxAgeDays: 30 })).state).toBe('stale');
    expect(attestationCounts(out.frameworks)).toEqual({ attested: 0, stale: 1, 'not-attested': 0, 'not-applicable': 0 });
    expect(out.frameworks[0]!.requirements.find((q) => q.citation === '164.308(b)(1)')!.status).toBe('attestation-stale');
  });

  it('keeps the newest of several attestations of one requirement', () => {
    const out = applyAttestations(document, [baa('2026-06-01', { by: 'Newer' }), baa('2023-01-01', { by: 'Older' })], options);
    expect(manualOf(out)).toMatchObject({ state: 'attested', attestation: { by: 'Newer' } });
  });

  it('reports an unknown framework or requirement as an error with file and line, and counts it', () => {
    const out = applyAttestations(
      document,
      [baa('2026-01-01', { framework: 'soc2', line: 9 }), baa('2026-01-01', { requirement: '164.999(z)', line: 15 })],
      options,
    );
    expect(out.errors).toEqual([
      { severity: 'error', file: 'attestations.yaml', line: 9, message: expect.stringContaining('unknown framework "soc2"') },
      { severity: 'error', file: 'attestations.yaml', line: 15, message: expect.stringContaining('unknown requirement "164.999(z)" of hipaa') },
    ]);
    expect(out.summary.errors).toBe(2);
    expect(manualOf(out).state).toBe('not-attested');
    expectValidReport(out);
  });

  it('warns, without failing, for a known framework out of scope and for a requirement with no manual part', () => {
    const out = applyAttestations(
      { ...document, frameworks: document.frameworks.filter((f) => f.id === 'hipaa') },
      [baa('2026-01-01', { framework: 'gdpr', requirement: 'Art. 25' }), baa('2026-01-01', { requirement: '164.312(a)' })],
      { ...options, knownFrameworks: ['hipaa', 'gdpr'] },
    );
    expect(out.errors.map((e) => [e.severity, e.message])).toEqual([
      ['warning', expect.stringContaining('not in this scan\'s scope')],
      ['warning', expect.stringContaining('has no manual part')],
    ]);
    expect(out.summary.errors).toBe(0);
  });

  it('replaces, when applied again, what the previous attestations file said', () => {
    const once = applyAttestations(document, [baa('2026-01-01', { framework: 'soc2' })], options);
    const twice = applyAttestations(once, [baa('2026-01-01')], options);
    expect(twice.errors).toEqual([]);
    expect(manualOf(twice).state).toBe('attested');
  });

  it('counts whole days between two dates', () => {
    expect(ageInDays('2025-11-22', '2026-11-22')).toBe(365);
    expect(ageInDays('2024-02-28', '2024-03-01')).toBe(2);
  });
});

describe('attestations in the text summaries', () => {
  const out = applyAttestations(document, [baa('2020-01-01')], options);
  it('the console summary counts attested, stale and open manual requirements, when there is an attestations file', () => {
    expect(renderConsole(document, { color: false, quiet: true })).not.toContain('Manual requirements');
    expect(renderConsole(out, { color: false, quiet: true })).toContain('Manual requirements: 0 attested · 1 stale · 0 open');
    expect(renderConsole(applyAttestations(document, [baa('2026-01-01')], options), { color: false, quiet: true })).toContain('1 attested · 0 stale · 0 open');
  });
  it('Markdown counts them and lists the stale ones to renew', () => {
    const md = renderMarkdown(out);
    expect(md).toContain('📝 Manual parts: **0** attested · **1 stale** · 0 open, of 1');
    expect(md).toMatch(/Stale attestations to renew\*\*\n\n- HIPAA Security Rule \*\*164\.308\\\(b\\\)\\\(1\\\)\*\* Business associate contracts: attested 2020-01-01 by Dana Whitfield, Privacy Officer, \d+ days before the scan/);
  });
});
