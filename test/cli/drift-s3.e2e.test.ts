import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { readS3State, StateReadError } from '../../src/sources/state/read.js';
import { motoEnv, startMoto, type Moto } from '../sources/aws/moto.js';

/**
 * States in an S3 backend, read with the SDK (GetObject only) from moto on 127.0.0.1: a versioned
 * read, a backend block followed by `--state auto` with a workspace under `env:/`, and an object
 * that is not there. Access denied comes from a mocked client, since moto does not enforce IAM.
 */

const state = readFileSync(join(repoRoot, 'fixtures/drift/terraform.tfstate'), 'utf8');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let moto: Moto;
let scratch: string;
let env: Record<string, string>;
let firstVersion: string;
beforeAll(async () => {
  moto = await startMoto();
  scratch = mkdtempSync(join(tmpdir(), 'vigil-drift-s3-'));
  env = { ...motoEnv(moto), HOME: scratch, AWS_CONFIG_FILE: join(scratch, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials') };
  const s3 = new S3Client({ endpoint: moto.endpoint, region: 'eu-west-1', credentials, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'tf-states', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'tf-states', VersioningConfiguration: { Status: 'Enabled' } }));
  // The first version knows one bucket more than the second.
  const older = JSON.parse(state) as { resources: unknown[] };
  older.resources.push({ mode: 'managed', type: 'aws_s3_bucket', name: 'old', provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes: { id: 'retired-exports', arn: 'arn:aws:s3:::retired-exports', bucket: 'retired-exports' } }] });
  firstVersion = (await s3.send(new PutObjectCommand({ Bucket: 'tf-states', Key: 'app/terraform.tfstate', Body: JSON.stringify(older) }))).VersionId!;
  await s3.send(new PutObjectCommand({ Bucket: 'tf-states', Key: 'app/terraform.tfstate', Body: state }));
  await s3.send(new PutObjectCommand({ Bucket: 'tf-states', Key: 'env:/staging/app/terraform.tfstate', Body: state }));
  s3.destroy();
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const scan = (args: string[], cwd = repoRoot): { run: ReturnType<typeof vigil>; report: ReportDocument } => {
  const run = vigil(['scan', ...args, '--format', 'json'], { env, cwd });
  return { run, report: JSON.parse(run.stdout) as ReportDocument };
};

describe('--state s3://bucket/key', () => {
  it('reads the current version, and an older one with ?versionId=', () => {
    const { run, report } = scan(['fixtures/drift/estate', '--state', 's3://tf-states/app/terraform.tfstate']);
    expect(run.stderr).not.toContain('internal error');
    expect(report.drift!.states).toEqual([expect.objectContaining({ state: 's3://tf-states/app/terraform.tfstate', root: 'fixtures/drift/estate', resources: 6 })]);
    const old = scan(['fixtures/drift/estate', '--state', `s3://tf-states/app/terraform.tfstate?versionId=${firstVersion}`]).report;
    expect(old.drift!.states[0]!.resources).toBe(7);
    expect(old.results.some((r) => r.resource.source === 'state' && r.resource.name === 'retired-exports')).toBe(true);
  });

  it('an object that is not there is an error naming it; the code is still scanned (exit 2)', () => {
    const { run, report } = scan(['fixtures/drift/estate', '--state', 's3://tf-states/nope/terraform.tfstate']);
    expect(run.code).toBe(2);
    expect(report.errors).toContainEqual(expect.objectContaining({ severity: 'error', file: 's3://tf-states/nope/terraform.tfstate', message: 'cannot read the state: no such object (NoSuchKey)' }));
    expect(report.results.some((r) => r.resource.source === 'terraform')).toBe(true);
  });

  it('--state auto follows a backend "s3" block, to env:/<workspace>/ for a selected workspace', () => {
    const root = join(scratch, 'auto');
    cpSync(join(repoRoot, 'fixtures/drift/estate'), join(root, 'app'), { recursive: true });
    writeFileSync(join(root, 'app', 'backend.tf'), 'terraform {\n  backend "s3" {\n    bucket = "tf-states"\n    key    = "app/terraform.tfstate"\n    region = "eu-west-1"\n  }\n}\n');
    const plain = scan(['app', '--state', 'auto'], root).report;
    expect(plain.drift!.states).toEqual([expect.objectContaining({ state: 's3://tf-states/app/terraform.tfstate', root: 'app' })]);
    const staging = vigil(['scan', 'app', '--state', 'auto', '--format', 'json'], { env: { ...env, TF_WORKSPACE: 'staging' }, cwd: root });
    expect((JSON.parse(staging.stdout) as ReportDocument).drift!.states).toEqual([expect.objectContaining({ state: 's3://tf-states/env:/staging/app/terraform.tfstate', root: 'app' })]);
  });
});

describe('readS3State', () => {
  it('access denied is a clear error saying what permission is needed', async () => {
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Access Denied' }));
    try {
      await expect(readS3State({ kind: 's3', bucket: 'b', key: 'k', shown: 's3://b/k' }, { env: { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_REGION: 'eu-west-1' } })).rejects.toThrow(
        new StateReadError("s3://b/k: cannot read the state: access denied to s3:GetObject (AccessDenied): the scan's credentials need read access to the state object"),
      );
    } finally {
      s3.restore();
    }
  });
});
