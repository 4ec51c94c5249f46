import { KINDS } from './kinds.js';

/**
 * AWS resource types as live listings name them, against the model's kinds: which service a type
 * belongs to, the type a kind is counted under, and whether a type some listing found (AWS Config's
 * `AWS::MQ::Broker`, the tagging API's `athena:workgroup`) is one a collector reads.
 */

/** Where a live type Vigil does not collect was listed. */
export type CoverageListing = 'aws-config' | 'aws-config-aggregator' | 'resource-groups-tagging';

/** Resources of a live type no collector reads, as one listing in one scope counted them. */
export interface NotCollected {
  account: string;
  region: string;
  type: string;
  count: number;
  listedBy: CoverageListing;
}

/** AWS service names (CloudFormation, ARNs, tagging types) that the model names differently. */
const AWS_SERVICES: Record<string, string> = {
  elasticloadbalancingv2: 'elb',
  elasticloadbalancing: 'elb',
  certificatemanager: 'acm',
  opensearchservice: 'opensearch',
  elasticsearch: 'opensearch',
  es: 'opensearch',
  kinesisfirehose: 'firehose',
  elasticfilesystem: 'efs',
  apigatewayv2: 'apigateway',
};

/** `AWS::S3::Bucket` → `s3`; `AWS::ElasticLoadBalancingV2::LoadBalancer` → `elb`. */
export function serviceOfAwsType(type: string): string {
  const name = (type.startsWith('AWS::') ? type.split('::')[1] ?? '' : type.split(':')[0] ?? '').toLowerCase();
  return AWS_SERVICES[name] ?? name;
}

/** The type a live resource of a kind is counted under: its AWS resource type, else the kind. */
export function liveTypeOfKind(kind: string): string {
  return KINDS[kind]?.cloudFormationType ?? kind;
}

/** Further AWS types a kind's collector reads besides its own (one kind stands for both). */
const ALSO_COLLECTED: Record<string, string[]> = {
  'aws.elb.load_balancer': ['AWS::ElasticLoadBalancing::LoadBalancer'],
  'aws.rds.db_snapshot': ['AWS::RDS::DBClusterSnapshot'],
  'aws.rds.db_parameter_group': ['AWS::RDS::DBClusterParameterGroup'],
  'aws.iam.policy': ['AWS::IAM::Role', 'AWS::IAM::Group'],
  'aws.ec2.instance': ['AWS::AutoScaling::LaunchConfiguration'],
};

/**
 * A tagging-API type or resource ARN reduced to compare with AWS types: `ec2:security-group` and
 * `AWS::EC2::SecurityGroup` both become `ec2:securitygroup`.
 */
export function comparableType(type: string): string {
  if (type.startsWith('AWS::')) {
    const resource = type.split('::')[2] ?? '';
    return `${serviceOfAwsType(type)}:${resource.toLowerCase()}`;
  }
  const [service = '', resource = ''] = type.split(':');
  return `${AWS_SERVICES[service.toLowerCase()] ?? service.toLowerCase()}:${resource.toLowerCase().replace(/-/g, '')}`;
}

/** Tagging types whose resource part is named differently in their ARNs than in the AWS type. */
const TAGGING_ALIASES: Record<string, string> = {
  'rds:db': 'rds:dbinstance',
  'rds:cluster': 'rds:dbcluster',
  'rds:snapshot': 'rds:dbsnapshot',
  'rds:clustersnapshot': 'rds:dbclustersnapshot',
  'rds:pg': 'rds:dbparametergroup',
  'rds:clusterpg': 'rds:dbclusterparametergroup',
};

/**
 * The tagging type of a resource ARN: `arn:aws:ec2:eu-west-1:1:security-group/sg-1` → `ec2:security-group`;
 * ARNs that carry no type (`arn:aws:s3:::bucket`, SNS topics, SQS queues) take the service's usual one.
 */
export function taggingTypeOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2]!;
  const rest = parts.slice(5).join(':');
  const typed = /^([A-Za-z0-9-]+)[/:]/.exec(rest);
  if (typed) return `${service}:${typed[1]}`;
  const untyped: Record<string, string> = { s3: 'bucket', sns: 'topic', sqs: 'queue' };
  return `${service}:${untyped[service] ?? rest}`;
}

/** Every AWS type some collector of the model reads, compared as `comparableType` makes them. */
export function collectedComparableTypes(kinds: Iterable<string> = Object.keys(KINDS)): Set<string> {
  const out = new Set<string>();
  for (const kind of kinds) {
    const own = KINDS[kind]?.cloudFormationType;
    for (const type of [...(own ? [own] : []), ...(ALSO_COLLECTED[kind] ?? [])]) out.add(comparableType(type));
  }
  return out;
}

/** Whether a tagging type (`ec2:security-group`) is one a collector reads. */
export function isCollectedTaggingType(type: string, collected: ReadonlySet<string>): boolean {
  const comparable = comparableType(type);
  return collected.has(TAGGING_ALIASES[comparable] ?? comparable);
}

