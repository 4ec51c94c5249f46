import {
  DescribeAggregateComplianceByConfigRulesCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  SelectAggregateResourceConfigCommand,
  type DescribeAggregateComplianceByConfigRulesCommandOutput,
  type GetAggregateComplianceDetailsByConfigRuleCommandOutput,
  type SelectAggregateResourceConfigCommandOutput,
} from '@aws-sdk/client-config-service';
import type { ApiEvidence, Resource } from '../../model/resource.js';
import type { ScanProblem } from '../../model/problem.js';
import { deniesInsecureTransport, documentFact, publicRead, publicWrite } from '../../model/policy.js';
import { unknown, type Value, type ValueObject } from '../../model/value.js';
import { byAccountRegionRule, evaluationOf, judgedManaged, managedRuleFromName, type ConfigEvaluation, type ConfigRuleCompliance } from './config-rules.js';
import { AwsOptionsError } from './errors.js';
import { mapBounded } from './limiter.js';
import { unknownFrom, type AccountSession, type Answer } from './session.js';
import type { NotInventoried } from '../../model/inventory.js';

/**
 * Organisation scale without a role per account: one AWS Config aggregator answers for every
 * account and region it aggregates (SelectAggregateResourceConfig). Configuration items carry
 * less than the service APIs; what they lack is `Unknown` with the reason, never guessed.
 */

/** Which model kind each Config resource type fills. */
export const AGGREGATOR_TYPES: Record<string, string> = {
  'AWS::EC2::SecurityGroup': 'aws.ec2.security_group',
  'AWS::S3::Bucket': 'aws.s3.bucket',
  'AWS::RDS::DBInstance': 'aws.rds.db_instance',
  'AWS::EC2::Volume': 'aws.ec2.volume',
  'AWS::KMS::Key': 'aws.kms.key',
};

interface ConfigItem {
  resourceId?: string;
  resourceName?: string;
  resourceType?: string;
  accountId?: string;
  awsRegion?: string;
  arn?: string;
  configuration?: Record<string, unknown>;
  supplementaryConfiguration?: Record<string, unknown>;
  tags?: Array<{ key?: string; value?: string }>;
  configurationItemCaptureTime?: string;
}

const notInItem = (what: string): Value => unknown(`${what} is not in the AWS Config configuration item; scan the account directly for it`);

/** Supplementary values come as objects or as JSON text, depending on the resource type. */
function parsed(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

const arr = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? (v as Array<Record<string, unknown>>) : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const bool = (v: unknown, fallback = false): boolean => (typeof v === 'boolean' ? v : v === 'true' ? true : fallback);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function sgRule(p: Record<string, unknown>, groupId: string): ValueObject {
  const raw = String(p.ipProtocol ?? '-1').toLowerCase();
  const protocol = ({ '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' } as Record<string, string>)[raw] ?? raw;
  // Older items list plain CIDR strings in ipRanges; newer ones objects in ipv4Ranges.
  const v4 = [...arr(p.ipv4Ranges).map((r) => str(r.cidrIp)), ...(Array.isArray(p.ipRanges) ? (p.ipRanges as unknown[]).map((r) => (typeof r === 'string' ? r : str((r as Record<string, unknown>).cidrIp))) : [])];
  const pairs = arr(p.userIdGroupPairs);
  return {
    protocol,
    from_port: protocol === '-1' ? -1 : num(p.fromPort),
    to_port: protocol === '-1' ? -1 : num(p.toPort),
    cidr_blocks: [...new Set(v4.filter((c): c is string => Boolean(c)))],
    ipv6_cidr_blocks: arr(p.ipv6Ranges).map((r) => str(r.cidrIpv6)).filter((c): c is string => Boolean(c)),
    prefix_list_ids: arr(p.prefixListIds).map((r) => str(r.prefixListId)).filter((c): c is string => Boolean(c)),
    security_groups: pairs.map((g) => str(g.groupId)).filter((g): g is string => Boolean(g) && g !== groupId),
    self: pairs.some((g) => g.groupId === groupId),
    description: null,
  };
}

function tagsOfItem(item: ConfigItem): ValueObject {
  const out: ValueObject = {};
  for (const t of item.tags ?? []) if (t.key) out[t.key] = t.value ?? '';
  return out;
}

/** Maps one configuration item to the model; `keys` tells which KMS keys are customer-managed. */
export function itemAttributes(item: ConfigItem, keyManagers: Map<string, string>): ValueObject | undefined {
  const c = item.configuration ?? {};
  const s = item.supplementaryConfiguration ?? {};
  switch (item.resourceType) {
    case 'AWS::EC2::SecurityGroup': {
      const id = str(c.groupId) ?? item.resourceId ?? '';
      return {
        name: str(c.groupName) ?? item.resourceName ?? null,
        description: str(c.description),
        vpc_id: str(c.vpcId),
        is_default: c.groupName === 'default',
        ingress: arr(c.ipPermissions).map((p) => sgRule(p, id)),
        egress: arr(c.ipPermissionsEgress).map((p) => sgRule(p, id)),
        tags: tagsOfItem(item),
      };
    }
    case 'AWS::S3::Bucket': {
      const sse = parsed(s.ServerSideEncryptionConfiguration);
      const rule = arr(sse?.rules)[0];
      const byDefault = parsed(rule?.applyServerSideEncryptionByDefault);
      const algorithm = str(byDefault?.sseAlgorithm) ?? 'AES256';
      const keyId = str(byDefault?.kmsMasterKeyID);
      const isKms = algorithm.startsWith('aws:kms');
      let customer: Value = false;
      if (isKms && keyId && !/alias\/aws\/s3$/.test(keyId)) {
        const manager = keyManagers.get(keyId) ?? [...keyManagers.entries()].find(([arn]) => arn.endsWith(`/${keyId}`))?.[1];
        customer = manager ? manager === 'CUSTOMER' : unknown(`the KMS key ${keyId} is not in the aggregator's inventory`);
      }
      const pab = parsed(s.PublicAccessBlockConfiguration);
      const versioning = parsed(s.BucketVersioningConfiguration);
      const logging = parsed(s.BucketLoggingConfiguration);
      const policyText = str(parsed(s.BucketPolicy)?.policyText);
      return {
        name: str(c.name) ?? item.resourceName ?? null,
        region: item.awsRegion ?? null,
        encryption: { sse_algorithm: algorithm, kms_key_id: isKms ? keyId : null, bucket_key_enabled: bool(rule?.bucketKeyEnabled), customer_managed_key: customer, configured: Boolean(byDefault) },
        public_access_block: pab
          ? { block_public_acls: bool(pab.blockPublicAcls), block_public_policy: bool(pab.blockPublicPolicy), ignore_public_acls: bool(pab.ignorePublicAcls), restrict_public_buckets: bool(pab.restrictPublicBuckets) }
          : null,
        policy: {
          exists: policyText !== null,
          denies_insecure_transport: documentFact(policyText ?? undefined, deniesInsecureTransport, false),
          public_read: documentFact(policyText ?? undefined, publicRead, false),
          public_write: documentFact(policyText ?? undefined, publicWrite, false),
        },
        acl: notInItem('the bucket ACL'),
        object_ownership: notInItem('the bucket ownership controls'),
        versioning: versioning ? { status: str(versioning.status) ?? 'Disabled', mfa_delete: bool(versioning.isMfaDeleteEnabled) ? 'Enabled' : 'Disabled' } : notInItem('versioning'),
        logging: logging ? { enabled: Boolean(str(logging.destinationBucketName)), target_bucket: str(logging.destinationBucketName) } : notInItem('logging'),
        object_lock: notInItem('the object lock configuration'),
        tags: tagsOfItem(item),
      };
    }
    case 'AWS::RDS::DBInstance':
      return {
        identifier: str(c.dBInstanceIdentifier) ?? item.resourceName ?? null,
        engine: str(c.engine),
        storage_encrypted: bool(c.storageEncrypted),
        kms_key_id: str(c.kmsKeyId),
        backup_retention_period: num(c.backupRetentionPeriod),
        deletion_protection: bool(c.deletionProtection),
        iam_database_authentication_enabled: bool(c.iAMDatabaseAuthenticationEnabled),
        enabled_cloudwatch_logs_exports: Array.isArray(c.enabledCloudwatchLogsExports) ? (c.enabledCloudwatchLogsExports as string[]) : [],
        region: item.awsRegion ?? null,
        tags: tagsOfItem(item),
        publicly_accessible: bool(c.publiclyAccessible),
        multi_az: bool(c.multiAZ),
        auto_minor_version_upgrade: bool(c.autoMinorVersionUpgrade, true),
        parameter_group_name: str(arr(c.dBParameterGroups)[0]?.dBParameterGroupName),
        cluster_identifier: str(c.dBClusterIdentifier),
      };
    case 'AWS::EC2::Volume':
      return { encrypted: bool(c.encrypted), kms_key_id: str(c.kmsKeyId), size: num(c.size), region: item.awsRegion ?? null, tags: tagsOfItem(item) };
    case 'AWS::KMS::Key':
      return {
        description: str(c.description),
        key_manager: str(c.keyManager),
        key_spec: str(c.keySpec) ?? str(c.customerMasterKeySpec),
        key_usage: str(c.keyUsage),
        origin: str(c.origin),
        key_state: str(c.keyState),
        rotation_enabled: notInItem('the key rotation status'),
        region: item.awsRegion ?? null,
        tags: tagsOfItem(item),
      };
    default:
      return undefined;
  }
}

/** The query for one Config resource type (one each, so one that fails costs only its own kind). */
export function aggregatorQuery(regions: string[] | 'all' | undefined, type: string): string {
  const where = Array.isArray(regions) ? ` AND awsRegion IN (${regions.map((r) => `'${r.replace(/'/g, '')}'`).join(', ')})` : '';
  return `SELECT resourceId, resourceName, resourceType, accountId, awsRegion, arn, configuration, supplementaryConfiguration, tags, configurationItemCaptureTime WHERE resourceType = '${type}'${where}`;
}

/**
 * The aggregator's rule verdicts: each rule's compliance per account and region, then, for the
 * rules that reached a verdict, their verdicts per resource. Emulators that do not implement the
 * calls answer HTTP 500: that is an error to count and note, never a reason to stop.
 */
async function ruleCompliance(session: AccountSession, region: string, aggregator: string): Promise<{ rules: ConfigRuleCompliance[]; evaluations: ConfigEvaluation[]; problems: ScanProblem[] }> {
  const file = `aws:config-aggregator/${aggregator}`;
  const answer = await session.paginate<DescribeAggregateComplianceByConfigRulesCommandOutput>(
    'config', region,
    (NextToken) => new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: aggregator, NextToken }),
    (p) => p.NextToken,
  );
  if (!answer.ok) {
    return { rules: [], evaluations: [], problems: [{ severity: 'warning', file, message: `the aggregator's Config rule compliance could not be read: ${unknownFrom(answer).reason}` }] };
  }
  const rules = answer.pages
    .flatMap((p) => p.AggregateComplianceByConfigRules ?? [])
    .map((r): ConfigRuleCompliance => {
      const rule = r.ConfigRuleName ?? '';
      const managedRule = managedRuleFromName(rule);
      return { rule, account: r.AccountId ?? '', region: r.AwsRegion ?? '', compliance: r.Compliance?.ComplianceType ?? 'INSUFFICIENT_DATA', ...(managedRule ? { managedRule } : {}) };
    })
    .sort(byAccountRegionRule);
  const problems: ScanProblem[] = [];
  // As in a direct scan: only managed rules' verdicts can be set beside a Vigil rule.
  const judged = rules.filter(judgedManaged);
  const details = await mapBounded(judged, 4, async (rule): Promise<ConfigEvaluation[]> => {
    const found = await session.paginate<GetAggregateComplianceDetailsByConfigRuleCommandOutput>(
      'config', region,
      (NextToken) => new GetAggregateComplianceDetailsByConfigRuleCommand({
        ConfigurationAggregatorName: aggregator, ConfigRuleName: rule.rule, AccountId: rule.account, AwsRegion: rule.region, Limit: 100, NextToken,
      }),
      (p) => p.NextToken,
    );
    if (!found.ok) {
      problems.push({ severity: 'warning', file, message: `Config rule ${rule.rule}'s verdicts per resource in ${rule.account}/${rule.region} could not be read: ${unknownFrom(found).reason}` });
      return [];
    }
    return found.pages.flatMap((p) => p.AggregateEvaluationResults ?? []).flatMap((e) =>
      evaluationOf(e, rule, { account: e.AccountId ?? rule.account, region: e.AwsRegion ?? rule.region }),
    );
  });
  return { rules, evaluations: details.flat(), problems };
}

export async function scanAggregator(
  session: AccountSession,
  region: string,
  partition: string,
  aggregator: string,
  regions: string[] | 'all' | undefined,
): Promise<{ resources: Resource[]; problems: ScanProblem[]; gaps: NotInventoried[]; accounts: Array<{ account: string; status: 'scanned'; regions: string[] }>; configRules: ConfigRuleCompliance[]; evaluations: ConfigEvaluation[] }> {
  // One query per type: a type the aggregator cannot answer (throttled out, a page that fails) is
  // not inventoried, and the others are still read. None answering means the aggregator is unreadable.
  const items: Array<{ item: ConfigItem; evidence: ApiEvidence | undefined }> = [];
  const failed: Array<{ type: string; answer: Answer<unknown> & { ok: false } }> = [];
  for (const type of Object.keys(AGGREGATOR_TYPES)) {
    const answer = await session.paginate<SelectAggregateResourceConfigCommandOutput>(
      'config', region,
      (NextToken) => new SelectAggregateResourceConfigCommand({ ConfigurationAggregatorName: aggregator, Expression: aggregatorQuery(regions, type), Limit: 100, NextToken }),
      (p) => p.NextToken,
    );
    if (!answer.ok) {
      failed.push({ type, answer });
      continue;
    }
    for (const text of answer.pages.flatMap((p) => p.Results ?? [])) {
      const item = JSON.parse(text) as ConfigItem;
      // Only the type asked for: an answer holding others would count them twice.
      if (item.resourceType === type) items.push({ item, evidence: answer.evidence[0] });
    }
  }
  if (failed.length === Object.keys(AGGREGATOR_TYPES).length) throw new AwsOptionsError(`--config-aggregator ${aggregator}: ${unknownFrom(failed[0]!.answer).reason}`);
  const keyManagers = new Map<string, string>();
  for (const { item } of items) if (item.resourceType === 'AWS::KMS::Key' && item.arn) keyManagers.set(item.arn, String(item.configuration?.keyManager ?? ''));
  const resources: Resource[] = [];
  const seen = new Map<string, Set<string>>();
  for (const { item, evidence } of items) {
    const kind = AGGREGATOR_TYPES[item.resourceType ?? ''];
    const attributes = kind ? itemAttributes(item, keyManagers) : undefined;
    if (!kind || !attributes || !item.accountId) continue;
    const itemRegion = item.awsRegion ?? region;
    const arn = item.arn ?? `arn:${partition}:config:${itemRegion}:${item.accountId}:${item.resourceType}/${item.resourceId}`;
    // The evidence is the configuration item itself: when Config captured it, and the query that read it.
    const calls: ApiEvidence[] = [
      ...(item.configurationItemCaptureTime ? [{ service: 'config', operation: 'ConfigurationItem', at: new Date(item.configurationItemCaptureTime).toISOString() }] : []),
      ...(evidence ? [evidence] : []),
    ];
    resources.push({ kind, id: arn, name: item.resourceName ?? item.resourceId ?? arn, attributes, provenance: { source: 'aws', account: item.accountId, region: itemRegion, arn, calls, ...(item.resourceId ? { resourceId: item.resourceId } : {}) } });
    if (!seen.has(item.accountId)) seen.set(item.accountId, new Set());
    seen.get(item.accountId)!.add(itemRegion);
  }
  const problems: ScanProblem[] = [
    {
      severity: 'warning',
      file: `aws:config-aggregator/${aggregator}`,
      message: `inventory from AWS Config: ${Object.keys(AGGREGATOR_TYPES).join(', ')} only; IAM, CloudTrail, the Config recorders, GuardDuty, Security Hub, load balancers and certificates need a direct scan`,
    },
  ];
  // A type not read is not inventoried in every account the aggregator showed, and the caller's.
  const gaps: NotInventoried[] = [];
  const accounts = [...new Set([session.account, ...seen.keys()])].sort();
  for (const { type, answer } of failed) {
    const reason = unknownFrom(answer).reason;
    session.reported(answer);
    const what = `${type} from the Config aggregator ${aggregator}`;
    problems.push({ severity: 'error', file: `aws:config-aggregator/${aggregator}`, message: `${what} could not be listed, so no rule saw them: ${reason}` });
    for (const account of accounts) gaps.push({ source: 'aws', account, region: '*', kinds: [AGGREGATOR_TYPES[type]!], what, reason, calls: [answer.evidence] });
  }
  const compliance = await ruleCompliance(session, region, aggregator);
  problems.push(...compliance.problems);
  return {
    resources,
    problems,
    gaps,
    accounts: [...seen.entries()].map(([account, r]) => ({ account, status: 'scanned' as const, regions: [...r].sort() })),
    configRules: compliance.rules,
    evaluations: compliance.evaluations,
  };
}
