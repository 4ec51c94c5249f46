import { asInteger, asNumber, asString, define, type Impl } from './support.js';
import { FunctionError, type TerraformFunction } from './types.js';

/** Arithmetic functions. Terraform numbers are arbitrary-precision; here they are JS doubles. */

// Normalizes -0 (from ceil(-0.5), say): Terraform has no negative zero.
const unary = (op: (n: number) => number) =>
  define({ params: ['num'] }, ([n]) => {
    const result = op(asNumber(n!, 'num'));
    return result === 0 ? 0 : result;
  });

const extreme = (pick: (...n: number[]) => number): Impl => (args) => {
  if (args.length === 0) throw new FunctionError('must pass at least one number');
  return pick(...args.map((arg, i) => asNumber(arg, `argument ${i + 1}`)));
};

// Digits of base 62 in Go's order: 0-9, a-z, A-Z. Bases up to 36 ignore case.
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** parseint: Go's big.Int parsing, with no prefixes (0x) or underscores. */
const parseint: Impl = ([numberValue, baseValue]) => {
  const text = asString(numberValue!, 'number');
  const base = asInteger(baseValue!, 'base');
  if (base < 2 || base > 62) throw new FunctionError('base must be a whole number between 2 and 62 inclusive');
  const bad = () => new FunctionError(`cannot parse ${JSON.stringify(text)} as a base ${base} integer`);
  const sign = text.startsWith('-') ? -1n : 1n;
  const digits = /^[+-]/.test(text) ? text.slice(1) : text;
  if (digits === '') throw bad();
  let result = 0n;
  for (const ch of digits) {
    const digit = DIGITS.indexOf(base <= 36 ? ch.toLowerCase() : ch);
    if (digit < 0 || digit >= base) throw bad();
    result = result * BigInt(base) + BigInt(digit);
  }
  return Number(sign * result);
};

const log: Impl = ([num, base]) => Math.log(asNumber(num!, 'num')) / Math.log(asNumber(base!, 'base'));

const pow: Impl = ([num, power]) => Math.pow(asNumber(num!, 'num'), asNumber(power!, 'power'));

export const NUMERIC_FUNCTIONS: Record<string, TerraformFunction> = {
  abs: unary(Math.abs),
  ceil: unary(Math.ceil),
  floor: unary(Math.floor),
  log: define({ params: ['num', 'base'] }, log),
  max: define({ params: [], variadic: 'numbers' }, extreme(Math.max)),
  min: define({ params: [], variadic: 'numbers' }, extreme(Math.min)),
  parseint: define({ params: ['number', 'base'] }, parseint),
  pow: define({ params: ['num', 'power'] }, pow),
  signum: unary(Math.sign),
};
