import type { ReportResult } from '../report/document.js';

/**
 * A root's report results as compact JSON, for handing them from a worker thread to the scan.
 * What results share is written once per root and referred to by number (the resource's
 * description, locations, evidence), and what the scan knows already is not written at all: the
 * rule's description and framework requirements (by rule ID), the rule ID at the head of the
 * fingerprint, a message the engine made from the title or a fixed lead and the facts, and a
 * failing result's peer references when they are the rule's. The scan gets the
 * results back holding shared objects, as a scan in one thread holds them, with every field in
 * its place. One string crosses the thread boundary: copying it is one memcpy, where structured
 * cloning walks every object (the first measure: 1.8 s for 135,000 results).
 */

const SHARED = ['resource', 'location', 'relatedLocations', 'evidence'] as const;
/** Marks a field that the scan fills in from the rule (0 is a valid table number, so this is -1). */
const FROM_RULE = -1;
/** Messages the engine makes from the rule's title or a fixed lead and the facts (src/engine/evaluate.ts). */
const FACTS_AFTER_TITLE = -2;
const UNKNOWN_LEADS = ['Not known before apply: ', 'Not known from the state: ', 'Not known from the account: '];

function encodeMessage(message: string, title: string, facts: string[]): string | number {
  if (message === title) return FROM_RULE;
  const joined = facts.join('; ');
  if (message.length === title.length + 2 + joined.length && message === `${title}: ${joined}`) return FACTS_AFTER_TITLE;
  for (const [i, lead] of UNKNOWN_LEADS.entries()) if (message.length === lead.length + joined.length && message === lead + joined) return -3 - i;
  return message;
}

function decodeMessage(code: number, title: string, facts: string[]): string {
  if (code === FROM_RULE) return title;
  if (code === FACTS_AFTER_TITLE) return `${title}: ${facts.join('; ')}`;
  return UNKNOWN_LEADS[-3 - code]! + facts.join('; ');
}

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
    fields.message = encodeMessage(result.message, rule.title, result.facts);
    if (result.fingerprint.startsWith(`${rule.id}|`)) fields.fingerprint = result.fingerprint.slice(rule.id.length + 1);
    else fields.fingerprint = [result.fingerprint];
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
    if (typeof fields.message === 'number') fields.message = decodeMessage(fields.message, parts.rule.title, fields.facts as string[]);
    fields.fingerprint = typeof fields.fingerprint === 'string' ? `${parts.rule.id}|${fields.fingerprint}` : (fields.fingerprint as string[])[0];
    if (fields.references !== undefined) fields.references = fields.references === FROM_RULE ? parts.rule.references : shared[fields.references as number];
    for (const key of SHARED) {
      const n = fields[key];
      if (n !== undefined) fields[key] = shared[n as number];
    }
  }
  return encoded.results as ReportResult[];
}
