import { createHash } from 'node:crypto';
import type { Resource } from '../../model/resource.js';
import type { ScanProblem } from '../../model/problem.js';
import type { NotInventoried } from '../../model/inventory.js';
import { reviveValue, type ValueObject } from '../../model/value.js';
import type { AwsScanMeta, AwsScanResult } from './index.js';

/**
 * The evidence snapshot: the normalized inventory, the raw API answers it was built from (each
 * with account, region, call and time) and a SHA-256 over all of it, so an auditor can show the
 * file is what the scan produced. Reading it back gives the same resources, so any rule set
 * evaluates it offline with the same results. Pure functions: the CLI does the file I/O.
 */

export const SNAPSHOT_FORMAT = 'vigil-aws-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotBody {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  createdAt: string;
  tool: { name: 'vigil'; version: string };
  meta: AwsScanMeta;
  resources: Resource[];
  /** The scopes whose listings failed; absent in snapshots written before Vigil kept them. */
  notInventoried?: NotInventoried[];
  problems: ScanProblem[];
  raw: AwsScanResult['raw'];
}

export interface LoadedSnapshot {
  createdAt: string;
  /** The Vigil version that wrote it. */
  toolVersion?: string;
  meta: AwsScanMeta;
  resources: Resource[];
  notInventoried: NotInventoried[];
  problems: ScanProblem[];
  sha256: string;
  /** The raw API answers, to check the resources against (empty in a snapshot written without them). */
  raw: AwsScanResult['raw'];
}

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

/** Binary answers (the credential report) are kept as base64 so the file stays JSON. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  return value;
}

const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The drift join's link to a Terraform block is added to live resources after collection: not evidence of the account. */
function withoutCodeLink(resource: Resource): Resource {
  if (resource.provenance.source !== 'aws' || resource.provenance.code === undefined) return resource;
  const { code: _code, ...provenance } = resource.provenance;
  return { ...resource, provenance };
}

export function serializeSnapshot(result: AwsScanResult, toolVersion: string, createdAt: Date): string {
  const body: SnapshotBody = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    createdAt: createdAt.toISOString(),
    tool: { name: 'vigil', version: toolVersion },
    meta: result.meta,
    resources: result.resources.map(withoutCodeLink),
    notInventoried: result.notInventoried,
    problems: result.problems,
    raw: result.raw,
  };
  // The hash covers the body exactly as written; it is added last, as its own field.
  const text = JSON.stringify(body, replacer);
  const sha256 = digest(text);
  return `${text.slice(0, -1)},"sha256":"${sha256}"}\n`;
}

export function parseSnapshot(text: string): LoadedSnapshot {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new SnapshotError(`not a JSON file: ${(error as Error).message}`);
  }
  if (parsed.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`not a Vigil AWS snapshot (format is ${JSON.stringify(parsed.format)})`);
  if (parsed.version !== SNAPSHOT_VERSION) throw new SnapshotError(`snapshot version ${String(parsed.version)} is not supported; this Vigil reads version ${SNAPSHOT_VERSION}`);
  const { sha256, ...body } = parsed;
  if (typeof sha256 !== 'string') throw new SnapshotError('the snapshot has no sha256');
  const actual = digest(JSON.stringify(body));
  if (actual !== sha256) throw new SnapshotError(`the snapshot was changed after it was written: its sha256 is ${actual}, the file says ${sha256}`);
  const b = body as unknown as SnapshotBody;
  return {
    createdAt: b.createdAt,
    ...(typeof b.tool?.version === 'string' ? { toolVersion: b.tool.version } : {}),
    // Snapshots written before collection windows were kept: the span of their answers' times.
    meta: b.meta.collection ? b.meta : { ...b.meta, collection: collectionFromAnswers(b.raw ?? []) },
    // Unknowns were written as {"$unknown": reason}; reviving them keeps them unknown offline.
    resources: b.resources.map((r) => ({ ...r, attributes: reviveValue(r.attributes) as ValueObject })),
    notInventoried: b.notInventoried ?? [],
    problems: b.problems,
    sha256,
    raw: b.raw ?? [],
  };
}

/** Per account and region, the first and last time an answer was read. */
export function collectionFromAnswers(raw: ReadonlyArray<{ account: string; region: string; at: string }>): NonNullable<AwsScanMeta['collection']> {
  const windows = new Map<string, { account: string; region: string; startedAt: string; finishedAt: string }>();
  for (const answer of raw) {
    if (answer.account === 'caller') continue; // the scan's own identity calls, not an account's evidence
    const key = `${answer.account}|${answer.region}`;
    const window = windows.get(key);
    if (!window) windows.set(key, { account: answer.account, region: answer.region, startedAt: answer.at, finishedAt: answer.at });
    else {
      if (answer.at < window.startedAt) window.startedAt = answer.at;
      if (answer.at > window.finishedAt) window.finishedAt = answer.at;
    }
  }
  return [...windows.values()].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
}
