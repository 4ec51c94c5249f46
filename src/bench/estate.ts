import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TERRAFORM_MAPPERS, type MapperSet } from '../sources/terraform/mappers/index.js';

/**
 * Writes a synthetic Terraform estate of about the size asked for: shared local modules (one
 * nested in another) and as many service roots as the size needs, each with variables and a
 * tfvars file, module calls with for_each, count, dynamic blocks, and one resource of every
 * Terraform type Vigil maps (companions linked to their primary by reference). It is
 * deterministic, so two runs measure the same files.
 */

export interface GeneratedEstate {
  root: string;
  files: string[];
  bytes: number;
  services: number;
}

const MODULES: Record<string, string> = {
  'modules/bucket/variables.tf': `variable "bucket" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "settings" {
  type = object({
    versioning  = optional(bool, true)
    expire_days = optional(number)
    public      = optional(bool, false)
  })
  default = {}
}
`,
  'modules/bucket/main.tf': `locals {
  sse_algorithm = var.kms_key_arn == null ? "AES256" : "aws:kms"
}

resource "aws_s3_bucket" "this" {
  bucket = var.bucket
  tags   = var.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.sse_algorithm
      kms_master_key_id = try(var.kms_key_arn, null)
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  count                   = var.settings.public ? 0 : 1
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.settings.versioning ? "Enabled" : "Suspended"
  }
}
`,
  'modules/bucket/outputs.tf': `output "id" {
  value = aws_s3_bucket.this.id
}

output "arn" {
  value = try(aws_s3_bucket.this.arn, "")
}
`,
  'modules/network/main.tf': `variable "name" {
  type = string
}

variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "public_ports" {
  type    = list(number)
  default = [443]
}

variable "rules" {
  type = map(object({
    port = number
    cidr = optional(string, "10.0.0.0/8")
  }))
  default = {}
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = { Name = var.name }
}

resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = aws_vpc.this.id
  cidr_block = cidrsubnet(var.cidr, 8, count.index)
}

resource "aws_security_group" "app" {
  name   = "\${var.name}-app"
  vpc_id = aws_vpc.this.id

  dynamic "ingress" {
    for_each = var.public_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

module "rules" {
  source            = "../sg-rules"
  security_group_id = aws_security_group.app.id
  rules             = var.rules
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "security_group_id" {
  value = aws_security_group.app.id
}
`,
  'modules/sg-rules/main.tf': `variable "security_group_id" {
  type = string
}

variable "rules" {
  type = map(object({
    port = number
    cidr = string
  }))
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each          = var.rules
  security_group_id = var.security_group_id
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
  description       = "rule \${each.key}"
}
`,
};

function service(index: number, mappers: MapperSet): Record<string, string> {
  const name = `svc${String(index).padStart(5, '0')}`;
  const files: Record<string, string> = {};
  files['variables.tf'] = `variable "environment" {
  type    = string
  default = "dev"
}

variable "buckets" {
  type = map(object({
    purpose     = string
    versioning  = optional(bool, true)
    expire_days = optional(number)
  }))
  default = {}
}

variable "public_ports" {
  type    = list(number)
  default = [443]
}

variable "create_database" {
  type    = bool
  default = true
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = null
}
`;
  files['terraform.tfvars'] = `environment  = "${index % 3 === 0 ? 'prod' : 'staging'}"
public_ports = [443${index % 7 === 0 ? ', 22' : ''}]
buckets = {
  data    = { purpose = "records" }
  logs    = { purpose = "access logs", expire_days = 90 }
  exports = { purpose = "exports", versioning = false }
}
`;
  files['main.tf'] = `locals {
  name = "${name}-\${var.environment}"
  tags = {
    Service     = "${name}"
    Environment = var.environment
    DataClass   = "PHI"
  }
}

resource "aws_kms_key" "main" {
  description         = "\${local.name} key"
  enable_key_rotation = true
  tags                = local.tags
}

module "buckets" {
  source      = "../../modules/bucket"
  for_each    = var.buckets
  bucket      = "\${local.name}-\${each.key}"
  kms_key_arn = aws_kms_key.main.arn
  tags        = merge(local.tags, { Purpose = each.value.purpose })
  settings = {
    versioning  = each.value.versioning
    expire_days = each.value.expire_days
  }
}

module "network" {
  source       = "../../modules/network"
  name         = local.name
  cidr         = "10.\${${index} % 250}.0.0/16"
  public_ports = var.public_ports
  rules = {
    for port in [5432, 6379] : "p\${port}" => { port = port }
  }
}
`;
  files['database.tf'] = `resource "aws_db_instance" "main" {
  count                   = var.create_database ? 1 : 0
  identifier              = "\${local.name}-db"
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  allocated_storage       = 50
  storage_encrypted       = true
  kms_key_id              = aws_kms_key.main.arn
  publicly_accessible     = false
  multi_az                = var.environment == "prod"
  backup_retention_period = var.environment == "prod" ? 35 : 7
  username                = "app"
  password                = var.db_password
  vpc_security_group_ids  = [module.network.security_group_id]
  tags                    = local.tags
}
`;
  files['catalogue.tf'] = everyMappedType(name, mappers);
  return files;
}

/** One block of every mapped primary type, and every companion linked to a primary of its kind. */
function everyMappedType(name: string, mappers: MapperSet): string {
  const blocks: string[] = [];
  const primaryOfKind = new Map<string, string>();
  for (const [type, mapper] of Object.entries(mappers.primary).sort(([a], [b]) => a.localeCompare(b))) {
    primaryOfKind.set(mapper.kind, primaryOfKind.get(mapper.kind) ?? type);
    blocks.push(`resource "${type}" "generated" {
  name        = "${name}-${type.replace(/_/g, '-')}"
  description = "generated for the benchmark"
  tags        = local.tags
}
`);
  }
  for (const [type, companion] of Object.entries(mappers.companions).sort(([a], [b]) => a.localeCompare(b))) {
    const target = primaryOfKind.get(companion.kind);
    if (!target) continue;
    blocks.push(`resource "${type}" "linked" {
  ${companion.link} = ${target}.generated.id
}
`);
  }
  return blocks.join('\n');
}

/** Generates about `megabytes` of Terraform under `root`, replacing what is there. */
export function generateEstate(root: string, megabytes: number, mappers: MapperSet = TERRAFORM_MAPPERS): GeneratedEstate {
  rmSync(root, { recursive: true, force: true });
  const files: string[] = [];
  let bytes = 0;
  const write = (path: string, text: string): void => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    files.push(absolute);
    bytes += Buffer.byteLength(text);
  };
  for (const [path, text] of Object.entries(MODULES)) write(path, text);
  const target = megabytes * 1024 * 1024;
  let services = 0;
  while (bytes < target) {
    for (const [file, text] of Object.entries(service(services, mappers))) write(`services/svc${String(services).padStart(5, '0')}/${file}`, text);
    services++;
  }
  return { root, files, bytes, services };
}
