import { legacyFingerprint, type BaselineEntry, type Comparison, type ReportDocument, type ReportResult } from '../report/document.js';

/**
 * Comparing a scan with a reference set of failing results — a baseline file, or the merge base
 * of a branch — by fingerprint (rule, resource, offending attribute; never line numbers). Results
 * already in the reference are marked `existing` and do not fail the gate; reference entries that
 * no longer fail are listed as fixed.
 */

/**
 * 1.1: Terraform fingerprints hold the root module folder (`rule|root|address|...`). A 1.0 file's
 * entries (`rule|address|...`) still match, each the address in every root, as 1.0 matched them.
 */
export const BASELINE_SCHEMA_VERSION = '1.1';

export interface BaselineFile {
  schemaVersion: string;
  createdAt: string;
  tool: { name: string; version: string };
  entries: BaselineEntry[];
}

/** Results that count as failing for baselines: fail, and unknown is not a failure. */
const failing = (r: ReportResult): boolean => r.status === 'fail';

export function entryOf(result: ReportResult): BaselineEntry {
  return {
    fingerprint: result.fingerprint,
    rule: result.rule.id,
    resource: result.resource.address ?? result.resource.arn ?? result.resource.name,
    message: result.message,
    ...(result.resource.root !== undefined ? { root: result.resource.root } : {}),
  };
}

export function createBaseline(document: ReportDocument, now: Date): BaselineFile {
  const entries = document.results.filter(failing).map(entryOf);
  const unique = [...new Map(entries.map((e) => [e.fingerprint, e])).values()];
  unique.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
  return { schemaVersion: BASELINE_SCHEMA_VERSION, createdAt: now.toISOString(), tool: document.tool, entries: unique };
}

/** Marks each failing result new or existing against the reference, and lists what was fixed. */
export function compareWith(
  document: ReportDocument,
  reference: BaselineEntry[],
  kind: Comparison['kind'],
  referenceName: string,
): ReportDocument {
  const known = new Set(reference.filter((e) => !e.legacy).map((e) => e.fingerprint));
  // Entries written before fingerprints held the root match the address in any root.
  const legacy = new Set(reference.filter((e) => e.legacy).map((e) => e.fingerprint));
  const seen = new Set<string>();
  let fresh = 0;
  let existing = 0;
  const results = document.results.map((result) => {
    if (!failing(result)) return result;
    seen.add(result.fingerprint);
    const old = legacy.size > 0 ? (legacyFingerprint(result) ?? result.fingerprint) : undefined;
    if (old !== undefined) seen.add(old);
    if (known.has(result.fingerprint) || (old !== undefined && legacy.has(old))) {
      existing++;
      return { ...result, baseline: 'existing' as const };
    }
    fresh++;
    return { ...result, baseline: 'new' as const };
  });
  const fixed = reference.filter((entry) => !seen.has(entry.fingerprint)).map(({ legacy: _, ...entry }) => entry);
  const comparison: Comparison = { kind, reference: referenceName, new: fresh, existing, fixed };
  if (legacy.size > 0) comparison.legacyEntries = legacy.size;
  return { ...document, results, comparison };
}

/** Reads a baseline file's entries; throws with a clear message when it is not one. */
export function parseBaseline(text: string, file: string): BaselineEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const entries = (raw as Partial<BaselineFile>).entries;
  if (!Array.isArray(entries) || entries.some((e) => typeof (e as BaselineEntry)?.fingerprint !== 'string')) {
    throw new Error(`${file}: not a Vigil baseline (expected "entries" with a "fingerprint" each; create one with "vigil baseline create")`);
  }
  // Before 1.1 a Terraform fingerprint did not hold the root: such entries match in every root.
  const version = (raw as Partial<BaselineFile>).schemaVersion;
  if (version === undefined || version === '1.0') return (entries as BaselineEntry[]).map((entry) => ({ ...entry, legacy: true }));
  return entries as BaselineEntry[];
}
