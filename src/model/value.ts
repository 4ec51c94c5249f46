/**
 * Values in the resource model. Every attribute a source fills may be `Unknown`: a Terraform
 * expression that only apply can resolve, or an AWS API call that was denied. Unknown is a value
 * of its own so that no rule can mistake it for `false`, `null` or an empty list.
 */

export class Unknown {
  /**
   * @param reason why the value is not known, in words a user can act on
   * @param origin the address of the resource whose apply-time attribute this stands for, when
   *   there is one (`aws_s3_bucket.logs`); sources use it to link resources by reference
   */
  constructor(
    readonly reason: string,
    readonly origin?: string,
    /**
     * What the value would encode, with only its unknown parts unknown: set when a string is
     * unknown because it serializes a partly unknown structure (Terraform's `jsonencode` of a
     * policy whose `Resource` is another resource's ARN), so facts can still be read from the
     * known parts. Not serialized: facts are derived before a resource leaves its source.
     */
    readonly partial?: Value,
  ) {}

  toJSON(): SerializedUnknown {
    return this.origin === undefined
      ? { $unknown: this.reason }
      : { $unknown: this.reason, origin: this.origin };
  }
}

export interface SerializedUnknown {
  $unknown: string;
  origin?: string;
}

export type Value = null | boolean | number | string | Value[] | ValueObject | Unknown;
export interface ValueObject {
  [key: string]: Value;
}

export function unknown(reason: string, origin?: string): Unknown {
  return new Unknown(reason, origin);
}

/** An unknown string that encodes `partial`, a structure only partly unknown (see Unknown.partial). */
export function encodingOf(partial: Value, reason: string): Unknown {
  return new Unknown(reason, undefined, partial);
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

export function isValueObject(value: Value | undefined): value is ValueObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}

/** The first unknown found anywhere inside a value, or undefined when the value is wholly known. */
export function findUnknown(value: Value): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnknown(item);
      if (found) return found;
    }
  } else if (isValueObject(value)) {
    for (const key of Object.keys(value)) {
      const found = findUnknown(value[key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Revives values written with JSON.stringify (snapshots, saved inventories). */
export function reviveValue(raw: unknown): Value {
  if (raw === null || typeof raw === 'boolean' || typeof raw === 'number' || typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return raw.map(reviveValue);
  if (typeof raw === 'object') {
    const record = raw as Record<string, unknown>;
    if (typeof record.$unknown === 'string') {
      return unknown(record.$unknown, typeof record.origin === 'string' ? record.origin : undefined);
    }
    const out: ValueObject = {};
    for (const key of Object.keys(record)) out[key] = reviveValue(record[key]);
    return out;
  }
  return null;
}

/** A short, human-readable rendering of a value for messages. */
export function describeValue(value: Value | undefined, maxLength = 80): string {
  if (value === undefined) return 'absent';
  if (value instanceof Unknown) return `unknown (${value.reason})`;
  const text = JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * Sets a key as an own property, `__proto__` included: plain assignment of `__proto__` would set
 * the object's prototype instead, and a tag or map key of that name would vanish.
 */
export function setOwn(object: ValueObject, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
