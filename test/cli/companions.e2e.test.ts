import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import { writeEstate } from '../sources/terraform/estate.js';
import type { ReportDocument, ReportResult } from '../../src/report/document.js';

/**
 * Companions (separate security group rules, S3 bucket settings, IAM user policies) through the
 * real CLI: linked to their parent by the reference written in the code, and judged on their own
 * at their own address when the parent is not in the scanned configuration.
 */

/** The shared copy of bridgecrewio/terragoat's AWS folder (see its README); the test skips without it. */
const TERRAGOAT = '/work/shared/corpora/terragoat/terraform/aws';

const SSH_RULE = `  type        = "ingress"
  from_port   = 22
  to_port     = 22
  protocol    = "tcp"
  cidr_blocks = ["0.0.0.0/0"]`;

interface Scan {
  code: number;
  report: ReportDocument;
}

function scanJson(root: string, path = '.'): Scan {
  const run = vigil(['scan', path, '--format', 'json'], { cwd: root });
  expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
  return { code: run.code, report: JSON.parse(run.stdout) as ReportDocument };
}

const resultsOf = (report: ReportDocument, address: string): ReportResult[] => report.results.filter((r) => r.resource.address === address && !r.informational);

function statusOf(report: ReportDocument, rule: string, address: string): string {
  const found = resultsOf(report, address).filter((r) => r.rule.id === rule);
  expect(found, `${rule} on ${address}: ${found.length} results`).toHaveLength(1);
  return found[0]!.status;
}

const warnings = (report: ReportDocument): string[] => report.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);

describe('a companion whose parent is not in the scanned configuration', () => {
  const estate = {
    'main.tf': `variable "app_sg_id" {
  type = string
}

data "aws_security_group" "shared" {
  name = "shared"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

module "net" {
  source = "./net"
}

resource "aws_security_group_rule" "from_variable" {
${SSH_RULE}
  security_group_id = var.app_sg_id
}

resource "aws_security_group_rule" "from_data_source" {
${SSH_RULE}
  security_group_id = data.aws_security_group.shared.id
}

resource "aws_security_group_rule" "from_missing_module" {
${SSH_RULE}
  security_group_id = module.vpc.default_security_group_id
}

resource "aws_vpc_security_group_ingress_rule" "from_module_data" {
  security_group_id = module.net.shared_sg_id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group_rule" "private_ssh" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = "sg-0123456789abcdef0"
}

resource "aws_network_acl_rule" "ssh" {
  network_acl_id = var.app_sg_id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}
`,
    'net/main.tf': `data "aws_security_group" "shared" {
  name = "shared"
}

output "shared_sg_id" {
  value = data.aws_security_group.shared.id
}
`,
  };

  it('fails a world-open SSH rule from a variable, a data source and a module output, with exit 1, at its own line', () => {
    const root = writeEstate(estate);
    const { code, report } = scanJson(root);
    expect(code).toBe(1);
    const expected: Array<[string, number]> = [
      ['aws_security_group_rule.from_variable', 18],
      ['aws_security_group_rule.from_data_source', 27],
      ['aws_security_group_rule.from_missing_module', 36],
      ['aws_vpc_security_group_ingress_rule.from_module_data', 45],
    ];
    for (const [address, line] of expected) {
      const ssh = resultsOf(report, address).find((r) => r.rule.id === 'aws-ec2-sg-no-public-ssh')!;
      expect(ssh.status, address).toBe('fail');
      expect(ssh.resource.kind).toBe('aws.ec2.security_group');
      expect(ssh.location).toMatchObject({ file: 'main.tf', startLine: line });
      expect(ssh.facts).toEqual(['ingress[0] (tcp 22-22 from 0.0.0.0/0)']);
    }
    const sarif = JSON.parse(vigil(['scan', '.', '--format', 'sarif'], { cwd: root }).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
    };
    const sshLines = sarif.runs[0]!.results
      .filter((r) => r.ruleId === 'aws-ec2-sg-no-public-ssh' && r.level === 'error')
      .map((r) => [r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]);
    expect(sshLines).toEqual(expected.map(([, line]) => ['main.tf', line]));
  });

  it('leaves what only the parent could tell unknown, never passed', () => {
    const { report } = scanJson(writeEstate(estate));
    const open = resultsOf(report, 'aws_security_group_rule.from_variable');
    expect(open.map((r) => [r.rule.id, r.status])).toEqual([
      ['aws-ec2-default-sg-restricts-all', 'unknown'],
      ['aws-ec2-sg-no-public-admin-db-ports', 'unknown'],
      ['aws-ec2-sg-no-public-all-ports', 'unknown'],
      ['aws-ec2-sg-no-public-rdp', 'unknown'],
      ['aws-ec2-sg-no-public-ssh', 'fail'],
    ]);
    expect(open.find((r) => r.rule.id === 'aws-ec2-sg-no-public-rdp')!.message).toContain(
      'the security group given by var.app_sg_id is not in the scanned configuration',
    );
    // SSH from a private range says nothing about the group's other rules.
    expect(statusOf(report, 'aws-ec2-sg-no-public-ssh', 'aws_security_group_rule.private_ssh')).toBe('unknown');
    expect(resultsOf(report, 'aws_security_group_rule.private_ssh')[0]!.resource.name).toBe('sg-0123456789abcdef0');
    expect(statusOf(report, 'aws-ec2-nacl-no-public-admin-ports', 'aws_network_acl_rule.ssh')).toBe('fail');
    // One resource stands for each such companion.
    expect(report.summary.resources).toBe(6);
  });

  it('passes a rule on an orphan only where the companion alone decides it, for every companion type', () => {
    const root = writeEstate({
      'main.tf': `provider "aws" {
  region = "eu-west-1"
}

variable "parent" {
  type = string
}

resource "aws_security_group_rule" "https" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = var.parent
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = var.parent
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_network_acl_rule" "https" {
  network_acl_id = var.parent
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.0.0.0/8"
  from_port      = 443
  to_port        = 443
}

resource "aws_flow_log" "all" {
  vpc_id       = var.parent
  traffic_type = "ALL"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = var.parent
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

resource "aws_config_configuration_recorder_status" "on" {
  name       = var.parent
  is_enabled = true
}

resource "aws_iam_user_login_profile" "console" {
  user = var.parent
}

resource "aws_iam_access_key" "key" {
  user = var.parent
}

resource "aws_s3_bucket_public_access_block" "all" {
  bucket                  = var.parent
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "tls" {
  bucket = var.parent
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })
}

resource "aws_s3_bucket_acl" "private" {
  bucket = var.parent
  acl    = "private"
}

resource "aws_s3_bucket_ownership_controls" "enforced" {
  bucket = var.parent
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_logging" "on" {
  bucket        = var.parent
  target_bucket = "logs"
  target_prefix = "x/"
}

resource "aws_s3_bucket_object_lock_configuration" "on" {
  bucket = var.parent
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 30
    }
  }
}
`,
    });
    const { report } = scanJson(root);
    const passes = report.results.filter((r) => r.status === 'pass').map((r) => `${r.resource.address} ${r.rule.id}`);
    // Each is decided by the companion itself: its region is its provider's, a flow log proves the
    // VPC has one, a public access block blocks whatever the policy says, a bucket has one policy.
    expect(passes.sort()).toEqual(
      [
        'aws_flow_log.all aws-vpc-flow-logs-enabled',
        'aws_s3_bucket_acl.private aws-s3-bucket-region-allowed',
        'aws_s3_bucket_logging.on aws-s3-bucket-access-logging',
        'aws_s3_bucket_logging.on aws-s3-bucket-region-allowed',
        'aws_s3_bucket_object_lock_configuration.on aws-s3-bucket-object-lock',
        'aws_s3_bucket_object_lock_configuration.on aws-s3-bucket-region-allowed',
        'aws_s3_bucket_ownership_controls.enforced aws-s3-bucket-acls-disabled',
        'aws_s3_bucket_ownership_controls.enforced aws-s3-bucket-region-allowed',
        'aws_s3_bucket_policy.tls aws-s3-bucket-region-allowed',
        'aws_s3_bucket_policy.tls aws-s3-bucket-tls-only',
        'aws_s3_bucket_public_access_block.all aws-s3-bucket-no-public-read',
        'aws_s3_bucket_public_access_block.all aws-s3-bucket-no-public-write',
        'aws_s3_bucket_public_access_block.all aws-s3-bucket-public-access-block',
        'aws_s3_bucket_public_access_block.all aws-s3-bucket-region-allowed',
      ].sort(),
    );
    expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(report.summary.resources).toBe(14);
    expect(report.summary.byStatus.unknown).toBeGreaterThan(50);
  });

  it('keeps a warning that says what was judged anyway', () => {
    const { report } = scanJson(writeEstate(estate));
    expect(warnings(report)).toContain(
      "main.tf:18: aws_security_group_rule.from_variable: security_group_id = var.app_sg_id names a security group that is not in the scanned configuration; this block's own settings are judged anyway, as that security group at this address, and what only the security group could tell is unknown",
    );
    expect(warnings(report).filter((w) => w.includes('names a'))).toHaveLength(6);
  });

  it('judges a rule inside a module whose caller passes a data source, at the module\'s file and line', () => {
    const root = writeEstate({
      'main.tf': `data "aws_security_group" "shared" {
  name = "shared"
}

module "rules" {
  source = "./rules"
  sg_id  = data.aws_security_group.shared.id
}
`,
      'rules/main.tf': `variable "sg_id" {
  type = string
}

resource "aws_security_group_rule" "ssh" {
${SSH_RULE}
  security_group_id = var.sg_id
}
`,
    });
    const { code, report } = scanJson(root);
    expect(code).toBe(1);
    const ssh = resultsOf(report, 'module.rules.aws_security_group_rule.ssh').find((r) => r.rule.id === 'aws-ec2-sg-no-public-ssh')!;
    expect(ssh.status).toBe('fail');
    expect(ssh.location).toMatchObject({ file: 'rules/main.tf', startLine: 5 });
  });

  it('judges S3 bucket settings on a bucket named by a variable or a literal', () => {
    const root = writeEstate({
      'main.tf': `variable "bucket" {
  type = string
}

resource "aws_s3_bucket_public_access_block" "shared" {
  bucket                  = var.bucket
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = "shared-logs"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "shared" {
  bucket = var.bucket
  versioning_configuration {
    status = "Enabled"
  }
}
`,
    });
    const { code, report } = scanJson(root);
    expect(code).toBe(1);
    const pab = 'aws_s3_bucket_public_access_block.shared';
    expect(statusOf(report, 'aws-s3-bucket-public-access-block', pab)).toBe('fail');
    expect(resultsOf(report, pab)[0]!.location).toMatchObject({ file: 'main.tf', startLine: 5 });
    for (const rule of ['aws-s3-bucket-encrypted-kms', 'aws-s3-bucket-versioning-enabled', 'aws-s3-bucket-tls-only', 'aws-s3-bucket-access-logging']) {
      expect(statusOf(report, rule, pab), rule).toBe('unknown');
    }
    const sse = 'aws_s3_bucket_server_side_encryption_configuration.shared';
    expect(statusOf(report, 'aws-s3-bucket-encrypted-kms', sse)).toBe('fail');
    expect(resultsOf(report, sse)[0]!.resource.name).toBe('shared-logs');
    expect(statusOf(report, 'aws-s3-bucket-public-access-block', sse)).toBe('unknown');
    // What the companion alone decides is judged: versioning is on, whatever else the bucket holds.
    expect(statusOf(report, 'aws-s3-bucket-versioning-enabled', 'aws_s3_bucket_versioning.shared')).toBe('pass');
    expect(resultsOf(report, 'aws_s3_bucket_versioning.shared').filter((r) => r.status === 'pass').map((r) => r.rule.id)).toEqual(['aws-s3-bucket-versioning-enabled']);
  });

  it('judges IAM user policies and attachments on a user named by a variable; group and role policies too', () => {
    const root = writeEstate({
      'main.tf': `variable "user" {
  type = string
}

variable "group" {
  type = string
}

resource "aws_iam_user_policy" "inline" {
  name   = "inline"
  user   = var.user
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}

resource "aws_iam_user_policy_attachment" "attached" {
  user       = var.user
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_access_key" "key" {
  user = var.user
}

resource "aws_iam_group_policy" "group" {
  name   = "group"
  group  = var.group
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
`,
    });
    const { code, report } = scanJson(root);
    expect(code).toBe(1);
    expect(statusOf(report, 'aws-iam-user-no-direct-policies', 'aws_iam_user_policy.inline')).toBe('fail');
    expect(statusOf(report, 'aws-iam-user-no-direct-policies', 'aws_iam_user_policy_attachment.attached')).toBe('fail');
    // An access key proves nothing about policies: unknown, not pass.
    expect(statusOf(report, 'aws-iam-user-no-direct-policies', 'aws_iam_access_key.key')).toBe('unknown');
    expect(resultsOf(report, 'aws_iam_access_key.key')[0]!.message).toContain('the user given by var.user is not in the scanned configuration');
    // The policy itself is judged as a policy, whoever holds it.
    const policies = report.results.filter((r) => r.resource.kind === 'aws.iam.policy').map((r) => [r.resource.address, r.rule.id, r.status]);
    expect(policies).toContainEqual(['aws_iam_user_policy.inline', 'aws-iam-policy-no-service-wildcards', 'fail']);
    expect(policies).toContainEqual(['aws_iam_group_policy.group', 'aws-iam-policy-no-admin', 'fail']);
  });
});

describe('companions link by the reference written in the code', () => {
  it('links whatever the referenced attribute evaluates to, through templates, for_each and count', () => {
    const root = writeEstate({
      'main.tf': `data "aws_caller_identity" "current" {}

resource "aws_kms_key" "phi" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "phi" {
  bucket = "\${data.aws_caller_identity.current.account_id}-phi"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "phi" {
  bucket = aws_s3_bucket.phi.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.phi.arn
    }
  }
}

resource "aws_s3_bucket_versioning" "phi" {
  bucket = "\${aws_s3_bucket.phi.id}"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "each" {
  for_each = toset(["a", "b"])
  bucket   = "\${data.aws_caller_identity.current.account_id}-\${each.key}"
}

resource "aws_s3_bucket_versioning" "each" {
  for_each = toset(["a", "b"])
  bucket   = aws_s3_bucket.each[each.key].bucket
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "only_a" {
  bucket = aws_s3_bucket.each["a"].bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.phi.arn
    }
  }
}

resource "aws_s3_bucket" "counted" {
  count  = 2
  bucket = "\${data.aws_caller_identity.current.account_id}-\${count.index}"
}

resource "aws_s3_bucket_versioning" "counted" {
  count  = 2
  bucket = aws_s3_bucket.counted[count.index].bucket
  versioning_configuration {
    status = "Enabled"
  }
}
`,
    });
    const { report } = scanJson(root);
    expect(warnings(report)).toEqual([]);
    expect(statusOf(report, 'aws-s3-bucket-encrypted-kms', 'aws_s3_bucket.phi')).toBe('pass');
    expect(statusOf(report, 'aws-s3-bucket-versioning-enabled', 'aws_s3_bucket.phi')).toBe('pass');
    for (const address of ['aws_s3_bucket.each["a"]', 'aws_s3_bucket.each["b"]', 'aws_s3_bucket.counted[0]', 'aws_s3_bucket.counted[1]']) {
      expect(statusOf(report, 'aws-s3-bucket-versioning-enabled', address), address).toBe('pass');
    }
    expect(statusOf(report, 'aws-s3-bucket-encrypted-kms', 'aws_s3_bucket.each["a"]')).toBe('pass');
    expect(statusOf(report, 'aws-s3-bucket-encrypted-kms', 'aws_s3_bucket.each["b"]')).toBe('fail');
    expect(report.summary.resources).toBe(6);
  });

  it('links through each.value, locals and a known conditional', () => {
    const root = writeEstate({
      'main.tf': `variable "create" {
  default = true
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  for_each = toset(["a", "b"])
  bucket   = "\${data.aws_caller_identity.current.account_id}-\${each.key}"
}

resource "aws_s3_bucket_versioning" "logs" {
  for_each = aws_s3_bucket.logs
  bucket   = each.value.bucket
  versioning_configuration {
    status = "Enabled"
  }
}

locals {
  first = var.create ? aws_s3_bucket.logs["a"].bucket : ""
}

resource "aws_s3_bucket_public_access_block" "first" {
  bucket                  = local.first
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
    });
    const { report } = scanJson(root);
    expect(warnings(report)).toEqual([]);
    expect(statusOf(report, 'aws-s3-bucket-versioning-enabled', 'aws_s3_bucket.logs["a"]')).toBe('pass');
    expect(statusOf(report, 'aws-s3-bucket-versioning-enabled', 'aws_s3_bucket.logs["b"]')).toBe('pass');
    expect(statusOf(report, 'aws-s3-bucket-public-access-block', 'aws_s3_bucket.logs["a"]')).toBe('pass');
    expect(statusOf(report, 'aws-s3-bucket-public-access-block', 'aws_s3_bucket.logs["b"]')).toBe('fail');
  });

  it('links across module boundaries, both ways', () => {
    const root = writeEstate({
      'main.tf': `module "store" {
  source = "./store"
}

resource "aws_s3_bucket_versioning" "store" {
  bucket = module.store.bucket_name
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "root" {
  bucket_prefix = "root-"
}

module "settings" {
  source = "./settings"
  bucket = aws_s3_bucket.root.bucket
}
`,
      'store/main.tf': `resource "aws_s3_bucket" "this" {
  bucket_prefix = "store-"
}

output "bucket_name" {
  value = aws_s3_bucket.this.bucket
}
`,
      'settings/main.tf': `variable "bucket" {
  type = string
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = var.bucket
  versioning_configuration {
    status = "Enabled"
  }
}
`,
    });
    const { report } = scanJson(root);
    expect(statusOf(report, 'aws-s3-bucket-versioning-enabled', 'module.store.aws_s3_bucket.this')).toBe('pass');
    expect(statusOf(report, 'aws-s3-bucket-versioning-enabled', 'aws_s3_bucket.root')).toBe('pass');
    const related = resultsOf(report, 'aws_s3_bucket.root')[0]!.relatedLocations;
    expect(related).toEqual([expect.objectContaining({ address: 'module.settings.aws_s3_bucket_versioning.this', file: 'settings/main.tf', startLine: 5 })]);
    // Only the settings folder evaluated on its own defaults has no bucket: its result is informational.
    expect(warnings(report).filter((w) => w.startsWith('main.tf'))).toEqual([]);
  });

  it('links to the instance of a module called with for_each', () => {
    const root = writeEstate({
      'main.tf': `module "store" {
  source   = "./store"
  for_each = toset(["a", "b"])
  name     = each.key
}

resource "aws_s3_bucket_versioning" "store" {
  for_each = toset(["a", "b"])
  bucket   = module.store[each.key].bucket_id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "only_a" {
  bucket        = module.store["a"].bucket_name
  target_bucket = "logs"
}
`,
      'store/main.tf': `variable "name" {
  type = string
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "this" {
  bucket = "\${data.aws_caller_identity.current.account_id}-\${var.name}"
}

output "bucket_id" {
  value = aws_s3_bucket.this.id
}

output "bucket_name" {
  value = aws_s3_bucket.this.bucket
}
`,
    });
    const { report } = scanJson(root);
    expect(warnings(report)).toEqual([]);
    expect(statusOf(report, 'aws-s3-bucket-versioning-enabled', 'module.store["a"].aws_s3_bucket.this')).toBe('pass');
    expect(statusOf(report, 'aws-s3-bucket-versioning-enabled', 'module.store["b"].aws_s3_bucket.this')).toBe('pass');
    expect(statusOf(report, 'aws-s3-bucket-access-logging', 'module.store["a"].aws_s3_bucket.this')).toBe('pass');
    expect(statusOf(report, 'aws-s3-bucket-access-logging', 'module.store["b"].aws_s3_bucket.this')).toBe('fail');
  });

  it('fails "no direct policies" for a user whose name is unknown, with an inline policy or an attachment of a policy of the configuration', () => {
    const root = writeEstate({
      'main.tf': `data "aws_caller_identity" "current" {}

resource "aws_iam_user" "ops" {
  name = "ops-\${data.aws_caller_identity.current.account_id}"
}

resource "aws_iam_policy" "ops" {
  name   = "ops"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}

resource "aws_iam_user_policy_attachment" "ops" {
  user       = aws_iam_user.ops.name
  policy_arn = aws_iam_policy.ops.arn
}

resource "aws_iam_user" "dev" {
  name = "dev-\${data.aws_caller_identity.current.account_id}"
}

resource "aws_iam_user_policy" "dev" {
  name   = "dev"
  user   = aws_iam_user.dev.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
`,
    });
    const { code, report } = scanJson(root);
    expect(code).toBe(1);
    expect(warnings(report)).toEqual([]);
    expect(statusOf(report, 'aws-iam-user-no-direct-policies', 'aws_iam_user.ops')).toBe('fail');
    expect(statusOf(report, 'aws-iam-user-no-direct-policies', 'aws_iam_user.dev')).toBe('fail');
  });

  it.skipIf(!existsSync(TERRAGOAT))("judges terragoat's iam.tf user policy and access key on its user", () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-terragoat-'));
    cpSync(TERRAGOAT, root, { recursive: true });
    const { report } = scanJson(root);
    const user = resultsOf(report, 'aws_iam_user.user').find((r) => r.rule.id === 'aws-iam-user-no-direct-policies')!;
    expect(user.status).toBe('fail');
    expect(user.facts).toEqual(['inline_policies holds ["excess_policy"]']);
    expect(user.relatedLocations?.map((l) => l.address)).toEqual(['aws_iam_access_key.user', 'aws_iam_user_policy.userpolicy']);
    expect(warnings(report).filter((w) => w.includes('iam.tf'))).toEqual([]);
  });
});

describe('companions in a plan JSON', () => {
  /** A plan as `terraform show -json` writes it, cut down to what Vigil reads. */
  const plan = {
    format_version: '1.2',
    terraform_version: '1.11.0',
    planned_values: {
      root_module: {
        resources: [
          {
            address: 'aws_security_group_rule.ssh',
            mode: 'managed',
            type: 'aws_security_group_rule',
            name: 'ssh',
            values: { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-0123456789abcdef0' },
          },
          { address: 'aws_s3_bucket_versioning.store', mode: 'managed', type: 'aws_s3_bucket_versioning', name: 'store', values: { versioning_configuration: [{ status: 'Enabled' }] } },
          { address: 'aws_mq_broker.feed', mode: 'managed', type: 'aws_mq_broker', name: 'feed', values: { broker_name: 'feed' } },
        ],
        child_modules: [
          {
            address: 'module.store',
            resources: [{ address: 'module.store.aws_s3_bucket.this', mode: 'managed', type: 'aws_s3_bucket', name: 'this', values: { bucket_prefix: 'store-' } }],
          },
        ],
      },
    },
    resource_changes: [
      { address: 'aws_s3_bucket_versioning.store', change: { actions: ['create'], after_unknown: { bucket: true, id: true } } },
      { address: 'module.store.aws_s3_bucket.this', change: { actions: ['create'], after_unknown: { bucket: true, id: true, arn: true } } },
    ],
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_security_group_rule.ssh', mode: 'managed', type: 'aws_security_group_rule', name: 'ssh', expressions: { security_group_id: { references: ['var.sg_id'] } } },
          {
            address: 'aws_s3_bucket_versioning.store',
            mode: 'managed',
            type: 'aws_s3_bucket_versioning',
            name: 'store',
            expressions: { bucket: { references: ['module.store.bucket_name', 'module.store'] } },
          },
        ],
        module_calls: {
          store: {
            source: './store',
            module: {
              outputs: { bucket_name: { expression: { references: ['aws_s3_bucket.this.bucket', 'aws_s3_bucket.this'] } } },
              resources: [{ address: 'aws_s3_bucket.this', mode: 'managed', type: 'aws_s3_bucket', name: 'this', expressions: {} }],
            },
          },
        },
      },
    },
  };

  it('judges an orphan rule at its address and links a companion through a module output by reference', () => {
    const root = writeEstate({ 'plan.json': JSON.stringify(plan, null, 2) });
    const { code, report } = scanJson(root, 'plan.json');
    expect(code).toBe(1);
    expect(statusOf(report, 'aws-ec2-sg-no-public-ssh', 'aws_security_group_rule.ssh')).toBe('fail');
    expect(statusOf(report, 'aws-ec2-sg-no-public-rdp', 'aws_security_group_rule.ssh')).toBe('unknown');
    expect(resultsOf(report, 'aws_security_group_rule.ssh').find((r) => r.rule.id === 'aws-ec2-sg-no-public-rdp')!.message).toContain('the security group given by var.sg_id is not in the scanned configuration');
    expect(statusOf(report, 'aws-s3-bucket-versioning-enabled', 'module.store.aws_s3_bucket.this')).toBe('pass');
    expect(warnings(report)).toEqual([expect.stringContaining('aws_security_group_rule.ssh: security_group_id = var.sg_id names a security group')]);
    // Coverage counts the plan's blocks as a configuration's: companions by what they fold into, unmodelled types listed.
    expect(report.coverage!.map((e) => [e.type, e.count, e.judged])).toEqual([
      ['aws_mq_broker', 1, 0],
      ['aws_s3_bucket', 1, 1],
      ['aws_s3_bucket_versioning', 1, 1],
      ['aws_security_group_rule', 1, 1],
    ]);
  });
});
