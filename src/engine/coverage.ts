import type { Framework, Requirement, Rule } from './catalogue.js';

/**
 * What kind of evidence a framework's requirements can have: automated (rules), manual (an
 * auditor's attestation), both, or neither. Pure: the CLI and reports render it.
 */

export type Coverage = 'automated' | 'manual' | 'both' | 'neither';
export const COVERAGES: readonly Coverage[] = ['automated', 'manual', 'both', 'neither'];

export function requirementCoverage(requirement: Requirement): Coverage {
  const automated = (requirement.rules ?? []).length > 0;
  const manual = requirement.manual !== undefined;
  return automated && manual ? 'both' : automated ? 'automated' : manual ? 'manual' : 'neither';
}

export interface FrameworkSummary {
  id: string;
  name: string;
  version: string;
  requirements: number;
  rules: number;
  coverage: Record<Coverage, number>;
}

export function summarizeFramework(framework: Framework): FrameworkSummary {
  const coverage: Record<Coverage, number> = { automated: 0, manual: 0, both: 0, neither: 0 };
  const rules = new Set<string>();
  for (const requirement of framework.requirements) {
    coverage[requirementCoverage(requirement)]++;
    for (const id of requirement.rules ?? []) rules.add(id);
  }
  return { id: framework.id, name: framework.name, version: framework.version, requirements: framework.requirements.length, rules: rules.size, coverage };
}

/** The requirements of every framework a rule gives evidence for, in framework order. */
export function requirementsServedBy(rule: Rule, frameworks: Framework[]): Array<{ framework: string; requirement: Requirement }> {
  const ids = [rule.id, ...(rule.aliases ?? [])];
  return frameworks.flatMap((framework) =>
    framework.requirements.filter((r) => (r.rules ?? []).some((id) => ids.includes(id))).map((requirement) => ({ framework: framework.id, requirement })),
  );
}

/** The service a rule belongs to: its folder, `rules/<service>/<id>.yaml`. */
export function serviceOf(rule: Rule): string {
  const parts = rule.file.split(/[\\/]/);
  return parts.length >= 2 ? parts[parts.length - 2]! : '';
}
