import { unknown, type Unknown, type Value, type ValueObject } from '../../model/value.js';
import { jsonencode } from './functions/encoding.js';

/**
 * A string template whose unknown interpolations sit only inside the JSON strings it writes (a
 * heredoc policy with `"Resource": "${aws_s3_bucket.logs.arn}/*"`) keeps its known structure, as
 * jsonencode already does: the result is an unknown string that carries the parsed document, so
 * policy facts are read from the known parts. An unknown anywhere else (a key, a number, a bare
 * value) leaves the whole string unknown, as before.
 */

const OPEN = '\uE000';
const CLOSE = '\uE001';
const HOLE = /\uE000(\d+)\uE001/g;

/** The text standing for the index-th unknown interpolation while the template is rendered. */
export function holeMarker(index: number): string {
  return `${OPEN}${index}${CLOSE}`;
}

/** The value of a template rendered with hole markers for its unknown interpolations. */
export function templateWithHoles(text: string, holes: Unknown[]): Value {
  const first = holes[0]!;
  const whole = unknown(`part of the string is not known before apply (${first.reason})`, first.origin);
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return whole;
  // Known text that itself holds a marker character cannot be told apart from a hole.
  if (text.replace(HOLE, '').includes(OPEN) || text.replace(HOLE, '').includes(CLOSE)) return whole;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return whole;
  }
  const filled = fill(parsed, holes);
  if (filled === undefined) return whole;
  return jsonencode(filled);
}

/** The parsed document with each string holding a hole made unknown; undefined when a key holds one. */
function fill(data: unknown, holes: Unknown[]): Value | undefined {
  if (typeof data === 'string') {
    const matches = [...data.matchAll(HOLE)];
    if (matches.length === 0) return data;
    const hole = holes[Number(matches[0]![1])]!;
    // A string that is only the interpolation is that value, origin and all.
    if (matches.length === 1 && matches[0]![0] === data) return hole;
    return unknown(`part of the string is not known before apply (${hole.reason})`, hole.origin);
  }
  if (data === null || typeof data === 'boolean' || typeof data === 'number') return data;
  if (Array.isArray(data)) {
    const out: Value[] = [];
    for (const item of data) {
      const value = fill(item, holes);
      if (value === undefined) return undefined;
      out.push(value);
    }
    return out;
  }
  if (typeof data === 'object') {
    const out: ValueObject = {};
    for (const [key, item] of Object.entries(data as Record<string, unknown>)) {
      if (key.includes(OPEN)) return undefined;
      const value = fill(item, holes);
      if (value === undefined) return undefined;
      out[key] = value;
    }
    return out;
  }
  return undefined;
}
