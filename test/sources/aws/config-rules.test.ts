import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  GetComplianceDetailsByConfigRuleCommand,
  SelectAggregateResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { scanAws } from '../../../src/sources/aws/index.js';
import { attachConfigVerdicts, managedRuleFromIdentifier, managedRuleFromName } from '../../../src/sources/aws/config-rules.js';
import { parseSnapshot, serializeSnapshot } from '../../../src/sources/aws/snapshot.js';
import type { Resource } from '../../../src/model/resource.js';
import { awsError, mockAws, testDeps, testOptions } from './mocks.js';

/**
 * AWS Config's own verdicts as evidence: per account and region in a direct scan, through the
 * aggregator at organisation scale, and on the resources in the same way for both. Failures are
 * counted and noted, never fatal.
 */

let aws: ReturnType<typeof mockAws>;
beforeEach(() => {
  aws = mockAws();
});
afterEach(() => aws.restore());

const named = (resources: Resource[], name: string) => resources.find((r) => r.name === name)!;
const evaluation = (rule: string, type: string, id: string, compliance: string) => ({
  EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: type, ResourceId: id } },
  ComplianceType: compliance,
  ResultRecordedTime: new Date('2026-11-21T04:00:00Z'),
});
/** moto's answer to the compliance calls it does not implement. */
const html500 = () => awsError('Error', '<!doctype html>\n<html lang=en><title>500 Internal Server Error</title>', 500);

function twoResources() {
  aws.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0a1', GroupName: 'bastion', VpcId: 'vpc-1', IpPermissions: [] }] });
  aws.rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [{ DBInstanceIdentifier: 'patients', DBInstanceArn: 'arn:aws:rds:eu-west-1:111122223333:db:patients', DbiResourceId: 'db-ABCDEFGHIJ', StorageEncrypted: true }],
  });
}

describe('AWS Config rules in a direct scan', () => {
  it('reads rules, compliance and per-resource verdicts page by page and puts each verdict on its resource', async () => {
    twoResources();
    aws.config.on(DescribeConfigRulesCommand)
      .resolvesOnce({ ConfigRules: [{ ConfigRuleName: 'restricted-ssh', Source: { Owner: 'AWS', SourceIdentifier: 'INCOMING_SSH_DISABLED' } }], NextToken: 'r2' })
      .resolvesOnce({ ConfigRules: [{ ConfigRuleName: 'rds-storage-encrypted', Source: { Owner: 'AWS', SourceIdentifier: 'RDS_STORAGE_ENCRYPTED' } }] });
    aws.config.on(DescribeComplianceByConfigRuleCommand).resolves({
      ComplianceByConfigRules: [
        { ConfigRuleName: 'restricted-ssh', Compliance: { ComplianceType: 'NON_COMPLIANT' } },
        { ConfigRuleName: 'rds-storage-encrypted', Compliance: { ComplianceType: 'COMPLIANT' } },
      ],
    });
    aws.config.on(GetComplianceDetailsByConfigRuleCommand, { ConfigRuleName: 'restricted-ssh' })
      .resolvesOnce({ EvaluationResults: [evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-0a1', 'NON_COMPLIANT')], NextToken: 'e2' })
      .resolvesOnce({ EvaluationResults: [evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-0ff', 'COMPLIANT')] });
    // RDS instances are known to Config by their DbiResourceId, not their name.
    aws.config.on(GetComplianceDetailsByConfigRuleCommand, { ConfigRuleName: 'rds-storage-encrypted' })
      .resolves({ EvaluationResults: [evaluation('rds-storage-encrypted', 'AWS::RDS::DBInstance', 'db-ABCDEFGHIJ', 'COMPLIANT')] });

    const result = await scanAws(testOptions(), testDeps());
    expect(aws.config.commandCalls(DescribeConfigRulesCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'r2']);
    expect(aws.config.commandCalls(GetComplianceDetailsByConfigRuleCommand, { ConfigRuleName: 'restricted-ssh' }).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'e2']);
    expect(named(result.resources, 'bastion').configRules).toEqual([{ rule: 'restricted-ssh', managedRule: 'restricted-ssh', compliance: 'NON_COMPLIANT', at: '2026-11-21T04:00:00.000Z' }]);
    expect(named(result.resources, 'patients').configRules).toEqual([{ rule: 'rds-storage-encrypted', managedRule: 'rds-storage-encrypted', compliance: 'COMPLIANT', at: '2026-11-21T04:00:00.000Z' }]);
    expect(result.meta.configRules).toEqual([
      { rule: 'rds-storage-encrypted', account: '111122223333', region: 'eu-west-1', compliance: 'COMPLIANT', managedRule: 'rds-storage-encrypted' },
      { rule: 'restricted-ssh', account: '111122223333', region: 'eu-west-1', compliance: 'NON_COMPLIANT', managedRule: 'restricted-ssh' },
    ]);
    expect(result.meta.conformancePacks).toEqual([]);
  });

  it('asks for no verdicts of rules that reached none or are custom, and none at all where no rule is deployed', async () => {
    aws.config.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [
      { ConfigRuleName: 'phi-tags', Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: 'arn:aws:lambda:eu-west-1:111122223333:function:x' } },
      { ConfigRuleName: 'encrypted-volumes', Source: { Owner: 'AWS', SourceIdentifier: 'ENCRYPTED_VOLUMES' } },
    ] });
    aws.config.on(DescribeComplianceByConfigRuleCommand).resolves({ ComplianceByConfigRules: [
      { ConfigRuleName: 'phi-tags', Compliance: { ComplianceType: 'NON_COMPLIANT' } },
      { ConfigRuleName: 'encrypted-volumes', Compliance: { ComplianceType: 'INSUFFICIENT_DATA' } },
    ] });
    const result = await scanAws(testOptions({ regions: ['eu-west-1', 'us-east-1'] }), testDeps());
    expect(aws.config.commandCalls(GetComplianceDetailsByConfigRuleCommand)).toHaveLength(0);
    expect(result.meta.configRules!.map((r) => [r.region, r.rule, r.compliance, r.managedRule])).toEqual([
      ['eu-west-1', 'encrypted-volumes', 'INSUFFICIENT_DATA', 'encrypted-volumes'],
      ['eu-west-1', 'phi-tags', 'NON_COMPLIANT', undefined],
      ['us-east-1', 'encrypted-volumes', 'INSUFFICIENT_DATA', 'encrypted-volumes'],
      ['us-east-1', 'phi-tags', 'NON_COMPLIANT', undefined],
    ]);

    aws.restore();
    aws = mockAws();
    await scanAws(testOptions(), testDeps());
    expect(aws.config.commandCalls(DescribeComplianceByConfigRuleCommand)).toHaveLength(0);
    expect(aws.config.commandCalls(DescribeConformancePacksCommand)).toHaveLength(0);
  });

  it('names the conformance pack that deployed a rule and rolls up the pack', async () => {
    twoResources();
    const packRule = 'restricted-ssh-conformance-pack-a1b2c3';
    aws.config.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [{ ConfigRuleName: packRule, Source: { Owner: 'AWS', SourceIdentifier: 'INCOMING_SSH_DISABLED' } }] });
    aws.config.on(DescribeComplianceByConfigRuleCommand).resolves({ ComplianceByConfigRules: [{ ConfigRuleName: packRule, Compliance: { ComplianceType: 'COMPLIANT' } }] });
    aws.config.on(DescribeConformancePacksCommand)
      .resolvesOnce({ ConformancePackDetails: [{ ConformancePackName: 'hipaa', ConformancePackArn: 'arn:x', ConformancePackId: 'a1b2c3' }], NextToken: 'p2' })
      .resolvesOnce({ ConformancePackDetails: [{ ConformancePackName: 'empty-pack', ConformancePackArn: 'arn:y', ConformancePackId: 'd4e5f6' }] });
    aws.config.on(DescribeConformancePackComplianceCommand, { ConformancePackName: 'hipaa' }).resolves({ ConformancePackName: 'hipaa', ConformancePackRuleComplianceList: [{ ConfigRuleName: packRule, ComplianceType: 'COMPLIANT' }] });
    aws.config.on(DescribeConformancePackComplianceCommand, { ConformancePackName: 'empty-pack' }).resolves({ ConformancePackName: 'empty-pack', ConformancePackRuleComplianceList: [] });
    aws.config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [evaluation(packRule, 'AWS::EC2::SecurityGroup', 'sg-0a1', 'COMPLIANT')] });
    const result = await scanAws(testOptions(), testDeps());
    expect(named(result.resources, 'bastion').configRules).toEqual([{ rule: packRule, managedRule: 'restricted-ssh', compliance: 'COMPLIANT', conformancePack: 'hipaa', at: '2026-11-21T04:00:00.000Z' }]);
    expect(result.meta.conformancePacks!.map((p) => [p.name, p.compliance, p.rules.length])).toEqual([['empty-pack', 'INSUFFICIENT_DATA', 0], ['hipaa', 'COMPLIANT', 1]]);
  });

  it('survives AccessDenied on the rules as a counted error and a note; every other result is unchanged', async () => {
    twoResources();
    aws.config.on(DescribeConfigRulesCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: config:DescribeConfigRules', 400));
    const result = await scanAws(testOptions(), testDeps());
    expect(result.meta.apiErrors).toContainEqual({ service: 'config', operation: 'DescribeConfigRules', kind: 'denied', code: 'AccessDeniedException', count: 1 });
    expect(result.problems).toContainEqual({
      severity: 'warning', file: 'aws:111122223333/eu-west-1',
      message: 'AWS Config rules in eu-west-1 could not be read, so they are not shown as evidence: access denied to config:DescribeConfigRules (AccessDeniedException)',
    });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.meta.configRules).toEqual([]);
    expect(named(result.resources, 'bastion').configRules).toBeUndefined();
    expect(named(result.resources, 'bastion').attributes.name).toBe('bastion');
  });

  it("survives HTTP 500 with an HTML page (moto) on the compliance and conformance-pack calls: counted, noted, never a crash", async () => {
    twoResources();
    aws.config.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [{ ConfigRuleName: 'restricted-ssh', Source: { Owner: 'AWS', SourceIdentifier: 'INCOMING_SSH_DISABLED' } }] });
    aws.config.on(DescribeComplianceByConfigRuleCommand).rejects(html500());
    aws.config.on(DescribeConformancePacksCommand).rejects(html500());
    const result = await scanAws(testOptions(), testDeps());
    expect(result.meta.apiErrors).toEqual(expect.arrayContaining([
      { service: 'config', operation: 'DescribeComplianceByConfigRule', kind: 'server', code: 'Error', count: 1 },
      { service: 'config', operation: 'DescribeConformancePacks', kind: 'server', code: 'Error', count: 1 },
    ]));
    expect(result.problems).toContainEqual({ severity: 'warning', file: 'aws', message: 'API errors: config DescribeComplianceByConfigRule: server Error × 1' });
    expect(result.problems.map((p) => p.message)).toContain(
      "AWS Config rules' compliance in eu-west-1 could not be read, so they are not shown as evidence: config:DescribeComplianceByConfigRule failed: Error: <!doctype html>",
    );
    // The rule is still listed as deployed; what it says is unknown, and no verdict is invented.
    expect(result.meta.configRules).toEqual([{ rule: 'restricted-ssh', account: '111122223333', region: 'eu-west-1', compliance: 'UNKNOWN', managedRule: 'restricted-ssh' }]);
    expect(aws.config.commandCalls(GetComplianceDetailsByConfigRuleCommand)).toHaveLength(0);
    expect(named(result.resources, 'bastion').configRules).toBeUndefined();
  });

  it('keeps the verdicts of one rule whose details are throttled out of reach as a note, and the others', async () => {
    twoResources();
    aws.config.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [
      { ConfigRuleName: 'restricted-ssh', Source: { Owner: 'AWS', SourceIdentifier: 'INCOMING_SSH_DISABLED' } },
      { ConfigRuleName: 'rds-storage-encrypted', Source: { Owner: 'AWS', SourceIdentifier: 'RDS_STORAGE_ENCRYPTED' } },
    ] });
    aws.config.on(DescribeComplianceByConfigRuleCommand).resolves({ ComplianceByConfigRules: [
      { ConfigRuleName: 'restricted-ssh', Compliance: { ComplianceType: 'NON_COMPLIANT' } },
      { ConfigRuleName: 'rds-storage-encrypted', Compliance: { ComplianceType: 'COMPLIANT' } },
    ] });
    aws.config.on(GetComplianceDetailsByConfigRuleCommand, { ConfigRuleName: 'restricted-ssh' }).rejects(awsError('ThrottlingException', 'Rate exceeded', 400));
    aws.config.on(GetComplianceDetailsByConfigRuleCommand, { ConfigRuleName: 'rds-storage-encrypted' }).resolves({ EvaluationResults: [evaluation('rds-storage-encrypted', 'AWS::RDS::DBInstance', 'db-ABCDEFGHIJ', 'COMPLIANT')] });
    const result = await scanAws(testOptions(), testDeps());
    expect(result.meta.apiErrors).toContainEqual({ service: 'config', operation: 'GetComplianceDetailsByConfigRule', kind: 'throttled', code: 'ThrottlingException', count: 1 });
    expect(result.problems.map((p) => p.message)).toContain(
      "AWS Config rule restricted-ssh's verdicts per resource in eu-west-1 could not be read, so they are not shown as evidence: config:GetComplianceDetailsByConfigRule was still throttled after the SDK's retries (ThrottlingException)",
    );
    expect(named(result.resources, 'bastion').configRules).toBeUndefined();
    expect(named(result.resources, 'patients').configRules).toHaveLength(1);
  });
});

describe('AWS Config rules through an aggregator', () => {
  it('puts the aggregated verdicts on the aggregated resources the same way, and the snapshot keeps them', async () => {
    aws.config.on(SelectAggregateResourceConfigCommand).resolves({
      Results: [
        JSON.stringify({ resourceId: 'sg-0b2', resourceName: 'db-admin', resourceType: 'AWS::EC2::SecurityGroup', accountId: '111111111111', awsRegion: 'eu-central-1', arn: 'arn:aws:ec2:eu-central-1:111111111111:security-group/sg-0b2',
          configuration: { groupId: 'sg-0b2', groupName: 'db-admin', ipPermissions: [], ipPermissionsEgress: [] } }),
        JSON.stringify({ resourceId: 'db-XYZ', resourceName: 'reporting', resourceType: 'AWS::RDS::DBInstance', accountId: '222222222222', awsRegion: 'us-east-1', arn: 'arn:aws:rds:us-east-1:222222222222:db:reporting',
          configuration: { dBInstanceIdentifier: 'reporting', storageEncrypted: false } }),
      ],
    });
    aws.config.on(DescribeAggregateComplianceByConfigRulesCommand)
      .resolvesOnce({ AggregateComplianceByConfigRules: [{ ConfigRuleName: 'restricted-ssh', AccountId: '111111111111', AwsRegion: 'eu-central-1', Compliance: { ComplianceType: 'COMPLIANT' } }], NextToken: 'a2' })
      .resolvesOnce({ AggregateComplianceByConfigRules: [
        { ConfigRuleName: 'rds-storage-encrypted-conformance-pack-q1w2e3', AccountId: '222222222222', AwsRegion: 'us-east-1', Compliance: { ComplianceType: 'NON_COMPLIANT' } },
        { ConfigRuleName: 'ec2-imdsv2-check', AccountId: '222222222222', AwsRegion: 'us-east-1', Compliance: { ComplianceType: 'NOT_APPLICABLE' } },
      ] });
    aws.config.on(GetAggregateComplianceDetailsByConfigRuleCommand, { ConfigRuleName: 'restricted-ssh', AccountId: '111111111111', AwsRegion: 'eu-central-1' }).resolves({
      AggregateEvaluationResults: [{ ...evaluation('restricted-ssh', 'AWS::EC2::SecurityGroup', 'sg-0b2', 'COMPLIANT'), AccountId: '111111111111', AwsRegion: 'eu-central-1' }],
    });
    aws.config.on(GetAggregateComplianceDetailsByConfigRuleCommand, { ConfigRuleName: 'rds-storage-encrypted-conformance-pack-q1w2e3' })
      .resolvesOnce({ AggregateEvaluationResults: [], NextToken: 'd2' })
      .resolvesOnce({ AggregateEvaluationResults: [{ ...evaluation('rds-storage-encrypted-conformance-pack-q1w2e3', 'AWS::RDS::DBInstance', 'db-XYZ', 'NON_COMPLIANT'), AccountId: '222222222222', AwsRegion: 'us-east-1' }] });

    const result = await scanAws(testOptions({ configAggregator: 'org', regions: undefined, keepRaw: true }), testDeps());
    expect(named(result.resources, 'db-admin').configRules).toEqual([{ rule: 'restricted-ssh', managedRule: 'restricted-ssh', compliance: 'COMPLIANT', at: '2026-11-21T04:00:00.000Z' }]);
    expect(named(result.resources, 'reporting').configRules).toEqual([
      { rule: 'rds-storage-encrypted-conformance-pack-q1w2e3', managedRule: 'rds-storage-encrypted', compliance: 'NON_COMPLIANT', at: '2026-11-21T04:00:00.000Z' },
    ]);
    // NOT_APPLICABLE has no verdict per resource to read.
    expect(aws.config.commandCalls(GetAggregateComplianceDetailsByConfigRuleCommand).map((c) => [c.args[0].input.ConfigRuleName, c.args[0].input.NextToken])).toEqual(
      expect.arrayContaining([['restricted-ssh', undefined], ['rds-storage-encrypted-conformance-pack-q1w2e3', undefined], ['rds-storage-encrypted-conformance-pack-q1w2e3', 'd2']]),
    );
    expect(aws.config.commandCalls(GetAggregateComplianceDetailsByConfigRuleCommand)).toHaveLength(3);

    const loaded = parseSnapshot(serializeSnapshot(result, '0.1.0', new Date('2026-11-22T03:00:00Z')));
    expect(loaded.resources).toEqual(result.resources);
    expect(loaded.meta.configRules).toEqual(result.meta.configRules);
  });

  it('notes a rule whose aggregated verdicts are denied and keeps the rest of the scan', async () => {
    aws.config.on(SelectAggregateResourceConfigCommand).resolves({ Results: [] });
    aws.config.on(DescribeAggregateComplianceByConfigRulesCommand).resolves({
      AggregateComplianceByConfigRules: [{ ConfigRuleName: 'restricted-ssh', AccountId: '111111111111', AwsRegion: 'eu-central-1', Compliance: { ComplianceType: 'COMPLIANT' } }],
    });
    aws.config.on(GetAggregateComplianceDetailsByConfigRuleCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const result = await scanAws(testOptions({ configAggregator: 'org' }), testDeps());
    expect(result.meta.configRules).toHaveLength(1);
    expect(result.problems).toContainEqual({
      severity: 'warning', file: 'aws:config-aggregator/org',
      message: "Config rule restricted-ssh's verdicts per resource in 111111111111/eu-central-1 could not be read: access denied to config:GetAggregateComplianceDetailsByConfigRule (AccessDeniedException)",
    });
  });
});

describe('managed rule names', () => {
  it('spells source identifiers as rules reference them, including the ones AWS named differently', () => {
    expect(managedRuleFromIdentifier('S3_BUCKET_SSL_REQUESTS_ONLY')).toBe('s3-bucket-ssl-requests-only');
    expect(managedRuleFromIdentifier('INCOMING_SSH_DISABLED')).toBe('restricted-ssh');
    expect(managedRuleFromIdentifier('MULTI_REGION_CLOUD_TRAIL_ENABLED')).toBe('multi-region-cloudtrail-enabled');
  });

  it('reads the managed rule from a deployed rule name: console, conformance pack and Security Hub forms', () => {
    expect(managedRuleFromName('restricted-ssh')).toBe('restricted-ssh');
    expect(managedRuleFromName('s3-bucket-ssl-requests-only-conformance-pack-k3x9q2')).toBe('s3-bucket-ssl-requests-only');
    expect(managedRuleFromName('securityhub-s3-bucket-ssl-requests-only-a1b2c3d4')).toBe('s3-bucket-ssl-requests-only');
    expect(managedRuleFromName('MyCustomRule')).toBeUndefined();
  });
});

describe('attaching verdicts to resources', () => {
  const resource = (kind: string, name: string, arn: string, region: string): Resource => ({
    kind, id: arn, name, attributes: {}, provenance: { source: 'aws', account: '111111111111', region, arn, calls: [] },
  });
  const evaluation = (resourceType: string, resourceId: string, region: string, rule: string) => ({
    account: '111111111111', region, resourceType, resourceId, verdict: { rule, managedRule: rule, compliance: 'NON_COMPLIANT' },
  });

  it('matches by region, and by a type/id ARN tail only, never by the last part of a log group name', () => {
    const euGroup = resource('aws.logs.log_group', '/aws/lambda/payments', 'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/payments', 'eu-west-1');
    const usGroup = resource('aws.logs.log_group', '/aws/lambda/payments', 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/payments', 'us-east-1');
    const sg = resource('aws.ec2.security_group', 'web', 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0abc', 'eu-west-1');
    attachConfigVerdicts([euGroup, usGroup, sg], [
      evaluation('AWS::Logs::LogGroup', '/aws/lambda/payments', 'eu-west-1', 'cw-loggroup-retention-period-check'),
      evaluation('AWS::Logs::LogGroup', 'payments', 'eu-west-1', 'cloudwatch-log-group-encrypted'),
      evaluation('AWS::EC2::SecurityGroup', 'sg-0abc', 'eu-west-1', 'restricted-ssh'),
      evaluation('AWS::EC2::SecurityGroup', 'sg-0abc', 'us-east-1', 'restricted-common-ports'),
    ]);
    expect(euGroup.configRules?.map((v) => v.rule)).toEqual(['cw-loggroup-retention-period-check']);
    expect(usGroup.configRules).toBeUndefined();
    expect(sg.configRules?.map((v) => v.rule)).toEqual(['restricted-ssh']);
  });
});
