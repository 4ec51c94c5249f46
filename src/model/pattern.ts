import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import { inBundle } from '../install-paths.js';

/**
 * Regular expressions that come from input (Terraform's `regex`, `regexall` and `replace`, a rule's
 * `matches`) run on RE2, Terraform's own engine, through re2js, a pure-JavaScript port: matching
 * takes time linear in the text whatever the pattern, so `(a+)+$` cannot stall a scan the way
 * JavaScript's backtracking engine does. Patterns RE2 refuses (look-around, back-references) are
 * a PatternError, never run on another engine.
 */

export class PatternError extends Error {
  override name = 'PatternError';
}

export interface Pattern {
  re: RE2JS;
  groupCount: number;
  /** Capture group names in the order of their groups. */
  names: string[];
}

export interface PatternMatch {
  index: number;
  end: number;
  text: string;
  /** Groups 1..n; null when a group did not take part. */
  groups: Array<string | null>;
  named: Record<string, string | null>;
}

const CACHE_LIMIT = 1000;
// re2js is 190 KB of code, loaded when the first pattern is compiled: most scans compile none.
let engine: typeof RE2JS | undefined;
const re2 = (): typeof RE2JS => (engine ??= ((inBundle ? require('re2js') : createRequire(import.meta.url)('re2js')) as { RE2JS: typeof RE2JS }).RE2JS);
const cache = new Map<string, Pattern>();

/** Compiles an RE2 pattern; a PatternError with RE2's reason when it is not valid RE2. */
export function compilePattern(source: string): Pattern {
  let compiled = cache.get(source);
  if (!compiled) {
    let re: RE2JS;
    try {
      re = re2().compile(source);
    } catch (error) {
      throw new PatternError((error as Error).message.replace(/^error parsing regexp: /, ''));
    }
    const named = re.namedGroups();
    const names = Object.keys(named).sort((a, b) => named[a]! - named[b]!);
    compiled = { re, groupCount: re.groupCount(), names };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(source, compiled);
  }
  return compiled;
}

/** Whether the pattern matches anywhere in the text (unanchored, as JavaScript's `test`). */
export function patternTest(pattern: Pattern, text: string): boolean {
  return pattern.re.test(text);
}

/**
 * All matches, as Go enumerates them: after an empty match the search moves on one character,
 * and an empty match right where the previous match ended is skipped. `limit` stops early.
 */
export function findAll(pattern: Pattern, text: string, limit = Infinity): PatternMatch[] {
  const out: PatternMatch[] = [];
  const matcher = pattern.re.matcher(text);
  let pos = 0;
  let previousEnd = -1;
  while (pos <= text.length && out.length < limit) {
    if (!matcher.find(pos)) break;
    const index = matcher.start();
    const end = matcher.end();
    let accept = true;
    if (end === pos) {
      if (index === previousEnd) accept = false;
      pos += pos < text.length && text.codePointAt(pos)! > 0xffff ? 2 : 1;
    } else {
      pos = end;
    }
    previousEnd = end;
    if (accept) {
      const groups: Array<string | null> = [];
      for (let g = 1; g <= pattern.groupCount; g++) groups.push(matcher.group(g));
      const named: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
      for (const name of pattern.names) named[name] = matcher.group(name);
      out.push({ index, end, text: text.slice(index, end), groups, named });
    }
  }
  return out;
}
