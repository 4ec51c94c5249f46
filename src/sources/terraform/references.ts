import type { Expr } from './ast.js';
import { evaluate, EvalError, RESOURCE_ADDRESS, type ResourceObject, type Scope } from './evaluate.js';
import { FunctionError } from './functions/index.js';
import { isUnknown, isValueObject, type Value } from '../../model/value.js';

/**
 * Helpers to link a companion to its parent by the reference written in the code
 * (`bucket = aws_s3_bucket.phi.bucket`), whatever the referenced attribute's value is: the
 * evaluator follows the expression through locals, module outputs and variables with these.
 */

/** How an argument names another resource (see ModuleOptions.linkArguments). */
export interface ArgumentReference {
  /** The expression as written, for messages: `var.app_sg_id`, `module.vpc.default_security_group_id`. */
  written: string;
  /** The managed resource instance it refers to, when it refers to one. */
  address?: string;
}

/** Locals, module outputs and variables followed at most this deep: a chain that deep is not a link. */
export const MAX_REFERENCE_DEPTH = 64;

const WRITTEN_LIMIT = 120;

/** `aws_s3_bucket.b["x"].id`, `var.app_sg_id`, `"sg-0123"`: an expression as written, shortened. */
export function writtenText(expr: Expr): string {
  const text = render(expr, 0);
  return text.length > WRITTEN_LIMIT ? `${text.slice(0, WRITTEN_LIMIT - 1)}…` : text;
}

function render(expr: Expr, depth: number): string {
  if (depth > 16) return '…';
  switch (expr.kind) {
    case 'variable':
      return expr.name;
    case 'getattr':
      return `${render(expr.object, depth + 1)}.${expr.name}`;
    case 'index':
      return `${render(expr.object, depth + 1)}[${expr.key.kind === 'literal' ? JSON.stringify(expr.key.value) : render(expr.key, depth + 1)}]`;
    case 'splat':
      return `${render(expr.source, depth + 1)}[*]`;
    case 'literal':
      return JSON.stringify(expr.value);
    case 'paren':
      return `(${render(expr.expr, depth + 1)})`;
    case 'call':
      return `${expr.name}(…)`;
    case 'conditional':
      return `${render(expr.condition, depth + 1)} ? ${render(expr.then, depth + 1)} : ${render(expr.else, depth + 1)}`;
    case 'template': {
      const [only] = expr.parts;
      if (expr.parts.length === 1 && only!.kind === 'interpolation') return render(only.expr, depth + 1);
      if (expr.parts.every((part) => part.kind === 'text')) return JSON.stringify(expr.parts.map((part) => (part as { value: string }).value).join(''));
      return `a string template at line ${expr.range.start.line}`;
    }
    default:
      return `an expression at line ${expr.range.start.line}`;
  }
}

/** Evaluates without reporting: an expression that fails here already failed, reported, as an argument. */
export function quietEvaluate(expr: Expr, scope: Scope): Value | undefined {
  try {
    return evaluate(expr, scope);
  } catch (error) {
    if (error instanceof EvalError || error instanceof FunctionError || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The address of the managed resource instance a value stands for (data sources are not parents). */
export function managedAddressOf(value: Value | undefined): string | undefined {
  if (!isValueObject(value ?? null)) return undefined;
  const address = (value as ResourceObject)[RESOURCE_ADDRESS];
  return address === undefined || isDataAddress(address) ? undefined : address;
}

/** An unknown standing for all instances of a resource whose count or for_each is unknown. */
export function unexpandedAddressOf(value: Value | undefined): string | undefined {
  return isUnknown(value) && value.origin !== undefined && !isDataAddress(value.origin) ? value.origin : undefined;
}

function isDataAddress(address: string): boolean {
  return /^(module\.[^.[]+(\[[^\]]*\])?\.)*data\./.test(address);
}

/** The name a traversal starts from: `aws_s3_bucket` of `aws_s3_bucket.b[each.key]`. */
export function rootName(expr: Expr): string | undefined {
  let current = expr;
  for (let depth = 0; depth < 64; depth++) {
    if (current.kind === 'variable') return current.name;
    if (current.kind === 'getattr' || current.kind === 'index') current = current.object;
    else return undefined;
  }
  return undefined;
}
