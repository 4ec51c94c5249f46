import { resourcePolicyFacts } from '../../../model/resource-policy.js';
import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { plaintextSecretNames } from '../../../model/plaintext-secrets.js';
import { isCustomerManagedKey } from './s3.js';

/** Readers shared by the compute, container and analytics mappers. */

/** A JSON document given as a string, a decoded object, or a partly unknown `jsonencode`. */
export function jsonDocument(value: Value | undefined, what: string): Value {
  if (value === undefined || value === null) return null;
  if (isUnknown(value)) return value.partial ?? value;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as Value;
  } catch {
    return unknown(`${what} is not valid JSON`);
  }
}

export { resourcePolicyFacts };

/** A key argument left out means the AWS-managed key. */
export function customerKey(keyId: Value): Value {
  return isCustomerManagedKey(keyId ?? null);
}

/** The names of a map of environment variables holding secrets, or the unknown map. */
export function secretNamesOfMap(variables: Value | undefined): Value {
  if (variables === undefined || variables === null) return [];
  if (isUnknown(variables)) return variables;
  if (!isValueObject(variables)) return [];
  return plaintextSecretNames(Object.entries(variables));
}

export const tagsOf = (instance: { attributes: ValueObject }): Value => instance.attributes.tags ?? {};
