import { describe, expect, it } from 'vitest';
import { isUnknown, type Unknown } from '../../../src/model/value.js';
import { byAddress, errors, scanEstate } from './estate.js';

const region = async (files: Record<string, string>, address: string, vars: string[] = []) => {
  const scan = await scanEstate(files, ['.'], { vars });
  expect(errors(scan)).toEqual([]);
  return byAddress(scan.resources, address).attributes.region;
};

describe('provider regions', () => {
  it('gives each resource the region of the default aws provider, through variables and locals', async () => {
    const files = {
      'main.tf': `
variable "region" {
  type    = string
  default = "eu-west-1"
}
locals {
  region = var.region
}
provider "aws" {
  region = local.region
}
resource "aws_s3_bucket" "phi" {
  bucket = "clinic-phi"
}
`,
    };
    expect(await region(files, 'aws_s3_bucket.phi')).toBe('eu-west-1');
    expect(await region(files, 'aws_s3_bucket.phi', ['region=us-east-1'])).toBe('us-east-1');
  });

  it('uses the aliased configuration a resource names, and the resource\'s own region argument first', async () => {
    const files = {
      'providers.tf': `
provider "aws" {
  region = "eu-central-1"
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
`,
      'main.tf': `
resource "aws_s3_bucket" "home" {
  bucket = "home"
}
resource "aws_s3_bucket" "away" {
  provider = aws.us
  bucket   = "away"
}
resource "aws_s3_bucket" "pinned" {
  provider = aws.us
  bucket   = "pinned"
  region   = "eu-west-3"
}
`,
    };
    expect(await region(files, 'aws_s3_bucket.home')).toBe('eu-central-1');
    expect(await region(files, 'aws_s3_bucket.away')).toBe('us-east-1');
    expect(await region(files, 'aws_s3_bucket.pinned')).toBe('eu-west-3');
  });

  it('passes the default configuration to modules implicitly, and others through providers = {}', async () => {
    const module = `
resource "aws_db_instance" "this" {
  identifier     = "db"
  engine         = "postgres"
  instance_class = "db.t3.micro"
}
`;
    const scan = await scanEstate({
      'modules/db/main.tf': module,
      'main.tf': `
provider "aws" {
  region = "eu-north-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
module "implicit" {
  source = "./modules/db"
}
module "explicit" {
  source    = "./modules/db"
  providers = { aws = aws.west }
}
module "nested" {
  source = "./modules/wrap"
  providers = {
    aws.inner = aws.west
  }
}
`,
      'modules/wrap/main.tf': `
module "db" {
  source    = "../db"
  providers = { aws = aws.inner }
}
`,
    });
    expect(errors(scan)).toEqual([]);
    expect(byAddress(scan.resources, 'module.implicit.aws_db_instance.this').attributes.region).toBe('eu-north-1');
    expect(byAddress(scan.resources, 'module.explicit.aws_db_instance.this').attributes.region).toBe('us-west-2');
    expect(byAddress(scan.resources, 'module.nested.module.db.aws_db_instance.this').attributes.region).toBe('us-west-2');
  });

  it('does not pass aliased configurations implicitly, and a providers map replaces the implicit default', async () => {
    const scan = await scanEstate({
      'modules/b/main.tf': 'resource "aws_s3_bucket" "this" {\n  bucket = "b"\n}\nresource "aws_s3_bucket" "other" {\n  provider = aws.other\n  bucket   = "o"\n}\n',
      'main.tf': `
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "other"
  region = "eu-west-2"
}
module "m" {
  source = "./modules/b"
}
module "only_other" {
  source    = "./modules/b"
  providers = { aws.other = aws.other }
}
`,
    });
    expect(byAddress(scan.resources, 'module.m.aws_s3_bucket.this').attributes.region).toBe('eu-west-1');
    const notPassed = byAddress(scan.resources, 'module.m.aws_s3_bucket.other').attributes.region as Unknown;
    expect(isUnknown(notPassed) && notPassed.reason).toMatch(/provider configuration "aws.other" is not declared in this module nor passed to it/);
    expect(byAddress(scan.resources, 'module.only_other.aws_s3_bucket.other').attributes.region).toBe('eu-west-2');
    const noDefault = byAddress(scan.resources, 'module.only_other.aws_s3_bucket.this').attributes.region as Unknown;
    expect(isUnknown(noDefault) && noDefault.reason).toMatch(/no provider "aws" block sets the region/);
  });

  it('keeps the region unknown, with the reason, when the provider or its variable does not set it', async () => {
    const unset = await region(
      {
        'main.tf': 'variable "region" {\n  type = string\n}\nprovider "aws" {\n  region = var.region\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n',
      },
      'aws_s3_bucket.b',
    );
    expect(isUnknown(unset) && unset.reason).toMatch(/region of provider "aws" \(main\.tf:4\) is not known: variable "region" has no value/);
    const noRegion = await region({ 'main.tf': 'provider "aws" {}\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' }, 'aws_s3_bucket.b');
    expect(isUnknown(noRegion) && noRegion.reason).toMatch(/provider "aws" \(main\.tf:1\) sets no region: it comes from AWS_REGION/);
    const noBlock = await region({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' }, 'aws_s3_bucket.b');
    expect(isUnknown(noBlock) && noBlock.reason).toMatch(/no provider "aws" block sets the region/);
  });

  it('reports a providers argument that is not a map of configurations', async () => {
    const scan = await scanEstate({
      'modules/b/main.tf': 'resource "aws_s3_bucket" "this" {\n  bucket = "b"\n}\n',
      'main.tf': 'module "m" {\n  source    = "./modules/b"\n  providers = "aws"\n}\n',
    });
    expect(errors(scan)).toEqual([expect.stringMatching(/^main\.tf:1:1: module "m": providers must be a map/)]);
  });

  it('answers data "aws_region" from the provider configuration, so policies that branch on it resolve', async () => {
    const scan = await scanEstate({
      'main.tf': `
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
data "aws_region" "current" {}
data "aws_region" "us" {
  provider = aws.us
}
locals {
  # The ELB account of each region, as terraform-aws-modules/s3-bucket keeps it.
  elb_accounts = { "eu-west-1" = "156460612806", "us-east-1" = "127311923021" }
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
data "aws_iam_policy_document" "elb" {
  dynamic "statement" {
    for_each = { for region, account in local.elb_accounts : region => account if region == data.aws_region.current.name }
    content {
      actions   = ["s3:PutObject"]
      resources = ["\${aws_s3_bucket.logs.arn}/*"]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::\${statement.value}:root"]
      }
    }
  }
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.elb.json
}
resource "aws_s3_bucket" "tagged" {
  bucket = "tagged-\${data.aws_region.us.id}"
}
`,
    });
    expect(errors(scan)).toEqual([]);
    const policy = byAddress(scan.resources, 'aws_s3_bucket.logs').attributes.policy as Record<string, unknown>;
    expect(policy.public_write).toBe(false);
    expect(byAddress(scan.resources, 'aws_s3_bucket.tagged').name).toBe('tagged-us-east-1');
  });

  it('does not reveal a region taken from a sensitive variable', async () => {
    const scan = await scanEstate({
      'main.tf': 'variable "region" {\n  default   = "eu-central-2"\n  sensitive = true\n}\nprovider "aws" {\n  region = var.region\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n',
    });
    const region = byAddress(scan.resources, 'aws_s3_bucket.b').attributes.region as Unknown;
    expect(isUnknown(region) && region.reason).toMatch(/sensitive value/);
    expect(JSON.stringify(scan.resources)).not.toContain('eu-central-2');
  });

  it('reads provider blocks and provider = "aws.x" in .tf.json files too', async () => {
    const json = {
      provider: { aws: [{ region: 'eu-west-1' }, { alias: 'us', region: 'us-east-2' }] },
      resource: { aws_s3_bucket: { home: { bucket: 'home' }, away: { provider: 'aws.us', bucket: 'away' } } },
    };
    expect(await region({ 'main.tf.json': JSON.stringify(json) }, 'aws_s3_bucket.home')).toBe('eu-west-1');
    expect(await region({ 'main.tf.json': JSON.stringify(json) }, 'aws_s3_bucket.away')).toBe('us-east-2');
  });
});
