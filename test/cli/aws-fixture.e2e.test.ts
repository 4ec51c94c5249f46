import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vigil, type CliRun } from '../helpers/cli.js';
import { loadCatalogue } from '../../src/engine/catalogue.js';
import { evaluateAll } from '../../src/engine/evaluate.js';
import { scanAws } from '../../src/sources/aws/index.js';
import { serializeSnapshot } from '../../src/sources/aws/snapshot.js';
import type { ReportDocument } from '../../src/report/document.js';
import { fastReport, testOptions } from '../sources/aws/mocks.js';
import { loadRecording, replayClients } from '../sources/aws/replay.js';

/**
 * The recorded account (fixtures/aws/) through the real CLI in every output format. The
 * recording is read by the AWS source in this process, as a live scan would read AWS, and handed
 * to the CLI the way a user hands over evidence: a snapshot, evaluated with --from-snapshot.
 */

const recording = loadRecording('clinic-prod-111122223333.json');
let scratch: string;
let run: CliRun;
let expected: string[];
const out = (file: string) => readFileSync(join(scratch, 'out', file), 'utf8');

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'vigil-aws-fixture-'));
  const { clients } = replayClients(recording);
  const result = await scanAws(testOptions({ regions: ['eu-west-1', 'eu-central-2'], keepRaw: true }), {
    clients,
    credentials: async () => ({ accessKeyId: 'AKIDREPLAY', secretAccessKey: 'replay' }),
    now: () => new Date(recording.recordedAt),
    reportTiming: fastReport,
  });
  const snapshot = join(scratch, 'clinic-prod.json');
  writeFileSync(snapshot, serializeSnapshot(result, '0.1.0', new Date(recording.recordedAt)));
  const catalogue = await loadCatalogue([join(__dirname, '../../rules')]);
  expected = evaluateAll(catalogue.rules, result.resources).map((r) => `${r.rule.id} ${r.resource.id} ${r.status}`).sort();
  run = vigil(['scan', '--from-snapshot', snapshot, '--format', 'console,json,sarif,junit,markdown,html,gitlab', '-o', join(scratch, 'out')], { env: { HOME: scratch } });
}, 60_000);
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the recorded account through the CLI, in every format', () => {
  it('fails (exit 1) with the same results the rules give the recorded inventory', () => {
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(out('vigil.json')) as ReportDocument;
    expect(report.results.map((r) => `${r.rule.id} ${r.resource.arn} ${r.status}`).sort()).toEqual(expected);
    expect(report.scan.accounts).toEqual(['111122223333']);
    const one = (rule: string, name: string) => report.results.filter((r) => r.rule.id === rule && r.resource.name === name).map((r) => r.status);
    expect(one('aws-ec2-sg-no-public-ssh', 'legacy-jump')).toEqual(['fail']);
    expect(one('aws-ec2-sg-no-public-ssh', 'ehr-app')).toEqual(['pass']);
    expect(one('aws-s3-bucket-tls-only', 'clinic-public-exports')).toEqual(['fail']);
    expect(report.results.find((r) => r.rule.id === 'aws-kms-key-rotation' && r.status === 'unknown')?.message).toContain('access denied to kms:GetKeyRotationStatus');
  });

  it('writes SARIF, JUnit, Markdown, HTML, GitLab Code Quality and the console summary naming the same failures', () => {
    // Live results point at no file: SARIF leaves them out and says so, in the file and on standard error.
    const sarif = JSON.parse(out('vigil.sarif')) as { runs: Array<{ results: unknown[]; invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }> }> };
    expect(sarif.runs[0]!.results).toEqual([]);
    expect(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications[0]!.message.text).toMatch(/^\d+ live AWS results point at no file/);
    expect(run.stderr).toContain('this scan has only such results, so the SARIF file lists none');
    expect(out('vigil.junit.xml')).toMatch(/<testcase[^>]*aws-ec2-sg-no-public-ssh[^>]*>[\s\S]*?<failure/);
    const failing = (JSON.parse(out('vigil.json')) as ReportDocument).results.filter((r) => r.status === 'fail').length;
    expect(out('vigil.md')).toContain(`**${failing} failing**`);
    expect(out('vigil.md')).toContain('aws-ec2-sg-no-public-ssh');
    const html = out('vigil.html');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('legacy-jump');
    const gitlab = JSON.parse(out('vigil.codequality.json')) as Array<{ check_name: string; description: string }>;
    // Code Quality shows findings inline in a merge request's files: live AWS results have none, by design.
    expect(gitlab).toEqual([]);
    expect(out('vigil.txt')).toContain('aws-ec2-sg-no-public-ssh');
  });
});
