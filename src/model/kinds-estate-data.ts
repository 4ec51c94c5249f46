import type { AttributeSpec, KindSpec } from './kinds.js';

/**
 * The kinds of the data-and-edge services: CloudFront, WAFv2, API Gateway, DynamoDB, SNS, SQS,
 * Kinesis, Firehose, EFS, AWS Backup, Redshift, DMS and Elastic Beanstalk.
 */

const str = (description: string): AttributeSpec => ({ type: 'string', description });
const num = (description: string): AttributeSpec => ({ type: 'number', description });
const bool = (description: string): AttributeSpec => ({ type: 'boolean', description });
const strings = (description: string): AttributeSpec => ({ type: 'string-list', description });
const tags: AttributeSpec = { type: 'object', description: 'tags, key to value (Tags / `tags`)' };
const region = str('AWS region the resource lives in (AWS: the region of the API answer; Terraform: the resource\'s or its provider\'s `region`)');

/** Whether a backup plan's selection covers the resource; shared by every kind AWS Backup protects. */
export const IN_BACKUP_PLAN: AttributeSpec = bool(
  'derived: some AWS Backup plan\'s selection covers the resource, by ARN (wildcards included) or by tag, and no NotResources entry excludes it. AWS: ListBackupSelections + GetBackupSelection of the plans of the same account and region. Terraform: aws_backup_selection resources, tags and conditions, resolved against the resource\'s reference or literal name and its tags; unknown when a selection cannot be resolved offline and none certainly covers it',
);

/** Facts from a resource policy (SNS topic, SQS queue, Backup vault). */
const resourcePolicy = (what: string): AttributeSpec => ({
  type: 'object',
  description: `facts derived from the ${what}; all false when there is none`,
  fields: {
    exists: bool('a policy document is attached'),
    public: bool('an Allow statement grants some action to Principal "*" (or {"AWS": "*"}) with no Condition'),
  },
});

export const ESTATE_DATA_KINDS: Record<string, KindSpec> = {
  // ─── Edge: CloudFront, WAFv2, API Gateway ───────────────────────────────────────────────────
  'aws.cloudfront.distribution': {
    description: 'A CloudFront distribution. AWS: ListDistributions + GetDistributionConfig (global, answered in us-east-1). Terraform: aws_cloudfront_distribution.',
    cloudFormationType: 'AWS::CloudFront::Distribution',
    attributes: {
      domain_name: str('the distribution\'s domain name (`DomainName`); the address in Terraform'),
      viewer_protocol_policies: strings('ViewerProtocolPolicy of the default cache behaviour and of every ordered cache behaviour: "allow-all", "https-only" or "redirect-to-https"'),
      uses_default_certificate: bool('the viewer certificate is the *.cloudfront.net one (`CloudFrontDefaultCertificate` / cloudfront_default_certificate), whose TLS floor cannot be raised'),
      minimum_protocol_version: str('the viewer certificate\'s MinimumProtocolVersion, e.g. "TLSv1.2_2021"; with the default certificate AWS applies TLSv1'),
      web_acl_id: str('the WAF web ACL (a WAFv2 ARN or a WAF Classic ID) associated with the distribution; null when none'),
      logging_enabled: bool('standard access logs are delivered to S3 (`Logging.Enabled` / logging_config)'),
      s3_origins: {
        type: 'object-list',
        description: 'origins served from S3 buckets (an S3 REST endpoint domain, or an s3_origin_config block); website endpoints are custom origins',
        fields: {
          id: str('origin ID'),
          domain_name: str('origin domain name'),
          origin_access_control_id: str('the origin access control (OAC) signing requests to the bucket; null when none'),
          origin_access_identity: str('the legacy origin access identity (OAI); null or empty when none'),
        },
      },
      tags,
    },
  },
  'aws.wafv2.web_acl': {
    description: 'A WAFv2 web ACL with its logging. AWS: ListWebACLs (REGIONAL per region, CLOUDFRONT in us-east-1) + GetLoggingConfiguration. Terraform: aws_wafv2_web_acl folded with aws_wafv2_web_acl_logging_configuration.',
    cloudFormationType: 'AWS::WAFv2::WebACL',
    attributes: {
      name: str('web ACL name'),
      scope: str('"REGIONAL" or "CLOUDFRONT"'),
      logging_enabled: bool('a logging configuration sends the web ACL\'s traffic logs somewhere'),
      region,
      tags,
    },
  },
  'aws.apigateway.stage': {
    description: 'An API Gateway stage: a REST API (v1) stage, or an HTTP or WebSocket API (v2) stage. AWS: GetRestApis + GetStages, and GetApis + GetStages of API Gateway v2. Terraform: aws_api_gateway_stage folded with aws_api_gateway_method_settings and aws_wafv2_web_acl_association, and aws_apigatewayv2_stage.',
    cloudFormationType: 'AWS::ApiGateway::Stage',
    attributes: {
      name: str('stage name'),
      api_type: str('"REST" for API Gateway v1; "HTTP" or "WEBSOCKET" for v2 (Terraform v2 stages: unknown unless the API is declared beside it)'),
      execution_logging_level: str('execution logging level of every method (`*/*` method settings; v2: default route settings): "OFF", "ERROR" or "INFO"; "OFF" when none is set'),
      access_logging_enabled: bool('access logs are written to a destination (`accessLogSettings.destinationArn` / access_log_settings)'),
      client_certificate_id: str('client certificate API Gateway presents to the backend (`clientCertificateId` / client_certificate_id); null when none'),
      web_acl_arn: str('the WAF web ACL associated with the stage (`webAclArn`; Terraform aws_wafv2_web_acl_association); null when none'),
      region,
      tags,
    },
  },
  'aws.apigateway.domain_name': {
    description: 'An API Gateway custom domain name. AWS: GetDomainNames (v1) and GetDomainNames (v2). Terraform: aws_api_gateway_domain_name, aws_apigatewayv2_domain_name.',
    cloudFormationType: 'AWS::ApiGateway::DomainName',
    attributes: {
      domain_name: str('the custom domain'),
      security_policy: str('the minimum TLS version and ciphers: "TLS_1_0" or "TLS_1_2" (`securityPolicy` / security_policy; v2 domains only accept TLS_1_2); Terraform v1 left out: unknown, API Gateway chooses'),
      region,
      tags,
    },
  },

  // ─── Data stores and streams ────────────────────────────────────────────────────────────────
  'aws.dynamodb.table': {
    description: 'A DynamoDB table. AWS: ListTables, DescribeTable, DescribeContinuousBackups, and Application Auto Scaling DescribeScalableTargets (namespace dynamodb). Terraform: aws_dynamodb_table folded with aws_appautoscaling_target (service_namespace "dynamodb") that names the table.',
    cloudFormationType: 'AWS::DynamoDB::Table',
    attributes: {
      name: str('table name'),
      billing_mode: str('"PROVISIONED" or "PAY_PER_REQUEST" (on-demand); Terraform default PROVISIONED'),
      point_in_time_recovery: bool('continuous backups with point-in-time recovery are on (`PointInTimeRecoveryStatus` ENABLED / point_in_time_recovery { enabled })'),
      sse_type: str('server-side encryption: "DEFAULT" (an AWS-owned key), "KMS" (AWS-managed aws/dynamodb or a customer key)'),
      kms_key_id: str('the KMS key of SSE "KMS"; null means the AWS-managed aws/dynamodb key'),
      customer_managed_key: bool('encrypted with a KMS key the customer manages'),
      read_autoscaling: bool('an Application Auto Scaling target scales the table\'s read capacity (dynamodb:table:ReadCapacityUnits)'),
      write_autoscaling: bool('an Application Auto Scaling target scales the table\'s write capacity'),
      in_backup_plan: IN_BACKUP_PLAN,
      region,
      tags,
    },
  },
  'aws.dynamodb.account_capacity': {
    description: 'The provisioned DynamoDB capacity of an account in one region against its quotas. AWS only: DescribeLimits, and ListTables + DescribeTable summed (table and global secondary index capacity); the AWS source emits one per scanned region.',
    attributes: {
      account_max_read: num('AccountMaxReadCapacityUnits'),
      account_max_write: num('AccountMaxWriteCapacityUnits'),
      provisioned_read: num('read capacity units provisioned by every table and index of the region'),
      provisioned_write: num('write capacity units provisioned by every table and index of the region'),
      read_percent: num('provisioned_read as a percentage of account_max_read'),
      write_percent: num('provisioned_write as a percentage of account_max_write'),
      region,
    },
  },
  'aws.sns.topic': {
    description: 'An SNS topic. AWS: ListTopics + GetTopicAttributes (KmsMasterKeyId, Policy). Terraform: aws_sns_topic folded with aws_sns_topic_policy.',
    cloudFormationType: 'AWS::SNS::Topic',
    attributes: {
      name: str('topic name'),
      kms_master_key_id: str('KMS key for server-side encryption; null when messages are not encrypted at rest'),
      customer_managed_key: bool('the key is managed by the customer, not the AWS-managed alias/aws/sns'),
      policy: resourcePolicy('topic access policy'),
      region,
      tags,
    },
  },
  'aws.sqs.queue': {
    description: 'An SQS queue. AWS: ListQueues + GetQueueAttributes (KmsMasterKeyId, SqsManagedSseEnabled, Policy). Terraform: aws_sqs_queue folded with aws_sqs_queue_policy.',
    cloudFormationType: 'AWS::SQS::Queue',
    attributes: {
      name: str('queue name'),
      kms_master_key_id: str('KMS key for SSE-KMS; null when none'),
      sqs_managed_sse: bool('SSE-SQS: encrypted with keys SQS owns (`SqsManagedSseEnabled`; the default for queues created since October 2022)'),
      customer_managed_key: bool('the KMS key is managed by the customer, not alias/aws/sqs'),
      policy: resourcePolicy('queue access policy'),
      region,
      tags,
    },
  },
  'aws.kinesis.stream': {
    description: 'A Kinesis data stream. AWS: ListStreams + DescribeStreamSummary. Terraform: aws_kinesis_stream.',
    cloudFormationType: 'AWS::Kinesis::Stream',
    attributes: {
      name: str('stream name'),
      encryption_type: str('"KMS" or "NONE" (Terraform default NONE)'),
      kms_key_id: str('the KMS key; "alias/aws/kinesis" is the AWS-managed key'),
      customer_managed_key: bool('the key is managed by the customer'),
      region,
      tags,
    },
  },
  'aws.firehose.delivery_stream': {
    description: 'A Kinesis Data Firehose delivery stream. AWS: ListDeliveryStreams + DescribeDeliveryStream. Terraform: aws_kinesis_firehose_delivery_stream.',
    cloudFormationType: 'AWS::KinesisFirehose::DeliveryStream',
    attributes: {
      name: str('delivery stream name'),
      source_is_kinesis_stream: bool('the stream reads from a Kinesis data stream, whose own encryption then applies (Firehose SSE is not available for it)'),
      sse_enabled: bool('server-side encryption of the stream\'s buffered data is on (`DeliveryStreamEncryptionConfiguration.Status` ENABLED / server_side_encryption { enabled })'),
      key_type: str('"AWS_OWNED_CMK" or "CUSTOMER_MANAGED_CMK"'),
      region,
      tags,
    },
  },
  'aws.efs.file_system': {
    description: 'An EFS file system. AWS: DescribeFileSystems. Terraform: aws_efs_file_system.',
    cloudFormationType: 'AWS::EFS::FileSystem',
    attributes: {
      name: str('the Name tag, else the file system ID'),
      encrypted: bool('encrypted at rest (`Encrypted` / encrypted, default false)'),
      kms_key_id: str('KMS key; null means the AWS-managed aws/elasticfilesystem key'),
      in_backup_plan: IN_BACKUP_PLAN,
      region,
      tags,
    },
  },

  // ─── AWS Backup ─────────────────────────────────────────────────────────────────────────────
  'aws.backup.plan': {
    description: 'An AWS Backup plan with its rules and its resource selections. AWS: ListBackupPlans, GetBackupPlan, ListBackupSelections, GetBackupSelection. Terraform: aws_backup_plan folded with aws_backup_selection (by plan_id).',
    cloudFormationType: 'AWS::Backup::BackupPlan',
    attributes: {
      name: str('plan name'),
      rules: {
        type: 'object-list',
        description: 'the plan\'s backup rules',
        fields: {
          name: str('rule name'),
          schedule: str('the cron expression, e.g. "cron(0 5 ? * * *)"'),
          frequency_hours: num('derived: hours between two backups the schedule makes (1 for hourly, 24 for daily, 168 for weekly, 720 for monthly); unknown for a schedule Vigil cannot read'),
          retention_days: num('days the recovery points are kept (`Lifecycle.DeleteAfterDays` / lifecycle delete_after); null when kept forever'),
          target_vault: str('backup vault the recovery points go to'),
        },
      },
      selections: {
        type: 'object-list',
        description: 'resource selections assigned to the plan',
        fields: {
          name: str('selection name'),
          resources: strings('ARNs or ARN patterns selected ("*" selects every supported resource)'),
          not_resources: strings('ARNs or ARN patterns excluded'),
          tags: { type: 'object-list', description: 'tag conditions, any of which selects a resource (ListOfTags / selection_tag)', fields: { key: str('tag key'), value: str('tag value') } },
          conditions: {
            type: 'object-list',
            description: 'conditions every selected resource must meet (Conditions / condition blocks)',
            fields: { operator: str('"equals", "not_equals", "like" or "not_like"'), key: str('tag key'), value: str('value or pattern') },
          },
        },
      },
      region,
      tags,
    },
  },
  'aws.backup.vault': {
    description: 'An AWS Backup vault. AWS: ListBackupVaults (Locked, EncryptionKeyArn) + GetBackupVaultAccessPolicy. Terraform: aws_backup_vault folded with aws_backup_vault_lock_configuration and aws_backup_vault_policy.',
    cloudFormationType: 'AWS::Backup::BackupVault',
    attributes: {
      name: str('vault name'),
      kms_key_arn: str('KMS key that encrypts the recovery points; null means the AWS-managed aws/backup key'),
      locked: bool('AWS Backup Vault Lock is configured (governance or compliance mode)'),
      min_retention_days: num('the lock\'s minimum retention, in days; null when none'),
      denies_manual_deletion: bool('the access policy denies backup:DeleteRecoveryPoint to every principal (manual deletion of recovery points disabled)'),
      region,
      tags,
    },
  },
  'aws.backup.recovery_point': {
    description: 'A recovery point in a backup vault. AWS only: ListBackupVaults + ListRecoveryPointsByBackupVault. Terraform does not create recovery points.',
    cloudFormationType: 'AWS::Backup::RecoveryPoint',
    attributes: {
      vault: str('backup vault holding it'),
      resource_type: str('type of the protected resource, e.g. "RDS", "DynamoDB", "EBS"'),
      encrypted: bool('the recovery point is encrypted (`IsEncrypted`)'),
      region,
    },
  },

  // ─── Redshift, DMS, Elastic Beanstalk ───────────────────────────────────────────────────────
  'aws.redshift.cluster': {
    description: 'A Redshift cluster with its logging and the require_ssl setting of its parameter group. AWS: DescribeClusters, DescribeLoggingStatus, DescribeClusterParameters. Terraform: aws_redshift_cluster folded with aws_redshift_logging, and the aws_redshift_parameter_group it names.',
    cloudFormationType: 'AWS::Redshift::Cluster',
    attributes: {
      identifier: str('cluster identifier'),
      node_type: str('node type, e.g. "ra3.xlplus"'),
      encrypted: bool('encrypted at rest (`Encrypted` / encrypted; Terraform provider v5 default false)'),
      kms_key_id: str('KMS key; null means the AWS-managed key'),
      publicly_accessible: bool('reachable from outside the VPC (`PubliclyAccessible`; Terraform provider default true before v6)'),
      automated_snapshot_retention_period: num('days automated snapshots are kept; 0 turns them off (default 1)'),
      allow_version_upgrade: bool('major version upgrades are applied in the maintenance window (default true)'),
      preferred_maintenance_window: str('weekly maintenance window, e.g. "sun:23:00-mon:01:00"; null when AWS picks one'),
      logging_enabled: bool('audit logging to S3 or CloudWatch Logs is on (DescribeLoggingStatus / logging, aws_redshift_logging)'),
      parameter_group_name: str('the cluster parameter group; "default.redshift-1.0" when left out'),
      require_ssl: bool('derived: the cluster\'s parameter group sets require_ssl to true (the default group does not); unknown when the group is not in the scanned configuration'),
      region,
      tags,
    },
  },
  'aws.dms.replication_instance': {
    description: 'A DMS replication instance. AWS: DescribeReplicationInstances. Terraform: aws_dms_replication_instance.',
    cloudFormationType: 'AWS::DMS::ReplicationInstance',
    attributes: {
      identifier: str('replication instance identifier'),
      publicly_accessible: bool('has a public IP address (`PubliclyAccessible`; the API\'s default is true when left out)'),
      region,
      tags,
    },
  },
  'aws.elasticbeanstalk.environment': {
    description: 'An Elastic Beanstalk environment and its managed platform updates. AWS: DescribeEnvironments + DescribeConfigurationSettings (namespace aws:elasticbeanstalk:managedactions). Terraform: aws_elastic_beanstalk_environment setting blocks.',
    cloudFormationType: 'AWS::ElasticBeanstalk::Environment',
    attributes: {
      name: str('environment name'),
      managed_actions_enabled: bool('managed platform updates are on (ManagedActionsEnabled; default false when the environment is created through the API or Terraform)'),
      update_level: str('UpdateLevel of managed updates: "minor" or "patch"; null when not set'),
      region,
      tags,
    },
  },
};
