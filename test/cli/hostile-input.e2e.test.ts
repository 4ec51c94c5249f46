import { spawnSync, execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, symlinkSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../src/report/document.js';
import { cliEntry, repoRoot } from '../helpers/cli.js';
import { expectValidReport, sarifSchemaErrors } from '../report/validate.js';
import { writeTree } from '../helpers/tree.js';

/**
 * The code under review is untrusted (issue 17, point 7): each case runs the real CLI on a hostile
 * estate made at test time, under a time limit and a heap ceiling, so a hang or an unbounded
 * allocation fails the test instead of the machine.
 */

const bin = cliEntry;
const HEAP_MB = 512;
const TIME_LIMIT_MS = 60_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CLI under a heap ceiling and a time limit; `stdout` may be a file descriptor (/dev/full). */
function hostile(args: string[], cwd: string, options: { stdout?: number; timeout?: number } = {}): Run {
  const run = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    encoding: 'utf8',
    timeout: options.timeout ?? TIME_LIMIT_MS,
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
  });
  if (run.error && (run.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw run.error;
  expect(run.signal, `killed (time limit ${options.timeout ?? TIME_LIMIT_MS} ms or memory): ${run.stderr?.slice(0, 500)}`).toBeNull();
  return { code: run.status, signal: run.signal, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

/** A folder with the given files; `.git` makes it a repository root as far as Vigil can tell. */
function estate(files: Record<string, string>, root = mkdtempSync(join(tmpdir(), 'vigil-hostile-'))): string {
  return writeTree(root, files);
}

/** Every report format written into `out`, read back: the text of each file, and stdout/stderr. */
function allOutputs(dir: string, scanned: string, extra: string[] = []): { run: Run; texts: Record<string, string>; json: ReportDocument } {
  const run = hostile(['scan', scanned, '-f', 'json,sarif,html,markdown,junit,gitlab,console', '-o', 'out', ...extra], dir);
  const texts: Record<string, string> = { stdout: run.stdout, stderr: run.stderr };
  for (const name of readdirSync(join(dir, 'out'))) texts[name] = readFileSync(join(dir, 'out', name), 'utf8');
  return { run, texts, json: JSON.parse(texts['vigil.json']!) as ReportDocument };
}

function expectNowhere(texts: Record<string, string>, needles: string[]): void {
  for (const [name, text] of Object.entries(texts)) {
    for (const needle of needles) expect(text.includes(needle), `${needle} in ${name}`).toBe(false);
  }
}

const volume = (name: string, encrypted: string, extra = ''): string =>
  `resource "aws_ebs_volume" "${name}" {\n  availability_zone = "eu-central-1a"\n  size              = 10\n  encrypted         = ${encrypted}\n${extra}}\n`;

const SECRET = 'TOP-SECRET-OUTSIDE-THE-TREE';

describe('files outside the scanned tree are never read', () => {
  it('file(), templatefile(), filebase64(), fileexists() and jsondecode(file()) outside the tree are unknown, and nothing of the file reaches any output', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vigil-hostile-'));
    estate({ 'outside/secret.txt': SECRET, 'outside/secret.json': JSON.stringify({ on: SECRET }) }, parent);
    const root = estate(
      {
        'main.tf': [
          volume('absolute', `file("${join(parent, 'outside/secret.txt')}") == "x"`),
          volume('relative', 'file("../outside/secret.txt") == "x"'),
          volume('decoded', 'jsondecode(file("../outside/secret.json")).on'),
          volume('template', 'templatefile("../outside/secret.txt", {}) == "x"'),
          volume('exists', 'fileexists("/etc/passwd")'),
          volume('binary', 'filebase64("/etc/passwd") == "x"'),
          volume('linked', 'file("link.txt") == "x"'),
          `resource "aws_s3_bucket" "named" {\n  bucket = file("../outside/secret.txt")\n}\n`,
          `resource "aws_s3_bucket" "number" {\n  bucket = "b-\${tonumber(file("../outside/secret.txt"))}"\n}\n`,
        ].join('\n'),
      },
      join(parent, 'repo'),
    );
    mkdirSync(join(root, '.git'));
    symlinkSync(join(parent, 'outside/secret.txt'), join(root, 'link.txt'));
    const { texts, json } = allOutputs(root, '.');
    expectNowhere(texts, [SECRET, 'root:x:0']);
    const volumes = json.results.filter((r) => r.rule.id === 'aws-ec2-volume-encrypted');
    expect(volumes.map((r) => [r.resource.address, r.status])).toEqual(
      ['absolute', 'relative', 'decoded', 'template', 'exists', 'binary', 'linked'].map((n) => [`aws_ebs_volume.${n}`, 'unknown']),
    );
    for (const r of volumes.filter((v) => v.resource.address !== 'aws_ebs_volume.binary')) expect(r.message).toContain('outside the scanned tree');
  });

  it('reads files inside the tree, with relative paths resolved against the root folder as Terraform does', () => {
    const root = estate({
      'envs/prod/main.tf': [
        volume('root_relative', 'jsondecode(file("settings.json")).encrypted'),
        volume('repo_shared', 'jsondecode(file("../../shared/settings.json")).encrypted'),
        'module "disk" {\n  source = "../../modules/disk"\n}\n',
      ].join('\n'),
      'envs/prod/settings.json': '{"encrypted": true}',
      'shared/settings.json': '{"encrypted": true}',
      'modules/disk/main.tf': [
        volume('own', 'jsondecode(file("${path.module}/disk.json")).encrypted'),
        volume('cwd', 'jsondecode(file("settings.json")).encrypted'),
      ].join('\n'),
      'modules/disk/disk.json': '{"encrypted": true}',
    });
    mkdirSync(join(root, '.git'));
    const run = hostile(['scan', 'envs/prod', '-f', 'json'], root);
    const json = JSON.parse(run.stdout) as ReportDocument;
    const statuses = Object.fromEntries(json.results.filter((r) => r.rule.id === 'aws-ec2-volume-encrypted').map((r) => [r.resource.address, r.status]));
    expect(statuses).toEqual({
      'aws_ebs_volume.root_relative': 'pass',
      'aws_ebs_volume.repo_shared': 'pass',
      'module.disk.aws_ebs_volume.own': 'pass',
      // In a module, a bare relative path is the root's: envs/prod/settings.json.
      'module.disk.aws_ebs_volume.cwd': 'pass',
    });
  });

  it('outside a repository, the scanned folder is the tree: a module above it is not read', () => {
    const root = estate({ 'app/main.tf': 'module "up" {\n  source = "../lib"\n}\n', 'lib/main.tf': volume('lib', 'false') });
    const run = hostile(['scan', 'app', '-f', 'json'], root);
    const json = JSON.parse(run.stdout) as ReportDocument;
    expect(json.results).toEqual([]);
    expect(json.errors.map((e) => e.message)).toContainEqual(expect.stringContaining('is outside the scanned tree'));
  });
});

describe('special files', () => {
  it('a FIFO named x.tf, a .tf linked to /dev/zero and file() of either neither hang nor exhaust memory', () => {
    const root = estate({
      'app/main.tf': ['module "up" {\n  source = ".."\n}\n', volume('app', 'file("../pipe.txt") == "x"'), volume('zero', 'file("../zero.txt") == "x"')].join('\n'),
      'main.tf': volume('top', 'true'),
    });
    mkdirSync(join(root, '.git'));
    execFileSync('mkfifo', [join(root, 'x.tf'), join(root, 'pipe.txt')]);
    symlinkSync('/dev/zero', join(root, 'zero.tf'));
    symlinkSync('/dev/zero', join(root, 'zero.txt'));
    const run = hostile(['scan', 'app', '-f', 'json'], root, { timeout: 30_000 });
    expect(run.code).toBe(2);
    const json = JSON.parse(run.stdout) as ReportDocument;
    const messages = json.errors.map((e) => `${e.severity} ${e.file}: ${e.message}`);
    expect(messages).toContain('error x.tf: cannot read: a named pipe (FIFO), not a regular file; only regular files are read');
    expect(messages).toContain('warning zero.tf: not read: a symbolic link to a file outside the scanned tree');
    const byAddress = Object.fromEntries(json.results.filter((r) => r.rule.id === 'aws-ec2-volume-encrypted').map((r) => [r.resource.address, r]));
    expect(byAddress['module.up.aws_ebs_volume.top']?.status).toBe('pass');
    expect(byAddress['aws_ebs_volume.app']?.message).toContain('a named pipe (FIFO), not a regular file');
    expect(byAddress['aws_ebs_volume.zero']?.message).toContain('outside the scanned tree');
  });

  it('a FIFO or a device named on the command line is exit 2 at once', () => {
    const root = estate({});
    execFileSync('mkfifo', [join(root, 'x.tf')]);
    const fifo = hostile(['scan', 'x.tf'], root, { timeout: 15_000 });
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toContain('x.tf is a named pipe (FIFO); only regular files and folders are scanned');
    const device = hostile(['scan', '/dev/zero'], root, { timeout: 15_000 });
    expect(device.code).toBe(2);
    expect(device.stderr).toContain('/dev/zero is a device');
    const varFile = hostile(['scan', '.', '--var-file', 'x.tf'], root, { timeout: 15_000 });
    expect(varFile.code).toBe(2);
  });

  it('follows a .tf symlinked inside the tree, as Terraform loads it, and warns about one pointing outside', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vigil-hostile-'));
    estate({ 'elsewhere/out.tf': volume('outside', 'false') }, parent);
    const root = estate({ 'shared/disk.tf.txt': volume('linked', 'false') }, join(parent, 'repo'));
    symlinkSync('shared/disk.tf.txt', join(root, 'disk.tf'));
    symlinkSync(join(parent, 'elsewhere/out.tf'), join(root, 'out.tf'));
    const json = JSON.parse(hostile(['scan', '.', '-f', 'json'], root).stdout) as ReportDocument;
    expect([...new Set(json.results.map((r) => r.resource.address))]).toEqual(['aws_ebs_volume.linked']);
    expect(json.errors).toContainEqual(expect.objectContaining({ severity: 'warning', file: 'out.tf', message: 'not read: a symbolic link to a file outside the scanned tree' }));
  });

  it('a folder symbolic link loop is not followed', () => {
    const root = estate({ 'main.tf': volume('v', 'true') });
    symlinkSync('.', join(root, 'loop'));
    symlinkSync('loop2', join(root, 'loop1'));
    symlinkSync('loop1', join(root, 'loop2'));
    const run = hostile(['scan', '.', '-f', 'json'], root, { timeout: 20_000 });
    expect((JSON.parse(run.stdout) as ReportDocument).summary.resources).toBe(1);
  });
});

describe('backtracking regular expressions run in linear time', () => {
  const evil = `${'a'.repeat(50_000)}!`;

  it('regex(), regexall() and replace() with catastrophic patterns finish, with Terraform\'s results', () => {
    const root = estate({
      'main.tf': [
        `locals {\n  text = "${evil}"\n}\n`,
        volume('regex', 'can(regex("(a+)+$", local.text))'),
        volume('regexall', 'length(regexall("(a|aa)+$", local.text)) == 0'),
        volume('replace', 'replace(local.text, "/(a|aa)+$/", "x") == local.text'),
        volume('lookbehind', 'can(regex("(?<=a)b", "ab"))'),
      ].join('\n'),
    });
    const run = hostile(['scan', '.', '-f', 'json'], root, { timeout: 30_000 });
    const json = JSON.parse(run.stdout) as ReportDocument;
    const statuses = Object.fromEntries(json.results.filter((r) => r.rule.id === 'aws-ec2-volume-encrypted').map((r) => [r.resource.address, r.status]));
    // No match ends at the end ("!" does), so each expression is as Terraform gives it; RE2 has no look-behind.
    expect(statuses).toEqual({
      'aws_ebs_volume.regex': 'fail',
      'aws_ebs_volume.regexall': 'pass',
      'aws_ebs_volume.replace': 'pass',
      'aws_ebs_volume.lookbehind': 'fail',
    });
  });

  it("a custom rule's matches with a catastrophic pattern finishes, and a pattern RE2 refuses is unknown with the reason", () => {
    const root = estate({
      'main.tf': `resource "aws_s3_bucket" "b" {\n  bucket = "${'a'.repeat(30_000)}!"\n}\n`,
      'rules/acme-evil.yaml': customRule('acme-evil', '"(a+)+$"'),
      'rules/acme-lookahead.yaml': customRule('acme-lookahead', '"a(?=b)"'),
    });
    const run = hostile(['scan', '.', '--rules', 'rules', '-f', 'json'], root, { timeout: 30_000 });
    const json = JSON.parse(run.stdout) as ReportDocument;
    const mine = Object.fromEntries(json.results.filter((r) => r.rule.id.startsWith('acme-')).map((r) => [r.rule.id, r]));
    expect(mine['acme-evil']?.status).toBe('pass');
    expect(mine['acme-lookahead']?.status).toBe('unknown');
    expect(mine['acme-lookahead']?.message).toContain('is not a valid RE2 regular expression');
  });
});

function customRule(id: string, pattern: string): string {
  return `id: ${id}
title: Bucket names do not end in a run of a
severity: low
kind: aws.s3.bucket
description: A rule with a pattern from a third-party rule pack.
check: { attribute: name, not_matches: ${pattern} }
remediation:
  text: Rename the bucket.
  terraform: |
    resource "aws_s3_bucket" "b" {
      bucket = "b"
    }
references: {}
examples:
  terraform:
    pass:
      - name: short
        code: |
          resource "aws_s3_bucket" "b" {
            bucket = "bb"
          }
    fail:
      - name: long
        code: |
          resource "aws_s3_bucket" "b" {
            bucket = "aaab"
          }
`;
}

describe('huge expansion', () => {
  it('count = 100000000 expands to the cap, with the rest one unknown instance and a warning', () => {
    const root = estate({ 'main.tf': volume('many', 'false', '  count             = 100000000\n') });
    const run = hostile(['scan', '.', '-f', 'json'], root, { timeout: 90_000 });
    const json = JSON.parse(run.stdout) as ReportDocument;
    const results = json.results.filter((r) => r.rule.id === 'aws-ec2-volume-encrypted');
    expect(results).toHaveLength(10_001);
    expect(json.errors).toContainEqual(
      expect.objectContaining({ severity: 'warning', message: 'aws_ebs_volume.many has 100,000,000 instances, more than the cap of 10,000 instances per resource or module call: the other 99,990,000 are not evaluated' }),
    );
    expect(results.some((r) => r.resource.address === 'aws_ebs_volume.many')).toBe(true);
  });

  it('a huge for_each is capped the same way', () => {
    const root = estate({
      'main.tf': volume('each', 'true', '  for_each          = toset([for p in setproduct(range(150), range(150)) : "${p[0]}-${p[1]}"])\n'),
    });
    const json = JSON.parse(hostile(['scan', '.', '-f', 'json'], root, { timeout: 90_000 }).stdout) as ReportDocument;
    expect(json.summary.resources).toBe(10_001);
    expect(json.errors.map((e) => e.message)).toContainEqual(expect.stringContaining('aws_ebs_volume.each has 22,500 instances'));
  });
});

describe('sensitive values through functions', () => {
  it('a sensitive variable passed through functions, indexes and conditionals reaches no output', () => {
    const password = 'Hunter2-Correct-Horse';
    const derived: Record<string, string> = {
      lower: 'lower(var.pw)',
      upper_cond: 'true ? upper(var.pw) : "x"',
      base64: 'base64encode(var.pw)',
      substr: 'substr(var.pw, 0, 3)',
      replace: 'replace(var.pw, "Horse", "Pony")',
      format: 'format("%.9s", var.pw)',
      each_char: 'join("", [for c in split("", var.pw) : upper(c)])',
      sha: 'sha256(var.pw)',
      picked: `{ "${password}" = "chosen-by-secret" }[var.pw]`,
    };
    const buckets = Object.entries(derived).map(([name, expr]) => `resource "aws_s3_bucket" "${name}" {\n  bucket = ${expr}\n}\n`);
    const root = estate({
      'main.tf': [`variable "pw" {\n  type      = string\n  sensitive = true\n  default   = "${password}"\n}\n`, ...buckets, `locals {\n  bad = tonumber(lower(var.pw))\n}\nresource "aws_s3_bucket" "err" {\n  bucket = local.bad\n}\n`].join('\n'),
    });
    const { texts, json } = allOutputs(root, '.');
    const b64 = Buffer.from(password).toString('base64');
    expectNowhere(texts, [password, password.toLowerCase(), password.toUpperCase(), b64, 'Hunter2-Correct-Pony', 'Hunter2-C', 'chosen-by-secret']);
    const names = new Set(json.results.map((r) => r.resource.name));
    expect(names.has('Hun')).toBe(false);
    expect(names.has('(sensitive)')).toBe(true);
  });
});

describe('numbers, booleans and conditions derived from a sensitive value', () => {
  it('no number, boolean, condition, template, for expression or encoding of a secret reaches any output; what it decides is unknown', () => {
    const tf = [
      'variable "pw" {\n  type      = string\n  sensitive = true\n  default   = "Zebra-Quartz-Orchid"\n}\n',
      'variable "days" {\n  type      = number\n  sensitive = true\n  default   = 48213\n}\n',
      'variable "flag" {\n  type      = bool\n  sensitive = true\n  default   = true\n}\n',
      'variable "ns" {\n  type      = list(number)\n  sensitive = true\n  default   = [51234, 61234]\n}\n',
      'locals {\n  len = length(var.pw) * 1111\n}\n',
    ];
    // Each log group's retention comes from the secret another way; 19 * 1111 = 21109.
    const retention: Record<string, [name: string, days: string]> = {
      direct: ['"direct"', 'var.days'],
      arith: ['"arith"', 'var.days + 1'],
      length: ['"len-${local.len}"', 'local.len'],
      cond: ['"cond"', 'var.pw == "nope" ? 31337 : 42424'],
      flag: ['"flag"', '!var.flag || false ? 1 : 52525'],
      for: ['"for-${jsonencode([for n in var.ns : n + 1])}"', '[for n in var.ns : n + 1][0]'],
      str: ['tostring(var.days - 7)', 'var.days > 10 ? 365 : 1'],
    };
    for (const [name, [label, days]] of Object.entries(retention)) {
      tf.push(`resource "aws_cloudwatch_log_group" "${name}" {\n  name              = ${label}\n  retention_in_days = ${days}\n}\n`);
    }
    tf.push('resource "aws_db_instance" "cmp" {\n  identifier              = "cmp"\n  engine                  = "postgres"\n  storage_encrypted       = var.pw != "guess"\n  backup_retention_period = length(var.pw) > 3 ? 35 : 0\n}\n');
    const root = estate({ 'main.tf': tf.join('\n') });
    const { texts, json } = allOutputs(root, '.');
    expectNowhere(texts, ['Zebra-Quartz', '48213', '48214', '48206', '21109', '31337', '42424', '52525', '51234', '51235', '61235', 'len-19']);
    const status = (address: string, rule: string): string | undefined =>
      json.results.find((r) => r.resource.address === address && r.rule.id === rule)?.status;
    for (const name of Object.keys(retention)) {
      expect(status(`aws_cloudwatch_log_group.${name}`, 'aws-logs-group-retention'), name).toBe('unknown');
    }
    expect(status('aws_db_instance.cmp', 'aws-rds-instance-encrypted')).toBe('unknown');
    expect(status('aws_db_instance.cmp', 'aws-rds-instance-backup-retention')).toBe('unknown');
    expect(texts['vigil.json']).toContain('computed from a sensitive value, which Vigil does not reveal');
  });
});

describe('terminal and log injection', () => {
  const ESC = '\u001b';
  const forged = `evil\r\n0 failed · 0 passed${ESC}[2J${ESC}]0;pwned\u0007`;

  it('control characters in file names, labels, values and parse errors are escaped in the console, text and Markdown reports', () => {
    const root = estate({
      [`${forged}.tf`]: `locals {\n  x = \n}\n`,
      'main.tf': [`resource "aws_s3_bucket" "a\\u001b]0;title\\u0007" {\n  bucket = "x"\n}\n`, volume('v', `"no\\r\\n0 failed${'\\u001b'}[2J"`)].join('\n'),
    });
    const { run, texts } = allOutputs(root, '.');
    expect(run.code).toBe(2);
    for (const name of ['stdout', 'stderr', 'vigil.txt', 'vigil.md']) {
      const text = texts[name]!;
      expect(text, name).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
      expect(text.split('\n').some((line) => line.startsWith('0 failed · 0 passed')), name).toBe(false);
    }
    expect(texts['vigil.txt']).toContain('evil\\r\\n0 failed · 0 passed\\x1b[2J\\x1b]0;pwned\\x07.tf:2:7');
    expect(texts['vigil.txt']).toContain('invalid resource name "a\\u001b]0;title\\u0007"');
  });

  it('colour stays when stdout is a terminal-like consumer asks for it, and only Vigil\'s own codes survive', async () => {
    const { renderConsole } = await import('../../src/report/console.js');
    const root = estate({ [`${forged}.tf`]: 'locals {\n  x = \n}\n' });
    const json = JSON.parse(hostile(['scan', '.', '-f', 'json'], root).stdout) as ReportDocument;
    const coloured = renderConsole(json, { color: true, quiet: false });
    expect(coloured).toContain(`${ESC}[1m`);
    expect(coloured.replace(/\u001b\[\d{1,2}m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it('HTML escapes what the code says, under a content security policy; JUnit and SARIF stay valid with control characters', () => {
    const root = estate({
      'main.tf': volume('v', 'false', '  tags = {\n    Name = "<script>alert(1)</script>\\u0001\\u001b"\n  }\n'),
      [`bad${'\u0001'}.tf`]: 'locals {\n  x = \n}\n',
    });
    const { texts } = allOutputs(root, '.');
    // Inside the page's JSON data "</script>" is written "<\/script>": it cannot close the element.
    expect(texts['vigil.html']).not.toContain('<script>alert(1)</script>');
    expect(texts['vigil.html']).toContain('Content-Security-Policy');
    expect(texts['vigil.junit.xml']).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const sarif = JSON.parse(texts['vigil.sarif']!) as unknown;
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expectValidReport(JSON.parse(texts['vigil.json']!));
  });
});

describe('git option injection', () => {
  function repo(): string {
    const root = estate({ 'main.tf': volume('v', 'false') });
    const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    return root;
  }

  it('refuses a reference starting with "-" and an empty --changed-since, exit 2', () => {
    const root = repo();
    const octopus = hostile(['scan', '.', '--changed-since=--octopus'], root);
    expect(octopus.code).toBe(2);
    expect(octopus.stderr).toContain('"--octopus" is not a git reference');
    const empty = hostile(['scan', '.', '--changed-since'], root);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--changed-since needs a git reference');
  });

  it('shell metacharacters in a reference are only a name git does not know', () => {
    const root = repo();
    const run = hostile(['scan', '.', '--changed-since', 'main;touch pwned$(touch pwned2)'], root);
    expect(run.code).toBe(2);
    expect(existsSync(join(root, 'pwned'))).toBe(false);
    expect(existsSync(join(root, 'pwned2'))).toBe(false);
  });

  it('a valid reference still works', () => {
    const root = repo();
    const run = hostile(['scan', '.', '--changed-since', 'HEAD', '-q'], root);
    expect(run.code).toBe(0);
  });
});

describe('outputs', () => {
  it('--output through a symbolic link replaces the link and leaves its target alone', () => {
    const root = estate({ 'main.tf': volume('v', 'false'), 'precious.txt': 'precious' });
    symlinkSync(join(root, 'precious.txt'), join(root, 'report.json'));
    const run = hostile(['scan', '.', '-f', 'json', '-o', 'report.json'], root);
    expect(run.code).toBe(1);
    expect(readFileSync(join(root, 'precious.txt'), 'utf8')).toBe('precious');
    expect(lstatSync(join(root, 'report.json')).isFile()).toBe(true);
    expect(readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a 10-million-character value is cut with a visible marker, and every format is written', () => {
    const big = 'a'.repeat(10_000_000);
    const root = estate({ 'main.tf': `resource "aws_s3_bucket" "b" {\n  bucket = "${big}"\n}\n` });
    const { run, texts } = allOutputs(root, '.');
    expect(run.code).toBe(1);
    expect(Object.keys(texts).sort()).toEqual(['stderr', 'stdout', 'vigil.codequality.json', 'vigil.html', 'vigil.json', 'vigil.md', 'vigil.sarif', 'vigil.junit.xml', 'vigil.txt'].sort());
    expect(texts['vigil.json']!.length).toBeLessThan(2_000_000);
    expect(texts['vigil.json']).toContain('… [cut: 9,998,000 more characters]');
  });

  it('writes every format or none: a folder where one report goes stops them all', () => {
    const root = estate({ 'main.tf': volume('v', 'false') });
    mkdirSync(join(root, 'out/vigil.html'), { recursive: true });
    const run = hostile(['scan', '.', '-f', 'json,html', '-o', 'out'], root);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^vigil: cannot write .*vigil\.html: it is a folder; no report was written$/)]);
    expect(readdirSync(join(root, 'out'))).toEqual(['vigil.html']);
  });

  it('a full disk, on --output or standard output, is one line and exit 2', () => {
    const root = estate({ 'main.tf': volume('v', 'false') });
    const file = hostile(['scan', '.', '-f', 'json', '-o', '/dev/full'], root);
    expect(file.code).toBe(2);
    expect(file.stderr).toBe('vigil: cannot write /dev/full: no space left on the device; no report was written\n');
    const full = openSync('/dev/full', 'w');
    try {
      const stdout = hostile(['scan', '.'], root, { stdout: full });
      expect(stdout.code).toBe(2);
      expect(stdout.stderr.trim().split('\n')).toEqual(['vigil: cannot write to standard output: no space left on the device']);
    } finally {
      closeSync(full);
    }
  });

  it('YAML alias bombs and aliases without an anchor in .vigil.yaml, attestations and rule files are one clear error', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]', ''].join('\n');
    const dangling = 'fail_on: high\nframeworks: *nowhere\n';
    for (const [yaml, expected] of [
      [bomb, 'line 2: the aliases expand to too many nodes'],
      [dangling, 'line 2: alias *nowhere has no anchor &nowhere before it'],
    ] as const) {
      const root = estate({ 'main.tf': volume('v', 'true'), '.vigil.yaml': yaml });
      const config = hostile(['scan', '.'], root);
      expect(config.code).toBe(2);
      expect(config.stderr).toContain('.vigil.yaml is invalid');
      expect(config.stderr).toContain(expected);
      expect(config.stderr).not.toMatch(/internal error|\n\s+at /);
      const attestations = hostile(['scan', '.', '--attestations', 'attest.yaml'], estate({ 'main.tf': volume('v', 'true'), 'attest.yaml': yaml }));
      expect(attestations.code).toBe(2);
      expect(attestations.stderr).toContain(expected);
      expect(attestations.stderr).not.toMatch(/internal error|\n\s+at /);
      const rules = hostile(['scan', '.', '--rules', 'rules'], estate({ 'main.tf': volume('v', 'true'), 'rules/r.yaml': yaml }));
      expect(rules.code).toBe(2);
      expect(rules.stderr).toContain(`r.yaml:${expected.slice('line '.length, expected.indexOf(':'))}: ${expected.slice(expected.indexOf(':') + 2)}`);
      expect(rules.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });
});

describe('smaller', () => {
  it('10,000 nested parentheses give one error and the rest of the file is scanned', () => {
    const root = estate({ 'main.tf': `locals {\n  x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n}\n${volume('v', 'true')}` });
    const json = JSON.parse(hostile(['scan', '.', '-f', 'json'], root).stdout) as ReportDocument;
    expect(json.errors).toEqual([expect.objectContaining({ line: 2, message: 'nesting deeper than 400 levels' })]);
    expect(json.summary.resources).toBe(1);
  });

  it('a tag key named __proto__ is kept', () => {
    const root = estate({ 'main.tf': volume('v', 'true', '  tags = {\n    "__proto__" = "kept"\n    constructor = "too"\n  }\n') });
    const json = JSON.parse(hostile(['scan', '.', '-f', 'json'], root).stdout) as ReportDocument;
    const tags = json.results[0]!.resource.tags!;
    expect(Object.keys(tags)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(tags, '__proto__')?.value).toBe('kept');
  });

  it('__proto__ keys in .vigil.yaml and in a plan JSON pollute nothing', () => {
    const root = estate({
      '.vigil.yaml': 'fail_on: high\n__proto__:\n  fail_on: none\n',
      'main.tf': volume('v', 'false'),
    });
    const run = hostile(['scan', '.', '-q'], root);
    expect(run.code === 1 || run.code === 2).toBe(true);
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it('1e400 never becomes Infinity in a name or a value', () => {
    const root = estate({ 'main.tf': `resource "aws_s3_bucket" "b" {\n  bucket = "b-\${1e400}"\n}\n${volume('v', '1e308 * 10 > 1')}` });
    const { texts, json } = allOutputs(root, '.');
    expectNowhere(texts, ['b-Infinity', 'b-+Inf', 'is Infinity', 'Infinity >']);
    expect(json.results.find((r) => r.rule.id === 'aws-ec2-volume-encrypted')?.message).toContain("Terraform's numbers have arbitrary precision");
  });

  it('undeclared variables in terraform.tfvars.json are warned about like in terraform.tfvars', () => {
    const root = estate({
      'main.tf': `variable "size" {\n  type    = number\n  default = 10\n}\n`,
      'terraform.tfvars': 'size = 20\nnot_declared = 1\n',
      'terraform.tfvars.json': '{"size": 30, "not_in_json": 2}',
    });
    const json = JSON.parse(hostile(['scan', '.', '-f', 'json'], root).stdout) as ReportDocument;
    expect(json.errors.map((e) => `${e.severity} ${e.file}: ${e.message}`)).toEqual([
      'warning terraform.tfvars: a value is given for the undeclared variable "not_declared": the root module . declares no variable of that name',
      'warning terraform.tfvars.json: a value is given for the undeclared variable "not_in_json": the root module . declares no variable of that name',
    ]);
  });

  it('provider keys and literal passwords are masked', () => {
    const root = estate({
      'main.tf': `provider "aws" {\n  region     = "eu-central-1"\n  access_key = "AKIAIOSFODNN7EXAMPLE"\n  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n}\nresource "aws_db_instance" "db" {\n  identifier     = "db"\n  engine         = "postgres"\n  instance_class = "db.t3.micro"\n  password       = "LiteralPassw0rd!"\n}\n`,
    });
    const { texts } = allOutputs(root, '.');
    expectNowhere(texts, ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI', 'LiteralPassw0rd!']);
  });
});
