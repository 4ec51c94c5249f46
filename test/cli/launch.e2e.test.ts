import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { withoutTimes } from '../helpers/corpora.js';

/**
 * bin/vigil loads the bundle through bundle/launch.cjs with V8's code cache in
 * `$XDG_CACHE_HOME/vigil/compile`: the cache must never change what the CLI answers, a damaged
 * cache file must be ignored and rewritten, and Node's own switch must turn it off.
 */

const bundled = join(repoRoot, 'bin', 'vigil');
const args = ['scan', 'fixtures/terraform/pmo-platform', '--format', 'json', '--no-cache'];

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'vigil-launch-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const run = (xdg: string, extra: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bundled, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
    env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: xdg, ...extra },
  });

const compiled = (xdg: string): string[] => {
  const dir = join(xdg, 'vigil', 'compile');
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
};

describe('the launcher and its code cache', () => {
  it('writes the cache once, reuses it, and answers the same with and without it', () => {
    const xdg = join(home, 'reuse');
    const first = run(xdg);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(1);
    const files = compiled(xdg);
    expect(files.map((f) => f.split('/').pop())).toEqual([expect.stringMatching(/^scan-[0-9a-f]{24}\.v8$/)]);
    expect(statSync(files[0]!).mode & 0o777).toBe(0o600);
    const written = statSync(files[0]!).mtimeMs;
    const second = run(xdg);
    expect(second.status).toBe(1);
    expect(withoutTimes(second.stdout)).toEqual(withoutTimes(first.stdout));
    // Accepted by V8, so not written again.
    expect(statSync(files[0]!).mtimeMs).toBe(written);
    const without = run(join(home, 'off'), { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(without.status).toBe(1);
    expect(withoutTimes(without.stdout)).toEqual(withoutTimes(first.stdout));
    expect(compiled(join(home, 'off'))).toEqual([]);
  }, 180_000);

  it('ignores a damaged cache file and writes a whole one in its place', () => {
    const xdg = join(home, 'damaged');
    const clean = run(xdg);
    const [file] = compiled(xdg);
    const bytes = readFileSync(file!);
    // One byte changed in the middle of the compiled code: the checksum no longer matches.
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(file!, bytes);
    const damaged = run(xdg);
    expect(damaged.stderr).toBe('');
    expect(damaged.status).toBe(1);
    expect(withoutTimes(damaged.stdout)).toEqual(withoutTimes(clean.stdout));
    expect(readFileSync(file!).equals(bytes)).toBe(false);
    // Cut short: the same.
    writeFileSync(file!, bytes.subarray(0, 10));
    const cut = run(xdg);
    expect(cut.status).toBe(1);
    expect(withoutTimes(cut.stdout)).toEqual(withoutTimes(clean.stdout));
    expect(statSync(file!).size).toBeGreaterThan(10);
  }, 180_000);
});
