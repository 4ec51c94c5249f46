import { legacyFingerprint, type ReportDocument, type ReportResult } from '../report/document.js';
import type { AttestationChange, DiffEntry, ReportDiff, RequirementChange } from '../report/diff.js';

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
  requirements: (r.requirements ?? []).map((q) => `${q.framework} ${q.citation}`),
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

/** Manual parts by framework and citation: their attestation state and the attestation. */
function manualStates(document: ReportDocument): Map<string, { framework: string; citation: string; title: string; state: string; by?: string; date?: string }> {
  const out = new Map<string, { framework: string; citation: string; title: string; state: string; by?: string; date?: string }>();
  for (const framework of document.frameworks ?? []) {
    for (const q of framework.requirements) {
      if (!q.manual) continue;
      const state = q.manual.state ?? (q.manual.attested ? 'attested' : 'not-attested');
      const a = q.manual.attestation;
      out.set(`${framework.id} ${q.citation}`, { framework: framework.id, citation: q.citation, title: q.title, state, ...(a ? { by: a.by, date: a.date } : {}) });
    }
  }
  return out;
}

function attestationChanges(before: ReportDocument, after: ReportDocument): AttestationChange[] {
  const was = manualStates(before);
  const out: AttestationChange[] = [];
  for (const [key, now] of manualStates(after)) {
    const then = was.get(key);
    // A new attestation in the same state (renewed, or by someone else) is a change too.
    if (then && then.state === now.state && then.by === now.by && then.date === now.date) continue;
    out.push({ framework: now.framework, citation: now.citation, title: now.title, before: then?.state ?? 'absent', after: now.state, ...(now.by ? { by: now.by, date: now.date } : {}) });
  }
  return out;
}

/** What each report covered: its sources, accounts, regions and paths. */
function scopeOf(d: ReportDocument): { sources: string; accounts: string; regions: string; paths: string } {
  const sources = new Set(d.results.map((r) => r.resource.source));
  if (d.scan.paths.length > 0) sources.add('terraform');
  if ((d.scan.accounts ?? []).length > 0) sources.add('aws');
  const list = (values: Iterable<string>): string => [...new Set(values)].sort().join(', ');
  return {
    sources: list(sources),
    accounts: list(d.scan.accounts ?? d.results.map((r) => r.resource.account).filter((a): a is string => a !== undefined)),
    regions: list(d.scan.regions ?? d.results.map((r) => r.resource.region).filter((a): a is string => a !== undefined)),
    paths: list(d.scan.paths),
  };
}

/** Why two reports may not compare like with like. */
function comparabilityWarnings(before: ReportDocument, after: ReportDocument): string[] {
  const out: string[] = [];
  const a = scopeOf(before);
  const b = scopeOf(after);
  const say = (what: string, x: string, y: string): void => {
    if (x !== y) out.push(`the reports differ in ${what}: ${x || 'none'} before, ${y || 'none'} now`);
  };
  say('what was scanned (Terraform or live AWS)', a.sources, b.sources);
  say('AWS accounts', a.accounts, b.accounts);
  say('AWS regions', a.regions, b.regions);
  say('Terraform paths', a.paths, b.paths);
  say('frameworks in scope', before.scan.frameworks.join(', ') || 'all', after.scan.frameworks.join(', ') || 'all');
  if (before.tool.version !== after.tool.version) out.push(`the reports were made by different Vigil versions: ${before.tool.version} before, ${after.tool.version} now`);
  const effective = (d: ReportDocument): string => d.scan.provenance?.effectiveRuleSetHash ?? d.scan.ruleSetHash;
  if (effective(before) !== effective(after)) {
    const deviations = (d: ReportDocument): number => d.scan.provenance?.deviations?.length ?? 0;
    out.push(
      `the effective rule sets differ (${effective(before).slice(0, 12)} before, ${effective(after).slice(0, 12)} now; ${deviations(before)} and ${deviations(after)} deviation(s) from the defaults): a result may change because a rule changed`,
    );
  }
  return out;
}

export function diffReports(before: ReportDocument, after: ReportDocument, files: { old: string; new: string }): ReportDiff {
  // A report from before roots were in fingerprints is compared on the old form, without the root.
  const legacy = predatesRoots(before) !== predatesRoots(after);
  const key = (r: ReportResult): string => (legacy ? (legacyFingerprint(r) ?? r.fingerprint) : r.fingerprint);
  const failing = (d: ReportDocument): Map<string, ReportResult> =>
    new Map(d.results.filter((r) => r.status === 'fail').map((r) => [key(r), r]));
  const was = failing(before);
  const now = failing(after);
  // What the newer report says of the same rule on the same resource (a fingerprint also names the
  // attributes that decided, which differ between a failing and a passing result).
  const subject = (r: ReportResult): string => [r.rule.id, legacy ? '' : (r.resource.root ?? ''), r.resource.address ?? r.resource.arn ?? r.resource.name].join('|');
  const nowBySubject = new Map<string, Set<string>>();
  for (const r of after.results) {
    const statuses = nowBySubject.get(subject(r)) ?? new Set<string>();
    statuses.add(r.status);
    nowBySubject.set(subject(r), statuses);
  }
  /** suppressed, unknown, pass (fixed, or failing now only for another reason), or undefined: no result. */
  const outcome = (r: ReportResult): string | undefined => {
    const statuses = nowBySubject.get(subject(r));
    if (!statuses) return undefined;
    if (statuses.has('suppressed')) return 'suppressed';
    if (statuses.has('unknown')) return 'unknown';
    return 'pass';
  };
  const byOrder = (a: DiffEntry, b: DiffEntry): number => a.rule.localeCompare(b.rule) || a.resource.localeCompare(b.resource);
  const requirementsBefore = requirementStatuses(before);
  const requirements: RequirementChange[] = [];
  for (const [key, current] of requirementStatuses(after)) {
    const previous = requirementsBefore.get(key);
    if (previous && previous.status !== current.status) {
      requirements.push({ framework: current.framework, citation: current.citation, title: current.title, before: previous.status, after: current.status });
    }
  }
  const gone = [...was].filter(([fp]) => !now.has(fp));
  // A failure that no longer fails was fixed only if it passes now.
  const becameStatus = (status: string | undefined) => gone.filter(([, r]) => outcome(r) === status).map(([, r]) => entry(r)).sort(byOrder);
  return {
    old: { file: files.old, scannedAt: before.scan.finishedAt },
    new: { file: files.new, scannedAt: after.scan.finishedAt },
    warnings: comparabilityWarnings(before, after),
    newFailures: [...now].filter(([fp]) => !was.has(fp)).map(([, r]) => entry(r)).sort(byOrder),
    resolved: gone.map(([, r]) => entry(r)).sort(byOrder),
    fixed: becameStatus('pass'),
    newlySuppressed: becameStatus('suppressed'),
    nowUnknown: becameStatus('unknown'),
    noLongerInScope: becameStatus(undefined),
    stillFailing: [...now].filter(([fp]) => was.has(fp)).map(([, r]) => entry(r)).sort(byOrder),
    requirements,
    attestations: attestationChanges(before, after),
  };
}
