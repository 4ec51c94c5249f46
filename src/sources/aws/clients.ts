import { Readable } from 'node:stream';
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
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
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { SSMClient } from '@aws-sdk/client-ssm';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { answerShapeMiddleware } from './answer-shape.js';
import type { ServiceName } from './permissions.js';
import type { AwsClient, ClientFactory, ClientHooks } from './session.js';

/**
 * The production clients: SDK v3 with its adaptive retry mode, and two of Vigil's own middlewares.
 * Innermost, right where the request goes to the socket, each attempt (first try and every retry)
 * waits for the account's rate token and is held to the request timeout, so both hold on the wire.
 * After the retry step, each failed attempt is reported so throttling the SDK absorbs is counted.
 */

export interface ClientSettings {
  /**
   * An endpoint override for every service (`AWS_ENDPOINT_URL`, as the SDK itself honours it).
   * It exists for AWS-compatible emulators such as moto in tests; when it is set, S3 uses
   * path-style addressing because an emulator on 127.0.0.1 has no per-bucket host names.
   */
  endpoint?: string;
  /** Attempts per call including the first, for the adaptive retry mode. */
  maxAttempts: number;
  /**
   * Milliseconds one attempt may take from sending to the end of its answer; connecting gets at
   * most `connectTimeoutMs` of it. Either one running out aborts the attempt as a TimeoutError,
   * which the SDK retries like any transient error.
   */
  requestTimeoutMs: number;
  connectTimeoutMs?: number;
  /** Test-only: an in-process HTTP handler in place of the network, to drive the SDK's own retries. */
  requestHandler?: unknown;
}

type Constructor = new (config: Record<string, unknown>) => AwsClient & {
  middlewareStack: { addRelativeTo: (middleware: unknown, options: Record<string, unknown>) => void };
};

const CLIENTS: Record<ServiceName, Constructor> = {
  sts: STSClient as unknown as Constructor,
  ec2: EC2Client as unknown as Constructor,
  s3: S3Client as unknown as Constructor,
  s3control: S3ControlClient as unknown as Constructor,
  rds: RDSClient as unknown as Constructor,
  iam: IAMClient as unknown as Constructor,
  config: ConfigServiceClient as unknown as Constructor,
  cloudtrail: CloudTrailClient as unknown as Constructor,
  kms: KMSClient as unknown as Constructor,
  logs: CloudWatchLogsClient as unknown as Constructor,
  guardduty: GuardDutyClient as unknown as Constructor,
  elbv2: ElasticLoadBalancingV2Client as unknown as Constructor,
  acm: ACMClient as unknown as Constructor,
  organizations: OrganizationsClient as unknown as Constructor,
  securityhub: SecurityHubClient as unknown as Constructor,
  tagging: ResourceGroupsTaggingAPIClient as unknown as Constructor,
  ecs: ECSClient as unknown as Constructor,
  ecr: ECRClient as unknown as Constructor,
  secretsmanager: SecretsManagerClient as unknown as Constructor,
  elasticache: ElastiCacheClient as unknown as Constructor,
  eks: EKSClient as unknown as Constructor,
  opensearch: OpenSearchClient as unknown as Constructor,
  lambda: LambdaClient as unknown as Constructor,
  sagemaker: SageMakerClient as unknown as Constructor,
  emr: EMRClient as unknown as Constructor,
  codebuild: CodeBuildClient as unknown as Constructor,
  cloudfront: CloudFrontClient as unknown as Constructor,
  wafv2: WAFV2Client as unknown as Constructor,
  apigateway: APIGatewayClient as unknown as Constructor,
  apigatewayv2: ApiGatewayV2Client as unknown as Constructor,
  dynamodb: DynamoDBClient as unknown as Constructor,
  sns: SNSClient as unknown as Constructor,
  sqs: SQSClient as unknown as Constructor,
  kinesis: KinesisClient as unknown as Constructor,
  firehose: FirehoseClient as unknown as Constructor,
  efs: EFSClient as unknown as Constructor,
  backup: BackupClient as unknown as Constructor,
  redshift: RedshiftClient as unknown as Constructor,
  dms: DatabaseMigrationServiceClient as unknown as Constructor,
  elasticbeanstalk: ElasticBeanstalkClient as unknown as Constructor,
  ssm: SSMClient as unknown as Constructor,
  route53: Route53Client as unknown as Constructor,
  ssoadmin: SSOAdminClient as unknown as Constructor,
  cloudwatch: CloudWatchClient as unknown as Constructor,
  autoscaling: AutoScalingClient as unknown as Constructor,
  applicationautoscaling: ApplicationAutoScalingClient as unknown as Constructor,
};

export function sdkClientFactory(settings: ClientSettings): ClientFactory {
  return (service: ServiceName, region: string, credentials: AwsCredentialIdentityProvider, hooks: ClientHooks) => {
    const config: Record<string, unknown> = {
      region,
      credentials,
      retryMode: 'adaptive',
      maxAttempts: settings.maxAttempts,
      // Without throwOnRequestTimeout the SDK's handler only logs that a request is late and waits on.
      requestHandler: settings.requestHandler ?? handlerFor(service, { requestTimeout: settings.requestTimeoutMs, connectionTimeout: connectTimeout(settings), throwOnRequestTimeout: true }),
    };
    if (settings.endpoint) {
      config.endpoint = settings.endpoint;
      if (service === 's3' || service === 's3control') config.forcePathStyle = true;
      // S3 Control's endpoint rules put the account ID in front of the host name, which an
      // emulator's IP address cannot take; an override endpoint is used exactly as given.
      if (service === 's3control') {
        const url = new URL(settings.endpoint);
        config.endpointProvider = () => ({ url });
      }
    }
    const client = new CLIENTS[service](config);
    client.middlewareStack.addRelativeTo(answerShapeMiddleware(), { relation: 'before', toMiddleware: 'deserializerMiddleware', name: 'vigilAnswerShape' });
    client.middlewareStack.addRelativeTo(attemptErrors(hooks), {
      relation: 'after',
      toMiddleware: 'retryMiddleware',
      name: 'vigilAttemptErrors',
      override: true,
    });
    client.middlewareStack.addRelativeTo(onTheWire(hooks, settings), {
      relation: 'after',
      toMiddleware: 'deserializerMiddleware',
      name: 'vigilOnTheWire',
      override: true,
    });
    return client;
  };
}

/**
 * The Kinesis client defaults to HTTP/2 (for SubscribeToShard, which Vigil never calls); its reads
 * go over HTTP/1.1 like every other client, which every endpoint (and emulators) speaks.
 */
function handlerFor(service: ServiceName, options: { requestTimeout: number; connectionTimeout: number; throwOnRequestTimeout: boolean }): unknown {
  return service === 'kinesis' ? new NodeHttpHandler(options) : options;
}

const connectTimeout = (settings: ClientSettings) => settings.connectTimeoutMs ?? Math.min(10_000, settings.requestTimeoutMs);

/** Runs once per attempt of one call (the retry middleware calls it again for each retry). */
function attemptErrors(hooks: ClientHooks) {
  return (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => {
    // One chain per call: an attempt that starts after a failed one means the SDK retried that one.
    let failed: { error: unknown } | undefined;
    return async (args: unknown) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      if (failed) hooks.onRetried(failed.error, operation);
      failed = undefined;
      try {
        return await next(args);
      } catch (error) {
        failed = { error };
        hooks.onRetriedError(error, operation);
        throw error;
      }
    };
  };
}

interface RawResponse {
  response?: { body?: unknown };
}

/**
 * The last step before the HTTP handler: the attempt takes its rate token here, so the ceiling
 * counts requests as they leave, retries included. The handler's own timeouts end a request that
 * does not connect or whose answer does not start in time; an answer that starts and then stalls
 * is cut off here when the same request timeout runs out.
 */
function onTheWire(hooks: ClientHooks, settings: ClientSettings) {
  return (next: (args: unknown) => Promise<RawResponse>) => (args: unknown) =>
    hooks.wire(async () => {
      const started = performance.now();
      let result: RawResponse;
      try {
        result = await next(args);
      } catch (error) {
        throw plainTimeoutMessage(error, settings);
      }
      const body = result.response?.body;
      if (body instanceof Readable && !body.readableEnded) {
        const left = Math.max(1, settings.requestTimeoutMs - (performance.now() - started));
        const timer = setTimeout(() => body.destroy(timeoutError(`the answer did not finish within the ${seconds(settings.requestTimeoutMs)} request timeout`)), left);
        timer.unref();
        body.once('close', () => clearTimeout(timer));
      }
      return result;
    });
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { name: 'TimeoutError', code: 'ETIMEDOUT' });
}

/** The handler's timeout messages name its own settings; the user knows the option. */
function plainTimeoutMessage(error: unknown, settings: ClientSettings): unknown {
  const e = error as { name?: string; message?: string };
  if (e?.name !== 'TimeoutError' || typeof e.message !== 'string') return error;
  if (/establish a connection/.test(e.message)) e.message = `could not connect within ${seconds(connectTimeout(settings))}`;
  else if (/requestTimeout|timed out/.test(e.message)) e.message = `no answer within the ${seconds(settings.requestTimeoutMs)} request timeout`;
  return error;
}
