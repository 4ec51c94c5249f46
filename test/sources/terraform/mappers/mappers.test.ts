import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanTerraform } from '../../../../src/sources/terraform/index.js';
import { isUnknown, type ValueObject } from '../../../../src/model/value.js';

/** What the mappers put into the model for forms the rules' examples do not reach. */

async function model(code: string, kind: string): Promise<ValueObject[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-mappers-'));
  writeFileSync(join(dir, 'main.tf'), code);
  const scan = await scanTerraform({ paths: [dir], cwd: dir, variables: { varFiles: [], vars: [], env: {} } });
  return scan.resources.filter((r) => r.kind === kind).map((r) => r.attributes);
}

describe('S3 companions', () => {
  it('reads ACL grants to AllUsers and AuthenticatedUsers, not to a canonical user', async () => {
    const [bucket] = await model(
      `resource "aws_s3_bucket" "b" {
  bucket = "clinic-b"
}
resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
      }
      permission = "WRITE"
    }
    grant {
      grantee {
        type = "CanonicalUser"
        id   = "abc"
      }
      permission = "FULL_CONTROL"
    }
    owner {
      id = "abc"
    }
  }
}`,
      'aws.s3.bucket',
    );
    expect(bucket!.acl).toEqual({ canned: null, public_read: false, public_write: true });
  });

  it('folds versioning, logging, ownership and object lock by name as well as by reference', async () => {
    const [bucket] = await model(
      `resource "aws_s3_bucket" "b" {
  bucket = "clinic-b"
}
resource "aws_s3_bucket_versioning" "b" {
  bucket = "clinic-b"
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}
resource "aws_s3_bucket_logging" "b" {
  bucket        = "clinic-b"
  target_bucket = "clinic-logs"
}
resource "aws_s3_bucket_ownership_controls" "b" {
  bucket = aws_s3_bucket.b.bucket
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}
resource "aws_s3_bucket_object_lock_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 2192
    }
  }
}`,
      'aws.s3.bucket',
    );
    expect(bucket!.versioning).toEqual({ status: 'Enabled', mfa_delete: 'Enabled' });
    expect(bucket!.logging).toEqual({ enabled: true, target_bucket: 'clinic-logs' });
    expect(bucket!.object_ownership).toBe('BucketOwnerPreferred');
    expect(bucket!.object_lock).toEqual({ enabled: true, mode: 'COMPLIANCE', days: 2192, years: null });
  });
});

describe('companions linked through another companion', () => {
  it('follow bucket = aws_s3_bucket_policy.this[0].id to the bucket, as terraform-aws-modules orders them', async () => {
    const [bucket] = await model(
      `resource "aws_s3_bucket" "this" {
  count  = 1
  bucket = "clinic-x"
}
resource "aws_s3_bucket_policy" "this" {
  count  = 1
  bucket = aws_s3_bucket.this[0].id
  policy = "{}"
}
resource "aws_s3_bucket_ownership_controls" "this" {
  count  = 1
  bucket = aws_s3_bucket_policy.this[0].id
  rule {
    object_ownership = "ObjectWriter"
  }
}
resource "aws_s3_bucket_ownership_controls" "loop_a" {
  bucket = aws_s3_bucket_ownership_controls.loop_b.id
}
resource "aws_s3_bucket_ownership_controls" "loop_b" {
  bucket = aws_s3_bucket_ownership_controls.loop_a.id
}
`,
      'aws.s3.bucket',
    );
    expect(bucket!.object_ownership).toBe('ObjectWriter');
  });
});

describe('network', () => {
  it('normalises network ACL entries from inline blocks and separate rules, ingress and egress apart', async () => {
    const [acl] = await model(
      `resource "aws_default_network_acl" "d" {
  default_network_acl_id = "acl-123"
  ingress {
    protocol   = -1
    rule_no    = 100
    action     = "ALLOW"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}
resource "aws_network_acl_rule" "out" {
  network_acl_id = aws_default_network_acl.d.id
  rule_number    = 200
  egress         = true
  protocol       = "udp"
  rule_action    = "deny"
  cidr_block     = "10.0.0.0/8"
  from_port      = 53
  to_port        = 53
}`,
      'aws.ec2.network_acl',
    );
    expect(acl!.is_default).toBe(true);
    expect(acl!.ingress).toEqual([{ rule_number: 100, protocol: '-1', action: 'allow', cidr_block: '0.0.0.0/0', ipv6_cidr_block: null, from_port: null, to_port: null }]);
    expect(acl!.egress).toEqual([{ rule_number: 200, protocol: 'udp', action: 'deny', cidr_block: '10.0.0.0/8', ipv6_cidr_block: null, from_port: 53, to_port: 53 }]);
  });

  it('records the traffic types of the flow logs attached to a VPC', async () => {
    const [vpc] = await model(
      `resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_flow_log" "rejects" {
  vpc_id       = aws_vpc.v.id
  traffic_type = "REJECT"
}`,
      'aws.ec2.vpc',
    );
    expect(vpc!.flow_logs_enabled).toBe(true);
    expect(vpc!.flow_log_traffic_types).toEqual(['REJECT']);
  });
});

describe('monitoring', () => {
  it('does not count advanced S3 selectors narrowed to some buckets, and starts a recorder through its status', async () => {
    const [trail] = await model(
      `resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "trail"
  advanced_event_selector {
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field       = "resources.ARN"
      starts_with = ["arn:aws:s3:::clinic-phi/"]
    }
  }
}`,
      'aws.cloudtrail.trail',
    );
    expect(trail!.s3_data_events_read).toBe(false);
    expect(trail!.s3_data_events_write).toBe(false);

    const [recorder] = await model(
      `resource "aws_config_configuration_recorder" "r" {
  role_arn = "arn:aws:iam::111122223333:role/config"
}
resource "aws_config_configuration_recorder_status" "r" {
  name       = "default"
  is_enabled = true
}`,
      'aws.config.recorder',
    );
    expect(recorder).toMatchObject({ name: 'default', exists: true, recording: true, all_supported: true });
  });

  it('treats a log group retention of 0 as never expiring, and keeps a KMS key reference as set', async () => {
    const [group] = await model(
      `resource "aws_kms_key" "k" {}
resource "aws_cloudwatch_log_group" "g" {
  name              = "/app"
  retention_in_days = 0
  kms_key_id        = aws_kms_key.k.arn
}`,
      'aws.logs.log_group',
    );
    expect(group!.retention_in_days).toBeNull();
    expect(isUnknown(group!.kms_key_id) && group!.kms_key_id.origin).toBe('aws_kms_key.k');
  });
});

describe('load balancers', () => {
  it('folds listeners, with the redirect and the protocol a certificate implies', async () => {
    const [lb] = await model(
      `resource "aws_lb" "web" {
  name     = "web"
  internal = true
}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}`,
      'aws.elb.load_balancer',
    );
    expect(lb).toMatchObject({ name: 'web', type: 'application', internal: true, access_logs_enabled: false });
    expect(lb!.listeners).toEqual([{ port: 80, protocol: 'HTTP', ssl_policy: null, redirects_to_https: true, certificate_arn: null }]);
  });
});
