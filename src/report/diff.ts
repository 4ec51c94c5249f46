import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import { escapeControl, escapeControlKeepLines } from './terminal.js';
import { inBundle, reportTemplatesDir } from '../install-paths.js';

/** Renderers for `vigil diff`: console, JSON, Markdown and a self-contained HTML page. */

/** What changed between two reports, as `vigil diff` computes it and every renderer reads it. */
export interface DiffEntry {
  fingerprint: string;
  rule: string;
  severity: string;
  resource: string;
  message: string;
  location?: string;
  /** The framework requirements the result serves (`hipaa 164.312(a)(1)`). */
  requirements: string[];
}

/** A manual part whose attestation changed between the two reports. */
export interface AttestationChange {
  framework: string;
  citation: string;
  title: string;
  /** attested, stale, not-attested, or `absent` when the report did not carry the requirement. */
  before: string;
  after: string;
  /** The newer attestation, when there is one. */
  by?: string;
  date?: string;
}

export interface RequirementChange {
  framework: string;
  citation: string;
  title: string;
  before: string;
  after: string;
}

export interface ReportDiff {
  old: { file: string; scannedAt: string };
  new: { file: string; scannedAt: string };
  /** Why the two may not be comparable: other scope, tool version or effective rule set. */
  warnings: string[];
  newFailures: DiffEntry[];
  /** Every failure of the old report that no longer fails: fixed, newlySuppressed, nowUnknown and noLongerInScope together. */
  resolved: DiffEntry[];
  /** It passes now. */
  fixed: DiffEntry[];
  /** It still fails, but is suppressed now: an exception, not a fix. */
  newlySuppressed: DiffEntry[];
  /** It cannot be judged now. */
  nowUnknown: DiffEntry[];
  /** The newer report has no result for it: the resource is gone, or the rule or scope was not evaluated. */
  noLongerInScope: DiffEntry[];
  stillFailing: DiffEntry[];
  requirements: RequirementChange[];
  attestations: AttestationChange[];
}

export interface DiffRenderOptions {
  color: boolean;
}

const templateDir = reportTemplatesDir;

function consoleDiff(diff: ReportDiff, options: DiffRenderOptions): string {
  const paint = (code: number, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [`Comparing ${diff.old.file} (${diff.old.scannedAt}) with ${diff.new.file} (${diff.new.scannedAt})`, ''];
  for (const warning of diff.warnings) lines.push(paint(33, `warning: ${warning}`));
  if (diff.warnings.length > 0) lines.push('');
  const section = (title: string, code: number, entries: DiffEntry[]): void => {
    lines.push(paint(code, `${title}: ${entries.length}`));
    for (const e of entries) lines.push(`  ${e.severity.padEnd(8)} ${e.rule}  ${e.resource}${e.location ? ` (${e.location})` : ''}`);
    lines.push('');
  };
  section('New failures', 31, diff.newFailures);
  // What no longer fails, by why: only a pass is a fix.
  lines.push(paint(32, `Resolved: ${diff.resolved.length} (fixed ${diff.fixed.length} · newly suppressed ${diff.newlySuppressed.length} · now unknown ${diff.nowUnknown.length} · no longer in scope ${diff.noLongerInScope.length})`), '');
  if (diff.fixed.length > 0) section('Fixed', 32, diff.fixed);
  if (diff.newlySuppressed.length > 0) section('Newly suppressed (accepted, not fixed)', 36, diff.newlySuppressed);
  if (diff.nowUnknown.length > 0) section('Now unknown', 33, diff.nowUnknown);
  if (diff.noLongerInScope.length > 0) section('No longer in scope', 36, diff.noLongerInScope);
  section('Still failing', 33, diff.stillFailing);
  lines.push(`Requirements whose status changed: ${diff.requirements.length}`);
  for (const r of diff.requirements) lines.push(`  ${r.framework} ${r.citation} ${r.title}: ${r.before} → ${r.after}`);
  lines.push('', `Attestations that changed: ${diff.attestations.length}`);
  for (const a of diff.attestations) lines.push(`  ${a.framework} ${a.citation} ${a.title}: ${a.before} → ${a.after}${a.by ? ` (${a.by}, ${a.date})` : ''}`);
  return `${escapeControlKeepLines(lines.join('\n'))}\n`;
}

const cell = (text: string): string => escapeControl(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function markdownDiff(diff: ReportDiff): string {
  const out = [`## Vigil: changes since ${cell(diff.old.file)}`, ''];
  for (const warning of diff.warnings) out.push(`> ⚠️ ${cell(warning)}`, '');
  out.push(`| | count |`, `| --- | ---: |`);
  out.push(
    `| New failures | ${diff.newFailures.length} |`,
    `| Fixed | ${diff.fixed.length} |`,
    `| Newly suppressed | ${diff.newlySuppressed.length} |`,
    `| Now unknown | ${diff.nowUnknown.length} |`,
    `| No longer in scope | ${diff.noLongerInScope.length} |`,
    `| Still failing | ${diff.stillFailing.length} |`,
    '',
  );
  const table = (title: string, entries: DiffEntry[]): void => {
    if (entries.length === 0) return;
    out.push(`### ${title}`, '', '| severity | rule | resource | where | requirements |', '| --- | --- | --- | --- | --- |');
    for (const e of entries) out.push(`| ${e.severity} | \`${cell(e.rule)}\` | \`${cell(e.resource)}\` | ${cell(e.location ?? '')} | ${cell(e.requirements.join(', '))} |`);
    out.push('');
  };
  table('New failures', diff.newFailures);
  table('Fixed', diff.fixed);
  table('Newly suppressed', diff.newlySuppressed);
  table('Now unknown', diff.nowUnknown);
  table('No longer in scope', diff.noLongerInScope);
  if (diff.requirements.length > 0) {
    out.push('### Requirements whose status changed', '', '| framework | requirement | before | after |', '| --- | --- | --- | --- |');
    for (const r of diff.requirements) out.push(`| ${r.framework} | ${cell(r.citation)} ${cell(r.title)} | ${r.before} | ${r.after} |`);
    out.push('');
  }
  if (diff.attestations.length > 0) {
    out.push('### Attestations that changed', '', '| framework | requirement | before | after | by |', '| --- | --- | --- | --- | --- |');
    for (const a of diff.attestations) out.push(`| ${a.framework} | ${cell(a.citation)} ${cell(a.title)} | ${a.before} | ${a.after} | ${cell(a.by ? `${a.by}, ${a.date}` : '')} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

let htmlTemplate: Handlebars.TemplateDelegate | undefined;
function htmlDiff(diff: ReportDiff): string {
  // Handlebars loads only for the HTML diff, not at every start of the CLI.
  htmlTemplate ??= ((inBundle ? require('handlebars') : createRequire(import.meta.url)('handlebars')) as typeof Handlebars).create().compile(readFileSync(join(templateDir, 'diff.hbs'), 'utf8'), { strict: false });
  return htmlTemplate(diff);
}

export const DIFF_FORMATS = {
  console: consoleDiff,
  json: (diff: ReportDiff): string => `${JSON.stringify(diff, null, 2)}\n`,
  markdown: (diff: ReportDiff): string => markdownDiff(diff),
  html: (diff: ReportDiff): string => htmlDiff(diff),
} as const;

export type DiffFormat = keyof typeof DIFF_FORMATS;
