import type { ApiEvidence, Resource } from '../../../model/resource.js';
import type { ScanProblem } from '../../../model/problem.js';
import { partialOf, type KindPart, type NotInventoried } from '../../../model/inventory.js';
import type { Value, ValueObject } from '../../../model/value.js';
import type { ConfigEvaluation, ConfigRuleCompliance, ConformancePackCompliance } from '../config-rules.js';
import type { ServiceName } from '../permissions.js';
import type { CoverageListing } from '../../../model/resource-types.js';
import { unknownFrom, type AccountSession, type Answer } from '../session.js';

/**
 * What every collector shares: the context it runs in and the helpers that turn API answers into
 * model resources with their provenance. Collectors only read; they never decide pass or fail.
 */

export interface CollectContext {
  session: AccountSession;
  account: string;
  partition: string;
  /** The region collected (for a global collector: the region its calls go to). */
  region: string;
  /** Every region of this scan: global collectors (S3) keep only what lives in one of them. */
  regions: readonly string[];
  /** Something a user should know that does not make the scan incomplete or wrong. */
  note: (message: string) => void;
  /** Resources that could not be listed: the scan is incomplete. */
  problem: (problem: ScanProblem) => void;
  /** A listing that failed: the kinds it covers are not inventoried in this scope. */
  notInventoried: (gap: NotInventoried) => void;
  /** The kinds of the collector running, and whether it is global: what a failed listing covers by default. */
  collector: Pick<Collector, 'kinds' | 'partial' | 'scope'>;
  now: () => Date;
  /** A resource type a listing (AWS Config, the tagging API) found in this region, and how many. */
  listed?: (found: { type: string; count: number; listedBy: CoverageListing }) => void;
  /** AWS Config's own verdicts, found in this region: kept as evidence, never a model resource. */
  configEvidence: (found: { rules: ConfigRuleCompliance[]; packs: ConformancePackCompliance[]; evaluations: ConfigEvaluation[] }) => void;
}

export interface Collector {
  /** A short name for progress and messages: `ec2 security groups`. */
  name: string;
  service: ServiceName;
  /** The model kinds it emits (none for the Config rules, which only add evidence). */
  kinds: readonly string[];
  /** Kinds it emits only part of, as a gap in it covers them (see NotInventoried.partial). */
  partial?: Readonly<Record<string, KindPart>>;
  /** `regional` runs once per region; `global` once per account (IAM, the S3 bucket list). */
  scope: 'regional' | 'global';
  collect(ctx: CollectContext): Promise<Resource[]>;
}

export function awsResource(ctx: CollectContext, kind: string, arn: string, name: string, attributes: ValueObject, calls: ApiEvidence[], region = ctx.region): Resource {
  return { kind, id: arn, name, attributes, provenance: { source: 'aws', account: ctx.account, region, arn, calls } };
}

/** Records the ID AWS Config names the resource by, where the ARN does not end in it. */
export function withResourceId(resource: Resource, id: string | undefined): Resource {
  if (id && resource.provenance.source === 'aws') resource.provenance.resourceId = id;
  return resource;
}

export function tagsOf(list: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): ValueObject {
  const out: ValueObject = {};
  for (const tag of list ?? []) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
  return out;
}

/**
 * Records that a listing call failed: one error for the scan, and the kinds it would have filled
 * (the collector's, unless named) not inventoried in this scope, so their rules are unknown here.
 */
export function listingFailed(ctx: CollectContext, what: string, answer: Answer<unknown> & { ok: false }, kinds: readonly string[] = ctx.collector.kinds): Resource[] {
  const reason = unknownFrom(answer).reason;
  ctx.session.reported(answer);
  const region = ctx.collector.scope === 'global' ? 'global' : ctx.region;
  ctx.problem({
    severity: 'error',
    file: `aws:${ctx.account}/${region}`,
    message: `${what} could not be listed, so no rule saw them: ${reason}`,
  });
  ctx.notInventoried({ source: 'aws', account: ctx.account, region, kinds: [...kinds], what, reason, calls: [answer.evidence], ...partialOf(ctx.collector.partial, kinds) });
  return [];
}

/** The value a call gives, or the `Unknown` naming why it is missing. */
export function valueOf<T>(answer: Answer<T>, map: (value: T) => Value): Value {
  return answer.ok ? map(answer.value) : unknownFrom(answer);
}

/** Like valueOf, but an error of kind not-found means `absent` (NoSuchBucketPolicy, NoSuchEntity, ...). */
export function valueOrAbsent<T>(answer: Answer<T>, map: (value: T) => Value, absent: Value, notFound: RegExp): Value {
  if (answer.ok) return map(answer.value);
  if (notFound.test(answer.error.code)) return absent;
  return unknownFrom(answer);
}

export function arn(ctx: CollectContext, service: string, resource: string, region = ctx.region): string {
  return `arn:${ctx.partition}:${service}:${region}:${ctx.account}:${resource}`;
}

export const daysBetween = (from: Date, to: Date): number => Math.floor((to.getTime() - from.getTime()) / 86_400_000);

export const evidenceOf = (...answers: Array<{ evidence: ApiEvidence } | { evidence: ApiEvidence[] }>): ApiEvidence[] =>
  answers.flatMap((a) => (Array.isArray(a.evidence) ? a.evidence : [a.evidence]));
