import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EKSClient } from '@aws-sdk/client-eks';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { EMRClient } from '@aws-sdk/client-emr';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { EFSClient } from '@aws-sdk/client-efs';
import { BackupClient } from '@aws-sdk/client-backup';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { AWS_DEFAULTS, type AwsDeps, type AwsScanOptions } from '../../../src/sources/aws/index.js';

import { SSMClient } from '@aws-sdk/client-ssm';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
/**
 * aws-sdk-client-mock on every client Vigil uses: each answers an empty success unless a test
 * says otherwise, so a test states only the answers it is about. The SDK's send is replaced, so
 * nothing leaves the process.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Stub = AwsStub<any, any, any>;

export function mockAws() {
  const m = {
    sts: mockClient(STSClient),
    ec2: mockClient(EC2Client),
    s3: mockClient(S3Client),
    s3control: mockClient(S3ControlClient),
    rds: mockClient(RDSClient),
    iam: mockClient(IAMClient),
    config: mockClient(ConfigServiceClient),
    cloudtrail: mockClient(CloudTrailClient),
    kms: mockClient(KMSClient),
    logs: mockClient(CloudWatchLogsClient),
    guardduty: mockClient(GuardDutyClient),
    elbv2: mockClient(ElasticLoadBalancingV2Client),
    acm: mockClient(ACMClient),
    organizations: mockClient(OrganizationsClient),
    securityhub: mockClient(SecurityHubClient),
    ecs: mockClient(ECSClient),
    ecr: mockClient(ECRClient),
    secretsmanager: mockClient(SecretsManagerClient),
    elasticache: mockClient(ElastiCacheClient),
    eks: mockClient(EKSClient),
    opensearch: mockClient(OpenSearchClient),
    lambda: mockClient(LambdaClient),
    sagemaker: mockClient(SageMakerClient),
    emr: mockClient(EMRClient),
    codebuild: mockClient(CodeBuildClient),
    ssm: mockClient(SSMClient),
    route53: mockClient(Route53Client),
    ssoadmin: mockClient(SSOAdminClient),
    cloudfront: mockClient(CloudFrontClient),
    wafv2: mockClient(WAFV2Client),
    apigateway: mockClient(APIGatewayClient),
    apigatewayv2: mockClient(ApiGatewayV2Client),
    dynamodb: mockClient(DynamoDBClient),
    sns: mockClient(SNSClient),
    sqs: mockClient(SQSClient),
    kinesis: mockClient(KinesisClient),
    firehose: mockClient(FirehoseClient),
    efs: mockClient(EFSClient),
    backup: mockClient(BackupClient),
    redshift: mockClient(RedshiftClient),
    dms: mockClient(DatabaseMigrationServiceClient),
    elasticbeanstalk: mockClient(ElasticBeanstalkClient),
    tagging: mockClient(ResourceGroupsTaggingAPIClient),
    cloudwatch: mockClient(CloudWatchClient),
    autoscaling: mockClient(AutoScalingClient),
    applicationautoscaling: mockClient(ApplicationAutoScalingClient),
  } satisfies Record<string, Stub>;
  for (const stub of Object.values(m)) stub.onAnyCommand().resolves({});
  m.sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/auditor', UserId: 'AIDAEXAMPLE' });
  m.ec2.on(DescribeRegionsCommand).resolves({
    Regions: [
      { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
      { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
    ],
  });
  m.iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  m.iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(CREDENTIAL_REPORT) });
  return {
    ...m,
    restore: () => Object.values(m).forEach((stub) => stub.restore()),
  };
}

export const CREDENTIAL_REPORT = [
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
  '<root_account>,arn:aws:iam::111122223333:root,2019-03-01T10:00:00+00:00,not_supported,2026-10-01T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  'dana,arn:aws:iam::111122223333:user/dana,2024-01-10T09:00:00+00:00,true,2026-11-01T12:00:00+00:00,2024-01-10T09:00:00+00:00,N/A,false,true,2024-01-10T09:05:00+00:00,2026-11-20T07:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
].join('\n');

export const fastReport = { firstDelayMs: 1, maxDelayMs: 2, deadlineMs: 2000, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

export const testDeps = (extra: Partial<AwsDeps> = {}): AwsDeps => ({
  credentials: async () => ({ accessKeyId: 'AKIDBASE', secretAccessKey: 'base-secret' }),
  reportTiming: fastReport,
  now: () => new Date('2026-11-22T03:00:00Z'),
  ...extra,
});

export const testOptions = (extra: Partial<AwsScanOptions> = {}): AwsScanOptions => ({
  regions: ['eu-west-1'],
  maxRps: 1000,
  concurrency: AWS_DEFAULTS.concurrency,
  accountConcurrency: 2,
  regionTimeoutMs: 30_000,
  keepRaw: false,
  env: { AWS_REGION: 'eu-west-1' },
  ...extra,
});

/** An AWS service error as the SDK raises it. */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}
