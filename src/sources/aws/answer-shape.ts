/**
 * An answer with nothing in it is not an empty list. The SDK's deserialisers take an HTTP 200
 * with an empty body, or an XML page without the answer's element (an HTML page from a proxy
 * parses as XML too), as a valid answer whose lists are simply missing; the collectors would then
 * read "no buckets", "no security groups", "no one may restore this snapshot". AWS itself always
 * sends the element, empty when there is nothing (`<Buckets/>`, `"Keys": []`), and the SDK turns
 * that into an empty list; only a missing one is undefined. So every call Vigil makes names the
 * top-level field its answer must have, and an answer without it is an error of that call.
 */

/** The field each operation's answer must carry; operations left out may answer with nothing. */
export const REQUIRED_FIELD: Readonly<Record<string, string>> = {
  // STS, Organizations
  GetCallerIdentity: 'Account',
  AssumeRole: 'Credentials',
  ListAccounts: 'Accounts',
  // EC2
  DescribeRegions: 'Regions',
  DescribeSecurityGroups: 'SecurityGroups',
  DescribeNetworkAcls: 'NetworkAcls',
  DescribeVpcs: 'Vpcs',
  DescribeFlowLogs: 'FlowLogs',
  DescribeVolumes: 'Volumes',
  DescribeInstances: 'Reservations',
  DescribeSnapshots: 'Snapshots',
  DescribeSnapshotAttribute: 'SnapshotId',
  GetEbsEncryptionByDefault: 'EbsEncryptionByDefault',
  // S3 (GetBucketVersioning, GetBucketLogging and GetBucketLocation are legitimately empty elements)
  ListBuckets: 'Buckets',
  GetBucketEncryption: 'ServerSideEncryptionConfiguration',
  GetPublicAccessBlock: 'PublicAccessBlockConfiguration',
  GetBucketPolicy: 'Policy',
  GetBucketPolicyStatus: 'PolicyStatus',
  GetBucketAcl: 'Grants',
  GetBucketOwnershipControls: 'OwnershipControls',
  GetObjectLockConfiguration: 'ObjectLockConfiguration',
  GetBucketTagging: 'TagSet',
  // RDS
  DescribeDBInstances: 'DBInstances',
  DescribeDBClusters: 'DBClusters',
  DescribeDBSnapshots: 'DBSnapshots',
  DescribeDBClusterSnapshots: 'DBClusterSnapshots',
  DescribeDBSnapshotAttributes: 'DBSnapshotAttributesResult',
  DescribeDBClusterSnapshotAttributes: 'DBClusterSnapshotAttributesResult',
  DescribeDBParameterGroups: 'DBParameterGroups',
  DescribeDBClusterParameterGroups: 'DBClusterParameterGroups',
  DescribeDBParameters: 'Parameters',
  DescribeDBClusterParameters: 'Parameters',
  // IAM
  GetAccountPasswordPolicy: 'PasswordPolicy',
  GetAccountSummary: 'SummaryMap',
  ListVirtualMFADevices: 'VirtualMFADevices',
  GetAccountAuthorizationDetails: 'UserDetailList',
  ListAccessKeys: 'AccessKeyMetadata',
  GenerateCredentialReport: 'State',
  GetCredentialReport: 'Content',
  // CloudTrail, CloudWatch Logs, KMS
  DescribeTrails: 'trailList',
  GetTrailStatus: 'IsLogging',
  DescribeLogGroups: 'logGroups',
  ListKeys: 'Keys',
  DescribeKey: 'KeyMetadata',
  GetKeyRotationStatus: 'KeyRotationEnabled',
  // Config
  DescribeConfigurationRecorders: 'ConfigurationRecorders',
  DescribeConfigurationRecorderStatus: 'ConfigurationRecordersStatus',
  DescribeConfigRules: 'ConfigRules',
  DescribeConformancePacks: 'ConformancePackDetails',
  SelectAggregateResourceConfig: 'Results',
  GetDiscoveredResourceCounts: 'totalDiscoveredResources',
  GetAggregateDiscoveredResourceCounts: 'GroupedResourceCounts',
  // Resource Groups Tagging API
  GetResources: 'ResourceTagMappingList',
  // GuardDuty, ELB, ACM
  ListDetectors: 'DetectorIds',
  DescribeLoadBalancers: 'LoadBalancers',
  DescribeListeners: 'Listeners',
  DescribeLoadBalancerAttributes: 'Attributes',
  ListCertificates: 'CertificateSummaryList',
  DescribeCertificate: 'Certificate',
};

/** The error an answer without its content raises: a server fault the SDK may retry, then the call's error. */
export class ShapelessAnswer extends Error {
  override readonly name = 'ShapelessAnswer';
  readonly $fault = 'server';
  readonly $retryable = {};
  readonly $metadata: { httpStatusCode?: number };
  constructor(message: string, status: number | undefined) {
    super(message);
    this.$metadata = { httpStatusCode: status };
  }
}

interface Deserialized {
  output?: Record<string, unknown>;
  response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

/** Why an answer is unusable, or undefined when it has what the operation must answer with. */
export function shapeProblem(operation: string, result: Deserialized): string | undefined {
  const headers = result.response?.headers ?? {};
  const length = headers['content-length'] ?? headers['Content-Length'];
  // HEAD answers have no body by definition; every other answer Vigil reads has one.
  if (length === '0' && !operation.startsWith('Head')) return `${operation} answered with an empty body`;
  const field = REQUIRED_FIELD[operation];
  if (field && result.output?.[field] === undefined) return `${operation} answered without its ${field} element`;
  return undefined;
}

/** The SDK middleware, placed just outside the deserialiser so it sees the parsed answer. */
export function answerShapeMiddleware() {
  return (next: (args: unknown) => Promise<Deserialized>, context: { commandName?: string }) =>
    async (args: unknown): Promise<Deserialized> => {
      const result = await next(args);
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const problem = shapeProblem(operation, result);
      if (problem) throw new ShapelessAnswer(`${problem} (HTTP ${result.response?.statusCode ?? '?'}): not a valid answer, so nothing is taken from it`, result.response?.statusCode);
      return result;
    };
}
