import { markAccessLogTargets } from '../../model/log-targets.js';
import { setMaxListeners } from 'node:events';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Resource } from '../../model/resource.js';
import type { ScanProblem } from '../../model/problem.js';
import { organizationAccounts, validateAccountIds } from './accounts.js';
import { scanAggregator } from './aggregator.js';
import { attachConfigVerdicts, byAccountRegionRule, type ConfigEvaluation, type ConfigRuleCompliance, type ConformancePackCompliance } from './config-rules.js';
import { sdkClientFactory } from './clients.js';
import { allCollectors, type Collector, type CollectContext } from './collectors/index.js';
import type { ReportTiming } from './collectors/iam.js';
import { assumedRoleProvider, baseCredentials, callerIdentity, describeChain, resolveCredentials, roleArnFor, type CallerIdentity } from './credentials.js';
import { AwsOptionsError } from './errors.js';
import { AWS_DEFAULTS } from './defaults.js';
import { mapBounded, RateLimiter } from './limiter.js';
import { profileRegion } from './profile-region.js';
import { planRegions } from './regions.js';
import { AccountSession, CredentialsFailed, Ledger, RegionUnavailable, type ApiErrorCount, type ClientFactory, type RawAnswer } from './session.js';

/**
 * The live AWS source: credentials, then the identity, then for each account its regions and
 * collectors, all through rate-limited, counted sessions. It returns model resources, problems
 * and the scan's metadata; it prints nothing and decides nothing about compliance.
 */

export interface AwsScanOptions {
  /** Regions to scan; `all` for every enabled region; undefined for the home region alone. */
  regions?: string[] | 'all';
  profile?: string;
  /** `arn:aws:iam::{account}:role/VigilAudit`: assumed in every account of `accounts`/`organization`. */
  roleArn?: string;
  externalId?: string;
  accounts?: string[];
  organization?: boolean;
  /** Build the inventory from this AWS Config aggregator instead of calling each service. */
  configAggregator?: string;
  /** Requests per second per account, retries included. */
  maxRps: number;
  /** Requests in flight per service and region of one account. */
  concurrency: number;
  /** Accounts scanned at once. */
  accountConcurrency: number;
  /** A region still running after this many milliseconds is cut off; what it had not read stays unknown. */
  regionTimeoutMs: number;
  /** Keep every raw API answer for a snapshot. */
  keepRaw: boolean;
  /** The environment: AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL. Passed as a value, never read globally. */
  env: Record<string, string | undefined>;
  onProgress?: (event: AwsProgress) => void;
}

export { AWS_DEFAULTS } from './defaults.js';

/**
 * What a live scan reports as it goes, for the CLI to draw; the source itself never prints. A
 * task is one collector in one region (`global` for the account-wide ones such as IAM): each
 * `task-start` is followed by exactly one `task` when it ends, whatever the outcome.
 */
export type AwsProgress =
  | { type: 'identity'; identity: CallerIdentity }
  | { type: 'account'; account: string; tasks: number; regions: string[]; tasksByRegion: Record<string, number> }
  | { type: 'task-start'; account: string; region: string; service: string; collector: string }
  | { type: 'task'; account: string; region: string; service: string; collector: string }
  | { type: 'account-done'; account: string; status: 'scanned' | 'failed' };

/** What tests and the benchmark may replace; production passes nothing. */
export interface AwsDeps {
  clients?: ClientFactory;
  credentials?: AwsCredentialIdentityProvider;
  now?: () => Date;
  reportTiming?: ReportTiming;
}

export interface AwsAccountOutcome {
  account: string;
  status: 'scanned' | 'failed';
  regions: string[];
  reason?: string;
}

export interface AwsScanMeta {
  mode: 'direct' | 'config-aggregator';
  identity: CallerIdentity;
  accounts: AwsAccountOutcome[];
  regions: string[];
  skippedRegions: Array<{ account: string; region: string; reason: string }>;
  apiCalls: number;
  apiErrors: ApiErrorCount[];
  peakConcurrency: number;
  maxRps: number;
  aggregator?: string;
  /**
   * The AWS Config rules deployed in the scanned accounts and regions and each one's overall
   * compliance (`UNKNOWN` when that call failed); their verdicts per resource are on the
   * resources (`Resource.configRules`).
   */
  configRules?: ConfigRuleCompliance[];
  /** The conformance packs found in a direct scan, with their rules' compliance. */
  conformancePacks?: ConformancePackCompliance[];
}

/** What AWS Config itself says, gathered over the whole scan. */
interface ConfigFindings {
  rules: ConfigRuleCompliance[];
  packs: ConformancePackCompliance[];
  evaluations: ConfigEvaluation[];
}

export interface AwsScanResult {
  resources: Resource[];
  problems: ScanProblem[];
  meta: AwsScanMeta;
  raw: RawAnswer[];
}

/**
 * Errors that are an API's normal way of saying "there is none" or "it is off" (NoSuchBucketPolicy,
 * Security Hub's InvalidAccessException): counted in the summary, not raised as warnings.
 */
const EXPECTED_KINDS = new Set(['not-found']);
const EXPECTED_CODES = new Set(['InvalidAccessException']);

/**
 * The region the scan's own calls (STS, IAM, Organizations, the aggregator) go to, and the one
 * region scanned when --regions is not given: AWS_REGION, else the profile's `region` in the
 * shared config file (as the AWS CLI reads it), else the first of --regions, else us-east-1.
 */
export function homeRegion(options: Pick<AwsScanOptions, 'regions' | 'env'>, fromProfile?: string): string {
  const fromEnv = options.env.AWS_REGION ?? options.env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  if (fromProfile) return fromProfile;
  if (Array.isArray(options.regions) && options.regions[0]) return options.regions[0];
  return 'us-east-1';
}

export async function scanAws(options: AwsScanOptions, deps: AwsDeps = {}): Promise<AwsScanResult> {
  const home = homeRegion(options, profileRegion(options.profile, options.env));
  const ledger = new Ledger(options.keepRaw);
  const clients = deps.clients ?? sdkClientFactory({ endpoint: options.env.AWS_ENDPOINT_URL, maxAttempts: AWS_DEFAULTS.maxAttempts, requestTimeoutMs: AWS_DEFAULTS.requestTimeoutMs });
  const tried = options.roleArn ? `${describeChain(options.profile, options.env)}; then sts:AssumeRole into ${options.roleArn}` : describeChain(options.profile, options.env);
  const credentials = deps.credentials ?? baseCredentials(options.profile);
  await resolveCredentials(credentials, describeChain(options.profile, options.env));
  // One limiter per account: the caller's own calls (identity, AssumeRole, ListAccounts) count
  // against its account's ceiling like any other.
  const limiters = new Map<string, RateLimiter>();
  const callerLimiter = new RateLimiter(options.maxRps);
  const sessionFor = (account: string, creds: AwsCredentialIdentityProvider) => {
    if (!limiters.has(account)) limiters.set(account, new RateLimiter(options.maxRps));
    return new AccountSession({ account, credentials: creds, clients, ledger, maxRps: options.maxRps, concurrency: options.concurrency, limiter: limiters.get(account), now: deps.now });
  };

  const base = new AccountSession({ account: 'caller', credentials, clients, ledger, maxRps: options.maxRps, concurrency: options.concurrency, limiter: callerLimiter, now: deps.now });
  const identity = await callerIdentity(base, home, tried);
  limiters.set(identity.account, callerLimiter);
  options.onProgress?.({ type: 'identity', identity });
  const problems: ScanProblem[] = [];
  const resources: Resource[] = [];
  const outcomes: AwsAccountOutcome[] = [];
  const skippedRegions: AwsScanMeta['skippedRegions'] = [];
  const config: ConfigFindings = { rules: [], packs: [], evaluations: [] };

  if (options.configAggregator) {
    const aggregated = await scanAggregator(sessionFor(identity.account, credentials), home, identity.partition, options.configAggregator, options.regions);
    resources.push(...aggregated.resources);
    problems.push(...aggregated.problems);
    outcomes.push(...aggregated.accounts);
    config.rules.push(...aggregated.configRules);
    config.evaluations.push(...aggregated.evaluations);
  } else {
    const targets = await targetAccounts(options, identity, base, home);
    await mapBounded(targets, options.accountConcurrency, async (account) => {
      const creds = options.roleArn ? assumedRoleProvider(base, home, roleArnFor(options.roleArn, account), options.externalId) : credentials;
      const outcome = await scanAccount(sessionFor(account, creds), identity, options, home, deps, problems, resources, skippedRegions, config);
      outcomes.push(outcome);
    });
  }

  for (const e of ledger.errorSummary()) {
    if (EXPECTED_KINDS.has(e.kind) || EXPECTED_CODES.has(e.code)) continue;
    problems.push({ severity: 'warning', file: 'aws', message: `API errors: ${e.service} ${e.operation}: ${e.kind} ${e.code} × ${e.count}` });
  }
  attachConfigVerdicts(resources, config.evaluations);
  markAccessLogTargets(resources);
  resources.sort((a, b) => order(a).localeCompare(order(b)));
  outcomes.sort((a, b) => a.account.localeCompare(b.account));
  return {
    resources,
    problems,
    raw: ledger.raw,
    meta: {
      mode: options.configAggregator ? 'config-aggregator' : 'direct',
      identity,
      accounts: outcomes,
      regions: [...new Set(outcomes.flatMap((o) => o.regions))].sort(),
      skippedRegions,
      apiCalls: ledger.calls,
      apiErrors: ledger.errorSummary(),
      peakConcurrency: ledger.peakInFlight,
      maxRps: options.maxRps,
      ...(options.configAggregator ? { aggregator: options.configAggregator } : {}),
      configRules: config.rules.sort(byAccountRegionRule),
      ...(options.configAggregator ? {} : { conformancePacks: config.packs.sort((a, b) => [a.account, a.region, a.name].join('|').localeCompare([b.account, b.region, b.name].join('|'))) }),
    },
  };
}

const order = (r: Resource): string => (r.provenance.source === 'aws' ? `${r.provenance.account}\u0000${r.provenance.region}\u0000${r.kind}\u0000${r.id}` : r.id);

async function targetAccounts(options: AwsScanOptions, identity: CallerIdentity, base: AccountSession, home: string): Promise<string[]> {
  const listed = (options.accounts?.length ?? 0) > 0;
  if (!options.roleArn) {
    if (listed || options.organization) throw new AwsOptionsError('--accounts and --organization need --role-arn to know which role to assume in each account');
    return [identity.account];
  }
  if (!options.roleArn.includes('{account}') && (listed || options.organization)) {
    throw new AwsOptionsError('--role-arn needs the {account} placeholder to be assumed in several accounts, e.g. arn:aws:iam::{account}:role/VigilAudit');
  }
  if (options.organization) return organizationAccounts(base, home);
  if (listed) return validateAccountIds(options.accounts!);
  // One role, no list: the account is the one named in the ARN.
  const account = options.roleArn.split(':')[4];
  if (!account || !/^\d{12}$/.test(account)) throw new AwsOptionsError('--role-arn names no account: give --accounts or --organization with an {account} placeholder');
  return [account];
}

async function scanAccount(
  session: AccountSession,
  caller: CallerIdentity,
  options: AwsScanOptions,
  home: string,
  deps: AwsDeps,
  problems: ScanProblem[],
  resources: Resource[],
  skippedRegions: AwsScanMeta['skippedRegions'],
  config: ConfigFindings,
): Promise<AwsAccountOutcome> {
  const account = session.account;
  const failed = (reason: string): AwsAccountOutcome => {
    options.onProgress?.({ type: 'account-done', account, status: 'failed' });
    problems.push({ severity: 'error', file: `aws:${account}`, message: `account ${account} was not scanned: ${reason}` });
    return { account, status: 'failed', regions: [], reason };
  };
  let partition = caller.partition;
  if (options.roleArn) {
    try {
      const assumed = await callerIdentity(session, home, `sts:AssumeRole into ${roleArnFor(options.roleArn, account)}`);
      partition = assumed.partition;
      if (assumed.account !== account) return failed(`the assumed role belongs to account ${assumed.account}`);
    } catch (error) {
      return failed((error as Error).message);
    }
  }
  let plan;
  try {
    plan = await planRegions(session, home, partition, options.regions ?? [home]);
  } catch (error) {
    return failed((error as Error).message);
  }
  for (const s of plan.skipped) {
    skippedRegions.push({ account, ...s });
    problems.push({ severity: 'warning', file: `aws:${account}/${s.region}`, message: `region ${s.region} skipped: ${s.reason}` });
  }
  if (plan.warning) problems.push({ severity: 'warning', file: `aws:${account}`, message: plan.warning });

  const collectors = allCollectors(deps.reportTiming);
  const globals = collectors.filter((c) => c.scope === 'global');
  const regionals = collectors.filter((c) => c.scope === 'regional');
  const tasksByRegion: Record<string, number> = {};
  if (globals.length > 0) tasksByRegion.global = globals.length;
  for (const region of plan.regions) tasksByRegion[region] = regionals.length;
  options.onProgress?.({ type: 'account', account, tasks: globals.length + plan.regions.length * regionals.length, regions: plan.regions, tasksByRegion });

  const regions = [...plan.regions];
  const unavailable = new Set<string>();
  let credentialsDead: string | undefined;
  const now = deps.now ?? (() => new Date());
  // Kept per account until its regions are known to have answered, like its resources.
  const accountConfig: ConfigFindings = { rules: [], packs: [], evaluations: [] };
  const context = (region: string): CollectContext => ({
    session,
    account,
    partition,
    region,
    regions,
    now,
    note: (message) => problems.push({ severity: 'warning', file: `aws:${account}/${region}`, message }),
    problem: (problem) => problems.push(problem),
    configEvidence: (evidence) => {
      accountConfig.rules.push(...evidence.rules);
      accountConfig.packs.push(...evidence.packs);
      accountConfig.evaluations.push(...evidence.evaluations);
    },
  });
  const found: Resource[] = [];
  const run = async (collector: Collector, region: string): Promise<void> => {
    const task = { account, region: collector.scope === 'global' ? 'global' : region, service: collector.service, collector: collector.name };
    if (unavailable.has(region) || credentialsDead) {
      options.onProgress?.({ type: 'task', ...task });
      return;
    }
    options.onProgress?.({ type: 'task-start', ...task });
    try {
      found.push(...(await collector.collect(context(region))));
    } catch (error) {
      if (error instanceof RegionUnavailable) unavailable.add(region);
      else if (error instanceof CredentialsFailed) credentialsDead = error.message;
      else problems.push({ severity: 'error', file: `aws:${account}/${region}`, message: `${collector.name} stopped: ${(error as Error).message}` });
    } finally {
      options.onProgress?.({ type: 'task', ...task });
    }
  };

  const globalRegion = plan.regions.includes(home) ? home : (plan.regions[0] ?? home);
  const timers: NodeJS.Timeout[] = [];
  const timedOut = new Set<string>();
  for (const region of plan.regions) {
    const abort = new AbortController();
    // Every call of the region listens to this one signal; Node's default cap of 10 listeners is far too low.
    setMaxListeners(0, abort.signal);
    session.setRegionSignal(region, abort.signal);
    timers.push(setTimeout(() => { timedOut.add(region); abort.abort(); }, options.regionTimeoutMs));
  }
  try {
    await Promise.all([
      ...globals.map((c) => run(c, globalRegion)),
      ...plan.regions.flatMap((region) => regionals.map((c) => run(c, region))),
    ]);
  } finally {
    for (const t of timers) clearTimeout(t);
  }
  for (const region of timedOut) {
    problems.push({ severity: 'error', file: `aws:${account}/${region}`, message: `region ${region} did not finish within ${Math.round(options.regionTimeoutMs / 1000)} s: what it had not read is unknown or missing` });
  }
  for (const region of unavailable) {
    skippedRegions.push({ account, region, reason: 'the region refused the credentials (not enabled for this account)' });
    problems.push({ severity: 'warning', file: `aws:${account}/${region}`, message: `region ${region} skipped: it is not enabled for this account` });
  }
  // A region that refused the credentials has nothing true to say; drop what it half-answered.
  resources.push(...found.filter((r) => r.provenance.source !== 'aws' || !unavailable.has(r.provenance.region)));
  config.rules.push(...accountConfig.rules.filter((r) => !unavailable.has(r.region)));
  config.packs.push(...accountConfig.packs.filter((p) => !unavailable.has(p.region)));
  config.evaluations.push(...accountConfig.evaluations.filter((e) => !unavailable.has(e.region)));
  if (credentialsDead) return failed(`credentials stopped working during the scan: ${credentialsDead}`);
  options.onProgress?.({ type: 'account-done', account, status: 'scanned' });
  return { account, status: 'scanned', regions: plan.regions.filter((r) => !unavailable.has(r)) };
}

export { AwsCredentialsError, AwsOptionsError } from './errors.js';
