import { isUnknown, unknown, type Unknown, type Value } from './value.js';

/**
 * Facts derived once from IAM policy documents (identity policies and S3 bucket policies), so
 * rules read a boolean instead of walking statements. Both sources call these: the Terraform
 * source with the evaluated `policy` argument (a JSON string or an object from jsonencode), the
 * AWS source with the document from GetPolicyVersion, GetBucketPolicy, ... (URL-decoded JSON).
 *
 * A document that cannot be read (unknown before apply, not JSON) gives unknown facts.
 */

export interface Statement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: string[];
  hasCondition: boolean;
  condition: Record<string, Record<string, string[]>>;
}

const asStrings = (value: unknown): string[] =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map((v) => String(v));

/** Principal "*" or {"AWS": "*"} (also in a list) means everyone. */
function principalsOf(principal: unknown): string[] {
  if (principal === undefined || principal === null) return [];
  if (typeof principal === 'string') return [principal];
  if (typeof principal === 'object' && !Array.isArray(principal)) {
    return Object.values(principal as Record<string, unknown>).flatMap(asStrings);
  }
  return asStrings(principal);
}

/** Parses a policy document into statements; an Unknown when it cannot be read. */
export function parseStatements(document: Value | undefined): Statement[] | Unknown | null {
  if (document === undefined || document === null || document === '') return null;
  if (isUnknown(document)) return document;
  let raw: unknown = document;
  if (typeof document === 'string') {
    try {
      raw = JSON.parse(document);
    } catch {
      return unknown('the policy document is not valid JSON');
    }
  }
  if (!raw || typeof raw !== 'object') return unknown('the policy document is not an object');
  if (containsUnknown(raw)) return unknown('the policy document holds values known only after apply');
  const statements = asArray((raw as Record<string, unknown>).Statement);
  return statements.filter((s): s is Record<string, unknown> => !!s && typeof s === 'object').map((s) => {
    const condition: Statement['condition'] = {};
    if (s.Condition && typeof s.Condition === 'object') {
      for (const [operator, block] of Object.entries(s.Condition as Record<string, unknown>)) {
        if (!block || typeof block !== 'object') continue;
        condition[operator] = {};
        for (const [key, values] of Object.entries(block as Record<string, unknown>)) condition[operator]![key.toLowerCase()] = asStrings(values);
      }
    }
    return {
      effect: String(s.Effect ?? ''),
      actions: asStrings(s.Action).map((a) => a.toLowerCase()),
      notActions: asStrings(s.NotAction).map((a) => a.toLowerCase()),
      resources: asStrings(s.Resource),
      notResources: asStrings(s.NotResource),
      principals: principalsOf(s.Principal),
      hasCondition: Object.keys(condition).length > 0,
      condition,
    };
  });
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}

const allows = (s: Statement): boolean => s.effect === 'Allow';
const everyResource = (s: Statement): boolean => s.resources.includes('*') && s.notResources.length === 0;

/** Some Allow statement grants every action (Action "*" or any NotAction) on every resource, unconditionally. */
export function allowsAdmin(statements: Statement[]): boolean {
  return statements.some(
    (s) => allows(s) && !s.hasCondition && everyResource(s) && (s.actions.includes('*') || s.notActions.length > 0),
  );
}

/** Actions of the form `service:*` granted on Resource "*". */
export function wildcardServiceActions(statements: Statement[]): string[] {
  const found = new Set<string>();
  for (const s of statements) {
    if (!allows(s) || !everyResource(s)) continue;
    for (const action of s.actions) if (/^[a-z0-9-]+:\*$/.test(action)) found.add(action);
  }
  return [...found].sort();
}

const everyone = (s: Statement): boolean => s.principals.includes('*');

/** Whether an action pattern from a statement covers any of the given action prefixes. */
function coversAny(actions: string[], wanted: RegExp): boolean {
  return actions.some((a) => a === '*' || a === 's3:*' || wanted.test(a));
}

/**
 * A Deny for everyone, on every S3 action, when aws:SecureTransport is false: the pattern AWS
 * documents for "requests must use TLS". A NumericLessThan on s3:TlsVersion alone does not count.
 */
export function deniesInsecureTransport(statements: Statement[]): boolean {
  return statements.some(
    (s) =>
      s.effect === 'Deny' &&
      everyone(s) &&
      (s.actions.includes('*') || s.actions.includes('s3:*')) &&
      Object.entries(s.condition).some(
        ([operator, block]) => /^bool(ifexists)?$/i.test(operator) && (block['aws:securetransport'] ?? []).some((v) => v.toLowerCase() === 'false'),
      ),
  );
}

/** An unconditional Allow to everyone of an action matching `wanted`. */
function publicGrant(statements: Statement[], wanted: RegExp): boolean {
  return statements.some((s) => allows(s) && everyone(s) && !s.hasCondition && coversAny(s.actions, wanted));
}

export const publicRead = (statements: Statement[]): boolean => publicGrant(statements, /^s3:(get|list)/);
export const publicWrite = (statements: Statement[]): boolean => publicGrant(statements, /^s3:(put|delete|restore|abort|replicate)/);

/** Applies `fact` to a document, passing unknown and "no document" through. */
export function documentFact<T extends Value>(document: Value | undefined, fact: (s: Statement[]) => T, whenAbsent: T): T | Unknown {
  const statements = parseStatements(document);
  if (statements === null) return whenAbsent;
  if (isUnknown(statements)) return statements;
  return fact(statements);
}

