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
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { answerShapeMiddleware } from './answer-shape.js';
import type { ServiceName } from './permissions.js';
import type { AwsClient, ClientFactory, ClientHooks } from './session.js';

/**
 * The production clients: SDK v3 with its adaptive retry mode, a request timeout so a hanging
 * region cannot hang the scan, and Vigil's rate limiter hooked in after the SDK's retry step so
 * that retries also wait for a token.
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
  /** Milliseconds a single HTTP request may take. */
  requestTimeoutMs: number;
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
};

export function sdkClientFactory(settings: ClientSettings): ClientFactory {
  return (service: ServiceName, region: string, credentials: AwsCredentialIdentityProvider, hooks: ClientHooks) => {
    const config: Record<string, unknown> = {
      region,
      credentials,
      retryMode: 'adaptive',
      maxAttempts: settings.maxAttempts,
      requestHandler: settings.requestHandler ?? { requestTimeout: settings.requestTimeoutMs, connectionTimeout: Math.min(10_000, settings.requestTimeoutMs) },
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
    client.middlewareStack.addRelativeTo(retryGate(hooks), {
      relation: 'after',
      toMiddleware: 'retryMiddleware',
      name: 'vigilRetryGate',
      override: true,
    });
    return client;
  };
}

/**
 * Runs once per attempt of one call (the retry middleware calls it again for each retry): the
 * first attempt already holds a token from the session, every later one takes its own.
 */
function retryGate(hooks: ClientHooks) {
  return (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => {
    let attempt = 0;
    return async (args: unknown) => {
      if (attempt++ > 0) await hooks.beforeRetry();
      try {
        return await next(args);
      } catch (error) {
        hooks.onRetriedError(error, (context.commandName ?? 'Unknown').replace(/Command$/, ''));
        throw error;
      }
    };
  };
}
