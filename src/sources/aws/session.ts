import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { ApiEvidence } from '../../model/resource.js';
import { unknown, type Unknown } from '../../model/value.js';
import { AwsCredentialsError, classifyError, type AwsErrorInfo } from './errors.js';
import { RateLimiter, Semaphore } from './limiter.js';
import { redactSecrets } from './redact.js';
import { iamAction, type ServiceName } from './permissions.js';

/**
 * One account's connection to AWS: its clients, its rate limiter, its per service+region
 * concurrency pools, and the ledger every call is written to. Collectors make every call through
 * `call`, so none can bypass the ceiling, go uncounted, or lose an error.
 */

/** The part of an SDK v3 client Vigil uses; aws-sdk-client-mock and the bench fake supply it too. */
export interface AwsClient {
  send(command: object, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

export interface ClientHooks {
  /**
   * Sends one attempt (the first and each retry) when the account's rate ceiling allows. A client
   * calls it as close to the socket as it can, so the ceiling holds for requests as they leave.
   */
  wire: <T>(send: () => Promise<T>) => Promise<T>;
  /** Told about each failed attempt, whether or not the SDK retries it. */
  onRetriedError: (error: unknown, operation: string) => void;
  /** Told about each failed attempt the SDK did retry (a 5xx, a reset connection, a timeout...). */
  onRetried: (error: unknown, operation: string) => void;
}

export type ClientFactory = (service: ServiceName, region: string, credentials: AwsCredentialIdentityProvider, hooks: ClientHooks) => AwsClient;

/** One raw API answer (or error), kept for the evidence snapshot. */
export interface RawAnswer {
  account: string;
  region: string;
  service: ServiceName;
  operation: string;
  at: string;
  input: unknown;
  output?: unknown;
  error?: { code: string; message: string };
}

export interface ApiErrorCount {
  service: string;
  operation: string;
  kind: string;
  code: string;
  count: number;
}

/** Scan-wide counters, shared by every account. */
export class Ledger {
  calls = 0;
  inFlight = 0;
  peakInFlight = 0;
  readonly raw: RawAnswer[] = [];
  private readonly errors = new Map<string, ApiErrorCount>();
  /** Failures already told as an error of their own (a listing that failed): not told again. */
  private readonly reported = new Map<string, number>();

  constructor(readonly keepRaw: boolean) {}

  countError(service: string, operation: string, kind: string, code: string): void {
    const key = [service, operation, kind, code].join('|');
    const entry = this.errors.get(key) ?? { service, operation, kind, code, count: 0 };
    entry.count++;
    this.errors.set(key, entry);
  }

  markReported(service: string, operation: string, kind: string, code: string): void {
    const key = [service, operation, kind, code].join('|');
    this.reported.set(key, (this.reported.get(key) ?? 0) + 1);
  }

  /** The errors no other message tells, for the summary's warnings: each failure is said once. */
  unreportedErrors(): ApiErrorCount[] {
    return this.errorSummary()
      .map((e) => ({ ...e, count: e.count - (this.reported.get([e.service, e.operation, e.kind, e.code].join('|')) ?? 0) }))
      .filter((e) => e.count > 0);
  }

  /** Every error by service, call, kind and code, in a stable order. */
  errorSummary(): ApiErrorCount[] {
    return [...this.errors.values()].sort((a, b) =>
      [a.service, a.operation, a.kind, a.code].join('|') < [b.service, b.operation, b.kind, b.code].join('|') ? -1 : 1,
    );
  }
}

export type Answer<T> =
  | { ok: true; value: T; evidence: ApiEvidence }
  | { ok: false; error: AwsErrorInfo; action: string; evidence: ApiEvidence };

/** The call of a disabled opt-in region: the region is skipped, not the scan. */
export class RegionUnavailable extends Error {
  override readonly name = 'RegionUnavailable';
  constructor(readonly region: string, readonly code: string) {
    super(`${region} is not enabled for this account (${code})`);
  }
}

/** Credentials expired or were revoked mid-scan: the account cannot be read further. */
export class CredentialsFailed extends Error {
  override readonly name = 'CredentialsFailed';
}

export interface SessionOptions {
  account: string;
  credentials: AwsCredentialIdentityProvider;
  clients: ClientFactory;
  ledger: Ledger;
  maxRps: number;
  concurrency: number;
  /** The account's rate limiter when another session already holds one: the ceiling is per account. */
  limiter?: RateLimiter;
  /** The scan's deadline: when it aborts, every call still waiting ends as timed out. */
  signal?: AbortSignal;
  now?: () => Date;
}

export class AccountSession {
  readonly account: string;
  readonly limiter: RateLimiter;
  private readonly pools = new Map<string, Semaphore>();
  private readonly cache = new Map<string, AwsClient>();
  private readonly now: () => Date;
  /** Aborts every call of a region whose time ran out. */
  private readonly regionAborts = new Map<string, AbortSignal>();

  constructor(private readonly options: SessionOptions) {
    this.account = options.account;
    this.limiter = options.limiter ?? new RateLimiter(options.maxRps);
    this.now = options.now ?? (() => new Date());
  }

  setRegionSignal(region: string, signal: AbortSignal): void {
    this.regionAborts.set(region, signal);
  }

  client(service: ServiceName, region: string): AwsClient {
    const key = `${service}|${region}`;
    let client = this.cache.get(key);
    if (!client) {
      client = this.options.clients(service, region, this.options.credentials, {
        wire: (send) => this.limiter.schedule(() => this.onTheWire(send)),
        onRetriedError: (error, operation) => {
          // Throttling the SDK absorbs never reaches `call`; counting each throttled attempt keeps it visible.
          const info = classifyError(error);
          if (info.kind === 'throttled') this.options.ledger.countError(service, operation, 'throttled attempt', info.code);
        },
        onRetried: (error, operation) => {
          // Server errors and broken connections the retries absorbed: said as retried, never as failed.
          const info = classifyError(error);
          if (info.kind !== 'throttled') this.options.ledger.countError(service, operation, `retried ${info.kind}`, info.code);
        },
      });
      this.cache.set(key, client);
    }
    return client;
  }

  /** One attempt on the wire: counted in flight from when it leaves until its answer is in. */
  private async onTheWire<T>(send: () => Promise<T>): Promise<T> {
    const ledger = this.options.ledger;
    ledger.inFlight++;
    ledger.peakInFlight = Math.max(ledger.peakInFlight, ledger.inFlight);
    try {
      return await send();
    } finally {
      ledger.inFlight--;
    }
  }

  private pool(service: ServiceName, region: string): Semaphore {
    const key = `${service}|${region}`;
    let pool = this.pools.get(key);
    if (!pool) this.pools.set(key, (pool = new Semaphore(this.options.concurrency)));
    return pool;
  }

  /**
   * Sends one read. Never throws for an AWS error except a disabled region and dead credentials,
   * which end the region or the account; everything else comes back as a failed Answer, counted.
   */
  async call<T>(service: ServiceName, region: string, command: object): Promise<Answer<T>> {
    const operation = command.constructor.name.replace(/Command$/, '');
    const input = (command as { input?: unknown }).input;
    const ledger = this.options.ledger;
    // A region's signal is aborted by the scan's deadline too; calls outside regions (identity,
    // AssumeRole, DescribeRegions, ListAccounts) listen to the deadline alone.
    const signal = this.regionAborts.get(region) ?? this.options.signal;
    const send = async (): Promise<unknown> => {
      if (signal?.aborted) throw abortedError(signal, region);
      // The rate token is taken by the client for each attempt as it leaves (ClientHooks.wire).
      ledger.calls++;
      const sent = this.client(service, region).send(command, signal ? { abortSignal: signal } : undefined);
      return signal ? raceAbort(sent, signal, region) : sent;
    };
    try {
      const output = await this.pool(service, region).run(send);
      const evidence = { service, operation, at: this.now().toISOString() };
      if (ledger.keepRaw) ledger.raw.push({ account: this.account, region, service, operation, at: evidence.at, input, output: redactSecrets(withoutSecrets(service, operation, withoutMetadata(output))) });
      return { ok: true, value: output as T, evidence };
    } catch (error) {
      // The credentials provider failed (a role that could not be assumed): that call, not this
      // one, failed, and it was counted and told where it was made.
      if (error instanceof AwsCredentialsError) throw error;
      const info = classifyError(error);
      const evidence = { service, operation, at: this.now().toISOString() };
      ledger.countError(service, operation, info.kind, info.code);
      if (ledger.keepRaw) ledger.raw.push({ account: this.account, region, service, operation, at: evidence.at, input, error: { code: info.code, message: info.message } });
      if (info.kind === 'region-disabled') throw new RegionUnavailable(region, info.code);
      if (info.kind === 'credentials') throw new CredentialsFailed(`${service}:${operation} in ${region}: ${info.code}: ${info.message}`);
      return { ok: false, error: info, action: iamAction(service, operation), evidence };
    }
  }

  /** Marks a failed answer as told by an error of its own, so the API error summary does not repeat it. */
  reported(answer: { ok: false; error: AwsErrorInfo; evidence: ApiEvidence }): void {
    this.options.ledger.markReported(answer.evidence.service, answer.evidence.operation, answer.error.kind, answer.error.code);
  }

  /** Follows a paginated list to its end; stops with the failed answer if a page fails. */
  async paginate<T>(
    service: ServiceName,
    region: string,
    command: (token: string | undefined) => object,
    nextToken: (page: T) => string | undefined,
  ): Promise<{ ok: true; pages: T[]; evidence: ApiEvidence[] } | (Answer<T> & { ok: false })> {
    const pages: T[] = [];
    const evidence: ApiEvidence[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const answer = await this.call<T>(service, region, command(token));
      if (!answer.ok) return answer;
      pages.push(answer.value);
      evidence.push(answer.evidence);
      token = nextToken(answer.value);
      // A token that comes back twice would loop forever; AWS never does it, emulators have.
      if (token !== undefined && seen.has(token)) break;
      if (token !== undefined) seen.add(token);
    } while (token);
    return { ok: true, pages, evidence };
  }
}

/** The `Unknown` that stands for what a failed call would have told. */
export function unknownFrom(answer: { error: AwsErrorInfo; action: string }): Unknown {
  if (answer.error.kind === 'denied') return unknown(`access denied to ${answer.action} (${answer.error.code})`);
  if (answer.error.kind === 'throttled') return unknown(`${answer.action} was still throttled after the SDK's retries (${answer.error.code})`);
  if (answer.error.kind === 'timeout') return unknown(`${answer.action} timed out`);
  return unknown(`${answer.action} failed: ${answer.error.code}${answer.error.message ? `: ${firstLine(answer.error.message)}` : ''}`);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/**
 * A snapshot is evidence handed to others: the temporary credentials an AssumeRole answer holds
 * are masked before it is kept (their key ID and expiry stay, to show which session read).
 */
function withoutSecrets(service: ServiceName, operation: string, output: unknown): unknown {
  if (service !== 'sts' || operation !== 'AssumeRole' || !output || typeof output !== 'object') return output;
  const credentials = (output as { Credentials?: Record<string, unknown> }).Credentials;
  if (!credentials) return output;
  return { ...output, Credentials: { ...credentials, SecretAccessKey: '(sensitive)', SessionToken: '(sensitive)' } };
}

function withoutMetadata(output: unknown): unknown {
  if (output && typeof output === 'object' && '$metadata' in output) {
    const { $metadata: _, ...rest } = output as Record<string, unknown>;
    return rest;
  }
  return output;
}

/**
 * The SDK honours the abort signal, but a call must never outlive its region's deadline even if
 * some client does not: the session stops waiting on its own.
 */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, region: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal, region));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error); },
    );
  });
}

/** Why a call was stopped: its region ran out of time, or the scan's deadline passed. */
function abortedError(signal: AbortSignal, region: string): Error {
  const reason = typeof signal.reason === 'string' ? signal.reason : `${region} timed out`;
  return Object.assign(new Error(reason), { name: 'TimeoutError' });
}
