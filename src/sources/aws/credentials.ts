import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { AssumeRoleCommand, GetCallerIdentityCommand, type AssumeRoleCommandOutput, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { AwsCredentialsError, classifyError } from './errors.js';
import { unknownFrom, type AccountSession } from './session.js';

/**
 * Where the scan's credentials come from: the SDK's default chain (or one profile), and, for
 * other accounts, a role assumed from them.
 */

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
  /** `aws`, `aws-cn` or `aws-us-gov`, from the ARN: it decides which regions exist. */
  partition: string;
}

/** What the default chain tries, in its order, for the message when nothing is found. */
export function describeChain(profile: string | undefined, env: Record<string, string | undefined>): string {
  const named = profile ?? env.AWS_PROFILE;
  return [
    'environment variables (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)',
    `the shared config and credentials files${named ? ` (profile "${named}")` : ' (profile "default")'}, including SSO and credential_process`,
    'web identity (AWS_WEB_IDENTITY_TOKEN_FILE)',
    'the ECS container endpoint',
    env.AWS_EC2_METADATA_DISABLED === 'true' ? 'EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)' : 'EC2 instance metadata',
  ].join(', ');
}

/** The base credentials; `--profile` narrows the chain to one profile, as the AWS CLI does. */
export function baseCredentials(profile: string | undefined): AwsCredentialIdentityProvider {
  return fromNodeProviderChain(profile ? { profile } : {});
}

/** Resolves the provider once, so missing credentials stop the scan before any region is touched. */
export async function resolveCredentials(provider: AwsCredentialIdentityProvider, tried: string): Promise<void> {
  try {
    await provider();
  } catch (error) {
    const info = classifyError(error);
    throw new AwsCredentialsError(`no AWS credentials could be loaded (${firstLine(info.message)}); tried: ${tried}`);
  }
}

export function parseIdentity(output: GetCallerIdentityCommandOutput): CallerIdentity {
  const arn = output.Arn ?? '';
  return { account: output.Account ?? '', arn, userId: output.UserId ?? '', partition: arn.split(':')[1] || 'aws' };
}

/** STS GetCallerIdentity: proves the credentials work and names the account they belong to. */
export async function callerIdentity(session: AccountSession, region: string, tried: string): Promise<CallerIdentity> {
  let answer;
  try {
    answer = await session.call<GetCallerIdentityCommandOutput>('sts', region, new GetCallerIdentityCommand({}));
  } catch (error) {
    // A role that could not be assumed already says so, by the AssumeRole call.
    if (error instanceof AwsCredentialsError) throw error;
    throw new AwsCredentialsError(`the AWS credentials were rejected: ${(error as Error).message}; tried: ${tried}`);
  }
  if (!answer.ok) {
    session.reported(answer);
    throw new AwsCredentialsError(`STS GetCallerIdentity failed: ${answer.error.code}: ${firstLine(answer.error.message)}; tried: ${tried}`);
  }
  return parseIdentity(answer.value);
}

/** `arn:aws:iam::{account}:role/VigilAudit` → the role in one account. */
export function roleArnFor(template: string, account: string): string {
  return template.replaceAll('{account}', account);
}

/**
 * A provider that assumes `roleArn` through the base session and re-assumes five minutes before
 * the credentials expire, so a long scan of a large account does not die at the hour.
 */
export function assumedRoleProvider(base: AccountSession, region: string, roleArn: string, externalId: string | undefined): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const command = new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: 'vigil-audit',
      DurationSeconds: 3600,
      ...(externalId ? { ExternalId: externalId } : {}),
    });
    const answer = await base.call<AssumeRoleCommandOutput>('sts', region, command);
    if (!answer.ok) {
      base.reported(answer);
      throw new AwsCredentialsError(`sts:AssumeRole into ${roleArn} failed: ${unknownFrom(answer).reason}`);
    }
    const c = answer.value.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new AwsCredentialsError(`assuming ${roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
    };
  };
  return async () => {
    const fresh = current && (!current.expiration || current.expiration.getTime() - Date.now() > 5 * 60_000);
    if (fresh) return current!;
    pending ??= assume().finally(() => (pending = undefined));
    current = await pending;
    return current;
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
