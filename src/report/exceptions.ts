import type { ScanProblem } from '../model/problem.js';
import type { ReportDocument, ReportResult, ReportSuppression } from './document.js';

/**
 * The exceptions register: one row for every exception in effect (a suppressed result), with
 * what an auditor asks of each: the rule and resource, why, who owns and who approved it, until
 * when, where it was written, and whether it is a Checkov or Trivy ignore Vigil honoured. Ignores
 * that suppress nothing (expired, without a reason, unused, short of the policy) are listed apart.
 * Every format renders the register from this one function.
 */

export interface ExceptionEntry {
  rule: string;
  severity: ReportResult['rule']['severity'];
  /** The address or ARN of the resource, with its root folder for Terraform when known. */
  resource: string;
  root?: string;
  kind: string;
  reason: string;
  owner?: string;
  approver?: string;
  expires?: string;
  /** What the result was before the exception: fail or unknown. */
  status?: 'fail' | 'unknown';
  source: NonNullable<ReportSuppression['source']> | 'unrecorded';
  /** Where it was written: `file:line` of the comment or the configuration entry. */
  where: string;
  /** A Checkov or Trivy ignore that Vigil honours through the rule's references. */
  peer: boolean;
}

function whereOf(s: ReportSuppression): string {
  if (!s.file) return s.source === 'config' ? 'configuration' : 'not recorded';
  return s.line ? `${s.file}:${s.line}` : s.file;
}

export function exceptionRegister(results: readonly ReportResult[]): ExceptionEntry[] {
  const out: ExceptionEntry[] = [];
  for (const r of results) {
    if (r.status !== 'suppressed') continue;
    const s: ReportSuppression = r.suppression ?? { reason: 'no reason recorded' };
    out.push({
      rule: r.rule.id,
      severity: r.rule.severity,
      resource: r.resource.address ?? r.resource.arn ?? r.resource.name,
      ...(r.resource.root !== undefined ? { root: r.resource.root } : {}),
      kind: r.resource.kind,
      reason: s.reason,
      ...(s.owner ? { owner: s.owner } : {}),
      ...(s.approver ? { approver: s.approver } : {}),
      ...(s.expires ? { expires: s.expires } : {}),
      ...(s.status ? { status: s.status } : {}),
      source: s.source ?? 'unrecorded',
      where: whereOf(s),
      peer: s.source === 'checkov' || s.source === 'trivy',
    });
  }
  return out;
}

/** The register of a report: the one it carries, or one built from its results (reports written before it existed). */
export function exceptionsOf(document: Pick<ReportDocument, 'results'> & { exceptions?: ExceptionEntry[] }): ExceptionEntry[] {
  return document.exceptions ?? exceptionRegister(document.results);
}

/** Ignores that suppress nothing, each with why: they have a heading of their own, never "input that could not be scanned". */
export function idleIgnores(errors: readonly ScanProblem[]): ScanProblem[] {
  return errors.filter((e) => e.suppression !== undefined);
}

/** Input problems proper: what could not be read, parsed or evaluated. */
export function inputProblems(errors: readonly ScanProblem[]): ScanProblem[] {
  return errors.filter((e) => e.suppression === undefined);
}

/** Words for why an ignore is not in effect. */
export const IDLE_LABELS: Record<NonNullable<ScanProblem['suppression']>, string> = {
  'missing-reason': 'no reason',
  expired: 'expired',
  unused: 'unused',
  'no-such-rule': 'no such rule',
  partial: 'partial',
  'missing-owner': 'no owner',
  'missing-expiry': 'no expiry',
  'expiry-too-far': 'expiry too far',
};

/** Source labels as people read them. */
export const SOURCE_LABELS: Record<ExceptionEntry['source'], string> = {
  vigil: 'inline',
  config: 'config',
  checkov: 'Checkov ignore',
  trivy: 'Trivy ignore',
  unrecorded: 'not recorded',
};

/** The register as CSV (RFC 4180), one row per exception. */
export function renderExceptionsCsv(document: Pick<ReportDocument, 'results'> & { exceptions?: ExceptionEntry[] }): string {
  const header = ['rule', 'severity', 'resource', 'root', 'kind', 'reason', 'owner', 'approver', 'expires', 'status_before', 'source', 'where', 'peer_ignore'];
  const rows = exceptionsOf(document).map((e) => [e.rule, e.severity, e.resource, e.root ?? '', e.kind, e.reason, e.owner ?? '', e.approver ?? '', e.expires ?? '', e.status ?? '', e.source, e.where, e.peer ? 'yes' : 'no']);
  return csvLines([header, ...rows]);
}

/**
 * CSV cells, quoted when they need it. A cell that starts like a formula (`=`, `+`, `-`, `@`, tab
 * or carriage return) is prefixed with `'`, so a spreadsheet shows the text from the scanned code
 * instead of running it (OWASP's CSV injection advice).
 */
export function csvLines(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cell = (value: string | number): string => {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
