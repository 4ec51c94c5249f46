import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DescribeAutoScalingGroupsCommand, DescribeLaunchConfigurationsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { join } from 'node:path';
import { loadCatalogue } from '../../../src/engine/catalogue.js';
import { evaluateNotInventoried, type Result } from '../../../src/engine/evaluate.js';
import { isUnknown } from '../../../src/model/value.js';
import { scanAws } from '../../../src/sources/aws/index.js';
import { mockAws, testDeps, testOptions } from './mocks.js';

/**
 * What moto 5.2.1 cannot answer for the collectors of test/cli/aws-estate-live.e2e.test.ts, through
 * aws-sdk-client-mock: a launch configuration that leaves AssociatePublicIpAddress out (moto answers
 * false), so the subnets of the groups that launch from it decide, and listings AWS denies.
 */

const RULES = join(import.meta.dirname, '..', '..', '..', 'rules');
let aws: ReturnType<typeof mockAws>;
beforeEach(() => {
  aws = mockAws();
});
afterEach(() => aws.restore());

const find = (result: Awaited<ReturnType<typeof scanAws>>, kind: string, name: string) => result.resources.find((r) => r.kind === kind && r.name === name && r.provenance.source === 'aws' && r.provenance.region === 'eu-west-1')!.attributes;
const denied = () => Object.assign(new Error('not authorised'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });

describe('alarm, scaling and table-scaling collectors on answers moto cannot give (aws-sdk-client-mock)', () => {
  it('takes a launch configuration\'s public address from its groups\' subnets when AssociatePublicIpAddress is left out (moto answers false instead)', async () => {
    const lc = (name: string) => ({ LaunchConfigurationName: name, LaunchConfigurationARN: `arn:aws:autoscaling:eu-west-1:111122223333:launchConfiguration:1:launchConfigurationName/${name}`, ImageId: 'ami-1', InstanceType: 't3.micro' });
    aws.autoscaling.on(DescribeLaunchConfigurationsCommand).resolves({ LaunchConfigurations: [lc('in-public'), lc('in-private'), lc('in-default'), lc('unused')] });
    aws.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        { AutoScalingGroupName: 'public', LaunchConfigurationName: 'in-public', VPCZoneIdentifier: 'subnet-private,subnet-public', MinSize: 0, MaxSize: 1, DesiredCapacity: 0, AvailabilityZones: ['eu-west-1a'], HealthCheckType: 'EC2', CreatedTime: new Date() },
        { AutoScalingGroupName: 'private', LaunchConfigurationName: 'in-private', VPCZoneIdentifier: 'subnet-private', MinSize: 0, MaxSize: 1, DesiredCapacity: 0, AvailabilityZones: ['eu-west-1a'], HealthCheckType: 'EC2', CreatedTime: new Date() },
        // No VPCZoneIdentifier: the default subnets of its zones.
        { AutoScalingGroupName: 'default', LaunchConfigurationName: 'in-default', MinSize: 0, MaxSize: 1, DesiredCapacity: 0, AvailabilityZones: ['eu-west-1b'], HealthCheckType: 'EC2', CreatedTime: new Date() },
      ],
    });
    aws.ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: 'subnet-private', AvailabilityZone: 'eu-west-1a', MapPublicIpOnLaunch: false, DefaultForAz: false },
        { SubnetId: 'subnet-public', AvailabilityZone: 'eu-west-1a', MapPublicIpOnLaunch: true, DefaultForAz: false },
        { SubnetId: 'subnet-default-b', AvailabilityZone: 'eu-west-1b', MapPublicIpOnLaunch: true, DefaultForAz: true },
      ],
    });
    const result = await scanAws(testOptions(), testDeps());
    expect(find(result, 'aws.ec2.instance', 'in-public')).toMatchObject({ public_ip: true, launched_by: 'launch_configuration', http_tokens: 'optional' });
    expect(find(result, 'aws.ec2.instance', 'in-private')).toMatchObject({ public_ip: false });
    expect(find(result, 'aws.ec2.instance', 'in-default')).toMatchObject({ public_ip: true });
    const unused = find(result, 'aws.ec2.instance', 'unused').public_ip;
    expect(isUnknown(unused) && unused.reason).toMatch(/no Auto Scaling group launches from unused/);
    // The AMI's root volume, which no mapping describes, is taken as written: unencrypted.
    expect(find(result, 'aws.ec2.instance', 'in-private').block_devices).toEqual([{ device_name: 'root', encrypted: false, kms_key_id: null }]);
  });

  it('a denied DescribeAutoScalingGroups leaves the groups not inventoried and a left-out public address unknown, never a pass', async () => {
    aws.autoscaling.on(DescribeAutoScalingGroupsCommand).rejects(denied());
    aws.autoscaling.on(DescribeLaunchConfigurationsCommand).resolves({ LaunchConfigurations: [{ LaunchConfigurationName: 'web', ImageId: 'ami-1', InstanceType: 't3.micro' }] });
    const result = await scanAws(testOptions(), testDeps());
    expect(result.notInventoried.some((g) => g.kinds.includes('aws.autoscaling.group') && g.region === 'eu-west-1')).toBe(true);
    const publicIp = find(result, 'aws.ec2.instance', 'web').public_ip;
    expect(isUnknown(publicIp) && publicIp.reason).toMatch(/access denied to autoscaling:DescribeAutoScalingGroups/);
  });

  it('a denied DescribeLaunchConfigurations leaves only the launch configurations not inventoried: the instances DescribeInstances read are still judged', async () => {
    aws.autoscaling.on(DescribeLaunchConfigurationsCommand).rejects(denied());
    aws.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    aws.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0abc', InstanceType: 't3.micro', State: { Name: 'running' }, MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' } }] }] });
    const result = await scanAws(testOptions(), testDeps());
    const gaps = result.notInventoried.filter((g) => g.region === 'eu-west-1' && g.kinds.includes('aws.ec2.instance'));
    expect(gaps).toMatchObject([{ what: 'launch configurations', partial: { 'aws.ec2.instance': { attribute: 'launched_by', value: 'launch_configuration' } } }]);
    expect(find(result, 'aws.ec2.instance', 'i-0abc')).toMatchObject({ launched_by: 'instance', http_tokens: 'required' });
    const results: Result[] = [];
    evaluateNotInventoried((await loadCatalogue([RULES])).rules, result.notInventoried, {}, (r) => results.push(r));
    const scopes = new Set(results.filter((r) => r.resource.kind === 'aws.ec2.instance').map((r) => r.resource.id));
    expect([...scopes]).toEqual(['not-inventoried:111122223333/eu-west-1/aws.ec2.instance/launched_by=launch_configuration']);
  });

  it('a denied DescribeScalableTargets makes a provisioned table\'s auto scaling unknown; an on-demand table is not asked', async () => {
    aws.dynamodb.on(ListTablesCommand).resolves({ TableNames: ['fixed', 'on-demand'] });
    aws.dynamodb.on(DescribeTableCommand, { TableName: 'fixed' }).resolves({ Table: { TableName: 'fixed', TableArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/fixed', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } } });
    aws.dynamodb.on(DescribeTableCommand, { TableName: 'on-demand' }).resolves({ Table: { TableName: 'on-demand', TableArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/on-demand', BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' } } });
    aws.applicationautoscaling.on(DescribeScalableTargetsCommand).rejects(denied());
    const result = await scanAws(testOptions(), testDeps());
    const fixed = find(result, 'aws.dynamodb.table', 'fixed');
    expect(isUnknown(fixed.read_autoscaling) && fixed.read_autoscaling.reason).toMatch(/access denied to application-autoscaling:DescribeScalableTargets/);
    expect(isUnknown(fixed.write_autoscaling)).toBe(true);
    expect(find(result, 'aws.dynamodb.table', 'on-demand')).toMatchObject({ billing_mode: 'PAY_PER_REQUEST', read_autoscaling: false, write_autoscaling: false });
  });
});
