import {
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  type DescribeCacheClustersCommandOutput,
  type DescribeReplicationGroupsCommandOutput,
} from '@aws-sdk/client-elasticache';
import { unknown, type Value } from '../../../model/value.js';
import { unknownFrom } from '../session.js';
import { awsResource, evidenceOf, listingFailed, type Collector } from './support.js';

/** ElastiCache replication groups, with the subnet group their member clusters run in. */
export const ELASTICACHE_COLLECTORS: readonly Collector[] = [
  {
    name: 'elasticache replication groups',
    service: 'elasticache',
    kinds: ['aws.elasticache.replication_group'],
    scope: 'regional',
    async collect(ctx) {
      const list = await ctx.session.paginate<DescribeReplicationGroupsCommandOutput>('elasticache', ctx.region, (Marker) => new DescribeReplicationGroupsCommand({ Marker, MaxRecords: 100 }), (p) => p.Marker);
      if (!list.ok) return listingFailed(ctx, 'ElastiCache replication groups', list);
      const groups = list.pages.flatMap((p) => p.ReplicationGroups ?? []);
      if (groups.length === 0) return [];
      // The subnet group is a property of the member clusters, not of the group.
      const clusters = await ctx.session.paginate<DescribeCacheClustersCommandOutput>('elasticache', ctx.region, (Marker) => new DescribeCacheClustersCommand({ Marker, MaxRecords: 100 }), (p) => p.Marker);
      const subnetGroups = new Map<string, string | undefined>();
      if (clusters.ok) for (const c of clusters.pages.flatMap((p) => p.CacheClusters ?? [])) if (c.CacheClusterId) subnetGroups.set(c.CacheClusterId, c.CacheSubnetGroupName);
      return groups.map((g) => {
        const member = g.MemberClusters?.[0];
        let subnetGroup: Value;
        if (!clusters.ok) subnetGroup = unknownFrom(clusters);
        else if (member === undefined || !subnetGroups.has(member)) subnetGroup = unknown('the replication group\'s member clusters were not listed by DescribeCacheClusters');
        else subnetGroup = subnetGroups.get(member) ?? 'default';
        return awsResource(ctx, 'aws.elasticache.replication_group', g.ARN ?? '', g.ReplicationGroupId ?? '', {
          id: g.ReplicationGroupId ?? null,
          engine: g.Engine ?? 'redis',
          at_rest_encryption_enabled: g.AtRestEncryptionEnabled ?? false,
          transit_encryption_enabled: g.TransitEncryptionEnabled ?? false,
          auth_token_enabled: g.AuthTokenEnabled ?? false,
          user_group_ids: g.UserGroupIds ?? [],
          snapshot_retention_limit: g.SnapshotRetentionLimit ?? 0,
          subnet_group_name: subnetGroup,
          region: ctx.region,
          tags: unknown('ElastiCache tags are not read (ListTagsForResource is not called)'),
        }, evidenceOf(list, clusters));
      });
    },
  },
];
