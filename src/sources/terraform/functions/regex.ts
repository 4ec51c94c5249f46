import { findUnknown, isUnknown, isValueObject, unknown, type Unknown, type Value, type ValueObject } from '../../../model/value.js';
import { asString, define, dependsOn, firstUnknown, type Impl } from './support.js';
import { jsonencode, jsonText } from './encoding.js';
import { FunctionError, type TerraformFunction } from './types.js';
import { compilePattern, findAll, PatternError, type Pattern, type PatternMatch } from '../../../model/pattern.js';

/**
 * regex, regexall and replace. Terraform patterns are RE2 (Go's regexp), and they run on RE2 here
 * too (re2js, see model/pattern.ts): linear time whatever the pattern, the same syntax, and
 * matches enumerated the way Go does, so results agree with `terraform console`.
 */

function compileRe2(pattern: string): Pattern {
  let compiled: Pattern;
  try {
    compiled = compilePattern(pattern);
  } catch (error) {
    if (error instanceof PatternError) throw new FunctionError(`invalid regular expression pattern ${JSON.stringify(pattern)}: ${error.message}`);
    throw error;
  }
  if (compiled.names.length > 0 && compiled.names.length !== compiled.groupCount) {
    throw new FunctionError(`invalid regular expression pattern ${JSON.stringify(pattern)}: cannot mix named and unnamed capture groups`);
  }
  return compiled;
}

/** A match as Terraform returns it: the string, a list of groups, or an object of named groups. */
function matchResult(compiled: Pattern, match: PatternMatch): Value {
  if (compiled.groupCount === 0) return match.text;
  if (compiled.names.length > 0) {
    const out: ValueObject = {};
    for (const name of compiled.names) out[name] = match.named[name] ?? null;
    return out;
  }
  return match.groups.slice();
}

const regex: Impl = ([patternValue, text]) => {
  const compiled = compileRe2(asString(patternValue!, 'pattern'));
  const [first] = findAll(compiled, asString(text!, 'string'), 1);
  if (!first) throw new FunctionError('pattern did not match any part of the given string');
  return matchResult(compiled, first);
};

const regexall: Impl = ([patternValue, text]) => {
  const compiled = compileRe2(asString(patternValue!, 'pattern'));
  return findAll(compiled, asString(text!, 'string')).map((match) => matchResult(compiled, match));
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
  for (const match of findAll(compiled, text)) {
    out += text.slice(last, match.index) + expand(replacement, match);
    last = match.end;
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
function expand(template: string, match: PatternMatch): string {
  return template.replace(/\$(\$|\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))?/gu, (whole, dollar, braced, bare) => {
    if (dollar === '$') return '$';
    const name: string | undefined = braced ?? bare;
    if (name === undefined) return whole;
    if (/^\d+$/.test(name)) {
      if (name.length > 1 && name.startsWith('0')) return '';
      const group = Number(name);
      return group === 0 ? match.text : (match.groups[group - 1] ?? '');
    }
    return match.named[name] ?? '';
  });
}

export const REGEX_FUNCTIONS: Record<string, TerraformFunction> = {
  regex: define({ params: ['pattern', 'string'] }, regex),
  regexall: define({ params: ['pattern', 'string'] }, regexall),
  replace: define({ params: ['str', 'substr', 'replace'], handlesUnknowns: true }, replaceWithUnknowns),
};
