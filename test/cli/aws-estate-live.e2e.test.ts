import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { AutoScalingClient, CreateAutoScalingGroupCommand, CreateLaunchConfigurationCommand } from '@aws-sdk/client-auto-scaling';
import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client, ModifySubnetAttributeCommand } from '@aws-sdk/client-ec2';
import { CreateTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { motoEnv, startMoto, type Moto } from '../sources/aws/moto.js';

/**
 * The live collectors that made Terraform-only rules judge live accounts too, through the real CLI
 * against moto on 127.0.0.1: CloudWatch metric alarms, Auto Scaling groups, launch configurations
 * (judged as the instances they launch) and DynamoDB tables' Application Auto Scaling targets,
 * each seeded with a compliant and a non-compliant side.
 */

let moto: Moto;
let scratch: string;
let env: Record<string, string>;
const region = 'eu-west-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** A seeding call that fails names itself, so a gap of the emulator is plain. */
async function step<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw new Error(`seeding ${what}: ${(error as Error).message}`);
  }
}

async function seed(endpoint: string): Promise<void> {
  const common = { endpoint, region, credentials };

  const cloudwatch = new CloudWatchClient(common);
  const alarm = { ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1, MetricName: 'RootLogin', Namespace: 'Security', Period: 300, Statistic: 'Sum', Threshold: 1 } as const;
  await step('PutMetricAlarm paged', cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: 'root-login-paged', AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:security'] })));
  await step('PutMetricAlarm silent', cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: 'root-login-silent' })));
  await step('PutMetricAlarm muted', cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: 'root-login-muted', ActionsEnabled: false, AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:security'] })));

  const ec2 = new EC2Client(common);
  const vpc = await step('CreateVpc', ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' })));
  const vpcId = vpc.Vpc!.VpcId!;
  const privateSubnet = await step('CreateSubnet private', ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24', AvailabilityZone: `${region}a` })));
  const publicSubnet = await step('CreateSubnet public', ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.2.0/24', AvailabilityZone: `${region}b` })));
  await step('ModifySubnetAttribute', ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicSubnet.Subnet!.SubnetId!, MapPublicIpOnLaunch: { Value: true } })));
  const created = await step('CreateTargetGroup', new ElasticLoadBalancingV2Client(common).send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId })));
  const targetGroup = created.TargetGroups![0]!.TargetGroupArn!;

  const autoscaling = new AutoScalingClient(common);
  const image = { ImageId: 'ami-12c6146b', InstanceType: 't3.micro' } as const;
  await step('CreateLaunchConfiguration private', autoscaling.send(new CreateLaunchConfigurationCommand({
    ...image, LaunchConfigurationName: 'web-private', AssociatePublicIpAddress: false, IamInstanceProfile: 'web',
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, Encrypted: true } }],
  })));
  await step('CreateLaunchConfiguration public', autoscaling.send(new CreateLaunchConfigurationCommand({ ...image, LaunchConfigurationName: 'web-public', AssociatePublicIpAddress: true })));
  const groups = [
    ['web-elb-checked', 'ELB', [targetGroup], 'web-private', privateSubnet.Subnet!.SubnetId!],
    ['web-ec2-checked', 'EC2', [targetGroup], 'web-public', publicSubnet.Subnet!.SubnetId!],
    ['batch-unbalanced', 'EC2', [], 'web-private', privateSubnet.Subnet!.SubnetId!],
  ] as const;
  for (const [name, HealthCheckType, TargetGroupARNs, LaunchConfigurationName, subnet] of groups) {
    await step(`CreateAutoScalingGroup ${name}`, autoscaling.send(new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name, LaunchConfigurationName, MinSize: 0, MaxSize: 1, DesiredCapacity: 0,
      VPCZoneIdentifier: subnet, HealthCheckType, TargetGroupARNs: [...TargetGroupARNs],
    })));
  }

  const dynamodb = new DynamoDBClient(common);
  const keys = { AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] } as const;
  for (const name of ['orders-scaled', 'orders-reads-only', 'orders-fixed']) {
    await step(`CreateTable ${name}`, dynamodb.send(new CreateTableCommand({ ...keys, TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } })));
  }
  await step('CreateTable on demand', dynamodb.send(new CreateTableCommand({ ...keys, TableName: 'orders-on-demand', BillingMode: 'PAY_PER_REQUEST' })));
  const scaling = new ApplicationAutoScalingClient(common);
  for (const [table, dimension] of [['orders-scaled', 'Read'], ['orders-scaled', 'Write'], ['orders-reads-only', 'Read']] as const) {
    await step(`RegisterScalableTarget ${table} ${dimension}`, scaling.send(new RegisterScalableTargetCommand({
      ServiceNamespace: 'dynamodb', ResourceId: `table/${table}`, ScalableDimension: `dynamodb:table:${dimension}CapacityUnits`, MinCapacity: 5, MaxCapacity: 100,
    })));
  }
}

beforeAll(async () => {
  moto = await startMoto();
  await seed(moto.endpoint);
  scratch = mkdtempSync(join(tmpdir(), 'vigil-estate-live-e2e-'));
  env = { ...motoEnv(moto), HOME: scratch, AWS_CONFIG_FILE: join(scratch, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials') };
}, 90_000);
afterAll(async () => {
  await moto?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const results = (report: ReportDocument, rule: string, name: string) => report.results.filter((r) => r.rule.id === rule && r.resource.name === name);
const statuses = (report: ReportDocument, rule: string, name: string) => results(report, rule, name).map((r) => r.status);

describe('vigil scan --aws: CloudWatch alarms, Auto Scaling groups, launch configurations and DynamoDB auto scaling against the emulator', () => {
  let report: ReportDocument;
  beforeAll(() => {
    const run = vigil(['scan', '--aws', '--regions', region, '--format', 'json'], { env });
    report = JSON.parse(run.stdout) as ReportDocument;
  });

  it('lists every seeded service without a listing error', () => {
    expect(report.errors.map((e) => e.message).filter((m) => /alarms|Auto Scaling|launch configurations|DynamoDB|Application Auto Scaling/i.test(m))).toEqual([]);
  });

  it('CloudWatch: an alarm with an enabled action passes; one without actions, or with actions disabled, fails', () => {
    expect(statuses(report, 'aws-cloudwatch-alarm-actions', 'root-login-paged')).toEqual(['pass']);
    expect(statuses(report, 'aws-cloudwatch-alarm-actions', 'root-login-silent')).toEqual(['fail']);
    expect(statuses(report, 'aws-cloudwatch-alarm-actions', 'root-login-muted')).toEqual(['fail']);
  });

  it('Auto Scaling groups: a load-balanced group on ELB health checks passes, on EC2 fails; a group behind no load balancer is not judged', () => {
    expect(statuses(report, 'aws-autoscaling-group-elb-health-check', 'web-elb-checked')).toEqual(['pass']);
    expect(statuses(report, 'aws-autoscaling-group-elb-health-check', 'web-ec2-checked')).toEqual(['fail']);
    expect(statuses(report, 'aws-autoscaling-group-elb-health-check', 'batch-unbalanced').filter((s) => s === 'pass' || s === 'fail')).toEqual([]);
  });

  it('launch configurations: AssociatePublicIpAddress false passes, true fails (moto answers false when it is left out, so the subnets deciding is in the aws-sdk-client-mock test)', () => {
    expect(statuses(report, 'aws-autoscaling-launch-config-no-public-ip', 'web-private')).toEqual(['pass']);
    expect(statuses(report, 'aws-autoscaling-launch-config-no-public-ip', 'web-public')).toEqual(['fail']);
  });

  it('launch configurations are judged as the instances they launch: IMDSv2, encrypted volumes and an instance profile', () => {
    for (const rule of ['aws-ec2-instance-imdsv2-required', 'aws-ec2-instance-volumes-encrypted', 'aws-ec2-instance-profile-attached']) {
      expect([rule, statuses(report, rule, 'web-private')]).toEqual([rule, ['pass']]);
      expect([rule, statuses(report, rule, 'web-public')]).toEqual([rule, ['fail']]);
    }
  });

  it('DynamoDB: read and write targets pass, reads only and no target fail, on-demand passes', () => {
    expect(statuses(report, 'aws-dynamodb-table-autoscaling', 'orders-scaled')).toEqual(['pass']);
    expect(statuses(report, 'aws-dynamodb-table-autoscaling', 'orders-reads-only')).toEqual(['fail']);
    expect(results(report, 'aws-dynamodb-table-autoscaling', 'orders-reads-only')[0]!.message).toMatch(/write_autoscaling is false/);
    expect(statuses(report, 'aws-dynamodb-table-autoscaling', 'orders-fixed')).toEqual(['fail']);
    expect(statuses(report, 'aws-dynamodb-table-autoscaling', 'orders-on-demand')).toEqual(['pass']);
  });
});
