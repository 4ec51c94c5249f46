import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type DescribeTrailsCommandOutput,
  type GetEventSelectorsCommandOutput,
  type GetTrailStatusCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  type DescribeConfigurationRecordersCommandOutput,
  type DescribeConfigurationRecorderStatusCommandOutput,
} from '@aws-sdk/client-config-service';
import { GetDetectorCommand, ListDetectorsCommand, type GetDetectorCommandOutput, type ListDetectorsCommandOutput } from '@aws-sdk/client-guardduty';
import { DescribeHubCommand, type DescribeHubCommandOutput } from '@aws-sdk/client-securityhub';
import { DescribeLogGroupsCommand, type DescribeLogGroupsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import type { Resource } from '../../../model/resource.js';
import type { Value } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, valueOf, type Collector } from './support.js';

/** Logging and detection: CloudTrail, the Config recorder, GuardDuty, Security Hub, CloudWatch Logs. */

type Selectors = GetEventSelectorsCommandOutput;

/** S3 object-level events for every bucket, from basic or advanced selectors. */
export function s3DataEvents(selectors: Selectors, readOrWrite: 'read' | 'write'): boolean {
  const basic = (selectors.EventSelectors ?? []).some(
    (s) =>
      (s.ReadWriteType === 'All' || s.ReadWriteType === (readOrWrite === 'read' ? 'ReadOnly' : 'WriteOnly')) &&
      (s.DataResources ?? []).some((d) => d.Type === 'AWS::S3::Object' && (d.Values ?? []).some((v) => /^arn:aws[\w-]*:s3(:::)?$/.test(v) || v === 'arn:aws:s3')),
  );
  const advanced = (selectors.AdvancedEventSelectors ?? []).some((s) => {
    const fields = s.FieldSelectors ?? [];
    const field = (name: string) => fields.find((f) => f.Field === name);
    if (!field('eventCategory')?.Equals?.includes('Data')) return false;
    if (!field('resources.type')?.Equals?.includes('AWS::S3::Object')) return false;
    // A filter on resources.ARN narrows the selector to some buckets.
    if (field('resources.ARN')) return false;
    const readOnly = field('readOnly')?.Equals;
    return !readOnly || readOnly.includes(readOrWrite === 'read' ? 'true' : 'false');
  });
  return basic || advanced;
}

const trails: Collector = {
  name: 'cloudtrail',
  service: 'cloudtrail',
  kinds: ['aws.cloudtrail.trail'],
  scope: 'regional',
  async collect(ctx) {
    const answer = await ctx.session.call<DescribeTrailsCommandOutput>('cloudtrail', ctx.region, new DescribeTrailsCommand({ includeShadowTrails: true }));
    if (!answer.ok) return listingFailed(ctx, 'CloudTrail trails', answer);
    // A multi-region trail shows in every region; it is reported once, from its home region.
    const home = (answer.value.trailList ?? []).filter((t) => (t.HomeRegion ?? ctx.region) === ctx.region);
    return mapBounded(home, 4, async (t) => {
      const name = t.TrailARN ?? t.Name;
      const [status, selectors] = await Promise.all([
        ctx.session.call<GetTrailStatusCommandOutput>('cloudtrail', ctx.region, new GetTrailStatusCommand({ Name: name })),
        ctx.session.call<GetEventSelectorsCommandOutput>('cloudtrail', ctx.region, new GetEventSelectorsCommand({ TrailName: name })),
      ]);
      return awsResource(ctx, 'aws.cloudtrail.trail', t.TrailARN ?? arn(ctx, 'cloudtrail', `trail/${t.Name}`), t.Name ?? '', {
        name: t.Name ?? null,
        is_multi_region: t.IsMultiRegionTrail ?? false,
        is_organization_trail: t.IsOrganizationTrail ?? false,
        is_logging: valueOf(status, (v) => v.IsLogging ?? false),
        include_global_service_events: t.IncludeGlobalServiceEvents ?? false,
        log_file_validation: t.LogFileValidationEnabled ?? false,
        kms_key_id: t.KmsKeyId ?? null,
        cloudwatch_logs_group_arn: t.CloudWatchLogsLogGroupArn ?? null,
        s3_data_events_read: valueOf(selectors, (v) => s3DataEvents(v, 'read')),
        s3_data_events_write: valueOf(selectors, (v) => s3DataEvents(v, 'write')),
        tags: {},
      }, evidenceOf(answer, status, selectors));
    });
  },
};

/** One per region, always: a region without a recorder is the finding. */
const recorder: Collector = {
  name: 'config recorder',
  service: 'config',
  kinds: ['aws.config.recorder'],
  scope: 'regional',
  async collect(ctx) {
    const recorders = await ctx.session.call<DescribeConfigurationRecordersCommandOutput>('config', ctx.region, new DescribeConfigurationRecordersCommand({}));
    const statuses = await ctx.session.call<DescribeConfigurationRecorderStatusCommandOutput>('config', ctx.region, new DescribeConfigurationRecorderStatusCommand({}));
    const first = recorders.ok ? recorders.value.ConfigurationRecorders?.[0] : undefined;
    const whenMissing = (read: () => Value, absent: Value): Value => (!recorders.ok ? unknownFrom(recorders) : first ? read() : absent);
    return [
      awsResource(ctx, 'aws.config.recorder', arn(ctx, 'config', `config-recorder/${first?.name ?? 'none'}`), first?.name ?? `no recorder in ${ctx.region}`, {
        name: first?.name ?? null,
        exists: valueOf(recorders, () => Boolean(first)),
        recording: whenMissing(() => valueOf(statuses, (v) => (v.ConfigurationRecordersStatus ?? []).some((s) => s.name === first!.name && s.recording === true)), false),
        all_supported: whenMissing(() => first!.recordingGroup?.allSupported ?? false, false),
        include_global_resource_types: whenMissing(() => first!.recordingGroup?.includeGlobalResourceTypes ?? false, false),
        region: ctx.region,
      }, evidenceOf(recorders, statuses)),
    ];
  },
};

const guardduty: Collector = {
  name: 'guardduty',
  service: 'guardduty',
  kinds: ['aws.guardduty.detector'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.call<ListDetectorsCommandOutput>('guardduty', ctx.region, new ListDetectorsCommand({}));
    const id = list.ok ? list.value.DetectorIds?.[0] : undefined;
    const detector = id ? await ctx.session.call<GetDetectorCommandOutput>('guardduty', ctx.region, new GetDetectorCommand({ DetectorId: id })) : undefined;
    const enabled: Value = !list.ok ? unknownFrom(list) : !detector ? false : valueOf(detector, (v) => v.Status === 'ENABLED');
    return [
      awsResource(ctx, 'aws.guardduty.detector', arn(ctx, 'guardduty', `detector/${id ?? 'none'}`), `GuardDuty ${ctx.region}`, { enabled, region: ctx.region }, detector ? evidenceOf(list, detector) : [list.evidence]),
    ];
  },
};

const securityhub: Collector = {
  name: 'securityhub',
  service: 'securityhub',
  kinds: ['aws.securityhub.hub'],
  scope: 'regional',
  async collect(ctx) {
    const hub = await ctx.session.call<DescribeHubCommandOutput>('securityhub', ctx.region, new DescribeHubCommand({}));
    // InvalidAccessException is how Security Hub says "this account is not subscribed".
    const enabled: Value = hub.ok ? true : hub.error.code === 'InvalidAccessException' || hub.error.code === 'ResourceNotFoundException' ? false : unknownFrom(hub);
    return [awsResource(ctx, 'aws.securityhub.hub', hub.ok && hub.value.HubArn ? hub.value.HubArn : arn(ctx, 'securityhub', 'hub/default'), `Security Hub ${ctx.region}`, { enabled, region: ctx.region }, [hub.evidence])];
  },
};

const logGroups: Collector = {
  name: 'cloudwatch log groups',
  service: 'logs',
  kinds: ['aws.logs.log_group'],
  scope: 'regional',
  async collect(ctx) {
    const answer = await ctx.session.paginate<DescribeLogGroupsCommandOutput>('logs', ctx.region, (nextToken) => new DescribeLogGroupsCommand({ nextToken }), (p) => p.nextToken);
    if (!answer.ok) return listingFailed(ctx, 'CloudWatch log groups', answer);
    return answer.pages.flatMap((p) => p.logGroups ?? []).map((g): Resource =>
      awsResource(ctx, 'aws.logs.log_group', (g.arn ?? arn(ctx, 'logs', `log-group:${g.logGroupName}`)).replace(/:\*$/, ''), g.logGroupName ?? '', {
        name: g.logGroupName ?? null,
        retention_in_days: g.retentionInDays ?? null,
        kms_key_id: g.kmsKeyId ?? null,
        region: ctx.region,
        tags: {},
      }, answer.evidence),
    );
  },
};

export const MONITORING_COLLECTORS: readonly Collector[] = [trails, recorder, guardduty, securityhub, logGroups];
