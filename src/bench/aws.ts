import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from '../engine/catalogue.js';
import { evaluateEach } from '../engine/evaluate.js';
import { scanAws, AWS_DEFAULTS, type AwsDeps, type AwsScanOptions, type AwsScanResult } from '../sources/aws/index.js';
import type { ClientFactory } from '../sources/aws/session.js';
import { computeAnswer } from './aws-compute.js';
import { estateAnswer } from './aws-estate.js';

/**
 * The live-scan benchmark: every AWS API is a fake that answers after 50 ms, so the figures show
 * what Vigil's scheduling achieves (rate ceiling, pools, account concurrency) rather than the
 * speed of any real account. One account: 17 regions and about 2,800 resources (the compute services
 * of aws-compute.ts and the rest of the estate of aws-estate.ts included), and a conformance
 * pack of 12 AWS Config managed rules in every region; an organisation of 100 such accounts
 * through --role-arn. No network is touched.
 */

export const BENCH_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1',
  'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'sa-east-1',
];

/** Per region; with 80 buckets and the IAM entities the account holds about 2,000 resources. */
const PER_REGION = { groups: 55, acls: 8, vpcs: 4, volumes: 10, instances: 6, snapshots: 4, dbs: 4, clusters: 1, dbSnapshots: 2, paramGroups: 1, logGroups: 6, keys: 3, balancers: 2, certificates: 2 };
const BUCKETS = 80;
const USERS = 10;
/** AWS Config managed rules deployed in every region by one conformance pack; each costs one call per region for its verdicts. */
const CONFIG_RULES = [
  'INCOMING_SSH_DISABLED', 'RESTRICTED_INCOMING_TRAFFIC', 'ENCRYPTED_VOLUMES', 'RDS_STORAGE_ENCRYPTED', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', 'S3_BUCKET_SSL_REQUESTS_ONLY',
  'S3_BUCKET_PUBLIC_READ_PROHIBITED', 'CMK_BACKING_KEY_ROTATION_ENABLED', 'VPC_FLOW_LOGS_ENABLED', 'EC2_IMDSV2_CHECK', 'CW_LOGGROUP_RETENTION_PERIOD_CHECK', 'IAM_PASSWORD_POLICY',
];
const configRuleName = (identifier: string) => `${identifier.toLowerCase().replace(/_/g, '-')}-conformance-pack-bench01`;

/** What one deployed rule says about each resource it judges (security groups and volumes, or the account). */
function configVerdicts(rule: string, account: string): object[] {
  const verdict = (ResourceType: string, ResourceId: string, i: number) => ({
    EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType, ResourceId } },
    ComplianceType: i % 5 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT',
    ResultRecordedTime: new Date(0),
  });
  if (rule.startsWith('incoming-ssh') || rule.startsWith('restricted-incoming')) return range(PER_REGION.groups, (i) => verdict('AWS::EC2::SecurityGroup', `sg-${i}`, i));
  if (rule.startsWith('encrypted-volumes')) return range(PER_REGION.volumes, (i) => verdict('AWS::EC2::Volume', `vol-${i}`, i));
  return [verdict('AWS::::Account', account, 1)];
}

const range = (n: number, f: (i: number) => object) => Array.from({ length: n }, (_, i) => f(i));

/** What each operation answers; shapes follow the SDK's outputs, trimmed to what collectors read. */
function answer(operation: string, region: string, account: string, input: Record<string, unknown>, organizationSize: number): object {
  switch (operation) {
    case 'GetCallerIdentity': return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/VigilAudit/vigil-audit`, UserId: 'AROABENCH' };
    case 'AssumeRole': {
      const target = String(input.RoleArn).split(':')[4];
      return { Credentials: { AccessKeyId: `AKID${target}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } };
    }
    case 'ListAccounts': return { Accounts: range(organizationSize, (i) => ({ Id: String(200000000000 + i), Status: 'ACTIVE' })) };
    case 'DescribeRegions': return { Regions: BENCH_REGIONS.map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })) };
    case 'DescribeSecurityGroups': return { SecurityGroups: range(PER_REGION.groups, (i) => ({ GroupId: `sg-${i}`, GroupName: i === 0 ? 'default' : `g${i}`, VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })) };
    case 'DescribeNetworkAcls': return { NetworkAcls: range(PER_REGION.acls, (i) => ({ NetworkAclId: `acl-${i}`, VpcId: 'vpc-1', IsDefault: i === 0, Entries: [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '10.0.0.0/8' }] })) };
    case 'DescribeVpcs': return { Vpcs: range(PER_REGION.vpcs, (i) => ({ VpcId: `vpc-${i}`, CidrBlock: '10.0.0.0/16', IsDefault: i === 0 })) };
    case 'DescribeFlowLogs': return { FlowLogs: [{ ResourceId: 'vpc-1', TrafficType: 'ALL', FlowLogStatus: 'ACTIVE' }] };
    case 'DescribeVolumes': return { Volumes: range(PER_REGION.volumes, (i) => ({ VolumeId: `vol-${i}`, Encrypted: i % 2 === 0, Size: 20 })) };
    // The last instance was stopped a week before the clock of the scan.
    case 'DescribeInstances': return { Reservations: [{ Instances: range(PER_REGION.instances, (i) => ({ InstanceId: `i-${i}`, State: { Name: i === PER_REGION.instances - 1 ? 'stopped' : 'running' }, StateTransitionReason: `User initiated (${new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 19).replace('T', ' ')} GMT)`, MetadataOptions: { HttpTokens: 'required' }, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: `vol-${i}` } }] })) }] };
    case 'GetEbsEncryptionByDefault': return { EbsEncryptionByDefault: true };
    case 'GetEbsDefaultKmsKeyId': return { KmsKeyId: 'alias/aws/ebs' };
    case 'DescribeSnapshots': return { Snapshots: range(PER_REGION.snapshots, (i) => ({ SnapshotId: `snap-${i}`, OwnerId: account, Encrypted: true })) };
    case 'DescribeSnapshotAttribute': return { CreateVolumePermissions: [] };
    case 'DescribeDBInstances': return { DBInstances: range(PER_REGION.dbs, (i) => ({ DBInstanceIdentifier: `db-${i}`, DBInstanceArn: `arn:aws:rds:${region}:${account}:db:db-${i}`, Engine: 'postgres', StorageEncrypted: true })) };
    case 'DescribeDBClusters': return { DBClusters: range(PER_REGION.clusters, (i) => ({ DBClusterIdentifier: `c-${i}`, DBClusterArn: `arn:aws:rds:${region}:${account}:cluster:c-${i}`, Engine: 'aurora-postgresql', StorageEncrypted: true })) };
    case 'DescribeDBSnapshots': return { DBSnapshots: range(PER_REGION.dbSnapshots, (i) => ({ DBSnapshotIdentifier: `s-${i}`, Encrypted: true })) };
    case 'DescribeDBSnapshotAttributes': return { DBSnapshotAttributesResult: { DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [] }] } };
    case 'DescribeDBParameterGroups': return { DBParameterGroups: range(PER_REGION.paramGroups, (i) => ({ DBParameterGroupName: `pg-${i}`, DBParameterGroupFamily: 'postgres16' })) };
    case 'DescribeDBParameters': return { Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1' }] };
    case 'DescribeLogGroups': return { logGroups: range(PER_REGION.logGroups, (i) => ({ logGroupName: `/app/${i}`, retentionInDays: 365 })) };
    case 'ListKeys': return { Keys: range(PER_REGION.keys, (i) => ({ KeyId: `k-${i}`, KeyArn: `arn:aws:kms:${region}:${account}:key/k-${i}` })) };
    case 'DescribeKey': return { KeyMetadata: { KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS', KeyState: 'Enabled' } };
    case 'GetKeyRotationStatus': return { KeyRotationEnabled: true };
    case 'DescribeTrails': return { trailList: region === 'us-east-1' ? [{ Name: 'audit', TrailARN: `arn:aws:cloudtrail:us-east-1:${account}:trail/audit`, HomeRegion: 'us-east-1', IsMultiRegionTrail: true }] : [] };
    case 'GetTrailStatus': return { IsLogging: true };
    case 'DescribeConfigurationRecorders': return { ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }] };
    case 'DescribeConfigurationRecorderStatus': return { ConfigurationRecordersStatus: [{ name: 'default', recording: true }] };
    case 'ListDetectors': return { DetectorIds: ['d1'] };
    case 'GetDetector': return { Status: 'ENABLED' };
    case 'DescribeHub': return { HubArn: `arn:aws:securityhub:${region}:${account}:hub/default` };
    case 'DescribeLoadBalancers': return { LoadBalancers: range(PER_REGION.balancers, (i) => ({ LoadBalancerName: `lb-${i}`, LoadBalancerArn: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/lb-${i}/1`, Type: 'application', Scheme: 'internal' })) };
    case 'DescribeListeners': return { Listeners: [{ Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }] };
    case 'DescribeLoadBalancerAttributes': return { Attributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }] };
    case 'ListTables': return { TableNames: Array.from({ length: 2 }, (_, i) => `t-${i}`) };
    case 'DescribeTable': return { Table: { TableName: String(input.TableName), TableArn: `arn:aws:dynamodb:${region}:${account}:table/${String(input.TableName)}`, BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' } } };
    case 'ListTopics': return { Topics: range(2, (i) => ({ TopicArn: `arn:aws:sns:${region}:${account}:topic-${i}` })) };
    case 'GetTopicAttributes': return { Attributes: { KmsMasterKeyId: 'alias/aws/sns' } };
    case 'ListQueues': return { QueueUrls: Array.from({ length: 2 }, (_, i) => `https://sqs.${region}.amazonaws.com/${account}/q-${i}`) };
    case 'DescribeFileSystems': return { FileSystems: range(1, (i) => ({ FileSystemId: `fs-${i}`, FileSystemArn: `arn:aws:elasticfilesystem:${region}:${account}:file-system/fs-${i}`, Encrypted: true })) };
    case 'ListBackupPlans': return { BackupPlansList: [{ BackupPlanId: 'p1', BackupPlanArn: `arn:aws:backup:${region}:${account}:backup-plan:p1`, BackupPlanName: 'daily' }] };
    case 'ListCertificates': return { CertificateSummaryList: range(PER_REGION.certificates, (i) => ({ CertificateArn: `arn:aws:acm:${region}:${account}:certificate/${i}`, DomainName: `c${i}.example` })) };
    case 'DescribeCertificate': return { Certificate: { Status: 'ISSUED', NotAfter: new Date(Date.now() + 200 * 86_400_000), InUseBy: ['x'] } };
    case 'ListBuckets': return { Buckets: range(BUCKETS, (i) => ({ Name: `bucket-${account}-${i}` })) };
    case 'GetBucketLocation': return { LocationConstraint: BENCH_REGIONS[Number(String(input.Bucket).split('-').pop()) % BENCH_REGIONS.length] === 'us-east-1' ? undefined : BENCH_REGIONS[Number(String(input.Bucket).split('-').pop()) % BENCH_REGIONS.length] };
    case 'GetBucketEncryption': return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } };
    case 'GetPublicAccessBlock': return { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } };
    case 'GetBucketPolicy': return { Policy: '{"Version":"2012-10-17","Statement":[]}' };
    case 'GetBucketAcl': return { Grants: [] };
    case 'GetBucketOwnershipControls': return { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } };
    case 'GetBucketVersioning': return { Status: 'Enabled' };
    case 'GetAccountPasswordPolicy': return { PasswordPolicy: { MinimumPasswordLength: 14 } };
    case 'GenerateCredentialReport': return { State: 'COMPLETE' };
    case 'GetCredentialReport': {
      const rows = Array.from({ length: USERS }, (_, i) => `u${i},arn,true,true`);
      return { Content: new TextEncoder().encode(['user,arn,password_enabled,mfa_active', '<root_account>,arn,not_supported,true', ...rows].join('\n')) };
    }
    case 'GetAccountSummary': return { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } };
    case 'GetAccountAuthorizationDetails': return { UserDetailList: range(USERS, (i) => ({ UserName: `u${i}`, Arn: `arn:aws:iam::${account}:user/u${i}` })), RoleDetailList: range(4, (i) => ({ RoleName: `r${i}`, Arn: `arn:aws:iam::${account}:role/r${i}`, AssumeRolePolicyDocument: '%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D', RolePolicyList: i === 0 ? [{ PolicyName: 'inline', PolicyDocument: '%7B%7D' }] : [], AttachedManagedPolicies: [] })), Policies: range(6, (i) => ({ PolicyName: `p${i}`, Arn: `arn:aws:iam::${account}:policy/p${i}`, AttachmentCount: 1, PolicyVersionList: [{ IsDefaultVersion: true, Document: '%7B%7D' }] })) };
    case 'DescribeConfigRules': return { ConfigRules: CONFIG_RULES.map((id) => ({ ConfigRuleName: configRuleName(id), Source: { Owner: 'AWS', SourceIdentifier: id } })) };
    case 'DescribeComplianceByConfigRule': return { ComplianceByConfigRules: CONFIG_RULES.map((id, i) => ({ ConfigRuleName: configRuleName(id), Compliance: { ComplianceType: i % 3 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT' } })) };
    case 'DescribeConformancePacks': return { ConformancePackDetails: [{ ConformancePackName: 'hipaa', ConformancePackArn: `arn:aws:config:${region}:${account}:conformance-pack/hipaa/bench01`, ConformancePackId: 'bench01' }] };
    case 'DescribeConformancePackCompliance': return { ConformancePackName: 'hipaa', ConformancePackRuleComplianceList: CONFIG_RULES.map((id, i) => ({ ConfigRuleName: configRuleName(id), ComplianceType: i % 3 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT' })) };
    case 'GetComplianceDetailsByConfigRule': return { EvaluationResults: configVerdicts(String(input.ConfigRuleName), account) };
    // Network paths, Route 53, SSM, Organizations and Identity Center: a few of each per region or account.
    case 'DescribeRouteTables': return { RouteTables: range(PER_REGION.vpcs, (i) => ({ RouteTableId: `rtb-${i}`, VpcId: `vpc-${i}`, Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }] })) };
    case 'DescribeSubnets': return { Subnets: range(PER_REGION.vpcs * 2, (i) => ({ SubnetId: `subnet-${i}`, VpcId: `vpc-${i % PER_REGION.vpcs}`, MapPublicIpOnLaunch: false })) };
    case 'DescribeInternetGateways': return { InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1' }] }] };
    case 'DescribeTransitGateways': return { TransitGateways: [{ TransitGatewayId: 'tgw-1', TransitGatewayArn: `arn:aws:ec2:${region}:${account}:transit-gateway/tgw-1`, Options: { AutoAcceptSharedAttachments: 'disable' } }] };
    case 'DescribeVpnConnections': return { VpnConnections: [{ VpnConnectionId: 'vpn-1', State: 'available', VgwTelemetry: [{ Status: 'UP' }, { Status: 'UP' }] }] };
    case 'DescribeVpcEndpoints': return { VpcEndpoints: [{ VpcEndpointId: 'vpce-1', VpcId: 'vpc-1', ServiceName: `com.amazonaws.${region}.s3`, VpcEndpointType: 'Gateway' }] };
    case 'ListHostedZones': return { HostedZones: range(2, (i) => ({ Id: `/hostedzone/Z${i}`, Name: `z${i}.example.`, Config: { PrivateZone: i === 0 } })), IsTruncated: false };
    case 'ListQueryLoggingConfigs': return { QueryLoggingConfigs: [] };
    case 'GetDNSSEC': return { Status: { ServeSignature: 'NOT_SIGNING' } };
    case 'ListDocuments': return { DocumentIdentifiers: [{ Name: 'runbook', DocumentType: 'Command' }] };
    case 'DescribeDocumentPermission': return { AccountIds: [] };
    case 'DescribeInstanceInformation': return { InstanceInformationList: range(PER_REGION.instances, (i) => ({ InstanceId: `i-${i}` })) };
    case 'ListResourceComplianceSummaries': return { ResourceComplianceSummaryItems: [] };
    case 'DescribeOrganization': return { Organization: { Id: 'o-bench', MasterAccountId: '200000000000' } };
    case 'ListPolicies': return { Policies: [] };
    case 'ListRoots': return { Roots: [{ Id: 'r-1', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }] };
    case 'ListInstances': return { Instances: [] };
    case 'ListAccessKeys': return { AccessKeyMetadata: [{ AccessKeyId: `AKIA${String(input.UserName)}`, Status: 'Active', CreateDate: new Date() }] };
    default: return {};
  }
}

export interface Traffic {
  /** Send times in ms, by account: the rate each account saw. */
  starts: Map<string, number[]>;
}

export function fakeClients(latencyMs: number, traffic: Traffic, callerAccount: string, organizationSize: number): ClientFactory {
  return (service, region, credentials, hooks) => ({
    async send(command: object) {
      const creds = await credentials();
      // Assumed-role keys are AKID + the account ID (see AssumeRole above); anything else is the caller.
      const account = /^AKID\d{12}$/.test(creds.accessKeyId) ? creds.accessKeyId.slice(4) : callerAccount;
      // Like the SDK clients, the request takes its rate token where it goes out.
      await hooks.wire(async () => {
        const list = traffic.starts.get(account) ?? [];
        list.push(performance.now());
        traffic.starts.set(account, list);
        await new Promise((resolve) => setTimeout(resolve, latencyMs));
      });
      const operation = command.constructor.name.replace(/Command$/, '');
      const input = ((command as { input?: Record<string, unknown> }).input ?? {}) as Record<string, unknown>;
      return computeAnswer(service, operation, region, account) ?? estateAnswer(service, operation, region, account, input) ?? answer(operation, region, account, input, organizationSize);
    },
  });
}

/** The most requests one account started within any window of one second. */
export function peakPerSecond(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let peak = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to]! - sorted[from]! >= 1000) from++;
    peak = Math.max(peak, to - from + 1);
  }
  return peak;
}

export interface AwsBenchFigures {
  name: string;
  accounts: number;
  resources: number;
  wallMs: number;
  apiCalls: number;
  callsPerSecond: number;
  peakConcurrency: number;
  maxRps: number;
  /** The highest number of requests any one account saw start within one second. */
  peakAccountRps: number;
  /** The same, account by account (the caller's own calls under its ID). */
  perAccountRps: Record<string, number>;
  targetMs: number;
  /** The rule catalogue evaluated over the scanned resources after the scan (not part of wallMs). */
  rules: number;
  /** Rules that passed or failed at least one resource of the fake estate. */
  rulesJudging: number;
  results: number;
  evaluateMs: number;
}

const RULES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

/** The built-in catalogue over the scanned resources, results counted as they come, never held. */
async function evaluateCatalogue(result: AwsScanResult): Promise<Pick<AwsBenchFigures, 'rules' | 'rulesJudging' | 'results' | 'evaluateMs'>> {
  const catalogue = await loadCatalogue([RULES]);
  const started = performance.now();
  const judging = new Set<string>();
  let results = 0;
  evaluateEach(catalogue.rules, result.resources, {}, (r) => {
    results++;
    if (r.status === 'pass' || r.status === 'fail') judging.add(r.rule.id);
  });
  return { rules: catalogue.rules.length, rulesJudging: judging.size, results, evaluateMs: performance.now() - started };
}

/** The CLI's defaults over every region, an organisation entered through one role when there is one. */
export function benchScanOptions(organisation: boolean, maxRps: number, extra: Partial<AwsScanOptions> = {}): AwsScanOptions {
  return {
    regions: 'all',
    ...(organisation ? { roleArn: 'arn:aws:iam::{account}:role/VigilAudit', organization: true } : {}),
    maxRps,
    concurrency: AWS_DEFAULTS.concurrency,
    accountConcurrency: AWS_DEFAULTS.accountConcurrency,
    regionTimeoutMs: AWS_DEFAULTS.regionTimeoutMs,
    keepRaw: false,
    env: { AWS_REGION: 'us-east-1' },
    ...extra,
  };
}

/** The fake API with 50 ms answers, the caller's own keys, and progress reports as the CLI paces them. */
export function benchScanDeps(traffic: Traffic, caller: string, organizationSize: number): AwsDeps {
  return {
    clients: fakeClients(50, traffic, caller, organizationSize),
    credentials: async () => ({ accessKeyId: 'AKIABENCHCALLER', secretAccessKey: 'x' }),
    reportTiming: { firstDelayMs: 50, maxDelayMs: 50, deadlineMs: 5000, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
  };
}

export async function benchAwsCase(name: string, accounts: number, targetMs: number, maxRps: number = AWS_DEFAULTS.maxRps): Promise<AwsBenchFigures> {
  const traffic: Traffic = { starts: new Map() };
  const caller = '100000000000';
  const started = performance.now();
  const result: AwsScanResult = await scanAws(benchScanOptions(accounts > 1, maxRps), benchScanDeps(traffic, caller, accounts));
  const wallMs = performance.now() - started;
  const scanned = [...traffic.starts.entries()].filter(([account]) => account !== caller);
  return {
    name,
    accounts: result.meta.accounts.length,
    resources: result.resources.length,
    wallMs,
    apiCalls: result.meta.apiCalls,
    callsPerSecond: result.meta.apiCalls / (wallMs / 1000),
    peakConcurrency: result.meta.peakConcurrency,
    maxRps,
    peakAccountRps: Math.max(0, ...(scanned.length > 0 ? scanned : [...traffic.starts.entries()]).map(([, s]) => peakPerSecond(s))),
    perAccountRps: Object.fromEntries([...traffic.starts.entries()].map(([account, s]) => [account, peakPerSecond(s)])),
    targetMs,
    ...(await evaluateCatalogue(result)),
  };
}

/** Both cases, as `npm run bench` prints them. */
export async function benchAws(): Promise<AwsBenchFigures[]> {
  return [await benchAwsCase('aws: 1 account, 17 regions', 1, 20_000), await benchAwsCase('aws: 100 accounts (organization)', 100, 300_000)];
}

export function formatAwsFigures(f: AwsBenchFigures): string {
  const ok = f.wallMs <= f.targetMs && f.peakAccountRps <= f.maxRps ? 'ok' : 'MISSED';
  return `${f.name}: ${f.accounts} account(s), ${f.resources} resources, ${(f.wallMs / 1000).toFixed(1)} s (target ${f.targetMs / 1000} s, ${ok}), ${f.apiCalls} API calls, ${f.callsPerSecond.toFixed(0)} calls/s, peak ${f.peakConcurrency} in flight, busiest account ${f.peakAccountRps} req/s (ceiling ${f.maxRps}); ${f.rules} rules evaluated in ${(f.evaluateMs / 1000).toFixed(1)} s, ${f.results} results, ${f.rulesJudging} rules judged a resource`;
}
