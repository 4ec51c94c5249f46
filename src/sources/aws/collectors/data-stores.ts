import {
  DescribeContinuousBackupsCommand,
  DescribeLimitsCommand,
  DescribeTableCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  type DescribeContinuousBackupsCommandOutput,
  type DescribeLimitsCommandOutput,
  type DescribeTableCommandOutput,
  type ListTablesCommandOutput,
  type ListTagsOfResourceCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { DescribeScalableTargetsCommand, type DescribeScalableTargetsCommandOutput } from '@aws-sdk/client-application-auto-scaling';
import { GetTopicAttributesCommand, ListTopicsCommand, type GetTopicAttributesCommandOutput, type ListTopicsCommandOutput } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand, type GetQueueAttributesCommandOutput, type ListQueuesCommandOutput } from '@aws-sdk/client-sqs';
import { DescribeStreamSummaryCommand, ListStreamsCommand, type DescribeStreamSummaryCommandOutput, type ListStreamsCommandOutput } from '@aws-sdk/client-kinesis';
import { DescribeDeliveryStreamCommand, ListDeliveryStreamsCommand, type DescribeDeliveryStreamCommandOutput, type ListDeliveryStreamsCommandOutput } from '@aws-sdk/client-firehose';
import { DescribeFileSystemsCommand, type DescribeFileSystemsCommandOutput } from '@aws-sdk/client-efs';
import { publicAccess, documentFact } from '../../../model/policy.js';
import { unknown, type Value, type ValueObject } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, tagsOf, valueOf, type Collector, type CollectContext } from './support.js';
import type { ApiEvidence } from '../../../model/resource.js';

/** DynamoDB, SNS, SQS, Kinesis, Firehose and EFS. */

/** Whether a KMS key ID names an AWS-managed key (alias/aws/...); a key ARN or ID is taken as the customer's. */
const customerKey = (key: string | undefined, awsAlias: string): Value => (key ? !key.endsWith(awsAlias) && !/(^|:)alias\/aws\//.test(key) : false);

function policyFacts(document: string | undefined): ValueObject {
  if (!document) return { exists: false, public: false };
  let parsed: Value;
  try {
    parsed = JSON.parse(document) as Value;
  } catch {
    return { exists: true, public: unknown('the policy document is not valid JSON') };
  }
  return { exists: true, public: documentFact(parsed, publicAccess, false) };
}

/**
 * The region's Application Auto Scaling targets in the dynamodb namespace (one listing for every
 * table): whether one names a table (`table/<name>`) and a capacity dimension.
 */
async function scalableTargets(ctx: CollectContext): Promise<{ scales: (table: string, dimension: string) => Value; evidence: ApiEvidence[] }> {
  const list = await ctx.session.paginate<DescribeScalableTargetsCommandOutput>('applicationautoscaling', ctx.region, (NextToken) => new DescribeScalableTargetsCommand({ ServiceNamespace: 'dynamodb', MaxResults: 50, NextToken }), (p) => p.NextToken);
  if (!list.ok) return { scales: () => unknownFrom(list), evidence: [list.evidence] };
  const targets = new Set(list.pages.flatMap((p) => p.ScalableTargets ?? []).map((t) => `${t.ResourceId}|${t.ScalableDimension}`));
  return { scales: (table, dimension) => targets.has(`table/${table}|${dimension}`), evidence: list.evidence };
}

const tables: Collector = {
  name: 'dynamodb tables',
  service: 'dynamodb',
  kinds: ['aws.dynamodb.table', 'aws.dynamodb.account_capacity'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListTablesCommandOutput>('dynamodb', ctx.region, (ExclusiveStartTableName) => new ListTablesCommand({ Limit: 100, ExclusiveStartTableName }), (p) => p.LastEvaluatedTableName);
    if (!list.ok) return listingFailed(ctx, 'DynamoDB tables', list);
    let read = 0;
    let write = 0;
    let capacityKnown = true;
    const names = list.pages.flatMap((p) => p.TableNames ?? []);
    const scaling = names.length > 0 ? await scalableTargets(ctx) : undefined;
    const found = await mapBounded(names, 8, async (name) => {
      const [described, backups] = await Promise.all([
        ctx.session.call<DescribeTableCommandOutput>('dynamodb', ctx.region, new DescribeTableCommand({ TableName: name })),
        ctx.session.call<DescribeContinuousBackupsCommandOutput>('dynamodb', ctx.region, new DescribeContinuousBackupsCommand({ TableName: name })),
      ]);
      const t = described.ok ? described.value.Table : undefined;
      const tableArn = t?.TableArn ?? arn(ctx, 'dynamodb', `table/${name}`);
      const tags = t ? await ctx.session.call<ListTagsOfResourceCommandOutput>('dynamodb', ctx.region, new ListTagsOfResourceCommand({ ResourceArn: tableArn })) : undefined;
      const meta = (get: () => Value): Value => (described.ok ? get() : unknownFrom(described));
      const mode = t?.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
      if (!described.ok) capacityKnown = false;
      else if (mode === 'PROVISIONED') {
        read += t?.ProvisionedThroughput?.ReadCapacityUnits ?? 0;
        write += t?.ProvisionedThroughput?.WriteCapacityUnits ?? 0;
        for (const index of t?.GlobalSecondaryIndexes ?? []) {
          read += index.ProvisionedThroughput?.ReadCapacityUnits ?? 0;
          write += index.ProvisionedThroughput?.WriteCapacityUnits ?? 0;
        }
      }
      const sse = t?.SSEDescription;
      const kms = sse?.SSEType === 'KMS';
      // On-demand tables have no capacity to scale; a provisioned one scales what a target names.
      const scales = (dimension: string): Value => meta(() => (mode === 'PAY_PER_REQUEST' ? false : scaling!.scales(name, dimension)));
      return awsResource(ctx, 'aws.dynamodb.table', tableArn, name, {
        name,
        billing_mode: meta(() => mode),
        point_in_time_recovery: valueOf(backups, (v) => v.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED'),
        sse_type: meta(() => (sse?.Status === 'ENABLED' || sse?.Status === 'UPDATING' ? (sse.SSEType ?? 'KMS') : 'DEFAULT')),
        kms_key_id: meta(() => (kms ? (sse?.KMSMasterKeyArn ?? null) : null)),
        // DescribeTable names the key by ARN whether AWS or the customer manages it; the KMS collector tells them apart.
        customer_managed_key: meta(() => (kms ? unknown('DescribeTable gives the key ARN but not who manages it; see the KMS key\'s KeyManager') : false)),
        read_autoscaling: scales('dynamodb:table:ReadCapacityUnits'),
        write_autoscaling: scales('dynamodb:table:WriteCapacityUnits'),
        in_backup_plan: false,
        region: ctx.region,
        tags: tags ? valueOf(tags, (v) => tagsOf(v.Tags)) : {},
      }, [...evidenceOf(list, described, backups, ...(tags ? [tags] : [])), ...(mode === 'PAY_PER_REQUEST' ? [] : scaling!.evidence)]);
    });
    const limits = await ctx.session.call<DescribeLimitsCommandOutput>('dynamodb', ctx.region, new DescribeLimitsCommand({}));
    const percent = (used: number, max: number | undefined): Value => (!capacityKnown ? unknown('a table could not be described, so the provisioned total is not known') : max ? Math.round((used / max) * 1000) / 10 : null);
    const capacity = awsResource(ctx, 'aws.dynamodb.account_capacity', arn(ctx, 'dynamodb', 'account-capacity'), `DynamoDB capacity ${ctx.region}`, {
      account_max_read: valueOf(limits, (v) => v.AccountMaxReadCapacityUnits ?? null),
      account_max_write: valueOf(limits, (v) => v.AccountMaxWriteCapacityUnits ?? null),
      provisioned_read: capacityKnown ? read : unknown('a table could not be described'),
      provisioned_write: capacityKnown ? write : unknown('a table could not be described'),
      read_percent: valueOf(limits, (v) => percent(read, v.AccountMaxReadCapacityUnits)),
      write_percent: valueOf(limits, (v) => percent(write, v.AccountMaxWriteCapacityUnits)),
      region: ctx.region,
    }, evidenceOf(list, limits));
    return [...found, capacity];
  },
};

const topics: Collector = {
  name: 'sns topics',
  service: 'sns',
  kinds: ['aws.sns.topic'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListTopicsCommandOutput>('sns', ctx.region, (NextToken) => new ListTopicsCommand({ NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'SNS topics', list);
    return mapBounded(list.pages.flatMap((p) => p.Topics ?? []), 8, async (topic) => {
      const answer = await ctx.session.call<GetTopicAttributesCommandOutput>('sns', ctx.region, new GetTopicAttributesCommand({ TopicArn: topic.TopicArn }));
      const a = answer.ok ? (answer.value.Attributes ?? {}) : undefined;
      const read = (get: (attributes: Record<string, string>) => Value): Value => (a ? get(a) : unknownFrom(answer as Extract<typeof answer, { ok: false }>));
      const name = (topic.TopicArn ?? '').split(':').pop() ?? '';
      return awsResource(ctx, 'aws.sns.topic', topic.TopicArn ?? '', name, {
        name,
        kms_master_key_id: read((x) => x.KmsMasterKeyId || null),
        customer_managed_key: read((x) => customerKey(x.KmsMasterKeyId, 'alias/aws/sns')),
        policy: read((x) => policyFacts(x.Policy)),
        region: ctx.region,
        tags: {},
      }, evidenceOf(list, answer));
    });
  },
};

const queues: Collector = {
  name: 'sqs queues',
  service: 'sqs',
  kinds: ['aws.sqs.queue'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListQueuesCommandOutput>('sqs', ctx.region, (NextToken) => new ListQueuesCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'SQS queues', list);
    return mapBounded(list.pages.flatMap((p) => p.QueueUrls ?? []), 8, async (url) => {
      const answer = await ctx.session.call<GetQueueAttributesCommandOutput>('sqs', ctx.region, new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'KmsMasterKeyId', 'SqsManagedSseEnabled', 'Policy'] }));
      const a = answer.ok ? (answer.value.Attributes ?? {}) : undefined;
      const read = (get: (attributes: Record<string, string>) => Value): Value => (a ? get(a) : unknownFrom(answer as Extract<typeof answer, { ok: false }>));
      const name = url.split('/').pop() ?? url;
      return awsResource(ctx, 'aws.sqs.queue', a?.QueueArn ?? arn(ctx, 'sqs', name), name, {
        name,
        kms_master_key_id: read((x) => x.KmsMasterKeyId || null),
        sqs_managed_sse: read((x) => x.SqsManagedSseEnabled === 'true'),
        customer_managed_key: read((x) => customerKey(x.KmsMasterKeyId, 'alias/aws/sqs')),
        policy: read((x) => policyFacts(x.Policy)),
        region: ctx.region,
        tags: {},
      }, evidenceOf(list, answer));
    });
  },
};

const streams: Collector = {
  name: 'kinesis streams',
  service: 'kinesis',
  kinds: ['aws.kinesis.stream'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListStreamsCommandOutput>('kinesis', ctx.region, (NextToken) => new ListStreamsCommand({ Limit: 100, NextToken }), (p) => (p.HasMoreStreams ? p.NextToken : undefined));
    if (!list.ok) return listingFailed(ctx, 'Kinesis data streams', list);
    return mapBounded(list.pages.flatMap((p) => p.StreamNames ?? []), 8, async (name) => {
      const answer = await ctx.session.call<DescribeStreamSummaryCommandOutput>('kinesis', ctx.region, new DescribeStreamSummaryCommand({ StreamName: name }));
      const s = answer.ok ? answer.value.StreamDescriptionSummary : undefined;
      return awsResource(ctx, 'aws.kinesis.stream', s?.StreamARN ?? arn(ctx, 'kinesis', `stream/${name}`), name, {
        name,
        encryption_type: valueOf(answer, () => s?.EncryptionType ?? 'NONE'),
        kms_key_id: valueOf(answer, () => s?.KeyId ?? null),
        customer_managed_key: valueOf(answer, () => customerKey(s?.KeyId, 'alias/aws/kinesis')),
        region: ctx.region,
        tags: {},
      }, evidenceOf(list, answer));
    });
  },
};

const deliveryStreams: Collector = {
  name: 'firehose delivery streams',
  service: 'firehose',
  kinds: ['aws.firehose.delivery_stream'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListDeliveryStreamsCommandOutput>(
      'firehose', ctx.region, (ExclusiveStartDeliveryStreamName) => new ListDeliveryStreamsCommand({ Limit: 100, ExclusiveStartDeliveryStreamName }),
      (p) => (p.HasMoreDeliveryStreams ? p.DeliveryStreamNames?.[p.DeliveryStreamNames.length - 1] : undefined),
    );
    if (!list.ok) return listingFailed(ctx, 'Firehose delivery streams', list);
    return mapBounded(list.pages.flatMap((p) => p.DeliveryStreamNames ?? []), 8, async (name) => {
      const answer = await ctx.session.call<DescribeDeliveryStreamCommandOutput>('firehose', ctx.region, new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
      const d = answer.ok ? answer.value.DeliveryStreamDescription : undefined;
      const sse = d?.DeliveryStreamEncryptionConfiguration;
      return awsResource(ctx, 'aws.firehose.delivery_stream', d?.DeliveryStreamARN ?? arn(ctx, 'firehose', `deliverystream/${name}`), name, {
        name,
        source_is_kinesis_stream: valueOf(answer, () => d?.DeliveryStreamType === 'KinesisStreamAsSource'),
        sse_enabled: valueOf(answer, () => sse?.Status === 'ENABLED' || sse?.Status === 'ENABLING'),
        key_type: valueOf(answer, () => sse?.KeyType ?? null),
        region: ctx.region,
        tags: {},
      }, evidenceOf(list, answer));
    });
  },
};

const fileSystems: Collector = {
  name: 'efs file systems',
  service: 'efs',
  kinds: ['aws.efs.file_system'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeFileSystemsCommandOutput>('efs', ctx.region, (Marker) => new DescribeFileSystemsCommand({ MaxItems: 100, Marker }), (p) => p.NextMarker);
    if (!list.ok) return listingFailed(ctx, 'EFS file systems', list);
    return list.pages.flatMap((p) => p.FileSystems ?? []).map((fs) =>
      awsResource(ctx, 'aws.efs.file_system', fs.FileSystemArn ?? arn(ctx, 'elasticfilesystem', `file-system/${fs.FileSystemId}`), fs.Name ?? fs.FileSystemId ?? '', {
        name: fs.Name ?? fs.FileSystemId ?? null,
        encrypted: fs.Encrypted ?? false,
        kms_key_id: fs.KmsKeyId ?? null,
        in_backup_plan: false,
        region: ctx.region,
        tags: tagsOf(fs.Tags),
      }, list.evidence),
    );
  },
};

export const DATA_STORE_COLLECTORS: readonly Collector[] = [tables, topics, queues, streams, deliveryStreams, fileSystems];
