import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizeSecurityGroupIngressCommand, DescribeInstancesCommand, EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, DeleteBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, vigil } from '../helpers/cli.js';
import type { ReportDocument, ReportDriftResource } from '../../src/report/document.js';
import { motoEnv, startMoto, type Moto } from '../sources/aws/moto.js';

/**
 * The drift join with the real tools: Terraform 1.11 applies fixtures/drift/estate against moto's
 * emulator on 127.0.0.1 (the AWS provider 5.100 from an offline filesystem mirror; nothing is
 * downloaded), which yields a real state file. The test then changes the account behind
 * Terraform's back through the SDK and checks that each change lands in the right list with the
 * right verdicts. With VIGIL_RECORD_DRIFT=1 it writes the state and a live snapshot to
 * fixtures/drift/, which test/cli/drift.e2e.test.ts replays everywhere.
 */

const MIRROR = process.env.VIGIL_TF_PROVIDER_MIRROR ?? '/opt/tf-plugins';
const terraformVersion = spawnSync('terraform', ['version'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CHECKPOINT_DISABLE: '1' } });
const hasTerraform = !terraformVersion.error && terraformVersion.status === 0;
const hasProvider = existsSync(join(MIRROR, 'registry.terraform.io', 'hashicorp', 'aws'));
const skipWhy = !hasTerraform
  ? 'no terraform on the PATH'
  : !hasProvider
    ? `no AWS provider mirror at ${MIRROR} (set VIGIL_TF_PROVIDER_MIRROR to the folder holding registry.terraform.io/)`
    : undefined;
if (skipWhy) console.warn(`drift-terraform.e2e: skipped: ${skipWhy}`);

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

function providerBlock(endpoint: string): string {
  const services = ['s3', 'ec2', 'sts', 'iam', 'kms'].map((s) => `    ${s} = "${endpoint}"`).join('\n');
  return `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true
  endpoints {
${services}
  }
}
`;
}

describe.skipIf(skipWhy !== undefined)('vigil drift against a Terraform-applied estate in moto', () => {
  let moto: Moto;
  let scratch: string;
  let estate: string;
  let env: Record<string, string>;
  let report: ReportDocument;
  let scan: ReturnType<typeof vigil>;
  let drift: ReturnType<typeof vigil>;

  beforeAll(async () => {
    moto = await startMoto();
    scratch = mkdtempSync(join(tmpdir(), 'vigil-drift-tf-'));
    estate = join(scratch, 'estate');
    cpSync(join(repoRoot, 'fixtures/drift/estate'), estate, { recursive: true });
    writeFileSync(join(estate, 'provider.tf'), providerBlock(moto.endpoint));
    const cliConfig = join(scratch, 'terraform.rc');
    writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(MIRROR)}\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`);
    const tfEnv = { PATH: process.env.PATH ?? '', HOME: scratch, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    for (const args of [['init', '-input=false', '-no-color'], ['apply', '-auto-approve', '-input=false', '-no-color']]) {
      const run = spawnSync('terraform', args, { cwd: estate, env: tfEnv, encoding: 'utf8', timeout: 240_000 });
      if (run.status !== 0) throw new Error(`terraform ${args[0]} failed:\n${run.stdout}\n${run.stderr}`);
    }
    // Behind Terraform's back: encryption off, SSH open to the world, a bucket made by hand, the instance deleted.
    const common = { endpoint: moto.endpoint, credentials, region: 'eu-west-1' };
    const s3 = new S3Client({ ...common, forcePathStyle: true });
    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: 'clinic-phi-records' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'made-by-hand', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const state = JSON.parse(readFileSync(join(estate, 'terraform.tfstate'), 'utf8')) as { resources: Array<{ type: string; instances: Array<{ attributes: { id: string } }> }> };
    const idOf = (type: string): string => state.resources.find((r) => r.type === type)!.instances[0]!.attributes.id;
    const ec2 = new EC2Client(common);
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: idOf('aws_security_group'), IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [idOf('aws_instance')] }));
    const after = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [idOf('aws_instance')] }));
    expect(after.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('terminated');
    s3.destroy();
    ec2.destroy();

    env = { ...motoEnv(moto), HOME: scratch, AWS_CONFIG_FILE: join(scratch, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials') };
    const snapshot = join(scratch, 'live.snapshot.json');
    scan = vigil(['scan', estate, '--aws', '--regions', 'eu-west-1', '--state', join(estate, 'terraform.tfstate'), '--format', 'json', '--snapshot', snapshot], { env, cwd: scratch });
    report = JSON.parse(scan.stdout) as ReportDocument;
    drift = vigil(['drift', 'estate', '--aws', '--regions', 'eu-west-1', '--state', 'estate/terraform.tfstate'], { env, cwd: scratch });
    if (process.env.VIGIL_RECORD_DRIFT === '1') {
      copyFileSync(join(estate, 'terraform.tfstate'), join(repoRoot, 'fixtures/drift/terraform.tfstate'));
      copyFileSync(snapshot, join(repoRoot, 'fixtures/drift/live.snapshot.json'));
    }
  }, 400_000);

  afterAll(async () => {
    await moto?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const row = (address: string): ReportDriftResource => report.drift!.resources.find((r) => r.address === address)!;
  const verdict = (address: string, rule: string) => row(address).verdicts.find((v) => v.rule === rule);

  it('joins every applied resource to its code and its live counterpart', () => {
    expect(scan.stderr).not.toContain('internal error');
    expect(report.errors.filter((e) => e.severity === 'error')).toEqual([]);
    expect(report.drift!.states).toEqual([expect.objectContaining({ state: 'estate/terraform.tfstate', root: 'estate', terraformVersion: expect.stringMatching(/^1\./) })]);
    for (const address of ['aws_s3_bucket.phi', 'aws_security_group.app', 'aws_vpc.main', 'aws_kms_key.phi']) {
      expect(row(address).views.code).toEqual({ address, root: 'estate' });
      expect(row(address).views.live?.account).toBe('123456789012');
    }
  });

  it('turning the bucket encryption off is drift: code and state pass the KMS rule, live fails it', () => {
    expect(verdict('aws_s3_bucket.phi', 'aws-s3-bucket-encrypted-kms')).toMatchObject({ code: 'pass', state: 'pass', live: 'fail' });
    expect(row('aws_s3_bucket.phi').drift).toContainEqual(expect.objectContaining({ attribute: 'encryption.sse_algorithm', state: '"aws:kms"', live: '"AES256"' }));
  });

  it('opening the security group to the world is drift: SSH passes in code and state, fails live', () => {
    expect(verdict('aws_security_group.app', 'aws-ec2-sg-no-public-ssh')).toMatchObject({ code: 'pass', state: 'pass', live: 'fail' });
    expect(row('aws_security_group.app').drift.map((d) => d.attribute)).toContain('ingress');
    // The live result points at the security group's block in the code, for SARIF and --changed-since.
    const live = report.results.find((r) => r.resource.source === 'aws' && r.rule.id === 'aws-ec2-sg-no-public-ssh' && r.status === 'fail')!;
    expect(live.location).toMatchObject({ file: 'estate/main.tf', startLine: 40 });
    expect(live.resource.terraform).toEqual({ address: 'aws_security_group.app', root: 'estate' });
  });

  it('the bucket made by hand is unmanaged; the deleted instance is gone', () => {
    expect(report.drift!.unmanaged).toEqual([expect.objectContaining({ kind: 'aws.s3.bucket', name: 'made-by-hand', arn: 'arn:aws:s3:::made-by-hand' })]);
    expect(report.drift!.gone).toEqual([expect.objectContaining({ kind: 'aws.ec2.instance', address: 'aws_instance.web', location: expect.objectContaining({ file: 'estate/main.tf' }) })]);
    // Still joined to its code (code against state), with no live view.
    expect(row('aws_instance.web').views).toEqual({ code: { address: 'aws_instance.web', root: 'estate' }, state: expect.objectContaining({ address: 'aws_instance.web' }) });
  });

  it('judges the state as a source of its own', () => {
    const state = report.results.filter((r) => r.resource.source === 'state');
    expect(state.length).toBeGreaterThan(0);
    expect(state.find((r) => r.resource.address === 'aws_s3_bucket.phi' && r.rule.id === 'aws-s3-bucket-encrypted-kms')).toMatchObject({ status: 'pass', resource: { state: 'estate/terraform.tfstate', arn: 'arn:aws:s3:::clinic-phi-records' } });
  });

  it('vigil drift prints only the drift, unmanaged and gone lists, exit 1', () => {
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('aws_security_group.app');
    expect(drift.stdout).toContain('made-by-hand');
    expect(drift.stdout).toContain('aws_instance.web');
    expect(drift.stdout).not.toContain('aws-s3-bucket-versioning-enabled');
  });
});
