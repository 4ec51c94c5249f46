import {
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  GetBackupVaultAccessPolicyCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListBackupVaultsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  type BackupSelection,
  type GetBackupPlanCommandOutput,
  type GetBackupSelectionCommandOutput,
  type GetBackupVaultAccessPolicyCommandOutput,
  type ListBackupPlansCommandOutput,
  type ListBackupSelectionsCommandOutput,
  type ListBackupVaultsCommandOutput,
  type ListRecoveryPointsByBackupVaultCommandOutput,
} from '@aws-sdk/client-backup';
import {
  DescribeClusterParametersCommand,
  DescribeClustersCommand,
  DescribeLoggingStatusCommand,
  type DescribeClusterParametersCommandOutput,
  type DescribeClustersCommandOutput,
  type DescribeLoggingStatusCommandOutput,
} from '@aws-sdk/client-redshift';
import { DescribeReplicationInstancesCommand, type DescribeReplicationInstancesCommandOutput } from '@aws-sdk/client-database-migration-service';
import { DescribeConfigurationSettingsCommand, DescribeEnvironmentsCommand, type DescribeConfigurationSettingsCommandOutput, type DescribeEnvironmentsCommandOutput } from '@aws-sdk/client-elastic-beanstalk';
import { frequencyHours } from '../../../model/backup-schedule.js';
import { deniesRecoveryPointDeletion, documentFact } from '../../../model/policy.js';
import type { Resource } from '../../../model/resource.js';
import { unknown, type Value, type ValueObject } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, tagsOf, valueOf, valueOrAbsent, type Collector } from './support.js';

/** AWS Backup plans, vaults and recovery points; Redshift clusters; DMS replication instances; Elastic Beanstalk environments. */

/** A policy document as a value; malformed JSON is unknown, never a pass. */
function parsed(document: string): Value {
  try {
    return JSON.parse(document) as Value;
  } catch {
    return unknown('the vault access policy is not valid JSON');
  }
}

const OPERATORS: Record<string, string> = { StringEquals: 'equals', StringNotEquals: 'not_equals', StringLike: 'like', StringNotLike: 'not_like' };

function selectionOf(s: BackupSelection): ValueObject {
  const conditions: Value[] = [];
  for (const [name, operator] of Object.entries(OPERATORS)) {
    for (const c of (s.Conditions as Record<string, Array<{ ConditionKey?: string; ConditionValue?: string }> | undefined> | undefined)?.[name] ?? []) {
      conditions.push({ operator, key: c.ConditionKey ?? null, value: c.ConditionValue ?? null });
    }
  }
  return {
    name: s.SelectionName ?? null,
    resources: s.Resources ?? [],
    not_resources: s.NotResources ?? [],
    tags: (s.ListOfTags ?? []).map((t) => (t.ConditionType === undefined || t.ConditionType === 'STRINGEQUALS' ? { key: t.ConditionKey ?? null, value: t.ConditionValue ?? null } : unknown(`tag condition type ${t.ConditionType} is not one Vigil reads`))),
    conditions,
  };
}

const plans: Collector = {
  name: 'backup plans',
  service: 'backup',
  kinds: ['aws.backup.plan'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListBackupPlansCommandOutput>('backup', ctx.region, (NextToken) => new ListBackupPlansCommand({ MaxResults: 100, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'AWS Backup plans', list);
    return mapBounded(list.pages.flatMap((p) => p.BackupPlansList ?? []), 4, async (summary) => {
      const [plan, selections] = await Promise.all([
        ctx.session.call<GetBackupPlanCommandOutput>('backup', ctx.region, new GetBackupPlanCommand({ BackupPlanId: summary.BackupPlanId })),
        ctx.session.paginate<ListBackupSelectionsCommandOutput>('backup', ctx.region, (NextToken) => new ListBackupSelectionsCommand({ BackupPlanId: summary.BackupPlanId, MaxResults: 100, NextToken }), (p) => p.NextToken),
      ]);
      const details = selections.ok
        ? await mapBounded(selections.pages.flatMap((p) => p.BackupSelectionsList ?? []), 4, (s) =>
            ctx.session.call<GetBackupSelectionCommandOutput>('backup', ctx.region, new GetBackupSelectionCommand({ BackupPlanId: summary.BackupPlanId, SelectionId: s.SelectionId })),
          )
        : [];
      return awsResource(ctx, 'aws.backup.plan', summary.BackupPlanArn ?? arn(ctx, 'backup', `backup-plan:${summary.BackupPlanId}`), summary.BackupPlanName ?? '', {
        name: summary.BackupPlanName ?? null,
        rules: valueOf(plan, (v) =>
          (v.BackupPlan?.Rules ?? []).map((r) => ({
            name: r.RuleName ?? null,
            schedule: r.ScheduleExpression ?? null,
            frequency_hours: frequencyHours(r.ScheduleExpression ?? null),
            retention_days: r.Lifecycle?.DeleteAfterDays ?? null,
            target_vault: r.TargetBackupVaultName ?? null,
          })),
        ),
        selections: selections.ok ? details.map((d) => (d.ok && d.value.BackupSelection ? selectionOf(d.value.BackupSelection) : d.ok ? unknown('GetBackupSelection answered no selection') : unknownFrom(d))) : unknownFrom(selections),
        region: ctx.region,
        tags: {},
      }, evidenceOf(list, plan, ...(selections.ok ? [selections] : []), ...details));
    });
  },
};

const vaults: Collector = {
  name: 'backup vaults',
  service: 'backup',
  kinds: ['aws.backup.vault', 'aws.backup.recovery_point'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListBackupVaultsCommandOutput>('backup', ctx.region, (NextToken) => new ListBackupVaultsCommand({ MaxResults: 100, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'AWS Backup vaults', list);
    const out: Resource[] = [];
    const found = await mapBounded(list.pages.flatMap((p) => p.BackupVaultList ?? []), 4, async (v) => {
      const [policy, points] = await Promise.all([
        ctx.session.call<GetBackupVaultAccessPolicyCommandOutput>('backup', ctx.region, new GetBackupVaultAccessPolicyCommand({ BackupVaultName: v.BackupVaultName })),
        ctx.session.paginate<ListRecoveryPointsByBackupVaultCommandOutput>('backup', ctx.region, (NextToken) => new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: v.BackupVaultName, MaxResults: 100, NextToken }), (p) => p.NextToken),
      ]);
      const vault = awsResource(ctx, 'aws.backup.vault', v.BackupVaultArn ?? arn(ctx, 'backup', `backup-vault:${v.BackupVaultName}`), v.BackupVaultName ?? '', {
        name: v.BackupVaultName ?? null,
        kms_key_arn: v.EncryptionKeyArn ?? null,
        locked: v.Locked ?? false,
        min_retention_days: v.MinRetentionDays ?? null,
        denies_manual_deletion: valueOrAbsent(policy, (p) => (p.Policy ? documentFact(parsed(p.Policy), deniesRecoveryPointDeletion, false) : false), false, /NotFound/),
        region: ctx.region,
        tags: {},
      }, evidenceOf(list, policy));
      if (!points.ok) {
        listingFailed(ctx, `recovery points of backup vault ${v.BackupVaultName}`, points, ['aws.backup.recovery_point']);
        return [vault];
      }
      const recovery = points.pages.flatMap((p) => p.RecoveryPoints ?? []).map((rp) =>
        awsResource(ctx, 'aws.backup.recovery_point', rp.RecoveryPointArn ?? '', rp.RecoveryPointArn?.split(/[:/]/).pop() ?? '', {
          vault: v.BackupVaultName ?? null,
          resource_type: rp.ResourceType ?? null,
          encrypted: rp.IsEncrypted ?? false,
          region: ctx.region,
        }, points.evidence),
      );
      return [vault, ...recovery];
    });
    for (const group of found) out.push(...group);
    return out;
  },
};

const clusters: Collector = {
  name: 'redshift clusters',
  service: 'redshift',
  kinds: ['aws.redshift.cluster'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeClustersCommandOutput>('redshift', ctx.region, (Marker) => new DescribeClustersCommand({ MaxRecords: 100, Marker }), (p) => p.Marker);
    if (!list.ok) return listingFailed(ctx, 'Redshift clusters', list);
    const groups = new Map<string, Promise<Value>>();
    const requireSsl = (group: string): Promise<Value> => {
      if (group.startsWith('default.')) return Promise.resolve(false);
      let pending = groups.get(group);
      if (!pending) {
        pending = ctx.session
          .paginate<DescribeClusterParametersCommandOutput>('redshift', ctx.region, (Marker) => new DescribeClusterParametersCommand({ ParameterGroupName: group, Marker }), (p) => p.Marker)
          .then((answer) => (answer.ok ? answer.pages.flatMap((p) => p.Parameters ?? []).find((p) => p.ParameterName === 'require_ssl')?.ParameterValue?.toLowerCase() === 'true' : unknownFrom(answer)));
        groups.set(group, pending);
      }
      return pending;
    };
    return mapBounded(list.pages.flatMap((p) => p.Clusters ?? []), 4, async (c) => {
      const logging = await ctx.session.call<DescribeLoggingStatusCommandOutput>('redshift', ctx.region, new DescribeLoggingStatusCommand({ ClusterIdentifier: c.ClusterIdentifier }));
      const group = c.ClusterParameterGroups?.[0]?.ParameterGroupName ?? 'default.redshift-1.0';
      return awsResource(ctx, 'aws.redshift.cluster', arn(ctx, 'redshift', `cluster:${c.ClusterIdentifier}`), c.ClusterIdentifier ?? '', {
        identifier: c.ClusterIdentifier ?? null,
        node_type: c.NodeType ?? null,
        encrypted: c.Encrypted ?? false,
        kms_key_id: c.KmsKeyId ?? null,
        publicly_accessible: c.PubliclyAccessible ?? false,
        automated_snapshot_retention_period: c.AutomatedSnapshotRetentionPeriod ?? null,
        allow_version_upgrade: c.AllowVersionUpgrade ?? true,
        preferred_maintenance_window: c.PreferredMaintenanceWindow ?? null,
        logging_enabled: valueOf(logging, (v) => v.LoggingEnabled ?? false),
        parameter_group_name: group,
        require_ssl: await requireSsl(group),
        region: ctx.region,
        tags: tagsOf(c.Tags),
      }, evidenceOf(list, logging));
    });
  },
};

const replicationInstances: Collector = {
  name: 'dms replication instances',
  service: 'dms',
  kinds: ['aws.dms.replication_instance'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeReplicationInstancesCommandOutput>('dms', ctx.region, (Marker) => new DescribeReplicationInstancesCommand({ MaxRecords: 100, Marker }), (p) => p.Marker);
    if (!list.ok) return listingFailed(ctx, 'DMS replication instances', list);
    return list.pages.flatMap((p) => p.ReplicationInstances ?? []).map((ri) =>
      awsResource(ctx, 'aws.dms.replication_instance', ri.ReplicationInstanceArn ?? arn(ctx, 'dms', `rep:${ri.ReplicationInstanceIdentifier}`), ri.ReplicationInstanceIdentifier ?? '', {
        identifier: ri.ReplicationInstanceIdentifier ?? null,
        publicly_accessible: ri.PubliclyAccessible ?? false,
        region: ctx.region,
        tags: {},
      }, list.evidence),
    );
  },
};

const environments: Collector = {
  name: 'elastic beanstalk environments',
  service: 'elasticbeanstalk',
  kinds: ['aws.elasticbeanstalk.environment'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeEnvironmentsCommandOutput>('elasticbeanstalk', ctx.region, (NextToken) => new DescribeEnvironmentsCommand({ IncludeDeleted: false, MaxRecords: 1000, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'Elastic Beanstalk environments', list);
    return mapBounded(list.pages.flatMap((p) => p.Environments ?? []), 4, async (env) => {
      const settings = await ctx.session.call<DescribeConfigurationSettingsCommandOutput>('elasticbeanstalk', ctx.region, new DescribeConfigurationSettingsCommand({ ApplicationName: env.ApplicationName, EnvironmentName: env.EnvironmentName }));
      const option = (namespace: string, name: string): Value =>
        valueOf(settings, (v) => v.ConfigurationSettings?.[0]?.OptionSettings?.find((o) => o.Namespace === namespace && o.OptionName === name)?.Value ?? null);
      const enabled = option('aws:elasticbeanstalk:managedactions', 'ManagedActionsEnabled');
      return awsResource(ctx, 'aws.elasticbeanstalk.environment', env.EnvironmentArn ?? arn(ctx, 'elasticbeanstalk', `environment/${env.ApplicationName}/${env.EnvironmentName}`), env.EnvironmentName ?? '', {
        name: env.EnvironmentName ?? null,
        managed_actions_enabled: typeof enabled === 'string' ? enabled.toLowerCase() === 'true' : enabled === null ? false : enabled,
        update_level: option('aws:elasticbeanstalk:managedactions:platformupdate', 'UpdateLevel'),
        region: ctx.region,
        tags: {},
      }, evidenceOf(list, settings));
    });
  },
};

export const BACKUP_WAREHOUSE_COLLECTORS: readonly Collector[] = [plans, vaults, clusters, replicationInstances, environments];
