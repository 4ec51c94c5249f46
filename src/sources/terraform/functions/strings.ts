import { asInteger, asList, asString, define, graphemes, type Impl } from './support.js';
import { FunctionError, type TerraformFunction } from './types.js';

/**
 * String functions. Terraform counts and slices strings by grapheme cluster, and changes case one
 * code point at a time (Go's unicode.ToUpper), so "ß" stays "ß" rather than becoming "SS".
 */

/** Applies a one-to-one case mapping per code point; multi-character mappings are left alone. */
const mapCase = (text: string, convert: (ch: string) => string) =>
  Array.from(text, (ch) => {
    const mapped = convert(ch);
    return Array.from(mapped).length === 1 ? mapped : ch;
  }).join('');

// Go's unicode.IsSpace: the White_Space characters, which is not quite JS's \s (no U+FEFF).
const SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const EDGE_SPACE = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'gu');
const IS_SPACE = new RegExp(`^[${SPACE}]$`, 'u');

/** Go's strings.Title: a letter is capitalized after anything but a letter, digit or underscore... */
function title(text: string): string {
  let previous = ' ';
  return Array.from(text, (ch) => {
    const out = isWordSeparator(previous) ? mapCase(ch, (c) => c.toUpperCase()) : ch;
    previous = ch;
    return out;
  }).join('');
}

/** ...where non-ASCII symbols other than spaces do not separate words. */
function isWordSeparator(ch: string): boolean {
  if (ch.codePointAt(0)! <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return IS_SPACE.test(ch);
}

const join: Impl = ([separator, ...lists]) => {
  const sep = asString(separator!, 'separator');
  const items: string[] = [];
  for (const [i, list] of lists.entries()) {
    for (const [j, item] of asList(list, `list ${i + 1}`).entries()) {
      if (item === null) throw new FunctionError(`element ${j} of list ${i + 1} is null; cannot concatenate null values`);
      items.push(asString(item, `element ${j} of list ${i + 1}`));
    }
  }
  return items.join(sep);
};

/** split: an empty separator splits into characters, as Go's strings.Split does (by code point). */
const split: Impl = ([separator, text]) => {
  const sep = asString(separator!, 'separator');
  const value = asString(text!, 'str');
  return sep === '' ? Array.from(value) : value.split(sep);
};

/** substr: offset and length in characters; a negative offset counts from the end, length -1 means the rest. */
const substr: Impl = ([text, offsetValue, lengthValue]) => {
  const chars = graphemes(asString(text!, 'str'));
  let offset = asInteger(offsetValue!, 'offset');
  const length = asInteger(lengthValue!, 'length');
  if (offset < 0) offset = Math.max(chars.length + offset, 0);
  return chars.slice(offset, length < 0 ? undefined : offset + length).join('');
};

/** trim: removes any of the cutset's characters from both ends. */
const trim: Impl = ([text, cutsetValue]) => {
  const chars = Array.from(asString(text!, 'str'));
  const cutset = new Set(Array.from(asString(cutsetValue!, 'cutset')));
  let start = 0;
  let end = chars.length;
  while (start < end && cutset.has(chars[start]!)) start++;
  while (end > start && cutset.has(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
};

const trimprefix: Impl = ([text, prefixValue]) => {
  const value = asString(text!, 'str');
  const prefix = asString(prefixValue!, 'prefix');
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
};

const trimsuffix: Impl = ([text, suffixValue]) => {
  const value = asString(text!, 'str');
  const suffix = asString(suffixValue!, 'suffix');
  return suffix !== '' && value.endsWith(suffix) ? value.slice(0, -suffix.length) : value;
};

/** indent: every line but the first gets the padding, as Terraform's (a trailing newline too). */
const indent: Impl = ([spacesValue, text]) => {
  const spaces = asInteger(spacesValue!, 'spaces');
  return asString(text!, 'str').replaceAll('\n', `\n${' '.repeat(Math.max(spaces, 0))}`);
};

const stringFn = (op: (text: string) => string) => define({ params: ['str'] }, ([text]) => op(asString(text!, 'str')));

const test = (op: (text: string, other: string) => boolean, otherName: string) =>
  define({ params: ['str', otherName] }, ([text, other]) => op(asString(text!, 'str'), asString(other!, otherName)));

export const STRING_FUNCTIONS: Record<string, TerraformFunction> = {
  chomp: stringFn((text) => text.replace(/(?:\r\n?|\n)+$/, '')),
  endswith: test((text, suffix) => text.endsWith(suffix), 'suffix'),
  indent: define({ params: ['spaces', 'str'] }, indent),
  join: define({ params: ['separator', 'list'], variadic: 'lists' }, join),
  lower: stringFn((text) => mapCase(text, (ch) => ch.toLowerCase())),
  split: define({ params: ['separator', 'str'] }, split),
  startswith: test((text, prefix) => text.startsWith(prefix), 'prefix'),
  strcontains: test((text, sub) => text.includes(sub), 'substr'),
  strrev: stringFn((text) => graphemes(text).reverse().join('')),
  substr: define({ params: ['str', 'offset', 'length'] }, substr),
  title: stringFn(title),
  trim: define({ params: ['str', 'cutset'] }, trim),
  trimprefix: define({ params: ['str', 'prefix'] }, trimprefix),
  trimspace: stringFn((text) => text.replace(EDGE_SPACE, '')),
  trimsuffix: define({ params: ['str', 'suffix'] }, trimsuffix),
  upper: stringFn((text) => mapCase(text, (ch) => ch.toUpperCase())),
};
