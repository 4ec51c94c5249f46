/**
 * Which IAM action each API call needs. One table serves three purposes: the reason of an
 * `Unknown` names the denied action a user has to grant, the shipped policy file is checked
 * against it, and the read-only test walks it.
 */

/** The services Vigil calls, by the short name used in evidence and error summaries. */
export const SERVICES = {
  sts: 'sts',
  ec2: 'ec2',
  s3: 's3',
  s3control: 's3',
  rds: 'rds',
  iam: 'iam',
  config: 'config',
  cloudtrail: 'cloudtrail',
  kms: 'kms',
  logs: 'logs',
  guardduty: 'guardduty',
  elbv2: 'elasticloadbalancing',
  acm: 'acm',
  organizations: 'organizations',
  securityhub: 'securityhub',
  tagging: 'tag',
  ecs: 'ecs',
  ecr: 'ecr',
  secretsmanager: 'secretsmanager',
  elasticache: 'elasticache',
  eks: 'eks',
  opensearch: 'es',
  lambda: 'lambda',
  sagemaker: 'sagemaker',
  emr: 'elasticmapreduce',
  codebuild: 'codebuild',
  cloudfront: 'cloudfront',
  wafv2: 'wafv2',
  apigateway: 'apigateway',
  apigatewayv2: 'apigateway',
  dynamodb: 'dynamodb',
  sns: 'sns',
  sqs: 'sqs',
  kinesis: 'kinesis',
  firehose: 'firehose',
  efs: 'elasticfilesystem',
  backup: 'backup',
  redshift: 'redshift',
  dms: 'dms',
  elasticbeanstalk: 'elasticbeanstalk',
  ssm: 'ssm',
  route53: 'route53',
  ssoadmin: 'sso',
  cloudwatch: 'cloudwatch',
  autoscaling: 'autoscaling',
  applicationautoscaling: 'application-autoscaling',
} as const satisfies Record<string, string>;

export type ServiceName = keyof typeof SERVICES;

/** Operations whose IAM action is not `<prefix>:<operation>` (S3 names most of its own). */
const RENAMED: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:HeadBucket': 's3:ListBucket',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:GetBucketReplication': 's3:GetReplicationConfiguration',
  's3:GetBucketNotificationConfiguration': 's3:GetBucketNotification',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  'rds:ListTagsForResource': 'rds:ListTagsForResource',
};

/** The IAM action an operation needs, e.g. `s3:GetEncryptionConfiguration` for GetBucketEncryption. */
export function iamAction(service: ServiceName, operation: string): string {
  // API Gateway authorises by HTTP method on the resource path: every read is apigateway:GET.
  if (service === 'apigateway' || service === 'apigatewayv2') return 'apigateway:GET';
  return RENAMED[`${service}:${operation}`] ?? `${SERVICES[service]}:${operation}`;
}

/**
 * Calls that need no permission: STS answers GetCallerIdentity to any valid credentials, and
 * AssumeRole is granted by the role's trust policy in the audited account, not by the audit policy.
 */
export const NO_POLICY_NEEDED = new Set(['sts:GetCallerIdentity', 'sts:AssumeRole']);

/** A read, by name: the only kinds of call the AWS source may make. */
export function isReadOperation(operation: string): boolean {
  return /^(Describe|Get|List|Select|Head|BatchGet)/.test(operation) || operation === 'GenerateCredentialReport';
}
