import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';

const PMO = 'fixtures/terraform/pmo-platform';
const RCM = 'fixtures/terraform/rcm-partner';

const json = (stdout: string): ReportDocument => JSON.parse(stdout) as ReportDocument;

/** Semgrep-style annotations: `# ruleid: a, b` / `# ok: c` on the lines above a resource block. */
function annotations(dir: string): Array<{ file: string; line: number; rule: string; expect: 'fail' | 'pass' }> {
  const out: Array<{ file: string; line: number; rule: string; expect: 'fail' | 'pass' }> = [];
  for (const name of readdirSync(join(repoRoot, dir)).filter((n) => n.endsWith('.tf'))) {
    const lines = readFileSync(join(repoRoot, dir, name), 'utf8').split('\n');
    lines.forEach((text, index) => {
      const match = /^\s*#\s*(ruleid|ok):\s*(.+)$/.exec(text);
      if (!match) return;
      let block = index + 1;
      while (block < lines.length && lines[block]!.trim().startsWith('#')) block++;
      for (const rule of match[2]!.split(',').map((r) => r.trim())) {
        out.push({ file: `${dir}/${name}`, line: block + 1, rule, expect: match[1] === 'ruleid' ? 'fail' : 'pass' });
      }
    });
  }
  return out;
}

function checkAnnotations(dir: string, report: ReportDocument): void {
  const expected = annotations(dir);
  expect(expected.length).toBeGreaterThan(0);
  for (const a of expected) {
    const results = report.results.filter((r) => r.rule.id === a.rule && r.location?.file === a.file && r.location.startLine === a.line);
    expect(results.length, `${a.file}:${a.line} ${a.rule} has no result`).toBeGreaterThan(0);
    for (const r of results) expect(r.status, `${a.file}:${a.line} ${a.rule} (${r.resource.address})`).toBe(a.expect);
  }
  // Anything failing must have been annotated.
  for (const r of report.results.filter((x) => x.status === 'fail')) {
    const annotated = expected.some((a) => a.rule === r.rule.id && a.file === r.location?.file && a.line === r.location?.startLine && a.expect === 'fail');
    expect(annotated, `unexpected failure ${r.rule.id} at ${r.location?.file}:${r.location?.startLine}`).toBe(true);
  }
}

describe('vigil scan on the example estates', () => {
  it('fails the non-compliant estate with exit 1 and a readable summary', () => {
    const run = vigil(['scan', PMO]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL');
    expect(run.stdout).toContain('aws-ec2-sg-no-public-ssh');
    expect(run.stdout).toMatch(/aws_security_group\.app \(fixtures\/terraform\/pmo-platform\/ec2\.tf:\d+-\d+\)/);
    expect(run.stdout).toContain('ingress[0] (tcp 22-22 from 0.0.0.0/0)');
    expect(run.stdout).toMatch(/\d+ failed \(.*high.*\)/);
    expect(run.stdout).not.toContain('\u001b['); // no colour when not a terminal
  });

  it('reports exactly what the annotations in the non-compliant estate say', () => {
    const run = vigil(['scan', PMO, '--format', 'json']);
    expect(run.code).toBe(1);
    checkAnnotations(PMO, json(run.stdout));
  });

  it('passes the compliant estate with exit 0, including for_each buckets folded with their companions', () => {
    const run = vigil(['scan', RCM, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    checkAnnotations(RCM, report);
    const buckets = report.results.filter((r) => r.rule.id === 'aws-s3-bucket-encrypted-kms').map((r) => r.resource.address);
    expect(buckets.sort()).toEqual(['aws_s3_bucket.logs["alb"]', 'aws_s3_bucket.logs["audit"]', 'aws_s3_bucket.logs["export"]']);
    expect(report.summary.byStatus.fail).toBe(0);
  });

  it('writes a JSON report with the documented shape, in a deterministic order', () => {
    const first = json(vigil(['scan', PMO, RCM, '--format', 'json']).stdout);
    const second = json(vigil(['scan', RCM, PMO, '--format', 'json']).stdout);
    expect(first.schemaVersion).toBe('1.0');
    expect(first.tool.name).toBe('vigil');
    expect(first.scan.paths).toEqual([PMO, RCM]);
    expect(first.results.map((r) => r.fingerprint)).toEqual(second.results.map((r) => r.fingerprint));
    const ssh = first.results.find((r) => r.rule.id === 'aws-ec2-sg-no-public-ssh' && r.status === 'fail')!;
    expect(ssh).toMatchObject({
      status: 'fail',
      rule: { id: 'aws-ec2-sg-no-public-ssh', severity: 'high' },
      resource: { kind: 'aws.ec2.security_group', address: 'aws_security_group.app', name: 'pmo-prod-app-sg' },
      location: { file: `${PMO}/ec2.tf` },
    });
    expect(ssh.rule.references).toContainEqual({ source: 'checkov', id: 'CKV_AWS_24' });
    expect(ssh.requirements.map((r) => `${r.framework} ${r.citation}`)).toContain('hipaa 164.312(a)(1)');
    expect(first.summary.byStatus.fail).toBe(first.results.filter((r) => r.status === 'fail').length);
  });

  it('uses tfvars: the prod ports from terraform.tfvars reach the security group', () => {
    const report = json(vigil(['scan', PMO, '--format', 'json']).stdout);
    const sg = report.results.find((r) => r.rule.id === 'aws-ec2-sg-no-public-ssh')!;
    expect(sg.facts).toEqual(['ingress[0] (tcp 22-22 from 0.0.0.0/0)']);
  });

  it('lets --var-file and --var override the automatic values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-vars-'));
    writeFileSync(join(dir, 'ports.tfvars'), 'public_ports = [443]\n');
    const viaFile = vigil(['scan', PMO, '--format', 'json', '--var-file', join(dir, 'ports.tfvars')]);
    expect(json(viaFile.stdout).results.find((r) => r.rule.id === 'aws-ec2-sg-no-public-ssh')!.status).toBe('pass');
    const viaVar = vigil(['scan', PMO, '--format', 'json', '--var-file', join(dir, 'ports.tfvars'), '--var', 'public_ports=[22]']);
    expect(json(viaVar.stdout).results.find((r) => r.rule.id === 'aws-ec2-sg-no-public-ssh')!.status).toBe('fail');
  });

  it('judges the region from the provider block, through --var, and policies with apply-time ARNs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-provider-'));
    writeFileSync(
      join(dir, 'main.tf'),
      `variable "region" {
  type = string
}
provider "aws" {
  region = var.region
}
resource "aws_s3_bucket" "phi" {
  bucket = "clinic-phi"
}
data "aws_iam_policy_document" "tls" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.phi.arn, "\${aws_s3_bucket.phi.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
resource "aws_s3_bucket_policy" "phi" {
  bucket = aws_s3_bucket.phi.id
  policy = data.aws_iam_policy_document.tls.json
}
`,
    );
    const status = (report: ReportDocument, rule: string) => report.results.find((r) => r.rule.id === rule)!;
    const unset = json(vigil(['scan', dir, '--format', 'json', '--fail-on', 'none']).stdout);
    expect(status(unset, 'aws-s3-bucket-region-allowed').status).toBe('unknown');
    expect(status(unset, 'aws-s3-bucket-region-allowed').message).toContain('variable "region" has no value');
    expect(status(unset, 'aws-s3-bucket-tls-only').status).toBe('pass');
    const eu = json(vigil(['scan', dir, '--format', 'json', '--fail-on', 'none', '--var', 'region=eu-west-3']).stdout);
    expect(status(eu, 'aws-s3-bucket-region-allowed').status).toBe('pass');
    const us = json(vigil(['scan', dir, '--format', 'json', '--fail-on', 'none', '--var', 'region=us-east-1']).stdout);
    expect(status(us, 'aws-s3-bucket-region-allowed').status).toBe('fail');
  });

  it('gates on --fail-on: nothing critical fails in the non-compliant estate', () => {
    expect(vigil(['scan', PMO, '--fail-on', 'critical']).code).toBe(0);
    expect(vigil(['scan', PMO, '--fail-on', 'high']).code).toBe(1);
    expect(vigil(['scan', PMO, '--fail-on', 'none']).code).toBe(0);
  });

  it('limits results to a framework\'s rules with --framework', () => {
    const all = json(vigil(['scan', PMO, '--format', 'json']).stdout);
    const gdpr = json(vigil(['scan', PMO, '--format', 'json', '--framework', 'gdpr']).stdout);
    expect(gdpr.scan.frameworks).toEqual(['gdpr']);
    expect(gdpr.results.every((r) => r.requirements.every((q) => q.framework === 'gdpr'))).toBe(true);
    expect(gdpr.results.length).toBeLessThanOrEqual(all.results.length);
  });

  it('writes to --output as a file for one format and a folder for several', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-out-'));
    const one = vigil(['scan', PMO, '--format', 'json', '--output', join(dir, 'report.json')]);
    expect(one.code).toBe(1);
    expect(json(readFileSync(join(dir, 'report.json'), 'utf8')).results.length).toBeGreaterThan(0);
    expect(one.stdout).toContain('failed'); // the console summary still shows
    const many = vigil(['scan', PMO, '--format', 'json,console', '--output', join(dir, 'all')]);
    expect(many.code).toBe(1);
    expect(existsSync(join(dir, 'all', 'vigil.json'))).toBe(true);
    expect(readFileSync(join(dir, 'all', 'vigil.txt'), 'utf8')).toContain('aws-ec2-sg-no-public-ssh');
  });

  it('scans the current folder by default, skipping .terraform and .git', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cwd-'));
    mkdirSync(join(dir, '.terraform', 'modules', 'x'), { recursive: true });
    writeFileSync(join(dir, '.terraform', 'modules', 'x', 'main.tf'), 'this is { not valid');
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n  storage_encrypted = true\n}\n');
    const run = vigil(['scan', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = json(run.stdout);
    expect(report.errors).toEqual([]);
    expect(report.results.find((r) => r.rule.id === 'aws-rds-instance-not-public')).toMatchObject({ status: 'fail', location: { file: 'main.tf', startLine: 1 } });
  });
});

describe('module folders evaluated on their own defaults', () => {
  it('shows their failures as informational and does not fail the gate on them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-module-defaults-'));
    mkdirSync(join(dir, 'modules', 'bucket'), { recursive: true });
    // On its own defaults the module's bucket has no public access block; its only caller asks for one.
    writeFileSync(
      join(dir, 'modules', 'bucket', 'main.tf'),
      `variable "block_public" {
  type    = bool
  default = false
}
resource "aws_s3_bucket" "this" {
  bucket = "acme-phi"
}
resource "aws_s3_bucket_public_access_block" "this" {
  count                   = var.block_public ? 1 : 0
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
    );
    writeFileSync(join(dir, 'main.tf'), 'module "phi" {\n  source       = "./modules/bucket"\n  block_public = true\n}\n');
    const rule = 'aws-s3-bucket-public-access-block';
    const scan = vigil(['scan', '.', '--fail-on', 'high', '--format', 'json'], { cwd: dir });
    const report = json(scan.stdout);
    const own = report.results.filter((r) => r.rule.id === rule && r.resource.address === 'aws_s3_bucket.this');
    const viaCaller = report.results.filter((r) => r.rule.id === rule && r.resource.address === 'module.phi.aws_s3_bucket.this');
    expect(own.map((r) => r.status)).toEqual(['fail']);
    expect(own[0]!.informational).toMatch(/only used as a module/);
    expect(viaCaller.map((r) => [r.status, r.informational])).toEqual([['pass', undefined]]);
    // The only high failure is the module's own: shown, but the gate holds.
    expect(report.results.filter((r) => r.status === 'fail' && r.rule.severity === 'high').length).toBe(1);
    expect(scan.code).toBe(0);

    const consoleRun = vigil(['scan', '.', '--fail-on', 'high'], { cwd: dir });
    expect(consoleRun.code).toBe(0);
    expect(consoleRun.stdout).toContain('not gating');
    const sarif = JSON.parse(vigil(['scan', '.', '--format', 'sarif'], { cwd: dir }).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; kind: string; level: string; properties: { informational?: string } }> }>;
    };
    const sarifOwn = sarif.runs[0]!.results.filter((r) => r.ruleId === rule && r.properties.informational);
    expect(sarifOwn.map((r) => [r.kind, r.level])).toEqual([['informational', 'none']]);
    const markdown = vigil(['scan', '.', '--format', 'markdown'], { cwd: dir }).stdout;
    expect(markdown).toMatch(/<summary>Failing in module folders on their own defaults, not gating \(\d+\)<\/summary>/);
    const html = vigil(['scan', '.', '--format', 'html'], { cwd: dir }).stdout;
    expect(html).toContain('<div class="informational">Not gating: this folder is only used as a module');
  });
});

describe('bad input: a clear error, nothing else lost, exit 2', () => {
  it('reports a malformed file with file:line:column and still scans the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bad-'));
    writeFileSync(join(dir, 'broken.tf'), 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n');
    writeFileSync(join(dir, 'good.tf'), 'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n');
    const run = vigil(['scan', dir, '--format', 'json']);
    expect(run.code).toBe(2);
    const report = json(run.stdout);
    expect(report.errors[0]).toMatchObject({ severity: 'error', line: 3, column: 1 });
    expect(report.errors[0]!.file).toMatch(/broken\.tf$/);
    expect(report.errors[0]!.message).toBe('expected "}" to close the block opened at 1:30, found end of file');
    expect(report.results.some((r) => r.rule.id === 'aws-rds-instance-not-public' && r.status === 'fail')).toBe(true);
    const consoleRun = vigil(['scan', dir]);
    expect(consoleRun.code).toBe(2);
    expect(consoleRun.stdout).toMatch(/broken\.tf:3:1: expected "}" to close the block opened at 1:30/);
    expect(consoleRun.stderr).toContain('the scan is incomplete');
  });

  it('refuses binary and non-UTF-8 files by name and goes on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-binary-'));
    writeFileSync(join(dir, 'image.tf'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    writeFileSync(join(dir, 'latin1.tf'), Buffer.from('a = "caf\xe9"\n', 'latin1'));
    writeFileSync(join(dir, 'ok.tf'), 'resource "aws_db_instance" "db" {\n  storage_encrypted = true\n}\n');
    const run = vigil(['scan', dir, '--format', 'json']);
    expect(run.code).toBe(2);
    const messages = json(run.stdout).errors.map((e) => `${e.file}: ${e.message}`).join('\n');
    expect(messages).toMatch(/image\.tf: cannot read: this is a binary file/);
    expect(messages).toMatch(/latin1\.tf: cannot read: the file is not valid UTF-8/);
    expect(json(run.stdout).results.length).toBeGreaterThan(0);
  });

  it.each([
    [['scan', 'no/such/folder'], 'path not found: no/such/folder'],
    [['scan', PMO, '--format', 'yaml'], 'unknown --format "yaml": choose from console, json'],
    [['scan', PMO, '--fail-on', 'severe'], 'unknown --fail-on "severe"'],
    [['scan', PMO, '--framework', 'sox'], 'unknown --framework "sox"'],
    [['scan', PMO, '--var-file', 'missing.tfvars'], '--var-file not found: missing.tfvars'],
    [['scan', PMO, '--format', 'json,console'], 'writing 2 formats needs --output <folder>'],
    [['scan', PMO, '--no-such-flag'], 'Unknown argument'],
    [['frobnicate'], 'Unknown argument: frobnicate'],
  ])('vigil %j exits 2 with one clear line', (args, message) => {
    const run = vigil(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses an invalid rule file, naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-userrules-'));
    writeFileSync(join(dir, 'my-rule.yaml'), 'id: my-rule\ntitle: t\nseverity: urgent\n');
    const run = vigil(['scan', PMO, '--rules', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('my-rule.yaml: severity: must be one of critical, high, medium, low, info');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('other commands', () => {
  it('lists the rules with id, severity, frameworks and title', () => {
    const run = vigil(['rules', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/aws-ec2-sg-no-public-ssh\s+high\s+gdpr,hipaa|aws-ec2-sg-no-public-ssh\s+high\s+hipaa,gdpr/);
    const gdprOnly = vigil(['rules', 'list', '--framework', 'gdpr', '--format', 'json']);
    expect((JSON.parse(gdprOnly.stdout) as Array<{ frameworks: string[] }>).every((r) => r.frameworks.includes('gdpr'))).toBe(true);
  });

  it('prints its version and help for every command', () => {
    const version = vigil(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
    // The short form, and the flag among others (answered by the full parser), say the same.
    expect(vigil(['-V']).stdout).toBe(version.stdout);
    expect(vigil(['scan', '--version']).stdout).toBe(version.stdout);
    for (const args of [['--help'], ['scan', '--help'], ['rules', '--help'], ['rules', 'list', '--help']]) {
      const help = vigil(args);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toContain('--help');
    }
    expect(vigil(['scan', '--help']).stdout).toContain('--fail-on');
  });
});
