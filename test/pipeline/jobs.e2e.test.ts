import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, vigil } from '../helpers/cli';
import { corporaPresent, corporaRoot } from '../helpers/corpora';

/**
 * `--jobs`: the roots of a scan spread over worker threads give the same report, byte for byte
 * and in the same order, as one thread; a root that cannot be evaluated costs only itself.
 * Each estate is scanned by the real CLI with 1, 2 and 3 threads (more than one root each, so
 * --jobs 2 and 3 start threads), and the JSON and SARIF reports are compared.
 */

const work = mkdtempSync(join(tmpdir(), 'vigil-jobs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The reports' texts with the scan's clock times (which differ from run to run) taken out. */
function reports(dir: string): { json: string; sarif: string } {
  const clock = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;
  return {
    json: readFileSync(join(dir, 'vigil.json'), 'utf8').replace(clock, '<time>'),
    sarif: readFileSync(join(dir, 'vigil.sarif'), 'utf8').replace(clock, '<time>'),
  };
}

function scanWithJobs(target: string, jobs: number, cwd: string, extra: string[] = []): { code: number; stderr: string; json: string; sarif: string } {
  // One output folder for every run: its name is in the report's command line.
  const out = join(work, 'out');
  rmSync(out, { recursive: true, force: true });
  const run = vigil(['scan', target, '--jobs', String(jobs), '--format', 'json,sarif', '--output', out, '--no-cache', '--fail-on', 'none', ...extra], { cwd });
  expect(run.stderr).not.toMatch(/at .*\.js:\d+/); // never a stack trace
  return { code: run.code, stderr: run.stderr, ...reports(out) };
}

function expectSameWhateverJobs(target: string, cwd: string, extra: string[] = []): { code: number; json: string } {
  const one = scanWithJobs(target, 1, cwd, extra);
  for (const jobs of [2, 3]) {
    const many = scanWithJobs(target, jobs, cwd, extra);
    expect(many.code, `exit code with --jobs ${jobs}`).toBe(one.code);
    // Compared whole, then as text: a difference shows as a readable diff.
    if (many.json !== one.json) expect(many.json).toBe(one.json);
    if (many.sarif !== one.sarif) expect(many.sarif).toBe(one.sarif);
  }
  return { code: one.code, json: one.json };
}

/** A small estate of three roots sharing a module, with inline ignores (used, unused, partial) and a configuration suppression. */
function writeSharedModuleEstate(root: string): void {
  const file = (path: string, text: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  file(
    'modules/bucket/main.tf',
    `variable "name" {
  type = string
}

# vigil:ignore aws-s3-bucket-versioning-enabled -- archives are written once, by design
# vigil:ignore aws-ec2-sg-no-public-ssh -- names a rule that matches nothing here
resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id
  #checkov:skip=CKV_AWS_53:only this setting is waived
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
  );
  for (const name of ['billing', 'claims', 'imaging']) {
    file(
      `stacks/${name}/main.tf`,
      `module "archive" {
  source = "../../modules/bucket"
  name   = "${name}-archive"
}

resource "aws_s3_bucket" "scratch_${name}" {
  bucket = "${name}-scratch"
}
`,
    );
  }
  file(
    '.vigil.yaml',
    `suppressions:
  - rule: aws-s3-bucket-access-logging
    resource: aws_s3_bucket.scratch_claims
    reason: scratch space, emptied nightly
  - rule: aws-rds-instance-encrypted
    reason: matches nothing in this estate
`,
  );
}

describe('vigil scan --jobs', () => {
  it.each(['clinic-modules', 'pmo-platform', 'rcm-partner'])('gives the same report with 1, 2 and 3 threads when scanning fixtures/terraform (from %s)', (fixture) => {
    // The whole fixtures folder has several roots; each run starts from a different working folder.
    const { json } = expectSameWhateverJobs(join(repoRoot, 'fixtures/terraform'), join(repoRoot, 'fixtures/terraform', fixture));
    expect(JSON.parse(json).results.length).toBeGreaterThan(0);
  }, 300_000);

  it('gives the same report for roots sharing a module, with inline ignores and configuration suppressions used in some roots only', () => {
    const root = join(work, 'shared-module');
    writeSharedModuleEstate(root);
    const { json } = expectSameWhateverJobs('.', root);
    const document = JSON.parse(json) as { results: Array<{ status: string; rule: { id: string }; resource: { address: string; root: string } }>; errors: Array<{ message: string; file: string }> };
    const roots = new Set(document.results.map((r) => r.resource.root));
    expect([...roots].sort()).toEqual(expect.arrayContaining(['stacks/billing', 'stacks/claims', 'stacks/imaging']));
    // The module's ignore suppresses in every root, and is never reported as unused.
    const versioning = document.results.filter((r) => r.rule.id === 'aws-s3-bucket-versioning-enabled' && r.resource.address === 'module.archive.aws_s3_bucket.this');
    expect(versioning.map((r) => r.status)).toEqual(['suppressed', 'suppressed', 'suppressed']);
    expect(document.errors.filter((e) => /aws-s3-bucket-versioning-enabled/.test(e.message))).toEqual([]);
    // The ignore that names nothing failing is reported once, and so is the unused configuration entry.
    expect(document.errors.filter((e) => /aws-ec2-sg-no-public-ssh matches no failing result/.test(e.message))).toHaveLength(1);
    expect(document.errors.filter((e) => /suppressions\[1\].*matches no failing result/.test(e.message))).toHaveLength(1);
    expect(document.errors.filter((e) => /suppressions\[0\]/.test(e.message))).toEqual([]);
    // The peer ignore covering one of two failing settings is reported once, naming every root's result.
    const partial = document.errors.filter((e) => /covers only part of/.test(e.message));
    expect(partial).toHaveLength(1);
    expect(partial[0]!.message).toMatch(/3 more|and \d+ more|module\.archive/);
  }, 300_000);

  it('with --shard K/N, evaluates only the shard\'s roots in the threads and gives the same shard report with 1, 2 and 3 threads', () => {
    const cwd = join(repoRoot, 'fixtures/terraform');
    const covered: string[][] = [];
    for (const k of [1, 2]) {
      const { json } = expectSameWhateverJobs('.', cwd, ['--shard', `${k}/2`, '--run-id', 'jobs-shards']);
      const document = JSON.parse(json) as { scan: { shard: { index: number; covered: { terraform?: string[] } } }; results: Array<{ resource: { root?: string } }> };
      expect(document.scan.shard.index).toBe(k);
      const mine = document.scan.shard.covered.terraform ?? [];
      expect(mine.length).toBeGreaterThan(0);
      // Every result comes from a root of this shard: the others were never evaluated.
      for (const result of document.results) expect(mine).toContain(result.resource.root);
      covered.push(mine);
    }
    // The two shards split the roots: none in both.
    expect(covered[0]!.filter((root) => covered[1]!.includes(root))).toEqual([]);
  }, 300_000);

  it.skipIf(!corporaPresent)('gives the same report on a copy of public multi-root corpora (skipped where they are absent)', () => {
    const corpora = corporaRoot;
    const copy = join(work, 'corpora');
    for (const repo of ['terraform-aws-security-group', 'terraform-aws-s3-bucket']) cpSync(join(corpora, repo), join(copy, repo), { recursive: true });
    const { json } = expectSameWhateverJobs('.', copy);
    const document = JSON.parse(json) as { results: Array<{ resource: { root?: string } }> };
    expect(new Set(document.results.map((r) => r.resource.root)).size).toBeGreaterThan(3);
  }, 300_000);

  it('works from the bundle too: bin/vigil with --jobs 2 starts the bundled worker and gives the compiled CLI\'s report', () => {
    const cwd = join(repoRoot, 'fixtures/terraform');
    const one = scanWithJobs('.', 1, cwd);
    const out = join(work, 'out');
    rmSync(out, { recursive: true, force: true });
    const run = spawnSync(process.execPath, [join(repoRoot, 'bin/vigil'), 'scan', '.', '--jobs', '2', '--format', 'json,sarif', '--output', out, '--no-cache', '--fail-on', 'none'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).not.toMatch(/Error|at .*\.js:\d+/);
    expect(run.status).toBe(one.code);
    const bundled = reports(out);
    if (bundled.json !== one.json) expect(bundled.json).toBe(one.json);
    if (bundled.sarif !== one.sarif) expect(bundled.sarif).toBe(one.sarif);
  }, 300_000);

  it('reports a root that cannot be read or parsed as an error for that root and still judges the others, with exit code 2', () => {
    const root = join(work, 'hostile');
    mkdirSync(join(root, 'good-a'), { recursive: true });
    mkdirSync(join(root, 'broken'), { recursive: true });
    mkdirSync(join(root, 'good-b'), { recursive: true });
    writeFileSync(join(root, 'good-a/main.tf'), 'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n');
    writeFileSync(join(root, 'good-b/main.tf'), 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n');
    // Deeply nested and unterminated: the parser refuses it.
    writeFileSync(join(root, 'broken/main.tf'), `resource "aws_s3_bucket" "x" {\n  bucket = ${'['.repeat(20_000)}\n`);
    const { code, json } = expectSameWhateverJobs('.', root);
    expect(code).toBe(2);
    const document = JSON.parse(json) as { results: Array<{ resource: { root?: string } }>; errors: Array<{ severity: string; file: string }> };
    // The broken root gives what the parser could recover; the others are judged in full.
    expect([...new Set(document.results.map((r) => r.resource.root))]).toEqual(expect.arrayContaining(['good-a', 'good-b']));
    expect(document.errors.some((e) => e.severity === 'error' && e.file.startsWith('broken/'))).toBe(true);
  }, 300_000);

  it('refuses a --jobs value it cannot use, naming auto among the values it takes, with exit code 2', () => {
    for (const value of ['x', '0', '1.5', '257']) {
      const run = vigil(['scan', '.', '--jobs', value, '--format', 'json'], { cwd: work });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`vigil: --jobs must be a whole number from 1 to 256 or auto, not "${value}"`);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });
});
