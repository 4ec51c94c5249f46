import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GetDistributionConfigCommand, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { DescribeReplicationInstancesCommand } from '@aws-sdk/client-database-migration-service';
import { DescribeConfigurationSettingsCommand, DescribeEnvironmentsCommand } from '@aws-sdk/client-elastic-beanstalk';
import { scanAws } from '../../../src/sources/aws/index.js';

import { mockAws, testDeps, testOptions } from './mocks.js';

/**
 * What moto 5.2.1 cannot answer for the collectors covered by test/cli/aws-estate-gaps.e2e.test.ts,
 * through aws-sdk-client-mock: a DMS replication instance listing the SDK can parse, Elastic
 * Beanstalk's DescribeConfigurationSettings, and a CloudFront S3 origin's access identity or control.
 */

let aws: ReturnType<typeof mockAws>;
beforeEach(() => {
  aws = mockAws();
});
afterEach(() => aws.restore());

const find = (result: Awaited<ReturnType<typeof scanAws>>, kind: string, name: string) => result.resources.find((r) => r.kind === kind && r.name === name)!.attributes;

describe('estate-gap collectors on answers moto cannot give (aws-sdk-client-mock)', () => {
  it('reads DMS replication instances public and private (moto answers DescribeReplicationInstances with an unparseable creation time)', async () => {
    aws.dms.on(DescribeReplicationInstancesCommand).resolves({
      ReplicationInstances: [
        { ReplicationInstanceIdentifier: 'migrate-private', ReplicationInstanceArn: 'arn:aws:dms:eu-west-1:111122223333:rep:PRIVATE', PubliclyAccessible: false },
        { ReplicationInstanceIdentifier: 'migrate-public', ReplicationInstanceArn: 'arn:aws:dms:eu-west-1:111122223333:rep:PUBLIC', PubliclyAccessible: true },
      ],
    });
    const result = await scanAws(testOptions(), testDeps());
    expect(find(result, 'aws.dms.replication_instance', 'migrate-private')).toMatchObject({ publicly_accessible: false });
    expect(find(result, 'aws.dms.replication_instance', 'migrate-public')).toMatchObject({ publicly_accessible: true });
  });

  it('reads Elastic Beanstalk managed platform updates on, off and absent (moto does not implement DescribeConfigurationSettings)', async () => {
    aws.elasticbeanstalk.on(DescribeEnvironmentsCommand).resolves({
      Environments: [
        { ApplicationName: 'portal', EnvironmentName: 'portal-managed', EnvironmentArn: 'arn:aws:elasticbeanstalk:eu-west-1:111122223333:environment/portal/portal-managed' },
        { ApplicationName: 'portal', EnvironmentName: 'portal-off', EnvironmentArn: 'arn:aws:elasticbeanstalk:eu-west-1:111122223333:environment/portal/portal-off' },
        { ApplicationName: 'portal', EnvironmentName: 'portal-default', EnvironmentArn: 'arn:aws:elasticbeanstalk:eu-west-1:111122223333:environment/portal/portal-default' },
      ],
    });
    const settings = (value: string | undefined) => ({
      ConfigurationSettings: [{
        OptionSettings: [
          ...(value === undefined ? [] : [{ Namespace: 'aws:elasticbeanstalk:managedactions', OptionName: 'ManagedActionsEnabled', Value: value }]),
          { Namespace: 'aws:elasticbeanstalk:managedactions:platformupdate', OptionName: 'UpdateLevel', Value: 'minor' },
        ],
      }],
    });
    aws.elasticbeanstalk.on(DescribeConfigurationSettingsCommand, { EnvironmentName: 'portal-managed' }).resolves(settings('true'));
    aws.elasticbeanstalk.on(DescribeConfigurationSettingsCommand, { EnvironmentName: 'portal-off' }).resolves(settings('false'));
    aws.elasticbeanstalk.on(DescribeConfigurationSettingsCommand, { EnvironmentName: 'portal-default' }).resolves(settings(undefined));
    const result = await scanAws(testOptions(), testDeps());
    expect(find(result, 'aws.elasticbeanstalk.environment', 'portal-managed')).toMatchObject({ managed_actions_enabled: true, update_level: 'minor' });
    expect(find(result, 'aws.elasticbeanstalk.environment', 'portal-off')).toMatchObject({ managed_actions_enabled: false });
    expect(find(result, 'aws.elasticbeanstalk.environment', 'portal-default')).toMatchObject({ managed_actions_enabled: false });
  });

  it('reads a CloudFront S3 origin\'s access identity and access control (moto does not echo either back)', async () => {
    aws.cloudfront.on(ListDistributionsCommand).resolves({
      DistributionList: { Quantity: 1, IsTruncated: false, Items: [{ Id: 'E1', ARN: 'arn:aws:cloudfront::111122223333:distribution/E1', DomainName: 'd1.cloudfront.net' } as never] },
    });
    aws.cloudfront.on(GetDistributionConfigCommand).resolves({
      DistributionConfig: {
        CallerReference: 'x', Comment: '', Enabled: true,
        Origins: {
          Quantity: 3,
          Items: [
            { Id: 'oai', DomainName: 'records.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: 'origin-access-identity/cloudfront/E1EXAMPLE' } },
            { Id: 'oac', DomainName: 'images.s3.eu-west-1.amazonaws.com', OriginAccessControlId: 'E2OAC', S3OriginConfig: { OriginAccessIdentity: '' } },
            { Id: 'open', DomainName: 'public.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } },
          ],
        },
        DefaultCacheBehavior: { TargetOriginId: 'oai', ViewerProtocolPolicy: 'https-only' },
      },
    });
    const result = await scanAws(testOptions(), testDeps());
    expect(find(result, 'aws.cloudfront.distribution', 'd1.cloudfront.net').s3_origins).toEqual([
      { id: 'oai', domain_name: 'records.s3.amazonaws.com', origin_access_control_id: null, origin_access_identity: 'origin-access-identity/cloudfront/E1EXAMPLE' },
      { id: 'oac', domain_name: 'images.s3.eu-west-1.amazonaws.com', origin_access_control_id: 'E2OAC', origin_access_identity: null },
      { id: 'open', domain_name: 'public.s3.amazonaws.com', origin_access_control_id: null, origin_access_identity: null },
    ]);
  });
});
