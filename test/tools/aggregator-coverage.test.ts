import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/engine/catalogue.js';
import { evaluateAll } from '../../src/engine/evaluate.js';
import { AGGREGATOR_END, AGGREGATOR_START, aggregatorCoverage, renderAggregatorCoverage } from '../../src/tools/aggregator-coverage.js';
import { AGGREGATOR_TYPES, itemAttributes } from '../../src/sources/aws/aggregator.js';
import type { Resource } from '../../src/model/resource.js';

/** The README's list of the rules the Config aggregator path decides, checked against the rules and the mapping. */

const root = join(__dirname, '../..');
const catalogue = await loadCatalogue([join(root, 'rules')]);

describe('the README list of what the Config aggregator path covers', () => {
  it('matches the rules (regenerate with `npm run build && node dist/tools/readme-catalogue.js`)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(AGGREGATOR_START), readme.indexOf(AGGREGATOR_END) + AGGREGATOR_END.length);
    expect(section).toBe(renderAggregatorCoverage(catalogue.rules));
    for (const rule of catalogue.rules.filter((r) => r.sources.includes('aws'))) expect(section).toContain(`\`${rule.id}\``);
  });

  it('is true: a rule it says the aggregator decides is never unknown on a full configuration item, one that lacks an attribute is', () => {
    const coverage = aggregatorCoverage(catalogue.rules);
    const s3 = coverage.find((k) => k.kind === 'aws.s3.bucket')!;
    expect(s3.direct.map((d) => d.rule)).toContain('aws-s3-bucket-no-public-read');
    expect(coverage.find((k) => k.kind === 'aws.iam.user')!.decided).toEqual([]);

    // Full items, with every part a configuration item can hold, in the shape AWS Config returns them.
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/k1';
    const items = [
      { resourceType: 'AWS::S3::Bucket', configuration: { name: 'b' }, supplementaryConfiguration: {
        ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: key } }] },
        PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
        BucketVersioningConfiguration: { status: 'Enabled' }, BucketLoggingConfiguration: { destinationBucketName: 'logs' },
        BucketPolicy: { policyText: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) },
      } },
      { resourceType: 'AWS::EC2::SecurityGroup', configuration: { groupId: 'sg-1', groupName: 'default', ipPermissions: [], ipPermissionsEgress: [] } },
      { resourceType: 'AWS::RDS::DBInstance', configuration: { dBInstanceIdentifier: 'db', engine: 'postgres', storageEncrypted: true, backupRetentionPeriod: 7, enabledCloudwatchLogsExports: ['postgresql'] } },
      { resourceType: 'AWS::EC2::Volume', configuration: { encrypted: true } },
      { resourceType: 'AWS::KMS::Key', configuration: { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', keyState: 'Enabled' }, arn: key },
    ];
    const resources: Resource[] = items.map((item) => ({
      kind: AGGREGATOR_TYPES[item.resourceType]!,
      id: `${item.resourceType}/x`,
      name: 'x',
      attributes: itemAttributes({ ...item, accountId: '111122223333', awsRegion: 'eu-west-1' }, new Map([[key, 'CUSTOMER']]))!,
      provenance: { source: 'aws', account: '111122223333', region: 'eu-west-1', arn: `arn:${item.resourceType}`, calls: [] },
    }));
    const results = evaluateAll(catalogue.rules, resources);
    const decided = new Set(coverage.flatMap((k) => k.decided));
    const direct = new Set(coverage.flatMap((k) => k.direct.map((d) => d.rule)));
    for (const r of results) {
      if (decided.has(r.rule.id)) expect(r.status, `${r.rule.id}: ${r.message}`).not.toBe('unknown');
    }
    expect(results.filter((r) => r.status === 'unknown').every((r) => direct.has(r.rule.id))).toBe(true);
    expect(results.find((r) => r.rule.id === 'aws-kms-key-rotation')!.status).toBe('unknown');
  });
});
