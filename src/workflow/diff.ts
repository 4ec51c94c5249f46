import { legacyFingerprint, type ReportDocument, type ReportResult } from '../report/document.js';
import type { DiffEntry, ReportDiff, RequirementChange } from '../report/diff.js';

/**
 * `vigil diff old.json new.json`: what changed between two reports (last quarter against this
 * one): new, resolved and still-failing results, and requirements whose status changed.
 */

const entry = (r: ReportResult): DiffEntry => ({
  fingerprint: r.fingerprint,
  rule: r.rule.id,
  severity: r.rule.severity,
  resource: r.resource.address ?? r.resource.arn ?? r.resource.name,
  message: r.message,
  ...(r.location ? { location: `${r.location.file}:${r.location.startLine}` } : {}),
});

/** Requirement statuses by framework and citation, from the report's framework roll-up if it has one. */
function requirementStatuses(document: ReportDocument): Map<string, { framework: string; citation: string; title: string; status: string }> {
  const out = new Map<string, { framework: string; citation: string; title: string; status: string }>();
  const frameworks = (document as { frameworks?: Array<{ id: string; requirements: Array<{ citation: string; title: string; status: string }> }> }).frameworks ?? [];
  for (const framework of frameworks) {
    for (const requirement of framework.requirements) {
      out.set(`${framework.id} ${requirement.citation}`, { framework: framework.id, citation: requirement.citation, title: requirement.title, status: requirement.status });
    }
  }
  return out;
}

/** Whether a report predates root folders in Terraform fingerprints: Terraform results, none with a root. */
const predatesRoots = (d: ReportDocument): boolean =>
  d.results.some((r) => r.resource.source === 'terraform') && !d.results.some((r) => r.resource.root !== undefined);

export function diffReports(before: ReportDocument, after: ReportDocument, files: { old: string; new: string }): ReportDiff {
  // A report from before roots were in fingerprints is compared on the old form, without the root.
  const legacy = predatesRoots(before) !== predatesRoots(after);
  const key = (r: ReportResult): string => (legacy ? (legacyFingerprint(r) ?? r.fingerprint) : r.fingerprint);
  const failing = (d: ReportDocument): Map<string, ReportResult> =>
    new Map(d.results.filter((r) => r.status === 'fail').map((r) => [key(r), r]));
  const was = failing(before);
  const now = failing(after);
  const byOrder = (a: DiffEntry, b: DiffEntry): number => a.rule.localeCompare(b.rule) || a.resource.localeCompare(b.resource);
  const requirementsBefore = requirementStatuses(before);
  const requirements: RequirementChange[] = [];
  for (const [key, current] of requirementStatuses(after)) {
    const previous = requirementsBefore.get(key);
    if (previous && previous.status !== current.status) {
      requirements.push({ framework: current.framework, citation: current.citation, title: current.title, before: previous.status, after: current.status });
    }
  }
  return {
    old: { file: files.old, scannedAt: before.scan.finishedAt },
    new: { file: files.new, scannedAt: after.scan.finishedAt },
    newFailures: [...now].filter(([fp]) => !was.has(fp)).map(([, r]) => entry(r)).sort(byOrder),
    resolved: [...was].filter(([fp]) => !now.has(fp)).map(([, r]) => entry(r)).sort(byOrder),
    stillFailing: [...now].filter(([fp]) => was.has(fp)).map(([, r]) => entry(r)).sort(byOrder),
    requirements,
  };
}
