import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { reportSchemaErrors } from '../../src/report/schema.js';

/**
 * The drift join from recorded inputs, so it is tested where Terraform and moto are not: the
 * state that `terraform apply` wrote for fixtures/drift/estate, and a live snapshot of the moto
 * account after the changes behind Terraform's back (bucket encryption off, SSH opened, a bucket
 * made by hand, the instance deleted). Both were recorded by drift-terraform.e2e.test.ts.
 */

const estate = 'fixtures/drift/estate';
const state = 'fixtures/drift/terraform.tfstate';
const snapshot = 'fixtures/drift/live.snapshot.json';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vigil-drift-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const scanJson = (args: string[]): { run: ReturnType<typeof vigil>; report: ReportDocument } => {
  const run = vigil(['scan', ...args, '--format', 'json']);
  return { run, report: JSON.parse(run.stdout) as ReportDocument };
};

describe('vigil scan --state with a recorded state and live snapshot', () => {
  let report: ReportDocument;
  beforeAll(() => {
    ({ report } = scanJson([estate, '--from-snapshot', snapshot, '--state', state]));
  });
  const row = (address: string) => report.drift!.resources.find((r) => r.address === address)!;
  const verdict = (address: string, rule: string) => row(address).verdicts.find((v) => v.rule === rule);

  it('reads the state as a third source, judged by the same rules', () => {
    expect(report.drift!.states).toEqual([{ state, root: estate, resources: 6, terraformVersion: '1.11.4' }]);
    const fromState = report.results.filter((r) => r.resource.source === 'state');
    // Companions fold into their resource (the subnet too, now that subnets are judged).
    expect([...new Set(fromState.map((r) => r.resource.address))].sort()).toEqual(['aws_instance.web', 'aws_kms_key.phi', 'aws_s3_bucket.phi', 'aws_security_group.app', 'aws_subnet.app', 'aws_vpc.main']);
    const bucket = fromState.find((r) => r.resource.address === 'aws_s3_bucket.phi' && r.rule.id === 'aws-s3-bucket-public-access-block')!;
    // The public access block was a separate resource in the state: folded in, as in the code.
    expect(bucket.status).toBe('pass');
    expect(bucket.resource).toMatchObject({ source: 'state', state, root: estate, arn: 'arn:aws:s3:::clinic-phi-records', terraform: { address: 'aws_s3_bucket.phi', root: estate } });
    expect(bucket.location).toMatchObject({ file: `${estate}/main.tf`, startLine: 9 });
  });

  it('is valid against the report schema, and vigil report renders it again with the drift', () => {
    expect(reportSchemaErrors(report)).toEqual([]);
    const saved = join(scratch, 'drift-report.json');
    writeFileSync(saved, JSON.stringify(report));
    const again = vigil(['report', saved, '--format', 'markdown']);
    expect(again.stdout).toContain('### Drift');
  });

  it('shows each rule\'s verdict on code, state and live side by side, and what drifted', () => {
    expect(verdict('aws_s3_bucket.phi', 'aws-s3-bucket-encrypted-kms')).toEqual({ rule: 'aws-s3-bucket-encrypted-kms', severity: 'medium', code: 'pass', state: 'pass', live: 'fail' });
    expect(verdict('aws_security_group.app', 'aws-ec2-sg-no-public-ssh')).toMatchObject({ code: 'pass', state: 'pass', live: 'fail' });
    expect(row('aws_s3_bucket.phi').drift).toContainEqual({ attribute: 'encryption.sse_algorithm', state: '"aws:kms"', live: '"AES256"' });
    expect(row('aws_security_group.app').drift.map((d) => d.attribute)).toEqual(['ingress']);
    expect(row('aws_security_group.app').drift[0]!.live).toContain('0.0.0.0/0');
    expect(row('aws_vpc.main').drift).toEqual([]);
    expect(row('aws_kms_key.phi').views.live?.arn).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
  });

  it('lists the unmanaged bucket and the gone instance, and no AWS default as unmanaged', () => {
    expect(report.drift!.unmanaged).toEqual([{ kind: 'aws.s3.bucket', name: 'made-by-hand', arn: 'arn:aws:s3:::made-by-hand', account: '123456789012', region: 'eu-west-1' }]);
    expect(report.drift!.gone).toEqual([expect.objectContaining({ kind: 'aws.ec2.instance', address: 'aws_instance.web', state, root: estate })]);
    expect(report.drift!.summary).toMatchObject({ drifted: 2, unmanaged: 1, gone: 1 });
  });

  it('points live results of joined resources at the Terraform block (SARIF too)', () => {
    const live = report.results.find((r) => r.resource.source === 'aws' && r.rule.id === 'aws-ec2-sg-no-public-ssh' && r.status === 'fail')!;
    expect(live.location).toEqual({ file: `${estate}/main.tf`, startLine: 40, endLine: 52 });
    const sarif = vigil(['scan', estate, '--from-snapshot', snapshot, '--state', state, '--format', 'sarif']);
    const results = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations?: Array<{ physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> }).runs[0]!.results;
    const ssh = results.filter((r) => r.ruleId === 'aws-ec2-sg-no-public-ssh');
    expect(ssh.length).toBeGreaterThan(0);
    for (const r of ssh) expect(r.locations?.[0]?.physicalLocation).toMatchObject({ artifactLocation: { uri: `${estate}/main.tf` }, region: { startLine: 40 } });
  });

  it('console prints a drift summary line; Markdown a drift table', () => {
    const console = vigil(['scan', estate, '--from-snapshot', snapshot, '--state', state]);
    expect(console.stdout).toMatch(/^Drift: 6 joined \(code · state · live\) from 1 state: 2 drifted, \d+ not applied, 1 unmanaged, 1 gone/m);
    const md = vigil(['scan', estate, '--from-snapshot', snapshot, '--state', state, '--format', 'markdown']);
    expect(md.stdout).toContain('### Drift');
    expect(md.stdout).toMatch(/\| `aws_security_group.app` \|[^\n]*aws-ec2-sg-no-public-ssh: pass → pass → fail/);
    expect(md.stdout).toContain('made-by-hand');
  });

  it('vigil drift prints only drift, unmanaged and gone (exit 1); --format json gives the drift section', () => {
    const run = vigil(['drift', estate, '--from-snapshot', snapshot, '--state', state]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Drifted (state ≠ live: changed outside Terraform):');
    expect(run.stdout).toContain('encryption.sse_algorithm: state "aws:kms", live "AES256"');
    expect(run.stdout).toContain('aws-ec2-sg-no-public-ssh (high): code → state → live: pass → pass → fail');
    expect(run.stdout).toContain('Unmanaged (in the account, in no state):\n  aws.s3.bucket  arn:aws:s3:::made-by-hand');
    expect(run.stdout).toMatch(/Gone \(in a state, not in the account\):\n {2}fixtures\/drift\/estate: aws_instance\.web \(fixtures\/drift\/estate\/main\.tf:54\)/);
    expect(run.stdout).not.toContain('FAIL');
    const json = vigil(['drift', estate, '--from-snapshot', snapshot, '--state', state, '--format', 'json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { drift: { summary: { gone: number } } }).drift.summary.gone).toBe(1);
  });

  it('vigil drift needs a live account and a state (exit 2 without)', () => {
    const noAws = vigil(['drift', estate, '--state', state]);
    expect(noAws.code).toBe(2);
    expect(noAws.stderr).toContain('vigil drift needs the account: --aws (or --from-snapshot)');
    const noState = vigil(['drift', estate, '--from-snapshot', snapshot]);
    expect(noState.code).toBe(2);
    expect(noState.stderr).toContain('vigil drift needs --state');
  });

  it('without a live account joins code and state only', () => {
    const { report: codeOnly } = scanJson([estate, '--state', state]);
    expect(codeOnly.drift!.live).toBe(false);
    expect(codeOnly.drift!.resources.every((r) => r.views.live === undefined && r.views.code !== undefined)).toBe(true);
    expect(codeOnly.drift!.unmanaged).toEqual([]);
    expect(codeOnly.drift!.gone).toEqual([]);
  });
});

describe('--changed-since with a state and a live account', () => {
  it('live and state results are the same at the merge base: only what the branch changed in the code is new', () => {
    const dir = join(scratch, 'repo');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.tf'), readFileSync(join(repoRoot, estate, 'main.tf')));
    const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    writeFileSync(join(dir, 'main.tf'), readFileSync(join(dir, 'main.tf'), 'utf8').replace('"10.0.0.0/8"', '"0.0.0.0/0"'));
    git('commit', '-qam', 'open ssh');
    // The state and the snapshot are not in the repository, as in real use: read from where they are at both sides.
    const run = vigil(['scan', '.', '--from-snapshot', join(repoRoot, snapshot), '--state', join(repoRoot, state), '--changed-since', 'main', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as ReportDocument;
    const fresh = report.results.filter((r) => r.baseline === 'new');
    expect(fresh.map((r) => `${r.resource.source} ${r.rule.id}`)).toEqual(['terraform aws-ec2-sg-no-public-ssh']);
    // The live SSH failure points at the code's line, and failed at the merge base too.
    const live = report.results.find((r) => r.resource.source === 'aws' && r.rule.id === 'aws-ec2-sg-no-public-ssh' && r.status === 'fail')!;
    expect(live).toMatchObject({ baseline: 'existing', location: { file: 'main.tf', startLine: 40 } });
  });
});

describe('states Vigil refuses or cannot read', () => {
  const write = (name: string, text: string): string => {
    const path = join(scratch, name);
    writeFileSync(path, text);
    return path;
  };

  it('refuses a state for another account than the one scanned, naming both, and scans the rest (exit 2)', () => {
    const other = write('other-account.tfstate', readFileSync(join(repoRoot, state), 'utf8').replaceAll('123456789012', '210987654321'));
    const { run, report } = scanJson([estate, '--from-snapshot', snapshot, '--state', other]);
    expect(run.code).toBe(2);
    expect(report.errors).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringContaining('this state is for account 210987654321, not for the account scanned (123456789012)') }));
    expect(report.results.some((r) => r.resource.source === 'state')).toBe(false);
    expect(report.results.some((r) => r.resource.source === 'terraform')).toBe(true);
    expect(report.results.some((r) => r.resource.source === 'aws')).toBe(true);
  });

  it.each([
    ['a truncated state', '{"version": 4, "terraform_version": "1.5.0", "resources": [{"mode": "managed", "type": "aws_s3_bucket"', /:1:\d+: not valid JSON .*a truncated or damaged state\?/],
    ['JSON that is not a state', '{"name": "package", "version": "1.0.0"}', /unsupported state version "1\.0\.0"/],
    ['a list', '[1, 2, 3]', /not a Terraform state: expected a JSON object/],
    ['a Terraform 0.11 state', '{"version": 3, "terraform_version": "0.11.14", "modules": []}', /unsupported state version 3: Vigil reads version 4 \(Terraform 0\.12 and later, OpenTofu\); run terraform 0\.12 or later once on it to upgrade it/],
    ['an empty file', '', /not valid JSON \(the file is empty\)/],
  ])('%s is a clear error naming the file; the code is still scanned (exit 2)', (name, text, message) => {
    const path = write(`${name.replaceAll(' ', '-')}.tfstate`, text);
    const run = vigil(['scan', estate, '--state', path]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(message);
    expect(run.stdout).toContain(`${name.replaceAll(' ', '-')}.tfstate`);
    expect(run.stdout).toContain('aws-ec2-instance-volumes-encrypted');
    expect(run.stderr).not.toContain('internal error');
  });

  it('reads a 100 MB state within a 1 GB heap, and the rest of the scan goes on', () => {
    const padding = 'x'.repeat(50_000);
    const resources = Array.from({ length: 2_000 }, (_, i) => ({
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: `b${i}`,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [{ schema_version: 0, attributes: { id: `bulk-${i}`, arn: `arn:aws:s3:::bulk-${i}`, bucket: `bulk-${i}`, tags: { note: padding } }, sensitive_attributes: [] }],
    }));
    const path = write('large.tfstate', JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'l', outputs: {}, resources }));
    expect(readFileSync(path).length).toBeGreaterThan(100_000_000);
    const out = join(scratch, 'large.json');
    const run = vigil(['scan', estate, '--state', path, '--format', 'json', '--output', out, '--quiet'], { env: { NODE_OPTIONS: '--max-old-space-size=1024' } });
    expect(run.stderr).not.toMatch(/heap|internal error/i);
    const text = readFileSync(out, 'utf8');
    const report = JSON.parse(text) as ReportDocument;
    expect(report.drift!.states).toEqual([expect.objectContaining({ resources: 2_000 })]);
    expect(report.results.some((r) => r.resource.source === 'terraform')).toBe(true);
    // Tag values are cut short in the report: the padding is not copied into every result.
    expect(text.length).toBeLessThan(60_000_000);
  }, 180_000);

  it('a state file that is not there is an error naming it', () => {
    const run = vigil(['scan', estate, '--state', 'fixtures/drift/nope.tfstate']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('fixtures/drift/nope.tfstate: cannot read the state: no such file');
  });

  it('--state auto finds each root\'s local state, and says so for a root with none', () => {
    const root = join(scratch, 'auto');
    mkdirSync(join(root, 'app'), { recursive: true });
    mkdirSync(join(root, 'empty'), { recursive: true });
    writeFileSync(join(root, 'app', 'main.tf'), readFileSync(join(repoRoot, estate, 'main.tf')));
    writeFileSync(join(root, 'app', 'terraform.tfstate'), readFileSync(join(repoRoot, state)));
    writeFileSync(join(root, 'empty', 'main.tf'), 'resource "aws_s3_bucket" "x" {\n  bucket = "x"\n}\n');
    const run = vigil(['scan', 'app', 'empty', '--state', 'auto', '--format', 'json'], { cwd: root });
    const report = JSON.parse(run.stdout) as ReportDocument;
    expect(report.drift!.states).toEqual([expect.objectContaining({ state: 'app/terraform.tfstate', root: 'app' })]);
    expect(report.drift!.resources.find((r) => r.address === 'aws_s3_bucket.phi')?.views.code).toEqual({ address: 'aws_s3_bucket.phi', root: 'app' });
    expect(report.errors).toContainEqual(expect.objectContaining({ severity: 'warning', file: 'empty', message: expect.stringContaining('no state (terraform.tfstate is not there)') }));
  });
});
