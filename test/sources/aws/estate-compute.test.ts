import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DescribeClusterCommand, ListClustersCommand, ListInstancesCommand } from '@aws-sdk/client-emr';
import { GetPolicyCommand, ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { scanAws } from '../../../src/sources/aws/index.js';

import { awsError, mockAws, testDeps, testOptions } from './mocks.js';

/**
 * What moto cannot answer for the compute collectors, through aws-sdk-client-mock: moto leaves
 * KMSKeyArn out of a Lambda function's configuration, and gives every EMR cluster a
 * KerberosAttributes object, configured or not. The live end-to-end test covers the rest.
 */

let aws: ReturnType<typeof mockAws>;
beforeEach(() => {
  aws = mockAws();
});
afterEach(() => aws.restore());

const FN = 'arn:aws:lambda:eu-west-1:111122223333:function:';

describe('compute collectors on answers moto cannot give (aws-sdk-client-mock)', () => {
  it('reads a Lambda function\'s KMSKeyArn as a customer-managed key, and an alias under alias/aws/ as not (moto omits KMSKeyArn)', async () => {
    aws.lambda.on(ListFunctionsCommand).resolves({
      Functions: [
        { FunctionName: 'intake', FunctionArn: `${FN}intake`, Runtime: 'python3.12', KMSKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', Environment: { Variables: { TABLE: 'patients' } } },
        { FunctionName: 'export', FunctionArn: `${FN}export`, Runtime: 'python3.12', KMSKeyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/aws/lambda', Environment: { Variables: { TABLE: 'x' } } },
      ],
    });
    aws.lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404));
    aws.lambda.on(ListTagsCommand).resolves({ Tags: {} });
    const result = await scanAws(testOptions(), testDeps());
    const fn = (name: string) => result.resources.find((r) => r.kind === 'aws.lambda.function' && r.name === name)!.attributes;
    expect(fn('intake')).toMatchObject({ customer_managed_key: true, environment_variable_names: ['TABLE'], policy: { exists: false, public: false } });
    expect(fn('export')).toMatchObject({ customer_managed_key: false });
  });

  it('reads an EMR cluster without KerberosAttributes as not using Kerberos, and a master with a public IP (moto answers an empty object for both clusters)', async () => {
    aws.emr.on(ListClustersCommand).resolves({ Clusters: [{ Id: 'j-1', Name: 'adhoc', ClusterArn: 'arn:aws:elasticmapreduce:eu-west-1:111122223333:cluster/j-1' }] });
    aws.emr.on(DescribeClusterCommand).resolves({ Cluster: { Id: 'j-1', Name: 'adhoc', InstanceCollectionType: 'INSTANCE_GROUP' } });
    aws.emr.on(ListInstancesCommand).resolves({ Instances: [{ Id: 'ci-1', PublicIpAddress: '203.0.113.10' }] });
    const result = await scanAws(testOptions(), testDeps());
    const cluster = result.resources.find((r) => r.kind === 'aws.emr.cluster')!;
    expect(cluster.attributes).toMatchObject({ kerberos_enabled: false, master_public_ip: true });
  });

  it('keeps the secrets of a region whose listing is denied not inventoried, with the reason', async () => {
    aws.secretsmanager.on(ListSecretsCommand).rejects(awsError('AccessDeniedException', 'not authorized', 400));
    const result = await scanAws(testOptions(), testDeps());
    expect(result.resources.filter((r) => r.kind === 'aws.secretsmanager.secret')).toEqual([]);
    const gap = result.notInventoried.find((g) => g.kinds.includes('aws.secretsmanager.secret'))!;
    expect(gap).toMatchObject({ account: '111122223333', region: 'eu-west-1' });
    expect(gap.reason).toContain('secretsmanager:ListSecrets');
  });
});
