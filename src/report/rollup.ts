import type { Framework, Requirement } from '../engine/catalogue.js';
import type { Status } from '../engine/evaluate.js';

/**
 * Rolls results up into the requirements of each framework in scope, so that a saved report can
 * render the full checklist (every requirement, also those with no results and the manual ones)
 * without the rule catalogue.
 */

export type RequirementStatus = 'pass' | 'fail' | 'unknown' | 'manual' | 'not-applicable';
export const REQUIREMENT_STATUSES: readonly RequirementStatus[] = ['fail', 'unknown', 'manual', 'pass', 'not-applicable'];

/**
 * attested: an attestation within the maximum age; stale: the newest attestation is older than
 * that (at the time of the scan) or past its due date; not-attested: none was recorded;
 * not-applicable: an auditor recorded that it does not apply, with the justification.
 */
export type AttestationState = 'attested' | 'not-attested' | 'stale' | 'not-applicable';
export const ATTESTATION_STATES: readonly AttestationState[] = ['attested', 'stale', 'not-attested', 'not-applicable'];

/** What an auditor recorded for a manual part: who, when, what they saw and where it is kept. */
export interface ReportAttestation {
  by: string;
  /** YYYY-MM-DD. */
  date: string;
  statement: string;
  /** A link or a path to the evidence. */
  evidence?: string;
  /**
   * The evidence file's SHA-256 as the attestation records it, and whether Vigil checked it:
   * `verified` (the file's hash matches) or `not-checked` (a web address, which Vigil does not fetch).
   */
  evidenceSha256?: string;
  evidenceCheck?: 'verified' | 'not-checked';
  /** Who reviewed and who approved it, when the attestation names them. */
  reviewer?: string;
  approver?: string;
  /** For a part attested as not applicable: why. */
  justification?: string;
  /** Every citation the attestation covers, when it covers more than one (a BAA: 164.308(b)(1) and 164.314(a)). */
  covers?: string[];
  /** YYYY-MM-DD the next attestation is due: as recorded, else the date plus how often it is due. */
  due?: string;
  /** Whole days from the attestation to the scan. */
  ageDays: number;
  /** The attestations file and the line the entry starts on. */
  file?: string;
  line?: number;
}

export interface ReportManualPart {
  evidence: string;
  /** A process check's name (`annual-risk-assessment-performed`) and how often, in days, it is due. */
  processCheck?: string;
  everyDays?: number;
  /** True only for a current attestation; a stale one must be renewed. */
  attested: boolean;
  state?: AttestationState;
  attestation?: ReportAttestation;
}

/** A framework requirement as the catalogue states it, with its roll-up. */
export interface ReportRequirement extends Pick<Requirement, 'citation' | 'title' | 'section' | 'standard' | 'implementation' | 'description'> {
  /** The rules that give evidence for the requirement, in the framework's order. */
  rules: string[];
  /** What an auditor must see for the part no rule can check, and whether someone has attested it. */
  manual?: ReportManualPart;
  status: RequirementStatus;
  /** The results of the requirement's rules, by status. */
  counts: Record<Status, number>;
}

export interface ReportFramework {
  id: string;
  name: string;
  version: string;
  description: string;
  requirements: ReportRequirement[];
}

/** What a requirement needs of a result: its rule and status. */
interface RuleStatus {
  status: Status;
  rule: { id: string };
}

/**
 * pass: results exist and every one passes or is suppressed (accepted with a reason);
 * fail: any fails; unknown: any is unknown and none fails; manual: no rules, only a manual part;
 * not-applicable: rules, but no resource they apply to was in scope.
 */
export function requirementStatus(counts: Record<Status, number>, hasRules: boolean): RequirementStatus {
  if (!hasRules) return 'manual';
  if (counts.fail > 0) return 'fail';
  if (counts.unknown > 0) return 'unknown';
  if (counts.pass + counts.suppressed > 0) return 'pass';
  return 'not-applicable';
}

function manualPart(manual: NonNullable<Requirement['manual']>): ReportManualPart {
  return {
    evidence: manual.evidence.trim(),
    ...(manual.process_check ? { processCheck: manual.process_check } : {}),
    ...(manual.every_days ? { everyDays: manual.every_days } : {}),
    attested: false,
    state: 'not-attested',
  };
}

export function rollUpFrameworks(frameworks: Framework[], results: RuleStatus[], scope: string[]): ReportFramework[] {
  const byRule = new Map<string, Record<Status, number>>();
  for (const result of results) {
    const counts = byRule.get(result.rule.id) ?? { pass: 0, fail: 0, unknown: 0, suppressed: 0 };
    counts[result.status]++;
    byRule.set(result.rule.id, counts);
  }
  return frameworks
    .filter((framework) => scope.length === 0 || scope.includes(framework.id))
    .map((framework) => ({
      id: framework.id,
      name: framework.name,
      version: framework.version,
      description: framework.description.trim(),
      requirements: framework.requirements.map((requirement) => {
        const rules = requirement.rules ?? [];
        const counts: Record<Status, number> = { pass: 0, fail: 0, unknown: 0, suppressed: 0 };
        for (const id of rules) {
          const ruleCounts = byRule.get(id);
          if (!ruleCounts) continue;
          for (const status of Object.keys(counts) as Status[]) counts[status] += ruleCounts[status];
        }
        const out: ReportRequirement = {
          citation: requirement.citation,
          title: requirement.title,
          section: requirement.section,
          ...(requirement.standard ? { standard: requirement.standard } : {}),
          ...(requirement.implementation ? { implementation: requirement.implementation } : {}),
          description: requirement.description.trim(),
          rules,
          ...(requirement.manual ? { manual: manualPart(requirement.manual) } : {}),
          status: requirementStatus(counts, rules.length > 0),
          counts,
        };
        return out;
      }),
    }));
}
