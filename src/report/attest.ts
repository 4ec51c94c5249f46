import type { ScanProblem } from '../model/problem.js';
import type { ReportDocument } from './document.js';
import { requirementStatus, savedAutomatedStatus, type AttestationState, type ReportAttestation, type ReportFramework, type ReportRequirement } from '../engine/rollup.js';

/**
 * Puts an auditor's attestations on the manual parts of a report's requirements: `attested`,
 * `stale` (older than the maximum age at the time of the scan) or `not-attested`. Works on a
 * report document, so a saved report can be attested again without scanning. An attestation that
 * names no requirement in the report is a problem with its file and line, never dropped silently.
 */

/** One attestation as the attestations file holds it (one per citation it covers). */
export interface AttestationEntry {
  framework: string;
  requirement: string;
  /** Every citation the file's entry covers, when it names several. */
  covers?: string[];
  /** `not-applicable` records that the part does not apply, with the justification. */
  status?: 'attested' | 'not-applicable';
  by: string;
  reviewer?: string;
  approver?: string;
  /** YYYY-MM-DD. */
  date: string;
  /** YYYY-MM-DD the next attestation is due, when the file sets it. */
  due?: string;
  statement?: string;
  justification?: string;
  evidence?: string;
  /** The evidence file's SHA-256 as recorded, and what checking it found (set by the loader). */
  sha256?: string;
  evidenceCheck?: 'verified' | 'not-checked' | 'mismatch' | 'unreadable';
  evidenceActual?: string;
  evidenceProblem?: string;
  line?: number;
}

export interface AttestOptions {
  /** The attestations file, as the user should read it in messages. */
  file: string;
  maxAgeDays: number;
  /**
   * Every framework the rule catalogue knows, when it is at hand: an attestation for one of them
   * that the scan left out of scope is then a warning, not an error.
   */
  knownFrameworks?: string[];
}

/** YYYY-MM-DD plus a number of days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `date` to `today`, both YYYY-MM-DD. */
export function ageInDays(date: string, today: string): number {
  return Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

export function applyAttestations(document: ReportDocument, entries: AttestationEntry[], options: AttestOptions): ReportDocument {
  const scanDay = document.scan.startedAt.slice(0, 10);
  const problems: ScanProblem[] = [];
  const problem = (severity: ScanProblem['severity'], entry: AttestationEntry, message: string): void => {
    problems.push({ severity, file: options.file, ...(entry.line ? { line: entry.line } : {}), message });
  };
  // The newest attestation of each requirement counts; older ones are its history.
  const newest = new Map<string, AttestationEntry>();
  const frameworks = new Map(document.frameworks.map((f) => [f.id, f]));
  for (const entry of entries) {
    const framework = frameworks.get(entry.framework);
    if (!framework) {
      if (options.knownFrameworks?.includes(entry.framework)) {
        problem('warning', entry, `attestation for ${entry.framework} ${entry.requirement}: the framework "${entry.framework}" is not in this scan's scope`);
      } else {
        const known = options.knownFrameworks ?? document.frameworks.map((f) => f.id);
        problem('error', entry, `attestation names an unknown framework "${entry.framework}" (known: ${known.join(', ') || 'none'})`);
      }
      continue;
    }
    const requirement = framework.requirements.find((q) => q.citation === entry.requirement);
    if (!requirement) {
      problem('error', entry, `attestation names an unknown requirement "${entry.requirement}" of ${entry.framework} (see "vigil frameworks show ${entry.framework}")`);
      continue;
    }
    if (!requirement.manual) {
      problem('warning', entry, `attestation for ${entry.framework} ${entry.requirement}: the requirement has no manual part, so the attestation is not shown; its rules give the evidence`);
      continue;
    }
    // Evidence whose recorded hash the file does not have is not the evidence that was attested.
    if (entry.evidenceCheck === 'mismatch') {
      problem('error', entry, `attestation for ${entry.framework} ${entry.requirement}: the evidence ${entry.evidence} has SHA-256 ${entry.evidenceActual}, not the ${entry.sha256} the attestation records, so it does not count`);
      continue;
    }
    if (entry.evidenceCheck === 'unreadable') {
      problem('error', entry, `attestation for ${entry.framework} ${entry.requirement}: the evidence ${entry.evidence} ${entry.evidenceProblem}, so its SHA-256 cannot be checked and the attestation does not count`);
      continue;
    }
    if (entry.date > scanDay) problem('warning', entry, `attestation for ${entry.framework} ${entry.requirement} is dated ${entry.date}, after the scan (${scanDay})`);
    const key = `${entry.framework}\u0000${entry.requirement}`;
    const current = newest.get(key);
    if (!current || entry.date >= current.date) newest.set(key, entry);
  }
  const attested: ReportFramework[] = document.frameworks.map((framework) => ({
    ...framework,
    requirements: framework.requirements.map((requirement) => {
      if (!requirement.manual) return requirement;
      const entry = newest.get(`${framework.id}\u0000${requirement.citation}`);
      // What the framework says of the part stays; what an earlier attestations file said goes.
      const { attestation: _previous, ...part } = requirement.manual;
      // The status follows the attestation by the engine's one rule, from the automated part the report kept.
      const withState = (manual: NonNullable<ReportRequirement['manual']>): ReportRequirement => ({
        ...requirement,
        manual,
        status: requirementStatus(savedAutomatedStatus(requirement), manual.state),
      });
      if (!entry) return withState({ ...part, attested: false, state: 'not-attested' as const });
      const ageDays = ageInDays(entry.date, scanDay);
      // Due after the process check's interval or the maximum age, whichever is shorter, unless the file sets the date.
      const limit = Math.min(part.everyDays ?? options.maxAgeDays, options.maxAgeDays);
      const due = entry.due ?? addDays(entry.date, limit);
      const notApplicable = entry.status === 'not-applicable';
      const state: AttestationState = notApplicable ? 'not-applicable' : ageDays > limit || scanDay > due ? 'stale' : 'attested';
      const attestation: ReportAttestation = {
        by: entry.by,
        date: entry.date,
        statement: entry.statement ?? `Not applicable: ${entry.justification}`,
        ...(entry.justification ? { justification: entry.justification } : {}),
        ...(entry.reviewer ? { reviewer: entry.reviewer } : {}),
        ...(entry.approver ? { approver: entry.approver } : {}),
        ...(entry.evidence ? { evidence: entry.evidence } : {}),
        ...(entry.sha256 ? { evidenceSha256: entry.sha256 } : {}),
        ...(entry.evidenceCheck === 'verified' || entry.evidenceCheck === 'not-checked' ? { evidenceCheck: entry.evidenceCheck } : {}),
        ...(entry.covers && entry.covers.length > 1 ? { covers: entry.covers } : {}),
        ...(notApplicable ? {} : { due }),
        ageDays,
        file: options.file,
        ...(entry.line ? { line: entry.line } : {}),
      };
      return withState({ ...part, attested: state === 'attested', state, attestation });
    }),
  }));
  // Attesting a saved report again replaces what the previous attestations file said.
  const previous = document.scan.attestations?.file;
  const errors = [...document.errors.filter((e) => previous === undefined || e.file !== previous), ...problems];
  return {
    ...document,
    scan: { ...document.scan, attestations: { file: options.file, maxAgeDays: options.maxAgeDays } },
    summary: { ...document.summary, errors: errors.filter((e) => e.severity === 'error').length },
    frameworks: attested,
    errors,
  };
}

/** How many manual parts are in each attestation state, over every framework of the report. */
export function attestationCounts(frameworks: ReportFramework[]): Record<AttestationState, number> {
  const counts: Record<AttestationState, number> = { attested: 0, stale: 0, 'not-attested': 0, 'not-applicable': 0 };
  for (const framework of frameworks) {
    for (const requirement of framework.requirements) {
      if (requirement.manual) counts[requirement.manual.state ?? (requirement.manual.attested ? 'attested' : 'not-attested')]++;
    }
  }
  return counts;
}
