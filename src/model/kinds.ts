/**
 * The resource kinds of the model and the attributes each carries. Sources fill these shapes;
 * rules read them; the rule loader uses this table to reject a rule that names a kind or an
 * attribute that does not exist.
 */

export type AttributeType = 'string' | 'number' | 'boolean' | 'string-list' | 'object' | 'object-list' | 'any';

export interface AttributeSpec {
  type: AttributeType;
  description: string;
  /** For `object` and `object-list`: the fields of each object. */
  fields?: Record<string, AttributeSpec>;
}

export interface KindSpec {
  description: string;
  attributes: Record<string, AttributeSpec>;
}

const str = (description: string): AttributeSpec => ({ type: 'string', description });
const num = (description: string): AttributeSpec => ({ type: 'number', description });
const bool = (description: string): AttributeSpec => ({ type: 'boolean', description });
const strings = (description: string): AttributeSpec => ({ type: 'string-list', description });

const securityGroupRuleFields: Record<string, AttributeSpec> = {
  protocol: str('"tcp", "udp", "icmp", "icmpv6", or "-1" for every protocol'),
  from_port: num('first port of the range (for "-1", ignored: every port)'),
  to_port: num('last port of the range'),
  cidr_blocks: strings('IPv4 CIDRs the rule admits'),
  ipv6_cidr_blocks: strings('IPv6 CIDRs the rule admits'),
  prefix_list_ids: strings('managed prefix lists the rule admits'),
  security_groups: strings('security groups the rule admits'),
  self: bool('the rule admits the group itself'),
  description: str('free text'),
};

export const KINDS: Record<string, KindSpec> = {
  'aws.ec2.security_group': {
    description: 'A VPC security group with all its ingress and egress rules, inline or separate.',
    attributes: {
      name: str('group name'),
      description: str('group description'),
      vpc_id: str('VPC the group belongs to'),
      is_default: bool('the VPC\'s default security group'),
      ingress: { type: 'object-list', description: 'ingress rules', fields: securityGroupRuleFields },
      egress: { type: 'object-list', description: 'egress rules', fields: securityGroupRuleFields },
      tags: { type: 'object', description: 'tags' },
    },
  },
  'aws.s3.bucket': {
    description: 'An S3 bucket with its encryption, public access, versioning, logging and policy settings.',
    attributes: {
      name: str('bucket name'),
      encryption: {
        type: 'object',
        description: 'default encryption; AWS applies SSE-S3 (AES256) to every bucket with none configured since January 2023',
        fields: {
          sse_algorithm: str('"AES256", "aws:kms" or "aws:kms:dsse"'),
          kms_key_id: str('KMS key for SSE-KMS; absent means the AWS-managed aws/s3 key'),
          bucket_key_enabled: bool('S3 Bucket Keys on'),
          customer_managed_key: bool('the KMS key is managed by the customer, not the AWS-managed aws/s3 key'),
          configured: bool('encryption is configured explicitly rather than the AWS default'),
        },
      },
      public_access_block: {
        type: 'object',
        description: 'bucket-level Block Public Access; null when no configuration exists',
        fields: {
          block_public_acls: bool('BlockPublicAcls'),
          block_public_policy: bool('BlockPublicPolicy'),
          ignore_public_acls: bool('IgnorePublicAcls'),
          restrict_public_buckets: bool('RestrictPublicBuckets'),
        },
      },
      tags: { type: 'object', description: 'tags' },
    },
  },
  'aws.rds.db_instance': {
    description: 'An RDS DB instance.',
    attributes: {
      identifier: str('DB instance identifier'),
      engine: str('database engine'),
      storage_encrypted: bool('storage encrypted at rest'),
      kms_key_id: str('KMS key used for storage encryption'),
      publicly_accessible: bool('reachable from outside the VPC'),
      multi_az: bool('Multi-AZ deployment'),
      backup_retention_period: num('days automated backups are kept; 0 disables them'),
      deletion_protection: bool('deletion protection on'),
      iam_database_authentication_enabled: bool('IAM database authentication on'),
      auto_minor_version_upgrade: bool('minor engine upgrades applied automatically'),
      enabled_cloudwatch_logs_exports: strings('log types exported to CloudWatch Logs'),
      cluster_identifier: str('Aurora cluster this instance belongs to'),
      tags: { type: 'object', description: 'tags' },
    },
  },
};

/**
 * Looks up the spec of a dotted attribute path within a kind, descending into object fields and
 * list items. Returns undefined when the path names nothing.
 */
export function attributeSpec(kind: string, path: readonly string[], within?: AttributeSpec): AttributeSpec | undefined {
  let fields: Record<string, AttributeSpec> | undefined = within ? within.fields : KINDS[kind]?.attributes;
  let spec: AttributeSpec | undefined = within;
  for (const segment of path) {
    if (!fields) return spec?.type === 'object' && !spec.fields ? spec : undefined;
    spec = fields[segment];
    if (!spec) return undefined;
    fields = spec.fields;
  }
  return spec;
}
