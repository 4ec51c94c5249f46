import type { ApiEvidence } from './resource.js';

/**
 * A part of the inventory a source could not read: a listing that failed (denied, throttled out,
 * timed out, an empty or malformed answer), a collector that never ran, an account that could not
 * be entered. The kinds it covers are not inventoried in that scope, so the absence of their
 * resources there says nothing: the engine makes every rule over them unknown for the scope.
 */
export interface NotInventoried {
  source: 'aws';
  account: string;
  /** The region; `global` for account-wide listings (IAM, the S3 bucket list); `*` for every region. */
  region: string;
  /** Model kinds the failed listing would have filled. */
  kinds: string[];
  /** What could not be listed, for people: `S3 buckets`. */
  what: string;
  /** Why, by the call that failed: `access denied to s3:ListBuckets (AccessDenied)`. */
  reason: string;
  /** The failed call, as evidence; empty when nothing was called (a collector that never ran). */
  calls: ApiEvidence[];
  /**
   * Kinds the gap covers only part of, by kind: the resources whose attribute has the value
   * (launch configurations are `aws.ec2.instance` with `launched_by` "launch_configuration"; a
   * failed launch configuration listing says nothing about the instances DescribeInstances read).
   */
  partial?: Record<string, KindPart>;
}

export interface KindPart {
  attribute: string;
  value: string;
}

/** Whether the gap covers a resource of this kind with these attributes (all of the kind when none are given). */
export function gapCovers(gap: Pick<NotInventoried, 'kinds' | 'partial'>, kind: string, attributes?: Readonly<Record<string, unknown>>): boolean {
  if (!gap.kinds.includes(kind)) return false;
  const part = gap.partial?.[kind];
  return part === undefined || attributes === undefined || attributes[part.attribute] === part.value;
}

/** The part of `kinds` a collector emits only in part, for the gaps it leaves. */
export function partialOf(parts: Readonly<Record<string, KindPart>> | undefined, kinds: readonly string[]): Pick<NotInventoried, 'partial'> {
  const picked = Object.entries(parts ?? {}).filter(([kind]) => kinds.includes(kind));
  return picked.length > 0 ? { partial: Object.fromEntries(picked) } : {};
}

/** How a not-inventoried scope is named for people: `S3 buckets in 111122223333`. */
export function scopeName(gap: Pick<NotInventoried, 'what' | 'account' | 'region'>): string {
  const where = gap.region === 'global' ? '' : gap.region === '*' ? ', every region' : ` ${gap.region}`;
  return `${gap.what} in ${gap.account}${where}`;
}

/**
 * When a source collected one account and region (`global` for the account-wide reads): the
 * period the evidence describes.
 */
export interface CollectionWindow {
  account: string;
  region: string;
  startedAt: string;
  finishedAt: string;
}
