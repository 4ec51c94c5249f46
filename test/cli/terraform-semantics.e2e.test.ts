import { describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import { writeEstate } from '../sources/terraform/estate.js';
import type { ReportDocument, ReportResult } from '../../src/report/document.js';

/**
 * Issue 11, points 6 and 7: domain exceptions peers get right, and Terraform evaluated as
 * Terraform evaluates it. Each estate is written for its behaviour and scanned through the CLI.
 */

const scanJson = (dir: string, extra: string[] = []): { code: number; report: ReportDocument; stderr: string } => {
  const run = vigil(['scan', '.', '--format', 'json', '--fail-on', 'none', ...extra], { cwd: dir });
  return { code: run.code, report: JSON.parse(run.stdout) as ReportDocument, stderr: run.stderr };
};
const resultsOf = (report: ReportDocument, rule: string, address: string): ReportResult[] =>
  report.results.filter((r) => r.rule.id === rule && r.resource.address === address);
const warnings = (report: ReportDocument): string[] => report.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);

const PROVIDER = 'provider "aws" {\n  region = "eu-central-1"\n}\n';

describe('domain exceptions', () => {
  it('passes the SSE-S3 target of server access logging, linked by reference, and fails a bucket that is not one', () => {
    const dir = writeEstate({
      'main.tf': `${PROVIDER}
resource "aws_s3_bucket" "app" {
  bucket = "clinic-app"
}
resource "aws_s3_bucket" "access_logs" {
  bucket_prefix = "clinic-access-logs-"
}
resource "aws_s3_bucket_logging" "app" {
  bucket        = aws_s3_bucket.app.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "app/"
}
`,
    });
    const { report } = scanJson(dir);
    expect(resultsOf(report, 'aws-s3-bucket-encrypted-kms', 'aws_s3_bucket.access_logs').map((r) => r.status)).toEqual(['pass']);
    expect(resultsOf(report, 'aws-s3-bucket-encrypted-kms', 'aws_s3_bucket.app').map((r) => r.status)).toEqual(['fail']);
    const rule = report.rules.find((r) => r.id === 'aws-s3-bucket-encrypted-kms')!;
    expect(rule.remediation.text).toContain('S3 delivers access logs only to SSE-S3 targets');
  });

  it('does not judge rotation of asymmetric, HMAC, signing or imported keys, and fails a symmetric key without it', () => {
    const dir = writeEstate({
      'main.tf': `${PROVIDER}
resource "aws_kms_key" "symmetric" {
  description = "data"
}
resource "aws_kms_key" "signing" {
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}
resource "aws_kms_key" "hmac" {
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}
resource "aws_kms_external_key" "imported" {
  description = "imported material"
}
`,
    });
    const { report } = scanJson(dir);
    const rotation = report.results.filter((r) => r.rule.id === 'aws-kms-key-rotation');
    expect(rotation.map((r) => `${r.resource.address} ${r.status}`)).toEqual(['aws_kms_key.symmetric fail']);
  });

  it('says why a cluster without an engine has none, and keeps the snapshot reason for a restored cluster', () => {
    const dir = writeEstate({
      'main.tf': `${PROVIDER}
resource "aws_rds_cluster" "bare" {
  cluster_identifier = "bare"
}
resource "aws_rds_cluster" "restored" {
  cluster_identifier  = "restored"
  snapshot_identifier = "arn:aws:rds:eu-central-1:111122223333:cluster-snapshot:nightly"
}
`,
    });
    const { report } = scanJson(dir);
    const iam = (address: string) => resultsOf(report, 'aws-rds-cluster-iam-auth', address)[0]!;
    expect(iam('aws_rds_cluster.bare').message).toContain('engine is not set');
    expect(iam('aws_rds_cluster.bare').message).not.toContain('comes from the snapshot');
    expect(iam('aws_rds_cluster.restored').message).toContain('comes from the snapshot or replica source');
  });
});

describe('evaluated as Terraform evaluates it', () => {
  it('reads an optional+computed attribute left null, and an unset attribute of a nested block, as unknown: no function errors', () => {
    const dir = writeEstate({
      'main.tf': `${PROVIDER}
variable "ipv6_cidr" {
  type    = string
  default = null
}
resource "aws_vpc" "main" {
  cidr_block      = "10.0.0.0/16"
  ipv6_cidr_block = var.ipv6_cidr
}
resource "aws_subnet" "a" {
  vpc_id          = aws_vpc.main.id
  cidr_block      = "10.0.1.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)
}
resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
}
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = [aws_subnet.a.id]
  }
}
resource "aws_ec2_tag" "sg" {
  resource_id = aws_eks_cluster.main.vpc_config[0].cluster_security_group_id
  key         = "team"
  value       = coalesce(null, aws_launch_template.nodes.default_version)
}
`,
    });
    const { report } = scanJson(dir);
    expect(warnings(report)).toEqual([]);
  });

  it('knows the length of slice() over a list not known before apply, so a count over it is known', () => {
    const dir = writeEstate({
      'main.tf': `${PROVIDER}
data "aws_availability_zones" "available" {}
locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}
resource "aws_ebs_volume" "data" {
  count             = length(local.azs)
  availability_zone = local.azs[count.index]
  size              = 10
  encrypted         = true
}
`,
    });
    const { report } = scanJson(dir);
    const addresses = [...new Set(report.results.filter((r) => r.rule.id === 'aws-ec2-volume-encrypted').map((r) => `${r.resource.address} ${r.status}`))];
    expect(addresses).toEqual(['aws_ebs_volume.data[0] pass', 'aws_ebs_volume.data[1] pass']);
  });

  it('follows a module input->output chain Terraform accepts without calling it a cycle', () => {
    const dir = writeEstate({
      'modules/bucket/main.tf': `
variable "name" { type = string }
variable "peer" {
  type    = string
  default = null
}
resource "aws_s3_bucket" "this" {
  bucket = "\${var.name}-\${coalesce(var.peer, "none")}"
}
output "name" { value = var.name }
output "peer_seen" { value = var.peer }
`,
      'main.tf': `${PROVIDER}
module "a" {
  source = "./modules/bucket"
  name   = "alpha"
  peer   = aws_s3_bucket.x.bucket
}
resource "aws_s3_bucket" "x" {
  bucket = "x-\${module.a.name}"
}
`,
    });
    const { report } = scanJson(dir);
    expect(warnings(report)).toEqual([]);
    const names = new Set(report.results.filter((r) => r.informational === undefined).map((r) => `${r.resource.address}=${r.resource.name}`));
    expect([...names].sort()).toEqual(['aws_s3_bucket.x=x-alpha', 'module.a.aws_s3_bucket.this=alpha-x-alpha']);
  });

  it('keeps the known structure of a heredoc JSON policy whose unknowns sit inside its strings', () => {
    const dir = writeEstate({
      'main.tf': `${PROVIDER}
resource "aws_s3_bucket" "logs" {
  bucket = "clinic-logs"
}
resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "*", "Resource": "*" },
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "\${aws_s3_bucket.logs.arn}/*" }
  ]
}
EOF
}
resource "aws_iam_policy" "bare_unknown" {
  name   = "bare"
  policy = <<EOF
{ "Version": "2012-10-17", "Statement": \${jsonencode([aws_s3_bucket.logs.arn])} }
EOF
}
`,
    });
    const { report } = scanJson(dir);
    expect(resultsOf(report, 'aws-iam-policy-no-admin', 'aws_iam_policy.admin').map((r) => r.status)).toEqual(['fail']);
    // An unknown outside any string leaves the whole document unknown.
    expect(resultsOf(report, 'aws-iam-policy-no-admin', 'aws_iam_policy.bare_unknown').map((r) => r.status)).toEqual(['unknown']);
  });

  it('gives an instance in a subnet that maps public IPs on launch a public IP, and one in a private subnet none', () => {
    const dir = writeEstate({
      'main.tf': `${PROVIDER}
resource "aws_subnet" "public" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
resource "aws_subnet" "private" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.2.0/24"
}
resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.public.id
}
resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.private.id
}
`,
    });
    const { report } = scanJson(dir);
    expect(resultsOf(report, 'aws-ec2-instance-no-public-ip', 'aws_instance.web').map((r) => r.status)).toEqual(['fail']);
    expect(resultsOf(report, 'aws-ec2-instance-no-public-ip', 'aws_instance.app').map((r) => r.status)).toEqual(['pass']);
  });

  it('keeps a module folder evaluated on its own defaults out of the console unless --show-informational, counts it apart, and drops its warnings', () => {
    const dir = writeEstate({
      'modules/sg/main.tf': `
variable "name" {
  type    = string
  default = null
}
resource "aws_security_group" "this" {
  name        = "\${var.name}-sg"
  description = format("%s", var.name)
  vpc_id      = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
      'main.tf': `${PROVIDER}
module "web" {
  source = "./modules/sg"
  name   = "web"
}
`,
    });
    const run = vigil(['scan', '.', '--fail-on', 'none'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {6}module\.web\.aws_security_group\.this /m);
    // The defaults run (name = null) would warn about a null in a template; no caller passes null.
    expect(run.stdout).not.toContain('null value');
    expect(run.stdout).not.toContain('Problems with the input');
    expect(run.stdout).not.toMatch(/^ {6}aws_security_group\.this /m);
    expect(run.stdout).toMatch(/· \d+ informational \(\d+ failed\) from module folders on their own defaults, not gating: --show-informational lists them/);
    const shown = vigil(['scan', '.', '--fail-on', 'none', '--show-informational'], { cwd: dir });
    expect(shown.stdout).toMatch(/^ {6}aws_security_group\.this /m);
    expect(shown.stdout).toContain('not gating: this module folder on its own defaults');
  });
});
