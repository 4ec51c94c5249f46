import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/engine/catalogue.js';

/**
 * Every Trivy ID a built-in rule cites, with what the check is in aquasecurity/trivy-checks
 * (checks/cloud/aws/<service>/*.rego, `avd_id` and `short_code`), read there on 2026-11-22.
 * A rule citing an ID outside this list fails, so a new reference is verified before it ships,
 * and each rule's IDs must name checks of the setting the rule judges.
 */
const VERIFIED: Record<string, { check: string; rules: string[] }> = {
  'AVD-AWS-0010': { check: 'cloudfront enable-logging', rules: ['aws-cloudfront-distribution-access-logging'] },
  'AVD-AWS-0011': { check: 'cloudfront enable-waf', rules: ['aws-cloudfront-distribution-waf'] },
  'AVD-AWS-0012': { check: 'cloudfront enforce-https', rules: ['aws-cloudfront-distribution-https-only'] },
  'AVD-AWS-0013': { check: 'cloudfront use-secure-tls-policy', rules: ['aws-cloudfront-distribution-tls12'] },
  'AVD-AWS-0024': { check: 'dynamodb enable-recovery', rules: ['aws-dynamodb-table-pitr'] },
  'AVD-AWS-0025': { check: 'dynamodb table-customer-key', rules: ['aws-dynamodb-table-kms-cmk'] },
  'AVD-AWS-0037': { check: 'efs enable-at-rest-encryption', rules: ['aws-efs-file-system-encrypted'] },
  'AVD-AWS-0064': { check: 'kinesis enable-in-transit-encryption (stream encryption_type KMS)', rules: ['aws-kinesis-stream-encrypted'] },
  'AVD-AWS-0095': { check: 'sns enable-topic-encryption', rules: ['aws-sns-topic-encrypted-kms'] },
  'AVD-AWS-0096': { check: 'sqs enable-queue-encryption', rules: ['aws-sqs-queue-encrypted'] },
  'AVD-AWS-0014': { check: 'cloudtrail enable-all-regions', rules: ['aws-cloudtrail-multi-region'] },
  'AVD-AWS-0015': { check: 'cloudtrail encryption-customer-managed-key', rules: ['aws-cloudtrail-kms'] },
  'AVD-AWS-0016': { check: 'cloudtrail enable-log-validation', rules: ['aws-cloudtrail-log-validation'] },
  'AVD-AWS-0017': { check: 'cloudwatch log-group-customer-key', rules: ['aws-logs-group-kms'] },
  'AVD-AWS-0026': { check: 'ec2 enable-volume-encryption', rules: ['aws-ec2-volume-encrypted'] },
  'AVD-AWS-0028': { check: 'ec2 enforce-http-token-imds', rules: ['aws-ec2-instance-imdsv2-required'] },
  'AVD-AWS-0030': { check: 'ecr enable-image-scans', rules: ['aws-ecr-repository-scan-on-push'] },
  'AVD-AWS-0031': { check: 'ecr enforce-immutable-repository', rules: ['aws-ecr-repository-immutable-tags'] },
  'AVD-AWS-0032': { check: 'ecr no-public-access', rules: ['aws-ecr-repository-not-public'] },
  'AVD-AWS-0033': { check: 'ecr repository-customer-key', rules: ['aws-ecr-repository-encrypted-kms'] },
  'AVD-AWS-0034': { check: 'ecs enable-container-insight', rules: ['aws-ecs-cluster-container-insights'] },
  'AVD-AWS-0036': { check: 'ecs no-plaintext-secrets', rules: ['aws-ecs-task-no-plaintext-secrets'] },
  'AVD-AWS-0038': { check: 'eks enable-control-plane-logging', rules: ['aws-eks-control-plane-logging'] },
  'AVD-AWS-0039': { check: 'eks encrypt-secrets', rules: ['aws-eks-secrets-encrypted'] },
  'AVD-AWS-0041': { check: 'eks no-public-cluster-access-to-cidr', rules: ['aws-eks-endpoint-restricted'] },
  'AVD-AWS-0042': { check: 'elasticsearch enable-domain-logging', rules: ['aws-opensearch-logs-to-cloudwatch'] },
  'AVD-AWS-0043': { check: 'elasticsearch enable-in-transit-encryption (node to node)', rules: ['aws-opensearch-node-to-node-encryption'] },
  'AVD-AWS-0045': { check: 'elasticache enable-at-rest-encryption', rules: ['aws-elasticache-redis-encrypted-at-rest'] },
  'AVD-AWS-0046': { check: 'elasticsearch enforce-https', rules: ['aws-opensearch-https-tls12'] },
  'AVD-AWS-0048': { check: 'elasticsearch enable-domain-encryption', rules: ['aws-opensearch-encrypted-at-rest'] },
  'AVD-AWS-0050': { check: 'elasticache enable-backup-retention', rules: ['aws-elasticache-redis-backups'] },
  'AVD-AWS-0051': { check: 'elasticache enable-in-transit-encryption', rules: ['aws-elasticache-redis-encrypted-in-transit'] },
  'AVD-AWS-0098': { check: 'ssm secret-use-customer-key (Secrets Manager)', rules: ['aws-secretsmanager-secret-cmk'] },
  'AVD-AWS-0126': { check: 'elasticsearch use-secure-tls-policy', rules: ['aws-opensearch-https-tls12'] },
  'AVD-AWS-0047': { check: 'elb use-secure-tls-policy', rules: ['aws-elb-tls-policy'] },
  'AVD-AWS-0054': { check: 'elb http-not-used', rules: ['aws-elb-https-listeners'] },
  'AVD-AWS-0056': { check: 'iam no-password-reuse', rules: ['aws-iam-password-policy'] },
  'AVD-AWS-0057': { check: 'iam no-policy-wildcards', rules: ['aws-iam-policy-no-admin', 'aws-iam-policy-no-service-wildcards'] },
  'AVD-AWS-0058': { check: 'iam require-lowercase-in-passwords', rules: ['aws-iam-password-policy'] },
  'AVD-AWS-0059': { check: 'iam require-numbers-in-passwords', rules: ['aws-iam-password-policy'] },
  'AVD-AWS-0060': { check: 'iam require-symbols-in-passwords', rules: ['aws-iam-password-policy'] },
  'AVD-AWS-0061': { check: 'iam require-uppercase-in-passwords', rules: ['aws-iam-password-policy'] },
  'AVD-AWS-0062': { check: 'iam set-max-password-age', rules: ['aws-iam-password-policy'] },
  'AVD-AWS-0063': { check: 'iam set-minimum-password-length', rules: ['aws-iam-password-policy'] },
  'AVD-AWS-0065': { check: 'kms auto-rotate-keys', rules: ['aws-kms-key-rotation'] },
  'AVD-AWS-0077': { check: 'rds specify-backup-retention', rules: ['aws-rds-cluster-backup-retention', 'aws-rds-instance-backup-retention'] },
  'AVD-AWS-0079': { check: 'rds encrypt-cluster-storage-data', rules: ['aws-rds-cluster-encrypted'] },
  'AVD-AWS-0080': { check: 'rds encrypt-instance-storage-data', rules: ['aws-rds-instance-encrypted'] },
  'AVD-AWS-0086': { check: 's3 block-public-acls', rules: ['aws-s3-bucket-public-access-block'] },
  'AVD-AWS-0087': { check: 's3 block-public-policy', rules: ['aws-s3-bucket-public-access-block'] },
  'AVD-AWS-0089': { check: 's3 enable-logging', rules: ['aws-s3-bucket-access-logging'] },
  'AVD-AWS-0090': { check: 's3 enable-versioning', rules: ['aws-s3-bucket-versioning-enabled'] },
  'AVD-AWS-0091': { check: 's3 ignore-public-acls', rules: ['aws-s3-bucket-public-access-block'] },
  'AVD-AWS-0092': { check: 's3 no-public-access-with-acl', rules: ['aws-s3-bucket-no-public-read', 'aws-s3-bucket-no-public-write'] },
  'AVD-AWS-0093': { check: 's3 no-public-buckets (restrict_public_buckets)', rules: ['aws-s3-bucket-public-access-block'] },
  'AVD-AWS-0094': { check: 's3 specify-public-access-block', rules: ['aws-s3-bucket-public-access-block'] },
  'AVD-AWS-0105': { check: 'ec2 no-public-ingress-acl', rules: ['aws-ec2-nacl-no-public-admin-ports'] },
  'AVD-AWS-0107': {
    check: 'ec2 no-public-ingress-sgr',
    rules: ['aws-ec2-sg-no-public-admin-db-ports', 'aws-ec2-sg-no-public-all-ports', 'aws-ec2-sg-no-public-rdp', 'aws-ec2-sg-no-public-ssh'],
  },
  'AVD-AWS-0131': { check: 'ec2 enable-at-rest-encryption (instance block devices)', rules: ['aws-ec2-instance-volumes-encrypted'] },
  'AVD-AWS-0132': { check: 's3 encryption-customer-key', rules: ['aws-s3-bucket-encrypted-kms'] },
  'AVD-AWS-0141': { check: 'iam no-root-access-keys', rules: ['aws-iam-root-no-access-keys'] },
  'AVD-AWS-0142': { check: 'iam enforce-root-mfa', rules: ['aws-iam-root-mfa'] },
  'AVD-AWS-0143': { check: 'iam no-user-attached-policies', rules: ['aws-iam-user-no-direct-policies'] },
  'AVD-AWS-0144': { check: 'iam disable-unused-credentials', rules: ['aws-iam-user-unused-credentials'] },
  'AVD-AWS-0145': { check: 'iam enforce-user-mfa', rules: ['aws-iam-user-console-mfa'] },
  'AVD-AWS-0146': { check: 'iam rotate-access-keys', rules: ['aws-iam-access-keys-rotated'] },
  'AVD-AWS-0162': { check: 'cloudtrail ensure-cloudwatch-integration', rules: ['aws-cloudtrail-cloudwatch-logs'] },
  'AVD-AWS-0176': { check: 'rds enable-iam-auth', rules: ['aws-rds-instance-iam-auth'] },
  'AVD-AWS-0177': { check: 'rds enable-deletion-protection', rules: ['aws-rds-instance-deletion-protection'] },
  'AVD-AWS-0178': { check: 'ec2 require-vpc-flow-logs-for-all-vpcs', rules: ['aws-vpc-flow-logs-enabled'] },
  'AVD-AWS-0180': { check: 'rds enable-public-access (RDS Publicly Accessible)', rules: ['aws-rds-instance-not-public'] },
  'AVD-AWS-0343': { check: 'rds enable-cluster-deletion-protection', rules: ['aws-rds-cluster-deletion-protection'] },
};

describe('Trivy references', async () => {
  const catalogue = await loadCatalogue([join(__dirname, '../../rules')]);
  const cited = catalogue.rules.flatMap((rule) => (rule.references.trivy ?? []).map((id) => `${id} ${rule.id}`)).sort();

  it('cite only IDs verified against trivy-checks, each on a rule judging that check\'s setting', () => {
    const verified = Object.entries(VERIFIED).flatMap(([id, { rules }]) => rules.map((rule) => `${id} ${rule}`)).sort();
    expect(cited).toEqual(verified);
  });
});
