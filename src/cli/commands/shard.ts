import type { Argv } from 'yargs';
import { checkRunId, deriveRunId, parseShard, ShardSpecError, type ShardSpec } from '../../pipeline/shard.js';
import type { ReportProvenance } from '../../report/provenance.js';
import { UsageError, type Io } from '../io.js';

/** `vigil scan --shard K/N | auto [--shard-count N] [--run-id ID]`. */

export interface ShardArgs {
  shard?: string;
  'shard-count'?: string;
  'run-id'?: string;
  baseline?: string;
  'changed-since'?: string;
  state?: string[];
  'from-snapshot'?: string;
  'config-aggregator'?: string;
}

export function shardOptions(y: Argv): Argv {
  return y
    .option('shard', {
      type: 'string',
      describe: 'scan only shard K of N (K/N, from 1), or "auto" from the job engine (JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, CI_NODE_INDEX, VIGIL_SHARD_INDEX); combine the reports with `vigil merge`',
    })
    .option('shard-count', { type: 'string', describe: 'with --shard auto: the number of shards (else VIGIL_SHARD_COUNT or CI_NODE_TOTAL)' })
    .option('run-id', { type: 'string', describe: 'with --shard: the whole run\'s identity, the same for every shard (default: the commit and the CI run, else the hour)' });
}

/** The shard asked for, or undefined; every mistake is one UsageError (exit 2). */
export function parseShardArgs(args: ShardArgs, io: Io, provenance: ReportProvenance | undefined, now = new Date()): ShardSpec | undefined {
  if (args.shard === undefined) {
    if (args['run-id'] !== undefined) throw new UsageError('--run-id needs --shard');
    if (args['shard-count'] !== undefined) throw new UsageError('--shard-count needs --shard auto');
    return undefined;
  }
  for (const [flag, set] of [
    ['--baseline', args.baseline !== undefined],
    ['--changed-since', args['changed-since'] !== undefined],
    ['--state', (args.state ?? []).length > 0],
    ['--from-snapshot', args['from-snapshot'] !== undefined],
    ['--config-aggregator', args['config-aggregator'] !== undefined],
  ] as const) {
    if (set) throw new UsageError(`--shard cannot be combined with ${flag}: each shard sees only part of the work, so ${flag} would judge the part as if it were the whole`);
  }
  if (Array.isArray(args.shard) || Array.isArray(args['run-id']) || Array.isArray(args['shard-count'])) throw new UsageError('--shard, --shard-count and --run-id are each given once');
  try {
    const spec = parseShard(String(args.shard), io.env, args['shard-count'] === undefined ? undefined : String(args['shard-count']));
    const runId = args['run-id'] !== undefined ? checkRunId(String(args['run-id'])) : deriveRunId(provenance?.git?.commit, io.env, now);
    return { ...spec, runId };
  } catch (error) {
    if (error instanceof ShardSpecError) throw new UsageError(error.message);
    throw error;
  }
}
