import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultCacheDir } from '../pipeline/cache-dir.js';
import { loadCatalogue, SEVERITIES, type Catalogue, type Severity } from '../engine/catalogue.js';
import { FORMAT_NAMES, type FormatName } from '../report/formats.js';
import { UsageError } from './io.js';
import { builtInRules, precompiledCatalogueFile } from './package.js';

export { builtInRules, packageRoot, precompiledCatalogueFile, toolVersion } from './package.js';

/** Argument parsing shared by the commands: each turns a bad value into one clear UsageError. */

export const FAIL_ON = [...SEVERITIES.filter((s) => s !== 'info'), 'none'] as const;

/** Flattens repeated and comma-separated values: `--x a,b --x c` → [a, b, c]. */
export function splitList(values: string[] | string | undefined): string[] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return list.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

/**
 * A whole number in a range, from an option read as text: `0.5`, `1e3`, `0x10`, `-1`, an empty
 * value or a repeated flag are each an error naming the flag, never rounded or taken as a default.
 * `words` are the other values the option takes (the caller handles them), named in the message.
 */
export function integerOption(name: string, raw: unknown, range: { min: number; max: number }, fallback: number, words: readonly string[] = []): number {
  if (raw === undefined) return fallback;
  const text = Array.isArray(raw) ? undefined : String(raw).trim();
  if (Array.isArray(raw)) throw new UsageError(`--${name} is given more than once`);
  if (!text || !/^\d+$/.test(text) || Number(text) < range.min || Number(text) > range.max) {
    const or = words.length > 0 ? ` or ${words.join(', ')}` : '';
    throw new UsageError(`--${name} must be a whole number from ${range.min} to ${range.max}${or}, not ${JSON.stringify(text ?? '')}`);
  }
  return Number(text);
}

export function parseFormats(raw: string[] | string | undefined): FormatName[] {
  const formats = splitList(raw);
  if (formats.length === 0) return ['console'];
  for (const format of formats) {
    if (!(FORMAT_NAMES as string[]).includes(format)) {
      throw new UsageError(`unknown --format "${format}": choose from ${FORMAT_NAMES.join(', ')}`);
    }
  }
  return [...new Set(formats)] as FormatName[];
}

export function parseFailOn(raw: string | undefined): Severity | 'none' {
  const value = raw ?? 'low';
  if (!(FAIL_ON as readonly string[]).includes(value)) throw new UsageError(`unknown --fail-on "${value}": choose from ${FAIL_ON.join(', ')}`);
  return value as Severity | 'none';
}

/**
 * The built-in catalogue plus the user's own rule folders (`--rules`). Like the launcher's code
 * cache, the record of the built-in files as last hashed lives in the default cache folder, one
 * per installed copy, whatever `--cache-dir` and `--no-cache` say of the scan's cache.
 */
export async function loadRules(extra: string[] | undefined, io: { cwd: string; env: Record<string, string | undefined> }): Promise<Catalogue> {
  const given = splitList(extra);
  const dirs = given.map((dir) => resolve(io.cwd, dir));
  for (const [i, dir] of dirs.entries()) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--rules folder not found: ${given[i]}`);
  }
  const cache = defaultCacheDir(io.env);
  const stampRecord = cache && join(cache, 'catalogue', `${createHash('sha256').update(builtInRules).digest('hex').slice(0, 24)}.json`);
  return loadCatalogue([builtInRules, ...dirs], { precompiled: precompiledCatalogueFile, ...(stampRecord ? { stampRecord } : {}) });
}

/** Framework IDs from `--framework`, checked against the catalogue. */
export function parseFrameworks(raw: string[] | string | undefined, catalogue: Catalogue): string[] {
  const ids = splitList(raw);
  for (const id of ids) {
    if (!catalogue.frameworks.some((f) => f.id === id)) {
      throw new UsageError(`unknown --framework "${id}": choose from ${catalogue.frameworks.map((f) => f.id).join(', ')}`);
    }
  }
  return ids;
}
