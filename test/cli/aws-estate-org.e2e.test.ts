import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateInternetGatewayCommand,
  AttachInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
} from '@aws-sdk/client-ec2';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreateOrganizationCommand, CreatePolicyCommand, EnablePolicyTypeCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateHostedZoneCommand, CreateQueryLoggingConfigCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateDocumentCommand, ModifyDocumentPermissionCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../src/report/document.js';
import { vigil } from '../helpers/cli.js';
import { motoEnv, startMoto, type Moto } from '../sources/aws/moto.js';

/**
 * The organisation, identity, network-path and SSM checks end to end: resources created in moto
 * with the SDK, scanned by the real CLI, judged by the catalogue. Each pair has a compliant and a
 * non-compliant side.
 */

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const region = 'eu-west-1';

interface Seeded {
  goodVpc: string;
  publicTable: string;
  privateTable: string;
  publicSubnet: string;
  privateSubnet: string;
  openTgw: string;
  closedTgw: string;
}

async function seed(moto: Moto): Promise<Seeded> {
  const common = { endpoint: moto.endpoint, credentials, region };
  const ec2 = new EC2Client(common);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  const privateSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.30.1.0/24' }))).Subnet!.SubnetId!;
  const publicSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.30.2.0/24' }))).Subnet!.SubnetId!;
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicSubnet, MapPublicIpOnLaunch: { Value: true } }));
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const publicTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicTable, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  const privateTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  for (const service of ['s3', 'dynamodb']) {
    await ec2.send(new CreateVpcEndpointCommand({
      VpcId: vpc,
      ServiceName: `com.amazonaws.${region}.${service}`,
      VpcEndpointType: 'Gateway',
      RouteTableIds: [privateTable],
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-clinic' } } }] }),
    }));
  }
  for (const service of ['ecr.api', 'ecr.dkr', 'secretsmanager']) {
    await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: `com.amazonaws.${region}.${service}`, VpcEndpointType: 'Interface', SubnetIds: [privateSubnet] }));
  }
  const closedTgw = (await ec2.send(new CreateTransitGatewayCommand({ Description: 'hub', Options: { AutoAcceptSharedAttachments: 'disable' } }))).TransitGateway!.TransitGatewayId!;
  const openTgw = (await ec2.send(new CreateTransitGatewayCommand({ Description: 'partners', Options: { AutoAcceptSharedAttachments: 'enable' } }))).TransitGateway!.TransitGatewayId!;

  const iam = new IAMClient(common);
  const trust = (principal: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
  await iam.send(new CreateRoleCommand({ RoleName: 'ehr-instance', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }));
  await iam.send(new CreateRoleCommand({ RoleName: 'vendor-support', AssumeRolePolicyDocument: trust({ AWS: '*' }) }));
  // moto_server does not load the AWS-managed policies, so administrator rights come inline here.
  await iam.send(new PutRolePolicyCommand({
    RoleName: 'vendor-support',
    PolicyName: 'everything',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  }));
  await iam.send(new PutRolePolicyCommand({
    RoleName: 'vendor-support',
    PolicyName: 'decrypt-everything',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }),
  }));

  const route53 = new Route53Client(common);
  const logged = await route53.send(new CreateHostedZoneCommand({ Name: 'clinic.example', CallerReference: 'clinic' }));
  await route53.send(new CreateHostedZoneCommand({ Name: 'legacy-clinic.example', CallerReference: 'legacy' }));
  // Route 53 query logs go to a log group in us-east-1; its ARN is given as DescribeLogGroups names it (ending :*).
  const logs = new CloudWatchLogsClient({ ...common, region: 'us-east-1' });
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/route53/clinic.example' }));
  const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/route53/clinic.example' }))).logGroups![0]!;
  await route53.send(new CreateQueryLoggingConfigCommand({
    HostedZoneId: logged.HostedZone!.Id!.replace('/hostedzone/', ''),
    CloudWatchLogsLogGroupArn: group.arn!,
  }));

  const ssm = new SSMClient(common);
  const content = JSON.stringify({ schemaVersion: '2.2', description: 'patch', mainSteps: [{ action: 'aws:runShellScript', name: 'run', inputs: { runCommand: ['yum -y update'] } }] });
  await ssm.send(new CreateDocumentCommand({ Name: 'ehr-hardening', Content: content, DocumentType: 'Command' }));
  await ssm.send(new CreateDocumentCommand({ Name: 'vendor-runbook', Content: content, DocumentType: 'Command' }));
  await ssm.send(new ModifyDocumentPermissionCommand({ Name: 'vendor-runbook', PermissionType: 'Share', AccountIdsToAdd: ['all'] }));

  const organizations = new OrganizationsClient({ ...common, region: 'us-east-1' });
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await organizations.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  await organizations.send(new EnablePolicyTypeCommand({ RootId: root, PolicyType: 'SERVICE_CONTROL_POLICY' })).catch(() => undefined);
  const guardrails = await organizations.send(new CreatePolicyCommand({
    Name: 'clinic-guardrails',
    Description: 'no leaving',
    Type: 'SERVICE_CONTROL_POLICY',
    Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] }),
  }));
  await organizations.send(new AttachPolicyCommand({ PolicyId: guardrails.Policy!.PolicySummary!.Id!, TargetId: root }));
  return { goodVpc: vpc, publicTable, privateTable, publicSubnet, privateSubnet, openTgw, closedTgw };
}

let moto: Moto;
let scratch: string;
let seeded: Seeded;
let report: ReportDocument;
let run: ReturnType<typeof vigil>;

beforeAll(async () => {
  moto = await startMoto();
  seeded = await seed(moto);
  scratch = mkdtempSync(join(tmpdir(), 'vigil-estate-org-'));
  const env = { ...motoEnv(moto), HOME: scratch, AWS_CONFIG_FILE: join(scratch, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials') };
  run = vigil(['scan', '--aws', '--regions', region, '--format', 'json'], { env });
  report = JSON.parse(run.stdout) as ReportDocument;
}, 120_000);
afterAll(async () => {
  await moto?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const status = (rule: string, name: string) => report.results.filter((r) => r.rule.id === rule && r.resource.name === name).map((r) => r.status);

describe('vigil scan --aws: organisation, identity, network paths and SSM against the emulator', () => {
  it('judges route tables, subnets and transit gateways', () => {
    expect(status('aws-vpc-no-unrestricted-route-to-igw', seeded.publicTable)).toEqual(['fail']);
    expect(status('aws-vpc-no-unrestricted-route-to-igw', seeded.privateTable)).toEqual(['pass']);
    expect(status('aws-vpc-subnet-no-auto-public-ip', seeded.publicSubnet)).toEqual(['fail']);
    expect(status('aws-vpc-subnet-no-auto-public-ip', seeded.privateSubnet)).toEqual(['pass']);
    expect(status('aws-vpc-transit-gateway-no-auto-accept', seeded.openTgw)).toEqual(['fail']);
    expect(status('aws-vpc-transit-gateway-no-auto-accept', seeded.closedTgw)).toEqual(['pass']);
  });

  it('reads the VPC endpoints of a VPC and their policies', () => {
    expect(status('aws-vpc-endpoints-for-data-services', seeded.goodVpc)).toEqual(['pass']);
    expect(status('aws-vpc-endpoint-policies', seeded.goodVpc)).toEqual(['pass']);
  });

  it('judges IAM roles on their trust policy, administrator rights and inline policies', () => {
    expect(status('aws-iam-role-trust-not-public', 'ehr-instance')).toEqual(['pass']);
    expect(status('aws-iam-role-trust-not-public', 'vendor-support')).toEqual(['fail']);
    expect(status('aws-iam-role-no-administrator-access', 'ehr-instance')).toEqual(['pass']);
    expect(status('aws-iam-role-no-administrator-access', 'vendor-support')).toEqual(['fail']);
    expect(status('aws-iam-role-no-inline-policies', 'vendor-support')).toEqual(['fail']);
    expect(status('aws-iam-inline-policy-no-blocked-kms-actions', 'role/vendor-support/decrypt-everything')).toEqual(['fail']);
  });

  it('judges Route 53 query logging and SSM document sharing', () => {
    expect(status('aws-route53-zone-query-logging', 'clinic.example.')).toEqual(['pass']);
    expect(status('aws-route53-zone-query-logging', 'legacy-clinic.example.')).toEqual(['fail']);
    expect(status('aws-ssm-document-not-public', 'ehr-hardening')).toEqual(['pass']);
    expect(status('aws-ssm-document-not-public', 'vendor-runbook')).toEqual(['fail']);
  });

  it('reads the organisation\'s attached SCPs from the management account', () => {
    const org = report.results.filter((r) => r.rule.id === 'aws-organizations-scp-deny-leave');
    expect(org.map((r) => r.status)).toEqual(['pass']);
    expect(report.results.filter((r) => r.rule.id === 'aws-organizations-scp-protect-security-services').map((r) => r.status)).toEqual(['fail']);
  });
});
