import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry, repoRoot } from '../helpers/cli.js';
import { CORPORA, corporaPresent, withoutTimes } from '../helpers/corpora.js';

/**
 * bin/vigil runs the bundle kept in bundle/ (npm run bundle). It must be exactly what the current
 * sources, rules and dependencies make, and must answer as the compiled CLI the other tests run.
 */

const run = (entry: string, args: string[]) =>
  spawnSync(process.execPath, [entry, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 170_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });

const bundled = join(repoRoot, 'bin', 'vigil');

describe('the bundled CLI', () => {
  it('is up to date: a fresh `npm run bundle` makes exactly bundle/', () => {
    const check = spawnSync(process.execPath, [join(repoRoot, 'dist', 'tools', 'bundle.js'), '--check'], { cwd: repoRoot, encoding: 'utf8', timeout: 170_000 });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 180_000);

  it('answers --version, rules list and a bad flag as the compiled CLI does', () => {
    for (const args of [['--version'], ['rules', 'list', '--format', 'json'], ['scan', '--no-such-flag']]) {
      const a = run(bundled, args);
      const b = run(cliEntry, args);
      expect({ code: a.status, stdout: a.stdout, stderr: a.stderr }, args.join(' ')).toEqual({ code: b.status, stdout: b.stdout, stderr: b.stderr });
    }
  }, 180_000);

  const targets = [
    { name: 'pmo-platform', path: 'fixtures/terraform/pmo-platform' },
    { name: 'rcm-partner', path: 'fixtures/terraform/rcm-partner' },
    ...(corporaPresent ? CORPORA : []),
  ];
  it.each(targets)('gives the same JSON report as the compiled CLI on $name', ({ path }) => {
    const args = ['scan', path, '--format', 'json', '--no-cache'];
    const a = run(bundled, args);
    const b = run(cliEntry, args);
    expect(a.status).toBe(b.status);
    expect([0, 1]).toContain(a.status);
    expect(withoutTimes(a.stdout)).toEqual(withoutTimes(b.stdout));
  }, 180_000);

  it('scans Terraform with nothing from node_modules, as the GitHub Action runs it', () => {
    const installed = mkdtempSync(join(tmpdir(), 'vigil-no-modules-'));
    try {
      for (const part of ['bin', 'bundle', 'rules', 'reports', 'schemas', 'package.json']) cpSync(join(repoRoot, part), join(installed, part), { recursive: true });
      writeFileSync(join(installed, '.vigil.yaml'), 'fail-on: high\n'); // the configuration validator too
      const args = ['scan', 'fixtures/terraform/pmo-platform', '--format', 'json', '--no-cache', '--config', join(installed, '.vigil.yaml')];
      const alone = spawnSync(process.execPath, [join(installed, 'bin', 'vigil'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 170_000, env: { PATH: process.env.PATH ?? '' } });
      const compiled = run(cliEntry, args);
      expect(alone.stderr).toBe('');
      expect(alone.status).toBe(1);
      expect(withoutTimes(alone.stdout)).toEqual(withoutTimes(compiled.stdout));
    } finally {
      rmSync(installed, { recursive: true, force: true });
    }
  }, 180_000);

  it.skipIf(corporaPresent)('is compared on the public corpora only where they are present', () => {
    console.warn('the corpora are absent: the bundle is compared on the fixtures only');
  });
});
