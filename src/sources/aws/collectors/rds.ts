import {
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  type DescribeDBClusterParameterGroupsCommandOutput,
  type DescribeDBClusterParametersCommandOutput,
  type DescribeDBClustersCommandOutput,
  type DescribeDBClusterSnapshotAttributesCommandOutput,
  type DescribeDBClusterSnapshotsCommandOutput,
  type DescribeDBInstancesCommandOutput,
  type DescribeDBParameterGroupsCommandOutput,
  type DescribeDBParametersCommandOutput,
  type DescribeDBSnapshotAttributesCommandOutput,
  type DescribeDBSnapshotsCommandOutput,
  type Parameter,
} from '@aws-sdk/client-rds';
import type { Resource } from '../../../model/resource.js';
import type { ValueObject } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { arn, awsResource, evidenceOf, listingFailed, tagsOf, valueOf, withResourceId, type CollectContext, type Collector } from './support.js';

/** RDS: instances, Aurora and Multi-AZ clusters, manual snapshots, parameter groups. */

const instances: Collector = {
  name: 'rds instances',
  service: 'rds',
  kinds: ['aws.rds.db_instance'],
  scope: 'regional',
  async collect(ctx) {
    const answer = await ctx.session.paginate<DescribeDBInstancesCommandOutput>(
      'rds', ctx.region, (Marker) => new DescribeDBInstancesCommand({ MaxRecords: 100, Marker }), (p) => p.Marker,
    );
    if (!answer.ok) return listingFailed(ctx, 'RDS DB instances', answer);
    return answer.pages.flatMap((p) => p.DBInstances ?? []).map((db) => withResourceId(
      awsResource(ctx, 'aws.rds.db_instance', db.DBInstanceArn ?? arn(ctx, 'rds', `db:${db.DBInstanceIdentifier}`), db.DBInstanceIdentifier ?? '', {
        identifier: db.DBInstanceIdentifier ?? null,
        engine: db.Engine ?? null,
        storage_encrypted: db.StorageEncrypted ?? false,
        kms_key_id: db.KmsKeyId ?? null,
        backup_retention_period: db.BackupRetentionPeriod ?? null,
        deletion_protection: db.DeletionProtection ?? false,
        iam_database_authentication_enabled: db.IAMDatabaseAuthenticationEnabled ?? false,
        enabled_cloudwatch_logs_exports: db.EnabledCloudwatchLogsExports ?? [],
        region: ctx.region,
        tags: tagsOf(db.TagList),
        publicly_accessible: db.PubliclyAccessible ?? false,
        multi_az: db.MultiAZ ?? false,
        auto_minor_version_upgrade: db.AutoMinorVersionUpgrade ?? true,
        monitoring_interval: db.MonitoringInterval ?? 0,
        parameter_group_name: db.DBParameterGroups?.[0]?.DBParameterGroupName ?? null,
        cluster_identifier: db.DBClusterIdentifier ?? null,
      }, answer.evidence),
      db.DbiResourceId,
    ));
  },
};

const clusters: Collector = {
  name: 'rds clusters',
  service: 'rds',
  kinds: ['aws.rds.db_cluster'],
  scope: 'regional',
  async collect(ctx) {
    const answer = await ctx.session.paginate<DescribeDBClustersCommandOutput>(
      'rds', ctx.region, (Marker) => new DescribeDBClustersCommand({ MaxRecords: 100, Marker }), (p) => p.Marker,
    );
    if (!answer.ok) return listingFailed(ctx, 'RDS DB clusters', answer);
    return answer.pages.flatMap((p) => p.DBClusters ?? []).map((c) => withResourceId(
      awsResource(ctx, 'aws.rds.db_cluster', c.DBClusterArn ?? arn(ctx, 'rds', `cluster:${c.DBClusterIdentifier}`), c.DBClusterIdentifier ?? '', {
        identifier: c.DBClusterIdentifier ?? null,
        engine: c.Engine ?? null,
        storage_encrypted: c.StorageEncrypted ?? false,
        kms_key_id: c.KmsKeyId ?? null,
        backup_retention_period: c.BackupRetentionPeriod ?? null,
        deletion_protection: c.DeletionProtection ?? false,
        iam_database_authentication_enabled: c.IAMDatabaseAuthenticationEnabled ?? false,
        enabled_cloudwatch_logs_exports: c.EnabledCloudwatchLogsExports ?? [],
        region: ctx.region,
        tags: tagsOf(c.TagList),
        multi_az: c.MultiAZ ?? false,
      }, answer.evidence),
      c.DbClusterResourceId,
    ));
  },
};

/** Manual snapshots of instances and clusters; the `restore` attribute says who may restore them. */
const snapshots: Collector = {
  name: 'rds snapshots',
  service: 'rds',
  kinds: ['aws.rds.db_snapshot'],
  scope: 'regional',
  async collect(ctx) {
    const out: Resource[] = [];
    const single = await ctx.session.paginate<DescribeDBSnapshotsCommandOutput>(
      'rds', ctx.region, (Marker) => new DescribeDBSnapshotsCommand({ SnapshotType: 'manual', MaxRecords: 100, Marker }), (p) => p.Marker,
    );
    if (!single.ok) listingFailed(ctx, 'RDS DB snapshots', single);
    else {
      out.push(...(await mapBounded(single.pages.flatMap((p) => p.DBSnapshots ?? []), 8, async (s) => {
        const attrs = await ctx.session.call<DescribeDBSnapshotAttributesCommandOutput>('rds', ctx.region, new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: s.DBSnapshotIdentifier }));
        const restore = attrs.ok ? (attrs.value.DBSnapshotAttributesResult?.DBSnapshotAttributes ?? []).find((a) => a.AttributeName === 'restore')?.AttributeValues ?? [] : [];
        return awsResource(ctx, 'aws.rds.db_snapshot', s.DBSnapshotArn ?? arn(ctx, 'rds', `snapshot:${s.DBSnapshotIdentifier}`), s.DBSnapshotIdentifier ?? '', {
          identifier: s.DBSnapshotIdentifier ?? null,
          encrypted: s.Encrypted ?? false,
          public: valueOf(attrs, () => restore.includes('all')),
          shared_accounts: valueOf(attrs, () => restore.filter((a) => a !== 'all').sort()),
          region: ctx.region,
          tags: tagsOf(s.TagList),
        }, evidenceOf(single, attrs));
      })));
    }
    const cluster = await ctx.session.paginate<DescribeDBClusterSnapshotsCommandOutput>(
      'rds', ctx.region, (Marker) => new DescribeDBClusterSnapshotsCommand({ SnapshotType: 'manual', MaxRecords: 100, Marker }), (p) => p.Marker,
    );
    if (!cluster.ok) listingFailed(ctx, 'RDS DB cluster snapshots', cluster);
    else {
      out.push(...(await mapBounded(cluster.pages.flatMap((p) => p.DBClusterSnapshots ?? []), 8, async (s) => {
        const attrs = await ctx.session.call<DescribeDBClusterSnapshotAttributesCommandOutput>('rds', ctx.region, new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: s.DBClusterSnapshotIdentifier }));
        const restore = attrs.ok ? (attrs.value.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? []).find((a) => a.AttributeName === 'restore')?.AttributeValues ?? [] : [];
        return awsResource(ctx, 'aws.rds.db_snapshot', s.DBClusterSnapshotArn ?? arn(ctx, 'rds', `cluster-snapshot:${s.DBClusterSnapshotIdentifier}`), s.DBClusterSnapshotIdentifier ?? '', {
          identifier: s.DBClusterSnapshotIdentifier ?? null,
          encrypted: s.StorageEncrypted ?? false,
          public: valueOf(attrs, () => restore.includes('all')),
          shared_accounts: valueOf(attrs, () => restore.filter((a) => a !== 'all').sort()),
          region: ctx.region,
          tags: tagsOf(s.TagList),
        }, evidenceOf(cluster, attrs));
      })));
    }
    return out;
  },
};

/** Only the parameters the user set (Source user): engine defaults are the same in every account. */
async function parameters(ctx: CollectContext, list: (marker: string | undefined) => object) {
  return ctx.session.paginate<DescribeDBParametersCommandOutput | DescribeDBClusterParametersCommandOutput>('rds', ctx.region, list, (p) => p.Marker);
}

const paramList = (pages: Array<{ Parameters?: Parameter[] }>): ValueObject[] =>
  pages.flatMap((p) => p.Parameters ?? []).filter((p) => p.ParameterName).map((p) => ({ name: p.ParameterName!, value: p.ParameterValue ?? null }));

const parameterGroups: Collector = {
  name: 'rds parameter groups',
  service: 'rds',
  kinds: ['aws.rds.db_parameter_group'],
  scope: 'regional',
  async collect(ctx) {
    const out: Resource[] = [];
    const groups = await ctx.session.paginate<DescribeDBParameterGroupsCommandOutput>(
      'rds', ctx.region, (Marker) => new DescribeDBParameterGroupsCommand({ MaxRecords: 100, Marker }), (p) => p.Marker,
    );
    if (!groups.ok) listingFailed(ctx, 'RDS parameter groups', groups);
    else {
      // AWS's own default.* groups cannot be changed and hold only engine defaults.
      const own = groups.pages.flatMap((p) => p.DBParameterGroups ?? []).filter((g) => !g.DBParameterGroupName?.startsWith('default.'));
      out.push(...(await mapBounded(own, 4, async (g) => {
        const params = await parameters(ctx, (Marker) => new DescribeDBParametersCommand({ DBParameterGroupName: g.DBParameterGroupName, Source: 'user', Marker }));
        return awsResource(ctx, 'aws.rds.db_parameter_group', g.DBParameterGroupArn ?? arn(ctx, 'rds', `pg:${g.DBParameterGroupName}`), g.DBParameterGroupName ?? '', {
          name: g.DBParameterGroupName ?? null,
          family: g.DBParameterGroupFamily ?? null,
          cluster: false,
          parameters: params.ok ? paramList(params.pages) : valueOf(params, () => null),
          tags: {},
        }, evidenceOf(groups, params));
      })));
    }
    const clusterGroups = await ctx.session.paginate<DescribeDBClusterParameterGroupsCommandOutput>(
      'rds', ctx.region, (Marker) => new DescribeDBClusterParameterGroupsCommand({ MaxRecords: 100, Marker }), (p) => p.Marker,
    );
    if (!clusterGroups.ok) listingFailed(ctx, 'RDS cluster parameter groups', clusterGroups);
    else {
      const own = clusterGroups.pages.flatMap((p) => p.DBClusterParameterGroups ?? []).filter((g) => !g.DBClusterParameterGroupName?.startsWith('default.'));
      out.push(...(await mapBounded(own, 4, async (g) => {
        const params = await parameters(ctx, (Marker) => new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: g.DBClusterParameterGroupName, Source: 'user', Marker }));
        return awsResource(ctx, 'aws.rds.db_parameter_group', g.DBClusterParameterGroupArn ?? arn(ctx, 'rds', `cluster-pg:${g.DBClusterParameterGroupName}`), g.DBClusterParameterGroupName ?? '', {
          name: g.DBClusterParameterGroupName ?? null,
          family: g.DBParameterGroupFamily ?? null,
          cluster: true,
          parameters: params.ok ? paramList(params.pages) : valueOf(params, () => null),
          tags: {},
        }, evidenceOf(clusterGroups, params));
      })));
    }
    return out;
  },
};

export const RDS_COLLECTORS: readonly Collector[] = [instances, clusters, snapshots, parameterGroups];
