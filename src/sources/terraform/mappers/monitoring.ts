import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { block, blocks, field, regionOf } from './support.js';
import { attr, type MapperSet } from './types.js';

/** CloudTrail, AWS Config, GuardDuty, Security Hub, CloudWatch Logs and KMS. */

const S3_OBJECT = 'AWS::S3::Object';

/**
 * Whether event selectors record S3 object events of every bucket for a read/write type. Basic
 * selectors: a data_resource of type AWS::S3::Object whose values include "arn:aws:s3" (or
 * "arn:aws:s3:::"). Advanced selectors: eventCategory Data and resources.type AWS::S3::Object with
 * no narrowing by ARN, and readOnly matching the wanted type or absent.
 */
function recordsS3(instance: ResourceInstance, kind: 'read' | 'write'): Value {
  const basic = blocks(instance.attributes.event_selector);
  const advanced = blocks(instance.attributes.advanced_event_selector);
  if (isUnknown(basic)) return basic;
  if (isUnknown(advanced)) return advanced;
  for (const selector of basic as ValueObject[]) {
    const rw = String(selector.read_write_type ?? 'All');
    if (rw !== 'All' && rw.toLowerCase() !== (kind === 'read' ? 'readonly' : 'writeonly')) continue;
    const resources = blocks(selector.data_resource);
    if (isUnknown(resources)) return resources;
    for (const resource of resources as ValueObject[]) {
      const values = resource.values;
      if (resource.type === S3_OBJECT && Array.isArray(values) && values.some((v) => v === 'arn:aws:s3' || v === 'arn:aws:s3:::')) return true;
    }
  }
  for (const selector of advanced as ValueObject[]) {
    const fields = blocks(selector.field_selector);
    if (isUnknown(fields)) return fields;
    const byName = new Map((fields as ValueObject[]).map((f) => [String(f.field), f]));
    const equals = (name: string): Value[] => {
      const f = byName.get(name);
      return f && Array.isArray(f.equals) ? f.equals : [];
    };
    if (!equals('eventCategory').includes('Data') || !equals('resources.type').includes(S3_OBJECT)) continue;
    if (byName.has('resources.ARN')) continue;
    const readOnly = equals('readOnly');
    if (readOnly.length === 0 || readOnly.includes(kind === 'read' ? 'true' : 'false')) return true;
  }
  return false;
}

export const MONITORING_MAPPERS: MapperSet = {
  primary: {
    aws_cloudtrail: {
      kind: 'aws.cloudtrail.trail',
      attributes: (instance) => ({
        name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
        is_multi_region: attr(instance, 'is_multi_region_trail', false),
        is_organization_trail: attr(instance, 'is_organization_trail', false),
        is_logging: attr(instance, 'enable_logging', true),
        include_global_service_events: attr(instance, 'include_global_service_events', true),
        log_file_validation: attr(instance, 'enable_log_file_validation', false),
        kms_key_id: attr(instance, 'kms_key_id', null),
        cloudwatch_logs_group_arn: attr(instance, 'cloud_watch_logs_group_arn', null),
        s3_data_events_read: recordsS3(instance, 'read'),
        s3_data_events_write: recordsS3(instance, 'write'),
        tags: attr(instance, 'tags', {}),
      }),
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
    },
    aws_config_configuration_recorder: {
      kind: 'aws.config.recorder',
      attributes: (instance) => {
        const group = block(instance.attributes.recording_group);
        return {
          name: attr(instance, 'name', 'default'),
          exists: true,
          // A recorder records only once a status resource starts it.
          recording: false,
          all_supported: field(group, 'all_supported', true),
          include_global_resource_types: field(group, 'include_global_resource_types', false),
          region: regionOf(instance),
        };
      },
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
      identity: (a) => (typeof a.name === 'string' ? a.name : undefined),
    },
    aws_guardduty_detector: {
      kind: 'aws.guardduty.detector',
      attributes: (instance) => ({ enabled: attr(instance, 'enable', true), region: regionOf(instance) }),
      name: (_a, instance) => instance.address,
    },
    aws_securityhub_account: {
      kind: 'aws.securityhub.hub',
      attributes: (instance) => ({ enabled: true, region: regionOf(instance) }),
      name: (_a, instance) => instance.address,
    },
    aws_cloudwatch_log_group: {
      kind: 'aws.logs.log_group',
      attributes: (instance) => {
        const days = attr(instance, 'retention_in_days', 0);
        return {
          name: attr(instance, 'name', unknown(`${instance.address}.name is generated on apply`)),
          retention_in_days: days === 0 ? null : days,
          kms_key_id: attr(instance, 'kms_key_id', null),
          region: regionOf(instance),
          tags: attr(instance, 'tags', {}),
        };
      },
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
    },
    aws_kms_key: {
      kind: 'aws.kms.key',
      attributes: (instance) => ({
        description: attr(instance, 'description', ''),
        key_manager: 'CUSTOMER',
        key_spec: attr(instance, 'customer_master_key_spec', 'SYMMETRIC_DEFAULT'),
        key_usage: attr(instance, 'key_usage', 'ENCRYPT_DECRYPT'),
        origin: 'AWS_KMS',
        key_state: attr(instance, 'is_enabled', true) === false ? 'Disabled' : 'Enabled',
        rotation_enabled: attr(instance, 'enable_key_rotation', false),
        region: regionOf(instance),
        tags: attr(instance, 'tags', {}),
      }),
      name: (a, instance) => (isValueObject(a.tags) && typeof a.tags.Name === 'string' ? a.tags.Name : instance.address),
    },
    // Imported key material: symmetric, but KMS cannot rotate what it did not make.
    aws_kms_external_key: {
      kind: 'aws.kms.key',
      attributes: (instance) => ({
        description: attr(instance, 'description', ''),
        key_manager: 'CUSTOMER',
        key_spec: attr(instance, 'key_spec', 'SYMMETRIC_DEFAULT'),
        key_usage: attr(instance, 'key_usage', 'ENCRYPT_DECRYPT'),
        origin: 'EXTERNAL',
        key_state: attr(instance, 'enabled', true) === false ? 'Disabled' : 'Enabled',
        rotation_enabled: false,
        region: regionOf(instance),
        tags: attr(instance, 'tags', {}),
      }),
      name: (a, instance) => (isValueObject(a.tags) && typeof a.tags.Name === 'string' ? a.tags.Name : instance.address),
    },
  },
  companions: {
    aws_config_configuration_recorder_status: {
      kind: 'aws.config.recorder',
      link: 'name',
      apply(target, companion) {
        target.recording = attr(companion, 'is_enabled', false);
      },
    },
  },
};
