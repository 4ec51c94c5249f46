import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { CONFIG_FILE_NAME } from '../../config/load.js';
import { EXIT, UsageError, type Io } from '../io.js';

/** `vigil init`: writes a commented starter configuration. */

export const STARTER_CONFIG = `# Vigil configuration. Command-line flags win over what is set here.
# Every field is optional; \`vigil scan\` finds this file by walking up from the scanned path.

# Only the rules these frameworks map (hipaa, gdpr). Leave out for every rule.
# frameworks: [hipaa, gdpr]

# Lowest severity of a failing result that fails the scan: critical, high, medium, low, none.
fail-on: low

# Per-rule severity and parameter overrides, and rules turned off (see "vigil rules list").
# Every one is listed in the reports, with this file's line, as a deviation from the defaults.
# rules:
#   aws-s3-bucket-encrypted-kms:
#     severity: high
#   aws-ec2-sg-no-public-ssh:
#     parameters:
#       ports: [22, 2222]
#   aws-s3-bucket-object-lock:
#     enabled: false

# Files never read (globs relative to the working directory).
# skip-paths:
#   - "examples/**"

# Accepted exceptions. Each needs a reason; an owner and an expiry date are strongly advised.
# Suppressed results stay in every report, marked suppressed, with who, why and until when.
# suppressions:
#   - rule: aws-s3-bucket-public-access-block
#     resource: aws_s3_bucket.public_website      # a Terraform address or an ARN; globs allowed
#     reason: Static marketing site, holds no PHI
#     owner: web-team@example.org
#     expires: 2027-06-30
#   - path: "legacy/**"                            # every rule, for files under legacy/
#     reason: Decommissioned in Q3; tracked in SEC-142
#     expires: 2027-09-30

# The file of auditors' attestations for the manual requirements (a signed BAA, the risk
# analysis, ...), relative to this file; --attestations wins.
# attestations: compliance/attestations.yaml
#
# That file (not this one) holds the entries: each names a framework and a requirement citation,
# who attested, the date (YYYY-MM-DD), a statement and a link or path to the evidence, e.g.
#   attestations:
#     - framework: hipaa
#       requirement: 164.308(b)(1)
#       by: Dana Whitfield, Privacy Officer
#       date: 2026-09-30
#       statement: BAA accepted in AWS Artifact for the organisation.
#       evidence: https://intranet.example.org/compliance/baa.pdf

# An attestation older than this many days at the time of the scan is shown as stale.
# attestation-max-age-days: 365

# Live AWS scans.
# aws:
#   regions: [eu-central-1, eu-west-1]
#   role-arn: arn:aws:iam::{account}:role/VigilAudit
#   max-rps: 20
`;

export function initOptions(y: Argv): Argv {
  return y.option('force', { type: 'boolean', describe: `overwrite an existing ${CONFIG_FILE_NAME}` });
}

export function initCommand(args: { force?: boolean }, io: Io): number {
  const file = resolve(io.cwd, CONFIG_FILE_NAME);
  if (existsSync(file) && !args.force) throw new UsageError(`${CONFIG_FILE_NAME} already exists here; use --force to overwrite it`);
  writeFileSync(file, STARTER_CONFIG);
  io.stdout(`wrote ${file}\n`);
  return EXIT.ok;
}
