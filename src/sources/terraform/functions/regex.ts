import { findUnknown, isUnknown, isValueObject, unknown, type Unknown, type Value, type ValueObject } from '../../../model/value.js';
import { asString, define, dependsOn, firstUnknown, type Impl } from './support.js';
import { jsonencode, jsonText } from './encoding.js';
import { FunctionError, type TerraformFunction } from './types.js';

/**
 * regex, regexall and replace. Terraform patterns are RE2 (Go's regexp); they are translated to
 * an equivalent JS RegExp with the `u` flag, and matches are enumerated the way Go does, so
 * results agree with `terraform console` for the syntax both engines share. RE2 features JS
 * lacks (flag groups mid-pattern, negated POSIX classes, \C) are a FunctionError rather than a
 * silently different match.
 */

interface Compiled {
  /** Global, so matches can be enumerated from any position. */
  re: RegExp;
  groupCount: number;
  /** Capture group names in order, or empty when the groups are unnamed. */
  names: string[];
}

const cache = new Map<string, Compiled>();

export function compileRe2(pattern: string): Compiled {
  let compiled = cache.get(pattern);
  if (!compiled) {
    const { source, flags } = translate(pattern);
    let re: RegExp;
    try {
      re = new RegExp(source, `gu${flags}`);
    } catch (error) {
      throw new FunctionError(`invalid regular expression pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    }
    // An alternative that always matches reveals the groups without needing a matching input.
    const probe = new RegExp(`${source}|`, `u${flags}`).exec('')!;
    const names = Object.keys(probe.groups ?? {});
    const groupCount = probe.length - 1;
    if (names.length > 0 && names.length !== groupCount) {
      throw new FunctionError(`invalid regular expression pattern ${JSON.stringify(pattern)}: cannot mix named and unnamed capture groups`);
    }
    compiled = { re, groupCount, names };
    cache.set(pattern, compiled);
  }
  return compiled;
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

// RE2's \s is ASCII whitespace only; JS's is all of Unicode's.
const RE2_SPACE = '\\t\\n\\f\\r ';

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);

// Characters JS accepts after a backslash under the `u` flag.
const JS_ESCAPABLE = new Set('^$\\.*+?()[]{}|/');

function unsupported(pattern: string, what: string): FunctionError {
  return new FunctionError(`invalid regular expression pattern ${JSON.stringify(pattern)}: ${what}`);
}

function translate(pattern: string): { source: string; flags: string } {
  let flags = '';
  let i = 0;
  const leading = /^\(\?([imsU]+)\)/.exec(pattern);
  if (leading) {
    if (leading[1]!.includes('U')) throw unsupported(pattern, 'the U (ungreedy) flag is not supported');
    flags = [...new Set(leading[1])].join('');
    i = leading[0].length;
  }
  const dotAll = flags.includes('s');
  let out = '';
  let inClass = false;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const [text, consumed] = translateEscape(pattern, i, inClass);
      out += text;
      i += consumed;
      continue;
    }
    if (inClass) {
      if (ch === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const name = end < 0 ? undefined : pattern.slice(i + 2, end);
        const ranges = name === undefined ? undefined : POSIX_CLASSES[name];
        if (ranges) {
          out += ranges;
          i = end + 2;
          continue;
        }
        if (name?.startsWith('^')) throw unsupported(pattern, `negated POSIX class [:${name}:] is not supported`);
      }
      if (ch === ']') inClass = false;
      out += ch === '[' ? '\\[' : ch;
      i++;
      continue;
    }
    switch (ch) {
      case '[':
        inClass = true;
        out += '[';
        i++;
        if (pattern[i] === '^') {
          out += '^';
          i++;
        }
        // A "]" right after the opening bracket is a literal in RE2.
        if (pattern[i] === ']') {
          out += '\\]';
          i++;
        }
        continue;
      case '(': {
        const rest = pattern.slice(i);
        if (rest.startsWith('(?P<')) {
          out += '(?<';
          i += 4;
        } else if (rest.startsWith('(?:') || /^\(\?<\w/.test(rest)) {
          out += rest.slice(0, 3);
          i += 3;
        } else if (rest.startsWith('(?')) {
          throw unsupported(pattern, 'flag groups are supported only at the start of the pattern, and lookarounds not at all');
        } else {
          out += '(';
          i++;
        }
        continue;
      }
      case '{': {
        // RE2 reads a brace that does not form a repetition as a literal; JS (with `u`) rejects it.
        const repeat = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i));
        out += repeat ? repeat[0] : '\\{';
        i += repeat ? repeat[0].length : 1;
        continue;
      }
      case '}':
      case ']':
        out += `\\${ch}`;
        i++;
        continue;
      case '.':
        // RE2's dot excludes only \n; JS's also excludes \r, U+2028 and U+2029.
        out += dotAll ? '.' : '[^\\n]';
        i++;
        continue;
      default:
        out += ch;
        i++;
    }
  }
  if (inClass) throw unsupported(pattern, 'missing closing ]');
  return { source: out, flags };
}

/** Translates the escape at `pattern[at]` (a backslash); returns the JS text and the length consumed. */
function translateEscape(pattern: string, at: number, inClass: boolean): [string, number] {
  const c = pattern[at + 1];
  if (c === undefined) throw unsupported(pattern, 'trailing backslash at end of expression');
  switch (c) {
    case 'A':
      return ['(?<![\\s\\S])', 2];
    case 'z':
      return ['(?![\\s\\S])', 2];
    case 'a':
      return ['\\x07', 2];
    case 's':
      return [inClass ? RE2_SPACE : `[${RE2_SPACE}]`, 2];
    case 'S':
      return [inClass ? '\\S' : `[^${RE2_SPACE}]`, 2];
    case 'd': case 'D': case 'w': case 'W': case 'b': case 'B': case 'f': case 'n': case 'r': case 't': case 'v':
      return [`\\${c}`, 2];
    case 'Q': {
      const end = pattern.indexOf('\\E', at + 2);
      const literal = pattern.slice(at + 2, end < 0 ? undefined : end);
      const text = Array.from(literal, (ch) => (/[\p{L}\p{N}\s]/u.test(ch) ? ch : `\\u{${ch.codePointAt(0)!.toString(16)}}`)).join('');
      return [text, end < 0 ? pattern.length - at : end + 2 - at];
    }
    case 'x': {
      const braced = /^\\x\{([0-9A-Fa-f]+)\}/.exec(pattern.slice(at));
      if (braced) return [`\\u{${braced[1]}}`, braced[0].length];
      const short = /^\\x[0-9A-Fa-f]{2}/.exec(pattern.slice(at));
      if (short) return [short[0], 4];
      throw unsupported(pattern, 'invalid \\x escape');
    }
    case 'p':
    case 'P': {
      const match = /^\\[pP](?:\{(\^?)(\w+)\}|(\w))/.exec(pattern.slice(at));
      if (!match) throw unsupported(pattern, `invalid character class escape \\${c}`);
      const negated = (c === 'P') !== (match[1] === '^');
      const name = match[2] ?? match[3]!;
      const property = GENERAL_CATEGORIES.has(name) || name === 'Any' ? name : `Script=${name}`;
      return [`\\${negated ? 'P' : 'p'}{${property}}`, match[0].length];
    }
    default:
      break;
  }
  if (/[0-7]/.test(c)) {
    // RE2 reads \0 and two- or three-digit forms as octal; a lone \1-\7 would be a backreference.
    const octal = /^\\(0[0-7]{0,2}|[1-7][0-7]{1,2})/.exec(pattern.slice(at));
    if (octal) return [`\\u{${parseInt(octal[1]!, 8).toString(16)}}`, octal[0].length];
  }
  if (/[0-9A-Za-z]/.test(c)) throw unsupported(pattern, `invalid or unsupported escape \\${c}`);
  if (c.codePointAt(0)! > 0x7f) throw unsupported(pattern, `invalid escape \\${c}`);
  // RE2 lets any ASCII punctuation be escaped; JS only some, so spell the others by code point.
  return [JS_ESCAPABLE.has(c) || (inClass && c === '-') ? `\\${c}` : `\\u{${c.codePointAt(0)!.toString(16)}}`, 2];
}

/**
 * All matches, as Go enumerates them: after an empty match the search moves on one character,
 * and an empty match right where the previous match ended is skipped.
 */
function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let pos = 0;
  let previousEnd = -1;
  while (pos <= text.length) {
    re.lastIndex = pos;
    const match = re.exec(text);
    if (!match) break;
    const end = match.index + match[0].length;
    let accept = true;
    if (end === pos) {
      if (match.index === previousEnd) accept = false;
      pos += pos < text.length && text.codePointAt(pos)! > 0xffff ? 2 : 1;
    } else {
      pos = end;
    }
    previousEnd = end;
    if (accept) out.push(match);
  }
  return out;
}

/** A match as Terraform returns it: the string, a list of groups, or an object of named groups. */
function matchResult(compiled: Compiled, match: RegExpExecArray): Value {
  if (compiled.groupCount === 0) return match[0];
  if (compiled.names.length > 0) {
    return Object.fromEntries(compiled.names.map((name) => [name, match.groups?.[name] ?? null]));
  }
  return match.slice(1).map((group) => group ?? null);
}

const regex: Impl = ([patternValue, text]) => {
  const compiled = compileRe2(asString(patternValue!, 'pattern'));
  const [first] = allMatches(compiled.re, asString(text!, 'string'));
  if (!first) throw new FunctionError('pattern did not match any part of the given string');
  return matchResult(compiled, first);
};

const regexall: Impl = ([patternValue, text]) => {
  const compiled = compileRe2(asString(patternValue!, 'pattern'));
  return allMatches(compiled.re, asString(text!, 'string')).map((match) => matchResult(compiled, match));
};

/** replace: a substring, or a regex when wrapped in slashes ("/\\d+/"), with $1 / ${name} in the replacement. */
const replace: Impl = ([textValue, searchValue, replacementValue]) => {
  const text = asString(textValue!, 'str');
  const search = asString(searchValue!, 'substr');
  const replacement = asString(replacementValue!, 'replace');
  if (!(search.length > 1 && search.startsWith('/') && search.endsWith('/'))) {
    // Go's strings.Replace: an empty search string matches before and after every character.
    if (search === '') return text === '' ? replacement : replacement + Array.from(text).join(replacement) + replacement;
    // split/join, unlike String.replaceAll, gives "$" no meaning in the replacement.
    return text.split(search).join(replacement);
  }
  const compiled = compileRe2(search.slice(1, -1));
  let out = '';
  let last = 0;
  for (const match of allMatches(compiled.re, text)) {
    out += text.slice(last, match.index) + expand(replacement, match);
    last = match.index + match[0].length;
  }
  return out + text.slice(last);
};

/** No character JSON escapes: such a substring is written the same inside a JSON string as in the decoded string. */
const JSON_PLAIN = /^[^"\\<>&\u0000-\u001f\u2028\u2029]*$/;

const isRegexSearch = (search: string): boolean => search.length > 1 && search.startsWith('/') && search.endsWith('/');

/**
 * replace with unknowns. A text that does not contain the substring is returned as it is, whatever
 * the replacement. A JSON document (known, or an unknown encoding that carries its structure) with
 * a plain substring is replaced in its strings, so terraform-aws-modules' policy placeholders
 * (`replace(data.x.json, "_S3_BUCKET_ARN_", aws_s3_bucket.this[0].arn)`) leave the rest of the
 * policy readable; the strings that held the placeholder become unknown, keeping the origin.
 * Anything else depends on the unknown, as in Terraform.
 */
const replaceWithUnknowns: Impl = (args, ctx) => {
  const pending = firstUnknown(args);
  if (!pending) return replace(args, ctx);
  const [text, search, replacement] = args as [Value, Value, Value];
  const plainSearch = typeof search === 'string' && search !== '' && !isRegexSearch(search) && JSON_PLAIN.test(search);
  const plainReplacement = isUnknown(replacement) ? findUnknown(replacement) === replacement : typeof replacement === 'string' && JSON_PLAIN.test(replacement);
  if (!plainSearch || !plainReplacement) return dependsOn(pending);
  let structure: Value | undefined;
  if (typeof text === 'string') {
    if (!text.includes(search)) return text;
    structure = parseJsonDocument(text);
  } else if (isUnknown(text)) {
    structure = text.partial;
  }
  if (structure === undefined) return dependsOn(pending);
  // Only when every occurrence is inside a string or key: `replace(jsonencode({a = 1}), "1", x)`
  // changes the document's number, which no replacement in its strings can stand for.
  if (occurrencesInText(structure, search) !== occurrencesInStrings(structure, search)) return dependsOn(pending);
  const replaced = replaceInStrings(structure, search, replacement as string | Unknown);
  if (isUnknown(replaced)) return replaced;
  return jsonencode(replaced);
};

const occurrences = (text: string, search: string): number => text.split(search).length - 1;

/**
 * Occurrences in the document's JSON text, its unknown parts written as "". A plain search never
 * contains a character JSON escapes, so escapes only ever add occurrences (`n` in `\n`), never hide one.
 */
function occurrencesInText(structure: Value, search: string): number {
  const blankUnknowns = (value: Value): Value => {
    if (isUnknown(value)) return '';
    if (Array.isArray(value)) return value.map(blankUnknowns);
    if (!isValueObject(value)) return value;
    const out: ValueObject = {};
    for (const key of Object.keys(value)) out[key] = blankUnknowns(value[key]!);
    return out;
  };
  return occurrences(jsonText(blankUnknowns(structure)), search);
}

/** Occurrences in the document's strings and keys. */
function occurrencesInStrings(value: Value, search: string): number {
  if (typeof value === 'string') return occurrences(value, search);
  if (Array.isArray(value)) return value.reduce<number>((n, item) => n + occurrencesInStrings(item, search), 0);
  if (!isValueObject(value)) return 0;
  let n = 0;
  for (const key of Object.keys(value)) n += occurrences(key, search) + occurrencesInStrings(value[key]!, search);
  return n;
}

function parseJsonDocument(text: string): Value | undefined {
  try {
    const parsed = JSON.parse(text) as Value;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function replaceInStrings(value: Value, search: string, replacement: string | Unknown): Value {
  if (typeof value === 'string') {
    if (!value.includes(search)) return value;
    if (typeof replacement === 'string') return value.split(search).join(replacement);
    return unknown(`part of the string is not known before apply (${replacement.reason})`, replacement.origin);
  }
  if (Array.isArray(value)) return value.map((item) => replaceInStrings(item, search, replacement));
  if (!isValueObject(value)) return value;
  const out: ValueObject = {};
  for (const key of Object.keys(value)) {
    if (key.includes(search)) {
      if (isUnknown(replacement)) return dependsOn(replacement);
      out[key.split(search).join(replacement)] = replaceInStrings(value[key]!, search, replacement);
    } else {
      out[key] = replaceInStrings(value[key]!, search, replacement);
    }
  }
  return out;
}

/**
 * Go's Regexp.Expand: $$ is a dollar; $name or ${name} is a group by number or name, the longest
 * run of letters, digits and underscores ("$1x" is group "1x", hence empty); a group that does not
 * exist expands to nothing; a $ not followed by a name stays as it is.
 */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))?/gu, (whole, dollar, braced, bare) => {
    if (dollar === '$') return '$';
    const name: string | undefined = braced ?? bare;
    if (name === undefined) return whole;
    if (/^\d+$/.test(name)) return name.length > 1 && name.startsWith('0') ? '' : (match[Number(name)] ?? '');
    return match.groups?.[name] ?? '';
  });
}

export const REGEX_FUNCTIONS: Record<string, TerraformFunction> = {
  regex: define({ params: ['pattern', 'string'] }, regex),
  regexall: define({ params: ['pattern', 'string'] }, regexall),
  replace: define({ params: ['str', 'substr', 'replace'], handlesUnknowns: true }, replaceWithUnknowns),
};
