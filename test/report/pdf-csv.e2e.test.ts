import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { writeClinicSnapshot } from './aws-snapshot.js';

/**
 * The live example (the recorded clinic account, 105 resources) as an auditor hands it over: a PDF
 * printed by the machine's Chromium, counted page by page, and the results as CSV.
 */

const CHROMIUM = '/usr/bin/chromium';

/** Pages of a PDF: the /Count of its page tree's root, the largest one. */
function pageCount(pdf: Buffer): number {
  return Math.max(...[...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((m) => Number(m[1] ?? m[2])));
}

describe('the live example as PDF and CSV', () => {
  let dir: string;
  let report: ReportDocument;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-print-'));
    await writeClinicSnapshot(join(dir, 'clinic.snapshot.json'));
    vigil(['scan', '--from-snapshot', join(dir, 'clinic.snapshot.json'), '--format', 'json,csv', '--output', join(dir, 'out') + '/', '--quiet']);
    report = JSON.parse(readFileSync(join(dir, 'out', 'vigil.json'), 'utf8')) as ReportDocument;
  }, 60_000);

  it.skipIf(!existsSync(CHROMIUM))('vigil report --format pdf prints it with Chromium in under 60 pages', () => {
    const run = vigil(['report', join(dir, 'out', 'vigil.json'), '--format', 'pdf', '--output', join(dir, 'audit.pdf'), '--quiet'], { env: { CHROME_PATH: CHROMIUM } });
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    const pdf = readFileSync(join(dir, 'audit.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pageCount(pdf);
    console.log(`the live example (${report.summary.resources} resources, ${report.summary.results} results) prints in ${pages} pages`);
    expect(report.summary.resources).toBe(105);
    // A cover, contents and summary, the findings register and the checklist: tens of pages, not hundreds.
    expect(pages).toBeGreaterThan(5);
    expect(pages).toBeLessThan(60);
  }, 240_000);

  it('without Chromium, --format pdf says how to get it and writes nothing (exit 2)', () => {
    const run = vigil(['report', join(dir, 'out', 'vigil.json'), '--format', 'pdf', '--output', join(dir, 'none.pdf')], { env: { PATH: join(dir, 'no-browsers-here') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format pdf prints the HTML report with Chromium or Google Chrome, and neither was found: install one (Debian and Ubuntu: apt-get install chromium');
    expect(run.stderr).toContain('set CHROME_PATH');
    expect(existsSync(join(dir, 'none.pdf'))).toBe(false);
    const stdout = vigil(['report', join(dir, 'out', 'vigil.json'), '--format', 'pdf']);
    expect(stdout.code).toBe(2);
    expect(stdout.stderr).toContain('--format pdf needs --output');
  });

  it('--format csv: one row per result, every column an auditor filters on, requirements by stable anchor', () => {
    const lines = readFileSync(join(dir, 'out', 'vigil.csv'), 'utf8').trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header).toEqual([
      'status', 'severity', 'rule', 'rule_title', 'resource', 'resource_kind', 'resource_name', 'root', 'account', 'region', 'file', 'start_line', 'end_line',
      'message', 'facts', 'requirements', 'requirement_anchors', 'gating', 'baseline', 'suppression_reason', 'suppression_owner', 'suppression_approver',
      'suppression_expires', 'suppression_where', 'peer_references', 'fingerprint',
    ]);
    expect(lines).toHaveLength(report.results.length + 1);
    const db = report.results.findIndex((r) => r.rule.id === 'aws-rds-instance-encrypted' && r.resource.arn === 'arn:aws:rds:eu-west-1:111122223333:db:reporting');
    const row = lines[db + 1]!;
    expect(row.startsWith('fail,high,aws-rds-instance-encrypted,RDS instances encrypt their storage,arn:aws:rds:eu-west-1:111122223333:db:reporting,aws.rds.db_instance,reporting,,111122223333,eu-west-1,,,,')).toBe(true);
    expect(row).toContain('#hipaa-164.312-a-2-iv');
    expect(row).toContain(',yes,');
    // The anchors are the HTML report's own ids.
    vigil(['report', join(dir, 'out', 'vigil.json'), '--format', 'html', '--output', join(dir, 'out', 'vigil.html'), '--quiet']);
    const html = readFileSync(join(dir, 'out', 'vigil.html'), 'utf8');
    for (const anchor of new Set(lines.slice(1).flatMap((l) => l.match(/#[a-z]+-[a-z0-9.-]+/g) ?? []))) expect(html, anchor).toContain(`id="${anchor.slice(1)}"`);
    expect(html).toContain('id="hipaa-164.312-b"');
  });
});
