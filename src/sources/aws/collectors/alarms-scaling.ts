import { DescribeAlarmsCommand, type DescribeAlarmsCommandOutput } from '@aws-sdk/client-cloudwatch';
import { DescribeAutoScalingGroupsCommand, type DescribeAutoScalingGroupsCommandOutput } from '@aws-sdk/client-auto-scaling';
import { arn, awsResource, listingFailed, tagsOf, type Collector } from './support.js';

/** CloudWatch metric alarms and EC2 Auto Scaling groups. */

const alarms: Collector = {
  name: 'cloudwatch metric alarms',
  service: 'cloudwatch',
  kinds: ['aws.cloudwatch.alarm'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeAlarmsCommandOutput>('cloudwatch', ctx.region, (NextToken) => new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'CloudWatch alarms', list);
    return list.pages.flatMap((p) => p.MetricAlarms ?? []).map((a) =>
      awsResource(ctx, 'aws.cloudwatch.alarm', a.AlarmArn ?? arn(ctx, 'cloudwatch', `alarm:${a.AlarmName}`), a.AlarmName ?? '', {
        name: a.AlarmName ?? null,
        // The API leaves ActionsEnabled out only when it is the default, true.
        actions_enabled: a.ActionsEnabled ?? true,
        alarm_actions: a.AlarmActions ?? [],
        ok_actions: a.OKActions ?? [],
        insufficient_data_actions: a.InsufficientDataActions ?? [],
        region: ctx.region,
        tags: {},
      }, list.evidence),
    );
  },
};

const groups: Collector = {
  name: 'auto scaling groups',
  service: 'autoscaling',
  kinds: ['aws.autoscaling.group'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeAutoScalingGroupsCommandOutput>('autoscaling', ctx.region, (NextToken) => new DescribeAutoScalingGroupsCommand({ MaxRecords: 100, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'Auto Scaling groups', list);
    return list.pages.flatMap((p) => p.AutoScalingGroups ?? []).map((g) =>
      awsResource(ctx, 'aws.autoscaling.group', g.AutoScalingGroupARN ?? arn(ctx, 'autoscaling', `autoScalingGroup:*:autoScalingGroupName/${g.AutoScalingGroupName}`), g.AutoScalingGroupName ?? '', {
        name: g.AutoScalingGroupName ?? null,
        health_check_type: g.HealthCheckType ?? 'EC2',
        load_balanced: (g.LoadBalancerNames ?? []).length > 0 || (g.TargetGroupARNs ?? []).length > 0,
        launch_configuration: g.LaunchConfigurationName ?? null,
        region: ctx.region,
        tags: tagsOf(g.Tags),
      }, list.evidence),
    );
  },
};

export const ALARMS_SCALING_COLLECTORS: readonly Collector[] = [alarms, groups];
