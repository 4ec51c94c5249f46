import { documentFact, publicAccess } from './policy.js';
import type { Value, ValueObject } from './value.js';

/** Facts of a resource-based policy (the model's `policy` object); no policy is neither attached nor public. */
export function resourcePolicyFacts(document: Value | undefined): ValueObject {
  const present = document !== undefined && document !== null && document !== '';
  return { exists: present, public: documentFact(document, publicAccess, false) };
}
