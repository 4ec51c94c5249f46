import { CreateSecurityGroupCommand, AuthorizeSecurityGroupIngressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketPolicyCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ConfigServiceClient, PutConfigRuleCommand } from '@aws-sdk/client-config-service';
import type { Moto } from './moto.js';

/**
 * One realistic account in two regions, half compliant and half not, seeded through the SDK:
 * eu-west-1 holds the compliant side (private SSH, KMS-encrypted bucket with Block Public Access,
 * an encrypted private database), us-east-1 the non-compliant one.
 */

export const SEEDED = {
  openSsh: 'legacy-bastion',
  privateSsh: 'app-admin',
  goodBucket: 'clinic-phi-records',
  badBucket: 'clinic-exports-legacy',
  goodDb: 'patients',
  badDb: 'reporting-public',
  configRule: 'restricted-ssh',
} as const;

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export async function seedAccount(moto: Moto): Promise<void> {
  const common = { endpoint: moto.endpoint, credentials };
  for (const [region, name, cidr] of [['eu-west-1', SEEDED.privateSsh, '10.0.0.0/8'], ['us-east-1', SEEDED.openSsh, '0.0.0.0/0']] as const) {
    const ec2 = new EC2Client({ ...common, region });
    const group = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: `${name} access` }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: group.GroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: cidr, Description: 'ssh' }] }],
    }));
  }

  const kms = new KMSClient({ ...common, region: 'eu-west-1' });
  const key = await kms.send(new CreateKeyCommand({ Description: 'PHI records' }));
  const euS3 = new S3Client({ ...common, region: 'eu-west-1', forcePathStyle: true });
  await euS3.send(new CreateBucketCommand({ Bucket: SEEDED.goodBucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  await euS3.send(new PutBucketEncryptionCommand({
    Bucket: SEEDED.goodBucket,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.KeyMetadata!.Arn }, BucketKeyEnabled: true }] },
  }));
  await euS3.send(new PutPublicAccessBlockCommand({
    Bucket: SEEDED.goodBucket,
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
  }));
  const usS3 = new S3Client({ ...common, region: 'us-east-1', forcePathStyle: true });
  await usS3.send(new CreateBucketCommand({ Bucket: SEEDED.badBucket }));
  // Anyone may read the exports: moto's policy status answers without IsPublic (real AWS says true).
  await usS3.send(new PutBucketPolicyCommand({
    Bucket: SEEDED.badBucket,
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${SEEDED.badBucket}/*` }] }),
  }));

  const euRds = new RDSClient({ ...common, region: 'eu-west-1' });
  await euRds.send(new CreateDBInstanceCommand({
    DBInstanceIdentifier: SEEDED.goodDb, Engine: 'postgres', DBInstanceClass: 'db.t3.medium', AllocatedStorage: 20,
    MasterUsername: 'admin_user', MasterUserPassword: 'not-a-real-secret-1', StorageEncrypted: true, PubliclyAccessible: false,
  }));
  // A deployed AWS managed Config rule: moto lists it, but answers its compliance calls with HTTP 500.
  const config = new ConfigServiceClient({ ...common, region: 'eu-west-1' });
  await config.send(new PutConfigRuleCommand({
    ConfigRule: { ConfigRuleName: SEEDED.configRule, Source: { Owner: 'AWS', SourceIdentifier: 'INCOMING_SSH_DISABLED' }, Scope: { ComplianceResourceTypes: ['AWS::EC2::SecurityGroup'] } },
  }));

  const usRds = new RDSClient({ ...common, region: 'us-east-1' });
  await usRds.send(new CreateDBInstanceCommand({
    DBInstanceIdentifier: SEEDED.badDb, Engine: 'mysql', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20,
    MasterUsername: 'admin_user', MasterUserPassword: 'not-a-real-secret-2', StorageEncrypted: false, PubliclyAccessible: true,
  }));
}
