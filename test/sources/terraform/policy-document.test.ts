import { describe, expect, it } from 'vitest';
import { isUnknown, type Unknown, type ValueObject } from '../../../src/model/value.js';
import { byAddress, errors, scanEstate } from './estate.js';
import { policyDocumentAttributes } from '../../../src/sources/terraform/policy-document.js';

/** The policy facts of aws_iam_policy and the bucket policy facts of aws_s3_bucket, from one estate. */
async function facts(files: Record<string, string>) {
  const scan = await scanEstate(files);
  expect(errors(scan)).toEqual([]);
  return scan;
}

const BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "clinic-b"\n}\n';

describe('data "aws_iam_policy_document"', () => {
  it('writes the policy JSON IAM reads: one value as a string, principals by type, conditions by operator', () => {
    const { json, minified_json } = policyDocumentAttributes({
      statement: [
        {
          sid: 'Read',
          effect: null,
          actions: ['s3:GetObject'],
          resources: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'],
          principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] }],
          condition: [{ test: 'StringEquals', variable: 'aws:PrincipalOrgID', values: ['o-abc'] }],
        },
        { effect: 'Deny', not_actions: ['iam:*'], resources: ['*'], principals: [{ type: '*', identifiers: ['*'] }] },
      ],
    });
    expect(JSON.parse(json as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Read',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'],
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
        },
        { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Principal: '*' },
      ],
    });
    expect(json).toContain('\n  "Statement"');
    expect(JSON.parse(minified_json as string)).toEqual(JSON.parse(json as string));
  });

  it('computes json from statement blocks, as the provider does, when every input is known', async () => {
    const scan = await facts({
      'main.tf': `
data "aws_iam_policy_document" "doc" {
  policy_id = "p1"
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::clinic-b/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc"]
    }
  }
  statement {
    effect      = "Deny"
    not_actions = ["s3:GetObject", "s3:ListBucket"]
    resources   = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = data.aws_iam_policy_document.doc.minified_json
}
output "doc" {
  value = jsondecode(data.aws_iam_policy_document.doc.json)
}
`,
    });
    const policy = byAddress(scan.resources, 'aws_iam_policy.p');
    expect(policy.attributes.allows_admin).toBe(false);
    expect(policy.attributes.wildcard_service_actions).toEqual([]);
  });

  it('keeps the known statements when resources are ARNs known only after apply, and merges source documents by Sid', async () => {
    const scan = await facts({
      'main.tf': `${BUCKET}
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
  statement {
    sid       = "Kms"
    actions   = ["kms:*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "scoped" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid       = "Everything"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.b.arn]
  }
}
resource "aws_iam_policy" "scoped" {
  name   = "scoped"
  policy = data.aws_iam_policy_document.scoped.json
}
`,
    });
    const policy = byAddress(scan.resources, 'aws_iam_policy.scoped');
    // "Everything" from the source document is replaced by the scoped statement of the same Sid.
    expect(policy.attributes.allows_admin).toBe(false);
    expect(policy.attributes.wildcard_service_actions).toEqual(['kms:*']);
  });

  it('decides bucket policy facts through .json and through jsonencode, unknown only where an unknown decides', async () => {
    const scan = await facts({
      'main.tf': `${BUCKET}
variable "reader" {
  type = string
}
data "aws_iam_policy_document" "b" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.b.arn, "\${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = [var.reader]
    }
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.b.json
}
`,
    });
    const bucketPolicy = byAddress(scan.resources, 'aws_s3_bucket.b').attributes.policy as ValueObject;
    expect(bucketPolicy.exists).toBe(true);
    expect(bucketPolicy.denies_insecure_transport).toBe(true);
    expect(bucketPolicy.public_write).toBe(false);
    // The reader is a variable with no value: it could be "*", so public read is unknown, and says why.
    const read = bucketPolicy.public_read as Unknown;
    expect(isUnknown(read) && read.reason).toMatch(/variable "reader" has no value/);
  });

  it('reads source and override documents, even one whose statement list is not known before apply', async () => {
    const scan = await facts({
      'main.tf': `
variable "extra" {
  type = list(any)
}
data "aws_iam_policy_document" "d" {
  source_policy_documents = [jsonencode({ Version = "2012-10-17", Statement = var.extra })]
  statement {
    sid       = "Admin"
    actions   = ["*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "o" {
  statement {
    sid       = "Admin"
    actions   = ["*"]
    resources = ["*"]
  }
  override_policy_documents = [jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "Admin", Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })]
}
resource "aws_iam_policy" "d" {
  name   = "d"
  policy = data.aws_iam_policy_document.d.json
}
resource "aws_iam_policy" "o" {
  name   = "o"
  policy = data.aws_iam_policy_document.o.json
}
`,
    });
    // The own statement already grants everything: decided, whatever the unknown statements say.
    expect(byAddress(scan.resources, 'aws_iam_policy.d').attributes.allows_admin).toBe(true);
    // The override replaces the statement of the same Sid.
    expect(byAddress(scan.resources, 'aws_iam_policy.o').attributes.allows_admin).toBe(false);
  });

  it('does not take a data source\'s value as a resource ARN: it may be "*"', async () => {
    const scan = await facts({
      'main.tf': `${BUCKET}
data "aws_ssm_parameter" "readers" {
  name = "/clinic/readers"
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.b.arn}/*", Principal = { AWS = data.aws_ssm_parameter.readers.value } }]
  })
}
`,
    });
    const bucketPolicy = byAddress(scan.resources, 'aws_s3_bucket.b').attributes.policy as ValueObject;
    expect(isUnknown(bucketPolicy.public_read)).toBe(true);
  });

  it('leaves json unknown when the statements themselves are not known before apply', async () => {
    const scan = await facts({
      'main.tf': `
variable "statements" {
  type = list(object({ actions = list(string), resources = list(string) }))
}
data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}
resource "aws_iam_policy" "d" {
  name   = "d"
  policy = data.aws_iam_policy_document.d.json
}
`,
    });
    const policy = byAddress(scan.resources, 'aws_iam_policy.d');
    expect(isUnknown(policy.attributes.allows_admin)).toBe(true);
  });

  it('reads a policy whose placeholders are replaced by apply-time values, as terraform-aws-modules/s3-bucket writes it', async () => {
    const scan = await facts({
      'main.tf': `
data "aws_caller_identity" "current" {}
resource "aws_s3_bucket" "this" {
  count  = 1
  bucket = "clinic-logs"
}
data "aws_iam_policy_document" "deny_insecure_transport" {
  statement {
    sid       = "denyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["_S3_BUCKET_ARN_", "_S3_BUCKET_ARN_/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
data "aws_iam_policy_document" "combined" {
  source_policy_documents = compact([data.aws_iam_policy_document.deny_insecure_transport.json, ""])
}
locals {
  placeholders = {
    "_S3_BUCKET_ID_"   = try(aws_s3_bucket.this[0].id, null)
    "_S3_BUCKET_ARN_"  = try(aws_s3_bucket.this[0].arn, null)
    "_AWS_ACCOUNT_ID_" = data.aws_caller_identity.current.account_id
  }
  policy = replace(replace(replace(data.aws_iam_policy_document.combined.json,
    "_S3_BUCKET_ID_", local.placeholders["_S3_BUCKET_ID_"]),
    "_S3_BUCKET_ARN_", local.placeholders["_S3_BUCKET_ARN_"]),
  "_AWS_ACCOUNT_ID_", local.placeholders["_AWS_ACCOUNT_ID_"])
}
resource "aws_s3_bucket_policy" "this" {
  count  = 1
  bucket = aws_s3_bucket.this[0].id
  policy = local.policy
}
`,
    });
    const bucketPolicy = byAddress(scan.resources, 'aws_s3_bucket.this[0]').attributes.policy as ValueObject;
    expect(bucketPolicy).toMatchObject({ exists: true, denies_insecure_transport: true, public_read: false, public_write: false });
  });
});
