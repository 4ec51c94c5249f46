import { describe, expect, it } from 'vitest';
import { isUnknown, type ValueObject } from '../../../src/model/value.js';
import { byAddress, errors, provenance, scanEstate, throughRoots } from './estate.js';

const BUCKET_MODULE = {
  'modules/bucket/main.tf': `
variable "name" {
  type = string
}
variable "kms_key_arn" {
  type    = string
  default = null
}
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  count  = var.kms_key_arn == null ? 0 : 1
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}
output "id" {
  value = try(aws_s3_bucket.this.id, "")
}
output "name" {
  value = aws_s3_bucket.this.bucket
}
`,
};

const encryption = (attributes: ValueObject): ValueObject => attributes.encryption as ValueObject;

describe('local modules', () => {
  it('evaluates a called module with its inputs, addressing resources through the call', async () => {
    const scan = await scanEstate({
      ...BUCKET_MODULE,
      'main.tf': 'module "logs" {\n  source = "./modules/bucket"\n  name   = "acme-logs"\n}\n',
    });
    expect(errors(scan)).toEqual([]);
    const bucket = byAddress(scan.resources, 'module.logs.aws_s3_bucket.this');
    expect(bucket.name).toBe('acme-logs');
    const p = provenance(bucket);
    expect(p.location).toMatchObject({ file: 'modules/bucket/main.tf', startLine: 9 });
    expect(p.moduleCalls).toEqual(['module.logs']);
    expect(p.moduleCallSites).toEqual([
      { address: 'module.logs', source: './modules/bucket', location: expect.objectContaining({ file: 'main.tf', startLine: 1 }) },
    ]);
    expect(p.moduleDefaults).toBeUndefined();
  });

  it('nests modules, with for_each and count in the addresses', async () => {
    const scan = await scanEstate({
      ...BUCKET_MODULE,
      'modules/pair/main.tf': `
variable "prefix" { type = string }
module "bucket" {
  source   = "../bucket"
  for_each = toset(["a", "b"])
  name     = "\${var.prefix}-\${each.key}"
}
output "names" {
  value = [for b in module.bucket : b.name]
}
`,
      'main.tf': `
module "pair" {
  source = "./modules/pair"
  count  = 2
  prefix = "p\${count.index}"
}
resource "aws_s3_bucket" "summary" {
  bucket = join("-", module.pair[1].names)
}
`,
    });
    expect(errors(scan)).toEqual([]);
    const ids = throughRoots(scan.resources).map((r) => r.id).sort();
    expect(ids).toEqual([
      'aws_s3_bucket.summary',
      'module.pair[0].module.bucket["a"].aws_s3_bucket.this',
      'module.pair[0].module.bucket["b"].aws_s3_bucket.this',
      'module.pair[1].module.bucket["a"].aws_s3_bucket.this',
      'module.pair[1].module.bucket["b"].aws_s3_bucket.this',
    ]);
    expect(byAddress(scan.resources, 'module.pair[1].module.bucket["b"].aws_s3_bucket.this').name).toBe('p1-b');
    // A caller reads a module output built from the outputs of the modules it calls.
    expect(byAddress(scan.resources, 'aws_s3_bucket.summary').name).toBe('p1-a-p1-b');
    expect(provenance(byAddress(scan.resources, 'module.pair[0].module.bucket["a"].aws_s3_bucket.this')).moduleCalls).toEqual([
      'module.pair[0]',
      'module.pair[0].module.bucket["a"]',
    ]);
  });

  it('folds a bucket created in a module with the encryption its caller configures', async () => {
    const scan = await scanEstate({
      ...BUCKET_MODULE,
      'main.tf': `
resource "aws_kms_key" "phi" {}
module "exports" {
  source = "./modules/bucket"
  name   = "acme-exports"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = module.exports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.phi.arn
    }
  }
}
`,
    });
    expect(scan.problems.filter((p) => !p.message.includes('only used as a module'))).toEqual([]);
    const buckets = throughRoots(scan.resources).filter((r) => r.kind === 'aws.s3.bucket');
    expect(buckets).toHaveLength(1);
    expect(encryption(buckets[0]!.attributes)).toMatchObject({ sse_algorithm: 'aws:kms', customer_managed_key: true, configured: true });
    expect(provenance(buckets[0]!).parts.map((p) => p.address)).toEqual(['aws_s3_bucket_server_side_encryption_configuration.exports']);
  });

  it('folds a companion inside a module into the caller\'s bucket passed as an input', async () => {
    const scan = await scanEstate({
      ...BUCKET_MODULE,
      'modules/encrypt/main.tf': `
variable "bucket_id" { type = string }
resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = var.bucket_id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
      'main.tf': `
resource "aws_s3_bucket" "data" {}
module "lockdown" {
  source    = "./modules/encrypt"
  bucket_id = aws_s3_bucket.data.id
}
`,
    });
    const bucket = byAddress(scan.resources, 'aws_s3_bucket.data');
    expect(bucket.attributes.public_access_block).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    expect(provenance(bucket).parts[0]).toMatchObject({ address: 'module.lockdown.aws_s3_bucket_public_access_block.this' });
  });

  it('evaluates a folder only called as a module also on its own, and says so', async () => {
    const scan = await scanEstate({
      ...BUCKET_MODULE,
      'main.tf': 'module "logs" {\n  source      = "./modules/bucket"\n  name        = "acme-logs"\n  kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/abc"\n}\n',
    });
    const standalone = scan.resources.filter((r) => provenance(r).moduleDefaults);
    expect(standalone.map((r) => r.id)).toEqual(['aws_s3_bucket.this']);
    expect(provenance(standalone[0]!).moduleDefaults).toMatch(/only used as a module.*defaults/);
    // Its required variable has no default: unknown, with the reason, not an error.
    expect(isUnknown(standalone[0]!.attributes.name)).toBe(true);
    // Through the caller, the caller's values win: the bucket is encrypted.
    expect(encryption(byAddress(scan.resources, 'module.logs.aws_s3_bucket.this').attributes)).toMatchObject({ sse_algorithm: 'aws:kms' });
    expect(errors(scan)).toEqual([]);
  });

  it('refuses a module that calls itself and scans the rest', async () => {
    const scan = await scanEstate({
      'main.tf': 'module "loop" {\n  source = "./modules/a"\n}\nresource "aws_s3_bucket" "kept" {\n  bucket = "kept"\n}\n',
      'modules/a/main.tf': 'module "b" {\n  source = "../b"\n}\nresource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n',
      'modules/b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
      'self/main.tf': 'module "me" {\n  source = "./"\n}\n',
    });
    const messages = errors(scan).join('\n');
    expect(messages).toContain('modules/b/main.tf:1:1: module "a" calls itself (module.loop → module.loop.module.b → module.loop.module.b.module.a)');
    expect(messages).toMatch(/self\/main\.tf:1:1: module "me" calls itself/);
    expect(byAddress(scan.resources, 'aws_s3_bucket.kept').name).toBe('kept');
    expect(byAddress(scan.resources, 'module.loop.aws_s3_bucket.a').name).toBe('a');
  });

  it('expands a module whose for_each is unknown once, saying why', async () => {
    const scan = await scanEstate({
      ...BUCKET_MODULE,
      'main.tf': 'variable "names" {\n  type = set(string)\n}\nmodule "b" {\n  source   = "./modules/bucket"\n  for_each = var.names\n  name     = each.key\n}\n',
    });
    const bucket = byAddress(scan.resources, 'module.b.aws_s3_bucket.this');
    expect(provenance(bucket).expansionUnknown).toMatch(/for_each of module\.b is not known before apply.*variable "names" has no value/);
  });

  it('reports an argument the module does not declare', async () => {
    const scan = await scanEstate({
      ...BUCKET_MODULE,
      'main.tf': 'module "b" {\n  source = "./modules/bucket"\n  name   = "x"\n  nmae   = "typo"\n}\n',
    });
    expect(errors(scan)).toContain('main.tf:4:3: module "b" (./modules/bucket) has no variable "nmae"');
  });
});

describe('registry and git modules', () => {
  const caller = `
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
  name    = "main"
}
resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = module.vpc.vpc_id
}
`;

  it('gives unknown outputs and a warning when the module was not downloaded, never a network call', async () => {
    const scan = await scanEstate({ 'main.tf': caller });
    expect(scan.problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', file: 'main.tf', line: 2, message: 'module "vpc" not downloaded: run terraform init' }),
    );
    const vpcId = byAddress(scan.resources, 'aws_security_group.app').attributes.vpc_id;
    expect(isUnknown(vpcId) && vpcId.reason).toBe('module "vpc" not downloaded: run terraform init');
  });

  it('reads downloaded modules from .terraform/modules/modules.json', async () => {
    const scan = await scanEstate({
      'main.tf': caller,
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          { Key: 'vpc', Source: 'registry.terraform.io/terraform-aws-modules/vpc/aws', Version: '5.0.0', Dir: '.terraform/modules/vpc' },
        ],
      }),
      '.terraform/modules/vpc/main.tf': 'variable "name" {\n  type = string\n}\nresource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n  tags = { Name = var.name }\n}\noutput "vpc_id" {\n  value = aws_vpc.this.id\n}\n',
    });
    expect(scan.problems.filter((p) => p.message.includes('not downloaded'))).toEqual([]);
    const vpcId = byAddress(scan.resources, 'aws_security_group.app').attributes.vpc_id;
    expect(isUnknown(vpcId) && vpcId.origin).toBe('module.vpc.aws_vpc.this');
    // The downloaded module is evaluated through its caller only: .terraform is never a root.
    expect(scan.resources.filter((r) => provenance(r).moduleDefaults)).toEqual([]);
  });
});

describe('a module called many times', () => {
  it('reports the blocks Terraform refuses once for each instance, with its address, and for the folder on its own', async () => {
    // The declarations are indexed once per folder and shared by every call: what the index
    // refuses must still be reported by every instance, as it was when each indexed its own.
    const scan = await scanEstate({
      'modules/m/main.tf': 'resource "aws_s3_bucket" "a" {\n  bucket = "x"\n}\nresource "aws_s3_bucket" "a" {\n  bucket = "y"\n}\nresource "aws_s3_bucket" "1bad" {\n  bucket = "z"\n}\n',
      'main.tf': 'module "one" {\n  source = "./modules/m"\n}\nmodule "two" {\n  source = "./modules/m"\n  count  = 2\n}\n',
    });
    const refused = scan.problems
      .filter((p) => p.file === 'modules/m/main.tf')
      .map((p) => `${p.module ?? '(folder)'} ${p.line}: ${p.message.split(':')[0]}`);
    const perInstance = ['duplicate resource "aws_s3_bucket" "a"', 'invalid resource name "1bad"'];
    expect(refused).toEqual(
      ['module.one', 'module.two[0]', 'module.two[1]', '(folder)'].flatMap((where) => [`${where} 4: ${perInstance[0]}`, `${where} 7: ${perInstance[1]}`]),
    );
    expect(scan.resources.filter((r) => r.id.endsWith('aws_s3_bucket.a')).map((r) => [r.id, r.name])).toEqual([
      ['module.one.aws_s3_bucket.a', 'x'],
      ['module.two[0].aws_s3_bucket.a', 'x'],
      ['module.two[1].aws_s3_bucket.a', 'x'],
      ['aws_s3_bucket.a', 'x'],
    ]);
  });
});
