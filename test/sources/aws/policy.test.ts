import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iamAction, isReadOperation, NO_POLICY_NEEDED, SERVICES, type ServiceName } from '../../../src/sources/aws/permissions.js';

/**
 * The AWS source only reads, and the shipped policy lets it do everything it does. Every SDK
 * command imported anywhere under src/sources/aws is found here, so a new call cannot slip in
 * unchecked.
 */

const root = join(__dirname, '../../../src/sources/aws');
const PACKAGES: Record<string, ServiceName> = {
  'client-sts': 'sts', 'client-ec2': 'ec2', 'client-s3': 's3', 'client-s3-control': 's3control', 'client-rds': 'rds', 'client-iam': 'iam',
  'client-config-service': 'config', 'client-cloudtrail': 'cloudtrail', 'client-kms': 'kms', 'client-cloudwatch-logs': 'logs',
  'client-guardduty': 'guardduty', 'client-elastic-load-balancing-v2': 'elbv2', 'client-acm': 'acm', 'client-organizations': 'organizations',
  'client-securityhub': 'securityhub', 'client-resource-groups-tagging-api': 'tagging',
  'client-securityhub': 'securityhub',
  'client-ecs': 'ecs', 'client-ecr': 'ecr', 'client-secrets-manager': 'secretsmanager', 'client-elasticache': 'elasticache', 'client-eks': 'eks',
  'client-opensearch': 'opensearch', 'client-lambda': 'lambda', 'client-sagemaker': 'sagemaker', 'client-emr': 'emr', 'client-codebuild': 'codebuild',
  'client-securityhub': 'securityhub', 'client-cloudfront': 'cloudfront', 'client-wafv2': 'wafv2', 'client-api-gateway': 'apigateway',
  'client-apigatewayv2': 'apigatewayv2', 'client-dynamodb': 'dynamodb', 'client-sns': 'sns', 'client-sqs': 'sqs', 'client-kinesis': 'kinesis',
  'client-firehose': 'firehose', 'client-efs': 'efs', 'client-backup': 'backup', 'client-redshift': 'redshift', 'client-database-migration-service': 'dms',
  'client-elastic-beanstalk': 'elasticbeanstalk',
  'client-securityhub': 'securityhub', 'client-ssm': 'ssm', 'client-route-53': 'route53', 'client-sso-admin': 'ssoadmin',
  'client-cloudwatch': 'cloudwatch', 'client-auto-scaling': 'autoscaling', 'client-application-auto-scaling': 'applicationautoscaling',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function commandsUsed(): Array<{ file: string; service: ServiceName; operation: string }> {
  const out: Array<{ file: string; service: ServiceName; operation: string }> = [];
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[\w-]+)'/g)) {
      const service = PACKAGES[match[2]!];
      if (!service) throw new Error(`${file} imports @aws-sdk/${match[2]}, which this test does not know`);
      for (const name of match[1]!.split(',').map((s) => s.trim().split(/\s+as\s+/)[0]!.replace(/^type\s+/, ''))) {
        if (/^\w+Command$/.test(name)) out.push({ file: file.slice(root.length + 1), service, operation: name.replace(/Command$/, '') });
      }
    }
  }
  return out;
}

const policy = JSON.parse(readFileSync(join(root, 'policy/vigil-audit-policy.json'), 'utf8')) as { Version: string; Statement: Array<{ Effect: string; Action: string[]; Resource: string }> };
const allowed = new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action));

describe('the AWS source is read-only and covered by the shipped policy', () => {
  const used = commandsUsed();

  it('finds the commands the collectors send', () => {
    expect(used.length).toBeGreaterThan(50);
    expect(Object.keys(SERVICES).every((service) => used.some((u) => u.service === service))).toBe(true);
  });

  it('uses only reads: Describe, Get, List, Select, BatchGet and GenerateCredentialReport (plus STS identity and AssumeRole)', () => {
    const writes = used.filter((u) => !isReadOperation(u.operation) && !NO_POLICY_NEEDED.has(`${u.service}:${u.operation}`));
    expect(writes).toEqual([]);
  });

  it('is allowed by src/sources/aws/policy/vigil-audit-policy.json, action by action', () => {
    const missing = used.map((u) => iamAction(u.service, u.operation)).filter((action) => !NO_POLICY_NEEDED.has(action) && !allowed.has(action));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('grants nothing but reads and nothing it does not use', () => {
    expect(policy.Version).toBe('2012-10-17');
    const needed = new Set(used.map((u) => iamAction(u.service, u.operation)));
    for (const action of allowed) {
      // API Gateway names its reads by HTTP method: apigateway:GET.
      expect(action.split(':')[1], action).toMatch(/^(Describe|Get|List|Select|BatchGet|GenerateCredentialReport|GET$)/);
      expect(needed.has(action), `${action} is granted but never used`).toBe(true);
    }
    expect(policy.Statement.every((s) => s.Resource === '*' && !s.Action.some((a) => a.includes('*')))).toBe(true);
  });
});
