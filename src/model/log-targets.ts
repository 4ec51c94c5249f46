import { isUnknown, isValueObject } from './value.js';
import type { Resource } from './resource.js';

/**
 * Marks every S3 bucket that another bucket's server access logging delivers to
 * (`access_log_target`). S3 delivers access logs only to targets encrypted with SSE-S3, so rules
 * on encryption judge such a bucket differently. A target is named by its bucket name (live
 * accounts, literal Terraform) or by a reference to the bucket resource (Terraform
 * `target_bucket = aws_s3_bucket.logs.id`, whose value is unknown but whose origin is the address).
 */
export function markAccessLogTargets(resources: readonly Resource[]): void {
  const buckets = resources.filter((r) => r.kind === 'aws.s3.bucket');
  const names = new Set<string>();
  const addresses = new Set<string>();
  for (const bucket of buckets) {
    const logging = bucket.attributes.logging;
    if (!isValueObject(logging)) continue;
    const target = logging.target_bucket;
    if (typeof target === 'string') names.add(target);
    else if (isUnknown(target) && target.origin !== undefined) addresses.add(target.origin);
  }
  for (const bucket of buckets) {
    const name = bucket.attributes.name;
    bucket.attributes.access_log_target = (typeof name === 'string' && names.has(name)) || addresses.has(bucket.id);
    // No block of the bucket's own writes this fact, so it never decides where a finding points.
    if (bucket.provenance.source === 'terraform') (bucket.provenance.derived ??= []).push('access_log_target');
  }
}
