import { isUnknown, isValueObject, type Value, type ValueObject } from '../../model/value.js';

/**
 * Keeps secrets out of the model. Evaluation needs the real values (a sensitive variable may
 * still decide a count), so masking happens once, where resource instances leave the Terraform
 * source: attributes named like a password or key, and any string that holds the value of a
 * `sensitive = true` variable or output, become SENSITIVE.
 */

export const SENSITIVE = '(sensitive)';

/** Attribute names whose string values are secrets whatever they hold. */
const SECRET_NAME =
  /(^|_)(password|passwd|secret|secret_key|secret_string|secret_binary|private_key|private_key_pem|token|auth_token|api_key|access_token|client_secret|sensitive_content|key_material|master_user_password)$/;

export function isSecretAttributeName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The sensitive strings seen while evaluating one scan. */
export class SecretRegistry {
  private readonly values = new Set<string>();

  /** Records every string inside a sensitive value. Short strings are not worth masking. */
  add(value: Value): void {
    if (typeof value === 'string') {
      if (value.length >= 4) this.values.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) this.add(item);
    } else if (isValueObject(value)) {
      for (const key of Object.keys(value)) this.add(value[key]!);
    }
  }

  get size(): number {
    return this.values.size;
  }

  /** Whether a string contains a known secret. */
  leaks(text: string): boolean {
    for (const secret of this.values) if (text.includes(secret)) return true;
    return false;
  }

  /** A copy of an attribute map with every secret replaced by SENSITIVE. */
  mask(attributes: ValueObject): ValueObject {
    const out: ValueObject = {};
    for (const key of Object.keys(attributes)) out[key] = this.maskValue(attributes[key]!, isSecretAttributeName(key));
    return out;
  }

  private maskValue(value: Value, secretName: boolean): Value {
    if (typeof value === 'string') return secretName || (this.values.size > 0 && this.leaks(value)) ? SENSITIVE : value;
    if (isUnknown(value) || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.maskValue(item, secretName));
    const out: ValueObject = {};
    for (const key of Object.keys(value)) out[key] = this.maskValue(value[key]!, secretName || isSecretAttributeName(key));
    return out;
  }
}
