import { isUnknown, isValueObject, type Value } from '../../../model/value.js';
import {
  asBool,
  asInteger,
  asList,
  asNumber,
  asString,
  compareStrings,
  define,
  dependsOn,
  distinctValues,
  graphemeCount,
  type Impl,
  typeName,
  valuesEqual,
} from './support.js';
import { FunctionError, type TerraformFunction } from './types.js';

/**
 * Functions over lists, tuples and sets (all arrays in the model). Those that only move elements
 * around (element, slice, reverse, concat...) keep unknown elements as they are, so a list with
 * one unknown subnet ID still has a known length and known other elements.
 */

/** length: strings count characters; lists and objects count members, known or not. */
const length: Impl = ([value]) => {
  if (isUnknown(value)) return dependsOn(value);
  if (typeof value === 'string') return graphemeCount(value);
  if (Array.isArray(value)) return value.length;
  if (isValueObject(value)) return Object.keys(value).length;
  if (value === null) throw new FunctionError('argument must not be null');
  throw new FunctionError(`argument must be a string, a collection type, or a structural type, got ${typeName(value!)}`);
};

/** alltrue: false as soon as any known element is false, even if others are unknown. */
const alltrue: Impl = ([list]) => {
  if (isUnknown(list)) return dependsOn(list);
  let pending: Value | undefined;
  for (const [i, item] of asList(list!, 'list').entries()) {
    if (isUnknown(item)) pending ??= item;
    else if (item === null || !asBool(item, `element ${i}`)) return false;
  }
  return isUnknown(pending) ? dependsOn(pending) : true;
};

/** anytrue: true as soon as any known element is true, even if others are unknown. */
const anytrue: Impl = ([list]) => {
  if (isUnknown(list)) return dependsOn(list);
  let pending: Value | undefined;
  for (const [i, item] of asList(list!, 'list').entries()) {
    if (isUnknown(item)) pending ??= item;
    else if (item !== null && asBool(item, `element ${i}`)) return true;
  }
  return isUnknown(pending) ? dependsOn(pending) : false;
};

const chunklist: Impl = ([listValue, sizeValue]) => {
  if (isUnknown(listValue)) return dependsOn(listValue);
  if (isUnknown(sizeValue)) return dependsOn(sizeValue);
  const list = asList(listValue!, 'list');
  const size = asInteger(sizeValue!, 'size');
  if (size < 0) throw new FunctionError('the size argument must be positive');
  if (list.length === 0) return [];
  if (size === 0) return [list];
  const chunks: Value[] = [];
  for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
  return chunks;
};

/**
 * coalesce: the first argument that is neither null nor "". Reaching an unknown first makes the
 * result unknown; when that unknown is the last candidate the result can only be that value.
 */
const coalesce: Impl = (args) => {
  const hasString = args.some((arg) => typeof arg === 'string');
  for (const [i, arg] of args.entries()) {
    if (isUnknown(arg)) return i === args.length - 1 ? arg : dependsOn(arg);
    if (arg === null || arg === '') continue;
    // Terraform converts all arguments to one type first, so coalesce(1, "a") is "1".
    return hasString && (typeof arg === 'number' || typeof arg === 'boolean') ? asString(arg, `argument ${i + 1}`) : arg;
  }
  throw new FunctionError('no non-null, non-empty-string arguments');
};

const coalescelist: Impl = (args) => {
  for (const [i, arg] of args.entries()) {
    if (isUnknown(arg)) return i === args.length - 1 ? arg : dependsOn(arg);
    if (arg === null) continue;
    if (asList(arg, `argument ${i + 1}`).length > 0) return arg;
  }
  throw new FunctionError('no non-null arguments');
};

/**
 * An unknown element could be "" and make the result unknown, except a JSON encoding that only
 * has unknown parts inside (Unknown.partial): it is never empty, so it is kept, structure and all,
 * as terraform-aws-modules' `compact([cond ? data.x.json : "", ...])` of policy documents needs.
 */
const compact: Impl = ([list]) => {
  if (isUnknown(list)) return dependsOn(list);
  const items = asList(list!, 'list');
  const pending = items.find((item) => isUnknown(item) && item.partial === undefined);
  if (isUnknown(pending)) return dependsOn(pending);
  return items
    .filter((item) => item !== null && item !== '')
    .map((item, i) => (isUnknown(item) ? item : asString(item, `element ${i}`)));
};

const concat: Impl = (args) => {
  const out: Value[] = [];
  for (const [i, arg] of args.entries()) {
    if (isUnknown(arg)) return dependsOn(arg);
    out.push(...asList(arg, `argument ${i + 1}`));
  }
  return out;
};

/** contains: true if a known element equals the value; unknown only if an unknown element might. */
const contains: Impl = ([listValue, value]) => {
  if (isUnknown(listValue)) return dependsOn(listValue);
  if (listValue === null) throw new FunctionError('cannot search a nil list or set');
  const list = asList(listValue!, 'list');
  if (list.length === 0) return false;
  if (isUnknown(value)) return dependsOn(value);
  let pending: Value | undefined;
  for (const item of list) {
    const eq = valuesEqual(item, value!);
    if (eq === true) return true;
    if (eq !== false) pending ??= eq;
  }
  return isUnknown(pending) ? dependsOn(pending) : false;
};

const distinct: Impl = ([list]) => distinctValues(asList(list!, 'list'));

/** element: wraps around the end of the list, as Terraform does; the element is returned as-is. */
const element: Impl = ([listValue, indexValue]) => {
  if (isUnknown(indexValue)) return dependsOn(indexValue);
  const index = asInteger(indexValue!, 'index');
  if (index < 0) throw new FunctionError('cannot use element function with a negative index');
  if (isUnknown(listValue)) return dependsOn(listValue);
  const list = asList(listValue!, 'list');
  if (list.length === 0) throw new FunctionError('cannot use element function with an empty list');
  return list[index % list.length]!;
};

/**
 * flatten: splices nested lists in. An unknown element might itself be a list, so the result's
 * shape is unknown; unknowns inside objects are kept.
 */
const flatten: Impl = ([list]) => {
  if (isUnknown(list)) return dependsOn(list);
  const out: Value[] = [];
  const visit = (items: Value[]): Value | undefined => {
    for (const item of items) {
      if (isUnknown(item)) return dependsOn(item);
      if (Array.isArray(item)) {
        const pending = visit(item);
        if (pending) return pending;
      } else out.push(item);
    }
    return undefined;
  };
  return visit(asList(list!, 'list')) ?? out;
};

/** index: the position of the first equal element; an unknown met before it makes it unknown. */
const index: Impl = ([listValue, value]) => {
  if (isUnknown(listValue)) return dependsOn(listValue);
  if (isUnknown(value)) return dependsOn(value);
  for (const [i, item] of asList(listValue!, 'list').entries()) {
    const eq = valuesEqual(item, value!);
    if (eq === true) return i;
    if (eq !== false) return dependsOn(eq);
  }
  throw new FunctionError('item not found');
};

const one: Impl = ([listValue]) => {
  if (isUnknown(listValue)) return dependsOn(listValue);
  const list = asList(listValue!, 'list');
  if (list.length > 1) throw new FunctionError('must be a list, set, or tuple value with either zero or one elements');
  return list.length === 0 ? null : list[0]!;
};

/** range: 1024 elements at most, as Terraform limits it. */
const range: Impl = (args) => {
  const numbers = args.map((arg, i) => asNumber(arg, ['start', 'limit', 'step'][args.length === 1 ? 1 : i]!));
  const [start, end] = numbers.length === 1 ? [0, numbers[0]!] : [numbers[0]!, numbers[1]!];
  const step = numbers[2] ?? (end < start ? -1 : 1);
  if (step === 0) throw new FunctionError('step must not be zero');
  if (step < 0 && end > start) throw new FunctionError('end must be less than start when step is negative');
  if (step > 0 && end < start) throw new FunctionError('end must be greater than start when step is positive');
  const out: number[] = [];
  for (let n = start; step > 0 ? n < end : n > end; n += step) {
    if (out.length >= 1024) {
      throw new FunctionError(
        'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step',
      );
    }
    out.push(n);
  }
  return out;
};

const reverse: Impl = ([list]) => {
  if (isUnknown(list)) return dependsOn(list);
  return [...asList(list!, 'list')].reverse();
};

/**
 * slice: a list not known before apply (a data source's `names`, read by Terraform at plan but
 * not offline) still yields end - start elements whenever the slice succeeds at all, so a count
 * over `slice(data.aws_availability_zones.available.names, 0, 3)` is 3, each element unknown.
 */
const slice: Impl = ([listValue, startValue, endValue]) => {
  for (const arg of [startValue, endValue]) if (isUnknown(arg)) return dependsOn(arg);
  const start = asInteger(startValue!, 'start_index');
  const end = asInteger(endValue!, 'end_index');
  if (start < 0) throw new FunctionError('from index must be greater than or equal to 0');
  if (start > end) throw new FunctionError('from index must be less than or equal to index');
  // Past range()'s own bound, an unknown list's slice stays unknown rather than filling memory.
  if (isUnknown(listValue) && end - start > 1024) return dependsOn(listValue);
  if (isUnknown(listValue)) {
    const element = dependsOn(listValue);
    return Array.from({ length: end - start }, () => element);
  }
  const list = asList(listValue!, 'list');
  if (end > list.length) throw new FunctionError('to index must be less than or equal to the length of the input list');
  return list.slice(start, end);
};

/** sort: lexical order of strings; numbers are sorted as their string forms, as in Terraform. */
const sort: Impl = ([list]) =>
  asList(list!, 'list')
    .map((item, i) => asString(item, `element ${i}`))
    .sort(compareStrings);

const sum: Impl = ([listValue]) => {
  const list = asList(listValue!, 'list');
  if (list.length === 0) throw new FunctionError('cannot sum an empty list');
  return list.reduce<number>((total, item, i) => total + asNumber(item, `element ${i}`), 0);
};

export const COLLECTION_FUNCTIONS: Record<string, TerraformFunction> = {
  alltrue: define({ params: ['list'], handlesUnknowns: true }, alltrue),
  anytrue: define({ params: ['list'], handlesUnknowns: true }, anytrue),
  chunklist: define({ params: ['list', 'size'], handlesUnknowns: true }, chunklist),
  coalesce: define({ params: ['vals'], variadic: 'vals', handlesUnknowns: true }, coalesce),
  coalescelist: define({ params: ['vals'], variadic: 'vals', handlesUnknowns: true }, coalescelist),
  compact: define({ params: ['list'], handlesUnknowns: true }, compact),
  concat: define({ params: ['seqs'], variadic: 'seqs', handlesUnknowns: true }, concat),
  contains: define({ params: ['list', 'value'], handlesUnknowns: true }, contains),
  distinct: define({ params: ['list'] }, distinct),
  element: define({ params: ['list', 'index'], handlesUnknowns: true }, element),
  flatten: define({ params: ['list'], handlesUnknowns: true }, flatten),
  index: define({ params: ['list', 'value'], handlesUnknowns: true }, index),
  length: define({ params: ['value'], handlesUnknowns: true }, length),
  one: define({ params: ['list'], handlesUnknowns: true }, one),
  range: define({ params: ['start_or_limit'], optional: ['limit', 'step'] }, range),
  reverse: define({ params: ['list'], handlesUnknowns: true }, reverse),
  slice: define({ params: ['list', 'start_index', 'end_index'], handlesUnknowns: true }, slice),
  sort: define({ params: ['list'] }, sort),
  sum: define({ params: ['list'] }, sum),
};
