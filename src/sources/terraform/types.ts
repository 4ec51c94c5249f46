import type { Expr, Range } from './ast.js';
import { isUnknown, isValueObject, type Value, type ValueObject } from '../../model/value.js';
import { RESOURCE_ADDRESS } from './evaluate.js';

/**
 * Terraform's variable type constraints (`list(object({ a = optional(string, "x") }))`) and the
 * conversion Terraform applies to a variable's value before the module sees it: numbers and bools
 * become strings where a string is wanted, optional attributes get their defaults, attributes the
 * type does not declare are dropped, and sets are de-duplicated and ordered.
 */

export type TypeConstraint =
  | { kind: 'any' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TypeConstraint }
  | { kind: 'tuple'; elements: TypeConstraint[] }
  | { kind: 'object'; attributes: Record<string, ObjectAttribute> };

export interface ObjectAttribute {
  type: TypeConstraint;
  optional: boolean;
  /** The default of `optional(T, default)`, already a value (defaults must be literal). */
  default?: Value;
}

export class TypeError extends Error {
  constructor(
    message: string,
    readonly range?: Range,
  ) {
    super(message);
  }
}

const ANY: TypeConstraint = { kind: 'any' };

/** Reads a type expression. `evaluateDefault` turns an optional() default into a value. */
export function parseType(expr: Expr, evaluateDefault: (expr: Expr) => Value): TypeConstraint {
  switch (expr.kind) {
    case 'variable':
      if (expr.name === 'string' || expr.name === 'number' || expr.name === 'bool') return { kind: expr.name };
      if (expr.name === 'any') return ANY;
      if (expr.name === 'list' || expr.name === 'map' || expr.name === 'set') return { kind: expr.name, element: ANY };
      throw new TypeError(`unknown type "${expr.name}"`, expr.range);
    case 'literal':
      // Terraform 0.11 quoted types: "string", "list", "map".
      if (expr.value === 'string') return { kind: 'string' };
      if (expr.value === 'list' || expr.value === 'map') return { kind: expr.value, element: ANY };
      throw new TypeError(`unknown type ${JSON.stringify(expr.value)}`, expr.range);
    case 'paren':
      return parseType(expr.expr, evaluateDefault);
    case 'call': {
      const arg = expr.args[0];
      if (expr.name === 'list' || expr.name === 'set' || expr.name === 'map') {
        if (!arg || expr.args.length !== 1) throw new TypeError(`${expr.name}() takes one element type`, expr.range);
        return { kind: expr.name, element: parseType(arg, evaluateDefault) };
      }
      if (expr.name === 'tuple') {
        if (!arg || arg.kind !== 'tuple') throw new TypeError('tuple() takes a list of element types', expr.range);
        return { kind: 'tuple', elements: arg.items.map((item) => parseType(item, evaluateDefault)) };
      }
      if (expr.name === 'object') {
        if (!arg || arg.kind !== 'object') throw new TypeError('object() takes an object of attribute types', expr.range);
        const attributes: Record<string, ObjectAttribute> = {};
        for (const item of arg.items) {
          const name = item.key.kind === 'literal' ? String(item.key.value) : item.key.kind === 'variable' ? item.key.name : undefined;
          if (name === undefined) throw new TypeError('object attribute names must be plain names', item.key.range);
          attributes[name] = parseAttribute(item.value, evaluateDefault);
        }
        return { kind: 'object', attributes };
      }
      if (expr.name === 'optional') throw new TypeError('optional() is only allowed for an attribute of object()', expr.range);
      throw new TypeError(`unknown type constructor "${expr.name}"`, expr.range);
    }
    default:
      throw new TypeError('expected a type such as string, list(string) or object({...})', expr.range);
  }
}

function parseAttribute(expr: Expr, evaluateDefault: (expr: Expr) => Value): ObjectAttribute {
  if (expr.kind === 'call' && expr.name === 'optional') {
    const [typeExpr, defaultExpr] = expr.args;
    if (!typeExpr || expr.args.length > 2) throw new TypeError('optional() takes a type and an optional default', expr.range);
    const type = parseType(typeExpr, evaluateDefault);
    return defaultExpr ? { type, optional: true, default: evaluateDefault(defaultExpr) } : { type, optional: true };
  }
  return { type: parseType(expr, evaluateDefault), optional: false };
}

export function describeType(type: TypeConstraint): string {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind}(${describeType(type.element)})`;
    case 'tuple':
      return `tuple([${type.elements.map(describeType).join(', ')}])`;
    case 'object':
      return `object({${Object.keys(type.attributes).join(', ')}})`;
    default:
      return type.kind;
  }
}

const at = (path: string): string => (path ? ` at ${path}` : '');

/**
 * Converts a value to a type as Terraform does for variables; throws TypeError saying where the
 * value does not fit. Unknown values pass through: their type is checked at apply.
 */
export function convert(value: Value, type: TypeConstraint, path = ''): Value {
  if (isUnknown(value) || value === null || type.kind === 'any') return value;
  switch (type.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      throw new TypeError(`a string is required${at(path)}, got ${kindOf(value)}`);
    case 'number':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) return Number(value);
      throw new TypeError(`a number is required${at(path)}, got ${kindOf(value)}`);
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw new TypeError(`a bool is required${at(path)}, got ${kindOf(value)}`);
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) throw new TypeError(`a ${type.kind} is required${at(path)}, got ${kindOf(value)}`);
      const items = value.map((item, i) => convert(item, type.element, `${path}[${i}]`));
      return type.kind === 'set' ? toSet(items) : items;
    }
    case 'tuple': {
      if (!Array.isArray(value)) throw new TypeError(`a tuple is required${at(path)}, got ${kindOf(value)}`);
      if (value.length !== type.elements.length) {
        throw new TypeError(`a tuple of ${type.elements.length} elements is required${at(path)}, got ${value.length}`);
      }
      return value.map((item, i) => convert(item, type.elements[i]!, `${path}[${i}]`));
    }
    case 'map': {
      if (!isValueObject(value)) throw new TypeError(`a map is required${at(path)}, got ${kindOf(value)}`);
      const out: ValueObject = {};
      for (const key of Object.keys(value)) out[key] = convert(value[key]!, type.element, `${path}["${key}"]`);
      return keepMark(value, out);
    }
    case 'object': {
      if (!isValueObject(value)) throw new TypeError(`an object is required${at(path)}, got ${kindOf(value)}`);
      const out: ValueObject = {};
      for (const [name, attribute] of Object.entries(type.attributes)) {
        const given = Object.prototype.hasOwnProperty.call(value, name) ? value[name]! : undefined;
        if (given === undefined || given === null) {
          if (!attribute.optional && given === undefined) {
            throw new TypeError(`attribute "${name}" is required${at(path)}`);
          }
          out[name] = attribute.default === undefined ? null : convert(attribute.default, attribute.type, `${path}.${name}`);
          continue;
        }
        out[name] = convert(given, attribute.type, `${path}.${name}`);
      }
      return keepMark(value, out);
    }
  }
}

/** A resource object passed as a variable stays linked to its resource. */
function keepMark(from: ValueObject, to: ValueObject): ValueObject {
  const address = (from as { [RESOURCE_ADDRESS]?: string })[RESOURCE_ADDRESS];
  if (address !== undefined) Object.defineProperty(to, RESOURCE_ADDRESS, { value: address, enumerable: false });
  return to;
}

function kindOf(value: Value): string {
  if (Array.isArray(value)) return 'a list';
  if (isValueObject(value)) return 'an object';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}` : `${typeof value} ${String(value)}`;
}

/** Terraform's set order: distinct, strings lexically, numbers numerically, others as given. */
function toSet(items: Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const item of items) {
    const key = JSON.stringify(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  if (out.every((v) => typeof v === 'string')) return (out as string[]).sort();
  if (out.every((v) => typeof v === 'number')) return (out as number[]).sort((a, b) => a - b);
  return out;
}
