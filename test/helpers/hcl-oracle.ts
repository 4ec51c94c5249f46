import hcl2 from 'hcl2-parser';
import type { Body, Expr } from '../../src/sources/terraform/ast.js';

/**
 * Compares Vigil's parse of a file with hcl2-parser's, the test oracle. Only literal structure is
 * compared: hcl2-parser renders every non-literal expression as a "${...}" string in its own
 * formatting, so a non-literal expression of ours matches any string there.
 */

export const NON_LITERAL = Symbol('non-literal');
type Shape = null | boolean | number | string | Shape[] | { [key: string]: Shape } | typeof NON_LITERAL;

function exprShape(expr: Expr): Shape {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'tuple': {
      return expr.items.map(exprShape);
    }
    case 'object': {
      const out: Record<string, Shape> = {};
      for (const item of expr.items) {
        if (item.key.kind !== 'literal' || typeof item.key.value !== 'string') return NON_LITERAL;
        out[item.key.value] = exprShape(item.value);
      }
      return out;
    }
    default:
      return NON_LITERAL;
  }
}

export function bodyShape(body: Body): Record<string, Shape> {
  const out: Record<string, Shape> = {};
  for (const attr of body.attributes) out[attr.name] = exprShape(attr.expr);
  for (const block of body.blocks) {
    let container = out as Record<string, Shape>;
    const path = [block.type, ...block.labels];
    for (let i = 0; i < path.length - 1; i++) {
      container[path[i]!] ??= {};
      container = container[path[i]!] as Record<string, Shape>;
    }
    const last = path[path.length - 1]!;
    const list = (container[last] ??= []) as Shape[];
    list.push(bodyShape(block.body));
  }
  return out;
}

export function oracleShape(source: string): unknown {
  const [value, error] = hcl2.parseToObject(source) as [unknown, unknown];
  if (value === null) throw new Error(`hcl2-parser rejected the source: ${JSON.stringify(error)}`);
  return value;
}

/** Differences between our shape and the oracle's, as readable paths; empty when they agree. */
export function compareShapes(ours: unknown, theirs: unknown, path = ''): string[] {
  if (ours === NON_LITERAL) return typeof theirs === 'string' || theirs === undefined ? [] : [`${path}: ours is an expression, oracle has ${JSON.stringify(theirs)}`];
  if (Array.isArray(ours)) {
    if (!Array.isArray(theirs) || theirs.length !== ours.length) return [`${path}: list length differs (${JSON.stringify(theirs)?.slice(0, 80)})`];
    return ours.flatMap((item, i) => compareShapes(item, theirs[i], `${path}[${i}]`));
  }
  if (ours !== null && typeof ours === 'object') {
    if (theirs === null || typeof theirs !== 'object' || Array.isArray(theirs)) return [`${path}: object expected`];
    const keys = new Set([...Object.keys(ours), ...Object.keys(theirs as object)]);
    return [...keys].flatMap((key) =>
      compareShapes((ours as Record<string, unknown>)[key], (theirs as Record<string, unknown>)[key], `${path}.${key}`),
    );
  }
  return ours === theirs ? [] : [`${path}: ours ${JSON.stringify(ours)}, oracle ${JSON.stringify(theirs)}`];
}
