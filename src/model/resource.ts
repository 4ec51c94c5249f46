import type { ValueObject } from './value.js';

/** A place in a source file. Lines and columns count from 1. */
export interface SourceLocation {
  file: string;
  startLine: number;
  startColumn?: number;
  endLine: number;
  endColumn?: number;
}

/** Where a Terraform-defined resource came from. */
export interface TerraformProvenance {
  source: 'terraform';
  /** Terraform address of the primary block, e.g. `module.db.aws_db_instance.this[0]`. */
  address: string;
  /** The primary block. Paths are relative to the scanned root. */
  location: SourceLocation;
  /** Companion blocks folded into this resource (encryption configuration, ingress rules, ...). */
  parts: TerraformPart[];
  /**
   * The root module folder the resource was evaluated from, relative to the working folder (`envs/prod`,
   * `.`), or the plan file: with the address, the resource's identity, since two roots may
   * call one module and so hold the same address.
   */
  root?: string;
  /** The module calls this resource was created through, outermost first (`module.a`, `module.a.module.b["x"]`). */
  moduleCalls?: string[];
  /** The same calls with their `source` and where each `module` block is written. */
  moduleCallSites?: Array<{ address: string; source: string; location: SourceLocation }>;
  /**
   * Set when the resource comes from a folder that is only ever called as a module, evaluated on
   * its own with its variables' defaults: callers may pass other values (and may fix, in their
   * own configuration, what is reported here). The text says so for reports.
   */
  moduleDefaults?: string;
  /** For plan JSON: the plan file the resource was read from. */
  plan?: string;
  /** Set when count or for_each was not known: this resource stands for all its instances. */
  expansionUnknown?: string;
  /** Ignores written above this resource's blocks or the module calls that created it. */
  ignores?: InlineIgnore[];
  /** Attributes derived from other resources of the estate, not written in any block (`access_log_target`). */
  derived?: string[];
}

/** A companion block folded into a resource. */
export interface TerraformPart {
  address: string;
  location: SourceLocation;
  /**
   * The model attributes this block set, list elements by index (`ingress[3]`, `public_access_block`):
   * a result decided by them points at this block rather than at the resource's own.
   */
  paths?: string[];
}

/** One API answer a live resource was built from. */
export interface ApiEvidence {
  service: string;
  operation: string;
  /** ISO timestamp of the answer. */
  at: string;
}

/** Where a live AWS resource came from. */
export interface AwsProvenance {
  source: 'aws';
  account: string;
  region: string;
  arn: string;
  calls: ApiEvidence[];
  /**
   * The ID AWS gives the resource where the ARN does not end in it (an RDS DbiResourceId, an IAM
   * user's or policy's ID): the key AWS Config's verdicts name the resource by.
   */
  resourceId?: string;
  /**
   * Set on the stand-in the engine makes for a scope that was not inventoried (see
   * `NotInventoried`): no such resource exists; its results say why the scope is unknown.
   */
  notInventoried?: true;
  /**
   * Set by the drift join when a Terraform state knows this resource and the code declares it:
   * the block that does, so live results point at file and line (SARIF, `--changed-since`).
   */
  code?: CodeLink;
}

/** The Terraform block a state or live resource was joined to: root folder, address and location. */
export interface CodeLink {
  address: string;
  root?: string;
  location: SourceLocation;
}

/** Where a resource read from a Terraform state (`terraform.tfstate`, an S3 backend) came from. */
export interface StateProvenance {
  source: 'state';
  /** Terraform address with module path and instance key: `module.db.aws_db_instance.this[0]`. */
  address: string;
  /** The state as given: a file relative to the working folder, or `s3://bucket/key`. */
  state: string;
  /** The root module folder this state belongs to, relative to the working folder, when known. */
  root?: string;
  /** The ARN the state records for the resource, when it records one. */
  arn?: string;
  /** The provider's ID of the resource (`id`): a bucket name, `sg-…`, `i-…`. */
  resourceId?: string;
  /** The account the ARN names, when it names one. */
  account?: string;
  /** Companion resources folded into this one (`aws_s3_bucket_public_access_block.x`). */
  parts: string[];
  /** The module calls this resource was created through, outermost first. */
  moduleCalls?: string[];
  /** Set by the drift join: the code block of the same root and address. */
  code?: CodeLink;
  /** IDs of resources this one made as part of itself (an instance's root and EBS volumes): managed too. */
  covers?: string[];
}

export type Provenance = TerraformProvenance | AwsProvenance | StateProvenance;

/**
 * One AWS object in the normalized model. Rules only ever read `attributes`; the other fields
 * identify the resource and carry the evidence reports show.
 */
export interface Resource {
  /** Model kind, named after AWS's vocabulary: `aws.s3.bucket`. */
  kind: string;
  /** Stable identity within a scan: the Terraform address or the ARN. */
  id: string;
  /** A short name for people: bucket name, security group name, DB identifier. */
  name: string;
  attributes: ValueObject;
  provenance: Provenance;
  /**
   * Live AWS only: what the AWS Config rules deployed in the account say about this resource,
   * read from Config (per account, or through an aggregator). Evidence beside Vigil's own result,
   * never an input to a rule's check. A report can show the verdicts whose `managedRule` is one
   * of the rule's `references.aws_config` (see `configVerdictsFor`).
   */
  configRules?: ConfigRuleVerdict[];
}

/** One deployed AWS Config rule's verdict on one resource. */
export interface ConfigRuleVerdict {
  /** The deployed rule's name, e.g. `s3-bucket-ssl-requests-only-conformance-pack-x1y2z3`. */
  rule: string;
  /**
   * The AWS managed rule it runs, spelled as rules' `references.aws_config` spell it
   * (`s3-bucket-ssl-requests-only`). From the rule's source identifier when Config gives it; through
   * an aggregator, which does not, from the rule's name. Only managed rules' verdicts are read
   * per resource, since only they can be set beside a Vigil rule.
   */
  managedRule: string;
  /** COMPLIANT or NON_COMPLIANT. */
  compliance: string;
  /** The conformance pack that deployed the rule, when Config says so. */
  conformancePack?: string;
  /** When Config recorded the verdict (ISO). */
  at?: string;
}

/** The verdicts of deployed AWS Config rules that run one of these managed rules. */
export function configVerdictsFor(resource: Resource, managedRules: readonly string[] | undefined): ConfigRuleVerdict[] {
  if (!resource.configRules || !managedRules?.length) return [];
  return resource.configRules.filter((v) => managedRules.includes(v.managedRule));
}

/**
 * An ignore written in source: `# vigil:ignore <rule>[key] -- reason`, or a Checkov or Trivy
 * ignore naming an ID the rule references. Sources find them; the engine decides what they
 * suppress, and reports the ones that are invalid, expired or unused.
 */
export interface InlineIgnore {
  style: 'vigil' | 'checkov' | 'trivy';
  /** A Vigil rule ID or alias, or a Checkov/Trivy ID. */
  rule: string;
  /** For one instance only: a for_each key or count index. */
  key?: string;
  reason?: string;
  /** YYYY-MM-DD. */
  expires?: string;
  /** Who owns the exception (`owner:team-x`) and who approved it (`approver:name`). */
  owner?: string;
  approver?: string;
  file: string;
  line: number;
  /** The line of the block or attribute the comment sits above. */
  targetLine: number;
  /** What the comment sits above: a resource block, an attribute in it, or a module call. */
  scope: 'block' | 'attribute' | 'module';
  /** For module scope: the module call's name; resources created through it are covered. */
  module?: string;
}
