import { KINDS, type AttributeSpec } from '../model/kinds.js';
import type { Resource } from '../model/resource.js';
import { describeValue, isUnknown, isValueObject, setOwn, type Value } from '../model/value.js';

/**
 * The evidence a result carries beyond its facts: the values the rule read, named by the model
 * attribute and the field of the API answer it reflects, and the resource's tags. Bounded, so a
 * 50,000-result report stays small: a few values per result, each cut to a short text.
 */

const OBSERVED_LIMIT = 8;
const VALUE_LENGTH = 160;
const TAG_LIMIT = 30;
const TAG_VALUE_LENGTH = 120;

export interface ObservedValue {
  /** The model attribute the rule read, as the rule names it: `encryption.sse_algorithm`. */
  attribute: string;
  /** The field of the API answer the attribute reflects, where the model names one: `StorageEncrypted`. */
  field?: string;
  /** The value, as short JSON text, or `unknown (why)`. */
  value: string;
}

/**
 * The API field an attribute reflects, as its description in the model names it: the first
 * PascalCase name in backticks (`StorageEncrypted` / `storage_encrypted`), or one leading the
 * description (IsMultiRegionTrail / is_multi_region_trail).
 */
function apiField(spec: AttributeSpec | undefined): string | undefined {
  if (!spec) return undefined;
  return (/`([A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*)`/.exec(spec.description) ?? /^([A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*) \//.exec(spec.description))?.[1];
}

/** Follows `a.b[2].c` through the model; a bracket that is a label rather than an index stops it. */
function resolve(attributes: Value, path: string, specs: Record<string, AttributeSpec> | undefined): { value: Value | undefined; spec: AttributeSpec | undefined } | undefined {
  const segments = path.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let value: Value | undefined = attributes;
  let spec: AttributeSpec | undefined;
  let fields = specs;
  for (const segment of segments) {
    if (segment.startsWith('[')) {
      const index = segment.slice(1, -1);
      if (!/^\d+$/.test(index) || !Array.isArray(value)) return undefined;
      value = value[Number(index)];
      continue;
    }
    if (!isValueObject(value as Value)) return undefined;
    spec = fields?.[segment];
    fields = spec?.fields;
    value = (value as Record<string, Value>)[segment];
  }
  return { value, spec };
}

/** The values a result's rule read on the resource, at most OBSERVED_LIMIT of them. */
export function observedValues(resource: Resource, paths: string[]): ObservedValue[] {
  const specs = KINDS[resource.kind]?.attributes;
  const out: ObservedValue[] = [];
  for (const path of new Set(paths)) {
    if (out.length >= OBSERVED_LIMIT) break;
    const found = resolve(resource.attributes, path, specs);
    if (!found) continue;
    const field = apiField(found.spec);
    // An unknown's reason is not cut by describeValue; the value shown is, like any other.
    const text = describeValue(found.value, VALUE_LENGTH);
    out.push({ attribute: path, ...(field ? { field } : {}), value: text.length > VALUE_LENGTH ? `${text.slice(0, VALUE_LENGTH - 1)}…` : text });
  }
  return out;
}

/** The resource's tags as text, at most TAG_LIMIT of them, in key order. */
export function tagsOf(resource: Resource): Record<string, string> | undefined {
  const tags = resource.attributes.tags;
  if (!isValueObject(tags)) return undefined;
  const keys = Object.keys(tags).sort().slice(0, TAG_LIMIT);
  if (keys.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = tags[key];
    const text = typeof value === 'string' ? value : isUnknown(value) ? `unknown (${value.reason})` : describeValue(value, TAG_VALUE_LENGTH);
    setOwn(out, key, text.length > TAG_VALUE_LENGTH ? `${text.slice(0, TAG_VALUE_LENGTH - 1)}…` : text);
  }
  return out;
}
