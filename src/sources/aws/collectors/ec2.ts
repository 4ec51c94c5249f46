import {
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  DescribeVpcEndpointsCommand,
  type DescribeVpcEndpointsCommandOutput,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  type DescribeFlowLogsCommandOutput,
  type DescribeInstancesCommandOutput,
  type DescribeNetworkAclsCommandOutput,
  type DescribeSecurityGroupsCommandOutput,
  type DescribeSnapshotAttributeCommandOutput,
  type DescribeSnapshotsCommandOutput,
  type DescribeVolumesCommandOutput,
  type DescribeVpcsCommandOutput,
  type GetEbsDefaultKmsKeyIdCommandOutput,
  type GetEbsEncryptionByDefaultCommandOutput,
  type IpPermission,
  type NetworkAclEntry,
  type Volume,
} from '@aws-sdk/client-ec2';
import type { Resource } from '../../../model/resource.js';
import { unknown, type Value, type ValueObject } from '../../../model/value.js';
import { allowsAdmin, documentFact } from '../../../model/policy.js';
import { isUnknown } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { ssmInstanceFacts } from './ssm-instances.js';
import { arn, awsResource, daysBetween, evidenceOf, listingFailed, tagsOf, valueOf, type CollectContext, type Collector } from './support.js';

/** EC2 and VPC: security groups, network ACLs, VPCs with flow logs, instances, volumes, snapshots. */

const PROTOCOLS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };
/** The API answers names ("tcp") or numbers ("6"); the model speaks names, as Terraform's does. */
export const protocolName = (value: string | undefined): string => PROTOCOLS[(value ?? '-1').toLowerCase()] ?? (value ?? '-1').toLowerCase();

export function ruleFromPermission(p: IpPermission, groupId: string): ValueObject {
  const protocol = protocolName(p.IpProtocol);
  const pairs = p.UserIdGroupPairs ?? [];
  const descriptions = [
    ...(p.IpRanges ?? []).map((r) => r.Description),
    ...(p.Ipv6Ranges ?? []).map((r) => r.Description),
    ...(p.PrefixListIds ?? []).map((r) => r.Description),
    ...pairs.map((r) => r.Description),
  ].filter((d): d is string => Boolean(d));
  return {
    protocol,
    // Every protocol has no port range in the API; -1 is what Terraform's rule resources use too.
    from_port: protocol === '-1' ? -1 : (p.FromPort ?? null),
    to_port: protocol === '-1' ? -1 : (p.ToPort ?? null),
    cidr_blocks: (p.IpRanges ?? []).map((r) => r.CidrIp ?? '').filter(Boolean),
    ipv6_cidr_blocks: (p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6 ?? '').filter(Boolean),
    prefix_list_ids: (p.PrefixListIds ?? []).map((r) => r.PrefixListId ?? '').filter(Boolean),
    security_groups: pairs.filter((g) => g.GroupId !== groupId).map((g) => g.GroupId ?? ''),
    self: pairs.some((g) => g.GroupId === groupId),
    description: descriptions.length > 0 ? [...new Set(descriptions)].join('; ') : null,
  };
}

const securityGroups: Collector = {
  name: 'ec2 security groups',
  service: 'ec2',
  kinds: ['aws.ec2.security_group'],
  scope: 'regional',
  async collect(ctx) {
    const answer = await ctx.session.paginate<DescribeSecurityGroupsCommandOutput>(
      'ec2', ctx.region, (NextToken) => new DescribeSecurityGroupsCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken,
    );
    if (!answer.ok) return listingFailed(ctx, 'security groups', answer);
    return answer.pages.flatMap((page) =>
      (page.SecurityGroups ?? []).map((g) =>
        awsResource(ctx, 'aws.ec2.security_group', g.SecurityGroupArn ?? arn(ctx, 'ec2', `security-group/${g.GroupId}`), g.GroupName ?? g.GroupId ?? '', {
          name: g.GroupName ?? null,
          description: g.Description ?? null,
          vpc_id: g.VpcId ?? null,
          is_default: g.GroupName === 'default',
          ingress: (g.IpPermissions ?? []).map((p) => ruleFromPermission(p, g.GroupId ?? '')),
          egress: (g.IpPermissionsEgress ?? []).map((p) => ruleFromPermission(p, g.GroupId ?? '')),
          tags: tagsOf(g.Tags),
        }, answer.evidence),
      ),
    );
  },
};

function aclEntry(e: NetworkAclEntry): ValueObject {
  const protocol = protocolName(e.Protocol);
  return {
    rule_number: e.RuleNumber ?? null,
    protocol,
    action: e.RuleAction ?? null,
    cidr_block: e.CidrBlock ?? null,
    ipv6_cidr_block: e.Ipv6CidrBlock ?? null,
    from_port: protocol === '-1' ? null : (e.PortRange?.From ?? null),
    to_port: protocol === '-1' ? null : (e.PortRange?.To ?? null),
  };
}

const networkAcls: Collector = {
  name: 'ec2 network ACLs',
  service: 'ec2',
  kinds: ['aws.ec2.network_acl'],
  scope: 'regional',
  async collect(ctx) {
    const answer = await ctx.session.paginate<DescribeNetworkAclsCommandOutput>(
      'ec2', ctx.region, (NextToken) => new DescribeNetworkAclsCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken,
    );
    if (!answer.ok) return listingFailed(ctx, 'network ACLs', answer);
    return answer.pages.flatMap((page) =>
      (page.NetworkAcls ?? []).map((acl) => {
        // 32767 is the implicit deny-all every ACL ends with; it says nothing about the ACL.
        const entries = (acl.Entries ?? []).filter((e) => e.RuleNumber !== 32767).sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
        return awsResource(ctx, 'aws.ec2.network_acl', arn(ctx, 'ec2', `network-acl/${acl.NetworkAclId}`), acl.NetworkAclId ?? '', {
          vpc_id: acl.VpcId ?? null,
          is_default: acl.IsDefault ?? false,
          ingress: entries.filter((e) => !e.Egress).map(aclEntry),
          egress: entries.filter((e) => e.Egress).map(aclEntry),
          tags: tagsOf(acl.Tags),
        }, answer.evidence);
      }),
    );
  },
};

/** The service part of `com.amazonaws.<region>.<service>`. */
function endpointService(name: string | undefined): Value {
  if (!name) return null;
  const match = /^[a-z0-9.-]*?\.(?:[a-z]{2}(?:-[a-z]+)+-\d)\.(.+)$/.exec(name);
  return match ? match[1]! : name;
}

/** A policy other than the default full-access one (gateway endpoints always report a document). */
function customEndpointPolicy(document: string | undefined): Value {
  if (!document) return false;
  return documentFact(document, (statements) => {
    const full = allowsAdmin(statements);
    return isUnknown(full) ? full : !full;
  }, false);
}

const vpcs: Collector = {
  name: 'ec2 VPCs and flow logs',
  service: 'ec2',
  kinds: ['aws.ec2.vpc'],
  scope: 'regional',
  async collect(ctx) {
    const answer = await ctx.session.paginate<DescribeVpcsCommandOutput>(
      'ec2', ctx.region, (NextToken) => new DescribeVpcsCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken,
    );
    if (!answer.ok) return listingFailed(ctx, 'VPCs', answer);
    const all = answer.pages.flatMap((p) => p.Vpcs ?? []);
    if (all.length === 0) return [];
    const flows = await ctx.session.paginate<DescribeFlowLogsCommandOutput>(
      'ec2', ctx.region, (NextToken) => new DescribeFlowLogsCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken,
    );
    const flowLogs = flows.ok ? flows.pages.flatMap((p) => p.FlowLogs ?? []) : [];
    const endpoints = await ctx.session.paginate<DescribeVpcEndpointsCommandOutput>(
      'ec2', ctx.region, (NextToken) => new DescribeVpcEndpointsCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken,
    );
    const endpointList = endpoints.ok ? endpoints.pages.flatMap((p) => p.VpcEndpoints ?? []).filter((e) => !/^(deleted|deleting|failed|rejected)$/i.test(e.State ?? '')) : [];
    return all.map((vpc) => {
      const mine = flowLogs.filter((f) => f.ResourceId === vpc.VpcId && (f.FlowLogStatus ?? 'ACTIVE') === 'ACTIVE');
      return awsResource(ctx, 'aws.ec2.vpc', arn(ctx, 'ec2', `vpc/${vpc.VpcId}`), vpc.VpcId ?? '', {
        cidr_block: vpc.CidrBlock ?? null,
        is_default: vpc.IsDefault ?? false,
        flow_logs_enabled: flows.ok ? mine.length > 0 : valueOf(flows, () => null),
        flow_log_traffic_types: flows.ok ? [...new Set(mine.map((f) => f.TrafficType ?? ''))].filter(Boolean).sort() : valueOf(flows, () => null),
        endpoints: endpoints.ok
          ? endpointList.filter((e) => e.VpcId === vpc.VpcId).map((e) => ({
              service: endpointService(e.ServiceName),
              type: e.VpcEndpointType ?? null,
              custom_policy: customEndpointPolicy(e.PolicyDocument),
            }))
          : unknownFrom(endpoints),
        region: ctx.region,
        tags: tagsOf(vpc.Tags),
      }, evidenceOf(answer, flows, endpoints));
    });
  },
};

async function listVolumes(ctx: CollectContext) {
  return ctx.session.paginate<DescribeVolumesCommandOutput>(
    'ec2', ctx.region, (NextToken) => new DescribeVolumesCommand({ MaxResults: 500, NextToken }), (p) => p.NextToken,
  );
}

/** Instances and volumes share one DescribeVolumes: instances read their volumes' encryption from it. */
const compute: Collector = {
  name: 'ec2 instances and volumes',
  service: 'ec2',
  kinds: ['aws.ec2.instance', 'aws.ec2.volume'],
  scope: 'regional',
  async collect(ctx) {
    const out: Resource[] = [];
    const volumes = await listVolumes(ctx);
    const byId = new Map<string, Volume>();
    if (!volumes.ok) listingFailed(ctx, 'EBS volumes', volumes, ['aws.ec2.volume']);
    else {
      for (const v of volumes.pages.flatMap((p) => p.Volumes ?? [])) {
        byId.set(v.VolumeId ?? '', v);
        out.push(awsResource(ctx, 'aws.ec2.volume', arn(ctx, 'ec2', `volume/${v.VolumeId}`), v.VolumeId ?? '', {
          encrypted: v.Encrypted ?? false,
          kms_key_id: v.KmsKeyId ?? null,
          size: v.Size ?? null,
          region: ctx.region,
          tags: tagsOf(v.Tags),
        }, volumes.evidence));
      }
    }
    const instances = await ctx.session.paginate<DescribeInstancesCommandOutput>(
      'ec2', ctx.region, (NextToken) => new DescribeInstancesCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken,
    );
    if (!instances.ok) return [...out, ...listingFailed(ctx, 'EC2 instances', instances, ['aws.ec2.instance'])];
    const ssm = await ssmInstanceFacts(ctx);
    const now = ctx.now();
    for (const instance of instances.pages.flatMap((p) => (p.Reservations ?? []).flatMap((r) => r.Instances ?? []))) {
      if (instance.State?.Name === 'terminated') continue;
      const devices: Value[] = (instance.BlockDeviceMappings ?? []).map((m) => {
        const volume = byId.get(m.Ebs?.VolumeId ?? '');
        const missing = volumes.ok ? null : valueOf(volumes, () => null);
        return {
          device_name: m.DeviceName ?? null,
          encrypted: volume ? (volume.Encrypted ?? false) : missing,
          kms_key_id: volume ? (volume.KmsKeyId ?? null) : missing,
        };
      });
      out.push(awsResource(ctx, 'aws.ec2.instance', arn(ctx, 'ec2', `instance/${instance.InstanceId}`), instance.InstanceId ?? '', {
        instance_type: instance.InstanceType ?? null,
        public_ip: Boolean(instance.PublicIpAddress),
        http_tokens: instance.MetadataOptions?.HttpTokens ?? null,
        http_endpoint: instance.MetadataOptions?.HttpEndpoint ?? null,
        block_devices: devices,
        iam_instance_profile: instance.IamInstanceProfile?.Arn ?? null,
        in_vpc: Boolean(instance.VpcId),
        state: instance.State?.Name ?? null,
        stopped_days: instance.State?.Name === 'stopped' ? stoppedDays(instance.StateTransitionReason, now) : null,
        launched_by: 'instance',
        ...ssm.facts(instance.InstanceId ?? ''),
        region: ctx.region,
        tags: tagsOf(instance.Tags),
      }, evidenceOf(instances, volumes, ...ssm.answers)));
    }
    return out;
  },
};

/** Days since the stop AWS records as "User initiated (2024-01-31 09:15:00 GMT)"; unknown without a date. */
function stoppedDays(reason: string | undefined, now: Date): Value {
  const match = /\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) GMT\)/.exec(reason ?? '');
  if (!match) return unknown(`the stop time is not in StateTransitionReason ${JSON.stringify(reason ?? '')}`);
  return daysBetween(new Date(`${match[1]!.replace(' ', 'T')}Z`), now);
}

/** One per region, always: a region with encryption by default off is a finding, not an absence. */
const ebsDefault: Collector = {
  name: 'ec2 EBS encryption by default',
  service: 'ec2',
  kinds: ['aws.ec2.ebs_encryption_default'],
  scope: 'regional',
  async collect(ctx) {
    const enabled = await ctx.session.call<GetEbsEncryptionByDefaultCommandOutput>('ec2', ctx.region, new GetEbsEncryptionByDefaultCommand({}));
    const key = await ctx.session.call<GetEbsDefaultKmsKeyIdCommandOutput>('ec2', ctx.region, new GetEbsDefaultKmsKeyIdCommand({}));
    return [
      awsResource(ctx, 'aws.ec2.ebs_encryption_default', arn(ctx, 'ec2', 'ebs-encryption-by-default'), `EBS default encryption ${ctx.region}`, {
        enabled: valueOf(enabled, (v) => v.EbsEncryptionByDefault ?? false),
        // The answer names alias/aws/ebs when no customer key is set; the model calls that absent.
        kms_key_id: valueOf(key, (v) => (!v.KmsKeyId || v.KmsKeyId.endsWith('alias/aws/ebs') ? null : v.KmsKeyId)),
        region: ctx.region,
      }, evidenceOf(enabled, key)),
    ];
  },
};

const snapshots: Collector = {
  name: 'ec2 EBS snapshots',
  service: 'ec2',
  kinds: ['aws.ec2.snapshot'],
  scope: 'regional',
  async collect(ctx) {
    const answer = await ctx.session.paginate<DescribeSnapshotsCommandOutput>(
      'ec2', ctx.region, (NextToken) => new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 1000, NextToken }), (p) => p.NextToken,
    );
    if (!answer.ok) return listingFailed(ctx, 'EBS snapshots', answer);
    // OwnerIds=self already limits real AWS to the account's snapshots; an emulator that ignores it
    // must not make the account answer for public snapshots it does not own.
    const own = answer.pages.flatMap((p) => p.Snapshots ?? []).filter((s) => !s.OwnerId || s.OwnerId === ctx.account);
    return mapBounded(own, 8, async (s) => {
      const attribute = await ctx.session.call<DescribeSnapshotAttributeCommandOutput>(
        'ec2', ctx.region, new DescribeSnapshotAttributeCommand({ SnapshotId: s.SnapshotId, Attribute: 'createVolumePermission' }),
      );
      const permissions = attribute.ok ? (attribute.value.CreateVolumePermissions ?? []) : [];
      return awsResource(ctx, 'aws.ec2.snapshot', `arn:${ctx.partition}:ec2:${ctx.region}::snapshot/${s.SnapshotId}`, s.SnapshotId ?? '', {
        encrypted: s.Encrypted ?? false,
        public: valueOf(attribute, () => permissions.some((p) => p.Group === 'all')),
        shared_with_accounts: valueOf(attribute, () => permissions.map((p) => p.UserId ?? '').filter(Boolean).sort()),
        region: ctx.region,
        tags: tagsOf(s.Tags),
      }, evidenceOf(answer, attribute));
    });
  },
};

export const EC2_COLLECTORS: readonly Collector[] = [securityGroups, networkAcls, vpcs, compute, ebsDefault, snapshots];
