import type { Value, ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';

/**
 * How Terraform resource types map onto model kinds. A primary type creates one model resource
 * per instance; a companion type (an `aws_s3_bucket_*` configuration, a separate security group
 * rule) folds into the primary resource it references.
 */

export interface PrimaryMapper {
  kind: string;
  /** The model attributes, with provider defaults filled in for what the block leaves out. */
  attributes(instance: ResourceInstance): ValueObject;
  /** The name people know the resource by, when the configuration states it. */
  name(attributes: ValueObject, instance: ResourceInstance): string;
  /**
   * The literal identity a companion may use instead of a reference (a bucket's name); undefined
   * when it is only known after apply.
   */
  identity?(attributes: ValueObject): string | undefined;
}

export interface CompanionMapper {
  /** The model kind of the resource this companion configures. */
  kind: string;
  /** The attribute of the companion holding the target's id, name or ARN. */
  link: string;
  /** Other kinds the companion may configure (a web ACL association: a load balancer or an API stage). */
  alsoKinds?: readonly string[];
  /** Whether this instance is a companion at all (an autoscaling target of DynamoDB, not of ECS); default yes. */
  applies?(companion: ResourceInstance): boolean;
  /** Folds the companion's settings into the target's model attributes. */
  apply(target: ValueObject, companion: ResourceInstance): void;
}

export interface MapperSet {
  primary: Record<string, PrimaryMapper>;
  companions: Record<string, CompanionMapper>;
}

/** Reads an attribute, falling back to the provider default when the block leaves it out. */
export function attr(instance: ResourceInstance, name: string, fallback: Value): Value {
  const value = instance.attributes[name];
  return value === undefined || value === null ? fallback : value;
}

/** The first nested block of a type, as Terraform's `MaxItems: 1` blocks are written. */
export function firstBlock(value: Value | undefined): ValueObject | undefined | Value {
  if (Array.isArray(value)) return value[0] as ValueObject | undefined;
  return value;
}
