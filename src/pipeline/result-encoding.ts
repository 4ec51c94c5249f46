import type { ReportResult } from '../report/document.js';

/**
 * A root's report results as compact JSON, for handing them from a worker thread to the scan.
 * What results share is written once per root and referred to by number (the resource's
 * description, locations, evidence), and what the scan knows already is not written at all: the
 * rule's description and framework requirements (by rule ID), a passing result's message (the
 * rule's title) and a failing one's peer references when they are the rule's. The scan gets the
 * results back holding shared objects, as a scan in one thread holds them, with every field in
 * its place. One string crosses the thread boundary: copying it is one memcpy, where structured
 * cloning walks every object (the first measure: 1.8 s for 135,000 results).
 */

const SHARED = ['resource', 'location', 'relatedLocations', 'evidence'] as const;
/** Marks a field that the scan fills in from the rule (0 is a valid table number, so this is -1). */
const FROM_RULE = -1;

export interface EncodedResults {
  /** The shared objects, by number. */
  shared: unknown[];
  /** The results, each field in its place, with shared and known values replaced by numbers. */
  results: unknown[];
}

/** What the scan holds for each rule: its description in reports and the requirements it serves. */
export interface RuleParts {
  rule: ReportResult['rule'];
  requirements: ReportResult['requirements'];
}

/** Encodes results in place: they are the caller's to give away. */
export function encodeResults(results: ReportResult[]): EncodedResults {
  const shared: unknown[] = [];
  const numbers = new Map<unknown, number>();
  const number = (value: unknown): number => {
    let n = numbers.get(value);
    if (n === undefined) {
      n = shared.length;
      shared.push(value);
      numbers.set(value, n);
    }
    return n;
  };
  for (const result of results) {
    const rule = result.rule;
    const fields = result as unknown as Record<string, unknown>;
    fields.rule = rule.id;
    fields.requirements = FROM_RULE;
    if (result.message === rule.title) fields.message = FROM_RULE;
    if (result.references !== undefined) fields.references = result.references === rule.references ? FROM_RULE : number(result.references);
    for (const key of SHARED) {
      const value = fields[key];
      if (value !== undefined) fields[key] = number(value);
    }
  }
  return { shared, results };
}

/** The results back, in place; `partsOf` gives the scan's own description of a rule by ID. */
export function decodeResults(encoded: EncodedResults, partsOf: (ruleId: string) => RuleParts): ReportResult[] {
  const { shared } = encoded;
  for (const result of encoded.results) {
    const fields = result as Record<string, unknown>;
    const parts = partsOf(fields.rule as string);
    fields.rule = parts.rule;
    fields.requirements = parts.requirements;
    if (fields.message === FROM_RULE) fields.message = parts.rule.title;
    if (fields.references !== undefined) fields.references = fields.references === FROM_RULE ? parts.rule.references : shared[fields.references as number];
    for (const key of SHARED) {
      const n = fields[key];
      if (n !== undefined) fields[key] = shared[n as number];
    }
  }
  return encoded.results as ReportResult[];
}
