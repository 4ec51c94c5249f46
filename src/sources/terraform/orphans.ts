import { KINDS } from '../../model/kinds.js';
import { describeValue, isUnknown, Unknown, type Value, type ValueObject } from '../../model/value.js';
import type { ResourceInstance } from './module.js';
import { regionOf } from './mappers/support.js';

/**
 * A companion whose parent is not in the scanned configuration (a security group given by a
 * variable, a bucket named by a data source or another stack) still says something about that
 * parent. It stands for the parent, at its own address, with every attribute it does not set
 * unknown: rules then judge what it says and never pass on what only the parent could tell.
 */

/** "security group", "bucket", "network ACL": the parent kind in words. */
export function kindNoun(kind: string): string {
  const last = kind.slice(kind.lastIndexOf('.') + 1).replace(/_/g, ' ');
  return last.replace(/\b(acl|vpc|elb)\b/g, (word) => word.toUpperCase());
}

/** How the companion's link argument names its parent, for messages: as written, else its value. */
export function givenBy(written: string | undefined, value: Value | undefined): string {
  if (written !== undefined) return written;
  if (typeof value === 'string') return JSON.stringify(value);
  if (isUnknown(value)) return `a value not known before apply (${value.reason})`;
  return `the value ${describeValue(value ?? null)}`;
}

/**
 * The parent's attributes as far as the companion alone knows them: each unknown for `reason`,
 * lists holding one unknown element that stands for the rest (the companion's own entries join
 * it), and the region of the companion's provider, which is the parent's.
 */
export function orphanAttributes(kind: string, rest: Unknown, companion: ResourceInstance): ValueObject {
  const out: ValueObject = {};
  for (const [name, spec] of Object.entries(KINDS[kind]?.attributes ?? {})) {
    out[name] = spec.type === 'string-list' || spec.type === 'object-list' ? [rest] : rest;
  }
  if ('region' in out) out.region = regionOf(companion);
  return out;
}

/** The unknown an orphan's attributes share, marked so that its list entries can be moved last. */
export function unknownRest(reason: string): Unknown {
  const rest = new Unknown(reason);
  ORPHAN_RESTS.add(rest);
  return rest;
}

const ORPHAN_RESTS = new WeakSet<Unknown>();

/** Puts the unknown rest of each list after the companions' own entries, so those read `ingress[0]`. */
export function restLast(attributes: ValueObject): void {
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (!Array.isArray(value)) continue;
    attributes[name] = [...value.filter((item) => !(isUnknown(item) && ORPHAN_RESTS.has(item))), ...value.filter((item) => isUnknown(item) && ORPHAN_RESTS.has(item))];
  }
}
