import { notGatingReason, type ReportDocument } from './document.js';
import { csvLines } from './exceptions.js';
import { requirementAnchor } from './anchors.js';

/**
 * `--format csv`: one row per result, with every column an auditor filters on in a spreadsheet.
 * Requirements are listed by citation and by their stable anchor in the HTML report
 * (`#hipaa-164.312-b`), so a row links to the same requirement in every report.
 */

const COLUMNS = [
  'status',
  'severity',
  'rule',
  'rule_title',
  'resource',
  'resource_kind',
  'resource_name',
  'root',
  'account',
  'region',
  'file',
  'start_line',
  'end_line',
  'message',
  'facts',
  'requirements',
  'requirement_anchors',
  'gating',
  'baseline',
  'suppression_reason',
  'suppression_owner',
  'suppression_approver',
  'suppression_expires',
  'suppression_where',
  'peer_references',
  'fingerprint',
] as const;

export function renderCsv(document: ReportDocument): string {
  const rows = document.results.map((r) => {
    const s = r.suppression;
    const gating = r.status !== 'fail' ? '' : (notGatingReason(r, document.scan.failOn) ?? 'yes');
    const values: Record<(typeof COLUMNS)[number], string | number> = {
      status: r.status,
      severity: r.rule.severity,
      rule: r.rule.id,
      rule_title: r.rule.title,
      resource: r.resource.address ?? r.resource.arn ?? r.resource.name,
      resource_kind: r.resource.kind,
      resource_name: r.resource.name,
      root: r.resource.root ?? '',
      account: r.resource.account ?? '',
      region: r.resource.region ?? '',
      file: r.location?.file ?? '',
      start_line: r.location?.startLine ?? '',
      end_line: r.location?.endLine ?? '',
      message: r.message,
      facts: r.facts.join('; '),
      requirements: r.requirements.map((q) => `${q.framework} ${q.citation}`).join('; '),
      requirement_anchors: r.requirements.map((q) => `#${requirementAnchor(q.framework, q.citation)}`).join(' '),
      gating,
      baseline: r.baseline ?? '',
      suppression_reason: s?.reason ?? '',
      suppression_owner: s?.owner ?? '',
      suppression_approver: s?.approver ?? '',
      suppression_expires: s?.expires ?? '',
      suppression_where: s?.file ? `${s.file}${s.line ? `:${s.line}` : ''}` : '',
      peer_references: (r.references ?? []).map((ref) => `${ref.source}:${ref.id}`).join(' '),
      fingerprint: r.fingerprint,
    };
    return COLUMNS.map((c) => values[c]);
  });
  return csvLines([[...COLUMNS], ...rows]);
}
