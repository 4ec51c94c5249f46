import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Resource } from '../../model/resource.js';
import { scopeName, type NotInventoried } from '../../model/inventory.js';
import type { LoadedSnapshot } from './snapshot.js';
import { AWS_DEFAULTS } from './defaults.js';
import { scanAws, type AwsScanMeta } from './index.js';
import type { ClientFactory, RawAnswer } from './session.js';

/**
 * Evidence checked against itself: a snapshot keeps every raw API answer beside the normalised
 * resources built from them. Replaying the answers through the same collectors must give the
 * same resources; a normalised section that disagrees with the answers was edited (a public
 * bucket made private in the resources but not in GetBucketAcl), so it is an error, not evidence.
 */

/** Base credentials of a replay; an assumed role's are `REPLAY-<account>`. */
const BASE_KEY = 'REPLAY-BASE';

/** JSON with object keys sorted: equal inputs and resources compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (value && typeof value === 'object' && !(value instanceof Uint8Array) && typeof (value as { toJSON?: unknown }).toJSON === 'function') value = (value as { toJSON: () => unknown }).toJSON();
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Uint8Array) return canonical({ $base64: Buffer.from(value).toString('base64') });
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Answers as written: `{ $base64 }` back to bytes (the credential report). */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.$base64 === 'string' && Object.keys(record).length === 1) return new Uint8Array(Buffer.from(record.$base64, 'base64'));
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

interface Replay {
  clients: ClientFactory;
  credentials: AwsCredentialIdentityProvider;
  now: () => Date;
}

/**
 * Clients that answer from the recorded answers: by account (told by the credentials a session
 * holds), region, service, call and request; identical requests get their answers in the order
 * they were recorded. A request never recorded fails like a denied call would not: as an error
 * the collectors report, so the replayed inventory shows it.
 */
function replayClients(raw: readonly RawAnswer[], identityAccount: string): Replay {
  const queues = new Map<string, RawAnswer[]>();
  const keyOf = (account: string, region: string, service: string, operation: string, input: unknown): string =>
    `${account}|${region}|${service}|${operation}|${canonical(input ?? {})}`;
  for (const answer of raw) {
    const key = keyOf(answer.account, answer.region, answer.service, answer.operation, answer.input);
    const queue = queues.get(key) ?? [];
    queue.push(answer);
    queues.set(key, queue);
  }
  const served = new Map<string, number>();
  // The collectors' clock (credential and certificate ages) follows the answers' own times.
  let clock = raw.reduce((earliest, a) => (a.at < earliest ? a.at : earliest), raw[0]?.at ?? new Date(0).toISOString());
  const clients: ClientFactory = (service, region, credentials) => ({
    async send(command: object) {
      const operation = command.constructor.name.replace(/Command$/, '');
      const input = (command as { input?: unknown }).input;
      const { accessKeyId } = await credentials();
      // Base credentials serve the scan's own calls (`caller`) and, without roles, the identity's account.
      const accounts = accessKeyId === BASE_KEY ? ['caller', identityAccount] : [accessKeyId.slice('REPLAY-'.length)];
      for (const account of accounts) {
        const key = keyOf(account, region, service, operation, input);
        const queue = queues.get(key);
        if (!queue) continue;
        const index = served.get(key) ?? 0;
        served.set(key, index + 1);
        const answer = queue[Math.min(index, queue.length - 1)]!;
        if (answer.at > clock) clock = answer.at;
        if (answer.error) {
          const status = /^HTTP (\d{3})$/.exec(answer.error.code)?.[1];
          throw Object.assign(new Error(answer.error.message), { name: answer.error.code, code: answer.error.code, $metadata: { httpStatusCode: status ? Number(status) : 400 } });
        }
        if (service === 'sts' && operation === 'AssumeRole') {
          // The recorded credentials are never needed (nor kept); the role's account is what matters.
          const roleAccount = String((input as { RoleArn?: string }).RoleArn ?? '').split(':')[4] ?? '';
          return { ...(revive(answer.output) as object), Credentials: { AccessKeyId: `REPLAY-${roleAccount}`, SecretAccessKey: 'replay', SessionToken: 'replay', Expiration: new Date(Date.now() + 3600_000) } };
        }
        return revive(answer.output);
      }
      throw Object.assign(new Error(`the snapshot holds no answer to ${service}:${operation} in ${region}`), { name: 'NotInSnapshot', $metadata: { httpStatusCode: 400 } });
    },
  });
  return { clients, credentials: async () => ({ accessKeyId: BASE_KEY, secretAccessKey: 'replay' }), now: () => new Date(clock) };
}

/** The options the recorded scan ran with, as far as its answers and metadata tell. */
function replayOptions(raw: readonly RawAnswer[], meta: AwsScanMeta): Parameters<typeof scanAws>[0] {
  const identityCall = raw.find((a) => a.account === 'caller' && a.service === 'sts' && a.operation === 'GetCallerIdentity');
  const home = identityCall?.region ?? meta.regions[0] ?? 'us-east-1';
  const assumed = raw.find((a) => a.service === 'sts' && a.operation === 'AssumeRole');
  const roleInput = assumed?.input as { RoleArn?: string; ExternalId?: string } | undefined;
  const roleArn = roleInput?.RoleArn ? roleInput.RoleArn.replace(/^(arn:[^:]+:iam::)\d{12}(:)/, '$1{account}$2') : undefined;
  const skipped = meta.skippedRegions.map((s) => s.region);
  let regions: string[] | 'all' | undefined = [...new Set([...meta.regions, ...skipped])].sort();
  if (meta.mode === 'config-aggregator') {
    const query = raw.find((a) => a.operation === 'SelectAggregateResourceConfig');
    const listed = /awsRegion IN \(([^)]*)\)/.exec(String((query?.input as { Expression?: string } | undefined)?.Expression ?? ''))?.[1];
    regions = listed ? listed.split(',').map((r) => r.trim().replace(/^'|'$/g, '')) : undefined;
  }
  return {
    ...(regions ? { regions } : {}),
    ...(roleArn ? { roleArn, accounts: meta.accounts.map((a) => a.account) } : {}),
    ...(roleInput?.ExternalId ? { externalId: roleInput.ExternalId } : {}),
    ...(meta.aggregator ? { configAggregator: meta.aggregator } : {}),
    maxRps: 10_000,
    concurrency: AWS_DEFAULTS.concurrency,
    accountConcurrency: AWS_DEFAULTS.accountConcurrency,
    regionTimeoutMs: 24 * 3600_000,
    keepRaw: false,
    env: { AWS_REGION: home },
  };
}

/**
 * A resource as the snapshot states it, compared with the replayed one: the attributes the snapshot
 * holds (a newer Vigil may read more from the same answers: those are not the snapshot's claims)
 * and its provenance without the calls (checked apart: each must be an answer the snapshot holds).
 */
function comparable(resource: Resource, stated: Resource = resource): string {
  const keys = Object.keys(stated.attributes);
  const attributes = Object.fromEntries(keys.map((key) => [key, resource.attributes[key] ?? null]));
  // The calls are checked apart: each must be an answer the snapshot holds, at its time.
  // `code` is the drift join's link to the Terraform block, added after collection: not evidence.
  const provenance = resource.provenance.source === 'aws' ? { ...resource.provenance, calls: [], code: undefined } : resource.provenance;
  return canonical({ ...resource, attributes, provenance });
}

/** A scope the replay could not list only because the snapshot holds no answer to the call: read by a newer Vigil than the one that wrote it. */
const notInSnapshot = (gap: NotInventoried): boolean => /NotInSnapshot/.test(gap.reason);

const identify = (r: Resource): string => (r.provenance.source === 'aws' ? `${r.kind} ${r.provenance.account}/${r.provenance.region} ${r.provenance.arn || r.id}` : `${r.kind} ${r.id}`);

/** At most this many disagreements are named. */
const MAX_NAMED = 10;

/**
 * Replays the answers and compares: every disagreement between the snapshot's resources (and
 * the scopes it says could not be listed) and what its own answers give, each naming the resource.
 * `unread` are the scopes today's collectors read that the snapshot holds no answer for (it was
 * written by an older Vigil): nothing in the snapshot says what is there, so they are not inventoried.
 */
export interface SnapshotRecheck {
  disagreements: string[];
  unread: NotInventoried[];
}

export async function recheckSnapshot(snapshot: { meta: AwsScanMeta; resources: Resource[]; notInventoried: NotInventoried[]; raw: readonly RawAnswer[]; problems: Array<{ severity: string; message: string }> }): Promise<SnapshotRecheck> {
  const replay = replayClients(snapshot.raw, snapshot.meta.identity.account);
  let replayed;
  try {
    replayed = await scanAws(replayOptions(snapshot.raw, snapshot.meta), {
      clients: replay.clients,
      credentials: replay.credentials,
      now: replay.now,
      reportTiming: { firstDelayMs: 0, maxDelayMs: 0, deadlineMs: 60_000, sleep: async () => undefined },
    });
  } catch (error) {
    return { disagreements: [`its answers cannot be replayed: ${(error as Error).message}`], unread: [] };
  }
  const out: string[] = [];
  const mine = new Map(snapshot.resources.map((r) => [identify(r), r]));
  const theirs = new Map(replayed.resources.map((r) => [identify(r), r]));
  // A scan cut short (a deadline, credentials that died) left calls unmade: it may hold fewer resources than its answers name.
  const cutShort = snapshot.problems.some((p) => p.severity === 'error' && /did not finish|is incomplete|was not scanned/.test(p.message));
  for (const [id, resource] of mine) {
    const other = theirs.get(id);
    if (!other) out.push(`${id}: in the resources, but no answer in the snapshot gives it`);
    else if (comparable(resource) !== comparable(other, resource)) out.push(`${id}: the resource says ${differingField(resource, other)} otherwise than the answers it was built from`);
  }
  if (!cutShort) for (const id of theirs.keys()) if (!mine.has(id)) out.push(`${id}: the answers give it, but the resources leave it out`);
  // Each evidence time must be the time of an answer of that call.
  const times = new Set(snapshot.raw.map((a) => `${a.service}|${a.operation}|${a.at}`));
  for (const resource of snapshot.resources) {
    if (resource.provenance.source !== 'aws') continue;
    const bad = resource.provenance.calls.find((c) => !times.has(`${c.service}|${c.operation}|${c.at}`));
    if (bad) out.push(`${identify(resource)}: its evidence names ${bad.service}:${bad.operation} at ${bad.at}, which no answer in the snapshot was read at`);
  }
  // Scopes that could not be listed, compared like resources: the calls without their times.
  const gapKey = (g: NotInventoried): string => canonical({ ...g, calls: g.calls.map((c) => ({ service: c.service, operation: c.operation })) });
  const gaps = new Set(snapshot.notInventoried.map(gapKey));
  const unread: NotInventoried[] = [];
  for (const gap of replayed.notInventoried) {
    if (notInSnapshot(gap)) unread.push({ ...gap, reason: 'the snapshot holds no answer to the calls that list them: it was written by a Vigil that did not read them', calls: [] });
    else if (!gaps.has(gapKey(gap))) out.push(`${gap.what} in ${gap.account}/${gap.region}: the answers say it could not be listed (${gap.reason}), the snapshot does not`);
  }
  return { disagreements: out.length > MAX_NAMED ? [...out.slice(0, MAX_NAMED), `and ${out.length - MAX_NAMED} more`] : out, unread };
}

/**
 * Rechecks a loaded snapshot against its own answers. With none disagreeing, what today's
 * collectors read but the snapshot never asked AWS (an older Vigil wrote it) joins its scopes not
 * inventoried, with one warning naming them, so those kinds are unknown, never absent. Returns the
 * disagreements; the caller refuses a snapshot that has any.
 */
export async function acceptSnapshot(snapshot: LoadedSnapshot, file: string): Promise<string[]> {
  const { disagreements, unread } = await recheckSnapshot(snapshot);
  if (disagreements.length > 0) return disagreements;
  const known = new Set(snapshot.notInventoried.map(scopeName));
  const added = unread.filter((gap) => !known.has(scopeName(gap)));
  if (added.length === 0) return [];
  snapshot.notInventoried.push(...added);
  const by = snapshot.toolVersion ? `Vigil ${snapshot.toolVersion}` : 'an older Vigil';
  const named = added.slice(0, 5).map(scopeName).join('; ') + (added.length > 5 ? `; and ${added.length - 5} more` : '');
  snapshot.problems.push({ severity: 'warning', file, message: `written by ${by}, which did not read everything this version reads: ${added.length} scope(s) are unknown, not absent (${named})` });
  return [];
}

/** The first top-level part of a resource that differs, for the message (`attributes.acl`). */
function differingField(a: Resource, b: Resource): string {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (key === 'attributes' && x && y && typeof x === 'object' && typeof y === 'object') {
      for (const attr of Object.keys(x).sort()) {
        if (canonical((x as Record<string, unknown>)[attr]) !== canonical((y as Record<string, unknown>)[attr])) return `attributes.${attr}`;
      }
      continue;
    }
    if (key === 'provenance') {
      if (comparable({ ...a, attributes: {} } as Resource) !== comparable({ ...b, attributes: {} } as Resource, { ...a, attributes: {} } as Resource)) return 'its provenance';
      continue;
    }
    if (canonical(x) !== canonical(y)) return key;
  }
  return 'something';
}
