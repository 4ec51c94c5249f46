import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportDocument } from '../report/document.js';
import type { CoverageEntry } from '../engine/inventory-coverage.js';

/**
 * The judged share of `aws_*` resource blocks on the public corpora, as each scan's own `coverage`
 * section reports it: `npm run coverage:corpora [corpora folder]` scans every corpus with the real
 * CLI (offline, as a user would) and prints a Markdown table per corpus and in total, then the
 * types most often left unjudged. The README's figure is this table, so it can be recomputed after
 * every catalogue change.
 */

export const CORPORA = [
  'terragoat/terraform/aws',
  'terraform-aws-vpc',
  'terraform-aws-rds',
  'terraform-aws-s3-bucket',
  'terraform-aws-security-group',
  'terraform-aws-eks',
];

export interface CorpusCoverage {
  corpus: string;
  blocks: number;
  judged: number;
  coverage: CoverageEntry[];
}

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'vigil');

export function scanCorpus(root: string, corpus: string): CorpusCoverage {
  const run = spawnSync(process.execPath, [bin, 'scan', join(root, corpus), '--format', 'json', '--fail-on', 'none', '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0 && run.status !== 2) throw new Error(`${corpus}: vigil exited ${run.status}: ${run.stderr.slice(0, 500)}`);
  const report = JSON.parse(run.stdout) as ReportDocument;
  const coverage = (report.coverage ?? []).filter((e) => e.source === 'terraform');
  return { corpus, blocks: coverage.reduce((s, e) => s + e.count, 0), judged: coverage.reduce((s, e) => s + e.judged, 0), coverage };
}

const percent = (part: number, whole: number): string => (whole === 0 ? '—' : `${Math.round((part / whole) * 1000) / 10} %`);

export function renderCorpusTable(rows: CorpusCoverage[], topTypes = 15): string {
  const lines = ['| corpus | `aws_*` blocks | judged | share |', '| --- | ---: | ---: | ---: |'];
  for (const r of rows) lines.push(`| ${r.corpus} | ${r.blocks} | ${r.judged} | ${percent(r.judged, r.blocks)} |`);
  const blocks = rows.reduce((s, r) => s + r.blocks, 0);
  const judged = rows.reduce((s, r) => s + r.judged, 0);
  lines.push(`| **total** | **${blocks}** | **${judged}** | **${percent(judged, blocks)}** |`);
  const unjudged = new Map<string, number>();
  for (const r of rows) for (const e of r.coverage) if (e.count > e.judged) unjudged.set(e.type, (unjudged.get(e.type) ?? 0) + e.count - e.judged);
  const top = [...unjudged].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, topTypes);
  lines.push('', `Most common types not judged (blocks, all corpora): ${top.map(([t, n]) => `\`${t}\` ×${n}`).join(', ')}`);
  return lines.join('\n');
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = process.argv[2] ?? '/work/shared/corpora';
  const rows = CORPORA.filter((c) => existsSync(join(root, c))).map((c) => scanCorpus(root, c));
  if (rows.length === 0) {
    process.stderr.write(`no corpus found under ${root}\n`);
    process.exitCode = 2;
  } else process.stdout.write(`${renderCorpusTable(rows)}\n`);
}
