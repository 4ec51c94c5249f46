import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument, ReportResult } from '../../src/report/document.js';
import { writeClinicSnapshot } from './aws-snapshot.js';
import { expectValidReport, sarifSchemaErrors } from './validate.js';

/** The recorded clinic account, through `vigil scan --from-snapshot`, into every report format. */

const DB_ARN = 'arn:aws:rds:eu-west-1:111122223333:db:reporting';
/** The compliant database, tagged as holding PHI. */
const PATIENTS_ARN = 'arn:aws:rds:eu-west-1:111122223333:db:patients';

describe('AWS evidence in the reports', () => {
  let dir: string;
  let report: ReportDocument;
  let db: ReportResult;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-aws-evidence-'));
    await writeClinicSnapshot(join(dir, 'clinic.snapshot.json'));
    const run = vigil(['scan', '--from-snapshot', join(dir, 'clinic.snapshot.json'), '--format', 'json,html,sarif,markdown', '--output', join(dir, 'out') + '/', '--quiet']);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(1);
    report = JSON.parse(readFileSync(join(dir, 'out', 'vigil.json'), 'utf8')) as ReportDocument;
    db = report.results.find((r) => r.rule.id === 'aws-rds-instance-encrypted' && r.resource.arn === DB_ARN)!;
  }, 60_000);

  it('JSON: ARN, account, region, tags, the values the rule read with their API field, and the timed calls; valid against the schema', () => {
    expectValidReport(report);
    expect(db.status).toBe('fail');
    expect(db.resource).toEqual({ kind: 'aws.rds.db_instance', source: 'aws', name: 'reporting', arn: DB_ARN, account: '111122223333', region: 'eu-west-1' });
    const patients = report.results.find((r) => r.rule.id === 'aws-rds-instance-encrypted' && r.resource.arn === PATIENTS_ARN)!;
    expect(patients).toMatchObject({ status: 'pass', resource: { tags: { 'data-class': 'phi' } }, observed: [{ attribute: 'storage_encrypted', field: 'StorageEncrypted', value: 'true' }] });
    expect(db.observed).toEqual([{ attribute: 'storage_encrypted', field: 'StorageEncrypted', value: 'false' }]);
    expect(db.evidence).toContainEqual({ service: 'rds', operation: 'DescribeDBInstances', at: '2026-11-20T09:30:00.000Z' });
    // A denied call is evidence too: the value is unknown and says why.
    const denied = report.results.find((r) => r.rule.id === 'aws-kms-key-rotation' && r.status === 'unknown')!;
    expect(denied.observed![0]!.value).toContain('unknown (access denied to kms:GetKeyRotationStatus');
    for (const r of report.results) {
      expect(r.observed?.length ?? 0).toBeLessThanOrEqual(8);
      for (const o of r.observed ?? []) expect(o.value.length).toBeLessThanOrEqual(160);
    }
  });

  it('carries the deployed AWS Config rules\' verdicts beside the rule that references their managed rule', () => {
    const ssh = report.results.filter((r) => r.rule.id === 'aws-ec2-sg-no-public-ssh' && r.configRules);
    const open = ssh.find((r) => r.resource.arn!.endsWith('sg-0c1a2b3c4d5e6f703'))!;
    expect(open.configRules).toEqual([{ rule: 'restricted-ssh', managedRule: 'restricted-ssh', compliance: 'NON_COMPLIANT', at: '2026-11-20T06:12:41.000Z' }]);
    // Only verdicts of the managed rules a Vigil rule references sit beside it.
    for (const r of report.results) for (const v of r.configRules ?? []) expect(r.rule.references.filter((ref) => ref.source === 'aws_config').map((ref) => ref.id)).toContain(v.managedRule);
    const html = readFileSync(join(dir, 'out', 'vigil.html'), 'utf8');
    expect(html).toContain('AWS Config rule restricted-ssh says NON_COMPLIANT at 2026-11-20T06:12:41.000Z');
  });

  it('HTML: the row shows the ARN, account and region, tags, the API field and value, and the call with its time', () => {
    const html = readFileSync(join(dir, 'out', 'vigil.html'), 'utf8');
    const row = html.split('<tr class="result').slice(1).find((tr) => tr.includes(DB_ARN) && tr.includes('StorageEncrypted') && tr.includes('st-fail'))!;
    expect(row).toBeDefined();
    expect(row).toContain('account <code>111122223333</code> · <code>eu-west-1</code>');
    const tagged = html.split('<tr class="result').slice(1).find((tr) => tr.includes(PATIENTS_ARN) && tr.includes('StorageEncrypted'))!;
    expect(tagged).toContain('<span class="tag">data-class=phi</span>');
    expect(row).toContain('<code>StorageEncrypted</code> <span class="muted">(storage_encrypted)</span></dt><dd><code>false</code>');
    expect(row).toContain('<div class="muted call">API answers at 2026-11-20T09:30:00.000Z: rds DescribeDBInstances</div>');
    const bucket = html.split('<tr class="result').slice(1).find((tr) => tr.includes('arn:aws:s3:::clinic-public-exports') && tr.includes('st-fail'))!;
    expect(bucket).toMatch(/API answers at 2026-11-20T09:30:00\.000Z: s3 ListBuckets, s3 GetBucketLocation, s3 GetBucketEncryption, [^<]*<\/div>/);
  });

  it('SARIF: live results point at no file, so they are left out with a note in the invocation; valid against the OASIS schema', () => {
    const sarif = JSON.parse(readFileSync(join(dir, 'out', 'vigil.sarif'), 'utf8')) as Sarif.Log;
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    // GitHub code scanning refuses an upload whose results lack a physical location.
    expect(sarif.runs[0]!.results).toEqual([]);
    const omitted = report.results.filter((r) => r.status !== 'pass').length;
    const invocation = sarif.runs[0]!.invocations![0]!;
    expect(invocation.properties).toMatchObject({ omittedLiveResults: omitted });
    expect(invocation.toolExecutionNotifications![0]).toMatchObject({ level: 'note', descriptor: { id: 'vigil/live-results-omitted' } });
    expect(invocation.toolExecutionNotifications![0]!.message.text).toContain(`${omitted} live AWS results point at no file`);
  });

  it('Markdown: where an AWS finding is, and when the answer was read', () => {
    const md = readFileSync(join(dir, 'out', 'vigil.md'), 'utf8');
    expect(md).toContain(`| high | \`aws-rds-instance-encrypted\` | \`${DB_ARN}\` | \`111122223333\` \`eu-west-1\` \`read 2026-11-20T09:30:00.000Z\` | storage\\_encrypted is false |`);
  });
});
