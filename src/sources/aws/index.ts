import { markAccessLogTargets } from '../../model/log-targets.js';
import { markBackupProtection } from '../../model/backup-protection.js';
import { setMaxListeners } from 'node:events';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Resource } from '../../model/resource.js';
import type { ScanProblem } from '../../model/problem.js';
import { partialOf, type CollectionWindow, type NotInventoried } from '../../model/inventory.js';
import { organizationAccounts, validateAccountIds } from './accounts.js';
import { AGGREGATOR_TYPES, scanAggregator } from './aggregator.js';
import { attachConfigVerdicts, byAccountRegionRule, type ConfigEvaluation, type ConfigRuleCompliance, type ConformancePackCompliance } from './config-rules.js';
import { sdkClientFactory } from './clients.js';
import { allCollectors, type Collector, type CollectContext } from './collectors/index.js';
import { aggregatorNotCollected } from './collectors/inventory-listing.js';
import type { ReportTiming } from './collectors/iam.js';
import { assumedRoleProvider, baseCredentials, callerIdentity, describeChain, resolveCredentials, roleArnFor, type CallerIdentity } from './credentials.js';
import { AwsCredentialsError, AwsOptionsError } from './errors.js';
import { AWS_DEFAULTS } from './defaults.js';
import { mapBounded, RateLimiter } from './limiter.js';
import { missingProfile, profileRegion } from './profile-region.js';
import { planRegions } from './regions.js';
import { collectedComparableTypes, isCollectedTaggingType, type NotCollected } from '../../model/resource-types.js';
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
  /** Milliseconds one HTTP attempt may take (connecting included) before it is aborted and retried. */
  requestTimeoutMs?: number;
  /**
   * Milliseconds the whole scan may take. When they run out every call still waiting is aborted:
   * what was not read is unknown, accounts not reached are "not scanned", each with an error.
   */
  deadlineMs?: number;
  /** Keep every raw API answer for a snapshot. */
  keepRaw: boolean;
  /** The environment: AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL. Passed as a value, never read globally. */
  env: Record<string, string | undefined>;
  onProgress?: (event: AwsProgress) => void;
  /**
   * Picks the accounts this scan reads (a shard's part) from every account it would read, by ID;
   * may pick none, and then the scan reads no account and says so without failing.
   */
  selectAccounts?: (accounts: string[]) => string[];
}

export { AWS_DEFAULTS } from './defaults.js';

/**
 * What a live scan reports as it goes, for the CLI to draw; the source itself never prints. A
 * task is one collector in one region (`global` for the account-wide ones such as IAM): each
 * `task-start` is followed by exactly one `task` when it ends, whatever the outcome.
 */
export type AwsProgress =
  /** A call the scan waits on before any task can start (the identity, AssumeRole, the region list). */
  | { type: 'step'; account?: string; doing: string }
  | { type: 'identity'; identity: CallerIdentity }
  | { type: 'account'; account: string; tasks: number; regions: string[]; tasksByRegion: Record<string, number> }
  | { type: 'task-start'; account: string; region: string; service: string; collector: string }
  | { type: 'task'; account: string; region: string; service: string; collector: string }
  | { type: 'account-done'; account: string; status: AwsAccountOutcome['status'] };

/** What tests and the benchmark may replace; production passes nothing. */
export interface AwsDeps {
  clients?: ClientFactory;
  credentials?: AwsCredentialIdentityProvider;
  now?: () => Date;
  reportTiming?: ReportTiming;
}

export interface AwsAccountOutcome {
  account: string;
  /** incomplete: read, but some collectors did not run or finish (credentials stopped working). */
  status: 'scanned' | 'incomplete' | 'failed';
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
  /**
   * Resources AWS Config or the tagging API listed, by account, region and type, of types no
   * collector reads: the tool's blind spots. Absent in scans and snapshots made before it existed.
   */
  notCollected?: NotCollected[];
  /**
   * When collection started and ended, per account and region (`global` for the account-wide
   * reads; the aggregator's name for an aggregator scan): the period the evidence describes.
   */
  collection?: CollectionWindow[];
}

/** What AWS Config itself says, gathered over the whole scan. */
interface ConfigFindings {
  rules: ConfigRuleCompliance[];
  packs: ConformancePackCompliance[];
  evaluations: ConfigEvaluation[];
}

export interface AwsScanResult {
  resources: Resource[];
  /** The scopes whose listings failed: the engine makes the rules over their kinds unknown there. */
  notInventoried: NotInventoried[];
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
  const clients = deps.clients ?? sdkClientFactory({ endpoint: options.env.AWS_ENDPOINT_URL, maxAttempts: AWS_DEFAULTS.maxAttempts, requestTimeoutMs: options.requestTimeoutMs ?? AWS_DEFAULTS.requestTimeoutMs });
  const deadline = scanDeadline(options.deadlineMs);
  try {
    return await scanWithin(options, deps, home, clients, deadline);
  } finally {
    deadline.clear();
  }
}

interface Deadline {
  signal?: AbortSignal;
  /** Why calls were stopped, as each cut-off item's message says it. */
  reason: string;
  clear: () => void;
}

function scanDeadline(ms: number | undefined): Deadline {
  const reason = `the scan's deadline of ${Math.round((ms ?? 0) / 1000)} s passed`;
  if (ms === undefined) return { reason, clear: () => undefined };
  const controller = new AbortController();
  // Every region's controller and every call listen to it; Node's default cap of 10 is far too low.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(reason), ms);
  return { signal: controller.signal, reason, clear: () => clearTimeout(timer) };
}

async function scanWithin(options: AwsScanOptions, deps: AwsDeps, home: string, clients: ClientFactory, deadline: Deadline): Promise<AwsScanResult> {
  const ledger = new Ledger(options.keepRaw);
  const tried = options.roleArn ? `${describeChain(options.profile, options.env)}; then sts:AssumeRole into ${options.roleArn}` : describeChain(options.profile, options.env);
  if (options.profile && !deps.credentials) {
    const missing = missingProfile(options.profile, options.env);
    if (missing) throw new AwsCredentialsError(missing);
  }
  const credentials = deps.credentials ?? baseCredentials(options.profile);
  await resolveCredentials(credentials, describeChain(options.profile, options.env));
  // One limiter per account: the caller's own calls (identity, AssumeRole, ListAccounts) count
  // against its account's ceiling like any other.
  const limiters = new Map<string, RateLimiter>();
  const callerLimiter = new RateLimiter(options.maxRps);
  const sessionFor = (account: string, creds: AwsCredentialIdentityProvider) => {
    if (!limiters.has(account)) limiters.set(account, new RateLimiter(options.maxRps));
    return new AccountSession({ account, credentials: creds, clients, ledger, maxRps: options.maxRps, concurrency: options.concurrency, limiter: limiters.get(account), signal: deadline.signal, now: deps.now });
  };

  const base = new AccountSession({ account: 'caller', credentials, clients, ledger, maxRps: options.maxRps, concurrency: options.concurrency, limiter: callerLimiter, signal: deadline.signal, now: deps.now });
  options.onProgress?.({ type: 'step', doing: 'STS GetCallerIdentity' });
  const identity = await callerIdentity(base, home, tried);
  limiters.set(identity.account, callerLimiter);
  options.onProgress?.({ type: 'identity', identity });
  const problems: ScanProblem[] = [];
  const resources: Resource[] = [];
  const gaps: NotInventoried[] = [];
  const outcomes: AwsAccountOutcome[] = [];
  const skippedRegions: AwsScanMeta['skippedRegions'] = [];
  const config: ConfigFindings = { rules: [], packs: [], evaluations: [] };
  const notCollected: NotCollected[] = [];
  const collection: CollectionWindow[] = [];
  const clock = deps.now ?? (() => new Date());

  if (options.configAggregator) {
    const aggregatorStarted = clock().toISOString();
    const aggregated = await scanAggregator(sessionFor(identity.account, credentials), home, identity.partition, options.configAggregator, options.regions);
    resources.push(...aggregated.resources);
    problems.push(...aggregated.problems);
    gaps.push(...aggregated.gaps);
    outcomes.push(...aggregated.accounts);
    config.rules.push(...aggregated.configRules);
    config.evaluations.push(...aggregated.evaluations);
    collection.push({ account: identity.account, region: `aggregator ${options.configAggregator}`, startedAt: aggregatorStarted, finishedAt: clock().toISOString() });
    // The aggregator path reads only its own types: every other type it counts is a blind spot.
    const listed = await aggregatorNotCollected(sessionFor(identity.account, credentials), home, options.configAggregator, (type) => type in AGGREGATOR_TYPES);
    notCollected.push(...listed.notCollected);
    problems.push(...listed.problems);
  } else {
    if (options.organization) options.onProgress?.({ type: 'step', doing: 'Organizations ListAccounts' });
    const everyTarget = await targetAccounts(options, identity, base, home);
    const targets = options.selectAccounts ? options.selectAccounts(everyTarget) : everyTarget;
    await mapBounded(targets, options.accountConcurrency, async (account) => {
      const creds = options.roleArn ? assumedRoleProvider(base, home, roleArnFor(options.roleArn, account), options.externalId) : credentials;
      const outcome = await scanAccount(sessionFor(account, creds), identity, options, home, deps, { problems, resources, gaps, skippedRegions, config, notCollected, collection }, deadline);
      outcomes.push(outcome);
    });
  }

  // A scan that saw nothing has nothing to report: no account (or no region of any) was read.
  const noneSelected = options.selectAccounts !== undefined && outcomes.length === 0;
  if (!options.configAggregator && !noneSelected && !outcomes.some((o) => o.status !== 'failed' && o.regions.length > 0)) {
    const reasons = outcomes.slice(0, 3).map((o) => `account ${o.account}: ${o.reason ?? 'no region could be read'}`);
    const more = outcomes.length > 3 ? `; and ${outcomes.length - 3} more` : '';
    throw new AwsOptionsError(`no AWS account was scanned${reasons.length > 0 ? `: ${reasons.join('; ')}${more}` : ''}`);
  }
  for (const e of ledger.unreportedErrors()) {
    if (EXPECTED_KINDS.has(e.kind) || EXPECTED_CODES.has(e.code)) continue;
    const retried = e.kind.startsWith('retried ');
    problems.push({
      severity: 'warning',
      file: 'aws',
      message: retried
        ? `API errors the SDK retried: ${e.service} ${e.operation}: ${e.kind.slice('retried '.length)} ${e.code} × ${e.count} attempt(s)`
        : `API errors: ${e.service} ${e.operation}: ${e.kind} ${e.code} × ${e.count}`,
    });
  }
  attachConfigVerdicts(resources, config.evaluations);
  markAccessLogTargets(resources);
  markBackupProtection(resources, gaps);
  resources.sort((a, b) => order(a).localeCompare(order(b)));
  outcomes.sort((a, b) => a.account.localeCompare(b.account));
  collection.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
  gaps.sort((a, b) => [a.account, a.region, a.what].join('|').localeCompare([b.account, b.region, b.what].join('|')));
  return {
    resources,
    notInventoried: gaps,
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
      notCollected: notCollected.sort((a, b) => [a.account, a.region, a.type].join('|').localeCompare([b.account, b.region, b.type].join('|'))),
      collection,
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

/** What every account's scan adds to, shared by the whole scan. */
interface ScanSinks {
  notCollected: NotCollected[];
  problems: ScanProblem[];
  resources: Resource[];
  gaps: NotInventoried[];
  skippedRegions: AwsScanMeta['skippedRegions'];
  config: ConfigFindings;
  /** When each region's (and the account-wide) collection started and ended. */
  collection: CollectionWindow[];
}

async function scanAccount(
  session: AccountSession,
  caller: CallerIdentity,
  options: AwsScanOptions,
  home: string,
  deps: AwsDeps,
  sinks: ScanSinks,
  deadline: Deadline,
): Promise<AwsAccountOutcome> {
  const { problems, resources, gaps, skippedRegions, config, collection } = sinks;
  const account = session.account;
  const collectors = allCollectors(deps.reportTiming);
  // Types some collector reads: a listed type outside them is a blind spot.
  const collected = collectedComparableTypes(collectors.flatMap((c) => c.kinds));
  const accountNotCollected: NotCollected[] = [];
  const failed = (reason: string): AwsAccountOutcome => {
    options.onProgress?.({ type: 'account-done', account, status: 'failed' });
    problems.push({ severity: 'error', file: `aws:${account}`, message: `account ${account} was not scanned: ${reason}` });
    // Nothing of the account was seen: every kind a collector reads is unknown there, not absent.
    gaps.push({ source: 'aws', account, region: '*', kinds: [...new Set(collectors.flatMap((c) => c.kinds))].sort(), what: 'AWS resources', reason: `the account was not scanned: ${reason}`, calls: [] });
    return { account, status: 'failed', regions: [], reason };
  };
  // An account the deadline reached before it started is not scanned, and says so.
  if (deadline.signal?.aborted) return failed(deadline.reason);
  let partition = caller.partition;
  if (options.roleArn) {
    options.onProgress?.({ type: 'step', account, doing: 'STS AssumeRole' });
    try {
      const assumed = await callerIdentity(session, home, `sts:AssumeRole into ${roleArnFor(options.roleArn, account)}`);
      partition = assumed.partition;
      if (assumed.account !== account) return failed(`the assumed role belongs to account ${assumed.account}`);
    } catch (error) {
      return failed((error as Error).message);
    }
  }
  let plan;
  options.onProgress?.({ type: 'step', account, doing: 'EC2 DescribeRegions' });
  try {
    plan = await planRegions(session, home, partition, options.regions ?? [home]);
  } catch (error) {
    return failed((error as Error).message);
  }
  if (plan.regions.length === 0) {
    const why = plan.skipped.map((s) => `${s.region}: ${s.reason}`).join('; ');
    return failed(`no region to scan${why ? ` (${why})` : ''}`);
  }
  for (const s of plan.skipped) {
    skippedRegions.push({ account, ...s });
    problems.push({ severity: 'warning', file: `aws:${account}/${s.region}`, message: `region ${s.region} skipped: ${s.reason}` });
  }
  if (plan.warning) problems.push({ severity: 'warning', file: `aws:${account}`, message: plan.warning });

  const globals = collectors.filter((c) => c.scope === 'global');
  const regionals = collectors.filter((c) => c.scope === 'regional');
  const tasksByRegion: Record<string, number> = {};
  if (globals.length > 0) tasksByRegion.global = globals.length;
  for (const region of plan.regions) tasksByRegion[region] = regionals.length;
  options.onProgress?.({ type: 'account', account, tasks: globals.length + plan.regions.length * regionals.length, regions: plan.regions, tasksByRegion });

  const regions = [...plan.regions];
  const unavailable = new Set<string>();
  let credentialsDead: string | undefined;
  /** Collectors that did not run or did not finish because the credentials stopped working. */
  const cutShort: Array<{ collector: Collector; region: string }> = [];
  const now = deps.now ?? (() => new Date());
  // Kept per account until its regions are known to have answered, like its resources.
  const accountConfig: ConfigFindings = { rules: [], packs: [], evaluations: [] };
  const accountGaps: NotInventoried[] = [];
  const context = (region: string, collector: Collector): CollectContext => ({
    session,
    account,
    partition,
    region,
    regions,
    now,
    note: (message) => problems.push({ severity: 'warning', file: `aws:${account}/${region}`, message }),
    problem: (problem) => problems.push(problem),
    notInventoried: (gap) => accountGaps.push(gap),
    listed: (found) => {
      if (!isCollectedTaggingType(found.type, collected)) accountNotCollected.push({ account, region, ...found });
    },
    collector,
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
      if (credentialsDead && !unavailable.has(region)) cutShort.push({ collector, region });
      options.onProgress?.({ type: 'task', ...task });
      return;
    }
    options.onProgress?.({ type: 'task-start', ...task });
    try {
      found.push(...(await collector.collect(context(region, collector))));
    } catch (error) {
      if (error instanceof RegionUnavailable) unavailable.add(region);
      else if (error instanceof CredentialsFailed || error instanceof AwsCredentialsError) {
        credentialsDead ??= error.message;
        cutShort.push({ collector, region });
      } else {
        const reason = `${collector.name} stopped: ${(error as Error).message}`;
        problems.push({ severity: 'error', file: `aws:${account}/${task.region}`, message: reason });
        accountGaps.push({ source: 'aws', account, region: task.region, kinds: [...collector.kinds], what: collector.name, reason, calls: [], ...partialOf(collector.partial, collector.kinds) });
      }
    } finally {
      options.onProgress?.({ type: 'task', ...task });
    }
  };

  const globalRegion = plan.regions.includes(home) ? home : (plan.regions[0] ?? home);
  // What was still running when its time ran out, by group (a region, or `global` for the
  // account-wide collectors), with why: ` within 900 s` or `: the scan's deadline of 60 s passed`.
  const cutOff = new Map<string, string>();
  // Each region has its own clock, stopped when its own tasks end: one region that hangs is cut
  // off alone, never the others that finished while it waited. The account-wide collectors run
  // under the clock of the region their calls go to, but are reported as themselves.
  const runRegion = async (region: string): Promise<void> => {
    const abort = new AbortController();
    // Every call of the region listens to this one signal; Node's default cap of 10 listeners is far too low.
    setMaxListeners(0, abort.signal);
    session.setRegionSignal(region, abort.signal);
    const groups = new Map<string, Collector[]>([[region, regionals]]);
    if (region === globalRegion) groups.set('global', globals);
    const running = new Set(groups.keys());
    const startedAt = now().toISOString();
    const stop = (why: string, reason: string) => {
      for (const group of running) cutOff.set(group, why);
      abort.abort(reason);
    };
    const timer = setTimeout(() => stop(` within ${Math.round(options.regionTimeoutMs / 1000)} s`, `region ${region} did not finish in time`), options.regionTimeoutMs);
    const onDeadline = () => stop(`: ${deadline.reason}`, deadline.reason);
    deadline.signal?.addEventListener('abort', onDeadline, { once: true });
    if (deadline.signal?.aborted) onDeadline();
    try {
      await Promise.all([...groups].map(async ([group, collectors]) => {
        await Promise.all(collectors.map((c) => run(c, region)));
        running.delete(group);
        if (!unavailable.has(region) || group === 'global') collection.push({ account, region: group, startedAt, finishedAt: now().toISOString() });
      }));
    } finally {
      clearTimeout(timer);
      deadline.signal?.removeEventListener('abort', onDeadline);
    }
  };
  await Promise.all(plan.regions.length > 0 ? plan.regions.map(runRegion) : [Promise.all(globals.map((c) => run(c, globalRegion)))]);
  for (const [group, why] of [...cutOff].sort(([a], [b]) => a.localeCompare(b))) {
    const what = group === 'global' ? 'the account-wide collectors (global)' : `region ${group}`;
    problems.push({ severity: 'error', file: `aws:${account}/${group}`, message: `${what} did not finish${why}: what it had not read is unknown or missing` });
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
  gaps.push(...accountGaps.filter((g) => !unavailable.has(g.region)));
  sinks.notCollected.push(...accountNotCollected.filter((n) => !unavailable.has(n.region)));
  const regionsRead = plan.regions.filter((r) => !unavailable.has(r));
  if (credentialsDead) {
    // What was read stays; what was not is named, collector by collector, and unknown.
    const missed = cutShort.filter((c) => !unavailable.has(c.region)).map(({ collector, region }) => ({ collector, region: collector.scope === 'global' ? 'global' : region }));
    const reason = `credentials stopped working during the scan (${credentialsDead})`;
    for (const { collector, region } of missed) {
      if (collector.kinds.length > 0) gaps.push({ source: 'aws', account, region, kinds: [...collector.kinds], what: collector.name, reason: `${collector.name} did not run or finish: ${reason}`, calls: [], ...partialOf(collector.partial, collector.kinds) });
    }
    const names = [...new Set(missed.map((m) => (m.region === 'global' ? m.collector.name : `${m.collector.name} (${m.region})`)))];
    problems.push({ severity: 'error', file: `aws:${account}`, message: `account ${account} is incomplete: ${reason}; these collectors did not run or finish, so what they read is unknown: ${names.join(', ')}` });
    options.onProgress?.({ type: 'account-done', account, status: 'incomplete' });
    return { account, status: 'incomplete', regions: regionsRead, reason };
  }
  options.onProgress?.({ type: 'account-done', account, status: 'scanned' });
  return { account, status: 'scanned', regions: regionsRead };
}

export { AwsCredentialsError, AwsOptionsError } from './errors.js';
