import { SEVERITIES } from '../engine/catalogue.js';
import type { Status } from '../engine/evaluate.js';
import type { ReportDocument } from './document.js';
import { automatedStatus, requirementStatus, savedAutomatedStatus, type AutomatedStatus } from '../engine/rollup.js';

/**
 * Whether a saved report agrees with itself: its summary and its framework roll-up must be what
 * its own results give. An edited report (failing results deleted, a roll-up left saying 27
 * requirements fail) would otherwise render as clean; `vigil report` and `vigil diff` refuse it.
 * The roll-up is recomputed with the same function that made it.
 */

const STATUSES: Status[] = ['pass', 'fail', 'unknown', 'suppressed'];
/** At most this many disagreements are named; the rest are counted. */
const MAX_NAMED = 8;

export function reportInconsistencies(document: ReportDocument): string[] {
  const out: string[] = [];
  const results = document.results;
  // `vigil diff` also reads reports too old for the schema: what a report does not state is not checked.
  const summary = document.summary as ReportDocument['summary'] | undefined;
  if (summary && summary.results !== results.length) out.push(`summary.results says ${document.summary.results}, but the report holds ${results.length} results`);
  const byStatus: Record<Status, number> = { pass: 0, fail: 0, unknown: 0, suppressed: 0 };
  const failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<string, number>;
  const byRule = new Map<string, Record<Status, number>>();
  for (const r of results) {
    byStatus[r.status]++;
    if (r.status === 'fail') failedBySeverity[r.rule.severity] = (failedBySeverity[r.rule.severity] ?? 0) + 1;
    // Non-gating results (module defaults) never count towards a requirement.
    if (r.informational !== undefined) continue;
    let counts = byRule.get(r.rule.id);
    if (!counts) byRule.set(r.rule.id, (counts = { pass: 0, fail: 0, unknown: 0, suppressed: 0 }));
    counts[r.status]++;
  }
  for (const status of summary ? STATUSES : []) {
    if (summary!.byStatus[status] !== byStatus[status]) out.push(`summary.byStatus.${status} says ${summary!.byStatus[status]}, but ${byStatus[status]} results are ${status}`);
  }
  for (const severity of summary ? SEVERITIES : []) {
    const stated = summary!.failedBySeverity[severity] ?? 0;
    if (stated !== failedBySeverity[severity]) out.push(`summary.failedBySeverity.${severity} says ${stated}, but ${failedBySeverity[severity]} ${severity} results fail`);
  }
  const rollup: string[] = [];
  for (const framework of document.frameworks ?? []) {
    for (const requirement of framework.requirements) {
      const counts: Record<Status, number> = { pass: 0, fail: 0, unknown: 0, suppressed: 0 };
      for (const id of requirement.rules) {
        const c = byRule.get(id);
        if (c) for (const status of STATUSES) counts[status] += c[status];
      }
      const saved = savedAutomatedStatus(requirement);
      // With nothing judged, whether the services were present decides between not evaluated and
      // not applicable; the report's own inventory said which, so either is consistent.
      const nothingJudged = STATUSES.every((st) => counts[st] === 0);
      const automated: AutomatedStatus | undefined =
        requirement.rules.length === 0 ? undefined : nothingJudged && (saved === 'not-evaluated' || saved === 'not-applicable') ? saved : automatedStatus(counts, true);
      const expected = requirementStatus(automated, requirement.manual?.state ?? (requirement.manual ? (requirement.manual.attested ? 'attested' : 'not-attested') : undefined));
      const countsDiffer = requirement.counts !== undefined && STATUSES.some((s) => requirement.counts[s] !== counts[s]);
      if (requirement.status !== expected || countsDiffer) {
        rollup.push(
          `${framework.id} ${requirement.citation}: the roll-up says ${requirement.status}${requirement.counts ? ` (${describe(requirement.counts)})` : ''}, but its rules' results give ${expected} (${describe(counts)})`,
        );
      }
    }
  }
  out.push(...rollup.slice(0, MAX_NAMED));
  if (rollup.length > MAX_NAMED) out.push(`and ${rollup.length - MAX_NAMED} more requirements whose roll-up disagrees with the results`);
  return out;
}

const describe = (counts: Record<Status, number>): string => STATUSES.map((s) => `${counts[s]} ${s}`).join(', ');
