import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../src/engine/catalogue.js';
import { evaluateAll, type Result } from '../../../src/engine/evaluate.js';
import { KINDS } from '../../../src/model/kinds.js';
import { configVerdictsFor } from '../../../src/model/resource.js';
import { scanAws } from '../../../src/sources/aws/index.js';
import { allCollectors } from '../../../src/sources/aws/collectors/index.js';
import { parseSnapshot, serializeSnapshot } from '../../../src/sources/aws/snapshot.js';
import { fastReport, testOptions } from './mocks.js';
import { loadRecording, replayClients } from './replay.js';

/** The recorded account in fixtures/aws/, through every collector, the rule catalogue and a snapshot. */

const recording = loadRecording('clinic-prod-111122223333.json');
const catalogue = await loadCatalogue([join(__dirname, '../../../rules')]);

async function scanRecording(keepRaw = false) {
  const { clients, unanswered } = replayClients(recording);
  const result = await scanAws(testOptions({ regions: ['eu-west-1', 'eu-central-2'], keepRaw }), {
    clients,
    credentials: async () => ({ accessKeyId: 'AKIDREPLAY', secretAccessKey: 'replay' }),
    now: () => new Date(recording.recordedAt),
    reportTiming: fastReport,
  });
  return { result, unanswered };
}

const summary = (results: Result[]) => results.map((r) => `${r.rule.id} ${r.resource.name} ${r.status}`).sort();

describe('the recorded account', () => {
  it('is read with no call left unanswered, and the opt-in region it has not enabled is skipped', async () => {
    const { result, unanswered } = await scanRecording();
    expect(unanswered).toEqual([]);
    expect(result.meta.regions).toEqual(['eu-west-1']);
    expect(result.meta.skippedRegions.map((s) => s.region)).toEqual(['eu-central-2']);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('fills every kind the collectors emit with exactly the attributes the model defines', async () => {
    const { result } = await scanRecording();
    const kinds = new Set(allCollectors().flatMap((c) => c.kinds));
    for (const kind of kinds) {
      const resources = result.resources.filter((r) => r.kind === kind);
      expect(resources.length, `no ${kind} from the recording`).toBeGreaterThan(0);
      for (const r of resources) expect(Object.keys(r.attributes).sort(), `${kind} ${r.name}`).toEqual(Object.keys(KINDS[kind]!.attributes).sort());
    }
  });

  it('asks for AWS\'s verdict on a bucket policy only when the policy allows something', async () => {
    const { result } = await scanRecording();
    const bucket = (name: string) => result.resources.find((r) => r.kind === 'aws.s3.bucket' && r.name === name)!;
    const calls = (name: string) => (bucket(name).provenance as { calls: Array<{ operation: string }> }).calls.map((c) => c.operation);
    expect(bucket('clinic-public-exports').attributes.policy).toMatchObject({ public_read: true, public_per_aws: true });
    expect(calls('clinic-public-exports')).toContain('GetBucketPolicyStatus');
    // Its policy only denies: nothing to ask, and AWS would say it is not public.
    expect(bucket('clinic-phi-records').attributes.policy).toMatchObject({ exists: true, public_per_aws: false });
    expect(calls('clinic-phi-records')).not.toContain('GetBucketPolicyStatus');
  });

  it('keeps a key policy that shuts the auditor out as an unknown naming kms:GetKeyRotationStatus', async () => {
    const { result } = await scanRecording();
    const results = evaluateAll(catalogue.rules, result.resources).filter((r) => r.rule.id === 'aws-kms-key-rotation');
    const denied = results.find((r) => r.resource.name === '5c1d9e2f-0a3b-4c5d-8e6f-7a8b9c0d1e2f')!;
    expect(denied.status).toBe('unknown');
    expect(denied.message).toContain('access denied to kms:GetKeyRotationStatus (AccessDeniedException)');
  });

  it('passes the compliant half and fails the non-compliant half, rule by rule', async () => {
    const { result } = await scanRecording();
    const results = evaluateAll(catalogue.rules.filter((r) => r.sources.includes('aws')), result.resources);
    const failing = new Set(results.filter((r) => r.status === 'fail').map((r) => r.resource.name));
    const passingOnly = new Set(results.map((r) => r.resource.name).filter((n) => !failing.has(n)));
    // The non-compliant side of every pair fails something; the compliant side fails nothing.
    for (const bad of ['legacy-jump', 'acl-0a1', 'vpc-0d4e5f6a', 'i-0a2', 'vol-0a2', 'snap-0a2', 'clinic-public-exports', 'reporting', 'analytics-scratch', 'reporting-share', 'billing-export', 'billing-full', 'user/billing-export/export-anything', 'dev-sandbox', '/aws/lambda/export-job', 'legacy-portal', 'portal.clinic.example', 'EBS default encryption eu-west-1', 'Security Hub eu-west-1', 'd1portal.cloudfront.net', 'edge', 'ehr-api/test', 'api.clinic.example', 'sessions', 'clinic-alerts', 'clinic-events', 'shared', 'clinic', 'snap-0a1b2c3d4e5f', 'warehouse', 'migrate', 'root-login-silent', 'legacy-web', 'legacy-web-lc']) {
      expect(failing.has(bad), `${bad} should fail a rule`).toBe(true);
    }
    for (const good of ['ehr-app', 'acl-0a2', 'vpc-0a1b2c3d', 'i-0a1', 'vol-0a1', 'snap-0a1', 'clinic-phi-records', 'patients', 'claims', 'patients-pre-upgrade', 'patients-pg16', 'nurse.admin', 'ehr-read', 'org-audit', 'cloudtrail/org-audit', 'ehr-public', 'ehr.clinic.example', 'GuardDuty eu-west-1', 'password policy 111122223333', 'root 111122223333', 'S3 account 111122223333', 'ehr-api/prod', 'ws.clinic.example', 'visits', 'clinic-intake', 'clinic-audit', 'daily', 'portal-prod', 'DynamoDB capacity eu-west-1', '1a2b3c4d', 'root-login-paged', 'ehr-web']) {
      expect(passingOnly.has(good), `${good} should pass every rule: ${summary(results.filter((r) => r.resource.name === good && r.status !== 'pass')).join(', ')}`).toBe(true);
    }
  });

  it("carries the deployed AWS Config rules' verdicts to the resources they judge, and keeps the rules and packs in the metadata", async () => {
    const { result } = await scanRecording();
    const named = (name: string) => result.resources.find((r) => r.name === name)!;
    expect(named('legacy-jump').configRules).toEqual([{ rule: 'restricted-ssh', managedRule: 'restricted-ssh', compliance: 'NON_COMPLIANT', at: '2026-11-20T06:12:41.000Z' }]);
    expect(named('clinic-public-exports').configRules).toEqual([
      { rule: 's3-bucket-ssl-requests-only-conformance-pack-k3x9q2', managedRule: 's3-bucket-ssl-requests-only', compliance: 'NON_COMPLIANT', conformancePack: 'hipaa-security', at: '2026-11-20T05:47:13.000Z' },
    ]);
    expect(named('password policy 111122223333').configRules).toEqual([{ rule: 'iam-password-policy', managedRule: 'iam-password-policy', compliance: 'COMPLIANT', at: '2026-11-20T01:00:02.000Z' }]);
    // Account-wide checks (AWS::::Account) go on every account-level resource: a report keeps those its rule references.
    expect(named('root 111122223333').configRules).toEqual([{ rule: 'iam-password-policy', managedRule: 'iam-password-policy', compliance: 'COMPLIANT', at: '2026-11-20T01:00:02.000Z' }]);
    // Matched by ID, not by kind alone: a resource Config never judged gets nothing of another's.
    expect(named('patients').configRules).toBeUndefined();
    expect(named('ehr-app').configRules).toEqual([{ rule: 'restricted-ssh', managedRule: 'restricted-ssh', compliance: 'COMPLIANT', at: '2026-11-20T06:12:40.000Z' }]);
    // What a report shows beside Vigil's own result: the verdicts of the managed rules the Vigil rule references.
    const tls = catalogue.rules.find((r) => r.id === 'aws-s3-bucket-tls-only')!;
    expect(configVerdictsFor(named('clinic-public-exports'), tls.references.aws_config).map((v) => `${v.rule} ${v.compliance}`)).toEqual(['s3-bucket-ssl-requests-only-conformance-pack-k3x9q2 NON_COMPLIANT']);
    expect(result.meta.configRules!.map((r) => [r.rule, r.compliance, r.managedRule ?? '-', r.conformancePack ?? '-'])).toEqual([
      ['iam-password-policy', 'COMPLIANT', 'iam-password-policy', '-'],
      ['phi-tag-present', 'INSUFFICIENT_DATA', '-', '-'],
      ['restricted-ssh', 'NON_COMPLIANT', 'restricted-ssh', '-'],
      ['s3-bucket-ssl-requests-only-conformance-pack-k3x9q2', 'NON_COMPLIANT', 's3-bucket-ssl-requests-only', 'hipaa-security'],
    ]);
    expect(result.meta.conformancePacks).toEqual([
      { name: 'hipaa-security', account: '111122223333', region: 'eu-west-1', compliance: 'NON_COMPLIANT', rules: [{ rule: 's3-bucket-ssl-requests-only-conformance-pack-k3x9q2', compliance: 'NON_COMPLIANT' }] },
    ]);
  });

  it('round-trips through a snapshot to the same resources and the same results', async () => {
    const { result } = await scanRecording(true);
    const text = serializeSnapshot(result, '0.1.0', new Date(recording.recordedAt));
    const loaded = parseSnapshot(text);
    expect(loaded.resources).toEqual(result.resources);
    expect(loaded.resources.filter((r) => r.configRules).length).toBeGreaterThanOrEqual(4);
    expect(loaded.meta).toEqual(result.meta);
    const live = evaluateAll(catalogue.rules, result.resources);
    const offline = evaluateAll(catalogue.rules, loaded.resources);
    expect(offline.map((r) => [r.rule.id, r.resource.id, r.status, r.message, r.facts])).toEqual(live.map((r) => [r.rule.id, r.resource.id, r.status, r.message, r.facts]));
    const raw = JSON.parse(text) as { raw: Array<{ account: string; region: string; service: string; operation: string; at: string }> };
    expect(raw.raw.length).toBe(result.meta.apiCalls);
    expect(raw.raw.every((a) => a.account && a.region && a.service && a.operation && a.at === recording.recordedAt)).toBe(true);
    expect(() => parseSnapshot(text.replace('clinic-phi-records', 'clinic-phi-recordz'))).toThrow(/changed after it was written/);
  });
});
