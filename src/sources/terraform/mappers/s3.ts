import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
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
  },
};
