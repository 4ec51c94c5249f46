import { formatProblem } from '../model/problem.js';
import { hasSeveralRoots, resourceLabel, type ReportDocument, type ReportResult, type ReportSuppression } from './document.js';

/**
 * The console's account of exceptions: the suppressions in effect (who, why, until when, and
 * where they were written), the ignores that suppress nothing, and, after a comparison with a
 * baseline or a merge base, the results that already failed there and the entries now fixed.
 * Compact: one line per item, so a reviewer sees every exception without scrolling past them.
 */

export type Paint = (colour: 'red' | 'green' | 'yellow' | 'blue' | 'cyan' | 'gray' | 'bold', text: string) => string;

const SOURCE_LABEL: Record<NonNullable<ReportSuppression['source']>, string> = {
  vigil: 'inline',
  config: 'config',
  checkov: 'checkov',
  trivy: 'trivy',
};

function suppressionLine(r: ReportResult, paint: Paint, identity: (r: ReportResult) => string): string {
  const s = r.suppression;
  const details = [
    s ? `"${s.reason}"` : '',
    s?.owner ? `owner ${s.owner}` : '',
    s?.approver ? `approved by ${s.approver}` : '',
    s?.expires ? `until ${s.expires}` : '',
    s?.source ? `${SOURCE_LABEL[s.source]}${s.file ? ` ${s.file}${s.line ? `:${s.line}` : ''}` : ''}` : '',
  ].filter(Boolean);
  return `  ${paint('bold', r.rule.id)}  ${identity(r)}${paint('gray', ` · ${details.join(' · ')}`)}`;
}

/** Lines to print before the summary; empty when there is nothing to say. */
export function exceptionLines(document: ReportDocument, quiet: boolean, paint: Paint): string[] {
  const lines: string[] = [];
  const showRoot = hasSeveralRoots(document.results);
  const identity = (r: ReportResult): string => resourceLabel(r, showRoot);
  const suppressed = document.results.filter((r) => r.status === 'suppressed');
  if (suppressed.length > 0 && !quiet) {
    lines.push(paint('bold', `Suppressed (${suppressed.length}):`));
    for (const r of suppressed) lines.push(suppressionLine(r, paint, identity));
    lines.push('');
  }
  const idle = document.errors.filter((e) => e.suppression !== undefined);
  if (idle.length > 0) {
    lines.push(paint('bold', `Ignores not in effect (${idle.length}):`));
    for (const problem of idle) lines.push(`  ${paint('yellow', problem.suppression!)}  ${formatProblem(problem)}`);
    lines.push('');
  }
  const comparison = document.comparison;
  if (comparison) {
    const against = comparison.kind === 'baseline' ? `baseline ${comparison.reference}` : comparison.reference;
    const label = comparison.kind === 'baseline' ? 'baselined' : 'failed before';
    lines.push(
      paint('bold', `Compared with ${against}:`) +
        ` ${paint(comparison.new > 0 ? 'red' : 'green', `${comparison.new} new`)} · ${comparison.existing} ${label} · ${paint('green', `${comparison.fixed.length} fixed`)}`,
    );
    if (comparison.legacyEntries) {
      lines.push(paint('yellow', `  ${comparison.legacyEntries} baseline entries predate root folders in fingerprints and match their address in every root: run "vigil baseline create" to write them anew`));
    }
    if (!quiet) {
      for (const r of document.results.filter((x) => x.status === 'fail' && x.baseline === 'existing')) {
        const where = r.location ? paint('gray', ` (${r.location.file}:${r.location.startLine})`) : '';
        lines.push(`  ${paint('gray', label.padEnd(13))} ${r.rule.severity.padEnd(8)} ${paint('bold', r.rule.id)}  ${identity(r)}${where}`);
      }
      for (const entry of comparison.fixed) lines.push(`  ${paint('green', 'fixed'.padEnd(13))} ${''.padEnd(8)} ${paint('bold', entry.rule)}  ${showRoot && entry.root !== undefined ? `${entry.root}: ` : ''}${entry.resource}`);
    }
    lines.push('');
  }
  return lines;
}
