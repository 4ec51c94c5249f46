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

/** Marks an optional field that is absent. */
const NONE = -9;

/**
 * The fields of a report result in the order the engine sets them (src/report/document.ts,
 * toReportResult): the first seven always, then any of the optional ones. A result in this order
 * travels as an array and is rebuilt in the same order; any other travels as an object.
 */
const LEADING = ['status', 'rule', 'resource', 'requirements', 'message', 'facts', 'fingerprint'];
const OPTIONAL = ['suppression', 'location', 'relatedLocations', 'references', 'partialIgnores', 'evidence', 'informational', 'observed', 'configRules'];
/** Optional fields that travel in a row's trailing object. */
const EXTRAS = new Set(OPTIONAL.filter((key) => key !== 'location' && key !== 'relatedLocations' && key !== 'references'));

function inCanonicalOrder(keys: string[]): boolean {
  if (keys.length < LEADING.length) return false;
  for (let i = 0; i < LEADING.length; i++) if (keys[i] !== LEADING[i]) return false;
  let at = 0;
  for (let i = LEADING.length; i < keys.length; i++) {
    while (at < OPTIONAL.length && OPTIONAL[at] !== keys[i]) at++;
    if (at === OPTIONAL.length) return false;
    at++;
  }
  return true;
}

/**
 * A row's fingerprint: a Terraform result's starts with the rule, root and address its resource
 * already carries, so only what follows travels, after a "|" (which no other form starts with).
 */
function rowFingerprint(result: ReportResult, encoded: string | string[]): string | string[] {
  const { root, address } = result.resource;
  if (root !== undefined && address !== undefined) {
    const head = `${result.rule.id}|${root}|${address}`;
    const rest = result.fingerprint.slice(head.length);
    if (result.fingerprint.startsWith(head) && (rest === '' || rest.startsWith('|'))) return `|${rest}`;
  }
  return typeof encoded === 'string' && encoded.startsWith('|') ? [result.fingerprint] : encoded;
}

function fromRowFingerprint(encoded: string | string[], ruleId: string, resource: ReportResult['resource']): string {
  if (typeof encoded !== 'string') return encoded[0]!;
  if (encoded.startsWith('|')) return `${ruleId}|${resource.root}|${resource.address}${encoded.slice(1)}`;
  return `${ruleId}|${encoded}`;
}

/** A row back into a report result, its fields in the engine's order. */
function fromRow(row: unknown[], shared: unknown[], partsOf: (ruleId: string) => RuleParts): ReportResult {
  const [status, ruleId, resource, message, facts, fingerprint, location, related, references, extras] = row as [
    ReportResult['status'],
    string,
    number,
    string | number,
    string[],
    string | string[],
    number,
    number,
    number,
    Record<string, unknown> | undefined,
  ];
  const parts = partsOf(ruleId);
  const result = {
    status,
    rule: parts.rule,
    resource: shared[resource],
    requirements: parts.requirements,
    message: typeof message === 'number' ? decodeMessage(message, parts.rule.title, facts) : message,
    facts,
    fingerprint: fromRowFingerprint(fingerprint, parts.rule.id, shared[resource] as ReportResult['resource']),
  } as ReportResult;
  const fields = result as unknown as Record<string, unknown>;
  if (extras?.suppression !== undefined) fields.suppression = extras.suppression;
  if (location !== NONE) fields.location = shared[location];
  if (related !== NONE) fields.relatedLocations = shared[related];
  if (references !== NONE) fields.references = references === FROM_RULE ? parts.rule.references : shared[references];
  if (extras) {
    for (const key of OPTIONAL) {
      if (key === 'suppression' || !(key in extras)) continue;
      fields[key] = key === 'evidence' ? shared[extras[key] as number] : extras[key];
    }
  }
  return result;
}

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
  const out: unknown[] = [];
  for (const result of results) {
    const rule = result.rule;
    const fields = result as unknown as Record<string, unknown>;
    const message = encodeMessage(result.message, rule.title, result.facts);
    const fingerprint = result.fingerprint.startsWith(`${rule.id}|`) ? result.fingerprint.slice(rule.id.length + 1) : [result.fingerprint];
    const references = result.references === undefined ? NONE : result.references === rule.references ? FROM_RULE : number(result.references);
    const keys = Object.keys(result);
    if (inCanonicalOrder(keys)) {
      // The common shape as an array: parsing arrays costs the scan far less than objects.
      const row: unknown[] = [result.status, rule.id, number(result.resource), message, result.facts, rowFingerprint(result, fingerprint), result.location ? number(result.location) : NONE, result.relatedLocations ? number(result.relatedLocations) : NONE, references];
      if (keys.some((key) => EXTRAS.has(key))) {
        const extras: Record<string, unknown> = {};
        for (const key of keys) if (EXTRAS.has(key)) extras[key] = key === 'evidence' ? number(fields[key]) : fields[key];
        row.push(extras);
      }
      out.push(row);
      continue;
    }
    fields.rule = rule.id;
    fields.requirements = FROM_RULE;
    fields.message = message;
    fields.fingerprint = fingerprint;
    if (result.references !== undefined) fields.references = references;
    for (const key of SHARED) {
      const value = fields[key];
      if (value !== undefined) fields[key] = number(value);
    }
    out.push(result);
  }
  return { shared, results: out };
}

/** The results back, in place; `partsOf` gives the scan's own description of a rule by ID. */
export function decodeResults(encoded: EncodedResults, partsOf: (ruleId: string) => RuleParts): ReportResult[] {
  const { shared } = encoded;
  const results = encoded.results;
  for (let i = 0; i < results.length; i++) {
    const row = results[i];
    if (Array.isArray(row)) {
      results[i] = fromRow(row, shared, partsOf);
      continue;
    }
    const fields = row as Record<string, unknown>;
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
