import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { expectValidReport } from '../report/validate.js';
import { motoEnv, startMoto } from '../sources/aws/moto.js';

/**
 * `vigil scan --shard K/N` and `vigil merge`, run as a CI job would: the merged report of N shards
 * is the report of one process over the same work (apart from when it ran and the shards' own
 * record), and merge refuses what does not belong together, with exit 2.
 */

const ESTATE = 'fixtures/terraform';
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vigil-shards-'));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const read = (file: string): ReportDocument => JSON.parse(readFileSync(file, 'utf8')) as ReportDocument;

/** A report without what legitimately differs between one process and merged shards. */
export function comparable(document: ReportDocument): unknown {
  const { startedAt: _s, finishedAt: _f, provenance: _p, shard: _sh, merged: _m, ...scan } = document.scan;
  // Problems keep each shard's order in a merged report; the set is the same.
  const errors = [...document.errors].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return { ...document, scan, errors };
}

function scanShards(count: number, dir: string, runId: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let k = 1; k <= count; k++) {
    const file = join(dir, `shard-${k}.json`);
    const run = vigil(['scan', ESTATE, '--shard', `${k}/${count}`, '--run-id', runId, '--format', 'json', '--output', file, '--no-cache', '--quiet']);
    expect([0, 1], run.stderr).toContain(run.code); // some shards have findings, some none
    files.push(file);
  }
  return files;
}

describe('Terraform shards merge into the single-process report', () => {
  let single: ReportDocument;
  beforeAll(() => {
    const file = join(scratch, 'single.json');
    const run = vigil(['scan', ESTATE, '--format', 'json', '--output', file, '--no-cache', '--quiet']);
    expect(run.code, run.stderr).toBe(1);
    single = read(file);
    expect(single.results.length).toBeGreaterThan(100);
  });

  for (const count of [1, 3, 7]) {
    it(`N = ${count}`, () => {
      const dir = join(scratch, `n${count}`);
      const files = scanShards(count, dir, `run-${count}`);
      const shards = files.map(read);
      for (const [i, shard] of shards.entries()) {
        expectValidReport(shard);
        expect(shard.scan.shard).toMatchObject({ index: i + 1, count, runId: `run-${count}` });
      }
      // Every root (module folders on their defaults included) is in exactly one shard.
      const covered = shards.flatMap((s) => s.scan.shard!.covered.terraform ?? []);
      expect(new Set(covered).size).toBe(covered.length);
      expect(covered.sort()).toEqual([...new Set(single.results.map((r) => r.resource.root!))].sort());
      const out = join(scratch, `merged-${count}.json`);
      const merged = vigil(['merge', dir, '--format', 'json', '--output', out]);
      expect(merged.code, merged.stderr).toBe(1);
      const document = read(out);
      expectValidReport(document);
      expect(comparable(document)).toEqual(comparable(single));
      expect(document.scan.merged).toMatchObject({ runId: `run-${count}`, count });
      expect(document.scan.merged!.shards.map((s) => s.index)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      // Byte for byte what the JSON renderer writes of the same document.
      expect(readFileSync(out, 'utf8')).toBe(`${JSON.stringify(document, null, 2)}\n`);
    });
  }

  it('a shard with nothing to do writes an empty, valid report, and the other formats render the merge', () => {
    const dir = join(scratch, 'n7');
    const empty = readdirSync(dir).map((f) => read(join(dir, f))).filter((d) => (d.scan.shard!.covered.terraform ?? []).length === 0);
    expect(empty.length).toBeGreaterThan(0); // 5 roots in 7 shards
    for (const document of empty) {
      expect(document.results).toEqual([]);
      expectValidReport(document);
    }
    const out = join(scratch, 'rendered');
    const run = vigil(['merge', dir, '--format', 'sarif,html', '--output', `${out}/`]);
    expect(run.code, run.stderr).toBe(1);
    const sarif = JSON.parse(readFileSync(join(out, 'vigil.sarif'), 'utf8')) as { runs: Array<{ results: unknown[] }> };
    const fromSingle = vigil(['report', join(scratch, 'single.json'), '--format', 'sarif']);
    expect(fromSingle.code, fromSingle.stderr).toBe(0);
    const expected = JSON.parse(fromSingle.stdout) as typeof sarif;
    expect(sarif.runs[0]!.results).toEqual(expected.runs[0]!.results);
    expect(readFileSync(join(out, 'vigil.html'), 'utf8')).toContain('aws-ec2-sg-no-public-ssh');
  });
});

describe('--shard values', () => {
  const bad: Array<[string[], Record<string, string>, RegExp]> = [
    [['--shard', '0/3'], {}, /from 1 to 3/],
    [['--shard', '4/3'], {}, /from 1 to 3/],
    [['--shard', 'two/3'], {}, /must be K\/N/],
    [['--shard', '1/0'], {}, /at least 1/],
    [['--shard', 'auto'], {}, /found none of the job engines' variables/],
    [['--shard', 'auto'], { JOB_COMPLETION_INDEX: '2' }, /--shard-count N or VIGIL_SHARD_COUNT/],
    [['--shard', 'auto', '--shard-count', '2'], { JOB_COMPLETION_INDEX: '2' }, /from 1 to 2/],
    [['--shard', 'auto'], { AWS_BATCH_JOB_ARRAY_INDEX: 'x', VIGIL_SHARD_COUNT: '3' }, /not a whole number/],
    [['--shard', '1/3', '--run-id', 'a b'], {}, /--run-id must be/],
    [['--run-id', 'r1'], {}, /--run-id needs --shard/],
    [['--shard', '1/3', '--baseline', 'x.json'], {}, /cannot be combined with --baseline/],
  ];
  for (const [args, env, message] of bad) {
    it(`${args.join(' ')} ${JSON.stringify(env)}: exit 2`, () => {
      const run = vigil(['scan', ESTATE, ...args, '--no-cache'], { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/ at .*\.js:\d+/); // no stack trace
    });
  }

  const engines: Array<[Record<string, string>, string[], { index: number; count: number; from: string }]> = [
    [{ JOB_COMPLETION_INDEX: '0' }, ['--shard-count', '3'], { index: 1, count: 3, from: 'JOB_COMPLETION_INDEX' }],
    [{ AWS_BATCH_JOB_ARRAY_INDEX: '2', VIGIL_SHARD_COUNT: '3' }, [], { index: 3, count: 3, from: 'AWS_BATCH_JOB_ARRAY_INDEX' }],
    [{ CI_NODE_INDEX: '2', CI_NODE_TOTAL: '3' }, [], { index: 2, count: 3, from: 'CI_NODE_INDEX' }],
    [{ VIGIL_SHARD_INDEX: '1', VIGIL_SHARD_COUNT: '3' }, [], { index: 1, count: 3, from: 'VIGIL_SHARD_INDEX' }],
  ];
  for (const [env, args, expected] of engines) {
    it(`auto from ${expected.from}`, () => {
      const file = join(scratch, `auto-${expected.from}.json`);
      const run = vigil(['scan', ESTATE, '--shard', 'auto', ...args, '--format', 'json', '--output', file, '--no-cache', '--quiet'], { env: { ...env, GITHUB_RUN_ID: '77' } });
      expect([0, 1]).toContain(run.code);
      const shard = read(file).scan.shard!;
      expect(shard).toMatchObject(expected);
      expect(shard.runId).toMatch(/-gh-77-1$/);
    });
  }
});

describe('merge refuses what does not belong together', () => {
  let dir: string;
  let files: string[];
  beforeAll(() => {
    dir = join(scratch, 'refusals');
    files = scanShards(3, dir, 'refusals');
  });
  const refuse = (args: string[], message: RegExp) => {
    const run = vigil(['merge', ...args, '--output', join(scratch, 'never.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(readdirSync(scratch)).not.toContain('never.json');
  };

  it('a missing shard, by index', () => refuse([files[0]!], /shards 2, 3 of 3 are missing from run refusals/));
  it('the same shard twice', () => {
    const copy = join(scratch, 'copy-2.json');
    writeFileSync(copy, readFileSync(files[1]!));
    refuse([...files, copy], /shard 2\/3 is given twice/);
  });
  it('another run', () => refuse([files[0]!, files[1]!, join(scratch, 'n3', 'shard-3.json')], /differ in run: refusals and run-3/));
  it('another tool version', () => {
    const other = read(files[2]!);
    other.tool.version = '0.0.9';
    const file = join(scratch, 'other-version.json');
    writeFileSync(file, JSON.stringify(other, null, 2));
    refuse([files[0]!, files[1]!, file], /differ in Vigil version: 0\.1\.0 and 0\.0\.9/);
  });
  it('another rule set', () => {
    const other = read(files[2]!);
    other.scan.ruleSetHash = 'f'.repeat(64);
    const file = join(scratch, 'other-rules.json');
    writeFileSync(file, JSON.stringify(other, null, 2));
    refuse([files[0]!, files[1]!, file], /differ in rule set/);
  });
  it('a report that is not a shard', () => refuse([join(scratch, 'single.json')], /not a shard's report/));
  it('a report whose results were cut', () => {
    const other = read(files[1]!);
    other.results.pop();
    const file = join(scratch, 'cut.json');
    writeFileSync(file, JSON.stringify(other, null, 2));
    refuse([files[0]!, file, files[2]!], /summary says \d+ results, but it holds \d+/);
  });
  it('not JSON', () => {
    const file = join(scratch, 'broken.json');
    writeFileSync(file, '{"tool": {"name": "vigil"');
    refuse([file], /not a whole JSON report|not a Vigil JSON report/);
  });
});

describe('merge reads s3://bucket/prefix/ with the SDK', () => {
  it('the same merge as from the files', async () => {
    const moto = await startMoto();
    try {
      const env = { ...motoEnv(moto), HOME: scratch, AWS_CONFIG_FILE: join(scratch, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none') };
      const s3 = new S3Client({ endpoint: moto.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: 'audit-reports', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
      const dir = join(scratch, 'n3');
      for (const name of readdirSync(dir)) await s3.send(new PutObjectCommand({ Bucket: 'audit-reports', Key: `runs/run-3/${name}`, Body: readFileSync(join(dir, name)) }));
      await s3.send(new PutObjectCommand({ Bucket: 'audit-reports', Key: 'runs/run-3/README.txt', Body: 'not a report' }));
      s3.destroy();
      const out = join(scratch, 'from-s3.json');
      const run = vigil(['merge', 's3://audit-reports/runs/run-3/', '--output', out], { env });
      expect(run.code, run.stderr).toBe(1);
      expect(comparable(read(out))).toEqual(comparable(read(join(scratch, 'merged-3.json'))));
      expect(read(out).scan.merged!.shards[0]!.source).toBe('s3://audit-reports/runs/run-3/shard-1.json');
      const none = vigil(['merge', 's3://audit-reports/nothing/', '--output', out], { env });
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/holds no \.json reports/);
    } finally {
      await moto.stop();
    }
  }, 90_000);
});
