import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { publicAccess, documentFact } from '../../../model/policy.js';
import type { ResourceInstance } from '../module.js';
import { isCustomerManagedKey } from './s3.js';
import { block, field, regionOf } from './support.js';
import { attr, type MapperSet, type PrimaryMapper } from './types.js';

/** DynamoDB tables, SNS topics, SQS queues, Kinesis streams, Firehose delivery streams, EFS file systems. */

const named = (key: string) => (attributes: ValueObject, instance: ResourceInstance): string => (typeof attributes[key] === 'string' ? (attributes[key] as string) : instance.address);
const nameOf = (instance: ResourceInstance, key = 'name'): Value => attr(instance, key, unknown(`${instance.address}.${key} is generated on apply`));

/** Facts of a resource policy document; all false without one. */
export function resourcePolicyFacts(document: Value | undefined): ValueObject {
  const present = document !== undefined && document !== null && document !== '';
  return { exists: present, public: documentFact(document, publicAccess, false) };
}

const table: PrimaryMapper = {
  kind: 'aws.dynamodb.table',
  attributes: (instance) => {
    const sse = block(instance.attributes.server_side_encryption);
    const enabled = field(sse, 'enabled', false);
    const key = field(sse, 'kms_key_arn', null);
    return {
      name: nameOf(instance),
      billing_mode: attr(instance, 'billing_mode', 'PROVISIONED'),
      point_in_time_recovery: field(block(instance.attributes.point_in_time_recovery), 'enabled', false),
      // Without server_side_encryption enabled the table uses a key DynamoDB owns.
      sse_type: isUnknown(enabled) ? enabled : enabled === true ? 'KMS' : 'DEFAULT',
      kms_key_id: enabled === true ? key : null,
      customer_managed_key: isUnknown(enabled) ? enabled : enabled === true ? isCustomerManagedKey(key) : false,
      read_autoscaling: false,
      write_autoscaling: false,
      in_backup_plan: false,
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: named('name'),
  // Auto Scaling targets name a table as `table/<name>`.
  identity: (attributes) => (typeof attributes.name === 'string' ? `table/${attributes.name}` : undefined),
};

const topic: PrimaryMapper = {
  kind: 'aws.sns.topic',
  attributes: (instance) => {
    const key = attr(instance, 'kms_master_key_id', null);
    return {
      name: nameOf(instance),
      kms_master_key_id: key,
      customer_managed_key: isCustomerManagedKey(key),
      policy: resourcePolicyFacts(instance.attributes.policy),
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: named('name'),
};

const queue: PrimaryMapper = {
  kind: 'aws.sqs.queue',
  attributes: (instance) => {
    const key = attr(instance, 'kms_master_key_id', null);
    return {
      name: nameOf(instance),
      kms_master_key_id: key,
      // Queues created since October 2022 get SSE-SQS unless a KMS key is given or it is turned off.
      sqs_managed_sse: attr(instance, 'sqs_managed_sse_enabled', key === null),
      customer_managed_key: isCustomerManagedKey(key),
      policy: resourcePolicyFacts(instance.attributes.policy),
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: named('name'),
};

const stream: PrimaryMapper = {
  kind: 'aws.kinesis.stream',
  attributes: (instance) => {
    const key = attr(instance, 'kms_key_id', null);
    return {
      name: nameOf(instance),
      encryption_type: attr(instance, 'encryption_type', 'NONE'),
      kms_key_id: key,
      customer_managed_key: typeof key === 'string' && key.endsWith('alias/aws/kinesis') ? false : isCustomerManagedKey(key),
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: named('name'),
};

const deliveryStream: PrimaryMapper = {
  kind: 'aws.firehose.delivery_stream',
  attributes: (instance) => {
    const source = block(instance.attributes.kinesis_source_configuration);
    const sse = block(instance.attributes.server_side_encryption);
    return {
      name: nameOf(instance),
      source_is_kinesis_stream: isUnknown(source) ? source : Object.keys(source as ValueObject).length > 0,
      sse_enabled: field(sse, 'enabled', false),
      key_type: field(sse, 'key_type', 'AWS_OWNED_CMK'),
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: named('name'),
};

const fileSystem: PrimaryMapper = {
  kind: 'aws.efs.file_system',
  attributes: (instance) => {
    const tags = attr(instance, 'tags', {});
    return {
      name: isValueObject(tags) && typeof tags.Name === 'string' ? tags.Name : instance.address,
      encrypted: attr(instance, 'encrypted', false),
      kms_key_id: attr(instance, 'kms_key_id', null),
      in_backup_plan: false,
      region: regionOf(instance),
      tags,
    };
  },
  name: named('name'),
};

export const DATA_STORE_MAPPERS: MapperSet = {
  primary: {
    aws_dynamodb_table: table,
    aws_sns_topic: topic,
    aws_sqs_queue: queue,
    aws_kinesis_stream: stream,
    aws_kinesis_firehose_delivery_stream: deliveryStream,
    aws_efs_file_system: fileSystem,
  },
  companions: {
    // Only a table's own capacity: index targets (`table/x/index/y`) and other services' targets are not this table's.
    aws_appautoscaling_target: {
      kind: 'aws.dynamodb.table',
      link: 'resource_id',
      applies: (companion) => {
        const id = companion.attributes.resource_id;
        return companion.attributes.service_namespace === 'dynamodb' && !(typeof id === 'string' && id.includes('/index/'));
      },
      apply(target, companion) {
        const dimension = companion.attributes.scalable_dimension;
        if (dimension === 'dynamodb:table:ReadCapacityUnits') target.read_autoscaling = true;
        else if (dimension === 'dynamodb:table:WriteCapacityUnits') target.write_autoscaling = true;
      },
    },
    aws_sns_topic_policy: {
      kind: 'aws.sns.topic',
      link: 'arn',
      apply(target, companion) {
        target.policy = resourcePolicyFacts(companion.attributes.policy);
      },
    },
    aws_sqs_queue_policy: {
      kind: 'aws.sqs.queue',
      link: 'queue_url',
      apply(target, companion) {
        target.policy = resourcePolicyFacts(companion.attributes.policy);
      },
    },
  },
};
