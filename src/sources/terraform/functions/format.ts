import { isUnknown, type Value } from '../../../model/value.js';
import { jsonText } from './encoding.js';
import {
  asBool,
  asNumber,
  asString,
  decimalDigits,
  define,
  dependsOn,
  firstUnknown,
  graphemes,
  type Impl,
  keptIfEvenTie,
  plainNotation,
} from './support.js';
import { FunctionError, type TerraformFunction } from './types.js';

/**
 * format() and formatlist(): printf-style verbs with the meanings Terraform gives them (cty's
 * format), which differ from C and Go in places: %v prints strings bare and collections as JSON,
 * widths count characters rather than bytes, and unused arguments are an error.
 */

interface Verb {
  raw: string;
  offset: number;
  argNum: number;
  mode: string;
  zero: boolean;
  sharp: boolean;
  plus: boolean;
  minus: boolean;
  space: boolean;
  width?: number;
  precision?: number;
}

export function formatString(spec: string, args: Value[]): string {
  let out = '';
  let nextArg = 1;
  let highestArg = 0;
  let i = 0;
  while (i < spec.length) {
    const ch = spec[i]!;
    if (ch !== '%') {
      out += ch;
      i++;
      continue;
    }
    if (spec[i + 1] === '%') {
      out += '%';
      i += 2;
      continue;
    }
    const verb = parseVerb(spec, i, nextArg);
    i += verb.raw.length;
    nextArg = verb.argNum + 1;
    highestArg = Math.max(highestArg, verb.argNum);
    if (verb.argNum > args.length) {
      throw new FunctionError(
        `not enough arguments for "${verb.raw}" at ${verb.offset}: need index ${verb.argNum} but have ${args.length} total`,
      );
    }
    out += formatOne(verb, args[verb.argNum - 1]!);
  }
  if (highestArg < args.length) {
    throw new FunctionError(
      highestArg === 0
        ? 'too many arguments; no verbs in format string'
        : `too many arguments; only ${highestArg} used by format string`,
    );
  }
  return out;
}

// %[flags][[argument index]][width][.precision]verb
const VERB = /^%([ #+\-0]*)(?:\[(\d+)\])?(\d*)(?:\.(\d*))?([A-Za-z])?/;

function parseVerb(spec: string, offset: number, nextArg: number): Verb {
  const match = VERB.exec(spec.slice(offset))!;
  const [raw, flags = '', index, width = '', precision, mode] = match;
  if (!mode) {
    const bad = spec[offset + raw.length];
    throw new FunctionError(
      bad === undefined
        ? `format string ends in an incomplete verb "${raw}" at offset ${offset}`
        : `unrecognized format character ${JSON.stringify(bad)} at offset ${offset + raw.length}`,
    );
  }
  if (precision === '') throw new FunctionError(`a period in "${raw}" at offset ${offset} must be followed by a precision`);
  if (index !== undefined && Number(index) < 1) throw new FunctionError(`argument index in "${raw}" must be at least 1`);
  return {
    raw,
    offset,
    argNum: index === undefined ? nextArg : Number(index),
    mode,
    zero: flags.includes('0'),
    sharp: flags.includes('#'),
    plus: flags.includes('+'),
    minus: flags.includes('-'),
    space: flags.includes(' '),
    width: width === '' ? undefined : Number(width),
    precision: precision === undefined ? undefined : Number(precision),
  };
}

function formatOne(verb: Verb, arg: Value): string {
  if (verb.mode !== 'v' && arg === null) {
    throw new FunctionError(`unsupported value for "${verb.raw}" at ${verb.offset}: null value cannot be formatted`);
  }
  const label = `the value for "${verb.raw}" at ${verb.offset}`;
  switch (verb.mode) {
    case 'v':
      if (!verb.sharp && typeof arg === 'string') return padWidth(verb, arg);
      if (!verb.sharp && typeof arg === 'number') return padWidth(verb, formatG(arg, -1, false));
      return padWidth(verb, jsonText(arg));
    case 't':
      // Terraform applies no width to %t.
      return asBool(arg, label) ? 'true' : 'false';
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
      return formatInteger(verb, asNumber(arg, label));
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatFloat(verb, asNumber(arg, label));
    case 's':
    case 'q': {
      let text = asString(arg, label);
      if (verb.precision !== undefined && verb.precision > 0) text = graphemes(text).slice(0, verb.precision).join('');
      return padWidth(verb, verb.mode === 'q' ? jsonText(text) : text);
    }
    default:
      throw new FunctionError(`unsupported format verb "${verb.mode}" in "${verb.raw}" at offset ${verb.offset}`);
  }
}

/** Widths of %s, %q and %v count characters (grapheme clusters), as Terraform does. */
function padWidth(verb: Verb, text: string): string {
  const pad = (verb.width ?? 0) - graphemes(text).length;
  if (pad <= 0) return text;
  const padding = (verb.zero ? '0' : ' ').repeat(pad);
  return verb.minus ? text + padding : padding + text;
}

/** Go's big.Int formatting: [left pad][sign][prefix][zero pad][digits][right pad]. */
function formatInteger(verb: Verb, value: number): string {
  if (!Number.isInteger(value)) {
    throw new FunctionError(`unsupported value for "${verb.raw}" at ${verb.offset}: an integer is required`);
  }
  const base = { b: 2, o: 8, d: 10, x: 16, X: 16 }[verb.mode]!;
  let digits = BigInt(Math.abs(value)).toString(base);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  const sign = value < 0 ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const prefix = verb.sharp ? ({ b: '0b', o: '0', x: '0x', X: '0X' }[verb.mode] ?? '') : '';
  let zeros = 0;
  if (verb.precision !== undefined) {
    if (digits.length < verb.precision) zeros = verb.precision - digits.length;
    else if (digits === '0' && verb.precision === 0) return ' '.repeat(verb.width ?? 0);
  }
  const pad = (verb.width ?? 0) - (sign.length + prefix.length + zeros + digits.length);
  let left = 0;
  let right = 0;
  if (pad > 0) {
    if (verb.minus) right = pad;
    else if (verb.zero && verb.precision === undefined) zeros = pad;
    else left = pad;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

/** Go's big.Float formatting for %e %f %g: the text, then a sign and padding around it. */
function formatFloat(verb: Verb, value: number): string {
  const upper = verb.mode === 'E' || verb.mode === 'G';
  let body: string;
  if (verb.mode === 'f') body = formatF(Math.abs(value), verb.precision ?? 6);
  else if (verb.mode === 'e' || verb.mode === 'E') body = formatE(Math.abs(value), verb.precision ?? 6, upper);
  else body = formatG(Math.abs(value), verb.precision ?? -1, upper);
  const sign = value < 0 ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const pad = Math.max((verb.width ?? 0) - sign.length - body.length, 0);
  if (verb.zero) return sign + '0'.repeat(pad) + body;
  if (verb.minus) return sign + body + ' '.repeat(pad);
  return ' '.repeat(pad) + sign + body;
}

function formatF(value: number, decimals: number): string {
  if (value >= 1e21) {
    // toFixed switches to exponent form from 1e21; such numbers are whole, so only zeros follow.
    const { digits, point } = decimalDigits(value);
    return plainNotation(digits, point, decimals);
  }
  const rounded = value.toFixed(Math.min(decimals, 100));
  if (decimals >= 100) return rounded;
  // toFixed rounds halfway cases up; Go rounds them to even (%.0f of 2.5 is "2").
  const exact = value.toFixed(100);
  const point = exact.indexOf('.');
  const [kept] = keptIfEvenTie(exact.slice(0, point) + exact.slice(point + 1), point + decimals);
  if (kept === undefined) return rounded;
  return decimals === 0 ? kept : `${kept.slice(0, point)}.${kept.slice(point)}`;
}

function formatE(value: number, decimals: number, upper: boolean): string {
  const { digits, point } = decimalDigits(value, decimals + 1);
  return exponentForm(digits, point, decimals, upper);
}

/**
 * %g: exponent form when the exponent is below -4 or at least the precision, else plain; with
 * no precision, the shortest digits and a threshold of 6 (Go's rule, so 1234567 is 1.234567e+06).
 */
export function formatG(value: number, precision: number, upper: boolean): string {
  const shortest = precision < 0;
  const { negative, digits, point } = decimalDigits(value, shortest ? undefined : Math.max(precision, 1));
  const sign = negative ? '-' : '';
  let prec = shortest ? digits.length : Math.max(precision, 1);
  let eprec = prec;
  if (eprec > digits.length && digits.length >= point) eprec = digits.length;
  if (shortest) eprec = 6;
  const exp = point - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > digits.length) prec = digits.length;
    return sign + exponentForm(digits, point, prec - 1, upper);
  }
  if (prec > point) prec = digits.length;
  return sign + plainNotation(digits, point, Math.max(prec - point, 0));
}

/** d.ddd e±XX with exactly `decimals` fraction digits and at least two exponent digits. */
function exponentForm(digits: string, point: number, decimals: number, upper: boolean): string {
  const all = (digits || '0').padEnd(decimals + 1, '0');
  const exp = digits ? point - 1 : 0;
  const mantissa = decimals > 0 ? `${all[0]}.${all.slice(1, decimals + 1)}` : all[0]!;
  const expText = String(Math.abs(exp)).padStart(2, '0');
  return `${mantissa}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${expText}`;
}

const format: Impl = ([spec, ...args]) => formatString(asString(spec!, 'format'), args);

/**
 * formatlist: list arguments are iterated together (all the same length), other arguments repeat.
 * One unknown element makes only that result element unknown.
 */
const formatlist: Impl = ([specValue, ...args]) => {
  if (isUnknown(specValue)) return dependsOn(specValue);
  const spec = asString(specValue!, 'format');
  if (args.length === 0) return [formatString(spec, [])];
  let length = -1;
  let lengthFrom = -1;
  for (const [i, arg] of args.entries()) {
    if (isUnknown(arg)) return dependsOn(arg);
    if (!Array.isArray(arg)) continue;
    if (length === -1) {
      length = arg.length;
      lengthFrom = i;
    } else if (arg.length !== length) {
      throw new FunctionError(
        `argument ${i + 1} has length ${arg.length}, which is inconsistent with argument ${lengthFrom + 1} of length ${length}`,
      );
    }
  }
  const rows = length === -1 ? 1 : length;
  const out: Value[] = [];
  for (let row = 0; row < rows; row++) {
    const rowArgs = args.map((arg) => (Array.isArray(arg) ? arg[row]! : arg));
    const pending = firstUnknown(rowArgs);
    out.push(pending ? dependsOn(pending) : formatString(spec, rowArgs));
  }
  return out;
};

export const FORMAT_FUNCTIONS: Record<string, TerraformFunction> = {
  format: define({ params: ['format'], variadic: 'args' }, format),
  formatlist: define({ params: ['format'], variadic: 'args', handlesUnknowns: true }, formatlist),
};
