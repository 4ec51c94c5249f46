import {
  GetAggregateDiscoveredResourceCountsCommand,
  GetDiscoveredResourceCountsCommand,
  type GetAggregateDiscoveredResourceCountsCommandOutput,
  type GetDiscoveredResourceCountsCommandOutput,
} from '@aws-sdk/client-config-service';
import { GetResourcesCommand, type GetResourcesCommandOutput } from '@aws-sdk/client-resource-groups-tagging-api';
import { taggingTypeOfArn, type NotCollected } from '../../../model/resource-types.js';
import type { ScanProblem } from '../../../model/problem.js';
import { unknownFrom, type AccountSession } from '../session.js';
import type { Collector } from './support.js';

/**
 * What the account holds beyond what the collectors read: AWS Config's resource counts by type,
 * else the Resource Groups Tagging API's list of resources (which names only resources that have
 * or had tags). Emits no model resource; every type it finds goes to `ctx.listed`, and the source
 * keeps those no collector reads as the tool's blind spots. A listing that is denied is said so.
 */

/** The tagging API is read at most this many pages of 100 a region; beyond, the count says so. */
export const MAX_TAGGING_PAGES = 50;

export const inventoryListingCollector: Collector = {
  name: 'resource listing (what no collector reads)',
  service: 'config',
  kinds: [],
  scope: 'regional',
  async collect(ctx) {
    const counts = await ctx.session.call<GetDiscoveredResourceCountsCommandOutput>('config', ctx.region, new GetDiscoveredResourceCountsCommand({}));
    if (counts.ok && (counts.value.totalDiscoveredResources ?? 0) > 0) {
      // One call gives the first page (up to 100 types): enough for the types an account has.
      for (const c of counts.value.resourceCounts ?? []) {
        if (c.resourceType && (c.count ?? 0) > 0) ctx.listed?.({ type: c.resourceType, count: c.count!, listedBy: 'aws-config' });
      }
      return [];
    }
    const byType = new Map<string, number>();
    let token: string | undefined;
    let pages = 0;
    let failed: string | undefined;
    do {
      const page = await ctx.session.call<GetResourcesCommandOutput>('tagging', ctx.region, new GetResourcesCommand({ ResourcesPerPage: 100, ...(token ? { PaginationToken: token } : {}) }));
      if (!page.ok) {
        ctx.session.reported(page);
        failed = unknownFrom(page).reason;
        break;
      }
      for (const mapping of page.value.ResourceTagMappingList ?? []) {
        const type = mapping.ResourceARN ? taggingTypeOfArn(mapping.ResourceARN) : undefined;
        if (type) byType.set(type, (byType.get(type) ?? 0) + 1);
      }
      token = page.value.PaginationToken || undefined;
      pages++;
    } while (token && pages < MAX_TAGGING_PAGES);
    if (failed !== undefined) {
      if (!counts.ok) ctx.session.reported(counts);
      const config = counts.ok ? 'AWS Config records no resource here' : `AWS Config: ${unknownFrom(counts).reason}`;
      ctx.note(`the resources no collector reads could not be listed, so the tool's blind spots here are not known: ${config}; Resource Groups Tagging API: ${failed}`);
      return [];
    }
    if (!counts.ok) ctx.session.reported(counts);
    if (token) ctx.note(`the tagging API listed more than ${MAX_TAGGING_PAGES * 100} resources; the blind spots counted are those of the first ${MAX_TAGGING_PAGES * 100}`);
    for (const [type, count] of [...byType].sort(([a], [b]) => (a < b ? -1 : 1))) ctx.listed?.({ type, count, listedBy: 'resource-groups-tagging' });
    return [];
  },
};

/**
 * With `--config-aggregator`: the aggregator's resource counts by type over every account and
 * region it aggregates (account and region `*`), the types no collector reads kept as blind spots.
 */
export async function aggregatorNotCollected(
  session: AccountSession,
  region: string,
  aggregator: string,
  isCollected: (type: string) => boolean,
): Promise<{ notCollected: NotCollected[]; problems: ScanProblem[] }> {
  const notCollected: NotCollected[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await session.call<GetAggregateDiscoveredResourceCountsCommandOutput>(
      'config',
      region,
      new GetAggregateDiscoveredResourceCountsCommand({ ConfigurationAggregatorName: aggregator, GroupByKey: 'RESOURCE_TYPE', ...(token ? { NextToken: token } : {}) }),
    );
    if (!page.ok) {
      session.reported(page);
      const message = `the resources no collector reads could not be counted through the aggregator ${aggregator}, so the tool's blind spots are not known: ${unknownFrom(page).reason}`;
      return { notCollected, problems: [{ severity: 'warning', file: `aws:config-aggregator/${aggregator}`, message }] };
    }
    for (const group of page.value?.GroupedResourceCounts ?? []) {
      if (group.GroupName && (group.ResourceCount ?? 0) > 0 && !isCollected(group.GroupName)) {
        notCollected.push({ account: '*', region: '*', type: group.GroupName, count: group.ResourceCount!, listedBy: 'aws-config-aggregator' });
      }
    }
    token = page.value?.NextToken || undefined;
    pages++;
  } while (token && pages < MAX_TAGGING_PAGES);
  return { notCollected, problems: [] };
}
