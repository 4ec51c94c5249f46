import { findUnknown, isUnknown, type Value, type ValueObject } from '../../../model/value.js';
import { asList, asObject, asString, asStringList, define, dependsOn, type Impl, sortedKeys, valuesEqual } from './support.js';
import { FunctionError, type TerraformFunction } from './types.js';

/**
 * Functions over maps and objects (ValueObject in the model). Terraform iterates maps in lexical
 * key order, so keys() and values() do too. Members are returned as they are: an unknown member
 * does not make the rest of the object unknown.
 */

const keys: Impl = ([object]) => {
  if (isUnknown(object)) return dependsOn(object);
  return sortedKeys(asObject(object!, 'inputMap'));
};

const values: Impl = ([objectValue]) => {
  if (isUnknown(objectValue)) return dependsOn(objectValue);
  const object = asObject(objectValue!, 'mapping');
  return sortedKeys(object).map((key) => object[key]!);
};

/** lookup: the member for a known key, even when other members are unknown. */
const lookup: Impl = ([objectValue, keyValue, ...fallback]) => {
  if (isUnknown(objectValue)) return dependsOn(objectValue);
  if (isUnknown(keyValue)) return dependsOn(keyValue);
  const object = asObject(objectValue!, 'inputMap');
  const key = asString(keyValue!, 'key');
  if (Object.hasOwn(object, key)) return object[key]!;
  if (fallback.length > 0) return fallback[0]!;
  throw new FunctionError(`lookup failed to find key ${JSON.stringify(key)}`);
};

/** merge: later arguments win; null arguments are skipped; unknown members stay members. */
const merge: Impl = (args) => {
  const out = new Map<string, Value>();
  for (const [i, arg] of args.entries()) {
    if (isUnknown(arg)) return dependsOn(arg);
    if (arg === null) continue;
    const object = asObject(arg, `argument ${i + 1}`);
    for (const key of Object.keys(object)) out.set(key, object[key]!);
  }
  // fromEntries defines own properties, so a "__proto__" key stays an ordinary member.
  return Object.fromEntries(out);
};

/** zipmap: every key must be known; values may be unknown and stay so. */
const zipmap: Impl = ([keysValue, valuesValue]) => {
  const pendingKey = findUnknown(keysValue!);
  if (pendingKey) return dependsOn(pendingKey);
  if (isUnknown(valuesValue)) return dependsOn(valuesValue);
  const keyList = asStringList(keysValue!, 'keys');
  const valueList = asList(valuesValue!, 'values');
  if (keyList.length !== valueList.length) {
    throw new FunctionError(`number of keys (${keyList.length}) does not match number of values (${valueList.length})`);
  }
  return Object.fromEntries(keyList.map((key, i) => [key, valueList[i]!]));
};

/** transpose: {"a" = ["1", "2"], "b" = ["2"]} becomes {"1" = ["a"], "2" = ["a", "b"]}. */
const transpose: Impl = ([objectValue]) => {
  const object = asObject(objectValue!, 'values');
  const out = new Map<string, string[]>();
  for (const key of sortedKeys(object)) {
    for (const item of asStringList(object[key]!, `the value of ${JSON.stringify(key)}`)) {
      out.set(item, [...(out.get(item) ?? []), key]);
    }
  }
  return Object.fromEntries(out) as ValueObject;
};

/** matchkeys: the values whose corresponding key is in the search set. */
const matchkeys: Impl = ([valuesValue, keysValue, searchValue]) => {
  const valueList = asList(valuesValue!, 'values');
  const keyList = asList(keysValue!, 'keys');
  const searchset = asList(searchValue!, 'searchset');
  if (valueList.length !== keyList.length) throw new FunctionError('length of keys and values should be equal');
  return valueList.filter((_, i) => searchset.some((wanted) => valuesEqual(keyList[i]!, wanted) === true));
};

export const MAP_FUNCTIONS: Record<string, TerraformFunction> = {
  keys: define({ params: ['inputMap'], handlesUnknowns: true }, keys),
  lookup: define({ params: ['inputMap', 'key'], optional: ['default'], handlesUnknowns: true }, lookup),
  matchkeys: define({ params: ['values', 'keys', 'searchset'] }, matchkeys),
  merge: define({ params: [], variadic: 'maps', handlesUnknowns: true }, merge),
  transpose: define({ params: ['values'] }, transpose),
  values: define({ params: ['mapping'], handlesUnknowns: true }, values),
  zipmap: define({ params: ['keys', 'values'], handlesUnknowns: true }, zipmap),
};
