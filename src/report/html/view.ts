import { SEVERITIES, type Severity } from '../../engine/catalogue.js';
import { hasSeveralRoots, notGatingReason, type ReportDocument, type ReportDrift, type ReportResult, type ReportRule } from '../document.js';
import { REQUIREMENT_STATUSES, type AttestationState, type ReportRequirement, type RequirementStatus } from '../../engine/rollup.js';
import { blindSpotLine, blindSpots, coverageLine, notJudged } from '../coverage.js';
import { driftSummaryLine } from '../drift.js';
import { attestationCounts } from '../attest.js';
import { incompleteNotice } from '../incomplete.js';
import { provenanceRows, type RuleDeviation } from '../provenance.js';
import { requirementAnchor } from '../anchors.js';
import { exceptionsOf, IDLE_LABELS, idleIgnores, inputProblems, SOURCE_LABELS, type ExceptionEntry } from '../exceptions.js';
import type { ScanProblem } from '../../model/problem.js';

/**
 * The view model of the HTML checklist: the report document arranged per framework, section and
 * requirement, with the numbers the summary shows. Pure data; the templates decide the markup.
 */

/** Up to this many result rows (counted once per requirement they appear under) go into the page
 * itself, so it reads and prints without script; above it, rows are kept as data and drawn when a
 * requirement is opened. */
export const INLINE_ROW_LIMIT = 3_000;

/** The findings register lists at most this many in the page; a larger estate's are in the JSON and CSV reports. */
export const FINDINGS_LIMIT = 500;

export interface RuleView {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  assumptions?: string;
  remediation: { text: string; terraform: string };
  references: Array<{ source: string; id: string }>;
  helpUri?: string;
  counts: Record<ReportResult['status'], number>;
  total: number;
  /** Indices into the document's results, in report order. */
  results: number[];
  /** The findings register's entries of this rule's failing results: what the printed checklist points at. */
  findings: Array<{ number: number; anchor: string }>;
  /** Failing results of the rule beyond those the checklist names. */
  findingsMore: number;
}

/** One failing result in the findings register: listed once, with every requirement it maps to. */
export interface FindingView {
  number: number;
  anchor: string;
  severity: Severity;
  rule: string;
  title: string;
  resource: string;
  kind: string;
  where: string;
  detail: string;
  /** The requirements it maps to, by framework: `HIPAA 164.308(a)(1)(ii)(B), 164.312(a)(1)`. */
  requirements: Array<{ framework: string; citations: Array<{ citation: string; anchor: string }> }>;
  /** Why it does not fail the gate, when it does not. */
  notGating?: string;
}

export interface RequirementView extends ReportRequirement {
  key: number;
  /** A stable anchor from the framework and citation (`hipaa-164.312-b`), never from the position. */
  anchor: string;
  framework: string;
  attested: boolean;
  /** For a manual part: attested, stale or not-attested. */
  manualState?: AttestationState;
  /** The attestation's evidence when it is a web address, to show as a link; else it shows as text. */
  evidenceLink?: string;
  ruleViews: RuleView[];
  resultTotal: number;
}

export interface FrameworkView {
  id: string;
  name: string;
  version: string;
  description: string;
  total: number;
  passing: number;
  bars: Array<{ status: RequirementStatus; count: number; percent: string }>;
  /** Manual parts (of manual-only requirements and of those that also have rules) by attestation state. */
  manual: { total: number; attested: number; stale: number; open: number; notApplicable: number };
  sections: Array<{ name: string; requirements: RequirementView[] }>;
}

export interface ReportView {
  document: ReportDocument;
  frameworks: FrameworkView[];
  severities: Array<{ severity: Severity; failing: number }>;
  metadata: Array<{ label: string; value?: string; values?: string[]; code?: boolean }>;
  filters: { frameworks: Array<{ id: string; name: string }>; accounts: string[]; regions: string[]; severities: Severity[]; statuses: string[] };
  inline: boolean;
  rules: Map<string, RuleView>;
  generated: string;
  /** Shown above the summary when input errors left part of the scan unread. */
  incomplete?: string;
  /** The "Not evaluated" section: what was found and not judged, and the live blind spots. */
  coverage?: { line: string; blindLine?: string; rows: Array<{ source: string; type: string; count: number; judged: number; why: string }> };
  /** Every way the rule set differs from the defaults, with where it was made. */
  deviations: Array<RuleDeviation & { where: string }>;
  /** Every failing result once, most severe first (up to FINDINGS_LIMIT; `findingsLeft` says how many more). */
  findings: FindingView[];
  findingsLeft: number;
  /** What the printed cover page says: title, scope, period and provenance, as far as the report has them. */
  cover: { title: string; scope: string[]; period: string; provenance: Array<{ label: string; value: string }> };
  /** Text for the printed pages' running header. */
  runningHeader: string;
  /** The exceptions register, with the source as people read it (up to FINDINGS_LIMIT; `exceptionsLeft` says how many more). */
  exceptions: Array<ExceptionEntry & { sourceLabel: string }>;
  exceptionsLeft: number;
  /** Ignores that suppress nothing, with why in words: a heading of their own. */
  idleIgnores: Array<ScanProblem & { label: string }>;
  /** What could not be read, parsed or evaluated. */
  inputProblems: ScanProblem[];
  /** With --state: the drift section, one row per resource and rule with its three verdicts. */
  drift?: DriftView;
}

export interface DriftView {
  summary: string;
  live: boolean;
  rows: Array<{
    /** Set on a resource's first row: the resource cells span its rules' rows. */
    resource?: { address: string; root?: string; where?: string; arn?: string; span: number; drift: string[]; notApplied: string[]; status: 'drifted' | 'not-applied' | 'in-step' };
    rule: string;
    severity: string;
    code?: string;
    state?: string;
    live?: string;
    /** The verdicts differ between the views. */
    changed: boolean;
  }>;
  unmanaged: ReportDrift['unmanaged'];
  gone: Array<ReportDrift['gone'][number] & { where?: string }>;
  notCompared: ReportDrift['notCompared'];
}

/** The drift section's rows: each joined resource's rules, with the three verdicts side by side. */
function driftView(drift: ReportDrift): DriftView {
  const rows: DriftView['rows'] = [];
  for (const r of drift.resources) {
    const verdicts = r.verdicts.length > 0 ? r.verdicts : [undefined];
    verdicts.forEach((v, i) => {
      const views = v ? [v.code, v.state, v.live].filter((x) => x !== undefined) : [];
      rows.push({
        ...(i === 0
          ? {
              resource: {
                address: r.address,
                ...(r.root !== undefined ? { root: r.root } : {}),
                ...(r.location ? { where: `${r.location.file}:${r.location.startLine}` } : {}),
                ...(r.views.live ? { arn: r.views.live.arn } : {}),
                span: verdicts.length,
                drift: r.drift.map((d) => `${d.attribute}: state ${d.state}, live ${d.live}`),
                notApplied: r.notApplied.map((d) => `${d.attribute}: code ${d.code}, state ${d.state}`),
                status: r.drift.length > 0 ? 'drifted' : r.notApplied.length > 0 ? 'not-applied' : 'in-step',
              },
            }
          : {}),
        rule: v?.rule ?? '(no rule judges this kind)',
        severity: v?.severity ?? '',
        ...(v?.code ? { code: v.code } : {}),
        ...(v?.state ? { state: v.state } : {}),
        ...(v?.live ? { live: v.live } : {}),
        changed: new Set(views).size > 1,
      });
    });
  }
  return {
    summary: driftSummaryLine(drift),
    live: drift.live,
    rows,
    unmanaged: drift.unmanaged,
    gone: drift.gone.map((g) => ({ ...g, ...(g.location ? { where: `${g.location.file}:${g.location.startLine}` } : {}) })),
    notCompared: drift.notCompared,
  };
}

/** 2026-11-22T02:58:39.999Z → 2026-11-22 02:58:39 UTC; anything else as given. */
export function readableTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

function duration(startedAt: string, finishedAt: string): string {
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function ruleViews(document: ReportDocument): Map<string, RuleView> {
  const byId = new Map<string, RuleView>();
  const make = (rule: Pick<ReportRule, 'id' | 'title' | 'severity'> & Partial<ReportRule>): RuleView => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    description: rule.description?.trim() ?? '',
    ...(rule.assumptions ? { assumptions: rule.assumptions.trim() } : {}),
    remediation: { text: rule.remediation?.text.trim() ?? '', terraform: rule.remediation?.terraform.trim() ?? '' },
    references: rule.references ?? [],
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    counts: { pass: 0, fail: 0, unknown: 0, suppressed: 0 },
    total: 0,
    results: [],
    findings: [],
    findingsMore: 0,
  });
  for (const rule of document.rules) byId.set(rule.id, make(rule));
  document.results.forEach((result, index) => {
    let view = byId.get(result.rule.id);
    if (!view) {
      view = make(result.rule);
      byId.set(view.id, view);
    }
    view.counts[result.status]++;
    view.total++;
    view.results.push(index);
  });
  // Within a rule, what needs attention comes first; the report's order is kept otherwise.
  const rank: Record<ReportResult['status'], number> = { fail: 0, unknown: 1, suppressed: 2, pass: 3 };
  for (const view of byId.values()) {
    view.results.sort((a, b) => rank[document.results[a]!.status] - rank[document.results[b]!.status] || a - b);
  }
  return byId;
}

function metadata(document: ReportDocument): ReportView['metadata'] {
  const s = document.scan;
  const rows: ReportView['metadata'] = [
    { label: 'Scan finished', value: readableTime(s.finishedAt) },
    { label: 'Scan started', value: `${readableTime(s.startedAt)}${duration(s.startedAt, s.finishedAt) ? ` (took ${duration(s.startedAt, s.finishedAt)})` : ''}` },
    { label: 'Tool', value: `${document.tool.name} ${document.tool.version}` },
    { label: 'Rule set (SHA-256)', value: s.ruleSetHash, code: true },
    { label: 'Frameworks in scope', value: s.frameworks.length > 0 ? s.frameworks.join(', ') : 'all loaded frameworks' },
    { label: 'Fails on', value: s.failOn === 'none' ? 'nothing (report only)' : `${s.failOn} severity and above` },
    { label: 'Resources evaluated', value: String(document.summary.resources) },
  ];
  if (s.paths.length > 0) rows.push({ label: 'Terraform paths', values: s.paths, code: true });
  if (s.accounts && s.accounts.length > 0) rows.push({ label: 'AWS accounts', values: s.accounts, code: true });
  if (s.regions && s.regions.length > 0) rows.push({ label: 'AWS regions', values: s.regions, code: true });
  if (s.identity) rows.push({ label: 'Identity used', value: s.identity, code: true });
  rows.push(...provenanceRows(s));
  const c = document.comparison;
  if (c) rows.push({ label: c.kind === 'baseline' ? 'Compared with the baseline' : 'Compared with the merge base of', value: `${c.reference}: ${c.new} new, ${c.existing} already failing, ${c.fixed.length} fixed` });
  return rows;
}

/** Where a result is, in one line: file:line for Terraform, account and region for AWS. */
function whereOf(result: ReportResult): string {
  if (result.location) return `${result.location.file}:${result.location.startLine}`;
  return [result.resource.account && `account ${result.resource.account}`, result.resource.region].filter(Boolean).join(' · ');
}

function byFramework(requirements: ReportResult['requirements'], document: ReportDocument): FindingView['requirements'] {
  const out: FindingView['requirements'] = [];
  for (const q of requirements) {
    const name = document.frameworks.find((f) => f.id === q.framework)?.name.split(' ')[0] ?? q.framework;
    let group = out.find((g) => g.framework === name);
    if (!group) out.push((group = { framework: name, citations: [] }));
    group.citations.push({ citation: q.citation, anchor: requirementAnchor(q.framework, q.citation) });
  }
  return out;
}

function findingsOf(document: ReportDocument, rules: Map<string, RuleView>): FindingView[] {
  const failing = document.results.map((result, index) => ({ result, index })).filter(({ result }) => result.status === 'fail');
  failing.sort((a, b) => SEVERITIES.indexOf(a.result.rule.severity) - SEVERITIES.indexOf(b.result.rule.severity) || (a.result.rule.id < b.result.rule.id ? -1 : a.result.rule.id > b.result.rule.id ? 1 : 0) || a.index - b.index);
  return failing.map(({ result }, i) => {
    const number = i + 1;
    const anchor = `finding-${number}`;
    // The checklist names a rule's first few findings; a rule failing on thousands says how many more.
    const rule = rules.get(result.rule.id);
    if (rule && rule.findings.length < 12 && number <= FINDINGS_LIMIT) rule.findings.push({ number, anchor });
    else if (rule) rule.findingsMore++;
    const reason = notGatingReason(result, document.scan.failOn);
    return {
      number,
      anchor,
      severity: result.rule.severity,
      rule: result.rule.id,
      title: result.rule.title,
      resource: result.resource.address ?? result.resource.arn ?? result.resource.name,
      kind: result.resource.kind,
      where: whereOf(result),
      detail: result.facts.length > 0 ? result.facts.join('; ') : result.message,
      requirements: byFramework(result.requirements, document),
      ...(reason ? { notGating: reason.replace(/^not gating: /, '') } : {}),
    };
  });
}

function coverOf(document: ReportDocument): ReportView['cover'] {
  const s = document.scan as ReportDocument['scan'] & { title?: string };
  const scope = [
    s.frameworks.length > 0 ? `Frameworks: ${s.frameworks.join(', ')}` : `Frameworks: ${document.frameworks.map((f) => f.name).join(', ') || 'all loaded'}`,
    ...(s.paths.length > 0 ? [`Terraform: ${s.paths.join(', ')}`] : []),
    ...(s.accounts && s.accounts.length > 0 ? [`AWS accounts: ${s.accounts.join(', ')}`] : []),
    ...(s.regions && s.regions.length > 0 ? [`AWS regions: ${s.regions.join(', ')}`] : []),
    `${document.summary.resources} resources, ${document.summary.results} results`,
  ];
  const provenance = [
    { label: 'Tool', value: `${document.tool.name} ${document.tool.version}` },
    { label: 'Rule set (SHA-256)', value: s.ruleSetHash },
    ...(s.identity ? [{ label: 'Identity used', value: s.identity }] : []),
    ...(s.attestations ? [{ label: 'Attestations', value: `${s.attestations.file} (stale after ${s.attestations.maxAgeDays} days)` }] : []),
    { label: 'Report schema', value: document.schemaVersion },
  ];
  return { title: s.title ?? 'Compliance evidence report', scope, period: `${readableTime(s.startedAt)} to ${readableTime(s.finishedAt)}`, provenance };
}

export function buildView(document: ReportDocument): ReportView {
  const rules = ruleViews(document);
  const allFindings = findingsOf(document, rules);
  const exceptions = exceptionsOf(document);
  const severalRoots = hasSeveralRoots(document.results);
  const findings = allFindings.slice(0, FINDINGS_LIMIT);
  let key = 0;
  let rows = 0;
  const frameworks = document.frameworks.map((framework): FrameworkView => {
    const sections: FrameworkView['sections'] = [];
    for (const requirement of framework.requirements) {
      const views = requirement.rules.map((id) => rules.get(id)).filter((v): v is RuleView => v !== undefined);
      const resultTotal = views.reduce((sum, v) => sum + v.total, 0);
      rows += resultTotal;
      const evidence = requirement.manual?.attestation?.evidence;
      const view: RequirementView = {
        ...requirement,
        key: key++,
        anchor: requirementAnchor(framework.id, requirement.citation),
        framework: framework.id,
        attested: requirement.manual?.attested === true,
        ...(requirement.manual ? { manualState: requirement.manual.state ?? (requirement.manual.attested ? 'attested' : 'not-attested') } : {}),
        // Only web addresses become links: anything else (a path, `javascript:`) stays text.
        ...(evidence && /^https?:\/\/[^\s]+$/i.test(evidence) ? { evidenceLink: evidence } : {}),
        ruleViews: views,
        resultTotal,
      };
      const section = sections.find((s) => s.name === requirement.section);
      if (section) section.requirements.push(view);
      else sections.push({ name: requirement.section, requirements: [view] });
    }
    const total = framework.requirements.length;
    const count = (status: RequirementStatus): number => framework.requirements.filter((q) => q.status === status).length;
    const manual = attestationCounts([framework]);
    return {
      id: framework.id,
      name: framework.name,
      version: framework.version,
      description: framework.description,
      total,
      passing: count('pass'),
      bars: REQUIREMENT_STATUSES.map((status) => ({ status, count: count(status), percent: total > 0 ? ((count(status) / total) * 100).toFixed(2) : '0' })).filter((b) => b.count > 0),
      manual: {
        total: manual.attested + manual.stale + manual['not-attested'] + manual['not-applicable'],
        attested: manual.attested,
        stale: manual.stale,
        open: manual['not-attested'],
        notApplicable: manual['not-applicable'],
      },
      sections,
    };
  });
  const accounts = [...new Set(document.results.map((r) => r.resource.account).filter((a): a is string => Boolean(a)))].sort();
  const regions = [...new Set(document.results.map((r) => r.resource.region).filter((a): a is string => Boolean(a)))].sort();
  const incomplete = incompleteNotice(document);
  const coverage = document.coverage
    ? {
        line: coverageLine(document.coverage),
        ...(blindSpotLine(document.coverage) ? { blindLine: blindSpotLine(document.coverage)! } : {}),
        rows: [...notJudged(document.coverage), ...blindSpots(document.coverage)].map((e) => ({
          source: e.source,
          type: e.type,
          count: e.count,
          judged: e.judged,
          why: e.collected === false ? `not read: no collector (listed by ${e.listedBy ?? 'a listing'})` : e.judged === 0 ? 'no rule covers this type' : 'no rule applied to the rest',
        })),
      }
    : undefined;
  return {
    document,
    frameworks,
    severities: SEVERITIES.map((severity) => ({ severity, failing: document.summary.failedBySeverity[severity] })),
    metadata: metadata(document),
    filters: {
      frameworks: document.frameworks.map((f) => ({ id: f.id, name: f.name })),
      accounts,
      regions,
      severities: [...SEVERITIES],
      statuses: ['fail', 'excepted', 'unknown', 'not-evaluated', 'attestation-stale', 'manual', 'pass', 'suppressed', 'not-applicable'],
    },
    inline: rows <= INLINE_ROW_LIMIT,
    rules,
    generated: readableTime(document.scan.finishedAt),
    ...(incomplete ? { incomplete } : {}),
    ...(coverage ? { coverage } : {}),
    deviations: (document.scan.provenance?.deviations ?? []).map((d) => ({ ...d, where: `${d.file}${d.line !== undefined ? `:${d.line}` : ''}` })),
    findings,
    findingsLeft: allFindings.length - findings.length,
    cover: coverOf(document),
    runningHeader: `${coverOf(document).title} · ${document.frameworks.map((f) => f.name).join(' · ') || 'Vigil'} · ${readableTime(document.scan.finishedAt)}`,
    // The root folder only where two roots could hold the same address; as many as the findings register lists.
    exceptions: exceptions.slice(0, FINDINGS_LIMIT).map((e) => ({ ...e, ...(severalRoots ? {} : { root: undefined }), sourceLabel: SOURCE_LABELS[e.source] })),
    exceptionsLeft: Math.max(0, exceptions.length - FINDINGS_LIMIT),
    idleIgnores: idleIgnores(document.errors).map((e) => ({ ...e, label: IDLE_LABELS[e.suppression!] })),
    inputProblems: inputProblems(document.errors),
    ...(document.drift ? { drift: driftView(document.drift) } : {}),
  };
}
