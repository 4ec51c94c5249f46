import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry, repoRoot, vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { motoEnv, startMoto, type Moto } from '../sources/aws/moto.js';

/**
 * The recipes in examples/shards run here as their job engine would run them: the Vigil commands
 * are read out of the workflow, manifests and job definition (never copied into this test), and run
 * by a shell with the engine's variables set: the matrix index, JOB_COMPLETION_INDEX,
 * AWS_BATCH_JOB_ARRAY_INDEX. What is not Vigil (checkout, artifact upload, `aws s3 cp`) the test
 * does itself; `/tmp/` in a command becomes the test's own folder. AWS is moto on 127.0.0.1.
 */

const recipes = join(repoRoot, 'examples/shards');
let scratch: string;
let shim: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vigil-recipes-'));
  shim = join(scratch, 'bin');
  mkdirSync(shim);
  // `vigil` on PATH is the CLI under test.
  writeFileSync(join(shim, 'vigil'), `#!/bin/sh\nexec "${process.execPath}" "${cliEntry}" "$@"\n`);
  chmodSync(join(shim, 'vigil'), 0o755);
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Runs a recipe's shell text; returns the exit code. */
function sh(script: string, cwd: string, env: Record<string, string>, args: string[] = []): { code: number; stderr: string } {
  const run = spawnSync('/bin/sh', ['-c', script, ...args], { cwd, env: { PATH: `${shim}:${process.env.PATH ?? ''}`, HOME: scratch, ...env }, encoding: 'utf8', timeout: 300_000 });
  return { code: run.status ?? -1, stderr: run.stderr };
}

/** The Vigil commands of a shell script (`a; b && c`): the parts that start with `vigil `, with /tmp/ made the test's. */
function vigilCommands(script: string, tmp: string): string[] {
  return script
    .split(/;|&&/)
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter((part) => part.startsWith('vigil '))
    .map((part) => part.replaceAll('/tmp/', `${tmp}/`));
}

/** The S3 object an `aws s3 cp FILE s3://…` part of a script names, as the shell expands it. */
function s3Target(script: string, env: Record<string, string>, args: string[] = []): { bucket: string; key: string } {
  const part = script.split(/;|&&/).map((p) => p.trim()).find((p) => p.startsWith('aws s3 cp '))!;
  const target = spawnSync('/bin/sh', ['-c', `printf '%s' ${part.split(' ').pop()}`, ...args], { env, encoding: 'utf8' }).stdout;
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(target)!;
  return { bucket: match[1]!, key: match[2]! };
}

const comparable = (d: ReportDocument) => {
  const { startedAt: _s, finishedAt: _f, provenance: _p, shard: _sh, merged: _m, ...scan } = d.scan;
  return JSON.parse(JSON.stringify({ ...d, scan, errors: [...d.errors].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) }, (k, v: unknown) => (k === 'at' ? undefined : v))) as unknown;
};

describe('GitHub Actions: a matrix of shards, then a merge job', () => {
  it('runs the workflow\'s Vigil commands and merges into the single-process report', () => {
    const workflow = parse(readFileSync(join(recipes, 'github-actions.yml'), 'utf8')) as {
      jobs: Record<string, { strategy?: { matrix: { shard: number[] } }; steps: Array<{ run?: string; env?: Record<string, string> }> }>;
    };
    const work = join(scratch, 'github');
    cpSync(join(repoRoot, 'fixtures/terraform'), join(work, 'infra'), { recursive: true });
    const matrix = workflow.jobs.scan!.strategy!.matrix.shard;
    const scanStep = workflow.jobs.scan!.steps.find((s) => s.run?.includes('vigil scan'))!;
    for (const shard of matrix) {
      // The expressions GitHub fills in before the step runs.
      const env = Object.fromEntries(Object.entries(scanStep.env ?? {}).map(([k, v]) => [k, v.replace('${{ matrix.shard }}', String(shard)).replace('${{ strategy.job-total }}', String(matrix.length))]));
      const run = sh(scanStep.run!, work, { ...env, GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1' });
      expect(run.code, run.stderr).toBe(0);
    }
    // actions/download-artifact with merge-multiple: every shard's file in shards/.
    mkdirSync(join(work, 'shards'));
    for (const file of readdirSync(work).filter((f) => /^shard-\d+\.json$/.test(f))) cpSync(join(work, file), join(work, 'shards', file));
    expect(readdirSync(join(work, 'shards'))).toHaveLength(matrix.length);
    const mergeStep = workflow.jobs.merge!.steps.find((s) => s.run?.includes('vigil merge'))!;
    const merged = sh(mergeStep.run!, work, {});
    expect(merged.code, merged.stderr).toBe(1); // findings: the workflow's last step gates on it
    for (const file of ['vigil.sarif', 'vigil.html', 'vigil.json']) expect(existsSync(join(work, 'merged', file))).toBe(true);
    const single = vigil(['scan', 'infra/', '--format', 'json', '--no-cache', '--quiet'], { cwd: work });
    expect(comparable(JSON.parse(readFileSync(join(work, 'merged', 'vigil.json'), 'utf8')) as ReportDocument)).toEqual(comparable(JSON.parse(single.stdout) as ReportDocument));
  }, 300_000);
});

describe('Kubernetes Indexed Job and AWS Batch array job: an organisation in moto', () => {
  let moto: Moto;
  let env: Record<string, string>;
  let accounts: string[];
  beforeAll(async () => {
    moto = await startMoto();
    env = { ...motoEnv(moto, 'us-east-1'), AWS_CONFIG_FILE: join(scratch, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none') };
    const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    const orgs = new OrganizationsClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
    const org = await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    accounts = [org.Organization!.MasterAccountId!];
    for (const name of ['clinic', 'billing']) {
      const made = await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
      accounts.push(made.CreateAccountStatus!.AccountId!);
    }
    orgs.destroy();
    const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'audit-reports' }));
    s3.destroy();
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
  });

  async function upload(file: string, target: { bucket: string; key: string }): Promise<void> {
    const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: target.key, Body: readFileSync(file) }));
    s3.destroy();
  }

  it('Kubernetes: each index scans its accounts to S3, and the merge Job reads the prefix', async () => {
    type Container = { env?: Array<{ name: string; value: string }>; args: string[] };
    type Job = { kind: string; metadata: { name: string }; spec: { completions?: number; completionMode?: string; template: { spec: { containers: Container[] } } } };
    const docs = parseAllDocuments(readFileSync(join(recipes, 'kubernetes.yaml'), 'utf8')).map((d) => d.toJS() as Job);
    const indexed = docs.find((d) => d.kind === 'Job' && d.spec.completionMode === 'Indexed')!;
    const mergeJob = docs.find((d) => d.kind === 'Job' && d.spec.completionMode === undefined)!;
    const containerEnv = (job: Job) => Object.fromEntries((job.spec.template.spec.containers[0]!.env ?? []).map((e) => [e.name, e.value]));
    const script = indexed.spec.template.spec.containers[0]!.args[0]!;
    const tmp = join(scratch, 'k8s');
    mkdirSync(tmp);
    const covered: string[] = [];
    for (let index = 0; index < indexed.spec.completions!; index++) {
      const podEnv = { ...env, ...containerEnv(indexed), AWS_REGION: env.AWS_REGION!, JOB_COMPLETION_INDEX: String(index) };
      const [command] = vigilCommands(script, tmp);
      const run = sh(command!, tmp, podEnv);
      expect(run.code, run.stderr).toBeLessThanOrEqual(1);
      const report = JSON.parse(readFileSync(join(tmp, 'shard.json'), 'utf8')) as ReportDocument;
      expect(report.scan.shard).toMatchObject({ index: index + 1, count: indexed.spec.completions, from: 'JOB_COMPLETION_INDEX', runId: podEnv.VIGIL_RUN_ID });
      covered.push(...(report.scan.shard!.covered.accounts ?? []));
      await upload(join(tmp, 'shard.json'), s3Target(script, podEnv));
    }
    expect(covered.sort()).toEqual([...accounts].sort());
    const [mergeCommand] = vigilCommands(mergeJob.spec.template.spec.containers[0]!.args[0]!, tmp);
    const merged = sh(mergeCommand!, tmp, { ...env, ...containerEnv(mergeJob) });
    expect(merged.code, merged.stderr).toBeLessThanOrEqual(1);
    const document = JSON.parse(readFileSync(join(tmp, 'merged', 'vigil.json'), 'utf8')) as ReportDocument;
    expect(document.scan.accounts).toEqual([...accounts].sort());
    expect(document.scan.merged!.shards).toHaveLength(indexed.spec.completions!);
    expect(existsSync(join(tmp, 'merged', 'vigil.html'))).toBe(true);
  }, 600_000);

  it('AWS Batch: each array index scans its accounts with the job definition\'s command', async () => {
    const definition = JSON.parse(readFileSync(join(recipes, 'aws-batch-job-definition.json'), 'utf8')) as {
      parameters: Record<string, string>;
      containerProperties: { command: string[]; environment: Array<{ name: string; value: string }> };
    };
    const [shell, flag, script, name, ...refs] = definition.containerProperties.command;
    expect([shell, flag]).toEqual(['sh', '-c']);
    // Batch puts each Ref::name parameter in place before the container starts.
    const args = [name!, ...refs.map((r) => definition.parameters[r.replace(/^Ref::/, '')] ?? r)];
    const size = Number(definition.parameters.shards);
    const tmp = join(scratch, 'batch');
    mkdirSync(tmp);
    const covered: string[] = [];
    for (let index = 0; index < size; index++) {
      const jobEnv = { ...env, ...Object.fromEntries(definition.containerProperties.environment.map((e) => [e.name, e.value])), AWS_BATCH_JOB_ARRAY_INDEX: String(index) };
      const [command] = vigilCommands(script!, tmp);
      const run = sh(command!, tmp, jobEnv, args);
      expect(run.code, run.stderr).toBeLessThanOrEqual(1);
      const report = JSON.parse(readFileSync(join(tmp, 'shard.json'), 'utf8')) as ReportDocument;
      expect(report.scan.shard).toMatchObject({ index: index + 1, count: size, from: 'AWS_BATCH_JOB_ARRAY_INDEX', runId: definition.parameters.runId });
      covered.push(...(report.scan.shard!.covered.accounts ?? []));
      cpSync(join(tmp, 'shard.json'), join(tmp, `out-${index}.json`));
    }
    expect(covered.sort()).toEqual([...accounts].sort());
    const merged = vigil(['merge', ...Array.from({ length: size }, (_, i) => join(tmp, `out-${i}.json`)), '--output', join(tmp, 'merged.json')], { env });
    expect(merged.code, merged.stderr).toBeLessThanOrEqual(1);
  }, 600_000);
});
