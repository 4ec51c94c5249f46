import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
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
  newFailures: DiffEntry[];
  resolved: DiffEntry[];
  stillFailing: DiffEntry[];
  requirements: RequirementChange[];
}

export interface DiffRenderOptions {
  color: boolean;
}

const templateDir = reportTemplatesDir;

function consoleDiff(diff: ReportDiff, options: DiffRenderOptions): string {
  const paint = (code: number, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [`Comparing ${diff.old.file} (${diff.old.scannedAt}) with ${diff.new.file} (${diff.new.scannedAt})`, ''];
  const section = (title: string, code: number, entries: DiffEntry[]): void => {
    lines.push(paint(code, `${title}: ${entries.length}`));
    for (const e of entries) lines.push(`  ${e.severity.padEnd(8)} ${e.rule}  ${e.resource}${e.location ? ` (${e.location})` : ''}`);
    lines.push('');
  };
  section('New failures', 31, diff.newFailures);
  section('Resolved', 32, diff.resolved);
  section('Still failing', 33, diff.stillFailing);
  lines.push(`Requirements whose status changed: ${diff.requirements.length}`);
  for (const r of diff.requirements) lines.push(`  ${r.framework} ${r.citation} ${r.title}: ${r.before} → ${r.after}`);
  return `${lines.join('\n')}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdownDiff(diff: ReportDiff): string {
  const out = [`## Vigil: changes since ${cell(diff.old.file)}`, '', `| | count |`, `| --- | ---: |`];
  out.push(`| New failures | ${diff.newFailures.length} |`, `| Resolved | ${diff.resolved.length} |`, `| Still failing | ${diff.stillFailing.length} |`, '');
  const table = (title: string, entries: DiffEntry[]): void => {
    if (entries.length === 0) return;
    out.push(`### ${title}`, '', '| severity | rule | resource | where |', '| --- | --- | --- | --- |');
    for (const e of entries) out.push(`| ${e.severity} | \`${cell(e.rule)}\` | \`${cell(e.resource)}\` | ${cell(e.location ?? '')} |`);
    out.push('');
  };
  table('New failures', diff.newFailures);
  table('Resolved', diff.resolved);
  if (diff.requirements.length > 0) {
    out.push('### Requirements whose status changed', '', '| framework | requirement | before | after |', '| --- | --- | --- | --- |');
    for (const r of diff.requirements) out.push(`| ${r.framework} | ${cell(r.citation)} ${cell(r.title)} | ${r.before} | ${r.after} |`);
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
