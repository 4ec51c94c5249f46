import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, vigil } from '../helpers/cli.js';
import { CORPORA, corporaPresent, withoutTimes } from '../helpers/corpora.js';

/**
 * The result cache through the real CLI: a warm scan answers exactly as a cold one and as a scan
 * without the cache; any change to what the scan read (a file, a module folder's listing, a
 * variable) makes a fresh scan; a damaged entry is ignored and rewritten.
 */

const temp = mkdtempSync(join(tmpdir(), 'vigil-cache-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(temp, `cache-${n++}`);

const entries = (cacheDir: string): string[] => {
  try {
    return readdirSync(join(cacheDir, 'scans')).map((name) => join(cacheDir, 'scans', name));
  } catch {
    return [];
  }
};

/** An entry whose header's checksum matches its body, as the cache writes it. */
function isSound(text: string): boolean {
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as { sha256: string };
  return header.sha256 === createHash('sha256').update(text.slice(newline + 1)).digest('hex');
}

function scanJson(path: string, cacheArgs: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const run = vigil(['scan', path, '--format', 'json', ...cacheArgs], options);
  expect([0, 1], run.stderr).toContain(run.code);
  return { code: run.code, report: withoutTimes(run.stdout) };
}

describe('the result cache', () => {
  const targets = [{ name: 'pmo-platform', path: join(repoRoot, 'fixtures/terraform/pmo-platform') }, ...(corporaPresent ? CORPORA : [])];

  it.each(targets)('gives the same report cold, warm and without the cache on $name', ({ path }) => {
    const cacheDir = freshDir();
    const cold = scanJson(path, ['--cache-dir', cacheDir]);
    const [entry] = entries(cacheDir);
    expect(entry, 'the cold scan writes an entry').toBeDefined();
    const written = statSync(entry!).mtimeMs;
    const warm = scanJson(path, ['--cache-dir', cacheDir]);
    expect(statSync(entry!).mtimeMs, 'the warm scan reuses the entry rather than rewriting it').toBe(written);
    const none = scanJson(path, ['--no-cache']);
    expect(warm).toEqual(cold);
    expect(none).toEqual(cold);
  }, 180_000);

  it('is used from $XDG_CACHE_HOME/vigil by default, and not at all with --no-cache', () => {
    const xdg = freshDir();
    vigil(['scan', 'fixtures/terraform/rcm-partner', '--format', 'json', '--no-cache'], { env: { XDG_CACHE_HOME: xdg } });
    expect(entries(join(xdg, 'vigil'))).toHaveLength(0);
    vigil(['scan', 'fixtures/terraform/rcm-partner', '--format', 'json'], { env: { XDG_CACHE_HOME: xdg } });
    expect(entries(join(xdg, 'vigil'))).toHaveLength(1);
  }, 120_000);

  it('scans afresh when a file, a module folder or a variable changes', () => {
    const cacheDir = freshDir();
    const repo = join(temp, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true }); // the tree is the repository: ../modules is read
    mkdirSync(join(repo, 'modules', 'net'), { recursive: true });
    mkdirSync(join(repo, 'envs', 'prod'), { recursive: true });
    writeFileSync(join(repo, 'modules', 'net', 'main.tf'), 'variable "cidr" {\n  type = string\n}\n');
    writeFileSync(
      join(repo, 'envs', 'prod', 'main.tf'),
      'variable "ssh_cidr" {\n  default = "10.0.0.0/8"\n}\nmodule "net" {\n  source = "../../modules/net"\n  cidr   = var.ssh_cidr\n}\n' +
        'resource "aws_security_group" "bastion" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = [var.ssh_cidr]\n  }\n}\n',
    );
    const scan = (env: Record<string, string> = {}) => scanJson('envs/prod', ['--cache-dir', cacheDir], { cwd: repo, env });
    const failedRules = (report: unknown): string[] =>
      (report as { results: Array<{ status: string; rule: { id: string }; resource: { address?: string } }> }).results
        .filter((r) => r.status === 'fail')
        .map((r) => `${r.rule.id} ${r.resource.address}`)
        .sort();
    const first = scan();
    expect(failedRules(first.report)).not.toContain('aws-ec2-sg-no-public-ssh aws_security_group.bastion');

    // A variable from the environment is part of the key.
    const open = scan({ TF_VAR_ssh_cidr: '0.0.0.0/0' });
    expect(failedRules(open.report)).toContain('aws-ec2-sg-no-public-ssh aws_security_group.bastion');
    expect(scan().report).toEqual(first.report);

    // A file added to the called module's folder, outside the scanned path.
    writeFileSync(join(repo, 'modules', 'net', 'sg.tf'), 'resource "aws_security_group" "wide" {\n  ingress {\n    from_port   = 3389\n    to_port     = 3389\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n');
    const withModule = scan();
    expect(failedRules(withModule.report)).toContain('aws-ec2-sg-no-public-rdp module.net.aws_security_group.wide');
    expect(withModule).toEqual(scanJson('envs/prod', ['--no-cache'], { cwd: repo }));

    // A changed byte in a scanned file.
    const main = join(repo, 'envs', 'prod', 'main.tf');
    writeFileSync(main, readFileSync(main, 'utf8').replace('"10.0.0.0/8"', '"0.0.0.0/0"'));
    const changed = scan();
    expect(failedRules(changed.report)).toContain('aws-ec2-sg-no-public-ssh aws_security_group.bastion');
    expect(changed).toEqual(scanJson('envs/prod', ['--no-cache'], { cwd: repo }));
  }, 180_000);

  it('trusts the stamps of files settled before the scan, and still sees a same-size rewrite with its old time put back', async () => {
    const cacheDir = freshDir();
    const dir = join(temp, 'settled');
    mkdirSync(dir, { recursive: true });
    const main = join(dir, 'main.tf');
    const sg = (cidr: string) =>
      `resource "aws_security_group" "bastion" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["${cidr}"]\n  }\n}\n`;
    writeFileSync(main, sg('10.0.0.0/8'));
    const lastYear = Math.floor(Date.now() / 1000) - 365 * 86_400;
    utimesSync(main, lastYear, lastYear);
    // Only a file left alone 3 s before the scan is stamped (its change time cannot be set back).
    await new Promise((done) => setTimeout(done, 3_200));
    const first = scanJson(dir, ['--cache-dir', cacheDir]);
    const [entry] = entries(cacheDir);
    const stamps = (JSON.parse(readFileSync(entry!, 'utf8').split('\n')[1]!) as { stamps: Record<string, string> }).stamps;
    expect(Object.keys(stamps)).toEqual([main]);
    expect(scanJson(dir, ['--cache-dir', cacheDir])).toEqual(first);
    // Same size, same modification time: only the change time (and the bytes) differ.
    const open = sg('0.0.0.0/0').replace('"]', '"] '); // one space for the shorter CIDR
    expect(open.length).toBe(sg('10.0.0.0/8').length);
    writeFileSync(main, open);
    utimesSync(main, lastYear, lastYear);
    const changed = scanJson(dir, ['--cache-dir', cacheDir]);
    expect(changed).not.toEqual(first);
    expect(changed).toEqual(scanJson(dir, ['--no-cache']));
  }, 120_000);

  it('with --jobs 2, counts what the worker threads read: a change to a module only they read makes a fresh scan', () => {
    const cacheDir = freshDir();
    const repo = join(temp, 'repo-jobs');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'modules', 'store'), { recursive: true });
    writeFileSync(join(repo, 'modules', 'store', 'main.tf'), 'variable "name" {\n  type = string\n}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n');
    for (const env of ['dev', 'prod', 'test']) {
      mkdirSync(join(repo, 'envs', env), { recursive: true });
      writeFileSync(join(repo, 'envs', env, 'main.tf'), `module "store" {\n  source = "../../modules/store"\n  name   = "${env}-store"\n}\n`);
    }
    const scan = () => scanJson('envs', ['--cache-dir', cacheDir, '--jobs', '2'], { cwd: repo });
    const sgFailures = (report: unknown): number =>
      (report as { results: Array<{ status: string; rule: { id: string } }> }).results.filter((r) => r.status === 'fail' && r.rule.id === 'aws-ec2-sg-no-public-rdp').length;
    const first = scan();
    expect(entries(cacheDir)).toHaveLength(1);
    expect(scan()).toEqual(first);
    writeFileSync(join(repo, 'modules', 'store', 'sg.tf'), 'resource "aws_security_group" "wide" {\n  ingress {\n    from_port   = 3389\n    to_port     = 3389\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n');
    const changed = scan();
    expect(sgFailures(first.report)).toBe(0);
    expect(sgFailures(changed.report)).toBe(3);
    expect(changed).toEqual(scanJson('envs', ['--no-cache', '--jobs', '1'], { cwd: repo }));
  }, 180_000);

  it('ignores a damaged or foreign entry and writes a sound one', () => {
    const cacheDir = freshDir();
    const path = join(repoRoot, 'fixtures/terraform/pmo-platform');
    const cold = scanJson(path, ['--cache-dir', cacheDir]);
    const [entry] = entries(cacheDir);
    const sound = readFileSync(entry!, 'utf8');
    expect(isSound(sound)).toBe(true);
    const damaged = [
      sound.slice(0, Math.floor(sound.length / 2)), // cut short
      sound.replace('"status":"fail"', '"status":"pass"'), // edited: the checksum no longer matches
      sound.replace(/^\{[^\n]*\n/, '{"format":1}\n'), // header of another key
      '\u0000\u0001 not json at all',
    ];
    for (const text of damaged) {
      writeFileSync(entry!, text);
      expect(scanJson(path, ['--cache-dir', cacheDir])).toEqual(cold);
      expect(isSound(readFileSync(entry!, 'utf8')), 'rewritten whole').toBe(true);
    }
  }, 180_000);

  it.skipIf(corporaPresent)('is compared on the public corpora only where they are present', () => {
    console.warn('the corpora are absent: cold and warm scans are compared on the fixture only');
  });
});
