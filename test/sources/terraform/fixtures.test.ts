import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../src/engine/catalogue.js';
import { evaluateAll, type Result } from '../../../src/engine/evaluate.js';
import { scanTerraform } from '../../../src/sources/terraform/index.js';
import { provenance } from './estate.js';

/**
 * The module-based example estate, through the real source and engine: the `# ruleid:` and
 * `# ok:` annotations (in the root and in the module folders) must hold for every instance created
 * through the root, with no parse error and nothing unexpected failing.
 */

const repo = join(__dirname, '../../..');
const ESTATE = 'fixtures/terraform/clinic-modules';

interface Annotation {
  file: string;
  line: number;
  rule: string;
  expect: 'fail' | 'pass';
}

function tfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tfFiles(path) : name.endsWith('.tf') ? [path] : [];
  });
}

function annotations(dir: string): Annotation[] {
  const out: Annotation[] = [];
  for (const path of tfFiles(join(repo, dir))) {
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((text, index) => {
      const match = /^\s*#\s*(ruleid|ok):\s*(.+)$/.exec(text);
      if (!match) return;
      let block = index + 1;
      while (block < lines.length && lines[block]!.trim().startsWith('#')) block++;
      for (const rule of match[2]!.split(',').map((r) => r.trim())) {
        out.push({ file: relative(repo, path), line: block + 1, rule, expect: match[1] === 'ruleid' ? 'fail' : 'pass' });
      }
    });
  }
  return out;
}

describe(`the module-based estate (${ESTATE})`, async () => {
  const catalogue = await loadCatalogue([join(repo, 'rules')]);
  const scan = await scanTerraform({ paths: [ESTATE], cwd: repo, variables: { varFiles: [], vars: [], env: {} } });
  const results = evaluateAll(catalogue.rules, scan.resources);
  const viaRoot = results.filter((r: Result) => !provenance(r.resource).moduleDefaults);
  const expected = annotations(ESTATE);
  const annotatedRules = new Set(expected.map((a) => a.rule));
  const at = (r: Result) => {
    const p = provenance(r.resource);
    return { file: p.location.file, line: p.location.startLine };
  };

  it('parses and evaluates with no error, warning only about the module that was not downloaded', () => {
    expect(scan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(scan.problems.map((p) => p.message)).toEqual(['module "vpc" not downloaded: run terraform init']);
  });

  it.each(expected.map((a) => [`${a.file}:${a.line} ${a.rule} → ${a.expect}`, a] as const))('%s', (_name, a) => {
    const matching = viaRoot.filter((r) => r.rule.id === a.rule && at(r).file === a.file && at(r).line === a.line);
    expect(matching.length, 'no result for the annotated block').toBeGreaterThan(0);
    for (const r of matching) expect(r.status, `${r.resource.id}: ${r.message}`).toBe(a.expect);
  });

  it('fails nothing it was not told to, for the annotated rules', () => {
    const unexpected = viaRoot
      .filter((r) => r.status === 'fail' && annotatedRules.has(r.rule.id))
      .filter((r) => !expected.some((a) => a.rule === r.rule.id && a.expect === 'fail' && a.file === at(r).file && a.line === at(r).line))
      .map((r) => `${r.rule.id} ${r.resource.id}`);
    expect(unexpected).toEqual([]);
  });

  it('expands module calls with for_each into one bucket per key, each folded with its module\'s companions', () => {
    const buckets = viaRoot.filter((r) => r.rule.id === 'aws-s3-bucket-public-access-block').map((r) => r.resource.id).sort();
    expect(buckets).toEqual([
      'aws_s3_bucket.legacy_uploads',
      'module.archive.aws_s3_bucket.this[0]',
      'module.buckets["exports"].aws_s3_bucket.this[0]',
      'module.buckets["imaging"].aws_s3_bucket.this[0]',
      'module.buckets["records"].aws_s3_bucket.this[0]',
    ]);
    const archive = scan.resources.find((r) => r.id === 'module.archive.aws_s3_bucket.this[0]')!;
    // The caller's public access block is folded into the bucket its module created.
    expect(provenance(archive).parts.map((p) => p.address)).toContain('aws_s3_bucket_public_access_block.archive');
  });

  it('also evaluates each module folder on its own with its defaults, and says so', () => {
    const standalone = scan.resources.filter((r) => provenance(r).moduleDefaults).map((r) => `${provenance(r).location.file} ${r.id}`);
    expect(standalone.sort()).toEqual([
      `${ESTATE}/modules/s3-bucket/main.tf aws_s3_bucket.this[0]`,
      `${ESTATE}/modules/security-group/main.tf aws_security_group.this`,
    ]);
  });
});
