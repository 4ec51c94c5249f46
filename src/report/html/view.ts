import { SEVERITIES, type Severity } from '../../engine/catalogue.js';
import type { ReportDocument, ReportDrift, ReportResult, ReportRule } from '../document.js';
import { driftSummaryLine } from '../drift.js';
import { REQUIREMENT_STATUSES, type AttestationState, type ReportRequirement, type RequirementStatus } from '../rollup.js';
import { attestationCounts } from '../attest.js';
import { incompleteNotice } from '../incomplete.js';

/**
 * The view model of the HTML checklist: the report document arranged per framework, section and
 * requirement, with the numbers the summary shows. Pure data; the templates decide the markup.
 */

/** Up to this many result rows (counted once per requirement they appear under) go into the page
 * itself, so it reads and prints without script; above it, rows are kept as data and drawn when a
 * requirement is opened. */
export const INLINE_ROW_LIMIT = 3_000;

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
}

export interface RequirementView extends ReportRequirement {
  key: number;
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
  manual: { total: number; attested: number; stale: number; open: number };
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
  return rows;
}

export function buildView(document: ReportDocument): ReportView {
  const rules = ruleViews(document);
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
      manual: { total: manual.attested + manual.stale + manual['not-attested'], attested: manual.attested, stale: manual.stale, open: manual['not-attested'] },
      sections,
    };
  });
  const accounts = [...new Set(document.results.map((r) => r.resource.account).filter((a): a is string => Boolean(a)))].sort();
  const regions = [...new Set(document.results.map((r) => r.resource.region).filter((a): a is string => Boolean(a)))].sort();
  const incomplete = incompleteNotice(document);
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
      statuses: ['fail', 'unknown', 'manual', 'pass', 'suppressed', 'not-applicable'],
    },
    inline: rows <= INLINE_ROW_LIMIT,
    rules,
    generated: readableTime(document.scan.finishedAt),
    ...(incomplete ? { incomplete } : {}),
    ...(document.drift ? { drift: driftView(document.drift) } : {}),
  };
}
