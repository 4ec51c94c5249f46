import { DescribeRegionsCommand, type DescribeRegionsCommandOutput } from '@aws-sdk/client-ec2';
import { unknownFrom, type AccountSession } from './session.js';

/**
 * Which regions to scan in one account. Opt-in regions the account has not enabled are skipped
 * with a note, never tried: calls into them fail or hang (Prowler #2713).
 */

export interface RegionPlan {
  regions: string[];
  skipped: Array<{ region: string; reason: string }>;
  /** Set when the plan could not be checked against DescribeRegions. */
  warning?: string;
}

/** Regions of other partitions never belong to this account (DescribeRegions in an emulator lists them). */
export function inPartition(region: string, partition: string): boolean {
  if (partition === 'aws-cn') return region.startsWith('cn-');
  if (partition === 'aws-us-gov') return region.startsWith('us-gov-');
  return !region.startsWith('cn-') && !region.startsWith('us-gov-') && !region.startsWith('us-iso');
}

export async function planRegions(session: AccountSession, homeRegion: string, partition: string, wanted: string[] | 'all'): Promise<RegionPlan> {
  const answer = await session.call<DescribeRegionsCommandOutput>('ec2', homeRegion, new DescribeRegionsCommand({ AllRegions: true }));
  if (!answer.ok) {
    if (wanted === 'all') throw new Error(`--regions all needs the list of enabled regions: ${unknownFrom(answer).reason}`);
    return { regions: [...wanted], skipped: [], warning: `the regions could not be checked against DescribeRegions (${unknownFrom(answer).reason}); scanning them as given` };
  }
  const status = new Map<string, string>();
  for (const r of answer.value.Regions ?? []) {
    if (r.RegionName && inPartition(r.RegionName, partition)) status.set(r.RegionName, r.OptInStatus ?? 'opt-in-not-required');
  }
  const enabled = (name: string) => status.get(name) === 'opt-in-not-required' || status.get(name) === 'opted-in';
  const candidates = wanted === 'all' ? [...status.keys()].sort() : wanted;
  const plan: RegionPlan = { regions: [], skipped: [] };
  for (const region of candidates) {
    if (!status.has(region)) plan.skipped.push({ region, reason: 'not a region of this partition' });
    else if (!enabled(region)) plan.skipped.push({ region, reason: 'an opt-in region this account has not enabled' });
    else plan.regions.push(region);
  }
  return plan;
}
