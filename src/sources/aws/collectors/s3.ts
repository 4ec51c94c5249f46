import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetBucketReplicationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketLifecycleConfigurationCommand,
  type GetBucketReplicationCommandOutput,
  type GetBucketNotificationConfigurationCommandOutput,
  type GetBucketLifecycleConfigurationCommandOutput,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  type GetBucketAclCommandOutput,
  type GetBucketEncryptionCommandOutput,
  type GetBucketLocationCommandOutput,
  type GetBucketLoggingCommandOutput,
  type GetBucketOwnershipControlsCommandOutput,
  type GetBucketPolicyCommandOutput,
  type GetBucketPolicyStatusCommandOutput,
  type GetBucketTaggingCommandOutput,
  type GetBucketVersioningCommandOutput,
  type GetObjectLockConfigurationCommandOutput,
  type GetPublicAccessBlockCommandOutput,
  type HeadBucketCommandOutput,
  type ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, type GetPublicAccessBlockCommandOutput as AccountPabOutput } from '@aws-sdk/client-s3-control';
import { DescribeKeyCommand, type DescribeKeyCommandOutput } from '@aws-sdk/client-kms';
import type { Resource } from '../../../model/resource.js';
import { deniesInsecureTransport, documentFact, parseStatements, publicRead, publicWrite } from '../../../model/policy.js';
import type { Value } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom, type Answer } from '../session.js';
import { awsResource, evidenceOf, listingFailed, tagsOf, valueOf, valueOrAbsent, type CollectContext, type Collector } from './support.js';

/**
 * S3: the bucket list is global, but each bucket answers only in its own region, so every
 * per-bucket call goes to a client of the bucket's region.
 */

/** GetBucketLocation's answer for a region: null or "" is us-east-1, "EU" the old name of eu-west-1. */
export function bucketRegion(constraint: string | null | undefined): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

const ALL_USERS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

function aclFacts(acl: GetBucketAclCommandOutput): { canned: null; public_read: boolean; public_write: boolean } {
  const publicGrants = (acl.Grants ?? []).filter((g) => ALL_USERS.test(g.Grantee?.URI ?? ''));
  const has = (...permissions: string[]) => publicGrants.some((g) => permissions.includes(g.Permission ?? ''));
  return { canned: null, public_read: has('READ', 'READ_ACP', 'FULL_CONTROL'), public_write: has('WRITE', 'WRITE_ACP', 'FULL_CONTROL') };
}

/** aws/s3 is AWS-managed; any other key is asked of KMS, since an alias alone does not say. */
async function customerManaged(ctx: CollectContext, region: string, keyId: string | undefined): Promise<{ value: Value; answer?: Answer<DescribeKeyCommandOutput> }> {
  if (!keyId || /alias\/aws\/s3$/.test(keyId)) return { value: false };
  const keyRegion = keyId.startsWith('arn:') ? (keyId.split(':')[3] ?? region) : region;
  const answer = await ctx.session.call<DescribeKeyCommandOutput>('kms', keyRegion, new DescribeKeyCommand({ KeyId: keyId }));
  return { value: valueOf(answer, (v) => v.KeyMetadata?.KeyManager === 'CUSTOMER'), answer };
}

class BucketGone extends Error {}

/**
 * One NoSuchBucket is not proof of a deletion (S3 answers it for a while after a bucket is made,
 * and a proxy or an emulator may say it of one call): HeadBucket decides. Only a bucket HeadBucket
 * cannot find either is gone; any other answer keeps it, with what was not read unknown.
 */
async function confirmGone(ctx: CollectContext, name: string, region: string, evidence: Answer<unknown>[]): Promise<boolean> {
  const head = await ctx.session.call<HeadBucketCommandOutput>('s3', region, new HeadBucketCommand({ Bucket: name }));
  evidence.push(head);
  const gone = !head.ok && (head.error.code === 'NotFound' || head.error.code === 'NoSuchBucket');
  if (!gone) ctx.note(`S3 bucket ${name} answered NoSuchBucket to some reads, but HeadBucket ${head.ok ? 'finds it' : `could not tell (${unknownFrom(head).reason})`}: it is kept, and what those reads would have said is unknown`);
  return gone;
}

/** Whether a bucket policy has an Allow statement (or cannot be read well enough to tell). */
function mayAllow(policyText: Value): boolean {
  if (typeof policyText !== 'string') return false;
  const statements = parseStatements(policyText);
  if (statements === null) return false;
  return !Array.isArray(statements) || statements.some((statement) => statement.effect !== 'Deny');
}

/** Every per-bucket call; a NoSuchBucket that HeadBucket confirms means the bucket was deleted during the scan. */
async function readBucket(ctx: CollectContext, name: string, region: string, locationEvidence: Answer<unknown>[]): Promise<Resource> {
  let noSuchBucket = false;
  const call = async <T>(command: object): Promise<Answer<T>> => {
    const answer = await ctx.session.call<T>('s3', region, command);
    if (!answer.ok && answer.error.code === 'NoSuchBucket') noSuchBucket = true;
    return answer;
  };
  const Bucket = name;
  const [replication, notification, lifecycle] = await Promise.all([
    call<GetBucketReplicationCommandOutput>(new GetBucketReplicationCommand({ Bucket })),
    call<GetBucketNotificationConfigurationCommandOutput>(new GetBucketNotificationConfigurationCommand({ Bucket })),
    call<GetBucketLifecycleConfigurationCommandOutput>(new GetBucketLifecycleConfigurationCommand({ Bucket })),
  ]);
  const [encryption, pab, policy, acl, ownership, versioning, logging, lock, tagging] = await Promise.all([
    call<GetBucketEncryptionCommandOutput>(new GetBucketEncryptionCommand({ Bucket })),
    call<GetPublicAccessBlockCommandOutput>(new GetPublicAccessBlockCommand({ Bucket })),
    call<GetBucketPolicyCommandOutput>(new GetBucketPolicyCommand({ Bucket })),
    call<GetBucketAclCommandOutput>(new GetBucketAclCommand({ Bucket })),
    call<GetBucketOwnershipControlsCommandOutput>(new GetBucketOwnershipControlsCommand({ Bucket })),
    call<GetBucketVersioningCommandOutput>(new GetBucketVersioningCommand({ Bucket })),
    call<GetBucketLoggingCommandOutput>(new GetBucketLoggingCommand({ Bucket })),
    call<GetObjectLockConfigurationCommandOutput>(new GetObjectLockConfigurationCommand({ Bucket })),
    call<GetBucketTaggingCommandOutput>(new GetBucketTaggingCommand({ Bucket })),
  ]);

  const extra: Answer<unknown>[] = [];
  let encryptionValue: Value;
  if (encryption.ok) {
    const rule = encryption.value.ServerSideEncryptionConfiguration?.Rules?.[0];
    const byDefault = rule?.ApplyServerSideEncryptionByDefault;
    const algorithm = byDefault?.SSEAlgorithm ?? 'AES256';
    const isKms = algorithm.startsWith('aws:kms');
    const managed = isKms ? await customerManaged(ctx, region, byDefault?.KMSMasterKeyID) : { value: false };
    if (managed.answer) extra.push(managed.answer);
    encryptionValue = {
      sse_algorithm: algorithm,
      kms_key_id: isKms ? (byDefault?.KMSMasterKeyID ?? null) : null,
      bucket_key_enabled: rule?.BucketKeyEnabled ?? false,
      customer_managed_key: managed.value,
      configured: Boolean(byDefault),
    };
  } else if (encryption.error.code === 'ServerSideEncryptionConfigurationNotFoundError') {
    // Since January 2023 S3 encrypts with SSE-S3 whatever the answer says; the model records that.
    encryptionValue = { sse_algorithm: 'AES256', kms_key_id: null, bucket_key_enabled: false, customer_managed_key: false, configured: false };
  } else {
    encryptionValue = unknownFrom(encryption);
  }

  const policyText: Value = policy.ok ? (policy.value.Policy ?? null) : null;
  // AWS's own reading of the policy. Only a policy that allows something can be public, so a bucket
  // without one costs no call (a scan keeps under its requests-per-second ceiling).
  const status = mayAllow(policyText) ? await call<GetBucketPolicyStatusCommandOutput>(new GetBucketPolicyStatusCommand({ Bucket })) : undefined;
  if (status) extra.push(status);
  const policyValue: Value =
    !policy.ok && policy.error.code !== 'NoSuchBucketPolicy'
      ? unknownFrom(policy)
      : {
          exists: policyText !== null,
          denies_insecure_transport: documentFact(policyText ?? undefined, deniesInsecureTransport, false),
          public_read: documentFact(policyText ?? undefined, publicRead, false),
          public_write: documentFact(policyText ?? undefined, publicWrite, false),
          // Real AWS always answers IsPublic; an emulator may not (moto), and then AWS has said nothing.
          public_per_aws: status === undefined ? false : status.ok ? (status.value.PolicyStatus?.IsPublic ?? null) : unknownFrom(status),
        };

  if (noSuchBucket && (await confirmGone(ctx, name, region, extra))) throw new BucketGone(name);
  return awsResource(ctx, 'aws.s3.bucket', `arn:${ctx.partition}:s3:::${name}`, name, {
    name,
    region,
    encryption: encryptionValue,
    public_access_block: valueOrAbsent(pab, (v) => {
      const c = v.PublicAccessBlockConfiguration ?? {};
      return {
        block_public_acls: c.BlockPublicAcls ?? false,
        block_public_policy: c.BlockPublicPolicy ?? false,
        ignore_public_acls: c.IgnorePublicAcls ?? false,
        restrict_public_buckets: c.RestrictPublicBuckets ?? false,
      };
    }, null, /^NoSuchPublicAccessBlockConfiguration$/),
    policy: policyValue,
    acl: valueOf(acl, aclFacts),
    // No ownership controls at all is how buckets from before 2023 look: ACLs decide, ObjectWriter.
    object_ownership: valueOrAbsent(ownership, (v) => v.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? 'ObjectWriter', 'ObjectWriter', /^OwnershipControlsNotFoundError$/),
    versioning: valueOf(versioning, (v) => ({ status: v.Status ?? 'Disabled', mfa_delete: v.MFADelete ?? 'Disabled' })),
    logging: valueOf(logging, (v) => ({ enabled: Boolean(v.LoggingEnabled?.TargetBucket), target_bucket: v.LoggingEnabled?.TargetBucket ?? null })),
    object_lock: valueOrAbsent(lock, (v) => {
      const retention = v.ObjectLockConfiguration?.Rule?.DefaultRetention;
      return {
        enabled: v.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
        mode: retention?.Mode ?? null,
        days: retention?.Days ?? null,
        years: retention?.Years ?? null,
      };
    }, { enabled: false, mode: null, days: null, years: null }, /^ObjectLockConfigurationNotFoundError$/),
    replication_enabled: valueOrAbsent(replication, (v) => (v.ReplicationConfiguration?.Rules ?? []).some((rule) => rule.Status === 'Enabled'), false, /^ReplicationConfigurationNotFoundError$/),
    event_notifications_enabled: valueOf(notification, (v) =>
      Boolean(v.EventBridgeConfiguration) || (v.TopicConfigurations ?? []).length + (v.QueueConfigurations ?? []).length + (v.LambdaFunctionConfigurations ?? []).length > 0,
    ),
    lifecycle_enabled: valueOrAbsent(lifecycle, (v) => (v.Rules ?? []).some((rule) => rule.Status === 'Enabled'), false, /^NoSuchLifecycleConfiguration$/),
    tags: valueOrAbsent(tagging, (v) => tagsOf(v.TagSet), {}, /^NoSuchTagSet$/),
  }, evidenceOf(...locationEvidence, encryption, pab, policy, acl, ownership, versioning, logging, lock, tagging, replication, notification, lifecycle, ...extra), region);
}

const buckets: Collector = {
  name: 's3 buckets',
  service: 's3',
  kinds: ['aws.s3.bucket'],
  scope: 'global',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListBucketsCommandOutput>(
      's3', ctx.region, (ContinuationToken) => new ListBucketsCommand(ContinuationToken ? { ContinuationToken } : {}), (p) => p.ContinuationToken,
    );
    if (!list.ok) return listingFailed(ctx, 'S3 buckets', list);
    const names = list.pages.flatMap((p) => p.Buckets ?? []).map((b) => ({ name: b.Name ?? '', region: b.BucketRegion }));
    let outside = 0;
    const found = await mapBounded(names, 16, async ({ name, region: listed }) => {
      const evidence: Answer<unknown>[] = [list as unknown as Answer<unknown>];
      let region = listed;
      if (!region) {
        const location = await ctx.session.call<GetBucketLocationCommandOutput>('s3', ctx.region, new GetBucketLocationCommand({ Bucket: name }));
        evidence.push(location);
        if (!location.ok) {
          if (location.error.code === 'NoSuchBucket' && (await confirmGone(ctx, name, ctx.region, evidence))) {
            ctx.note(`S3 bucket ${name} was deleted during the scan and is skipped`);
            return undefined;
          }
          // Without its region the bucket cannot be read, but it exists: every attribute is unknown.
          const why = unknownFrom(location);
          return awsResource(ctx, 'aws.s3.bucket', `arn:${ctx.partition}:s3:::${name}`, name, { name, region: why, encryption: why, public_access_block: why, policy: why, acl: why, object_ownership: why, versioning: why, logging: why, object_lock: why, replication_enabled: why, event_notifications_enabled: why, lifecycle_enabled: why, tags: why }, evidenceOf(...evidence));
        }
        region = bucketRegion(location.value.LocationConstraint);
      }
      if (!ctx.regions.includes(region)) {
        outside++;
        return undefined;
      }
      try {
        return await readBucket(ctx, name, region, evidence);
      } catch (error) {
        if (error instanceof BucketGone) {
          ctx.note(`S3 bucket ${name} was deleted during the scan and is skipped`);
          return undefined;
        }
        throw error;
      }
    });
    if (outside > 0) ctx.note(`${outside} S3 bucket(s) in regions outside this scan were not read`);
    return found.filter((r): r is Resource => r !== undefined);
  },
};

/** One per account, always: no configuration is itself the finding. */
const accountPublicAccessBlock: Collector = {
  name: 's3 account public access block',
  service: 's3control',
  kinds: ['aws.s3.account_public_access_block'],
  scope: 'global',
  async collect(ctx) {
    const answer = await ctx.session.call<AccountPabOutput>('s3control', ctx.region, new GetAccountPublicAccessBlockCommand({ AccountId: ctx.account }));
    const none = { configured: false, block_public_acls: false, block_public_policy: false, ignore_public_acls: false, restrict_public_buckets: false };
    let attributes;
    if (answer.ok) {
      const c = answer.value.PublicAccessBlockConfiguration ?? {};
      attributes = {
        configured: true,
        block_public_acls: c.BlockPublicAcls ?? false,
        block_public_policy: c.BlockPublicPolicy ?? false,
        ignore_public_acls: c.IgnorePublicAcls ?? false,
        restrict_public_buckets: c.RestrictPublicBuckets ?? false,
      };
    } else if (answer.error.code === 'NoSuchPublicAccessBlockConfiguration') {
      attributes = none;
    } else {
      const why = unknownFrom(answer);
      attributes = Object.fromEntries(Object.keys(none).map((k) => [k, why]));
    }
    return [awsResource(ctx, 'aws.s3.account_public_access_block', `arn:${ctx.partition}:s3:::account/${ctx.account}`, `S3 account ${ctx.account}`, attributes, [answer.evidence])];
  },
};

export const S3_COLLECTORS: readonly Collector[] = [buckets, accountPublicAccessBlock];
