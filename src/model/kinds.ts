import { ESTATE_ORG_ATTRIBUTES, ESTATE_ORG_KINDS, ESTATE_ORG_LISTENER_FIELDS } from './kinds-estate-org.js';

/**
 * The resource kinds of the model and the attributes each carries. Sources fill these shapes;
 * rules read them; the rule loader uses this table to reject a rule that names a kind or an
 * attribute that does not exist.
 */

import { ESTATE_COMPUTE_KINDS } from './kinds-estate-compute.js';
import { ESTATE_DATA_KINDS, IN_BACKUP_PLAN } from './kinds-estate-data.js';

export type AttributeType = 'string' | 'number' | 'boolean' | 'string-list' | 'object' | 'object-list' | 'any';

export interface AttributeSpec {
  type: AttributeType;
  description: string;
  /** For `object` and `object-list`: the fields of each object. */
  fields?: Record<string, AttributeSpec>;
}

export interface KindSpec {
  description: string;
  /**
   * The AWS resource type live sources list this kind under (AWS Config and CloudFormation name it
   * the same way, e.g. `AWS::S3::Bucket`), so coverage can say which listed types no rule judged.
   */
  cloudFormationType?: string;
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

const tags: AttributeSpec = { type: 'object', description: 'tags, key to value (Tags / `tags`)' };
const region = str(
  'AWS region the resource lives in. AWS: the region of the API answer (S3: GetBucketLocation). Terraform: the resource\'s own `region` argument (provider v6), else the `region` of the provider configuration it uses (`provider = aws.x`, the default `provider "aws"`, or what a module call passes); unknown when no provider block sets it',
);

/** Fields shared by the RDS instance and cluster kinds. */
const rdsCommon: Record<string, AttributeSpec> = {
  engine: str('database engine (`Engine` / `engine`), e.g. "postgres", "aurora-mysql"'),
  storage_encrypted: bool('storage encrypted at rest (`StorageEncrypted` / `storage_encrypted`, default false)'),
  kms_key_id: str('KMS key used for storage encryption (`KmsKeyId` / `kms_key_id`)'),
  backup_retention_period: num('days automated backups are kept; 0 disables them (`BackupRetentionPeriod` / `backup_retention_period`)'),
  deletion_protection: bool('deletion protection on (`DeletionProtection` / `deletion_protection`, default false)'),
  iam_database_authentication_enabled: bool('IAM database authentication on (`IAMDatabaseAuthenticationEnabled` / `iam_database_authentication_enabled`)'),
  enabled_cloudwatch_logs_exports: strings('log types exported to CloudWatch Logs (`EnabledCloudwatchLogsExports` / `enabled_cloudwatch_logs_exports`)'),
  in_backup_plan: IN_BACKUP_PLAN,
  region,
  tags,
};

const networkAclEntryFields: Record<string, AttributeSpec> = {
  rule_number: num('evaluation order, lowest first (`RuleNumber` / `rule_no`, `rule_number`)'),
  protocol: str('"tcp", "udp", "icmp", "icmpv6" or "-1" for every protocol (protocol numbers normalised)'),
  action: str('"allow" or "deny" (`RuleAction` / `action`, `rule_action`)'),
  cidr_block: str('IPv4 CIDR the entry matches'),
  ipv6_cidr_block: str('IPv6 CIDR the entry matches'),
  from_port: num('first port (`PortRange.From`); absent for every protocol'),
  to_port: num('last port (`PortRange.To`)'),
};

const policyStatementFacts: Record<string, AttributeSpec> = {
  allows_admin: bool(
    'derived: some Allow statement grants every action ("*", or NotAction) on every resource ("*"), with no Condition. Computed once by src/model/policy.ts from the JSON document; from Terraform also from a partly unknown document (jsonencode, aws_iam_policy_document), unknown only where an apply-time part decides (another resource\'s ARN is never "*")',
  ),
  wildcard_service_actions: strings('derived: actions of the form "service:*" an Allow statement grants on Resource "*"; the certain ones are listed even beside unknown parts, and it is unknown only when none is certain and an unknown part could add one'),
};

export const KINDS: Record<string, KindSpec> = {
  // ─── EC2 / VPC ──────────────────────────────────────────────────────────────────────────────
  'aws.ec2.security_group': {
    description: 'A VPC security group with all its ingress and egress rules, inline or separate. AWS: DescribeSecurityGroups (IpPermissions, IpPermissionsEgress). Terraform: aws_security_group, aws_default_security_group, folded with aws_security_group_rule and aws_vpc_security_group_ingress_rule / _egress_rule; and the default group of a VPC that no aws_default_security_group takes over, with the rules AWS creates it with.',
    cloudFormationType: 'AWS::EC2::SecurityGroup',
    attributes: {
      name: str('group name (`GroupName`)'),
      description: str('group description'),
      vpc_id: str('VPC the group belongs to'),
      is_default: bool('the VPC\'s default security group (GroupName "default"; Terraform aws_default_security_group)'),
      ingress: { type: 'object-list', description: 'ingress rules, one per CIDR set and port range', fields: securityGroupRuleFields },
      egress: { type: 'object-list', description: 'egress rules', fields: securityGroupRuleFields },
      tags,
    },
  },
  'aws.ec2.network_acl': {
    description: 'A VPC network ACL and its entries. AWS: DescribeNetworkAcls (Entries, Egress false for ingress). Terraform: aws_network_acl and aws_default_network_acl with inline ingress blocks, folded with aws_network_acl_rule.',
    cloudFormationType: 'AWS::EC2::NetworkAcl',
    attributes: {
      vpc_id: str('VPC of the ACL'),
      is_default: bool('the VPC\'s default network ACL'),
      ingress: { type: 'object-list', description: 'inbound entries; the implicit final deny-all (rule 32767) is left out', fields: networkAclEntryFields },
      egress: { type: 'object-list', description: 'outbound entries', fields: networkAclEntryFields },
      tags,
    },
  },
  'aws.ec2.vpc': {
    description: 'A VPC. AWS: DescribeVpcs with DescribeFlowLogs (ResourceId = the VPC). Terraform: aws_vpc and aws_default_vpc, folded with aws_flow_log that names the VPC in vpc_id.',
    cloudFormationType: 'AWS::EC2::VPC',
    attributes: {
      cidr_block: str('primary IPv4 CIDR'),
      is_default: bool('the region\'s default VPC'),
      flow_logs_enabled: bool('at least one flow log (any traffic type, any destination) is attached to the VPC; AWS: a DescribeFlowLogs entry with FlowLogStatus ACTIVE'),
      flow_log_traffic_types: strings('traffic types of the attached flow logs: "ALL", "ACCEPT", "REJECT"'),
      region,
      tags,
    },
  },
  'aws.ec2.instance': {
    description: 'An EC2 instance. AWS: DescribeInstances (PublicIpAddress, MetadataOptions) with DescribeVolumes for the attached volumes\' encryption, and launch configurations (DescribeLaunchConfigurations, the subnets of their groups when AssociatePublicIpAddress is left out) judged as the instances they launch. Terraform: aws_instance, and aws_launch_template / aws_launch_configuration judged as the instances they launch.',
    cloudFormationType: 'AWS::EC2::Instance',
    attributes: {
      instance_type: str('instance type'),
      public_ip: bool('the instance has a public IPv4 address. AWS: PublicIpAddress present. Terraform: associate_public_ip_address; left out with no subnet_id, the default VPC\'s subnets assign one; left out with a subnet_id, it depends on the subnet (unknown)'),
      http_tokens: str('IMDS token requirement, "required" (IMDSv2 only) or "optional" (`MetadataOptions.HttpTokens` / `metadata_options.http_tokens`)'),
      http_endpoint: str('IMDS endpoint "enabled" or "disabled" (`MetadataOptions.HttpEndpoint`)'),
      block_devices: {
        type: 'object-list',
        description: 'EBS volumes attached at launch: root_block_device and ebs_block_device blocks in Terraform; BlockDeviceMappings joined with DescribeVolumes in AWS',
        fields: {
          device_name: str('device name, e.g. /dev/xvda, or "root"'),
          encrypted: bool('the volume is encrypted'),
          kms_key_id: str('KMS key of the volume'),
        },
      },
      iam_instance_profile: str('instance profile name or ARN'),
      in_backup_plan: IN_BACKUP_PLAN,
      region,
      tags,
    },
  },
  'aws.ec2.volume': {
    description: 'An EBS volume. AWS: DescribeVolumes (Encrypted, KmsKeyId). Terraform: aws_ebs_volume.',
    cloudFormationType: 'AWS::EC2::Volume',
    attributes: {
      encrypted: bool('encrypted at rest (`Encrypted` / `encrypted`; Terraform left out: false as written, although an account with encryption by default still encrypts it)'),
      kms_key_id: str('KMS key of the volume'),
      size: num('size in GiB'),
      in_backup_plan: IN_BACKUP_PLAN,
      region,
      tags,
    },
  },
  'aws.ec2.ebs_encryption_default': {
    description: 'The account\'s EBS encryption-by-default setting in one region. AWS: GetEbsEncryptionByDefault and GetEbsDefaultKmsKeyId; the AWS source emits one per scanned region, with enabled false when the setting is off. Terraform: aws_ebs_encryption_by_default (and aws_ebs_default_kms_key folded in), emitted only when the code declares it.',
    attributes: {
      enabled: bool('new volumes and snapshot copies are encrypted (`EbsEncryptionByDefault` / `enabled`, default true)'),
      kms_key_id: str('default KMS key; absent means the AWS-managed aws/ebs key'),
      region,
    },
  },
  'aws.ec2.snapshot': {
    description: 'An EBS snapshot owned by the account. AWS: DescribeSnapshots (OwnerIds self) with DescribeSnapshotAttribute createVolumePermission. Terraform: aws_ebs_snapshot and aws_ebs_snapshot_copy (sharing with everyone cannot be declared in Terraform, so public is false there).',
    cloudFormationType: 'AWS::EC2::Snapshot',
    attributes: {
      encrypted: bool('snapshot encrypted (`Encrypted`)'),
      public: bool('createVolumePermission includes Group "all": anyone may create a volume from it'),
      shared_with_accounts: strings('account IDs granted createVolumePermission'),
      region,
      tags,
    },
  },

  // ─── S3 ─────────────────────────────────────────────────────────────────────────────────────
  'aws.s3.bucket': {
    description: 'An S3 bucket with its encryption, public access, ownership, versioning, logging, object lock and policy settings. AWS: GetBucketEncryption, GetPublicAccessBlock, GetBucketPolicy, GetBucketAcl, GetBucketOwnershipControls, GetBucketVersioning, GetBucketLogging, GetObjectLockConfiguration. Terraform: aws_s3_bucket folded with its aws_s3_bucket_* companions and provider v3 inline blocks.',
    cloudFormationType: 'AWS::S3::Bucket',
    attributes: {
      name: str('bucket name'),
      region,
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
      access_log_target: bool('another bucket\'s server access logging delivers to this bucket (GetBucketLogging TargetBucket / logging target_bucket, by name or by reference), which S3 allows only with SSE-S3'),
      public_access_block: {
        type: 'object',
        description: 'bucket-level Block Public Access; null when no configuration exists (NoSuchPublicAccessBlockConfiguration; Terraform: no aws_s3_bucket_public_access_block)',
        fields: {
          block_public_acls: bool('BlockPublicAcls'),
          block_public_policy: bool('BlockPublicPolicy'),
          ignore_public_acls: bool('IgnorePublicAcls'),
          restrict_public_buckets: bool('RestrictPublicBuckets'),
        },
      },
      policy: {
        type: 'object',
        description: 'facts derived once from the bucket policy document (GetBucketPolicy / aws_s3_bucket_policy, inline `policy`); all false when there is no policy (NoSuchBucketPolicy)',
        fields: {
          exists: bool('a bucket policy is attached'),
          denies_insecure_transport: bool('a Deny statement for every principal covers s3:* (or *) when aws:SecureTransport is false'),
          public_read: bool('an Allow statement grants a read action (s3:Get*, s3:List*, s3:*, *) to Principal "*" with no restricting Condition'),
          public_write: bool('an Allow statement grants a write action (s3:Put*, s3:Delete*, s3:*, *) to Principal "*" with no restricting Condition'),
          public_per_aws: bool('live accounts: AWS\'s own verdict on the policy (GetBucketPolicyStatus IsPublic), read when the policy allows anything; false without such a policy, null when AWS gave none; absent in Terraform'),
        },
      },
      acl: {
        type: 'object',
        description: 'facts from the bucket ACL (GetBucketAcl grants; Terraform: canned `acl` on aws_s3_bucket or aws_s3_bucket_acl, and its grants)',
        fields: {
          canned: str('the canned ACL when one is set in Terraform ("private", "public-read", ...); null otherwise'),
          public_read: bool('READ, READ_ACP or FULL_CONTROL granted to AllUsers or AuthenticatedUsers'),
          public_write: bool('WRITE, WRITE_ACP or FULL_CONTROL granted to AllUsers or AuthenticatedUsers'),
        },
      },
      object_ownership: str('"BucketOwnerEnforced" (ACLs disabled), "BucketOwnerPreferred" or "ObjectWriter" (GetBucketOwnershipControls; Terraform aws_s3_bucket_ownership_controls, left out: BucketOwnerEnforced, the default for buckets created since April 2023)'),
      versioning: {
        type: 'object',
        description: 'versioning (GetBucketVersioning; Terraform aws_s3_bucket_versioning or inline `versioning`)',
        fields: {
          status: str('"Enabled", "Suspended" or "Disabled" (never enabled: the API returns no Status)'),
          mfa_delete: str('"Enabled" or "Disabled"'),
        },
      },
      logging: {
        type: 'object',
        description: 'server access logging (GetBucketLogging; Terraform aws_s3_bucket_logging or inline `logging`)',
        fields: {
          enabled: bool('access logs are delivered somewhere'),
          target_bucket: str('bucket receiving the logs'),
        },
      },
      object_lock: {
        type: 'object',
        description: 'S3 Object Lock (GetObjectLockConfiguration; Terraform object_lock_enabled and aws_s3_bucket_object_lock_configuration)',
        fields: {
          enabled: bool('Object Lock is enabled on the bucket'),
          mode: str('default retention mode, "GOVERNANCE" or "COMPLIANCE"; null without a default rule'),
          days: num('default retention in days'),
          years: num('default retention in years'),
        },
      },
      tags,
    },
  },
  'aws.s3.account_public_access_block': {
    description: 'The account-level S3 Block Public Access settings. AWS: s3control GetPublicAccessBlock; the AWS source emits one per account, with configured false and every setting false on NoSuchPublicAccessBlockConfiguration. Terraform: aws_s3_account_public_access_block, emitted only when the code declares it.',
    cloudFormationType: 'AWS::S3::AccountPublicAccessBlock',
    attributes: {
      configured: bool('a configuration exists'),
      block_public_acls: bool('BlockPublicAcls (Terraform default false)'),
      block_public_policy: bool('BlockPublicPolicy'),
      ignore_public_acls: bool('IgnorePublicAcls'),
      restrict_public_buckets: bool('RestrictPublicBuckets'),
    },
  },

  // ─── RDS ────────────────────────────────────────────────────────────────────────────────────
  'aws.rds.db_instance': {
    description: 'An RDS DB instance. AWS: DescribeDBInstances. Terraform: aws_db_instance and aws_rds_cluster_instance. Aurora instances carry most settings on their cluster (aws.rds.db_cluster).',
    cloudFormationType: 'AWS::RDS::DBInstance',
    attributes: {
      identifier: str('DB instance identifier'),
      ...rdsCommon,
      publicly_accessible: bool('reachable from outside the VPC (`PubliclyAccessible` / `publicly_accessible`, default false)'),
      multi_az: bool('Multi-AZ deployment (`MultiAZ` / `multi_az`)'),
      auto_minor_version_upgrade: bool('minor engine upgrades applied automatically (`AutoMinorVersionUpgrade`, default true)'),
      parameter_group_name: str('DB parameter group (`DBParameterGroups[0].DBParameterGroupName` / `parameter_group_name`)'),
      cluster_identifier: str('Aurora cluster this instance belongs to'),
    },
  },
  'aws.rds.db_cluster': {
    description: 'An Aurora, Multi-AZ, Neptune or DocumentDB cluster (the RDS API lists all four). AWS: DescribeDBClusters. Terraform: aws_rds_cluster, aws_neptune_cluster, aws_docdb_cluster.',
    cloudFormationType: 'AWS::RDS::DBCluster',
    attributes: {
      identifier: str('DB cluster identifier'),
      ...rdsCommon,
      multi_az: bool('instances span more than one Availability Zone (`MultiAZ`; Terraform: more than one entry in availability_zones, unknown when left out)'),
    },
  },
  'aws.rds.db_snapshot': {
    description: 'A manual RDS DB instance or cluster snapshot. AWS: DescribeDBSnapshots / DescribeDBClusterSnapshots with their attributes (restore). Terraform: aws_db_snapshot, aws_db_cluster_snapshot.',
    cloudFormationType: 'AWS::RDS::DBSnapshot',
    attributes: {
      identifier: str('snapshot identifier'),
      encrypted: bool('snapshot encrypted (`Encrypted` / `StorageEncrypted`); Terraform: inherited from the source database, unknown before apply'),
      public: bool('the restore attribute includes "all" (Terraform: shared_accounts contains "all")'),
      shared_accounts: strings('accounts allowed to restore it'),
      region,
      tags,
    },
  },
  'aws.rds.db_parameter_group': {
    description: 'A DB parameter group or DB cluster parameter group and the parameters it sets. AWS: DescribeDBParameters / DescribeDBClusterParameters (Source user, plus engine-default values of the parameters rules read). Terraform: aws_db_parameter_group, aws_rds_cluster_parameter_group.',
    cloudFormationType: 'AWS::RDS::DBParameterGroup',
    attributes: {
      name: str('group name'),
      family: str('parameter group family, e.g. "postgres16", "mysql8.0", "aurora-postgresql15"'),
      cluster: bool('a cluster parameter group'),
      parameters: {
        type: 'object-list',
        description: 'parameters set in the group (Terraform `parameter` blocks)',
        fields: { name: str('parameter name, e.g. rds.force_ssl'), value: str('value, as a string') },
      },
      tags,
    },
  },

  // ─── IAM ────────────────────────────────────────────────────────────────────────────────────
  'aws.iam.password_policy': {
    description: 'The account password policy for IAM users. AWS: GetAccountPasswordPolicy; the AWS source emits one per account, with exists false on NoSuchEntity. Terraform: aws_iam_account_password_policy, emitted only when the code declares it.',
    attributes: {
      exists: bool('a password policy is set'),
      minimum_password_length: num('MinimumPasswordLength (Terraform default 6)'),
      require_uppercase_characters: bool('RequireUppercaseCharacters'),
      require_lowercase_characters: bool('RequireLowercaseCharacters'),
      require_numbers: bool('RequireNumbers'),
      require_symbols: bool('RequireSymbols'),
      password_reuse_prevention: num('PasswordReusePrevention: previous passwords that cannot be reused; null when not set'),
      max_password_age: num('MaxPasswordAge in days; null when passwords never expire'),
    },
  },
  'aws.iam.root_account': {
    description: 'The root user of an account. AWS only: the credential report row <root_account> and GetAccountSummary (AccountMFAEnabled, AccountAccessKeysPresent); the AWS source emits one per account. Terraform cannot manage the root user.',
    attributes: {
      credentials_present: bool('the root user has a password or access keys; false where AWS Organizations centralized root access removed them'),
      password_enabled: bool('password_enabled of the credential report'),
      mfa_enabled: bool('AccountMFAEnabled / mfa_active'),
      hardware_mfa: bool('the MFA device is a hardware device (no virtual device serial for root); null when unknown'),
      access_keys_present: bool('AccountAccessKeysPresent / access_key_1_active or access_key_2_active'),
    },
  },
  'aws.iam.user': {
    description: 'An IAM user with its credentials and directly attached policies. AWS: ListUsers, the credential report, ListAccessKeys, ListMFADevices, ListAttachedUserPolicies, ListUserPolicies; the AWS source computes ages in days at scan time. Terraform: aws_iam_user folded with aws_iam_user_login_profile, aws_iam_access_key, aws_iam_user_policy and aws_iam_user_policy_attachment.',
    cloudFormationType: 'AWS::IAM::User',
    attributes: {
      name: str('user name'),
      console_access: bool('the user has a console password (credential report password_enabled / aws_iam_user_login_profile)'),
      mfa_enabled: bool('an MFA device is active (mfa_active / ListMFADevices); Terraform cannot activate one, so unknown there'),
      password_last_used_days: num('days since the password was last used, or since it was set when never used; null without a password'),
      access_keys: {
        type: 'object-list',
        description: 'access keys',
        fields: {
          id: str('access key ID'),
          active: bool('Status Active'),
          age_days: num('days since the key was created'),
          last_used_days: num('days since the key was last used, or since it was created when never used'),
        },
      },
      attached_policies: strings('managed policy ARNs attached directly to the user'),
      inline_policies: strings('names of inline policies embedded in the user'),
      tags,
    },
  },
  'aws.iam.policy': {
    description: 'An IAM policy document: a customer-managed policy, or an inline policy of a user, group or role. AWS: ListPolicies (Scope Local, OnlyAttached) + GetPolicyVersion, GetUserPolicy, GetGroupPolicy, GetRolePolicy. Terraform: aws_iam_policy, aws_iam_user_policy, aws_iam_group_policy, aws_iam_role_policy, aws_iam_role inline_policy blocks. Also the AWS-managed AdministratorAccess, once per user, group or role it is attached to (AWS: AttachedManagedPolicies; Terraform: aws_iam_*_policy_attachment, aws_iam_policy_attachment). Facts are derived by src/model/policy.ts.',
    cloudFormationType: 'AWS::IAM::Policy',
    attributes: {
      name: str('policy name'),
      policy_type: str('"managed", "inline", or "aws-managed" (AdministratorAccess where it is attached)'),
      attached_to: str('for an inline or AWS-managed policy, the user, group or role that embeds it or has it attached (`role/ops`)'),
      ...policyStatementFacts,
      tags,
    },
  },

  // ─── Logging and monitoring ─────────────────────────────────────────────────────────────────
  'aws.cloudtrail.trail': {
    description: 'A CloudTrail trail. AWS: DescribeTrails (includeShadowTrails, so member accounts see their organisation\'s trail), GetTrailStatus, GetEventSelectors. Terraform: aws_cloudtrail.',
    cloudFormationType: 'AWS::CloudTrail::Trail',
    attributes: {
      name: str('trail name'),
      is_multi_region: bool('IsMultiRegionTrail / is_multi_region_trail (default false)'),
      is_organization_trail: bool('IsOrganizationTrail / is_organization_trail: the trail covers every member account'),
      is_logging: bool('GetTrailStatus IsLogging / enable_logging (default true)'),
      include_global_service_events: bool('IncludeGlobalServiceEvents (default true)'),
      log_file_validation: bool('LogFileValidationEnabled / enable_log_file_validation (default false)'),
      kms_key_id: str('KmsKeyId / kms_key_id; null when logs use SSE-S3 only'),
      cloudwatch_logs_group_arn: str('CloudWatchLogsLogGroupArn / cloud_watch_logs_group_arn'),
      s3_data_events_read: bool('event selectors (basic or advanced) record S3 object-level read events for all buckets'),
      s3_data_events_write: bool('event selectors record S3 object-level write events for all buckets'),
      tags,
    },
  },
  'aws.config.recorder': {
    description: 'The AWS Config configuration recorder of one region. AWS: DescribeConfigurationRecorders + DescribeConfigurationRecorderStatus; the AWS source emits one per scanned region, with exists false when the region has none. Terraform: aws_config_configuration_recorder folded with aws_config_configuration_recorder_status (by name), emitted only when the code declares it.',
    cloudFormationType: 'AWS::Config::ConfigurationRecorder',
    attributes: {
      name: str('recorder name'),
      exists: bool('a recorder is defined'),
      recording: bool('the recorder is started (`recording` / aws_config_configuration_recorder_status is_enabled; no status resource: false)'),
      all_supported: bool('recordingGroup.allSupported (Terraform default true)'),
      include_global_resource_types: bool('recordingGroup.includeGlobalResourceTypes'),
      region,
    },
  },
  'aws.kms.key': {
    description: 'A KMS key. AWS: ListKeys, DescribeKey (KeyManager, KeySpec, Origin, KeyState), GetKeyRotationStatus. Terraform: aws_kms_key (customer-managed by definition) and aws_kms_external_key (imported material, origin EXTERNAL).',
    cloudFormationType: 'AWS::KMS::Key',
    attributes: {
      description: str('key description'),
      key_manager: str('"CUSTOMER" or "AWS"'),
      key_spec: str('KeySpec / customer_master_key_spec, "SYMMETRIC_DEFAULT" unless asymmetric or HMAC'),
      key_usage: str('"ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC"'),
      origin: str('"AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM" or "EXTERNAL_KEY_STORE"'),
      key_state: str('"Enabled", "Disabled", "PendingDeletion", ...'),
      rotation_enabled: bool('automatic rotation on (GetKeyRotationStatus / enable_key_rotation, default false)'),
      region,
      tags,
    },
  },
  'aws.logs.log_group': {
    description: 'A CloudWatch Logs log group. AWS: DescribeLogGroups. Terraform: aws_cloudwatch_log_group.',
    cloudFormationType: 'AWS::Logs::LogGroup',
    attributes: {
      name: str('log group name'),
      retention_in_days: num('retentionInDays; null when logs never expire (Terraform retention_in_days 0 or left out)'),
      kms_key_id: str('kmsKeyId / kms_key_id; null when encrypted with the service key only'),
      region,
      tags,
    },
  },
  'aws.guardduty.detector': {
    description: 'GuardDuty in one region. AWS: ListDetectors + GetDetector; the AWS source emits one per scanned region, with enabled false when ListDetectors is empty. Terraform: aws_guardduty_detector, emitted only when the code declares it.',
    cloudFormationType: 'AWS::GuardDuty::Detector',
    attributes: {
      enabled: bool('a detector exists and its Status is ENABLED (Terraform `enable`, default true)'),
      region,
    },
  },
  'aws.securityhub.hub': {
    description: 'Security Hub in one region. AWS: DescribeHub; the AWS source emits one per scanned region, with enabled false on InvalidAccessException (not subscribed). Terraform: aws_securityhub_account, emitted only when the code declares it.',
    cloudFormationType: 'AWS::SecurityHub::Hub',
    attributes: {
      enabled: bool('Security Hub is enabled'),
      region,
    },
  },

  // ─── Load balancing and certificates ────────────────────────────────────────────────────────
  'aws.elb.load_balancer': {
    description: 'An Application, Network or Gateway Load Balancer with its listeners. AWS: DescribeLoadBalancers, DescribeListeners, DescribeLoadBalancerAttributes. Terraform: aws_lb / aws_alb folded with aws_lb_listener / aws_alb_listener, and Classic Load Balancers (aws_elb) with their inline listeners (SSL read as TLS).',
    cloudFormationType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    attributes: {
      name: str('load balancer name'),
      type: str('"application", "network" or "gateway" (default application); "classic" for a Terraform aws_elb'),
      internal: bool('scheme internal (not internet-facing)'),
      access_logs_enabled: bool('access_logs.s3.enabled attribute / access_logs { enabled }'),
      listeners: {
        type: 'object-list',
        description: 'listeners',
        fields: {
          port: num('listener port'),
          protocol: str('"HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"'),
          ssl_policy: str('security policy of an HTTPS or TLS listener'),
          redirects_to_https: bool('the default action redirects to HTTPS'),
        },
      },
      web_acl_arn: str('the WAFv2 web ACL associated with an Application Load Balancer (wafv2 GetWebACLForResource; Terraform aws_wafv2_web_acl_association); null when none'),
      region,
      tags,
    },
  },
  'aws.acm.certificate': {
    description: 'An ACM certificate. AWS only: ListCertificates + DescribeCertificate (NotAfter, Status, InUseBy); the AWS source computes days_to_expiry at scan time. Terraform does not know a certificate\'s expiry before apply.',
    cloudFormationType: 'AWS::ACM::Certificate',
    attributes: {
      domain_name: str('primary domain'),
      status: str('"ISSUED", "EXPIRED", "PENDING_VALIDATION", ...'),
      type: str('"AMAZON_ISSUED", "IMPORTED" or "PRIVATE"'),
      not_after: str('expiry, ISO 8601'),
      days_to_expiry: num('whole days from the scan to NotAfter; negative when expired'),
      in_use: bool('InUseBy is not empty'),
      tags,
    },
  },
  ...ESTATE_COMPUTE_KINDS,
  ...ESTATE_DATA_KINDS,
  ...ESTATE_ORG_KINDS,
};
extendKinds(ESTATE_ORG_ATTRIBUTES, ESTATE_ORG_LISTENER_FIELDS);

/** Adds attributes to kinds defined above, for the checks whose kinds live in their own files. */
function extendKinds(attributes: Record<string, Record<string, AttributeSpec>>, listenerFields: Record<string, AttributeSpec>): void {
  for (const [kind, extra] of Object.entries(attributes)) Object.assign(KINDS[kind]!.attributes, extra);
  Object.assign(KINDS['aws.elb.load_balancer']!.attributes.listeners!.fields!, listenerFields);
}

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
