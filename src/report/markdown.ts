import { SEVERITIES } from '../engine/catalogue.js';
import { hasSeveralRoots, type ReportDocument, type ReportDrift, type ReportResult } from './document.js';
import { REQUIREMENT_STATUSES, type RequirementStatus } from '../engine/rollup.js';
import { blindSpotLine, coverageLine, notJudged } from './coverage.js';
import { changedVerdicts, verdictTrail } from './drift.js';
import { attestationCounts } from './attest.js';
import { incompleteNotice } from './incomplete.js';
import { escapeControl } from './terminal.js';
import { describeDeviation, provenanceRows } from './provenance.js';
import { exceptionsOf, IDLE_LABELS, idleIgnores, inputProblems, SOURCE_LABELS } from './exceptions.js';

/**
 * A Markdown summary for a pull-request comment or $GITHUB_STEP_SUMMARY. GitHub refuses comments
 * over 65,536 characters, so the finding lists are cut to fit and say how many were left out.
 */

export const MARKDOWN_LIMIT = 65_536;
/** Room kept for the closing lines, which are written after the lists are cut. */
const RESERVE = 1_000;

/** Text from the scanned estate, made inert: no HTML, no Markdown syntax, one line. */
export function mdText(text: string): string {
  return escapeControl(text.replace(/[\r\n]+/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

/** Inline code for identifiers; backticks inside are replaced, since a code span cannot escape them. */
function code(text: string): string {
  return `\`${escapeControl(text.replace(/`/g, 'ʼ').replace(/[\r\n]+/g, ' ')).replace(/\|/g, '\\|')}\``;
}

const STATUS_LABEL: Record<RequirementStatus, string> = {
  fail: '❌ fail',
  excepted: '⚖️ excepted',
  unknown: '❔ unknown',
  'not-evaluated': '🔍 not evaluated',
  'attestation-stale': '⏳ attestation stale',
  manual: '📝 manual',
  pass: '✅ pass',
  'not-applicable': '➖ n/a',
};

/** Columns always shown, so a reader sees a zero; the rest only when some requirement has them. */
const ALWAYS_SHOWN: readonly RequirementStatus[] = ['fail', 'excepted', 'unknown', 'not-evaluated', 'pass'];

function where(result: ReportResult): string {
  if (result.location) return code(`${result.location.file}:${result.location.startLine}`);
  const r = result.resource;
  // For live AWS, when the answers were read: the newest call's time.
  const read = result.evidence?.map((e) => e.at).sort().at(-1);
  return [r.account, r.region, read && `read ${read}`].filter(Boolean).map((v) => code(v!)).join(' ') || '—';
}

function row(result: ReportResult): string {
  const resource = result.resource.address ?? result.resource.arn ?? result.resource.name;
  const detail = result.status === 'unknown' ? result.message : result.facts.join('; ') || result.message;
  const mark = result.baseline === 'new' ? '🆕 **new** ' : result.baseline === 'existing' ? 'existing ' : '';
  return `| ${mark}${result.rule.severity} | ${code(result.rule.id)} | ${code(resource)} | ${where(result)} | ${mdText(detail.length > 300 ? `${detail.slice(0, 299)}…` : detail)} |`;
}

/** Adds lines while they fit in the budget; returns how many did not. */
function fill(out: string[], lines: string[], budget: { left: number }): number {
  let added = 0;
  for (const line of lines) {
    if (line.length + 1 > budget.left) break;
    out.push(line);
    budget.left -= line.length + 1;
    added++;
  }
  return lines.length - added;
}

/** Where the report came from (folded away) and every deviation from the default rule set (not folded). */
function provenanceLines(document: ReportDocument): string[] {
  const out: string[] = [];
  const rows = provenanceRows(document.scan);
  if (rows.length > 0) {
    out.push('<details><summary>Provenance</summary>', '');
    for (const row of rows) {
      const values = row.values ?? [row.value ?? ''];
      const shown = values.map((v) => (row.code ? code(v) : mdText(v)));
      if (values.length === 1) out.push(`- ${mdText(row.label)}: ${shown[0]}`);
      else out.push(`- ${mdText(row.label)}:`, ...shown.map((v) => `  - ${v}`));
    }
    out.push('', '</details>', '');
  }
  const deviations = document.scan.provenance?.deviations ?? [];
  if (deviations.length > 0) {
    out.push(`**Deviations from the default rule set (${deviations.length})**`, '', ...deviations.map((d) => `- ${code(describeDeviation(d))}`), '');
  }
  return out;
}

/**
 * The drift table: one row per resource that drifted, is not applied, is unmanaged or gone, with
 * the rules whose verdict differs between code, state and live.
 */
function driftSection(drift: ReportDrift, out: string[], budget: { left: number }, footer: string[]): void {
  const s = drift.summary;
  const rows: string[] = [];
  for (const r of drift.resources) {
    if (r.drift.length === 0 && r.notApplied.length === 0) continue;
    const what = [...r.drift.map((d) => `${d.attribute}: state ${d.state}, live ${d.live}`), ...r.notApplied.map((d) => `${d.attribute}: code ${d.code}, state ${d.state}`)].join('; ');
    const verdicts = changedVerdicts(r).map((v) => `${v.rule}: ${verdictTrail(v)}`).join('<br>');
    rows.push(`| ${r.drift.length > 0 ? 'drifted' : 'not applied'} | ${code(r.address)} | ${r.location ? code(`${r.location.file}:${r.location.startLine}`) : '—'} | ${mdText(what.length > 300 ? `${what.slice(0, 299)}…` : what)} | ${mdText(verdicts) || '—'} |`);
  }
  for (const u of drift.unmanaged) rows.push(`| unmanaged | ${code(u.arn)} | ${code(`${u.account} ${u.region}`)} | ${mdText(`${u.kind} in no state`)} | — |`);
  for (const g of drift.gone) rows.push(`| gone | ${code(g.address)} | ${g.location ? code(`${g.location.file}:${g.location.startLine}`) : code(g.state)} | ${mdText(`${g.kind} ${g.arn ?? g.id ?? ''} not in the account`)} | — |`);
  const lines = [
    '### Drift',
    '',
    `${s.joined} resources joined (code · state${drift.live ? ' · live' : ''}) · ${drift.live ? `${s.drifted} drifted · ` : ''}${s.notApplied} not applied${drift.live ? ` · ${s.unmanaged} unmanaged · ${s.gone} gone` : ''}`,
    '',
  ];
  if (rows.length > 0) lines.push('| | resource | where | what differs | verdicts code → state → live |', '| --- | --- | --- | --- | --- |');
  const opening = lines.join('\n').length + 1;
  if (opening > budget.left) {
    footer.push(`_The drift table is not shown: the comment is at GitHub's size limit._`);
    return;
  }
  out.push(...lines);
  budget.left -= opening;
  const left = fill(out, rows, budget);
  if (left > 0) out.push('', `_… and ${left} more drift rows not shown; see the full report._`);
  out.push('');
}

export function renderMarkdown(document: ReportDocument): string {
  const s = document.summary;
  const head: string[] = [];
  const verdict = s.byStatus.fail > 0 ? `❌ **${s.byStatus.fail} failing**` : '✅ **no failing results**';
  const title = document.scan.provenance?.title;
  head.push(title ? `## Vigil compliance scan: ${mdText(title)}` : `## Vigil compliance scan`, '');
  const incomplete = incompleteNotice(document);
  if (incomplete) head.push(`> ⚠️ **${incomplete}** (listed under "Input that could not be scanned")`, '');
  head.push(
    `${verdict} · ${s.byStatus.pass} passed · ${s.byStatus.unknown} unknown · ${s.byStatus.suppressed} suppressed · ${s.resources} resources · ${document.rules.length} rules` +
      (s.errors > 0 ? ` · ⚠️ ${s.errors} input error(s)` : ''),
    '',
  );
  const failing = SEVERITIES.filter((sev) => s.failedBySeverity[sev] > 0);
  if (failing.length > 0) {
    head.push(`| severity | ${failing.join(' | ')} |`, `| --- | ${failing.map(() => '---:').join(' | ')} |`);
    head.push(`| failing | ${failing.map((sev) => s.failedBySeverity[sev]).join(' | ')} |`, '');
  }
  if (document.frameworks.length > 0) {
    const statuses = REQUIREMENT_STATUSES.filter((st) => ALWAYS_SHOWN.includes(st) || document.frameworks.some((f) => f.requirements.some((q) => q.status === st)));
    head.push(`| framework | requirements | ${statuses.map((st) => STATUS_LABEL[st]).join(' | ')} |`);
    head.push(`| --- | ---: | ${statuses.map(() => '---:').join(' | ')} |`);
    for (const framework of document.frameworks) {
      const count = (st: RequirementStatus): number => framework.requirements.filter((q) => q.status === st).length;
      head.push(`| ${mdText(framework.name)} | ${framework.requirements.length} | ${statuses.map(count).join(' | ')} |`);
    }
    head.push('');
    const manual = attestationCounts(document.frameworks);
    const manualTotal = manual.attested + manual.stale + manual['not-attested'] + manual['not-applicable'];
    if (document.scan.attestations && manualTotal > 0) {
      head.push(
        `📝 Manual parts: **${manual.attested}** attested · ${manual.stale > 0 ? `**${manual.stale} stale**` : '0 stale'} · ${manual['not-attested']} open${manual['not-applicable'] > 0 ? ` · ${manual['not-applicable']} not applicable` : ''}, of ${manualTotal}`,
        '',
      );
    }
    // Process checks: when each is due, so the next quarter's package knows what to renew.
    const checks = document.frameworks.flatMap((f) =>
      f.requirements
        .filter((q) => q.manual?.processCheck)
        .map((q) => {
          const m = q.manual!;
          const when = m.state === 'not-applicable' ? 'not applicable' : !m.attestation ? 'due now: never attested' : m.state === 'stale' ? `**overdue**: was due ${mdText(m.attestation.due ?? '')}` : `next due ${mdText(m.attestation.due ?? '')}`;
          return `- ${mdText(f.name)} **${mdText(q.citation)}** ${code(m.processCheck!)}${m.everyDays ? ` (every ${m.everyDays} days)` : ''}: ${when}`;
        }),
    );
    if (checks.length > 0) head.push('**Manual process checks**', '', ...checks, '');
    const stale = document.frameworks.flatMap((f) =>
      f.requirements
        .filter((q) => q.manual?.state === 'stale')
        .map((q) => `- ${mdText(f.name)} **${mdText(q.citation)}** ${mdText(q.title)}: attested ${mdText(q.manual!.attestation!.date)} by ${mdText(q.manual!.attestation!.by)}, ${q.manual!.attestation!.ageDays} days before the scan`),
    );
    if (stale.length > 0) head.push('**Stale attestations to renew**', '', ...stale, '');
  }
  const c = document.comparison;
  if (c) head.push(`Compared with ${c.kind === 'baseline' ? 'the baseline' : 'the merge base of'} ${code(c.reference)}: **${c.new} new** · ${c.existing} already failing · ${c.fixed.length} fixed`, '');
  head.push(...provenanceLines(document));
  const failingRequirements = document.frameworks.flatMap((f) => f.requirements.filter((q) => q.status === 'fail').map((q) => `- ${mdText(f.name)} **${mdText(q.citation)}** ${mdText(q.title)}: ${q.counts.fail} failing`));
  if (failingRequirements.length > 0) head.push('**Requirements with failing evidence**', '', ...failingRequirements, '');
  const excepted = document.frameworks.flatMap((f) =>
    f.requirements.filter((q) => q.status === 'excepted').map((q) => `- ${mdText(f.name)} **${mdText(q.citation)}** ${mdText(q.title)}: ${q.counts.suppressed} failing or unknown, all accepted by suppression`),
  );
  if (excepted.length > 0) head.push('**Requirements excepted (failing, accepted; not a pass)**', '', ...excepted, '');
  if (document.coverage) {
    head.push(`**Coverage:** ${mdText(coverageLine(document.coverage))}`, '');
    const blind = blindSpotLine(document.coverage);
    if (blind) head.push(`**Blind spots of the tool:** ${mdText(blind)}`, '');
  }

  const out = [...head];
  const budget = { left: MARKDOWN_LIMIT - RESERVE - out.join('\n').length };
  const footer: string[] = [];
  if (document.drift) driftSection(document.drift, out, budget, footer);
  const sections: Array<{ title: string; results: ReportResult[]; collapsed: boolean }> = [
    { title: 'Failing', results: document.results.filter((r) => r.status === 'fail' && !r.informational).sort((a, b) => SEVERITIES.indexOf(a.rule.severity) - SEVERITIES.indexOf(b.rule.severity)), collapsed: false },
    { title: 'Failing in module folders on their own defaults, not gating', results: document.results.filter((r) => r.status === 'fail' && r.informational), collapsed: true },
    { title: 'Unknown before apply or not readable', results: document.results.filter((r) => r.status === 'unknown'), collapsed: true },
  ];
  for (const section of sections) {
    if (section.results.length === 0) continue;
    const lines = [
      section.collapsed ? `<details><summary>${section.title} (${section.results.length})</summary>\n` : `### ${section.title} (${section.results.length})\n`,
      '| severity | rule | resource | where | detail |',
      '| --- | --- | --- | --- | --- |',
    ];
    const opening = lines.join('\n').length + 1;
    if (opening > budget.left) {
      footer.push(`_${section.results.length} ${section.title.toLowerCase()} results not shown: the comment is at GitHub's size limit._`);
      continue;
    }
    out.push(...lines);
    budget.left -= opening;
    const left = fill(out, section.results.map(row), budget);
    if (left > 0) out.push('', `_… and ${left} more ${section.title.toLowerCase()} results not shown, to stay under GitHub's ${MARKDOWN_LIMIT.toLocaleString('en-US')}-character limit; see the full report._`);
    out.push(section.collapsed ? '\n</details>\n' : '');
  }
  const unjudged = document.coverage ? [...notJudged(document.coverage), ...document.coverage.filter((e) => e.collected === false)] : [];
  if (unjudged.length > 0) {
    const lines = [
      `<details><summary>Not evaluated: resource types found that no rule judged (${unjudged.length})</summary>\n`,
      '| source | type | found | judged | note |',
      '| --- | --- | ---: | ---: | --- |',
    ];
    const rows = unjudged.map(
      (e) => `| ${e.source} | ${code(e.type)} | ${e.count} | ${e.judged} | ${e.collected === false ? `not read: no collector (listed by ${e.listedBy ?? 'a listing'})` : e.judged === 0 ? 'no rule covers this type' : 'no rule applied to the rest'} |`,
    );
    if (lines.join('\n').length + 1 <= budget.left) {
      out.push(...lines);
      budget.left -= lines.join('\n').length + 1;
      const left = fill(out, rows, budget);
      if (left > 0) out.push('', `_… and ${left} more types, in the JSON report's coverage._`);
      out.push('\n</details>\n');
    } else footer.push(`_${unjudged.length} types not evaluated not shown: the comment is at GitHub's size limit._`);
  }
  const exceptions = exceptionsOf(document);
  const showRoot = hasSeveralRoots(document.results);
  if (exceptions.length > 0) {
    out.push(`### Exceptions in effect (${exceptions.length})`, '', '| rule | resource | reason | owner | approver | expires | written in | peer ignore |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    const rows = exceptions.map(
      (e) =>
        `| ${code(e.rule)} | ${code(showRoot && e.root !== undefined ? `${e.root}: ${e.resource}` : e.resource)} | ${mdText(e.reason)} | ${e.owner ? mdText(e.owner) : '—'} | ${e.approver ? mdText(e.approver) : '—'} | ${e.expires ? mdText(e.expires) : '—'} | ${code(e.where)} ${mdText(SOURCE_LABELS[e.source])} | ${e.peer ? 'yes' : 'no'} |`,
    );
    const left = fill(out, rows, budget);
    if (left > 0) out.push('', `_… and ${left} more exceptions not shown; see the full report._`);
    out.push('');
  }
  const idle = idleIgnores(document.errors);
  if (idle.length > 0) {
    out.push(`### Ignores not in effect (${idle.length})`, '');
    const lines = idle.map((e) => `- ${IDLE_LABELS[e.suppression!]}: ${e.file ? `${code(`${e.file}${e.line ? `:${e.line}` : ''}`)} ` : ''}${mdText(e.message)}`);
    const left = fill(out, lines, budget);
    if (left > 0) out.push(`- … and ${left} more`);
    out.push('');
  }
  const problems = inputProblems(document.errors);
  if (problems.length > 0) {
    out.push('### Input that could not be scanned', '');
    const lines = problems.map((e) => `- ${e.severity}: ${e.file ? `${code(`${e.file}${e.line ? `:${e.line}` : ''}`)} ` : ''}${mdText(e.message)}`);
    const left = fill(out, lines, budget);
    if (left > 0) out.push(`- … and ${left} more`);
    out.push('');
  }
  out.push(...footer);
  out.push(`<sub>Vigil ${mdText(document.tool.version)} · rule set ${document.scan.ruleSetHash.slice(0, 12)} · ${document.scan.finishedAt}</sub>`);
  return `${out.join('\n')}\n`;
}
