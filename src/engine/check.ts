import ipaddr from 'ipaddr.js';
import { describeValue, findUnknown, isUnknown, isValueObject, unknown, type Unknown, type Value, type ValueObject } from '../model/value.js';
import { compilePattern, PatternError, patternTest, type Pattern } from '../model/pattern.js';

/**
 * The declarative check language of rule files. A condition describes the compliant state; it
 * evaluates to true, false, or unknown with Kleene's three-valued logic, so an unknown value can
 * never turn into a pass or a fail by accident.
 *
 *   all / any / none: [conditions]      not: condition
 *   every / some / no: <list attribute>, satisfy: condition, label: "{field} ..."
 *   attribute: <dotted path> with one operator:
 *     equals, not_equals, in, not_in, gt, gte, lt, lte, matches, not_matches, exists,
 *     is_empty, contains, cidr_open_to_internet
 *   port_range: {from, to, protocol} with includes_any_port: [ports] (and optional protocols),
 *     or covers_all_ports: true
 * An operand may be `{ param: name }`, read from the rule's parameters.
 */

export type Operand = Value | { param: string };

export interface AttributeTest {
  attribute: string;
  equals?: Operand;
  not_equals?: Operand;
  in?: Operand;
  not_in?: Operand;
  gt?: Operand;
  gte?: Operand;
  lt?: Operand;
  lte?: Operand;
  matches?: Operand;
  not_matches?: Operand;
  exists?: boolean;
  is_empty?: boolean;
  contains?: Operand;
  cidr_open_to_internet?: boolean;
}

export interface PortRangeTest {
  port_range: { from: string; to: string; protocol: string };
  includes_any_port?: Operand;
  /** Protocols the ports are checked for; "-1" (every protocol) always counts. Default tcp and udp. */
  protocols?: string[];
  covers_all_ports?: boolean;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { none: Condition[] }
  | { not: Condition }
  | { every: string; satisfy: Condition; label?: string }
  | { some: string; satisfy: Condition; label?: string }
  | { no: string; satisfy: Condition; label?: string }
  | AttributeTest
  | PortRangeTest;

export const ATTRIBUTE_OPERATORS = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'matches',
  'not_matches',
  'exists',
  'is_empty',
  'contains',
  'cidr_open_to_internet',
] as const;

/** The outcome of a condition, with the facts that decided it. */
export interface Outcome {
  truth: boolean | Unknown;
  /** Human-readable facts that decided the outcome, e.g. `ingress[0] (tcp 22-22 from 0.0.0.0/0)`. */
  facts: string[];
  /** Attribute paths that decided the outcome, for fingerprints: a labelled list element by its label. */
  paths: string[];
  /**
   * The same, with list elements by index (`ingress[3]`): where in the model the deciding values
   * sit, so a report can point at the block that set them. Shares `paths` when they are equal.
   */
  sites: string[];
}

export type Parameters = Record<string, Value>;

const outcome = (truth: boolean | Unknown, facts: string[] = [], paths: string[] = []): Outcome => ({ truth, facts, paths, sites: paths });

/** The outcome of an attribute test: the one fact `<path> <text>`, decided by that path. */
const done = (path: string, truth: boolean | Unknown, text: string): Outcome => {
  const paths = [path];
  return { truth, facts: [`${path} ${text}`], paths, sites: paths };
};

export function evaluateCondition(condition: Condition, subject: ValueObject, params: Parameters, prefix = ''): Outcome {
  return new CheckEvaluator(params).run(condition, subject, prefix);
}

/** Reads a dotted path; undefined when some step is absent, an Unknown when some step is unknown. */
export function readPath(subject: Value, path: string): Value | undefined {
  if (path === '' || path === '.') return subject;
  let current: Value | undefined = subject;
  for (const segment of segmentsOf(path)) {
    if (current === undefined || current === null) return undefined;
    if (isUnknown(current)) return current;
    if (!isValueObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

// Rules name a few dozen paths, read millions of times on a large estate: split each once.
const SEGMENTS = new Map<string, string[]>();
function segmentsOf(path: string): string[] {
  let segments = SEGMENTS.get(path);
  if (!segments) SEGMENTS.set(path, (segments = path.split('.')));
  return segments;
}

/** A rule's pattern (RE2 syntax, linear-time matching); unknown with the reason when RE2 refuses it. */
function patternOf(source: string): Pattern | Unknown {
  try {
    return compilePattern(source);
  } catch (error) {
    if (error instanceof PatternError) return unknown(`the pattern ${JSON.stringify(source)} is not a valid RE2 regular expression (${error.message})`);
    throw error;
  }
}

class CheckEvaluator {
  constructor(private readonly params: Parameters) {}

  private operand(value: Operand | undefined): Value | undefined {
    if (isValueObject(value as Value) && typeof (value as { param?: unknown }).param === 'string' && Object.keys(value as object).length === 1) {
      const name = (value as { param: string }).param;
      return this.params[name];
    }
    return value as Value | undefined;
  }

  run(condition: Condition, subject: ValueObject, prefix: string): Outcome {
    if ('all' in condition) return this.all(condition.all, subject, prefix);
    if ('any' in condition) return this.any(condition.any, subject, prefix);
    if ('none' in condition) return this.not(this.any(condition.none, subject, prefix));
    if ('not' in condition) return this.not(this.run(condition.not, subject, prefix));
    if ('every' in condition) return this.quantify('every', condition.every, condition.satisfy, condition.label, subject, prefix);
    if ('some' in condition) return this.quantify('some', condition.some, condition.satisfy, condition.label, subject, prefix);
    if ('no' in condition) return this.quantify('no', condition.no, condition.satisfy, condition.label, subject, prefix);
    if ('port_range' in condition) return this.portRange(condition, subject, prefix);
    return this.attribute(condition, subject, prefix);
  }

  private all(conditions: Condition[], subject: ValueObject, prefix: string): Outcome {
    let pending: Outcome | undefined;
    const passed: Outcome[] = [];
    for (const condition of conditions) {
      const result = this.run(condition, subject, prefix);
      if (result.truth === false) return result;
      if (isUnknown(result.truth)) pending ??= result;
      else passed.push(result);
    }
    return pending ?? merge(true, passed);
  }

  private any(conditions: Condition[], subject: ValueObject, prefix: string): Outcome {
    let pending: Outcome | undefined;
    const failed: Outcome[] = [];
    for (const condition of conditions) {
      const result = this.run(condition, subject, prefix);
      if (result.truth === true) return result;
      if (isUnknown(result.truth)) pending ??= result;
      else failed.push(result);
    }
    return pending ?? merge(false, failed);
  }

  private not(result: Outcome): Outcome {
    return isUnknown(result.truth) ? result : { truth: !result.truth, facts: result.facts, paths: result.paths, sites: result.sites };
  }

  private quantify(
    quantifier: 'every' | 'some' | 'no',
    path: string,
    satisfy: Condition,
    label: string | undefined,
    subject: ValueObject,
    prefix: string,
  ): Outcome {
    const full = prefix + path;
    const list = readPath(subject, path);
    if (isUnknown(list)) return outcome(list, [`${full} is ${describeValue(list)}`], [full]);
    const items = list === undefined || list === null ? [] : Array.isArray(list) ? list : [list];
    const matching: Outcome[] = [];
    const notMatching: Outcome[] = [];
    let pending: Outcome | undefined;
    items.forEach((item, index) => {
      const itemPath = `${full}[${index}]`;
      // An element not known before apply (or the unknown rest of a list) can match or not.
      if (isUnknown(item)) {
        pending ??= outcome(item, [`${itemPath} is ${describeValue(item)}`], [itemPath]);
        return;
      }
      const element = isValueObject(item) ? item : { value: item };
      const result = this.run(satisfy, element, `${itemPath}.`);
      const rendered = label ? renderLabel(label, element) : '';
      const fact = `${itemPath}${rendered ? ` (${rendered})` : ''}`;
      // A labelled element is identified by its content, so fingerprints survive reordering.
      const sites = [itemPath];
      const described: Outcome = { truth: result.truth, facts: [fact], paths: rendered ? [`${full}[${rendered}]`] : sites, sites };
      if (isUnknown(result.truth)) pending ??= { truth: result.truth, facts: [`${fact}: ${result.facts.join('; ') || result.truth.reason}`], paths: described.paths, sites };
      else if (result.truth) matching.push(described);
      else notMatching.push(described);
    });
    switch (quantifier) {
      case 'some':
        if (matching.length > 0) return merge(true, matching);
        return pending ?? outcome(false, [items.length === 0 ? `${full} is empty` : `no element of ${full} qualifies`], [full]);
      case 'no':
        if (matching.length > 0) return merge(false, matching);
        return pending ?? outcome(true, [], [full]);
      case 'every':
        if (notMatching.length > 0) return merge(false, notMatching);
        return pending ?? outcome(true, [], [full]);
    }
  }

  private attribute(test: AttributeTest, subject: ValueObject, prefix: string): Outcome {
    const path = prefix + test.attribute;
    const value = readPath(subject, test.attribute);

    if (test.exists !== undefined) {
      // An apply-time attribute of another resource (its id or ARN) is known to be set.
      const present = isUnknown(value) ? (value.origin ? true : value) : value !== undefined && value !== null;
      if (isUnknown(present)) return done(path, present, `is ${describeValue(value)}`);
      return done(path, present === test.exists, present ? `is set to ${describeValue(value)}` : 'is not set');
    }
    const decided = Array.isArray(value) ? this.decidedByKnownElements(test, value, path) : undefined;
    if (decided) return decided;
    const hidden = value === undefined ? undefined : findUnknown(value);
    if (hidden) return done(path, hidden, `is ${describeValue(hidden)}`);
    const actual: Value = value === undefined ? null : value;
    const shown = `is ${describeValue(actual)}`;

    if (test.equals !== undefined) return done(path, deepEqual(actual, this.operand(test.equals)!), shown);
    if (test.not_equals !== undefined) return done(path, !deepEqual(actual, this.operand(test.not_equals)!), shown);
    if (test.in !== undefined) return done(path, asList(this.operand(test.in)).some((v) => deepEqual(actual, v)), shown);
    if (test.not_in !== undefined) return done(path, !asList(this.operand(test.not_in)).some((v) => deepEqual(actual, v)), shown);
    for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
      if (test[op] === undefined) continue;
      const limit = Number(this.operand(test[op]));
      if (typeof actual !== 'number') return done(path, false, `${shown}, not a number`);
      const truth = op === 'gt' ? actual > limit : op === 'gte' ? actual >= limit : op === 'lt' ? actual < limit : actual <= limit;
      return done(path, truth, shown);
    }
    if (test.matches !== undefined || test.not_matches !== undefined) {
      const pattern = patternOf(String(this.operand(test.matches ?? test.not_matches)));
      if (isUnknown(pattern)) return done(path, pattern, `cannot be tested: ${pattern.reason}`);
      const hit = typeof actual === 'string' && patternTest(pattern, actual);
      return done(path, test.matches !== undefined ? hit : !hit, shown);
    }
    if (test.is_empty !== undefined) {
      const empty =
        actual === null ||
        actual === '' ||
        (Array.isArray(actual) && actual.length === 0) ||
        (isValueObject(actual) && Object.keys(actual).length === 0);
      return done(path, empty === test.is_empty, shown);
    }
    if (test.contains !== undefined) {
      const needle = this.operand(test.contains)!;
      const hit = Array.isArray(actual)
        ? actual.some((v) => deepEqual(v, needle))
        : typeof actual === 'string' && typeof needle === 'string' && actual.includes(needle);
      return done(path, hit, shown);
    }
    if (test.cidr_open_to_internet !== undefined) {
      const open = asList(actual).some((cidr) => typeof cidr === 'string' && isWholeInternet(cidr));
      return done(path, open === test.cidr_open_to_internet, shown);
    }
    throw new Error(`attribute test on "${test.attribute}" has no operator`);
  }

  /**
   * The tests a list's known elements can decide although others are unknown: a list holding a
   * known element (or another resource's apply-time ID or ARN) is not empty, and one known
   * element is enough to contain a value or open a CIDR to the internet.
   */
  private decidedByKnownElements(test: AttributeTest, list: Value[], path: string): Outcome | undefined {
    if (test.is_empty !== undefined) {
      const present = list.filter((item) => !isUnknown(item) || item.origin !== undefined);
      if (present.length === 0) return undefined;
      return done(path, test.is_empty === false, `holds ${describeValue(present)}`);
    }
    if (test.contains !== undefined) {
      const needle = this.operand(test.contains)!;
      const hit = list.find((item) => findUnknown(item) === undefined && deepEqual(item, needle));
      return hit === undefined ? undefined : done(path, true, `holds ${describeValue(hit)}`);
    }
    if (test.cidr_open_to_internet !== undefined) {
      const open = list.find((cidr) => typeof cidr === 'string' && isWholeInternet(cidr));
      return open === undefined ? undefined : done(path, test.cidr_open_to_internet === true, `holds ${describeValue(open)}`);
    }
    return undefined;
  }

  private portRange(test: PortRangeTest, subject: ValueObject, prefix: string): Outcome {
    const protocol = readPath(subject, test.port_range.protocol);
    const from = readPath(subject, test.port_range.from);
    const to = readPath(subject, test.port_range.to);
    const paths = [prefix + test.port_range.from, prefix + test.port_range.to];
    for (const value of [protocol, from, to]) {
      if (isUnknown(value)) return outcome(value, [`port range ${describeValue(value)}`], paths);
    }
    const allProtocols = protocol === '-1';
    const text = allProtocols ? 'every protocol and port' : `${String(protocol)} ${String(from)}-${String(to)}`;
    if (test.covers_all_ports) {
      const all = allProtocols || (Number(from) <= 0 && Number(to) >= 65535);
      return outcome(all === test.covers_all_ports, [text], paths);
    }
    const protocols = test.protocols ?? ['tcp', 'udp'];
    if (!allProtocols && !protocols.includes(String(protocol))) return outcome(false, [text], paths);
    const ports = asList(this.operand(test.includes_any_port)).map(Number);
    const low = Number(from);
    const high = Number(to);
    // Without every protocol, a range of -1 or a missing port means every port of that protocol.
    const hit = allProtocols || from === null || low < 0 || ports.some((port) => port >= low && port <= high);
    return outcome(hit, [text], paths);
  }
}

function merge(truth: boolean, outcomes: Outcome[]): Outcome {
  if (outcomes.length === 1) return { truth, facts: outcomes[0]!.facts, paths: outcomes[0]!.paths, sites: outcomes[0]!.sites };
  return { truth, facts: outcomes.flatMap((o) => o.facts), paths: outcomes.flatMap((o) => o.paths), sites: outcomes.flatMap((o) => o.sites) };
}

function asList(value: Value | undefined): Value[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** True for a CIDR that spans every address of its family: 0.0.0.0/0 or ::/0. */
export function isWholeInternet(cidr: string): boolean {
  let whole = WHOLE_INTERNET.get(cidr);
  if (whole === undefined) {
    try {
      whole = ipaddr.parseCIDR(cidr.trim())[1] === 0;
    } catch {
      whole = false;
    }
    // An estate repeats the same few CIDRs; bounded so hostile input cannot grow it without end.
    if (WHOLE_INTERNET.size < 10_000) WHOLE_INTERNET.set(cidr, whole);
  }
  return whole;
}

const WHOLE_INTERNET = new Map<string, boolean>();

function renderLabel(label: string, element: ValueObject): string {
  const text = label.replace(/\{([a-z0-9_.]+)\}/gi, (_, path: string) => {
    const value = readPath(element, path);
    if (value === undefined || value === null) return '';
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : describeValue(v))).join(', ');
    return typeof value === 'string' ? value : describeValue(value);
  });
  return text.replace(/\s+/g, ' ').trim();
}
