import { findUnknown, isUnknown, isValueObject, unknown, Unknown, type Value, type ValueObject } from '../../../model/value.js';
import { FunctionError, type FunctionContext, type TerraformFunction } from './types.js';

/**
 * Shared plumbing for the function families: arity checks, Terraform's automatic conversions
 * between primitive types, unknown propagation, and the orderings Terraform gives to sets and
 * numbers. Each family module only states what its functions compute.
 */

export type Impl = (args: Value[], ctx: FunctionContext) => Value;

export interface Signature {
  /** Names of the required parameters, used in arity messages. */
  params: string[];
  /** Names of optional trailing parameters. */
  optional?: string[];
  /** Name of a parameter that may repeat any number of times after the others. */
  variadic?: string;
  /**
   * The function decides itself how unknown arguments affect its result. Without it, an unknown
   * anywhere inside any argument makes the whole result unknown: right for every function that
   * needs all of its input to compute anything (upper, jsonencode, cidrsubnet...).
   */
  handlesUnknowns?: boolean;
}

export function define(signature: Signature, impl: Impl): TerraformFunction {
  const min = signature.params.length;
  const max = signature.variadic ? Infinity : min + (signature.optional?.length ?? 0);
  return (args, ctx) => {
    if (args.length < min || args.length > max) throw new FunctionError(arityMessage(signature, min, max, args.length));
    const pending = signature.handlesUnknowns ? undefined : firstUnknown(args);
    return pending ? dependsOn(pending) : impl(args, ctx);
  };
}

function arityMessage(signature: Signature, min: number, max: number, given: number): string {
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (given < min) {
    const missing = signature.params[given];
    const expected = min === max ? plural(min) : `at least ${plural(min)}`;
    return `expects ${expected}; missing a value for "${missing}"`;
  }
  return `expects ${max === min ? plural(max) : `at most ${plural(max)}`}, got ${given}`;
}

/**
 * The unknown a computed result becomes when it needs `pending`. The reason is kept so the user
 * still learns what was missing; the origin is dropped because the result is no longer that
 * resource's attribute (functions that return an element as-is return the element itself).
 */
export function dependsOn(pending: Unknown): Unknown {
  return unknown(pending.reason.startsWith('depends on ') ? pending.reason : `depends on ${pending.reason}`);
}

/** The first unknown among the arguments, searched deeply. */
export function firstUnknown(values: Value[]): Unknown | undefined {
  for (const value of values) {
    const pending = findUnknown(value);
    if (pending) return pending;
  }
  return undefined;
}

export function typeName(value: Value): string {
  if (value === null) return 'null';
  if (isUnknown(value)) return 'unknown value';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

function notNull(value: Value, label: string): asserts value is Exclude<Value, null> {
  if (value === null) throw new FunctionError(`${label} must not be null`);
}

/** A string parameter: numbers and bools convert as Terraform converts them. */
export function asString(value: Value, label: string): string {
  notNull(value, label);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberToString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new FunctionError(`${label} must be a string, got ${typeName(value)}`);
}

// cty parses numbers from strings in decimal only: no hex, no underscores, no surrounding space.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Terraform's string-to-number conversion; undefined when the string is not a decimal number. */
export function parseDecimal(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}

export function asNumber(value: Value, label: string): number {
  notNull(value, label);
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const parsed = parseDecimal(value);
    if (parsed !== undefined) return parsed;
    throw new FunctionError(`${label} must be a number, got the string ${JSON.stringify(value)}`);
  }
  throw new FunctionError(`${label} must be a number, got ${typeName(value)}`);
}

export function asInteger(value: Value, label: string): number {
  const number = asNumber(value, label);
  if (!Number.isInteger(number)) throw new FunctionError(`${label} must be a whole number, got ${numberToString(number)}`);
  return number;
}

export function asBool(value: Value, label: string): boolean {
  notNull(value, label);
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new FunctionError(`${label} must be a bool, got ${typeof value === 'string' ? JSON.stringify(value) : typeName(value)}`);
}

/** A list, tuple or set parameter (all are arrays in the model). */
export function asList(value: Value, label: string): Value[] {
  notNull(value, label);
  if (Array.isArray(value)) return value;
  throw new FunctionError(`${label} must be a list, got ${typeName(value)}`);
}

/** A map or object parameter. */
export function asObject(value: Value, label: string): ValueObject {
  notNull(value, label);
  if (isValueObject(value)) return value;
  throw new FunctionError(`${label} must be a map or object, got ${typeName(value)}`);
}

export function asStringList(value: Value, label: string): string[] {
  return asList(value, label).map((item, i) => asString(item, `element ${i} of ${label}`));
}

/**
 * Numbers as Terraform writes them when converting to string: the shortest digits that identify
 * the value, never in exponent form (1e21 is "1000000000000000000000").
 */
export function numberToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const { negative, digits, point } = decimalDigits(value);
  return (negative ? '-' : '') + plainNotation(digits, point);
}

/**
 * The decimal digits of |value| (no trailing zeros) and the position of the decimal point:
 * value = 0.<digits> × 10^point. `significant` rounds to that many digits, halfway cases to even
 * as Go does; without it the digits are the shortest that round-trip, as Go and JS both print.
 */
export function decimalDigits(value: number, significant?: number): { negative: boolean; digits: string; point: number } {
  const negative = value < 0;
  const magnitude = Math.abs(value);
  if (magnitude === 0) return { negative: false, digits: '', point: 1 };
  const text = significant === undefined ? magnitude.toExponential() : roundToEven(magnitude, significant);
  const [mantissa = '', exponent = '0'] = text.split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  return { negative, digits, point: Number(exponent) + 1 };
}

/** toExponential rounds halfway cases up; Go rounds them to the even digit (2.5 to 1 digit is 2). */
function roundToEven(magnitude: number, significant: number): string {
  const rounded = magnitude.toExponential(Math.min(significant, 101) - 1);
  if (significant > 100) return rounded;
  const [kept, exponent] = keptIfEvenTie(magnitude.toExponential(100).replace('.', ''), significant);
  return kept === undefined ? rounded : `${kept[0]}.${kept.slice(1)}${exponent}`;
}

/**
 * When the digits after `keep` are exactly one half and the last kept digit is even, the kept
 * digits (Go's result) and the rest of the text; otherwise undefined. `text` holds 100 digits
 * past the cut, enough to see an exact half: a double's expansion that is a tie ends right there.
 */
export function keptIfEvenTie(text: string, keep: number): [string | undefined, string] {
  const match = /^([^e]*)(e.*)?$/.exec(text)!;
  const [, digits = '', rest = ''] = match;
  const kept = digits.slice(0, keep);
  const even = /[02468]$/.test(kept);
  return [/^50*$/.test(digits.slice(keep)) && even ? kept : undefined, rest];
}

/**
 * Writes digits (as from decimalDigits) without an exponent: with all of them, or with exactly
 * `decimals` fraction digits (the digits already rounded to fit).
 */
export function plainNotation(digits: string, point: number, decimals?: number): string {
  const integer = point > 0 ? digits.slice(0, point).padEnd(point, '0') : '0';
  let fraction = point >= 0 ? digits.slice(point) : '0'.repeat(-point) + digits;
  if (decimals !== undefined) fraction = fraction.slice(0, decimals).padEnd(decimals, '0');
  return fraction ? `${integer}.${fraction}` : integer;
}

/**
 * Terraform's equality: deep, and three-valued, because a comparison that meets an unknown is
 * unknown unless some known part already differs.
 */
export function valuesEqual(a: Value, b: Value): boolean | Unknown {
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  if (a === b) return true;
  let pending: Unknown | undefined;
  const all = (pairs: Array<[Value, Value]>): boolean | Unknown => {
    for (const [x, y] of pairs) {
      const eq = valuesEqual(x, y);
      if (eq === false) return false;
      if (eq !== true) pending ??= eq;
    }
    return pending ?? true;
  };
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length ? all(a.map((item, i) => [item, b[i] as Value])) : false;
  }
  if (isValueObject(a) && isValueObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length || !keys.every((key) => Object.hasOwn(b, key))) return false;
    return all(keys.map((key) => [a[key] as Value, b[key] as Value]));
  }
  return false;
}

/** Go compares strings by UTF-8 bytes, which is code point order; JS's `<` compares UTF-16 units. */
export function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortedKeys(object: ValueObject): string[] {
  return Object.keys(object).sort(compareStrings);
}

// Made on first need: building a segmenter loads ICU's break rules, a tenth of a small scan's start-up.
let graphemeSegmenter: Intl.Segmenter | undefined;
const segmenter = (): Intl.Segmenter => (graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));

/**
 * Terraform measures and slices strings in grapheme clusters ("characters" as people see them).
 * ASCII text (nearly all Terraform: `substr` of a name, `format` widths) is split directly: each
 * character is a cluster of its own but "\r\n", one as Unicode segmentation has it. Building the
 * segmenter cost more than a whole module's evaluation.
 */
export function graphemes(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) {
    const out: string[] = [];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) {
        out.push('\r\n');
        i++;
      } else {
        out.push(text[i]!);
      }
    }
    return out;
  }
  return Array.from(segmenter().segment(text), (segment) => segment.segment);
}

/**
 * The number of user-perceived characters, without building them: ASCII text (nearly all
 * Terraform) is counted directly, with "\r\n" as one character as Unicode segmentation has it.
 */
export function graphemeCount(text: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.length - (text.match(/\r\n/g)?.length ?? 0);
  let count = 0;
  for (const _ of segmenter().segment(text)) count++;
  return count;
}

/** Wholly known list items without duplicates, first occurrence kept. */
export function distinctValues(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const item of items) if (!out.some((seen) => valuesEqual(seen, item) === true)) out.push(item);
  return out;
}

/**
 * Terraform lists and sets hold one element type, so mixing strings with numbers or bools
 * converts them all to strings (`tolist(["a", 1])` is `["a", "1"]`). Unknowns and nulls are left
 * alone; other mixtures Terraform cannot unify are an error.
 */
export function unifyPrimitives(items: Value[], label: string): Value[] {
  const kinds = new Set(items.filter((item) => item !== null && !isUnknown(item)).map(typeName));
  if (kinds.size <= 1) return items;
  if (kinds.has('string') && [...kinds].every((kind) => kind === 'string' || kind === 'number' || kind === 'bool')) {
    return items.map((item) => (typeof item === 'number' || typeof item === 'boolean' ? asString(item, label) : item));
  }
  throw new FunctionError(`all elements of ${label} must have the same type, got ${[...kinds].join(' and ')}`);
}

/**
 * A Terraform set: distinct elements in Terraform's set order. Terraform orders sets of strings
 * lexically and sets of numbers numerically; other sets keep the order elements first appeared.
 * Callers pass wholly known items.
 */
export function asSet(items: Value[], label: string): Value[] {
  const unique = distinctValues(unifyPrimitives(items, label));
  if (unique.every((item) => typeof item === 'string')) return (unique as string[]).sort(compareStrings);
  if (unique.every((item) => typeof item === 'number')) return (unique as number[]).sort((x, y) => x - y);
  return unique;
}
