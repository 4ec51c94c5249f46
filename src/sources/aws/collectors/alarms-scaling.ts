import { DescribeAlarmsCommand, type DescribeAlarmsCommandOutput } from '@aws-sdk/client-cloudwatch';
import {
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
  type AutoScalingGroup,
  type DescribeAutoScalingGroupsCommandOutput,
  type DescribeLaunchConfigurationsCommandOutput,
  type LaunchConfiguration,
} from '@aws-sdk/client-auto-scaling';
import { DescribeSubnetsCommand, type DescribeSubnetsCommandOutput, type Subnet } from '@aws-sdk/client-ec2';
import type { ApiEvidence, Resource } from '../../../model/resource.js';
import { isUnknown, unknown, type Unknown, type Value, type ValueObject } from '../../../model/value.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, tagsOf, type Collector, type CollectContext } from './support.js';

/**
 * CloudWatch metric alarms, EC2 Auto Scaling groups and the launch configurations they start
 * instances from. Launch configurations are judged as the instances they launch (aws.ec2.instance
 * with launched_by "launch_configuration"), as the Terraform source reads aws_launch_configuration.
 */

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
        // DescribeAlarms carries no tags, and an alarm's tags judge nothing.
        tags: {},
      }, list.evidence),
    );
  },
};

/** Device names AMIs give their root volume: a mapping of one of them overrides the AMI's root. */
const ROOT_DEVICES = new Set(['/dev/xvda', '/dev/sda1']);

/** The EBS volumes a launch configuration's instances start with; the AMI's root volume when no mapping replaces it. */
function launchVolumes(lc: LaunchConfiguration): ValueObject[] {
  const mapped = (lc.BlockDeviceMappings ?? [])
    .filter((m) => m.Ebs && !m.NoDevice)
    .map((m) => ({ device_name: m.DeviceName ?? null, encrypted: m.Ebs?.Encrypted ?? false, kms_key_id: null }));
  // As in Terraform: a root volume the configuration does not describe is taken as written, unencrypted
  // (the AMI's snapshot or the account's encryption by default may still encrypt it).
  const root = mapped.some((v) => typeof v.device_name === 'string' && ROOT_DEVICES.has(v.device_name)) ? [] : [{ device_name: 'root', encrypted: false, kms_key_id: null }];
  return [...root, ...mapped];
}

/**
 * Whether the configuration's instances get a public IPv4 address. Set on the configuration, it
 * decides; left out, the subnets of the groups that launch from it decide (a group without
 * VPCZoneIdentifier uses the default subnets of its zones), and unknown when no group uses it.
 */
function launchPublicIp(lc: LaunchConfiguration, groups: AutoScalingGroup[] | Unknown, subnets: Subnet[] | Unknown): Value {
  if (lc.AssociatePublicIpAddress !== undefined) return lc.AssociatePublicIpAddress;
  if (isUnknown(groups)) return groups;
  const users = groups.filter((g) => g.LaunchConfigurationName === lc.LaunchConfigurationName);
  if (users.length === 0) return unknown(`AssociatePublicIpAddress is not set and no Auto Scaling group launches from ${lc.LaunchConfigurationName}, so no subnet decides`);
  if (isUnknown(subnets)) return subnets;
  const launchInto = users.flatMap((g) => {
    const ids = (g.VPCZoneIdentifier ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return ids.length > 0
      ? ids.map((id) => subnets.find((s) => s.SubnetId === id))
      : (g.AvailabilityZones ?? []).map((zone) => subnets.find((s) => s.DefaultForAz && s.AvailabilityZone === zone));
  });
  if (launchInto.some((s) => s?.MapPublicIpOnLaunch === true)) return true;
  if (launchInto.length === 0 || launchInto.some((s) => s === undefined)) return unknown(`AssociatePublicIpAddress is not set and a subnet the groups of ${lc.LaunchConfigurationName} launch into is not in DescribeSubnets`);
  return false;
}

function launchConfiguration(ctx: CollectContext, lc: LaunchConfiguration, groups: AutoScalingGroup[] | Unknown, subnets: Subnet[] | Unknown, calls: ApiEvidence[]): Resource {
  const name = lc.LaunchConfigurationName ?? '';
  return awsResource(ctx, 'aws.ec2.instance', lc.LaunchConfigurationARN ?? arn(ctx, 'autoscaling', `launchConfiguration:*:launchConfigurationName/${name}`), name, {
    instance_type: lc.InstanceType ?? null,
    public_ip: launchPublicIp(lc, groups, subnets),
    // Left out, instances launch with the defaults: IMDSv1 allowed, the endpoint on.
    http_tokens: lc.MetadataOptions?.HttpTokens ?? 'optional',
    http_endpoint: lc.MetadataOptions?.HttpEndpoint ?? 'enabled',
    block_devices: launchVolumes(lc),
    iam_instance_profile: lc.IamInstanceProfile ?? null,
    in_vpc: true,
    // What only running instances have: no state, no Systems Manager facts.
    state: null,
    stopped_days: null,
    ssm_managed: null,
    ssm_association_compliance: null,
    ssm_patch_compliance: null,
    launched_by: 'launch_configuration',
    region: ctx.region,
    tags: {},
  }, calls);
}

/**
 * Groups and launch configurations share one DescribeAutoScalingGroups: a configuration that does
 * not say whether its instances get a public address takes it from its groups' subnets.
 */
const scaling: Collector = {
  name: 'auto scaling groups and launch configurations',
  service: 'autoscaling',
  kinds: ['aws.autoscaling.group', 'aws.ec2.instance'],
  // Its instances are launch configurations only: DescribeInstances answers for the rest.
  partial: { 'aws.ec2.instance': { attribute: 'launched_by', value: 'launch_configuration' } },
  scope: 'regional',
  async collect(ctx) {
    const out: Resource[] = [];
    const listed = await ctx.session.paginate<DescribeAutoScalingGroupsCommandOutput>('autoscaling', ctx.region, (NextToken) => new DescribeAutoScalingGroupsCommand({ MaxRecords: 100, NextToken }), (p) => p.NextToken);
    const groups = listed.ok ? listed.pages.flatMap((p) => p.AutoScalingGroups ?? []) : unknownFrom(listed);
    if (!listed.ok) listingFailed(ctx, 'Auto Scaling groups', listed, ['aws.autoscaling.group']);
    else {
      for (const g of listed.pages.flatMap((p) => p.AutoScalingGroups ?? [])) {
        out.push(awsResource(ctx, 'aws.autoscaling.group', g.AutoScalingGroupARN ?? arn(ctx, 'autoscaling', `autoScalingGroup:*:autoScalingGroupName/${g.AutoScalingGroupName}`), g.AutoScalingGroupName ?? '', {
          name: g.AutoScalingGroupName ?? null,
          health_check_type: g.HealthCheckType ?? 'EC2',
          load_balanced: (g.LoadBalancerNames ?? []).length > 0 || (g.TargetGroupARNs ?? []).length > 0,
          launch_configuration: g.LaunchConfigurationName ?? null,
          region: ctx.region,
          tags: tagsOf(g.Tags),
        }, listed.evidence));
      }
    }
    const configs = await ctx.session.paginate<DescribeLaunchConfigurationsCommandOutput>('autoscaling', ctx.region, (NextToken) => new DescribeLaunchConfigurationsCommand({ MaxRecords: 100, NextToken }), (p) => p.NextToken);
    if (!configs.ok) return [...out, ...listingFailed(ctx, 'launch configurations', configs, ['aws.ec2.instance'])];
    const all = configs.pages.flatMap((p) => p.LaunchConfigurations ?? []);
    // The subnets are read only when a configuration leaves the public address to them.
    const subnetList = listed.ok && all.some((lc) => lc.AssociatePublicIpAddress === undefined)
      ? await ctx.session.paginate<DescribeSubnetsCommandOutput>('ec2', ctx.region, (NextToken) => new DescribeSubnetsCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken)
      : undefined;
    const subnets = subnetList === undefined ? unknown('the subnets were not read') : subnetList.ok ? subnetList.pages.flatMap((p) => p.Subnets ?? []) : unknownFrom(subnetList);
    for (const lc of all) {
      const calls = evidenceOf(configs, ...(lc.AssociatePublicIpAddress === undefined ? [listed, ...(subnetList ? [subnetList] : [])] : []));
      out.push(launchConfiguration(ctx, lc, groups, subnets, calls));
    }
    return out;
  },
};

export const ALARMS_SCALING_COLLECTORS: readonly Collector[] = [alarms, scaling];
