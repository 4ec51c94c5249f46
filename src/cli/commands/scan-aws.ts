import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { AwsProgress, AwsScanOptions, AwsScanResult } from '../../sources/aws/index.js';
import { AWS_DEFAULTS } from '../../sources/aws/defaults.js';
import { AwsCredentialsError, AwsOptionsError } from '../../sources/aws/errors.js';
import { parseSnapshot, serializeSnapshot, SnapshotError, type LoadedSnapshot } from '../../sources/aws/snapshot.js';
import type { ScanRequest } from '../../pipeline/scan.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { awsProgressPrinter, heartbeatInterval } from './aws-progress.js';
import { integerOption, splitList, toolVersion } from '../options.js';


/**
 * The AWS side of `vigil scan`: its options, the snapshot file, and the exit code for credentials
 * that do not work. The identity line and the progress bars are drawn by aws-progress.ts.
 */

export interface AwsScanArgs {
  aws?: boolean;
  regions?: string[];
  profile?: string;
  'role-arn'?: string;
  'external-id'?: string;
  accounts?: string[];
  organization?: boolean;
  'config-aggregator'?: string;
  snapshot?: string;
  'from-snapshot'?: string;
  'max-rps'?: string;
  concurrency?: string;
  'account-concurrency'?: string;
  'request-timeout'?: string;
  deadline?: string;
  /** Terraform states to join (`--state`); an S3 one is read with --profile's credentials too. */
  state?: string[];
}

export function awsScanOptions(y: Argv): Argv {
  return y
    .option('aws', { type: 'boolean', describe: 'scan live AWS accounts (credentials from the SDK default chain or --profile)' })
    .option('regions', { type: 'string', array: true, describe: 'regions to scan, comma-separated, or "all" for every enabled region (default: AWS_REGION, else the profile\'s region in the shared config file)' })
    .option('profile', { type: 'string', describe: 'AWS shared-config profile for the credentials and, without --regions or AWS_REGION, the region' })
    .option('role-arn', { type: 'string', describe: 'role to assume in each account, e.g. arn:aws:iam::{account}:role/VigilAudit' })
    .option('external-id', { type: 'string', describe: 'external ID for --role-arn' })
    .option('accounts', { type: 'string', array: true, describe: 'account IDs to scan with --role-arn, comma-separated' })
    .option('organization', { type: 'boolean', describe: 'scan every active account of the AWS Organization with --role-arn' })
    .option('config-aggregator', { type: 'string', describe: 'build the inventory from this AWS Config aggregator instead of per-account calls' })
    .option('snapshot', { type: 'string', describe: 'write the AWS inventory and raw API answers, with a SHA-256, to this file' })
    .option('from-snapshot', { type: 'string', describe: 'evaluate a snapshot written by --snapshot instead of calling AWS' })
    // Read as text and checked by integerOption: yargs' numbers take 0.5, 1e3 and a missing value.
    .option('max-rps', { type: 'string', describe: `API requests per second per account, retries included, ${RANGES['max-rps'].min}-${RANGES['max-rps'].max} (default ${AWS_DEFAULTS.maxRps})` })
    .option('concurrency', { type: 'string', describe: `API requests in flight per service and region, ${RANGES.concurrency.min}-${RANGES.concurrency.max} (default ${AWS_DEFAULTS.concurrency})` })
    .option('account-concurrency', { type: 'string', describe: `accounts scanned at once, ${RANGES['account-concurrency'].min}-${RANGES['account-concurrency'].max} (default ${AWS_DEFAULTS.accountConcurrency})` })
    .option('request-timeout', { type: 'string', describe: `seconds one API request may take, connecting included, before it is aborted and retried, ${RANGES['request-timeout'].min}-${RANGES['request-timeout'].max} (default ${AWS_DEFAULTS.requestTimeoutMs / 1000})` })
    .option('deadline', { type: 'string', describe: `seconds the whole AWS scan may take, ${RANGES.deadline.min}-${RANGES.deadline.max}; what is unfinished then is reported unknown or not scanned (exit 2)` })
    .example('$0 scan --aws --regions all --framework hipaa --format json -o vigil.json', 'audit every enabled region of the current account')
    .example("$0 scan --aws --organization --role-arn 'arn:aws:iam::{account}:role/VigilAudit'", 'audit every account of the organization');
}

/** Whether the scan reads AWS (live or from a snapshot); Terraform paths are then optional. */
export const wantsAws = (args: AwsScanArgs): boolean => args.aws === true || args['from-snapshot'] !== undefined;

/** The ranges of the numeric AWS options. */
const RANGES = {
  'max-rps': { min: 1, max: 10_000 },
  concurrency: { min: 1, max: 256 },
  'account-concurrency': { min: 1, max: 256 },
  /** Seconds. */
  'request-timeout': { min: 1, max: 3600 },
  /** Seconds: up to a week. */
  deadline: { min: 1, max: 7 * 24 * 3600 },
} as const;

/**
 * Checks the AWS flags and turns them into source options; undefined when AWS is not asked for.
 * `file` holds the `.vigil.yaml` settings (validated there to the same ranges); the flags win.
 */
export function parseAwsArgs(args: AwsScanArgs, io: Io, onProgress?: (event: AwsProgress) => void, file: { maxRps?: number; concurrency?: number } = {}): AwsScanOptions | undefined {
  const awsOnly = ['regions', 'profile', 'role-arn', 'external-id', 'accounts', 'organization', 'config-aggregator', 'snapshot', 'max-rps', 'concurrency', 'account-concurrency', 'request-timeout', 'deadline'] as const;
  if (!args.aws) {
    // --profile also names the credentials that read a state from S3.
    const readsS3 = (args.state ?? []).some((s) => s.startsWith('s3://') || s === 'auto');
    const stray = awsOnly.filter((flag) => args[flag] !== undefined && !(flag === 'profile' && readsS3));
    if (stray.length > 0 && !args['from-snapshot']) throw new UsageError(`--${stray[0]} needs --aws`);
    if (args['from-snapshot'] && args.snapshot) throw new UsageError('--snapshot and --from-snapshot cannot be combined');
    return undefined;
  }
  if (args['from-snapshot']) throw new UsageError('--aws and --from-snapshot cannot be combined: a snapshot is evaluated offline');
  const regionList = splitList(args.regions);
  const regions = regionList.length === 0 ? undefined : regionList.includes('all') ? 'all' : regionList;
  if (Array.isArray(regions)) for (const r of regions) if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)) throw new UsageError(`--regions: "${r}" is not a region name (e.g. eu-central-1)`);
  const accounts = splitList(args.accounts);
  if (args['config-aggregator'] && (args['role-arn'] || accounts.length > 0 || args.organization)) {
    throw new UsageError('--config-aggregator reads every account through the aggregator: leave out --role-arn, --accounts and --organization');
  }
  if (args['external-id'] && !args['role-arn']) throw new UsageError('--external-id needs --role-arn');
  const deadlineMs = args.deadline === undefined ? undefined : integerOption('deadline', args.deadline, RANGES.deadline, 0) * 1000;
  return {
    ...(regions ? { regions } : {}),
    ...(args.profile ? { profile: args.profile } : {}),
    ...(args['role-arn'] ? { roleArn: args['role-arn'] } : {}),
    ...(args['external-id'] ? { externalId: args['external-id'] } : {}),
    ...(accounts.length > 0 ? { accounts } : {}),
    ...(args.organization ? { organization: true } : {}),
    ...(args['config-aggregator'] ? { configAggregator: args['config-aggregator'] } : {}),
    maxRps: integerOption('max-rps', args['max-rps'], RANGES['max-rps'], file.maxRps ?? AWS_DEFAULTS.maxRps),
    concurrency: integerOption('concurrency', args.concurrency, RANGES.concurrency, file.concurrency ?? AWS_DEFAULTS.concurrency),
    accountConcurrency: integerOption('account-concurrency', args['account-concurrency'], RANGES['account-concurrency'], AWS_DEFAULTS.accountConcurrency),
    regionTimeoutMs: AWS_DEFAULTS.regionTimeoutMs,
    requestTimeoutMs: integerOption('request-timeout', args['request-timeout'], RANGES['request-timeout'], AWS_DEFAULTS.requestTimeoutMs / 1000) * 1000,
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
    keepRaw: args.snapshot !== undefined,
    env: io.env,
    ...(onProgress ? { onProgress } : {}),
  };
}

/** The snapshot, and the SHA-256 of the file's bytes (what `sha256sum` shows an auditor). */
export function readSnapshotFile(path: string, io: Io): LoadedSnapshot & { fileSha256: string } {
  const file = resolve(io.cwd, path);
  if (!existsSync(file)) throw new UsageError(`--from-snapshot not found: ${path}`);
  try {
    const bytes = readFileSync(file);
    return { ...parseSnapshot(bytes.toString('utf8')), fileSha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    if (error instanceof SnapshotError) throw new UsageError(`--from-snapshot ${path}: ${error.message}`);
    throw error;
  }
}

/**
 * The account side of `scan` and `drift`: a live scan with its progress printer (stop it when the
 * scan ends), or a snapshot read, checked against its own answers and its unread scopes taken in.
 * Neither when the command names no account.
 */
export async function awsRequest(args: AwsScanArgs & { 'from-snapshot'?: string }, io: Io, file: { maxRps?: number; concurrency?: number }, onResult?: (result: AwsScanResult) => void): Promise<{ aws?: ScanRequest['aws']; snapshot?: LoadedSnapshot & { fileSha256: string }; stop: () => void }> {
  const progress = args.aws ? awsProgressPrinter(io, heartbeatInterval(io.env)) : undefined;
  const stop = () => progress?.stop();
  try {
    const live = parseAwsArgs(args, io, progress?.onProgress, file);
    if (live) return { aws: { live, ...(onResult ? { onResult } : {}) }, stop };
  } catch (error) {
    stop();
    throw error;
  }
  if (!args['from-snapshot']) return { stop };
  const snapshot = readSnapshotFile(args['from-snapshot'], io);
  await recheckSnapshotFile(args['from-snapshot'], snapshot);
  return { aws: { snapshot }, snapshot, stop };
}

/** A snapshot that its own raw answers contradict was edited after it was written: refused, exit 2. */
export async function recheckSnapshotFile(path: string, snapshot: LoadedSnapshot): Promise<void> {
  if (snapshot.raw.length === 0) return; // written without the answers: nothing to check against
  const { acceptSnapshot } = await import('../../sources/aws/replay.js'); // the SDK: only for snapshots
  const disagreements = await acceptSnapshot(snapshot, path);
  if (disagreements.length > 0) {
    throw new UsageError(`--from-snapshot ${path}: its resources disagree with its own raw API answers, so they are not evidence:\n${disagreements.map((d) => `  ${d}`).join('\n')}`);
  }
}

export function writeSnapshotFile(path: string, result: AwsScanResult, io: Io): void {
  const file = resolve(io.cwd, path);
  const text = serializeSnapshot(result, toolVersion(), new Date());
  writeFileSync(file, text);
  io.stderr(`wrote AWS snapshot to ${file} (sha256 ${text.slice(-67, -3)})\n`);
}

/** Credentials that do not work and AWS options that cannot be honoured: one clear line, exit 2. */
export function awsFailure(error: unknown, io: Io): number | undefined {
  if (error instanceof AwsCredentialsError || error instanceof AwsOptionsError) {
    io.stderr(`vigil: ${error.message}\n`);
    return EXIT.incomplete;
  }
  return undefined;
}
