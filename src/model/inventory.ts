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
