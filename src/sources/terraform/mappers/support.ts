import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { attr, firstBlock } from './types.js';

/** Small readers shared by the mappers of every service. */

/**
 * The resource's own `region` argument (AWS provider v6); otherwise the region of the provider
 * configuration it uses. A plan without either leaves it unknown.
 */
export function regionOf(instance: ResourceInstance): Value {
  return attr(instance, 'region', instance.providerRegion ?? unknown(`${instance.address}: the plan records no region for this resource`));
}

/** The first nested block as an object, `{}` when absent; an Unknown passes through. */
export function block(value: Value | undefined): ValueObject | Value {
  const first = firstBlock(value);
  if (isUnknown(first)) return first;
  return isValueObject(first as Value) ? (first as ValueObject) : {};
}

/** Every nested block of a type, as a list of objects; an Unknown passes through. */
export function blocks(value: Value | undefined): ValueObject[] | Value {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return value;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is ValueObject => isValueObject(item));
}

/** A field of a block that may itself be unknown. */
export function field(container: ValueObject | Value, name: string, fallback: Value): Value {
  if (isUnknown(container)) return container;
  if (!isValueObject(container)) return fallback;
  const value = container[name];
  return value === undefined || value === null ? fallback : value;
}

/** Appends to a list attribute unless it is already unknown. */
export function append(target: ValueObject, name: string, item: Value): void {
  const current = target[name];
  if (isUnknown(current)) return;
  target[name] = [...(Array.isArray(current) ? current : []), item];
}

export const listOf = (value: Value | undefined): Value => (value === undefined || value === null ? [] : value);
