import { serviceOfAwsType } from '../model/resource-types.js';
import { serviceOfKind } from './rollup.js';

export { liveTypeOfKind } from '../model/resource-types.js';

/**
 * The honest inventory: every resource type a scan found, per source, how many of its resources
 * some rule judged and which rules did. A Terraform type counts every `resource` block instance of
 * an `aws_*` type, also those no mapper reads; a live type is the AWS resource type of the kind
 * (`AWS::S3::Bucket`), and types AWS Config or the tagging API list that Vigil has no collector for
 * are counted too, as not collected. Pure: the pipeline feeds it, the reports render it.
 */

export type CoverageSource = 'terraform' | 'aws';

/** Where a live type Vigil does not collect was listed. */
export type { CoverageListing } from '../model/resource-types.js';
import type { CoverageListing } from '../model/resource-types.js';

export interface CoverageEntry {
  source: CoverageSource;
  /** The type as the source names it: `aws_s3_bucket`, `AWS::S3::Bucket`, `ec2:natgateway`. */
  type: string;
  /** The service it belongs to (`s3`, `elasticache`), to group by and to tell requirements apart. */
  service: string;
  count: number;
  /** How many of them at least one rule judged. */
  judged: number;
  /** The rules that judged resources of this type, sorted. */
  rules: string[];
  /** Live types listed by AWS Config or the tagging API that no collector reads: never judged. */
  collected?: false;
  listedBy?: CoverageListing;
}

/** Terraform type prefixes whose service is not the first word after `aws_`; longest first wins. */
const TERRAFORM_SERVICES: Record<string, string> = {
  db: 'rds',
  rds: 'rds',
  neptune: 'rds',
  docdb: 'rds',
  s3control: 's3',
  cloudwatch_log: 'logs',
  cloudwatch_event: 'events',
  lb: 'elb',
  alb: 'elb',
  elb: 'elb',
  lb_cookie: 'elb',
  load_balancer: 'elb',
  ebs: 'ec2',
  instance: 'ec2',
  launch: 'ec2',
  security_group: 'ec2',
  default: 'ec2',
  vpc: 'ec2',
  vpn: 'ec2',
  subnet: 'ec2',
  route: 'ec2',
  route53: 'route53',
  main_route: 'ec2',
  internet_gateway: 'ec2',
  egress_only: 'ec2',
  nat_gateway: 'ec2',
  customer_gateway: 'ec2',
  network: 'ec2',
  eip: 'ec2',
  flow_log: 'ec2',
  key_pair: 'ec2',
  ami: 'ec2',
  placement_group: 'ec2',
  volume_attachment: 'ec2',
  spot: 'ec2',
  ec2: 'ec2',
  kinesis_firehose: 'firehose',
  elasticsearch: 'opensearch',
  opensearch: 'opensearch',
  api_gateway: 'apigateway',
  apigatewayv2: 'apigateway',
  securityhub: 'securityhub',
  guardduty: 'guardduty',
  acm: 'acm',
  acmpca: 'acm-pca',
  ssoadmin: 'sso',
  efs: 'efs',
  config: 'config',
  iam: 'iam',
  kms: 'kms',
};

/** `aws_s3_bucket_versioning` → `s3`, `aws_db_instance` → `rds`, `aws_mq_broker` → `mq`. */
export function serviceOfTerraformType(type: string): string {
  const words = type.replace(/^aws_/, '').split('_');
  for (let n = words.length; n > 0; n--) {
    const found = TERRAFORM_SERVICES[words.slice(0, n).join('_')];
    if (found) return found;
  }
  return words[0] ?? type;
}

interface Tally {
  count: number;
  judged: number;
  rules: Set<string>;
  listedBy?: CoverageListing;
}

/** Counts resources by source and type as a scan goes; `entries()` gives the report's list. */
export class CoverageTally {
  private readonly tallies = new Map<string, Tally & { source: CoverageSource; type: string }>();

  private tally(source: CoverageSource, type: string): Tally {
    const key = `${source}\u0000${type}`;
    let tally = this.tallies.get(key);
    if (!tally) this.tallies.set(key, (tally = { source, type, count: 0, judged: 0, rules: new Set() }));
    return tally;
  }

  /** One resource (or block instance) of the type, and the rules that judged it (none: not judged). */
  add(source: CoverageSource, type: string, judgedBy: Iterable<string> | undefined): void {
    const tally = this.tally(source, type);
    tally.count++;
    if (!judgedBy) return;
    let any = false;
    for (const rule of judgedBy) {
      tally.rules.add(rule);
      any = true;
    }
    if (any) tally.judged++;
  }

  /** Resources a listing found of a live type no collector reads. */
  addNotCollected(type: string, count: number, listedBy: CoverageListing): void {
    const tally = this.tally('aws', type);
    tally.count += count;
    tally.listedBy ??= listedBy;
  }

  /** A type's entry from another tally's report (a shard's), added to this one's. */
  addEntry(entry: CoverageEntry): void {
    const tally = this.tally(entry.source, entry.type);
    tally.count += entry.count;
    tally.judged += entry.judged;
    for (const rule of entry.rules) tally.rules.add(rule);
    if (entry.listedBy) tally.listedBy ??= entry.listedBy;
  }

  /** The tallies as plain data, for another tally to absorb (a worker thread's). */
  counted(): Array<[source: CoverageSource, type: string, count: number, judged: number, rules: string[]]> {
    return [...this.tallies.values()].map((t) => [t.source, t.type, t.count, t.judged, [...t.rules]]);
  }

  /** Adds what another tally counted (no live listings: those stay with the scan). */
  absorb(counted: ReturnType<CoverageTally['counted']>): void {
    for (const [source, type, count, judged, rules] of counted) {
      const tally = this.tally(source, type);
      tally.count += count;
      tally.judged += judged;
      for (const rule of rules) tally.rules.add(rule);
    }
  }

  entries(): CoverageEntry[] {
    return [...this.tallies.values()]
      .map((t): CoverageEntry => ({
        source: t.source,
        type: t.type,
        service: t.source === 'terraform' ? serviceOfTerraformType(t.type) : t.type.startsWith('aws.') ? serviceOfKind(t.type) : serviceOfAwsType(t.type),
        count: t.count,
        judged: t.judged,
        rules: [...t.rules].sort(),
        ...(t.listedBy ? { collected: false as const, listedBy: t.listedBy } : {}),
      }))
      .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  }
}

/** The services of every resource found, for telling not-evaluated from not-applicable. */
export function servicesPresent(entries: readonly CoverageEntry[]): Set<string> {
  return new Set(entries.filter((e) => e.count > 0).map((e) => e.service));
}

export interface CoverageSummary {
  judged: number;
  /** Resources of types no rule judged at all, and how many such types. */
  uncovered: number;
  uncoveredTypes: number;
  /** Resources left unjudged of types other resources of which were judged. */
  partly: number;
  /** The uncovered types, most resources first. */
  top: Array<{ type: string; count: number }>;
}

/** The one-line summary's numbers: `212 resources judged; 31 of 6 types no rule covers: aws_mq_broker ×2, …`. */
export function summarizeCoverage(entries: readonly CoverageEntry[]): CoverageSummary {
  const uncovered = entries.filter((e) => e.judged === 0 && e.count > 0);
  return {
    judged: entries.reduce((sum, e) => sum + e.judged, 0),
    uncovered: uncovered.reduce((sum, e) => sum + e.count, 0),
    uncoveredTypes: uncovered.length,
    partly: entries.filter((e) => e.judged > 0).reduce((sum, e) => sum + (e.count - e.judged), 0),
    top: uncovered.map((e) => ({ type: e.type, count: e.count })).sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
  };
}
