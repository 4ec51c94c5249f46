import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DescribeRegionsCommand, DescribeSecurityGroupsCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetBucketEncryptionCommand, GetBucketLocationCommand, GetPublicAccessBlockCommand, HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { GenerateCredentialReportCommand, GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { DescribeAggregateComplianceByConfigRulesCommand, GetAggregateDiscoveredResourceCountsCommand, GetDiscoveredResourceCountsCommand, SelectAggregateResourceConfigCommand } from '@aws-sdk/client-config-service';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { AwsCredentialsError, AwsOptionsError, scanAws } from '../../../src/sources/aws/index.js';
import { isUnknown, type ValueObject } from '../../../src/model/value.js';
import type { Resource } from '../../../src/model/resource.js';
import { awsError, CREDENTIAL_REPORT, mockAws, testDeps, testOptions } from './mocks.js';

let aws: ReturnType<typeof mockAws>;
beforeEach(() => {
  aws = mockAws();
});
afterEach(() => aws.restore());

const ofKind = (resources: Resource[], kind: string) => resources.filter((r) => r.kind === kind);
const regionOf = async (getClient: () => { config: { region: () => Promise<string> | string } }): Promise<string> => {
  const region = getClient().config.region;
  return typeof region === 'function' ? await region() : region;
};

describe('the AWS source: identity, regions and provenance', () => {
  it('starts with GetCallerIdentity, reports it, and gives every resource account, region, ARN and timed calls', async () => {
    aws.ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [{ GroupId: 'sg-0a1', GroupName: 'app', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }],
    });
    const events: string[] = [];
    const result = await scanAws(testOptions({ onProgress: (e) => events.push(e.type) }), testDeps());
    expect(events.slice(0, 2)).toEqual(['step', 'identity']);
    expect(result.meta.identity).toEqual({ account: '111122223333', arn: 'arn:aws:iam::111122223333:user/auditor', userId: 'AIDAEXAMPLE', partition: 'aws' });
    const [group] = ofKind(result.resources, 'aws.ec2.security_group');
    expect(group!.provenance).toMatchObject({ source: 'aws', account: '111122223333', region: 'eu-west-1', arn: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0a1' });
    expect(group!.provenance.source === 'aws' && group!.provenance.calls).toEqual([{ service: 'ec2', operation: 'DescribeSecurityGroups', at: '2026-11-22T03:00:00.000Z' }]);
    expect(group!.attributes.ingress).toEqual([
      { protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: null },
    ]);
    expect(result.meta.apiCalls).toBeGreaterThan(10);
  });

  it('--regions all scans the enabled regions of this partition and skips opt-in regions that are not enabled, with a note', async () => {
    // moto lists China and GovCloud regions too; real AWS never does in the aws partition.
    aws.ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
        { RegionName: 'me-south-1', OptInStatus: 'opted-in' },
        { RegionName: 'cn-north-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'us-gov-west-1', OptInStatus: 'opt-in-not-required' },
      ],
    });
    const result = await scanAws(testOptions({ regions: 'all' }), testDeps());
    expect(result.meta.regions).toEqual(['eu-west-1', 'me-south-1']);
    expect(result.meta.skippedRegions).toEqual([{ account: '111122223333', region: 'af-south-1', reason: 'an opt-in region this account has not enabled' }]);
    expect(result.problems).toContainEqual({ severity: 'warning', file: 'aws:111122223333/af-south-1', message: 'region af-south-1 skipped: an opt-in region this account has not enabled' });
    expect(ofKind(result.resources, 'aws.ec2.ebs_encryption_default').map((r) => r.provenance.region).sort()).toEqual(['eu-west-1', 'me-south-1']);
  });

  it('skips a region that refuses the credentials (a disabled region) and finishes the others', async () => {
    aws.ec2.on(GetEbsEncryptionByDefaultCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient as never)) === 'me-south-1') throw awsError('UnrecognizedClientException', 'The security token included in the request is invalid');
      return { EbsEncryptionByDefault: true };
    });
    aws.ec2.on(DescribeSecurityGroupsCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient as never)) === 'me-south-1') throw awsError('UnrecognizedClientException');
      return { SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'default', VpcId: 'vpc-1' }] };
    });
    aws.ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }, { RegionName: 'me-south-1', OptInStatus: 'opted-in' }] });
    const result = await scanAws(testOptions({ regions: ['eu-west-1', 'me-south-1'] }), testDeps());
    expect(result.resources.every((r) => r.provenance.region !== 'me-south-1')).toBe(true);
    expect(ofKind(result.resources, 'aws.ec2.security_group')).toHaveLength(1);
    expect(result.meta.accounts).toEqual([{ account: '111122223333', status: 'scanned', regions: ['eu-west-1'] }]);
    expect(result.problems.some((p) => p.message === 'region me-south-1 skipped: it is not enabled for this account')).toBe(true);
  });

  it('cuts off a region that does not answer in time; its results are unknown and the rest completes', async () => {
    aws.rds.on(DescribeDBInstancesCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient as never)) === 'us-east-1') return new Promise(() => undefined);
      return { DBInstances: [{ DBInstanceIdentifier: 'patients', DBInstanceArn: 'arn:aws:rds:eu-west-1:111122223333:db:patients', StorageEncrypted: true }] };
    });
    // aws-sdk-client-mock ignores the abort signal, so the hanging call is released by the region's deadline alone.
    const started = Date.now();
    const result = await Promise.race([
      scanAws(testOptions({ regions: ['eu-west-1', 'us-east-1'], regionTimeoutMs: 300 }), testDeps()),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000)),
    ]);
    expect(result).not.toBe('hung');
    if (result === 'hung') return;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ofKind(result.resources, 'aws.rds.db_instance').map((r) => r.name)).toEqual(['patients']);
    expect(result.problems).toContainEqual(expect.objectContaining({ severity: 'error', file: 'aws:111122223333/us-east-1', message: expect.stringContaining('did not finish within 0 s') }));
    // eu-west-1 finished long before: its clock stopped then, so it is not reported as cut off.
    expect(result.problems.filter((p) => p.message.includes('did not finish')).map((p) => p.file)).toEqual(['aws:111122223333/us-east-1']);
  });
});

describe('the AWS source: errors never crash and never pass silently', () => {
  it('turns AccessDenied into unknown attributes that name the denied IAM action, and counts it', async () => {
    aws.s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'clinic-phi' }] });
    aws.s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    aws.s3.on(GetBucketEncryptionCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    aws.s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404));
    const result = await scanAws(testOptions(), testDeps());
    const [bucket] = ofKind(result.resources, 'aws.s3.bucket');
    const encryption = bucket!.attributes.encryption;
    expect(isUnknown(encryption) && encryption.reason).toBe('access denied to s3:GetEncryptionConfiguration (AccessDenied)');
    expect(bucket!.attributes.public_access_block).toBeNull();
    expect(result.meta.apiErrors).toContainEqual({ service: 's3', operation: 'GetBucketEncryption', kind: 'denied', code: 'AccessDenied', count: 1 });
    expect(result.problems).toContainEqual({ severity: 'warning', file: 'aws', message: 'API errors: s3 GetBucketEncryption: denied AccessDenied × 1' });
  });

  it('reads each bucket through its own region: null is us-east-1, EU is eu-west-1', async () => {
    aws.s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'old-us' }, { Name: 'old-eu' }] });
    aws.s3.on(GetBucketLocationCommand, { Bucket: 'old-us' }).resolves({});
    aws.s3.on(GetBucketLocationCommand, { Bucket: 'old-eu' }).resolves({ LocationConstraint: 'EU' });
    const regions: Record<string, string> = {};
    aws.s3.on(GetBucketEncryptionCommand).callsFake(async (input: { Bucket: string }, getClient) => {
      regions[input.Bucket] = await regionOf(getClient as never);
      return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } };
    });
    const result = await scanAws(testOptions({ regions: ['eu-west-1', 'us-east-1'] }), testDeps());
    expect(regions).toEqual({ 'old-us': 'us-east-1', 'old-eu': 'eu-west-1' });
    expect(ofKind(result.resources, 'aws.s3.bucket').map((b) => [b.name, b.attributes.region, b.provenance.region]).sort()).toEqual([
      ['old-eu', 'eu-west-1', 'eu-west-1'],
      ['old-us', 'us-east-1', 'us-east-1'],
    ]);
  });

  it('skips a bucket deleted mid-scan, confirmed by HeadBucket, with a note', async () => {
    aws.s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'kept', BucketRegion: 'eu-west-1' }, { Name: 'gone', BucketRegion: 'eu-west-1' }] });
    aws.s3.on(GetPublicAccessBlockCommand, { Bucket: 'gone' }).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));
    aws.s3.on(HeadBucketCommand, { Bucket: 'gone' }).rejects(awsError('NotFound', 'Not Found', 404));
    const result = await scanAws(testOptions(), testDeps());
    expect(ofKind(result.resources, 'aws.s3.bucket').map((b) => b.name)).toEqual(['kept']);
    expect(result.problems).toContainEqual({ severity: 'warning', file: 'aws:111122223333/eu-west-1', message: 'S3 bucket gone was deleted during the scan and is skipped' });
  });

  it('stops with a message naming what was tried when the credentials are expired', async () => {
    aws.sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredToken', 'The security token included in the request is expired', 403));
    const scan = scanAws(testOptions({ profile: 'audit' }), testDeps());
    await expect(scan).rejects.toBeInstanceOf(AwsCredentialsError);
    await expect(scan).rejects.toThrow(/ExpiredToken.*tried: environment variables.*profile "audit"/);
  });

  it('stops with a message naming what was tried when there are no credentials at all', async () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const scan = scanAws(testOptions({ env: { AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' } }), testDeps({ credentials: async () => Promise.reject(missing) }));
    await expect(scan).rejects.toThrow('no AWS credentials could be loaded (Could not load credentials from any providers); tried: environment variables (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the shared config and credentials files (profile "default"), including SSO and credential_process, web identity (AWS_WEB_IDENTITY_TOKEN_FILE), the ECS container endpoint, EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)');
  });

  it('waits out ReportInProgress in the credential report cycle and then reads the report', async () => {
    aws.iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolvesOnce({ State: 'INPROGRESS' }).resolves({ State: 'COMPLETE' });
    aws.iam.on(GetCredentialReportCommand)
      .rejectsOnce(awsError('ReportInProgress', 'Report generation in progress', 404))
      .resolves({ Content: new TextEncoder().encode(CREDENTIAL_REPORT) });
    aws.iam.on(GetAccountAuthorizationDetailsCommand).resolves({ UserDetailList: [{ UserName: 'dana', Arn: 'arn:aws:iam::111122223333:user/dana' }] });
    const result = await scanAws(testOptions(), testDeps());
    const [user] = ofKind(result.resources, 'aws.iam.user');
    expect(user!.attributes).toMatchObject({ name: 'dana', console_access: true, mfa_enabled: false, password_last_used_days: 20 });
    const [root] = ofKind(result.resources, 'aws.iam.root_account');
    expect(root!.attributes).toMatchObject({ credentials_present: false, password_enabled: false });
    expect(aws.iam.commandCalls(GenerateCredentialReportCommand).length).toBeGreaterThanOrEqual(3);
    expect(aws.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(2);
  });

  it('follows pagination to the end and stops on a token that repeats', async () => {
    aws.ec2.on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'a' }], NextToken: 'p2' })
      .resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-2', GroupName: 'b' }], NextToken: 'p3' })
      .resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-3', GroupName: 'c' }] });
    const result = await scanAws(testOptions(), testDeps());
    expect(ofKind(result.resources, 'aws.ec2.security_group').map((g) => g.name)).toEqual(['a', 'b', 'c']);
    const tokens = aws.ec2.commandCalls(DescribeSecurityGroupsCommand).map((c) => c.args[0].input.NextToken);
    expect(tokens).toEqual([undefined, 'p2', 'p3']);

    aws.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-9', GroupName: 'loop' }], NextToken: 'same' });
    const looped = await scanAws(testOptions(), testDeps());
    expect(ofKind(looped.resources, 'aws.ec2.security_group').map((g) => g.name)).toEqual(['loop', 'loop']);
  });

  it('lists a failed listing call as an error, so missing resources never look compliant', async () => {
    aws.rds.on(DescribeDBInstancesCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: rds:DescribeDBInstances', 403));
    const result = await scanAws(testOptions(), testDeps());
    expect(result.problems).toContainEqual({
      severity: 'error',
      file: 'aws:111122223333/eu-west-1',
      message: 'RDS DB instances could not be listed, so no rule saw them: access denied to rds:DescribeDBInstances (AccessDenied)',
    });
  });
});

describe('the AWS source: many accounts', () => {
  const accountOf = (key: string) => ({ AKIDONE: '111111111111', AKIDTWO: '222222222222', AKIDBASE: '999999999999' })[key] ?? 'unknown';

  beforeEach(() => {
    aws.sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string; ExternalId?: string }) => {
      const account = input.RoleArn.split(':')[4];
      const key = account === '111111111111' ? 'AKIDONE' : 'AKIDTWO';
      return { Credentials: { AccessKeyId: key, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } };
    });
    aws.sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      const credentials = await (getClient().config as { credentials: () => Promise<{ accessKeyId: string }> }).credentials();
      const account = accountOf(credentials.accessKeyId);
      return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/VigilAudit/vigil-audit`, UserId: 'AROA' };
    });
  });

  it('assumes the role in each account with the external ID and tags every resource with its account', async () => {
    aws.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'default' }] });
    const result = await scanAws(
      testOptions({ roleArn: 'arn:aws:iam::{account}:role/VigilAudit', externalId: 'vigil-ext', accounts: ['111111111111', '222222222222'] }),
      testDeps({ credentials: async () => ({ accessKeyId: 'AKIDBASE', secretAccessKey: 'base' }) }),
    );
    const assumed = aws.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed.map((i) => i.RoleArn).sort()).toEqual(['arn:aws:iam::111111111111:role/VigilAudit', 'arn:aws:iam::222222222222:role/VigilAudit']);
    expect(assumed.every((i) => i.ExternalId === 'vigil-ext' && i.RoleSessionName === 'vigil-audit')).toBe(true);
    expect(result.meta.accounts.map((a) => [a.account, a.status])).toEqual([['111111111111', 'scanned'], ['222222222222', 'scanned']]);
    expect(ofKind(result.resources, 'aws.ec2.security_group').map((g) => g.provenance.source === 'aws' && g.provenance.account).sort()).toEqual(['111111111111', '222222222222']);
  });

  it('reads the accounts from Organizations, skipping suspended ones, and reports an account whose role cannot be assumed', async () => {
    aws.organizations.on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [{ Id: '111111111111', Status: 'ACTIVE' }, { Id: '333333333333', Status: 'SUSPENDED' }], NextToken: 'n' })
      .resolvesOnce({ Accounts: [{ Id: '222222222222', Status: 'ACTIVE' }] });
    aws.sts.on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::222222222222:role/VigilAudit' }).rejects(awsError('AccessDenied', 'not authorized to perform sts:AssumeRole', 403));
    const result = await scanAws(testOptions({ roleArn: 'arn:aws:iam::{account}:role/VigilAudit', organization: true }), testDeps());
    expect(result.meta.accounts.map((a) => [a.account, a.status])).toEqual([['111111111111', 'scanned'], ['222222222222', 'failed']]);
    // Told once, by the call that failed: AssumeRole, not the GetCallerIdentity that needed its credentials.
    expect(result.problems.find((p) => p.file === 'aws:222222222222')?.message).toBe(
      'account 222222222222 was not scanned: sts:AssumeRole into arn:aws:iam::222222222222:role/VigilAudit failed: access denied to sts:AssumeRole (AccessDenied)',
    );
    expect(result.meta.apiErrors.map((e) => `${e.service} ${e.operation} ${e.code}`)).toEqual(['sts AssumeRole AccessDenied']);
    expect(result.problems.filter((p) => /GetCallerIdentity|API errors/.test(p.message))).toEqual([]);
    // Nothing of the account was seen: its kinds are not inventoried, in every region.
    expect(result.notInventoried).toContainEqual(expect.objectContaining({ account: '222222222222', region: '*', kinds: expect.arrayContaining(['aws.s3.bucket', 'aws.iam.user']) }));
  });

  it('never ends a scan that saw nothing as if it were complete: no active account, no region, no account read', async () => {
    aws.organizations.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '333333333333', Status: 'SUSPENDED' }] });
    await expect(scanAws(testOptions({ roleArn: 'arn:aws:iam::{account}:role/VigilAudit', organization: true }), testDeps()))
      .rejects.toThrow(new AwsOptionsError('--organization: ListAccounts named 1 account(s) and none is ACTIVE, so there is nothing to scan'));
    await expect(scanAws(testOptions({ regions: ['ap-east-9'] }), testDeps()))
      .rejects.toThrow(/^no AWS account was scanned: account \d{12}: no region to scan \(ap-east-9: not a region of this partition\)$/);
    aws.sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 'not authorized to perform sts:AssumeRole', 403));
    await expect(scanAws(testOptions({ roleArn: 'arn:aws:iam::{account}:role/VigilAudit', accounts: ['111111111111', '222222222222'] }), testDeps()))
      .rejects.toThrow(/^no AWS account was scanned: account 111111111111: sts:AssumeRole into arn:aws:iam::111111111111:role\/VigilAudit failed: access denied to sts:AssumeRole \(AccessDenied\); account 222222222222: /);
  });

  it('refuses --accounts without a role to assume', async () => {
    await expect(scanAws(testOptions({ accounts: ['111111111111'] }), testDeps())).rejects.toBeInstanceOf(AwsOptionsError);
  });
});

describe('the AWS source: the Config aggregator path', () => {
  it('builds the inventory of every account and region from SelectAggregateResourceConfig, page by page', async () => {
    const item = (o: object) => JSON.stringify(o);
    // Every type's query gets the same two pages (an answer holding other types, as an emulator may give); each keeps its own.
    const firstPage = {
        Results: [
          item({ resourceId: 'sg-0b2', resourceName: 'db-admin', resourceType: 'AWS::EC2::SecurityGroup', accountId: '111111111111', awsRegion: 'eu-central-1', arn: 'arn:aws:ec2:eu-central-1:111111111111:security-group/sg-0b2', configurationItemCaptureTime: '2026-11-21T22:10:00.000Z',
            configuration: { groupId: 'sg-0b2', groupName: 'db-admin', vpcId: 'vpc-9', ipPermissions: [{ ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [] }], ipPermissionsEgress: [] } }),
          item({ resourceId: 'key-1', resourceType: 'AWS::KMS::Key', accountId: '222222222222', awsRegion: 'us-east-1', arn: 'arn:aws:kms:us-east-1:222222222222:key/key-1', configuration: { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyState: 'Enabled', origin: 'AWS_KMS', keyUsage: 'ENCRYPT_DECRYPT' } }),
        ],
        NextToken: 'page-2',
      };
    const secondPage = {
        Results: [
          item({ resourceId: 'clinic-phi', resourceName: 'clinic-phi', resourceType: 'AWS::S3::Bucket', accountId: '222222222222', awsRegion: 'us-east-1', arn: 'arn:aws:s3:::clinic-phi',
            configuration: { name: 'clinic-phi' },
            supplementaryConfiguration: {
              ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: 'arn:aws:kms:us-east-1:222222222222:key/key-1' }, bucketKeyEnabled: true }] },
              PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
              BucketVersioningConfiguration: { status: 'Enabled' },
            } }),
          item({ resourceId: 'db-1', resourceName: 'reporting', resourceType: 'AWS::RDS::DBInstance', accountId: '111111111111', awsRegion: 'eu-central-1', arn: 'arn:aws:rds:eu-central-1:111111111111:db:reporting',
            configuration: { dBInstanceIdentifier: 'reporting', engine: 'mysql', storageEncrypted: false, publiclyAccessible: true, multiAZ: false, backupRetentionPeriod: 0 } }),
        ],
      };
    aws.config.on(SelectAggregateResourceConfigCommand).callsFake((input: { NextToken?: string }) => (input.NextToken === 'page-2' ? secondPage : firstPage));
    aws.config.on(DescribeAggregateComplianceByConfigRulesCommand).resolves({
      AggregateComplianceByConfigRules: [
        { ConfigRuleName: 's3-bucket-ssl-requests-only', AccountId: '222222222222', AwsRegion: 'us-east-1', Compliance: { ComplianceType: 'NON_COMPLIANT' } },
        { ConfigRuleName: 'restricted-ssh', AccountId: '111111111111', AwsRegion: 'eu-central-1', Compliance: { ComplianceType: 'COMPLIANT' } },
      ],
    });
    const result = await scanAws(testOptions({ configAggregator: 'org-aggregator', regions: undefined }), testDeps());
    expect(result.meta.configRules).toEqual([
      { rule: 'restricted-ssh', account: '111111111111', region: 'eu-central-1', compliance: 'COMPLIANT', managedRule: 'restricted-ssh' },
      { rule: 's3-bucket-ssl-requests-only', account: '222222222222', region: 'us-east-1', compliance: 'NON_COMPLIANT', managedRule: 's3-bucket-ssl-requests-only' },
    ]);
    // One query per Config resource type, each followed to its last page.
    const calls = aws.config.commandCalls(SelectAggregateResourceConfigCommand).map((c) => [/resourceType = '([^']+)'/.exec(c.args[0].input.Expression ?? '')?.[1], c.args[0].input.NextToken]);
    expect(calls).toEqual(['AWS::EC2::SecurityGroup', 'AWS::S3::Bucket', 'AWS::RDS::DBInstance', 'AWS::EC2::Volume', 'AWS::KMS::Key'].flatMap((type) => [[type, undefined], [type, 'page-2']]));
    expect(result.resources).toHaveLength(4);
    expect(aws.config.commandCalls(SelectAggregateResourceConfigCommand)[0]!.args[0].input.ConfigurationAggregatorName).toBe('org-aggregator');
    expect(result.meta.mode).toBe('config-aggregator');
    expect(result.meta.accounts.map((a) => [a.account, a.regions])).toEqual([['111111111111', ['eu-central-1']], ['222222222222', ['us-east-1']]]);
    const bucket = ofKind(result.resources, 'aws.s3.bucket')[0]!;
    expect(bucket.attributes.encryption).toEqual({ sse_algorithm: 'aws:kms', kms_key_id: 'arn:aws:kms:us-east-1:222222222222:key/key-1', bucket_key_enabled: true, customer_managed_key: true, configured: true });
    expect(isUnknown(bucket.attributes.acl)).toBe(true);
    const group = ofKind(result.resources, 'aws.ec2.security_group')[0]!;
    expect((group.attributes.ingress as ValueObject[])[0]).toMatchObject({ protocol: 'tcp', from_port: 3389, to_port: 3389, cidr_blocks: ['0.0.0.0/0'] });
    expect(group.provenance).toMatchObject({ account: '111111111111', region: 'eu-central-1' });
    expect(group.provenance.source === 'aws' && group.provenance.calls[0]).toEqual({ service: 'config', operation: 'ConfigurationItem', at: '2026-11-21T22:10:00.000Z' });
    expect(ofKind(result.resources, 'aws.rds.db_instance')[0]!.attributes).toMatchObject({ storage_encrypted: false, publicly_accessible: true });
    // No per-account role and no service call beyond the aggregator's.
    expect(aws.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(aws.ec2.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(0);
  });

  it('makes a Config resource type whose aggregator query fails not inventoried, and reads the other types (aws-sdk-client-mock: moto does not implement SelectAggregateResourceConfig)', async () => {
    const item = (o: object) => JSON.stringify(o);
    aws.config.on(SelectAggregateResourceConfigCommand).callsFake((input: { Expression?: string }) => {
      if (input.Expression?.includes("'AWS::RDS::DBInstance'")) throw awsError('ThrottlingException', 'Rate exceeded', 400);
      return { Results: [item({ resourceId: 'sg-1', resourceName: 'web', resourceType: 'AWS::EC2::SecurityGroup', accountId: '444444444444', awsRegion: 'eu-west-1', arn: 'arn:aws:ec2:eu-west-1:444444444444:security-group/sg-1', configuration: { groupId: 'sg-1', groupName: 'web', ipPermissions: [], ipPermissionsEgress: [] } })] };
    });
    aws.config.on(DescribeAggregateComplianceByConfigRulesCommand).resolves({ AggregateComplianceByConfigRules: [] });
    const result = await scanAws(testOptions({ configAggregator: 'org-aggregator', regions: undefined }), testDeps());
    expect(ofKind(result.resources, 'aws.ec2.security_group').map((r) => r.name)).toEqual(['web']);
    const reason = 'config:SelectAggregateResourceConfig was still throttled after the SDK\'s retries (ThrottlingException)';
    // The caller's account and every account the aggregator showed: the RDS instances are not inventoried in any region.
    expect(result.notInventoried.map((g) => [g.account, g.region, g.kinds, g.reason])).toEqual([
      ['111122223333', '*', ['aws.rds.db_instance'], reason],
      ['444444444444', '*', ['aws.rds.db_instance'], reason],
    ]);
    expect(result.problems).toContainEqual({ severity: 'error', file: 'aws:config-aggregator/org-aggregator', message: `AWS::RDS::DBInstance from the Config aggregator org-aggregator could not be listed, so no rule saw them: ${reason}` });
    // Said once: not repeated in the API error summary.
    expect(result.problems.filter((p) => p.message.startsWith('API errors:') && p.message.includes('SelectAggregateResourceConfig'))).toEqual([]);
  });

  it('counts the types the aggregator holds that its path does not read as blind spots (aws-sdk-client-mock: moto does not implement GetAggregateDiscoveredResourceCounts)', async () => {
    aws.config.on(SelectAggregateResourceConfigCommand).resolves({ Results: [] });
    aws.config.on(GetAggregateDiscoveredResourceCountsCommand).resolves({
      GroupByKey: 'RESOURCE_TYPE',
      GroupedResourceCounts: [
        { GroupName: 'AWS::S3::Bucket', ResourceCount: 12 },
        { GroupName: 'AWS::AmazonMQ::Broker', ResourceCount: 3 },
        { GroupName: 'AWS::Athena::WorkGroup', ResourceCount: 0 },
      ],
      TotalDiscoveredResources: 15,
    });
    const result = await scanAws(testOptions({ configAggregator: 'org-aggregator', regions: undefined }), testDeps());
    expect(result.meta.notCollected).toEqual([{ account: '*', region: '*', type: 'AWS::AmazonMQ::Broker', count: 3, listedBy: 'aws-config-aggregator' }]);
    expect(aws.config.commandCalls(GetAggregateDiscoveredResourceCountsCommand)[0]!.args[0].input).toEqual({ ConfigurationAggregatorName: 'org-aggregator', GroupByKey: 'RESOURCE_TYPE' });
  });

  it('says the aggregator blind spots are not known when the count is denied (aws-sdk-client-mock)', async () => {
    aws.config.on(SelectAggregateResourceConfigCommand).resolves({ Results: [] });
    aws.config.on(GetAggregateDiscoveredResourceCountsCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const result = await scanAws(testOptions({ configAggregator: 'org-aggregator', regions: undefined }), testDeps());
    expect(result.meta.notCollected).toEqual([]);
    expect(result.problems).toContainEqual(expect.objectContaining({ severity: 'warning', file: 'aws:config-aggregator/org-aggregator', message: expect.stringContaining("the resources no collector reads could not be counted through the aggregator org-aggregator, so the tool's blind spots are not known: access denied to config:GetAggregateDiscoveredResourceCounts") }));
  });

  it('still refuses an aggregator no query of which can be read (exit 2 in the CLI)', async () => {
    aws.config.on(SelectAggregateResourceConfigCommand).rejects(awsError('NoSuchConfigurationAggregatorException', 'The configuration aggregator does not exist', 400));
    await expect(scanAws(testOptions({ configAggregator: 'org-aggregator' }), testDeps())).rejects.toThrow(/--config-aggregator org-aggregator: config:SelectAggregateResourceConfig failed: NoSuchConfigurationAggregatorException/);
  });

  it("survives an aggregator whose compliance call fails (moto answers HTTP 500 with an HTML page) as a counted error", async () => {
    aws.config.on(SelectAggregateResourceConfigCommand).resolves({ Results: [] });
    aws.config.on(DescribeAggregateComplianceByConfigRulesCommand).rejects(Object.assign(new Error('<!doctype html><title>500 Internal Server Error</title>'), { name: 'Error', $fault: 'server', $metadata: { httpStatusCode: 500 } }));
    const result = await scanAws(testOptions({ configAggregator: 'org-aggregator' }), testDeps());
    expect(result.meta.configRules).toEqual([]);
    expect(result.meta.apiErrors).toContainEqual({ service: 'config', operation: 'DescribeAggregateComplianceByConfigRules', kind: 'server', code: 'Error', count: 1 });
    expect(result.problems.find((p) => p.file === 'aws:config-aggregator/org-aggregator' && p.message.startsWith("the aggregator's Config rule compliance could not be read"))?.message)
      .toContain('config:DescribeAggregateComplianceByConfigRules failed: Error: <!doctype html>');
  });
});
