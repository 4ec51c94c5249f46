import { beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { AutoScalingClient, CreateAutoScalingGroupCommand, CreateLaunchConfigurationCommand } from '@aws-sdk/client-auto-scaling';
import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client, ModifySubnetAttributeCommand } from '@aws-sdk/client-ec2';
import { CreateTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { seedStep, useSeededMoto } from '../helpers/proxied-moto.js';

/**
 * The live collectors that made Terraform-only rules judge live accounts too, through the real CLI
 * against moto on 127.0.0.1: CloudWatch metric alarms, Auto Scaling groups, launch configurations
 * (judged as the instances they launch) and DynamoDB tables' Application Auto Scaling targets,
 * each seeded with a compliant and a non-compliant side.
 */

const region = 'eu-west-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

async function seed(endpoint: string): Promise<void> {
  const common = { endpoint, region, credentials };

  const cloudwatch = new CloudWatchClient(common);
  const alarm = { ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1, MetricName: 'RootLogin', Namespace: 'Security', Period: 300, Statistic: 'Sum', Threshold: 1 } as const;
  await seedStep('PutMetricAlarm paged', cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: 'root-login-paged', AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:security'] })));
  await seedStep('PutMetricAlarm silent', cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: 'root-login-silent' })));
  await seedStep('PutMetricAlarm muted', cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: 'root-login-muted', ActionsEnabled: false, AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:security'] })));

  const ec2 = new EC2Client(common);
  const vpc = await seedStep('CreateVpc', ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' })));
  const vpcId = vpc.Vpc!.VpcId!;
  const privateSubnet = await seedStep('CreateSubnet private', ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24', AvailabilityZone: `${region}a` })));
  const publicSubnet = await seedStep('CreateSubnet public', ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.2.0/24', AvailabilityZone: `${region}b` })));
  await seedStep('ModifySubnetAttribute', ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicSubnet.Subnet!.SubnetId!, MapPublicIpOnLaunch: { Value: true } })));
  const created = await seedStep('CreateTargetGroup', new ElasticLoadBalancingV2Client(common).send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId })));
  const targetGroup = created.TargetGroups![0]!.TargetGroupArn!;

  const autoscaling = new AutoScalingClient(common);
  const image = { ImageId: 'ami-12c6146b', InstanceType: 't3.micro' } as const;
  await seedStep('CreateLaunchConfiguration private', autoscaling.send(new CreateLaunchConfigurationCommand({
    ...image, LaunchConfigurationName: 'web-private', AssociatePublicIpAddress: false, IamInstanceProfile: 'web',
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, Encrypted: true } }],
  })));
  await seedStep('CreateLaunchConfiguration public', autoscaling.send(new CreateLaunchConfigurationCommand({ ...image, LaunchConfigurationName: 'web-public', AssociatePublicIpAddress: true })));
  const groups = [
    ['web-elb-checked', 'ELB', [targetGroup], 'web-private', privateSubnet.Subnet!.SubnetId!],
    ['web-ec2-checked', 'EC2', [targetGroup], 'web-public', publicSubnet.Subnet!.SubnetId!],
    ['batch-unbalanced', 'EC2', [], 'web-private', privateSubnet.Subnet!.SubnetId!],
  ] as const;
  for (const [name, HealthCheckType, TargetGroupARNs, LaunchConfigurationName, subnet] of groups) {
    await seedStep(`CreateAutoScalingGroup ${name}`, autoscaling.send(new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name, LaunchConfigurationName, MinSize: 0, MaxSize: 1, DesiredCapacity: 0,
      VPCZoneIdentifier: subnet, HealthCheckType, TargetGroupARNs: [...TargetGroupARNs],
    })));
  }

  const dynamodb = new DynamoDBClient(common);
  const keys = { AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] } as const;
  for (const name of ['orders-scaled', 'orders-reads-only', 'orders-fixed']) {
    await seedStep(`CreateTable ${name}`, dynamodb.send(new CreateTableCommand({ ...keys, TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } })));
  }
  await seedStep('CreateTable on demand', dynamodb.send(new CreateTableCommand({ ...keys, TableName: 'orders-on-demand', BillingMode: 'PAY_PER_REQUEST' })));
  const scaling = new ApplicationAutoScalingClient(common);
  for (const [table, dimension] of [['orders-scaled', 'Read'], ['orders-scaled', 'Write'], ['orders-reads-only', 'Read']] as const) {
    await seedStep(`RegisterScalableTarget ${table} ${dimension}`, scaling.send(new RegisterScalableTargetCommand({
      ServiceNamespace: 'dynamodb', ResourceId: `table/${table}`, ScalableDimension: `dynamodb:table:${dimension}CapacityUnits`, MinCapacity: 5, MaxCapacity: 100,
    })));
  }
}

const lab = useSeededMoto('estate-live-e2e', seed);

const results = (report: ReportDocument, rule: string, name: string) => report.results.filter((r) => r.rule.id === rule && r.resource.name === name);
const statuses = (report: ReportDocument, rule: string, name: string) => results(report, rule, name).map((r) => r.status);

describe('vigil scan --aws: CloudWatch alarms, Auto Scaling groups, launch configurations and DynamoDB auto scaling against the emulator', () => {
  let report: ReportDocument;
  beforeAll(() => {
    const run = vigil(['scan', '--aws', '--regions', region, '--format', 'json'], { env: lab.env });
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
