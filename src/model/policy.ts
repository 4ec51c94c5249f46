import { isUnknown, unknown, type Unknown, type Value } from './value.js';

/**
 * Facts derived once from IAM policy documents (identity policies and S3 bucket policies), so
 * rules read a boolean instead of walking statements. Both sources call these: the Terraform
 * source with the evaluated `policy` argument (a JSON string, an object, or an unknown string
 * that carries the partly known structure `jsonencode` or `aws_iam_policy_document` built), the
 * AWS source with the document from GetPolicyVersion, GetBucketPolicy, ... (URL-decoded JSON).
 *
 * Facts are three-valued: a part of a statement known only after apply (a `Resource` that is
 * another resource's ARN, an `Action` from a variable with no value) makes a fact unknown only
 * when the answer depends on it. A document that cannot be read at all gives unknown facts.
 */

/** A string of a statement, or a value known only after apply. */
export type Entry = string | Unknown;
/** A statement's list field; wholly unknown when the list itself is. */
export type Entries = Entry[] | Unknown;
/** true, false, or unknown with the reason. */
export type Truth = boolean | Unknown;

export interface Statement {
  effect: string | Unknown;
  actions: Entries;
  notActions: Entries;
  resources: Entries;
  notResources: Entries;
  principals: Entries;
  /** Whether the statement has a Condition (unknown when the Condition itself is). */
  hasCondition: Truth;
  /** Operator → context key (lower case) → values; an operator whose block is unknown maps to Unknown. */
  condition: Record<string, Record<string, Entries> | Unknown> | Unknown;
}

/**
 * Whether an unknown stands for an apply-time attribute of a managed resource (an ARN, an id): its
 * origin is that resource's address. A data source's address (`data.x.y`, also inside a module)
 * reads anything, a remote state's output or a parameter's value, so it may be a list or "*".
 */
function isResourceAttribute(value: Unknown): boolean {
  return value.origin !== undefined && !/(^|\.)data\./.test(value.origin);
}

const asEntries = (value: unknown): Entries => {
  // Another resource's apply-time attribute is one string (an ARN, an id); any other unknown may be a whole list.
  if (isUnknown(value)) return isResourceAttribute(value) ? [value] : value;
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (isUnknown(v) ? v : String(v)));
};

const lower = (entries: Entries): Entries => (isUnknown(entries) ? entries : entries.map((e) => (isUnknown(e) ? e : e.toLowerCase())));

/** Principal "*" or {"AWS": "*"} (also in a list) means everyone. */
function principalsOf(principal: unknown): Entries {
  if (isUnknown(principal)) return principal;
  if (principal === undefined || principal === null) return [];
  if (typeof principal === 'string') return [principal];
  if (typeof principal === 'object' && !Array.isArray(principal)) {
    const out: Entry[] = [];
    for (const ids of Object.values(principal as Record<string, unknown>)) {
      const entries = asEntries(ids);
      if (isUnknown(entries)) out.push(entries);
      else for (const e of entries) out.push(e);
    }
    return out;
  }
  return asEntries(principal);
}

function conditionOf(raw: unknown): Statement['condition'] {
  if (isUnknown(raw)) return raw;
  const condition: Record<string, Record<string, Entries> | Unknown> = {};
  if (!raw || typeof raw !== 'object') return condition;
  for (const [operator, block] of Object.entries(raw as Record<string, unknown>)) {
    if (isUnknown(block)) {
      condition[operator] = block;
      continue;
    }
    if (!block || typeof block !== 'object') continue;
    const keys: Record<string, Entries> = {};
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) keys[key.toLowerCase()] = asEntries(values);
    condition[operator] = keys;
  }
  return condition;
}

/** A statement that is wholly unknown: every field is that unknown. */
function unknownStatement(reason: Unknown): Statement {
  return {
    effect: reason,
    actions: reason,
    notActions: reason,
    resources: reason,
    notResources: reason,
    principals: reason,
    hasCondition: reason,
    condition: reason,
  };
}

/** Parses a policy document into statements; an Unknown when it cannot be read. */
export function parseStatements(document: Value | undefined): Statement[] | Unknown | null {
  if (document === undefined || document === null || document === '') return null;
  let raw: unknown = document;
  if (isUnknown(document)) {
    if (document.partial === undefined) return document;
    raw = document.partial;
  } else if (typeof document === 'string') {
    try {
      raw = JSON.parse(document);
    } catch {
      return unknown('the policy document is not valid JSON');
    }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return unknown('the policy document is not an object');
  const list = (raw as Record<string, unknown>).Statement;
  if (isUnknown(list)) return list;
  return asArray(list).flatMap((s): Statement[] => {
    if (isUnknown(s)) return [unknownStatement(s)];
    if (!s || typeof s !== 'object') return [];
    const statement = s as Record<string, unknown>;
    const condition = conditionOf(statement.Condition);
    const effect = statement.Effect;
    return [
      {
        effect: isUnknown(effect) ? effect : String(effect ?? ''),
        actions: lower(asEntries(statement.Action)),
        notActions: lower(asEntries(statement.NotAction)),
        resources: asEntries(statement.Resource),
        notResources: asEntries(statement.NotResource),
        principals: principalsOf(statement.Principal),
        hasCondition: isUnknown(condition) ? condition : Object.keys(condition).length > 0,
        condition,
      },
    ];
  });
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

// ---- three-valued logic -----------------------------------------------------------------------

const not = (a: Truth): Truth => (isUnknown(a) ? a : !a);

/** false wins over unknown, unknown over true. */
function and(...items: Truth[]): Truth {
  let pending: Unknown | undefined;
  for (const item of items) {
    if (item === false) return false;
    if (isUnknown(item)) pending ??= item;
  }
  return pending ?? true;
}

/** true wins over unknown, unknown over false. */
function or(...items: Truth[]): Truth {
  let pending: Unknown | undefined;
  for (const item of items) {
    if (item === true) return true;
    if (isUnknown(item)) pending ??= item;
  }
  return pending ?? false;
}

function some<T>(items: T[], test: (item: T) => Truth): Truth {
  return or(...items.map(test));
}

/**
 * Whether some entry matches. An unknown entry may match unless `unknownMayMatch` says it cannot
 * (an apply-time identifier of another resource, such as its ARN, is never the wildcard "*").
 */
function has(entries: Entries, match: (entry: string) => boolean, unknownMayMatch: (entry: Unknown) => boolean = () => true): Truth {
  if (isUnknown(entries)) return entries;
  let pending: Unknown | undefined;
  for (const entry of entries) {
    if (isUnknown(entry)) {
      if (unknownMayMatch(entry)) pending ??= entry;
    } else if (match(entry)) return true;
  }
  return pending ?? false;
}

const isEmpty = (entries: Entries): Truth => (isUnknown(entries) ? entries : entries.length === 0);

/** An apply-time attribute of a managed resource is an ARN or id, never the literal "*". */
const mayBeWildcard = (entry: Unknown): boolean => !isResourceAttribute(entry);

const allows = (s: Statement): Truth => (isUnknown(s.effect) ? s.effect : s.effect === 'Allow');
const denies = (s: Statement): Truth => (isUnknown(s.effect) ? s.effect : s.effect === 'Deny');
const everyResource = (s: Statement): Truth => and(has(s.resources, (r) => r === '*', mayBeWildcard), isEmpty(s.notResources));
const everyone = (s: Statement): Truth => has(s.principals, (p) => p === '*', mayBeWildcard);

// ---- facts ------------------------------------------------------------------------------------

/** Some Allow statement grants every action (Action "*" or any NotAction) on every resource, unconditionally. */
export function allowsAdmin(statements: Statement[]): Truth {
  return some(statements, (s) =>
    and(allows(s), not(s.hasCondition), everyResource(s), or(has(s.actions, (a) => a === '*'), not(isEmpty(s.notActions)))),
  );
}

const SERVICE_WILDCARD = /^[a-z0-9-]+:\*$/;

/**
 * Actions of the form `service:*` granted on Resource "*". The known ones are listed as soon as
 * one is certain; the list is unknown only when none is certain and an unknown part could add one.
 */
export function wildcardServiceActions(statements: Statement[]): string[] | Unknown {
  const found = new Set<string>();
  let pending: Unknown | undefined;
  for (const s of statements) {
    const granted = and(allows(s), everyResource(s));
    if (granted === false) continue;
    const actions = s.actions;
    if (isUnknown(actions)) {
      pending ??= actions;
      continue;
    }
    for (const action of actions) {
      if (isUnknown(action)) pending ??= action;
      else if (SERVICE_WILDCARD.test(action)) {
        if (granted === true) found.add(action);
        else pending ??= granted;
      }
    }
  }
  if (found.size === 0 && pending) return pending;
  return [...found].sort();
}

/** Whether a statement's actions cover any of the wanted ones. */
function coversAny(actions: Entries, wanted: RegExp): Truth {
  return has(actions, (a) => a === '*' || a === 's3:*' || wanted.test(a));
}

/** The values a condition gives one key under operators matching `operator`. */
function conditionHas(s: Statement, operator: RegExp, key: string, match: (value: string) => boolean): Truth {
  if (isUnknown(s.condition)) return s.condition;
  return some(Object.entries(s.condition), ([name, block]) => {
    if (!operator.test(name)) return false;
    if (isUnknown(block)) return block;
    return has(block[key] ?? [], match);
  });
}

/**
 * A Deny for everyone, on every S3 action, when aws:SecureTransport is false: the pattern AWS
 * documents for "requests must use TLS". A NumericLessThan on s3:TlsVersion alone does not count.
 */
export function deniesInsecureTransport(statements: Statement[]): Truth {
  return some(statements, (s) =>
    and(
      denies(s),
      everyone(s),
      has(s.actions, (a) => a === '*' || a === 's3:*'),
      conditionHas(s, /^bool(ifexists)?$/i, 'aws:securetransport', (v) => v.toLowerCase() === 'false'),
    ),
  );
}

/** An unconditional Allow to everyone of an action matching `wanted`. */
function publicGrant(statements: Statement[], wanted: RegExp): Truth {
  return some(statements, (s) => and(allows(s), everyone(s), not(s.hasCondition), coversAny(s.actions, wanted)));
}

export const publicRead = (statements: Statement[]): Truth => publicGrant(statements, /^s3:(get|list)/);
export const publicWrite = (statements: Statement[]): Truth => publicGrant(statements, /^s3:(put|delete|restore|abort|replicate)/);

/** Applies `fact` to a document, passing unknown and "no document" through. */
export function documentFact<T extends Value>(document: Value | undefined, fact: (s: Statement[]) => T | Unknown, whenAbsent: T): T | Unknown {
  const statements = parseStatements(document);
  if (statements === null) return whenAbsent;
  if (isUnknown(statements)) return statements;
  const result = fact(statements);
  // The fact is not that resource's attribute: keep the reason, drop the origin.
  return isUnknown(result) ? unknown(result.reason) : result;
}

/**
 * Any unconditional Allow to everyone, whatever the action: what makes a resource policy public
 * for services whose actions all expose the resource (ECR, Secrets Manager, Lambda, OpenSearch).
 */
export function publicAccess(statements: Statement[]): Truth {
  return some(statements, (s) => and(allows(s), everyone(s), not(s.hasCondition)));
}

/** A Deny to everyone of backup:DeleteRecoveryPoint (or backup:*, *): manual deletion of recovery points is off. */
export const deniesRecoveryPointDeletion = (statements: Statement[]): Truth =>
  some(statements, (s) => and(denies(s), everyone(s), has(s.actions, (a) => a === '*' || a === 'backup:*' || a === 'backup:deleterecoverypoint' || a === 'backup:delete*')));
// ---- facts of the organisation, role trust and KMS checks -----------------------------------

/** Whether an action pattern of a statement ("kms:*", "kms:re*", "*") covers one action (both lower case). */
function patternCovers(pattern: string, action: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === action;
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(action);
}

const coversAction = (entries: Entries, action: string): Truth => has(entries, (pattern) => patternCovers(pattern, action));

/** The KMS actions whose grant on every key AWS Config's blocked-KMS-actions rules look for. */
export const KMS_SENSITIVE_ACTIONS = [
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:CreateGrant',
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:PutKeyPolicy',
] as const;

/** Resource "*", or a key ARN that names every key ("arn:aws:kms:*:*:key/*"). */
const everyKey = (s: Statement): Truth =>
  and(has(s.resources, (r) => r === '*' || /^arn:[^:]*:kms:[^:]*:[^:]*:(key\/)?\*$/.test(r), mayBeWildcard), isEmpty(s.notResources));

/**
 * The sensitive KMS actions an Allow statement grants on every key, as `{action}` objects. Known
 * grants are listed even beside unknown parts; the list is unknown only when none is certain and
 * an unknown part could add one.
 */
export function kmsActionsOnAllKeys(statements: Statement[]): Value[] | Unknown {
  const found = new Set<string>();
  let pending: Unknown | undefined;
  for (const s of statements) {
    const granted = and(allows(s), everyKey(s));
    if (granted === false) continue;
    for (const action of KMS_SENSITIVE_ACTIONS) {
      const covered = and(granted, coversAction(s.actions, action.toLowerCase()));
      if (covered === true) found.add(action);
      else if (isUnknown(covered)) pending ??= covered;
    }
  }
  if (found.size === 0 && pending) return pending;
  return KMS_SENSITIVE_ACTIONS.filter((a) => found.has(a)).map((action) => ({ action }));
}

/** An unconditional Allow of sts:AssumeRole (or a wildcard over it) to everyone: a trust policy open to any AWS account. */
export function trustOpen(statements: Statement[]): Truth {
  return some(statements, (s) =>
    and(allows(s), everyone(s), not(s.hasCondition), or(coversAction(s.actions, 'sts:assumerole'), coversAction(s.actions, 'sts:assumerolewithwebidentity'))),
  );
}

/** A Deny statement (conditions allowed: SCPs exempt break-glass roles that way) covering every one of the actions. */
export function deniesAll(statements: Statement[], actions: readonly string[]): Truth {
  return and(...actions.map((action) => some(statements, (s) => and(denies(s), coversAction(s.actions, action.toLowerCase())))));
}

/**
 * The regions a region-limiting Deny leaves open: a Deny whose condition is StringNotEquals,
 * StringNotEqualsIgnoreCase or StringNotLike on aws:RequestedRegion. `[]` when no statement limits
 * regions; several such statements leave open only what all of them leave open.
 */
export function allowedRegions(statements: Statement[]): Value[] | Unknown {
  let open: Set<string> | undefined;
  for (const s of statements) {
    if (s.effect !== 'Deny') {
      if (isUnknown(s.effect)) return s.effect;
      continue;
    }
    if (isUnknown(s.condition)) return s.condition;
    for (const [operator, block] of Object.entries(s.condition)) {
      if (!/^stringnot(equals|equalsignorecase|like)(ifexists)?$/i.test(operator)) continue;
      if (isUnknown(block)) return block;
      const regions = block['aws:requestedregion'];
      if (regions === undefined) continue;
      if (isUnknown(regions)) return regions;
      const known = regions.filter((r): r is string => typeof r === 'string');
      if (known.length < regions.length) return regions.find(isUnknown)!;
      open = open ? new Set(known.filter((r) => open!.has(r))) : new Set(known);
    }
  }
  return [...(open ?? [])].sort().map((r) => ({ region: r }));
}
