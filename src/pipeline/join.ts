import type { AwsProvenance, CodeLink, Resource, StateProvenance, TerraformProvenance } from '../model/resource.js';
import { gapCovers, scopeName, type NotInventoried } from '../model/inventory.js';

/**
 * The join of the three views of a resource. Code and state meet by root folder and address;
 * state and live by ARN, else by the provider's ID or name within the kind (a state written with
 * `skip_requesting_account_id` records ARNs without the account). Every side is indexed once, so
 * the join is linear in the number of resources.
 */

export interface LiveScope {
  accounts: string[];
  regions: string[];
  /** Listings that failed: their kinds cannot be told gone there. */
  gaps: readonly NotInventoried[];
}

export interface LiveJoin {
  /** State resource → the live resource it is. */
  live: Map<Resource, Resource>;
  /** Live resources of manageable kinds that no state knows. */
  unmanaged: Resource[];
  /** State resources the account does not have. */
  gone: Resource[];
  /** State resources that could not be looked for, and why. */
  notCompared: Array<{ state: Resource; reason: string }>;
}

/** Kinds read account-wide (one listing for every region): a resource's region does not decide whether it was looked for. */
const GLOBAL_KINDS = new Set(['aws.s3.bucket', 'aws.iam.user', 'aws.iam.policy', 'aws.iam.password_policy', 'aws.iam.root_account']);

/**
 * Settings every account or region has whether or not anyone made them (the password policy, EBS
 * encryption by default, the S3 account block): never "unmanaged".
 */
const ACCOUNT_SETTINGS = new Set([
  'aws.iam.password_policy',
  'aws.iam.root_account',
  'aws.s3.account_public_access_block',
  'aws.ec2.ebs_encryption_default',
  'aws.config.recorder',
  'aws.guardduty.detector',
  'aws.securityhub.hub',
]);

const key = (root: string | undefined, address: string): string => `${root ?? ''}\u0000${address}`;

/** Sets each state resource's code block (root and address), and returns state → code. */
export function linkCodeToState(code: readonly Resource[], states: readonly Resource[]): Map<Resource, Resource> {
  const byAddress = new Map<string, Resource>();
  for (const resource of code) {
    const p = resource.provenance as TerraformProvenance;
    if (p.source !== 'terraform' || p.moduleDefaults !== undefined) continue;
    byAddress.set(key(p.root, p.address), resource);
  }
  const joined = new Map<Resource, Resource>();
  for (const state of states) {
    const p = state.provenance as StateProvenance;
    if (p.root === undefined) continue;
    const match = byAddress.get(key(p.root, p.address));
    if (!match || match.kind !== state.kind) continue;
    joined.set(state, match);
    p.code = codeLink(match);
  }
  return joined;
}

export function codeLink(resource: Resource): CodeLink {
  const p = resource.provenance as TerraformProvenance;
  return { address: p.address, ...(p.root !== undefined ? { root: p.root } : {}), location: p.location };
}

/** The last part of an ARN's resource: `sg-1` of `…:security-group/sg-1`, the name of `arn:aws:s3:::name`. */
function arnTail(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  const slash = resource.lastIndexOf('/');
  return slash >= 0 ? resource.slice(slash + 1) : resource;
}

/**
 * Joins state resources to live ones; a joined live resource takes its state's code block, so its
 * results point at file and line.
 */
export function joinLive(states: readonly Resource[], live: readonly Resource[], scope: LiveScope, manageable: ReadonlySet<string>): LiveJoin {
  const byArn = new Map<string, Resource>();
  // By kind, then by ID or name: no key strings are built for the 20,000 resources of a large account.
  const byKind = new Map<string, Map<string, Resource>>();
  const setOnce = (map: Map<string, Resource>, k: string, r: Resource): void => {
    if (!map.has(k)) map.set(k, r);
  };
  for (const resource of live) {
    const p = resource.provenance as AwsProvenance;
    if (p.source !== 'aws' || p.notInventoried) continue;
    setOnce(byArn, p.arn, resource);
    let ids = byKind.get(resource.kind);
    if (!ids) byKind.set(resource.kind, (ids = new Map()));
    setOnce(ids, arnTail(p.arn), resource);
    if (p.resourceId) setOnce(ids, p.resourceId, resource);
    setOnce(ids, resource.name, resource);
  }
  const result: LiveJoin = { live: new Map(), unmanaged: [], gone: [], notCompared: [] };
  const matched = new Set<Resource>();
  const covered = new Set<string>();
  for (const state of states) {
    const p = state.provenance as StateProvenance;
    for (const id of p.covers ?? []) covered.add(id);
    const ids = byKind.get(state.kind);
    const fits = (c: Resource | undefined): c is Resource => c !== undefined && c.kind === state.kind && (p.account === undefined || (c.provenance as AwsProvenance).account === p.account);
    const byArnMatch = p.arn !== undefined ? byArn.get(p.arn) : undefined;
    const byIdMatch = p.resourceId !== undefined ? ids?.get(p.resourceId) : undefined;
    const byName = ids?.get(state.name);
    const found = fits(byArnMatch) ? byArnMatch : fits(byIdMatch) ? byIdMatch : fits(byName) ? byName : undefined;
    if (found) {
      result.live.set(state, found);
      matched.add(found);
      if (p.code) (found.provenance as AwsProvenance).code = p.code;
      continue;
    }
    const reason = whyNotLookedFor(state, scope);
    if (reason) result.notCompared.push({ state, reason });
    else result.gone.push(state);
  }
  for (const resource of live) {
    const p = resource.provenance as AwsProvenance;
    if (p.source !== 'aws' || p.notInventoried || matched.has(resource)) continue;
    if (!manageable.has(resource.kind) || ACCOUNT_SETTINGS.has(resource.kind) || isAwsDefault(resource) || covered.has(arnTail(p.arn))) continue;
    result.unmanaged.push(resource);
  }
  return result;
}

/** What AWS creates by itself: default VPCs, security groups and network ACLs, default parameter groups, AWS-managed keys. */
function isAwsDefault(resource: Resource): boolean {
  const a = resource.attributes;
  if (a.is_default === true) return true;
  if (resource.kind === 'aws.rds.db_parameter_group' && resource.name.startsWith('default.')) return true;
  if (resource.kind === 'aws.kms.key' && a.key_manager === 'AWS') return true;
  return false;
}

/** Why a state resource missing from the inventory may still exist: its region was not scanned, or its kind not inventoried there. */
function whyNotLookedFor(state: Resource, scope: LiveScope): string | undefined {
  const p = state.provenance as StateProvenance;
  const region = typeof state.attributes.region === 'string' ? state.attributes.region : undefined;
  if (p.account !== undefined && !scope.accounts.includes(p.account)) return `account ${p.account} was not scanned`;
  if (region !== undefined && !GLOBAL_KINDS.has(state.kind) && !scope.regions.includes(region)) return `region ${region} was not scanned`;
  for (const gap of scope.gaps) {
    if (!gapCovers(gap, state.kind, state.attributes)) continue;
    if (p.account !== undefined && gap.account !== p.account) continue;
    if (region !== undefined && gap.region !== region && gap.region !== 'global' && gap.region !== '*') continue;
    return `${scopeName(gap)} were not inventoried: ${gap.reason}`;
  }
  return undefined;
}
