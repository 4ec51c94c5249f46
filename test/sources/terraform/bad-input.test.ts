import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../src/engine/catalogue.js';
import { evaluateAll } from '../../../src/engine/evaluate.js';
import { scanTerraform } from '../../../src/sources/terraform/index.js';
import { MAX_MODULE_DEPTH } from '../../../src/sources/terraform/module.js';
import { isUnknown } from '../../../src/model/value.js';
import { byAddress, errors, provenance, scanEstate, writeEstate } from './estate.js';

/**
 * Bad input, bounded: each case gives a clear error (file:line:column) or an unknown with its
 * reason, and the rest of the scan completes. How fast is measured by `npm run bench`, not here.
 */

const KEPT = 'resource "aws_s3_bucket" "kept" {\n  bucket = "kept"\n}\n';

describe('bad input is bounded and reported, and the rest is scanned', () => {
  it('cyclic locals: an error naming the cycle', async () => {
    const scan = await scanEstate({
      'main.tf': 'locals {\n  a = local.b\n  b = local.c\n  c = local.a\n}\nresource "aws_s3_bucket" "x" {\n  bucket = local.a\n}\n',
      'other.tf': KEPT,
    });
    expect(errors(scan).some((e) => /^main\.tf:\d+:\d+: local values form a cycle: local\.(a|b|c) → .* → local\.\1$/.test(e))).toBe(true);
    expect(isUnknown(byAddress(scan.resources, 'aws_s3_bucket.x').attributes.name)).toBe(true);
    expect(byAddress(scan.resources, 'aws_s3_bucket.kept').name).toBe('kept');
  });

  it('for_each over a value only apply knows: one resource standing for all, saying why', async () => {
    const scan = await scanEstate({
      'main.tf': 'resource "aws_s3_bucket" "src" {}\nresource "aws_s3_bucket" "each" {\n  for_each = toset(aws_s3_bucket.src.tags_all)\n  bucket   = "b-${each.key}"\n}\n',
    });
    const each = byAddress(scan.resources, 'aws_s3_bucket.each');
    expect(provenance(each).expansionUnknown).toMatch(/^for_each of aws_s3_bucket\.each is not known before apply/);
    expect(isUnknown(each.attributes.name)).toBe(true);
  });

  it('a port range 0-200000 is judged without enumerating the ports', async () => {
    const scan = await scanEstate({
      'main.tf': 'resource "aws_security_group" "wide" {\n  name = "wide"\n  ingress {\n    from_port   = 0\n    to_port     = 200000\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
    });
    const catalogue = await loadCatalogue([join(__dirname, '../../../rules')]);
    const ssh = catalogue.rules.filter((r) => r.id === 'aws-ec2-sg-no-public-ssh');
    const results = evaluateAll(ssh, scan.resources);
    expect(results.map((r) => r.status)).toEqual(['fail']);
    expect(byAddress(scan.resources, 'aws_security_group.wide').attributes.ingress).toMatchObject([{ from_port: 0, to_port: 200000 }]);
  });

  it('a 50 MB file is read, parsed and evaluated', async () => {
    const line = `${'x'.repeat(99)}\n`;
    const huge = `locals {\n  policy = <<EOT\n${line.repeat((50 * 1024 * 1024) / line.length)}EOT\n}\nresource "aws_s3_bucket" "big" {\n  bucket = local.policy != "" ? "big" : "empty"\n}\n`;
    expect(huge.length).toBeGreaterThan(50 * 1024 * 1024);
    const scan = await scanEstate({ 'huge.tf': huge, 'other.tf': KEPT });
    expect(errors(scan)).toEqual([]);
    expect(byAddress(scan.resources, 'aws_s3_bucket.big').name).toBe('big');
    expect(byAddress(scan.resources, 'aws_s3_bucket.kept').name).toBe('kept');
  });

  it('expressions nested 10,000 deep are refused by the parser; references chained 10,000 deep stop with an error', async () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => `  l${i} = local.l${i + 1} + 1`).join('\n');
    const scan = await scanEstate({
      'nested.tf': `v = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      'chain.tf': `locals {\n${chain}\n  l10000 = 0\n}\nresource "aws_s3_bucket" "deep" {\n  bucket = "deep-\${local.l0}"\n}\n`,
      'other.tf': KEPT,
    });
    const messages = errors(scan);
    expect(messages.some((m) => /^nested\.tf:1:\d+: nesting deeper than \d+ levels$/.test(m))).toBe(true);
    // Either the chain resolves or it stops with a located error; never a crash.
    const deep = byAddress(scan.resources, 'aws_s3_bucket.deep').attributes.name;
    if (isUnknown(deep)) expect(messages.some((m) => /^chain\.tf:\d+:\d+: the expression nests too deeply to evaluate$/.test(m))).toBe(true);
    else expect(deep).toBe('deep-10000');
    expect(byAddress(scan.resources, 'aws_s3_bucket.kept').name).toBe('kept');
  });

  it(`modules nested deeper than ${MAX_MODULE_DEPTH} calls are not followed`, async () => {
    const files: Record<string, string> = { 'main.tf': 'module "m" {\n  source = "./m0"\n}\n' };
    for (let i = 0; i < MAX_MODULE_DEPTH + 5; i++) files[`m${i}/main.tf`] = `module "m" {\n  source = "../m${i + 1}"\n}\n`;
    files[`m${MAX_MODULE_DEPTH + 5}/main.tf`] = KEPT;
    const scan = await scanEstate(files);
    expect(errors(scan).some((m) => m.includes(`is nested more than ${MAX_MODULE_DEPTH} calls deep; it is not followed`))).toBe(true);
  });

  it('symbolic link loops are not followed, and a path that is one is an error', async () => {
    const root = writeEstate({ 'main.tf': KEPT });
    symlinkSync(root, join(root, 'self'));
    symlinkSync(join(root, 'b'), join(root, 'a'));
    symlinkSync(join(root, 'a'), join(root, 'b'));
    const variables = { varFiles: [], vars: [], env: {} };
    const scan = await scanTerraform({ paths: ['.'], cwd: root, variables });
    expect(errors(scan)).toEqual([]);
    expect(scan.resources.map((r) => r.id)).toEqual(['aws_s3_bucket.kept']);
    const direct = await scanTerraform({ paths: ['a', '.'], cwd: root, variables });
    expect(direct.problems).toEqual([{ severity: 'error', file: 'a', message: 'cannot read: a symbolic link loop' }]);
    expect(direct.resources.map((r) => r.id)).toEqual(['aws_s3_bucket.kept']);
  });

  it('binary and non-UTF-8 files are refused by name', async () => {
    const scan = await scanEstate({
      'image.tf': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'latin1.tf': Buffer.from('a = "caf\xe9"\n', 'latin1'),
      'other.tf': KEPT,
    });
    expect(scan.problems.map((p) => `${p.file}: ${p.message}`).sort()).toEqual([
      'image.tf: cannot read: this is a binary file, not Terraform source',
      'latin1.tf: cannot read: the file is not valid UTF-8',
    ]);
    expect(byAddress(scan.resources, 'aws_s3_bucket.kept').name).toBe('kept');
  });

  it('reads UTF-8 with a byte order mark or characters beyond ASCII, lines where the editor shows them', async () => {
    const scan = await scanEstate({
      'bom.tf': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('resource "aws_s3_bucket" "marked" {\n  bucket = "marked"\n}\n')]),
      'accents.tf': '# Données de santé: café\nresource "aws_s3_bucket" "accented" {\n  bucket = "café-données"\n}\n',
    });
    expect(scan.problems).toEqual([]);
    expect(byAddress(scan.resources, 'aws_s3_bucket.marked').name).toBe('marked');
    expect(byAddress(scan.resources, 'aws_s3_bucket.accented').name).toBe('café-données');
    expect(provenance(byAddress(scan.resources, 'aws_s3_bucket.marked')).location.startLine).toBe(1);
    expect(provenance(byAddress(scan.resources, 'aws_s3_bucket.accented')).location.startLine).toBe(2);
  });
});
