import { isUnknown, isValueObject, setOwn, type Value, type ValueObject } from '../../model/value.js';
import type { SensitivityTracker } from './evaluate.js';

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
export class SecretRegistry implements SensitivityTracker {
  private readonly values = new Set<string>();
  /**
   * Short strings derived from a secret (`substr(var.password, 0, 3)`): masked where a whole value
   * equals one, since matching them inside other strings would mask nearly everything.
   */
  private readonly short = new Set<string>();

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
    return this.values.size + this.short.size;
  }

  /**
   * What a function or index makes of a sensitive value is sensitive too (`lower()`,
   * `base64encode()`, `substr()`, `replace()`, `format()`...), as Terraform marks it.
   */
  derive(inputs: readonly Value[], result: Value): void {
    if (this.size === 0) return;
    if (inputs.some((input) => this.holds(input))) this.addDerived(result);
  }

  private addDerived(value: Value): void {
    if (typeof value === 'string') {
      if (value.length >= 4) this.values.add(value);
      else if (value !== '') this.short.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) this.addDerived(item);
    } else if (isValueObject(value)) {
      for (const key of Object.keys(value)) this.addDerived(value[key]!);
    }
  }

  /** Whether a value holds a secret anywhere inside it. */
  private holds(value: Value): boolean {
    if (typeof value === 'string') return this.short.has(value) || this.leaks(value);
    if (Array.isArray(value)) return value.some((item) => this.holds(item));
    if (isValueObject(value)) return Object.keys(value).some((key) => this.holds(value[key]!));
    return false;
  }

  /** Whether a string contains a known secret. */
  leaks(text: string): boolean {
    for (const secret of this.values) if (text.includes(secret)) return true;
    return false;
  }

  /** A message with every secret it quotes replaced by SENSITIVE (an error may quote the value it refused). */
  maskText(text: string): string {
    if (this.values.size === 0) return text;
    let out = text;
    for (const secret of this.values) if (out.includes(secret)) out = out.split(secret).join(SENSITIVE);
    return out;
  }

  /** A copy of an attribute map with every secret replaced by SENSITIVE. */
  mask(attributes: ValueObject): ValueObject {
    const out: ValueObject = {};
    for (const key of Object.keys(attributes)) setOwn(out, key, this.maskValue(attributes[key]!, isSecretAttributeName(key)));
    return out;
  }

  private maskValue(value: Value, secretName: boolean): Value {
    if (typeof value === 'string') return secretName || (this.size > 0 && (this.short.has(value) || this.leaks(value))) ? SENSITIVE : value;
    if (isUnknown(value) || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.maskValue(item, secretName));
    const out: ValueObject = {};
    for (const key of Object.keys(value)) setOwn(out, key, this.maskValue(value[key]!, secretName || isSecretAttributeName(key)));
    return out;
  }
}
