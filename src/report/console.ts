import { SEVERITIES } from '../engine/catalogue.js';
import { formatProblem } from '../model/problem.js';
import { countResults, hasSeveralRoots, resourceLabel, type ReportDocument, type ReportResult } from './document.js';
import type { FormatOptions } from './formats.js';
import { attestationCounts } from './attest.js';
import { exceptionLines } from './console-exceptions.js';
import { incompleteNotice } from './incomplete.js';
import { terminalLine } from './terminal.js';
import { REQUIREMENT_STATUSES, requirementStatusLabel } from '../engine/rollup.js';
import { blindSpotLine, coverageLine } from './coverage.js';
import { driftSummaryLine } from './drift.js';

/** A readable summary for people at a terminal: failures first, with where and how to fix. */

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
type Colour = keyof typeof CODES;

export function renderConsole(document: ReportDocument, options: FormatOptions): string {
  const paint = (colour: Colour, text: string): string => (options.color ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text);
  const severityColour = (severity: string): Colour =>
    severity === 'critical' || severity === 'high' ? 'red' : severity === 'medium' ? 'yellow' : 'blue';
  const lines: string[] = [];
  const showRoot = hasSeveralRoots(document.results);
  const where = (r: ReportResult): string => {
    if (r.location) {
      const span = r.location.endLine > r.location.startLine ? `${r.location.startLine}-${r.location.endLine}` : `${r.location.startLine}`;
      return `${resourceLabel(r, showRoot)} (${r.location.file}:${span})`;
    }
    return `${r.resource.arn ?? r.resource.name} (${r.resource.account ?? '?'} ${r.resource.region ?? ''})`.trim();
  };
  const rules = new Map(document.rules.map((rule) => [rule.id, rule]));
  // Results of a module folder evaluated alone on its defaults are noise next to its callers'
  // results: they are counted apart, and listed only when asked for.
  const informational = document.results.filter((r) => r.informational !== undefined);
  const shown = options.showInformational ? document.results : document.results.filter((r) => r.informational === undefined);
  // Results that already failed in the baseline or at the merge base are listed compactly below.
  const failing = shown.filter((r) => r.status === 'fail' && r.baseline !== 'existing');
  failing.sort((a, b) => SEVERITIES.indexOf(a.rule.severity) - SEVERITIES.indexOf(b.rule.severity));
  const unknown = shown.filter((r) => r.status === 'unknown');

  lines.push(paint('bold', `Vigil ${document.tool.version}`) + paint('gray', ` · ${document.scan.paths.join(', ')} · ${document.summary.resources} resources · ${document.rules.length} rules`));
  const incomplete = incompleteNotice(document);
  if (incomplete) lines.push(paint('red', paint('bold', incomplete)) + ' (see "Problems with the input" below)');
  lines.push('');
  for (const r of failing) {
    lines.push(`${paint('red', 'FAIL')}  ${paint(severityColour(r.rule.severity), r.rule.severity.padEnd(8))} ${paint('bold', r.rule.id)}  ${r.rule.title}`);
    lines.push(`      ${where(r)}`);
    if (r.informational) lines.push(paint('gray', '      not gating: this module folder on its own defaults; its callers decide'));
    for (const fact of r.facts.slice(0, 5)) lines.push(paint('gray', `      ${fact}`));
    if (r.facts.length > 5) lines.push(paint('gray', `      … and ${r.facts.length - 5} more`));
    // A rule with facets: which of the peers' checks this failure is.
    if (r.references && r.references.length < r.rule.references.length && r.references.length > 0) {
      lines.push(paint('gray', `      as ${r.references.map((ref) => `${ref.source} ${ref.id}`).join(', ')}`));
    }
    for (const partial of r.partialIgnores ?? []) {
      lines.push(paint('yellow', `      partial ignore: ${partial.source} ${partial.id} (${partial.file}:${partial.line}) does not cover ${partial.uncovered.join(', ') || 'what failed'}, so this still fails`));
    }
    if (!options.quiet) {
      const fix = rules.get(r.rule.id)?.remediation.text.trim().split('\n')[0];
      if (fix) lines.push(`      ${paint('green', 'Fix:')} ${fix}`);
    }
    lines.push('');
  }
  if (!options.quiet) {
    for (const r of unknown) {
      lines.push(`${paint('yellow', 'UNKNOWN')} ${paint('bold', r.rule.id)}  ${where(r)}`);
      lines.push(paint('gray', `      ${r.message}`));
    }
    if (unknown.length > 0) lines.push('');
  }
  const inputProblems = document.errors.filter((e) => e.suppression === undefined);
  if (inputProblems.length > 0) {
    lines.push(paint('bold', 'Problems with the input:'));
    for (const problem of inputProblems) {
      lines.push(`  ${paint(problem.severity === 'error' ? 'red' : 'yellow', problem.severity)} ${formatProblem(problem)}`);
    }
    lines.push('');
  }
  lines.push(...exceptionLines(document, options.quiet, paint));
  // The roll-up as the engine computed it: excepted and not-evaluated requirements counted apart, never as pass.
  for (const framework of document.frameworks) {
    const parts = REQUIREMENT_STATUSES.map((status) => ({ status, count: framework.requirements.filter((q) => q.status === status).length }))
      .filter((p) => p.count > 0)
      .map((p) => {
        const text = `${p.count} ${requirementStatusLabel(p.status)}`;
        return p.status === 'fail' ? paint('red', text) : p.status === 'pass' ? paint('green', text) : p.status === 'excepted' || p.status === 'unknown' || p.status === 'not-evaluated' ? paint('yellow', text) : text;
      });
    if (parts.length > 0) lines.push(`${framework.name}: ${parts.join(' · ')} (of ${framework.requirements.length} requirements)`);
  }
  if (document.coverage) {
    lines.push(`Coverage: ${coverageLine(document.coverage)}`);
    const blind = blindSpotLine(document.coverage);
    if (blind) lines.push(paint('yellow', `Blind spots: ${blind}`));
  }
  if (document.drift) lines.push(driftSummaryLine(document.drift) + (options.quiet ? '' : paint('gray', ' (vigil drift lists them)')));
  const s = countResults(document.results.filter((r) => r.informational === undefined));
  const bySeverity = SEVERITIES.filter((sev) => s.failedBySeverity[sev] > 0)
    .map((sev) => `${s.failedBySeverity[sev]} ${sev}`)
    .join(', ');
  const informationalFailed = informational.filter((r) => r.status === 'fail').length;
  lines.push(
    `${paint(s.byStatus.fail > 0 ? 'red' : 'green', `${s.byStatus.fail} failed`)}${bySeverity ? ` (${bySeverity})` : ''} · ` +
      `${paint('green', `${s.byStatus.pass} passed`)} · ${paint('yellow', `${s.byStatus.unknown} unknown`)} · ${s.byStatus.suppressed} suppressed` +
      (informational.length > 0
        ? paint('gray', ` · ${informational.length} informational (${informationalFailed} failed) from module folders on their own defaults, not gating${options.showInformational ? '' : ': --show-informational lists them'}`)
        : ''),
  );
  const manual = attestationCounts(document.frameworks);
  // Only with an attestations file: a plain CI gate has no use for the paperwork count.
  if (document.scan.attestations && manual.attested + manual.stale + manual['not-attested'] + manual['not-applicable'] > 0) {
    lines.push(
      `Manual requirements: ${paint('green', `${manual.attested} attested`)} · ${paint(manual.stale > 0 ? 'yellow' : 'gray', `${manual.stale} stale`)} · ${manual['not-attested']} open` +
        (manual['not-applicable'] > 0 ? ` · ${manual['not-applicable']} not applicable` : ''),
    );
  }
  // Each line is one line: anything in it that could steer a terminal or forge a line is made visible.
  return `${lines.map((line) => terminalLine(line, options.color === true)).join('\n')}\n`;
}
