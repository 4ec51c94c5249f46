import { COLLECTION_FUNCTIONS } from './collections.js';
import { CONVERSION_FUNCTIONS } from './conversion.js';
import { CRYPTO_FUNCTIONS } from './crypto.js';
import { ENCODING_FUNCTIONS } from './encoding.js';
import { FILESYSTEM_FUNCTIONS } from './filesystem.js';
import { FORMAT_FUNCTIONS } from './format.js';
import { MAP_FUNCTIONS } from './maps.js';
import { NETWORK_FUNCTIONS } from './network.js';
import { NUMERIC_FUNCTIONS } from './numeric.js';
import { REGEX_FUNCTIONS } from './regex.js';
import { SET_FUNCTIONS } from './sets.js';
import { STRING_FUNCTIONS } from './strings.js';
import { TIME_FUNCTIONS } from './time.js';
import type { TerraformFunction } from './types.js';

/**
 * Terraform's built-in functions, evaluated the way `terraform plan` would before apply: pure,
 * offline, and propagating Unknown as far as a result depends on it. `try` and `can` are not
 * here because they need their arguments unevaluated; the evaluator implements them.
 *
 * The values model has no set or tuple types: every sequence is an array, and a set is an array
 * in Terraform's set order (strings sorted lexically, numbers numerically).
 */

export { FunctionError, type FunctionContext, type TerraformFunction } from './types.js';
export { numberToString, valuesEqual } from './support.js';

const FAMILIES: ReadonlyArray<Record<string, TerraformFunction>> = [
  COLLECTION_FUNCTIONS,
  CONVERSION_FUNCTIONS,
  CRYPTO_FUNCTIONS,
  ENCODING_FUNCTIONS,
  FILESYSTEM_FUNCTIONS,
  FORMAT_FUNCTIONS,
  MAP_FUNCTIONS,
  NETWORK_FUNCTIONS,
  NUMERIC_FUNCTIONS,
  REGEX_FUNCTIONS,
  SET_FUNCTIONS,
  STRING_FUNCTIONS,
  TIME_FUNCTIONS,
];

function registry(): Readonly<Record<string, TerraformFunction>> {
  // No prototype, so FUNCTIONS["constructor"] or FUNCTIONS["toString"] is simply absent.
  const all: Record<string, TerraformFunction> = Object.create(null);
  for (const family of FAMILIES) {
    for (const [name, fn] of Object.entries(family)) {
      if (name in all) throw new Error(`Terraform function ${name} is defined twice`);
      all[name] = fn;
    }
  }
  return Object.freeze(all);
}

/** Every supported function by its Terraform name. A name not here is not supported. */
export const FUNCTIONS: Readonly<Record<string, TerraformFunction>> = registry();
