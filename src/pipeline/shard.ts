import { createHash } from 'node:crypto';

/**
 * Shards: a deterministic, balanced part of a scan's work, for a job engine the user already has
 * (a CI matrix, a Kubernetes Indexed Job, an AWS Batch array). Every shard computes the same
 * partition from the same list of items, so no shard needs to talk to another, and `vigil merge`
 * puts their reports back together.
 */

/** Shard `index` (1-based) of `count`, of the run `runId`. */
export interface ShardSpec {
  index: number;
  count: number;
  runId: string;
  /** Where the index came from when it was read from a job engine's variables (`JOB_COMPLETION_INDEX`). */
  from?: string;
}

/** One unit of work: a Terraform root folder or plan file by its displayed path, an account by ID. */
export interface ShardItem {
  key: string;
  /** Bytes of a Terraform root's own files; 1 for an account. */
  weight: number;
}

/** A stable hash of an item's key: the same on every machine, whatever the order items were found in. */
function stableHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The shard (1-based) of every item, for `count` shards: heaviest first, each to the shard with the
 * fewest bytes so far (lowest index on a tie), with the hash of the key ordering items of equal
 * weight. Greedy, so no shard is more than one item heavier than the lightest; deterministic for
 * any `count`, and every item lands in exactly one shard.
 */
export function partition(items: readonly ShardItem[], count: number): Map<string, number> {
  const ordered = items
    .map((item) => ({ ...item, hash: stableHash(item.key) }))
    .sort((a, b) => b.weight - a.weight || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const loads = new Array<number>(count).fill(0);
  const out = new Map<string, number>();
  for (const item of ordered) {
    if (out.has(item.key)) continue;
    let lightest = 0;
    for (let i = 1; i < count; i++) if (loads[i]! < loads[lightest]!) lightest = i;
    loads[lightest]! += Math.max(1, item.weight);
    out.set(item.key, lightest + 1);
  }
  return out;
}

/** The keys of the items that fall to `shard`, in their given order. */
export function itemsOfShard(items: readonly ShardItem[], shard: Pick<ShardSpec, 'index' | 'count'>): string[] {
  const assigned = partition(items, shard.count);
  return items.filter((item) => assigned.get(item.key) === shard.index).map((item) => item.key);
}

/** What a shard covered, as its report records it. */
export interface ShardCoverage {
  /** Terraform root folders and plan files (module folders evaluated on their defaults included). */
  terraform?: string[];
  /** AWS accounts. */
  accounts?: string[];
}

export class ShardSpecError extends Error {}

/** The job engines' variables `--shard auto` reads, in the order they are looked for. */
export const SHARD_ENGINE_VARIABLES = [
  { index: 'JOB_COMPLETION_INDEX', base: 0, engine: 'Kubernetes Indexed Job' },
  { index: 'AWS_BATCH_JOB_ARRAY_INDEX', base: 0, engine: 'AWS Batch array job' },
  { index: 'CI_NODE_INDEX', base: 1, total: 'CI_NODE_TOTAL', engine: 'GitLab parallel' },
  { index: 'VIGIL_SHARD_INDEX', base: 1, engine: 'a matrix index passed in (GitHub Actions)' },
] as const;

const WHOLE = /^\d{1,6}$/;

/**
 * `K/N`, or `auto` with the job engine's variables: the index from `JOB_COMPLETION_INDEX` (0-based),
 * `AWS_BATCH_JOB_ARRAY_INDEX` (0-based), `CI_NODE_INDEX` (1-based, with `CI_NODE_TOTAL`) or
 * `VIGIL_SHARD_INDEX` (1-based), and the count from `--shard-count`, `VIGIL_SHARD_COUNT` or the
 * engine's own total. Anything else is a ShardSpecError that says what was expected.
 */
export function parseShard(raw: string, env: Record<string, string | undefined>, countFlag?: string): Omit<ShardSpec, 'runId'> {
  const text = raw.trim();
  if (text === 'auto') return autoShard(env, countFlag);
  if (countFlag !== undefined) throw new ShardSpecError('--shard-count is only for --shard auto; --shard K/N names the count itself');
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  if (!match) throw new ShardSpecError(`--shard must be K/N (shard K of N, counted from 1, e.g. 2/7) or auto, not ${JSON.stringify(raw)}`);
  return checked(Number(match[1]), Number(match[2]), `--shard ${text}`);
}

function checked(index: number, count: number, what: string, from?: string): Omit<ShardSpec, 'runId'> {
  if (count < 1) throw new ShardSpecError(`${what}: the number of shards must be at least 1`);
  if (index < 1 || index > count) throw new ShardSpecError(`${what}: the shard must be from 1 to ${count}, counted from 1`);
  return { index, count, ...(from ? { from } : {}) };
}

function autoShard(env: Record<string, string | undefined>, countFlag: string | undefined): Omit<ShardSpec, 'runId'> {
  const found = SHARD_ENGINE_VARIABLES.find((v) => env[v.index] !== undefined && env[v.index] !== '');
  if (!found) {
    throw new ShardSpecError(`--shard auto found none of the job engines' variables (${SHARD_ENGINE_VARIABLES.map((v) => v.index).join(', ')}): give --shard K/N, or run it in a Kubernetes Indexed Job, an AWS Batch array job, GitLab parallel, or set VIGIL_SHARD_INDEX`);
  }
  const rawIndex = env[found.index]!.trim();
  if (!WHOLE.test(rawIndex)) throw new ShardSpecError(`--shard auto: ${found.index} is ${JSON.stringify(rawIndex)}, not a whole number`);
  const rawCount = countFlag ?? env.VIGIL_SHARD_COUNT ?? ('total' in found ? env[found.total] : undefined);
  const countName = countFlag !== undefined ? '--shard-count' : env.VIGIL_SHARD_COUNT !== undefined ? 'VIGIL_SHARD_COUNT' : 'total' in found ? found.total : undefined;
  if (rawCount === undefined || rawCount.trim() === '') {
    throw new ShardSpecError(`--shard auto: ${found.index} gives the index (${found.engine}); give the number of shards with --shard-count N or VIGIL_SHARD_COUNT${'total' in found ? ` (or ${found.total})` : ''}`);
  }
  if (!WHOLE.test(rawCount.trim())) throw new ShardSpecError(`--shard auto: ${countName} is ${JSON.stringify(rawCount)}, not a whole number`);
  return checked(Number(rawIndex) + (1 - found.base), Number(rawCount.trim()), `--shard auto (${found.index}=${rawIndex}, ${countName}=${rawCount.trim()})`, found.index);
}

/**
 * The run's identity when `--run-id` is not given: the commit and the CI run when the engine names
 * one (every shard of one run sees the same), else the commit and the hour (UTC). Shards that start
 * in different hours then disagree, and `vigil merge` refuses them: pass `--run-id` to be sure.
 */
export function deriveRunId(commit: string | undefined, env: Record<string, string | undefined>, now: Date): string {
  const head = commit ? commit.slice(0, 12) : 'no-commit';
  const batchParent = env.AWS_BATCH_JOB_ID?.split(':')[0];
  const ci =
    (env.GITHUB_RUN_ID ? `gh-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}` : undefined) ??
    (env.CI_PIPELINE_ID ? `gl-${env.CI_PIPELINE_ID}` : undefined) ??
    (batchParent ? `batch-${batchParent}` : undefined);
  return `${head}-${ci ?? now.toISOString().slice(0, 13).replace(/[-:T]/g, '')}`;
}

/** A run ID names files and paths: letters, digits and `._:-`, at most 128. */
export function checkRunId(raw: string): string {
  const text = raw.trim();
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(text)) throw new ShardSpecError(`--run-id must be 1 to 128 letters, digits, ".", "_", ":" or "-", not ${JSON.stringify(raw)}`);
  return text;
}
