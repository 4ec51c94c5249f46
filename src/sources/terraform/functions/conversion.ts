import { findUnknown, isUnknown, isValueObject, type Value, type ValueObject } from '../../../model/value.js';
import { asSet, define, dependsOn, type Impl, numberToString, parseDecimal, typeName, unifyPrimitives } from './support.js';
import { FunctionError, type TerraformFunction } from './types.js';

/**
 * Explicit type conversions. Converting an unknown gives back the same unknown (it is still the
 * same value, just of the wanted type), and null converts to null, as in Terraform.
 */

const cannot = (value: Value, target: string, hint = '') =>
  new FunctionError(`cannot convert ${typeof value === 'string' ? JSON.stringify(value) : typeName(value)} to ${target}${hint}`);

const tostring: Impl = ([value]) => {
  if (value === null || isUnknown(value) || typeof value === 'string') return value!;
  if (typeof value === 'number') return numberToString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw cannot(value!, 'string');
};

const tonumber: Impl = ([value]) => {
  if (value === null || isUnknown(value) || typeof value === 'number') return value!;
  const parsed = typeof value === 'string' ? parseDecimal(value) : undefined;
  if (parsed === undefined) throw cannot(value!, 'number', typeof value === 'string' ? '; given string must be a decimal representation of a number' : '');
  return parsed;
};

const tobool: Impl = ([value]) => {
  if (value === null || isUnknown(value) || typeof value === 'boolean') return value!;
  if (value === 'true' || value === 'false') return value === 'true';
  throw cannot(value!, 'bool', typeof value === 'string' ? '; only the strings "true" or "false" are allowed' : '');
};

/** tolist: element types are unified (["a", 1] becomes ["a", "1"]); unknown elements stay. */
const tolist: Impl = ([value]) => {
  if (value === null || isUnknown(value)) return value!;
  if (!Array.isArray(value)) throw cannot(value!, 'list');
  return unifyPrimitives(value, 'the list');
};

/** toset: distinct elements in Terraform's set order (strings sorted lexically). */
const toset: Impl = ([value]) => {
  if (value === null || isUnknown(value)) return value!;
  if (!Array.isArray(value)) throw cannot(value!, 'set');
  // Deduplicating needs every element's value.
  const pending = findUnknown(value);
  if (pending) return dependsOn(pending);
  return asSet(value, 'the set');
};

/** tomap: member types are unified like tolist's elements. */
const tomap: Impl = ([value]) => {
  if (value === null || isUnknown(value)) return value!;
  if (!isValueObject(value)) throw cannot(value!, 'map');
  const keys = Object.keys(value);
  const unified = unifyPrimitives(
    keys.map((key) => value[key]!),
    'the map',
  );
  return Object.fromEntries(keys.map((key, i) => [key, unified[i]!])) as ValueObject;
};

const conversion = (impl: Impl) => define({ params: ['v'], handlesUnknowns: true }, impl);

export const CONVERSION_FUNCTIONS: Record<string, TerraformFunction> = {
  tobool: conversion(tobool),
  tolist: conversion(tolist),
  tomap: conversion(tomap),
  tonumber: conversion(tonumber),
  toset: conversion(toset),
  tostring: conversion(tostring),
};
