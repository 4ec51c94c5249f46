import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { deniesInsecureTransport, documentFact, publicRead, publicWrite } from '../../../model/policy.js';
import type { ResourceInstance } from '../module.js';
import { block, blocks, field, regionOf } from './support.js';
import { attr, firstBlock, type MapperSet } from './types.js';

/**
 * Whether a KMS key reference names a key the customer manages. A reference to an
 * `aws_kms_key` resource does; `alias/aws/...` (the AWS-managed key) does not; a value from a
 * variable is unknown.
 */
export function isCustomerManagedKey(keyId: Value): Value {
  if (keyId === null || keyId === undefined || keyId === '') return false;
  if (isUnknown(keyId)) {
    if (keyId.origin?.startsWith('aws_kms_key.') || keyId.origin?.includes('.aws_kms_key.')) return true;
    if (keyId.origin?.startsWith('aws_kms_alias.')) return true;
    return unknown(`whether the KMS key is customer-managed depends on ${keyId.reason}`);
  }
  if (typeof keyId !== 'string') return false;
  return !/(^|:)alias\/aws\//.test(keyId);
}

/** AWS applies SSE-S3 to every bucket with no configuration (since January 2023). */
const DEFAULT_ENCRYPTION: ValueObject = {
  sse_algorithm: 'AES256',
  kms_key_id: null,
  bucket_key_enabled: false,
  customer_managed_key: false,
  configured: false,
};

/** Reads `rule { apply_server_side_encryption_by_default { ... } bucket_key_enabled }`. */
function encryptionFromRules(rulesValue: Value | undefined): ValueObject | Value {
  if (isUnknown(rulesValue)) return rulesValue;
  const rule = firstBlock(rulesValue);
  if (isUnknown(rule)) return rule;
  if (!isValueObject(rule)) return { ...DEFAULT_ENCRYPTION };
  const defaults = firstBlock(rule.apply_server_side_encryption_by_default);
  if (isUnknown(defaults)) return defaults;
  if (!isValueObject(defaults)) return { ...DEFAULT_ENCRYPTION };
  const algorithm = defaults.sse_algorithm ?? null;
  const keyId = defaults.kms_master_key_id ?? null;
  const usesKms = algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse';
  return {
    sse_algorithm: algorithm,
    kms_key_id: keyId,
    bucket_key_enabled: rule.bucket_key_enabled ?? false,
    customer_managed_key: usesKms ? isCustomerManagedKey(keyId) : isUnknown(algorithm) ? algorithm : false,
    configured: true,
  };
}

/** Facts from a bucket policy document; all false without one. */
export function policyFacts(document: Value | undefined): ValueObject {
  const present = document !== undefined && document !== null && document !== '';
  return {
    exists: present,
    denies_insecure_transport: documentFact(document, deniesInsecureTransport, false),
    public_read: documentFact(document, publicRead, false),
    public_write: documentFact(document, publicWrite, false),
  };
}

const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

/** Facts from a canned ACL and explicit grants (`access_control_policy { grant { grantee { uri } permission } }`). */
export function aclFacts(canned: Value, grants: Value): ValueObject {
  if (isUnknown(canned)) return { canned, public_read: canned, public_write: canned };
  if (isUnknown(grants)) return { canned, public_read: grants, public_write: grants };
  const cannedRead = canned === 'public-read' || canned === 'public-read-write' || canned === 'authenticated-read';
  const cannedWrite = canned === 'public-read-write';
  let grantRead = false;
  let grantWrite = false;
  for (const grant of Array.isArray(grants) ? grants : []) {
    if (!isValueObject(grant)) continue;
    const grantee = firstBlock(grant.grantee);
    const uri = isValueObject(grantee as Value) ? (grantee as ValueObject).uri : undefined;
    if (typeof uri !== 'string' || !PUBLIC_GROUPS.test(uri)) continue;
    const permission = String(grant.permission ?? '');
    if (['READ', 'READ_ACP', 'FULL_CONTROL'].includes(permission)) grantRead = true;
    if (['WRITE', 'WRITE_ACP', 'FULL_CONTROL'].includes(permission)) grantWrite = true;
  }
  return { canned: canned ?? null, public_read: cannedRead || grantRead, public_write: cannedWrite || grantWrite };
}

function versioningFromInline(instance: ResourceInstance): ValueObject {
  const inline = block(instance.attributes.versioning);
  const enabled = field(inline, 'enabled', false);
  return {
    status: isUnknown(enabled) ? enabled : enabled === true ? 'Enabled' : 'Disabled',
    mfa_delete: isUnknown(inline) ? inline : field(inline, 'mfa_delete', false) === true ? 'Enabled' : 'Disabled',
  };
}

function loggingFromBlock(value: Value | undefined): ValueObject {
  const logging = block(value);
  const target = field(logging, 'target_bucket', null);
  return { enabled: isUnknown(target) ? (target.origin ? true : target) : target !== null, target_bucket: target };
}

function objectLockFrom(enabled: Value, rule: Value | undefined): ValueObject {
  const retention = block(field(block(rule), 'default_retention', null));
  return {
    enabled,
    mode: field(retention, 'mode', null),
    days: field(retention, 'days', null),
    years: field(retention, 'years', null),
  };
}

/** Some rule of a replication configuration has status Enabled. */
function replicationFrom(rules: Value | undefined, statusField: string): Value {
  const list = blocks(rules);
  if (isUnknown(list)) return list;
  const statuses = (list as ValueObject[]).map((rule) => rule[statusField] ?? null);
  if (statuses.includes('Enabled')) return true;
  return statuses.find(isUnknown) ?? false;
}

/** Some lifecycle rule is on: provider v3 `lifecycle_rule { enabled = true }`, v4 `rule { status = "Enabled" }`. */
function lifecycleFrom(rules: Value | undefined, onField: string, on: Value): Value {
  const list = blocks(rules);
  if (isUnknown(list)) return list;
  const values = (list as ValueObject[]).map((rule) => rule[onField] ?? null);
  if (values.some((v) => v === on)) return true;
  return values.find(isUnknown) ?? false;
}

const NOTIFICATION_TARGETS = ['topic', 'queue', 'lambda_function'];

export const S3_MAPPERS: MapperSet = {
  primary: {
    aws_s3_bucket: {
      kind: 'aws.s3.bucket',
      attributes: (instance) => {
        const legacy = firstBlock(instance.attributes.server_side_encryption_configuration);
        return {
          name: attr(instance, 'bucket', unknown(`${instance.address} has a name generated on apply`, instance.address)),
          // Provider v3 inline encryption; the separate resource overrides it when both exist.
          encryption: isValueObject(legacy) ? encryptionFromRules(legacy.rule) : { ...DEFAULT_ENCRYPTION },
          public_access_block: null,
          policy: policyFacts(instance.attributes.policy),
          acl: aclFacts(attr(instance, 'acl', null), blocks(instance.attributes.grant)),
          // Buckets created since April 2023 have ACLs disabled unless ownership controls say otherwise.
          object_ownership: 'BucketOwnerEnforced',
          versioning: versioningFromInline(instance),
          logging: loggingFromBlock(instance.attributes.logging),
          object_lock: objectLockFrom(
            attr(instance, 'object_lock_enabled', field(block(instance.attributes.object_lock_configuration), 'object_lock_enabled', 'Disabled') === 'Enabled'),
            field(block(instance.attributes.object_lock_configuration), 'rule', null),
          ),
          // Provider v3 inline blocks; the separate resources override them.
          replication_enabled: replicationFrom(field(block(instance.attributes.replication_configuration), 'rules', null), 'status'),
          event_notifications_enabled: false,
          lifecycle_enabled: lifecycleFrom(instance.attributes.lifecycle_rule, 'enabled', true),
          region: regionOf(instance),
          tags: attr(instance, 'tags', {}),
        };
      },
      name: (attributes, instance) => (typeof attributes.name === 'string' ? attributes.name : instance.address),
      identity: (attributes) => (typeof attributes.name === 'string' ? attributes.name : undefined),
    },
  },
  companions: {
    aws_s3_bucket_server_side_encryption_configuration: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        target.encryption = encryptionFromRules(companion.attributes.rule);
      },
    },
    aws_s3_bucket_public_access_block: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        // Each setting defaults to false in the provider when left out.
        target.public_access_block = {
          block_public_acls: attr(companion, 'block_public_acls', false),
          block_public_policy: attr(companion, 'block_public_policy', false),
          ignore_public_acls: attr(companion, 'ignore_public_acls', false),
          restrict_public_buckets: attr(companion, 'restrict_public_buckets', false),
        };
      },
    },
    aws_s3_bucket_replication_configuration: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        target.replication_enabled = replicationFrom(companion.attributes.rule, 'status');
      },
    },
    aws_s3_bucket_lifecycle_configuration: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        target.lifecycle_enabled = lifecycleFrom(companion.attributes.rule, 'status', 'Enabled');
      },
    },
    aws_s3_bucket_notification: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        const eventbridge = attr(companion, 'eventbridge', false);
        const targets = NOTIFICATION_TARGETS.map((name) => blocks(companion.attributes[name]));
        const pending = targets.find(isUnknown);
        target.event_notifications_enabled =
          eventbridge === true || targets.some((list) => Array.isArray(list) && list.length > 0) ? true : (pending ?? (isUnknown(eventbridge) ? eventbridge : false));
      },
    },
    aws_s3_bucket_policy: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        target.policy = policyFacts(companion.attributes.policy);
      },
    },
    aws_s3_bucket_acl: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        const policy = block(companion.attributes.access_control_policy);
        target.acl = aclFacts(attr(companion, 'acl', null), isUnknown(policy) ? policy : blocks(field(policy, 'grant', null)));
      },
    },
    aws_s3_bucket_ownership_controls: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        target.object_ownership = field(block(companion.attributes.rule), 'object_ownership', unknown(`${companion.address}: rule.object_ownership is not set`));
      },
    },
    aws_s3_bucket_versioning: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        const config = block(companion.attributes.versioning_configuration);
        target.versioning = { status: field(config, 'status', 'Disabled'), mfa_delete: field(config, 'mfa_delete', 'Disabled') };
      },
    },
    aws_s3_bucket_logging: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        target.logging = loggingFromBlock([companion.attributes]);
      },
    },
    aws_s3_bucket_object_lock_configuration: {
      kind: 'aws.s3.bucket',
      link: 'bucket',
      apply(target, companion) {
        // The configuration can only exist on a bucket created with Object Lock enabled.
        target.object_lock = objectLockFrom(true, companion.attributes.rule);
      },
    },
  },
};

export const S3_ACCOUNT_MAPPERS: MapperSet = {
  primary: {
    aws_s3_account_public_access_block: {
      kind: 'aws.s3.account_public_access_block',
      attributes: (instance) => ({
        configured: true,
        block_public_acls: attr(instance, 'block_public_acls', false),
        block_public_policy: attr(instance, 'block_public_policy', false),
        ignore_public_acls: attr(instance, 'ignore_public_acls', false),
        restrict_public_buckets: attr(instance, 'restrict_public_buckets', false),
      }),
      name: (_a, instance) => instance.address,
    },
  },
  companions: {},
};
