import type { Framework, Requirement } from './catalogue.js';
import type { Status } from './evaluate.js';

/**
 * Requirement roll-ups: the status of every requirement of every framework in scope, from the
 * results of its rules and the attestation of its manual part. Domain logic, computed here once;
 * every report format renders the statuses it is given and none works them out again.
 *
 * A roll-up never claims more than was seen:
 * - pass: at least one gating result judged a resource, and none failed or is unknown;
 * - fail: a gating result fails;
 * - excepted: failing (or unknown) results exist and every one of them is suppressed: accepted,
 *   never a pass;
 * - unknown: a gating result is unknown, none fails;
 * - not-evaluated: nothing was judged, but resources of the services the rules look at exist;
 * - not-applicable: nothing was judged because those services are truly absent from the inventory;
 * - manual / attestation-stale: the automated part passes (or there is none), and the manual part
 *   is not attested / attested too long ago; pass once it is attested.
 * Results that do not gate (a module folder evaluated on its own defaults) never change a status.
 */

export type RequirementStatus = 'pass' | 'fail' | 'excepted' | 'unknown' | 'not-evaluated' | 'attestation-stale' | 'manual' | 'not-applicable';
/** Display order: what needs attention first. */
export const REQUIREMENT_STATUSES: readonly RequirementStatus[] = ['fail', 'excepted', 'unknown', 'not-evaluated', 'attestation-stale', 'manual', 'pass', 'not-applicable'];

/** What the rules alone say about a requirement, before its manual part is considered. */
export type AutomatedStatus = 'pass' | 'fail' | 'excepted' | 'unknown' | 'not-evaluated' | 'not-applicable';
export const AUTOMATED_STATUSES: readonly AutomatedStatus[] = ['fail', 'excepted', 'unknown', 'not-evaluated', 'pass', 'not-applicable'];

/**
 * attested: an attestation within the maximum age; stale: the newest attestation is older than
 * that (at the time of the scan); not-attested: none was recorded.
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
  /** What the rules alone say; absent when the requirement has no rules. */
  automated?: AutomatedStatus;
  /** The gating results of the requirement's rules, by status (suppressed ones are the excepted). */
  counts: Record<Status, number>;
  /** Results that do not gate (module folders on their own defaults): shown, never counted above. */
  informational?: number;
}

export interface ReportFramework {
  id: string;
  name: string;
  version: string;
  description: string;
  requirements: ReportRequirement[];
}

/** What the roll-up needs of a result: its rule, status, and whether it gates. */
export interface RollupResult {
  status: Status;
  rule: { id: string };
  /** Set on results that do not gate; such results never change a requirement's status. */
  informational?: string;
}

/**
 * What the inventory held, by service (`s3`, `rds`, `elasticache`): the services of every resource
 * found, judged or not. Undefined when it is not known (a report written before it was recorded):
 * then nothing is "not applicable", since absence cannot be shown.
 */
export interface InventoryPresence {
  services: ReadonlySet<string>;
}

/** A requirement's automated status from its rules' gating results. */
export function automatedStatus(counts: Record<Status, number>, servicesPresent: boolean): AutomatedStatus {
  if (counts.fail > 0) return 'fail';
  if (counts.unknown > 0) return 'unknown';
  if (counts.suppressed > 0) return 'excepted';
  if (counts.pass > 0) return 'pass';
  return servicesPresent ? 'not-evaluated' : 'not-applicable';
}

/** The requirement's status: its automated part, held back by a manual part not currently attested. */
export function requirementStatus(automated: AutomatedStatus | undefined, manual: AttestationState | undefined): RequirementStatus {
  if (automated !== undefined && automated !== 'pass' && automated !== 'not-applicable') return automated;
  if (manual === undefined) return automated ?? 'manual';
  // An auditor found the manual part not applicable: a manual-only requirement is, otherwise its rules decide.
  if (manual === 'not-applicable') return automated ?? 'not-applicable';
  if (manual === 'not-attested') return 'manual';
  if (manual === 'stale') return 'attestation-stale';
  // Attested, and the automated part (if any) passes or has nothing to judge: the attestation is the evidence.
  return 'pass';
}

/** The service a model kind belongs to: `aws.s3.bucket` → `s3`. */
export function serviceOfKind(kind: string): string {
  return kind.split('.')[1] ?? kind;
}

/** The framework requirements each rule serves, for the frameworks in scope (all when empty). */
export function requirementsByRule(frameworks: Framework[], scope: string[]): Map<string, Array<{ framework: string; citation: string; title: string }>> {
  const map = new Map<string, Array<{ framework: string; citation: string; title: string }>>();
  for (const framework of frameworks) {
    if (scope.length > 0 && !scope.includes(framework.id)) continue;
    for (const requirement of framework.requirements) {
      for (const id of requirement.rules ?? []) {
        const list = map.get(id) ?? [];
        list.push({ framework: framework.id, citation: requirement.citation, title: requirement.title });
        map.set(id, list);
      }
    }
  }
  return map;
}

const zero = (): Record<Status, number> => ({ pass: 0, fail: 0, unknown: 0, suppressed: 0 });

/**
 * Rolls results up into the requirements of each framework in scope, so that a report can render
 * the full checklist (every requirement, also those with no results and the manual ones) without
 * the rule catalogue. `ruleKinds` gives the kind each rule reads, to tell not-evaluated from
 * not-applicable against `presence`.
 */
export function rollUpFrameworks(
  frameworks: Framework[],
  results: Iterable<RollupResult>,
  scope: string[],
  ruleKinds?: ReadonlyMap<string, string>,
  presence?: InventoryPresence,
): ReportFramework[] {
  const byRule: RuleTally = new Map();
  for (const result of results) tallyResult(byRule, result);
  return rollUpTally(frameworks, byRule, scope, ruleKinds, presence);
}

/** Each rule's gating results by status, and its results that do not gate: all a roll-up needs of them. */
export type RuleTally = Map<string, { counts: Record<Status, number>; informational: number }>;

/** Counts one result into a tally, so results can be rolled up as they stream by (`vigil merge`). */
export function tallyResult(byRule: RuleTally, result: RollupResult): void {
  let entry = byRule.get(result.rule.id);
  if (!entry) byRule.set(result.rule.id, (entry = { counts: zero(), informational: 0 }));
  if (result.informational !== undefined) entry.informational++;
  else entry.counts[result.status]++;
}

/** The roll-up of results already tallied by rule: the same statuses `rollUpFrameworks` gives them. */
export function rollUpTally(
  frameworks: Framework[],
  byRule: RuleTally,
  scope: string[],
  ruleKinds?: ReadonlyMap<string, string>,
  presence?: InventoryPresence,
): ReportFramework[] {
  const present = (rules: string[]): boolean => {
    if (!presence) return true;
    return rules.some((id) => {
      const kind = ruleKinds?.get(id);
      return kind === undefined || presence.services.has(serviceOfKind(kind));
    });
  };
  return frameworks
    .filter((framework) => scope.length === 0 || scope.includes(framework.id))
    .map((framework) => ({
      id: framework.id,
      name: framework.name,
      version: framework.version,
      description: framework.description.trim(),
      requirements: framework.requirements.map((requirement) => {
        const rules = requirement.rules ?? [];
        const counts = zero();
        let informational = 0;
        for (const id of rules) {
          const entry = byRule.get(id);
          if (!entry) continue;
          for (const status of Object.keys(counts) as Status[]) counts[status] += entry.counts[status];
          informational += entry.informational;
        }
        const automated = rules.length > 0 ? automatedStatus(counts, present(rules)) : undefined;
        const manual: ReportManualPart | undefined = requirement.manual
          ? {
              evidence: requirement.manual.evidence.trim(),
              ...(requirement.manual.process_check ? { processCheck: requirement.manual.process_check } : {}),
              ...(requirement.manual.every_days ? { everyDays: requirement.manual.every_days } : {}),
              attested: false,
              state: 'not-attested',
            }
          : undefined;
        const out: ReportRequirement = {
          citation: requirement.citation,
          title: requirement.title,
          section: requirement.section,
          ...(requirement.standard ? { standard: requirement.standard } : {}),
          ...(requirement.implementation ? { implementation: requirement.implementation } : {}),
          description: requirement.description.trim(),
          rules,
          ...(manual ? { manual } : {}),
          status: requirementStatus(automated, manual?.state),
          ...(automated ? { automated } : {}),
          counts,
          ...(informational > 0 ? { informational } : {}),
        };
        return out;
      }),
    }));
}

/**
 * The automated status of a requirement read back from a saved report: its own field, else (a
 * report written before it existed) the status when that was one of the automated ones.
 */
export function savedAutomatedStatus(requirement: Pick<ReportRequirement, 'automated' | 'status' | 'rules'>): AutomatedStatus | undefined {
  if (requirement.automated) return requirement.automated;
  if (requirement.rules.length === 0) return undefined;
  return (AUTOMATED_STATUSES as readonly string[]).includes(requirement.status) ? (requirement.status as AutomatedStatus) : 'pass';
}

/** Labels people read, the same in every format. */
export function requirementStatusLabel(status: RequirementStatus, automated?: AutomatedStatus): string {
  switch (status) {
    case 'attestation-stale':
      return automated === 'pass' ? 'automated pass, attestation stale' : 'attestation stale';
    case 'manual':
      return automated === 'pass' ? 'automated pass, attestation open' : 'manual';
    case 'not-evaluated':
      return 'not evaluated';
    case 'not-applicable':
      return 'not applicable';
    default:
      return status;
  }
}
