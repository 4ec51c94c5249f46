import type { ConfigRuleVerdict, Resource } from '../../model/resource.js';

/**
 * AWS Config's own verdicts as extra evidence. Both ways of reading them (each account's Config,
 * or an organisation's aggregator) produce the same two things: each deployed rule's overall
 * compliance per account and region (kept in the scan's metadata), and each rule's verdict on each
 * resource it evaluated, which `attachConfigVerdicts` puts on the matching model resource. Rules
 * never read them; reports show them beside Vigil's result.
 */

/** One deployed Config rule's overall compliance in one account and region. */
export interface ConfigRuleCompliance {
  rule: string;
  account: string;
  region: string;
  /** COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE or INSUFFICIENT_DATA. */
  compliance: string;
  /** See ConfigRuleVerdict.managedRule. */
  managedRule?: string;
  conformancePack?: string;
}

/** One conformance pack's rules and their compliance, in one account and region. */
export interface ConformancePackCompliance {
  name: string;
  account: string;
  region: string;
  /** NON_COMPLIANT when any of its rules is; COMPLIANT when all that were evaluated are. */
  compliance: string;
  rules: Array<{ rule: string; compliance: string }>;
}

/** One rule's verdict on one resource, as Config names the resource. */
export interface ConfigEvaluation {
  account: string;
  region: string;
  /** `AWS::S3::Bucket`, or `AWS::::Account` for account-wide checks. */
  resourceType: string;
  resourceId: string;
  verdict: ConfigRuleVerdict;
}

/** An evaluation result as both Config APIs give it (per account, and through an aggregator). */
interface EvaluationResult {
  EvaluationResultIdentifier?: { EvaluationResultQualifier?: { ResourceType?: string; ResourceId?: string } };
  ComplianceType?: string;
  ResultRecordedTime?: Date;
}

/**
 * One rule's evaluation result as a verdict on one resource, or nothing when it names no resource
 * or reached no verdict (NOT_APPLICABLE, INSUFFICIENT_DATA).
 */
export function evaluationOf(
  result: EvaluationResult,
  rule: { rule: string; managedRule: string; conformancePack?: string },
  where: { account: string; region: string },
): ConfigEvaluation[] {
  const q = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
  if (!q?.ResourceType || !q.ResourceId || (result.ComplianceType !== 'COMPLIANT' && result.ComplianceType !== 'NON_COMPLIANT')) return [];
  const verdict: ConfigRuleVerdict = { rule: rule.rule, managedRule: rule.managedRule, compliance: result.ComplianceType };
  if (rule.conformancePack) verdict.conformancePack = rule.conformancePack;
  if (result.ResultRecordedTime) verdict.at = new Date(result.ResultRecordedTime).toISOString();
  return [{ account: where.account, region: where.region, resourceType: q.ResourceType, resourceId: q.ResourceId, verdict }];
}

/** Managed rules whose source identifier is not their name in upper snake case. */
const IDENTIFIER_NAMES: Record<string, string> = {
  INCOMING_SSH_DISABLED: 'restricted-ssh',
  RESTRICTED_INCOMING_TRAFFIC: 'restricted-common-ports',
  MULTI_REGION_CLOUD_TRAIL_ENABLED: 'multi-region-cloudtrail-enabled',
  CLOUD_TRAIL_ENABLED: 'cloudtrail-enabled',
};

/** `S3_BUCKET_SSL_REQUESTS_ONLY` → `s3-bucket-ssl-requests-only`, the spelling rules' references use. */
export function managedRuleFromIdentifier(identifier: string): string {
  return IDENTIFIER_NAMES[identifier] ?? identifier.toLowerCase().replace(/_/g, '-');
}

/**
 * Through an aggregator Config gives only rule names. Rules deployed from the console keep the
 * managed rule's name; conformance packs add `-conformance-pack-<id>`, Security Hub
 * `securityhub-…-<id>`. Anything else is taken as named after its managed rule only if it looks
 * like one; a custom rule so named would be read as the managed one.
 */
export function managedRuleFromName(name: string): string | undefined {
  let n = name.toLowerCase().replace(/-conformance-pack-[a-z0-9]+$/, '');
  if (n.startsWith('securityhub-')) n = n.slice('securityhub-'.length).replace(/-[a-z0-9]{6,}$/, '');
  return /^[a-z0-9]+(-[a-z0-9]+)+$/.test(n) ? n : undefined;
}

/** The Config resource type of each model kind whose resources Config evaluates one by one. */
const CONFIG_TYPES: Record<string, string> = {
  'aws.ec2.security_group': 'AWS::EC2::SecurityGroup',
  'aws.ec2.network_acl': 'AWS::EC2::NetworkAcl',
  'aws.ec2.vpc': 'AWS::EC2::VPC',
  'aws.ec2.instance': 'AWS::EC2::Instance',
  'aws.ec2.volume': 'AWS::EC2::Volume',
  'aws.s3.bucket': 'AWS::S3::Bucket',
  'aws.rds.db_instance': 'AWS::RDS::DBInstance',
  'aws.rds.db_cluster': 'AWS::RDS::DBCluster',
  'aws.rds.db_snapshot': 'AWS::RDS::DBSnapshot',
  'aws.iam.user': 'AWS::IAM::User',
  'aws.iam.policy': 'AWS::IAM::Policy',
  'aws.cloudtrail.trail': 'AWS::CloudTrail::Trail',
  'aws.kms.key': 'AWS::KMS::Key',
  'aws.logs.log_group': 'AWS::Logs::LogGroup',
  'aws.elb.load_balancer': 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'aws.acm.certificate': 'AWS::ACM::Certificate',
};

/**
 * Kinds that stand for a whole account (or an account's region): Config evaluates these checks
 * against `AWS::::Account`. The account-wide ones take a verdict from any region.
 */
const ACCOUNT_KINDS: Record<string, 'account' | 'region'> = {
  'aws.iam.password_policy': 'account',
  'aws.iam.root_account': 'account',
  'aws.s3.account_public_access_block': 'account',
  'aws.ec2.ebs_encryption_default': 'region',
  'aws.config.recorder': 'region',
  'aws.guardduty.detector': 'region',
  'aws.securityhub.hub': 'region',
};

const ACCOUNT_TYPE = 'AWS::::Account';

/**
 * The IDs Config may name a resource by: its own resource ID, the ARN, the name, and for ARNs of
 * the form `…:type/id` (security groups, VPCs, instances, volumes, KMS keys) that id. Only that
 * form: the last part of `log-group:/aws/lambda/payments` is not a log group's ID.
 */
function idsOf(resource: Resource & { provenance: { source: 'aws' } }): string[] {
  const p = resource.provenance;
  const id = /^[\w-]+\/([^/:]+)$/.exec(p.arn.split(':').slice(5).join(':'))?.[1];
  return [...new Set([p.resourceId, p.arn, id, resource.name].filter((candidate): candidate is string => Boolean(candidate)))];
}

/**
 * Puts each verdict on the resource it is about, in place. Resources are matched by account,
 * Config type, ID and region (global resources such as IAM, whose Config region differs from
 * Vigil's, by the first three only). A rule that evaluated a global resource in several regions
 * gives one verdict.
 */
export function attachConfigVerdicts(resources: Resource[], evaluations: readonly ConfigEvaluation[]): void {
  if (evaluations.length === 0) return;
  const byKey = new Map<string, ConfigEvaluation[]>();
  for (const e of evaluations) {
    const key = `${e.account}|${e.resourceType}|${e.resourceId}`;
    const list = byKey.get(key);
    if (list) list.push(e);
    else byKey.set(key, [e]);
  }
  for (const resource of resources) {
    const p = resource.provenance;
    if (p.source !== 'aws') continue;
    let found: ConfigEvaluation[] = [];
    const scope = ACCOUNT_KINDS[resource.kind];
    if (scope) {
      found = (byKey.get(`${p.account}|${ACCOUNT_TYPE}|${p.account}`) ?? []).filter((e) => scope === 'account' || e.region === p.region);
    } else {
      const type = CONFIG_TYPES[resource.kind];
      if (!type) continue;
      for (const id of idsOf(resource as Resource & { provenance: typeof p })) {
        // The same name in another region (a log group, a trail) is another resource; IAM is global.
        for (const e of byKey.get(`${p.account}|${type}|${id}`) ?? []) if (p.region === 'global' || e.region === p.region) found.push(e);
      }
    }
    if (found.length === 0) continue;
    const verdicts = new Map<string, ConfigRuleVerdict>();
    for (const e of found) {
      const key = `${e.verdict.rule}|${e.verdict.compliance}`;
      const seen = verdicts.get(key);
      if (!seen || (e.verdict.at ?? '') > (seen.at ?? '')) verdicts.set(key, e.verdict);
    }
    resource.configRules = [...verdicts.values()].sort((a, b) => (a.rule === b.rule ? a.compliance.localeCompare(b.compliance) : a.rule.localeCompare(b.rule)));
  }
}

/** A managed rule that reached a verdict: the only rules whose verdicts per resource are read. */
export const judgedManaged = (r: ConfigRuleCompliance): r is ConfigRuleCompliance & { managedRule: string } =>
  r.managedRule !== undefined && (r.compliance === 'COMPLIANT' || r.compliance === 'NON_COMPLIANT');

/** A pack is non-compliant when any of its rules is, compliant when all evaluated ones are. */
export function packCompliance(rules: ReadonlyArray<{ compliance: string }>): string {
  if (rules.some((r) => r.compliance === 'NON_COMPLIANT')) return 'NON_COMPLIANT';
  if (rules.some((r) => r.compliance === 'COMPLIANT')) return 'COMPLIANT';
  return 'INSUFFICIENT_DATA';
}

export const byAccountRegionRule = (a: ConfigRuleCompliance, b: ConfigRuleCompliance): number =>
  [a.account, a.region, a.rule].join('|').localeCompare([b.account, b.region, b.rule].join('|'));
