import { isUnknown, isValueObject, setOwn, unknown, type Value, type ValueObject } from '../../model/value.js';
import type { SensitivityTracker } from './evaluate.js';

/**
 * Keeps secrets out of the model. Evaluation needs the real values (a sensitive variable may
 * still decide a count), so masking happens once, where resource instances leave the Terraform
 * source: attributes named like a password or key, and any string that holds the value of a
 * `sensitive = true` variable or output, become SENSITIVE.
 */

export const SENSITIVE = '(sensitive)';

/**
 * Why a number or boolean computed from a secret is unknown. A string can be masked where it is
 * shown and judged as written; a number or boolean cannot be replaced by a masked string without
 * changing what a rule compares, and no report could print it without revealing it (the length of
 * a password, whether it equals a guess). Such a value is unknown, as for a value known only after
 * apply: whatever depends on it is judged unknown with this reason, never pass, never shown.
 */
export const SENSITIVE_SCALAR_REASON = 'it is computed from a sensitive value, which Vigil does not reveal';

/** Whether an unknown stands for a number or boolean computed from a secret. */
export function isSensitiveScalar(value: Value): boolean {
  return isUnknown(value) && value.reason === SENSITIVE_SCALAR_REASON;
}

/** `value` with every number and boolean inside it replaced by the sensitive unknown. */
function hideScalars(value: Value): Value {
  if (typeof value === 'number' || typeof value === 'boolean') return unknown(SENSITIVE_SCALAR_REASON);
  if (Array.isArray(value)) return value.map(hideScalars);
  if (isValueObject(value)) {
    const out: ValueObject = {};
    for (const key of Object.keys(value)) setOwn(out, key, hideScalars(value[key]!));
    return out;
  }
  return value;
}

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

  /**
   * Records every string inside a sensitive value (short strings are not worth masking) and
   * returns the value to evaluate with: its numbers and booleans hidden (see SENSITIVE_SCALAR_REASON).
   */
  add(value: Value): Value {
    this.record(value);
    return hideScalars(value);
  }

  private record(value: Value): void {
    if (typeof value === 'string') {
      if (value.length >= 4) this.values.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) this.record(item);
    } else if (isValueObject(value)) {
      for (const key of Object.keys(value)) this.record(value[key]!);
    }
  }

  get size(): number {
    return this.values.size + this.short.size;
  }

  /**
   * What a function, operator or index makes of a sensitive value is sensitive too (`lower()`,
   * `base64encode()`, `substr()`, `length()`, `==`, `+`...), as Terraform marks it: its strings are
   * recorded, and the result returned with its numbers and booleans hidden.
   */
  derive(inputs: readonly Value[], result: Value): Value {
    if (this.size === 0) return result;
    if (!inputs.some((input) => this.holds(input))) return result;
    this.addDerived(result);
    return hideScalars(result);
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
