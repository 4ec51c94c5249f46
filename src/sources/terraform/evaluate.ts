import type { Expr, Range, TemplatePart } from './ast.js';
import { findUnknown, isUnknown, isValueObject, setOwn, unknown, Unknown, type Value, type ValueObject } from '../../model/value.js';
import { FUNCTIONS, FunctionError, numberToString, valuesEqual, type FunctionContext } from './functions/index.js';
import { holeMarker, templateWithHoles } from './template-json.js';
import { isSensitiveScalar } from './secrets.js';

/**
 * Evaluates HCL expressions to model values the way Terraform would before apply. What only
 * apply can know becomes `Unknown`, and unknowns propagate exactly as far as the result depends
 * on them: `true || unknown` is true, `length([unknown])` is 1.
 */

/** A Terraform error in an expression: the value cannot exist, as `terraform plan` would say. */
export class EvalError extends Error {
  constructor(
    message: string,
    readonly range: Range,
  ) {
    super(message);
  }
}

/** Marks objects that stand for a resource instance: a missing attribute is known only after apply. */
export const RESOURCE_ADDRESS = Symbol('vigil.resourceAddress');

export type ResourceObject = ValueObject & { [RESOURCE_ADDRESS]?: string };

export function markResource(object: ValueObject, address: string): ResourceObject {
  Object.defineProperty(object, RESOURCE_ADDRESS, { value: address, enumerable: false });
  return object as ResourceObject;
}

export interface Scope {
  /** Resolves a root name (`var`, `local`, `aws_s3_bucket`, `each`, ...); undefined if it is not defined. */
  resolveRoot(name: string, range: Range): Value | undefined;
  /**
   * Resolves `root.name` lazily, for roots whose members are evaluated on demand (locals,
   * resources, modules). Undefined when the root is not lazy.
   */
  resolveMember?(root: string, member: string, range: Range): Value | undefined;
  functions: FunctionContext;
  /** Where sensitivity is carried: what a function, index or condition makes of a sensitive value is sensitive too. */
  secrets?: SensitivityTracker;
}

export interface SensitivityTracker {
  /** Marks `result` sensitive when any of `inputs` is; returns what to evaluate with (numbers and booleans hidden). */
  derive(inputs: readonly Value[], result: Value): Value;
}

/** Scope with extra names bound, for `for` expressions, dynamic blocks and template loops. */
export function extendScope(scope: Scope, bindings: Record<string, Value>): Scope {
  return {
    resolveRoot: (name, range) => (name in bindings ? bindings[name] : scope.resolveRoot(name, range)),
    resolveMember: (root, member, range) =>
      root in bindings ? undefined : scope.resolveMember?.(root, member, range),
    functions: scope.functions,
    ...(scope.secrets ? { secrets: scope.secrets } : {}),
  };
}

export function evaluate(expr: Expr, scope: Scope): Value {
  return new Evaluator(scope).eval(expr, undefined);
}

const typeName = (value: Value): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isUnknown(value)) return 'unknown';
  return typeof value === 'object' ? 'object' : typeof value;
};

/** Terraform's automatic conversions to string, for templates and `+` on strings. */
export function toTemplateString(value: Value, range: Range): string | Unknown {
  if (isUnknown(value)) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberToString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) throw new EvalError('cannot include a null value in a string template', range);
  throw new EvalError(`cannot include a ${typeName(value)} in a string template`, range);
}

function toNumber(value: Value, range: Range, what: string): number | Unknown {
  if (isUnknown(value)) return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new EvalError(`${what}: a number is required, got ${typeName(value)}`, range);
}

function toBool(value: Value, range: Range, what: string): boolean | Unknown {
  if (isUnknown(value)) return value;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new EvalError(`${what}: a bool is required, got ${typeName(value)}`, range);
}

/**
 * Terraform's numbers are arbitrary-precision: `1e400` is a 1 and 400 zeros, and `1e308 * 10` is
 * exact. JavaScript's overflow to Infinity would print as "Infinity" in a name; such a number is
 * unknown, with the reason, rather than wrong.
 */
function finite(value: Value): Value {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return unknown(`the number is beyond the ±1.8e308 Vigil computes with (Terraform's numbers have arbitrary precision)`);
  }
  return value;
}

class Evaluator {
  constructor(private readonly scope: Scope) {}

  eval(expr: Expr, anchor: Value | undefined): Value {
    switch (expr.kind) {
      case 'literal':
        return finite(expr.value);
      case 'template':
        return this.template(expr.parts, expr.range, anchor);
      case 'paren':
        return this.eval(expr.expr, anchor);
      case 'anchor':
        return anchor === undefined ? null : anchor;
      case 'variable': {
        const value = this.scope.resolveRoot(expr.name, expr.range);
        if (value === undefined) throw new EvalError(`reference to undeclared name "${expr.name}"`, expr.range);
        return value;
      }
      case 'getattr': {
        if (expr.object.kind === 'variable' && this.scope.resolveMember) {
          const lazy = this.scope.resolveMember(expr.object.name, expr.name, expr.range);
          if (lazy !== undefined) return lazy;
        }
        return this.getAttr(this.eval(expr.object, anchor), expr.name, expr.range);
      }
      case 'index': {
        const key = this.eval(expr.key, anchor);
        const element = this.index(this.eval(expr.object, anchor), key, expr.range);
        // An element chosen by a sensitive key is sensitive, as in Terraform.
        return this.derive([key], element);
      }
      case 'splat':
        return this.splat(expr.source, expr.each, anchor);
      case 'tuple':
        return expr.items.map((item) => this.eval(item, anchor));
      case 'object': {
        const out: ValueObject = {};
        for (const item of expr.items) {
          const key = this.eval(item.key, anchor);
          if (isUnknown(key)) return unknown(`an object key is not known before apply (${key.reason})`);
          const name = toTemplateString(key, item.key.range);
          if (isUnknown(name)) return name;
          setOwn(out, name, this.eval(item.value, anchor));
        }
        return out;
      }
      case 'call':
        return this.call(expr.name, expr.args, expr.expandFinal, expr.range, anchor);
      case 'unary': {
        const operand = this.eval(expr.operand, anchor);
        if (expr.op === '!') {
          const b = toBool(operand, expr.range, 'operand of "!"');
          return isUnknown(b) ? b : !b;
        }
        const n = toNumber(operand, expr.range, 'operand of "-"');
        // `-var.pin` of a sensitive numeric string is sensitive.
        return isUnknown(n) ? n : this.derive([operand], -n);
      }
      case 'binary':
        return finite(this.binary(expr.op, expr.left, expr.right, expr.range, anchor));
      case 'conditional': {
        const condition = toBool(this.eval(expr.condition, anchor), expr.condition.range, 'condition');
        // A condition computed from a secret is hidden, and so is the branch it would choose.
        if (isSensitiveScalar(condition)) return condition;
        if (isUnknown(condition)) return unknown(`depends on a condition not known before apply (${condition.reason})`);
        return this.eval(condition ? expr.then : expr.else, anchor);
      }
      case 'for':
        return this.forExpr(expr, anchor);
      case 'invalid':
        return unknown('the expression could not be parsed');
    }
  }

  private derive(inputs: readonly Value[], result: Value): Value {
    return this.scope.secrets ? this.scope.secrets.derive(inputs, result) : result;
  }

  private getAttr(object: Value, name: string, range: Range): Value {
    if (isUnknown(object)) return object;
    if (object === null) throw new EvalError(`cannot access attribute "${name}" on a null value`, range);
    if (isValueObject(object)) {
      if (Object.prototype.hasOwnProperty.call(object, name)) return object[name]!;
      const address = (object as ResourceObject)[RESOURCE_ADDRESS];
      if (address !== undefined) return unknown(`${address}.${name} is known only after apply`, address);
      throw new EvalError(`this object has no attribute named "${name}"`, range);
    }
    throw new EvalError(`cannot access attribute "${name}" on a ${typeName(object)}`, range);
  }

  private index(object: Value, key: Value, range: Range): Value {
    if (isUnknown(object)) return object;
    if (isUnknown(key)) return isSensitiveScalar(key) ? key : unknown(`the index is not known before apply (${key.reason})`);
    if (Array.isArray(object)) {
      const n = toNumber(key, range, 'index');
      if (isUnknown(n)) return n;
      if (!Number.isInteger(n) || n < 0 || n >= object.length) {
        throw new EvalError(`index ${n} is out of range for a list of ${object.length} elements`, range);
      }
      return object[n]!;
    }
    if (isValueObject(object)) {
      const name = toTemplateString(key, range);
      if (isUnknown(name)) return name;
      if (Object.prototype.hasOwnProperty.call(object, name)) return object[name]!;
      const address = (object as ResourceObject)[RESOURCE_ADDRESS];
      if (address !== undefined) return unknown(`${address}["${name}"] is known only after apply`, address);
      throw new EvalError(`the map has no element with the key "${name}"`, range);
    }
    if (object === null) throw new EvalError('cannot index a null value', range);
    throw new EvalError(`cannot index a ${typeName(object)}`, range);
  }

  private splat(sourceExpr: Expr, each: Expr, anchor: Value | undefined): Value {
    const source = this.eval(sourceExpr, anchor);
    if (isUnknown(source)) return source;
    if (source === null) return [];
    const items = Array.isArray(source) ? source : [source];
    return items.map((item) => this.eval(each, item));
  }

  private call(name: string, argExprs: Expr[], expandFinal: boolean, range: Range, anchor: Value | undefined): Value {
    if (name === 'try') {
      for (const arg of argExprs) {
        try {
          // The first attempt that evaluates without an error is the answer. Unknowns inside it
          // stay where they are (`{ kms_master_key_id = unknown }` keeps its known
          // sse_algorithm), and a wholly unknown attempt is that unknown with its origin, so
          // `try(aws_s3_bucket.this[0].id, "")` in terraform-aws-modules outputs still links.
          const value = this.eval(arg, anchor);
          return value;
        } catch (error) {
          if (!(error instanceof EvalError || error instanceof FunctionError)) throw error;
        }
      }
      throw new EvalError('no argument of try() could be evaluated without an error', range);
    }
    if (name === 'can') {
      try {
        const value = this.eval(argExprs[0]!, anchor);
        // Only a wholly unknown value leaves open whether evaluating it would fail.
        return isUnknown(value) ? unknown(`can() depends on a value not known before apply (${value.reason})`) : true;
      } catch (error) {
        if (!(error instanceof EvalError || error instanceof FunctionError)) throw error;
        return false;
      }
    }
    const fn = FUNCTIONS[name.includes('::') ? name.slice(name.lastIndexOf('::') + 2) : name];
    if (!fn) return unknown(`function "${name}" is not supported by Vigil`);
    let args = argExprs.map((arg) => this.eval(arg, anchor));
    if (expandFinal && args.length > 0) {
      const last = args[args.length - 1]!;
      if (isUnknown(last)) return last;
      if (!Array.isArray(last)) throw new EvalError(`the expanded argument of ${name}() must be a list`, range);
      args = [...args.slice(0, -1), ...last];
    }
    try {
      const result = finite(fn(args, this.scope.functions));
      // As Terraform: the result of a function of a sensitive argument is sensitive.
      return this.derive(args, result);
    } catch (error) {
      if (error instanceof FunctionError) throw new EvalError(`${name}(): ${error.message}`, range);
      throw error;
    }
  }

  private binary(op: string, leftExpr: Expr, rightExpr: Expr, range: Range, anchor: Value | undefined): Value {
    const left = this.eval(leftExpr, anchor);
    if (op === '||' || op === '&&') {
      const l = toBool(left, leftExpr.range, `left operand of "${op}"`);
      if (l === true && op === '||') return true;
      if (l === false && op === '&&') return false;
      const r = toBool(this.eval(rightExpr, anchor), rightExpr.range, `right operand of "${op}"`);
      if (r === true && op === '||') return true;
      if (r === false && op === '&&') return false;
      if (isUnknown(l)) return l;
      if (isUnknown(r)) return r;
      return op === '||' ? l || r : l && r;
    }
    const right = this.eval(rightExpr, anchor);
    // As Terraform: comparing or computing with a sensitive value gives a sensitive result.
    return this.derive([left, right], this.arithmetic(op, left, right, leftExpr, rightExpr, range));
  }

  private arithmetic(op: string, left: Value, right: Value, leftExpr: Expr, rightExpr: Expr, range: Range): Value {
    if (op === '==' || op === '!=') {
      const eq = valuesEqual(left, right);
      if (isUnknown(eq)) return eq;
      return op === '==' ? eq : !eq;
    }
    const a = toNumber(left, leftExpr.range, `left operand of "${op}"`);
    const b = toNumber(right, rightExpr.range, `right operand of "${op}"`);
    if (isUnknown(a)) return a;
    if (isUnknown(b)) return b;
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (b === 0) throw new EvalError('division by zero', range);
        return a / b;
      case '%':
        if (b === 0) throw new EvalError('modulo by zero', range);
        return a % b;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      default:
        throw new EvalError(`unsupported operator "${op}"`, range);
    }
  }

  private forExpr(expr: Extract<Expr, { kind: 'for' }>, anchor: Value | undefined): Value {
    const collection = this.eval(expr.collection, anchor);
    if (isUnknown(collection)) return unknown(`the for expression iterates over a value not known before apply (${collection.reason})`);
    if (collection === null) throw new EvalError('cannot iterate over a null value', expr.collection.range);
    const entries: Array<[Value, Value]> = Array.isArray(collection)
      ? collection.map((v, i) => [i, v])
      : isValueObject(collection)
        ? Object.keys(collection).map((k) => [k, collection[k]!])
        : [];
    if (!Array.isArray(collection) && !isValueObject(collection)) {
      throw new EvalError(`cannot iterate over a ${typeName(collection)}`, expr.collection.range);
    }
    const outList: Value[] = [];
    const outObject: ValueObject = {};
    for (const [key, value] of entries) {
      const bindings: Record<string, Value> = { [expr.valueVar]: value };
      if (expr.keyVar) bindings[expr.keyVar] = key;
      const inner = new Evaluator(extendScope(this.scope, bindings));
      if (expr.condition) {
        const keep = toBool(inner.eval(expr.condition, anchor), expr.condition.range, 'for expression condition');
        if (isSensitiveScalar(keep)) return keep;
        if (isUnknown(keep)) return unknown(`the for expression filters on a value not known before apply (${keep.reason})`);
        if (!keep) continue;
      }
      const item = inner.eval(expr.valueExpr, anchor);
      if (!expr.keyExpr) {
        outList.push(item);
        continue;
      }
      const keyValue = inner.eval(expr.keyExpr, anchor);
      if (isUnknown(keyValue)) return unknown(`a key of the for expression is not known before apply (${keyValue.reason})`);
      const name = toTemplateString(keyValue, expr.keyExpr.range);
      if (isUnknown(name)) return name;
      if (expr.grouping) {
        const group = (outObject[name] ??= []) as Value[];
        group.push(item);
      } else {
        if (Object.prototype.hasOwnProperty.call(outObject, name)) throw new EvalError(`duplicate key "${name}" in the for expression (use "..." to group)`, expr.range);
        setOwn(outObject, name, item);
      }
    }
    return expr.keyExpr ? outObject : outList;
  }

  private template(parts: TemplatePart[], range: Range, anchor: Value | undefined): Value {
    // A lone interpolation passes its value through unconverted, as Terraform does.
    if (parts.length === 1 && parts[0]!.kind === 'interpolation') return this.eval(parts[0]!.expr, anchor);
    const holes: Unknown[] = [];
    const text = this.renderParts(parts, range, anchor, holes);
    if (isUnknown(text) || holes.length === 0) return text;
    return templateWithHoles(text, holes);
  }

  /**
   * Renders a template. With `holes`, an unknown interpolation is collected there and written as
   * a marker, so the caller can keep the known structure of a JSON document around it.
   */
  private renderParts(parts: TemplatePart[], range: Range, anchor: Value | undefined, holes?: Unknown[]): string | Unknown {
    let out = '';
    for (const part of parts) {
      let piece: string | Unknown;
      switch (part.kind) {
        case 'text':
          piece = part.value;
          break;
        case 'interpolation':
          piece = toTemplateString(this.eval(part.expr, anchor), part.expr.range);
          if (isUnknown(piece) && holes) piece = holeMarker(holes.push(piece) - 1);
          break;
        case 'if': {
          const condition = toBool(this.eval(part.condition, anchor), part.condition.range, 'template condition');
          piece = isUnknown(condition) ? condition : this.renderParts(condition ? part.then : part.else, range, anchor);
          break;
        }
        case 'for': {
          const collection = this.eval(part.collection, anchor);
          if (isUnknown(collection)) {
            piece = collection;
            break;
          }
          const entries: Array<[Value, Value]> = Array.isArray(collection)
            ? collection.map((v, i) => [i, v])
            : isValueObject(collection)
              ? Object.keys(collection).map((k) => [k, collection[k]!])
              : [];
          piece = '';
          for (const [key, value] of entries) {
            const bindings: Record<string, Value> = { [part.valueVar]: value };
            if (part.keyVar) bindings[part.keyVar] = key;
            const rendered = new Evaluator(extendScope(this.scope, bindings)).renderParts(part.body, range, anchor);
            if (isUnknown(rendered)) {
              piece = rendered;
              break;
            }
            piece += rendered;
          }
          break;
        }
      }
      if (isUnknown(piece)) return unknown(`part of the string is not known before apply (${piece.reason})`, piece.origin);
      out += piece;
    }
    return out;
  }
}
