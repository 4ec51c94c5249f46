import { yamlLib } from '../../../yaml-lib.js';
import { encodingOf, findUnknown, isUnknown, type Value } from '../../../model/value.js';
import { asString, compareStrings, define, dependsOn, type Impl, numberToString, sortedKeys, typeName } from './support.js';
import { FunctionError, type TerraformFunction } from './types.js';

/** Encodings: base64, JSON, YAML and URL query escaping. */

/**
 * JSON as Terraform writes it (Go's encoding/json): object keys sorted, numbers never in exponent
 * form, and <, >, & and the JS line separators escaped. Callers pass wholly known values.
 */
export function jsonText(value: Value): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return jsonQuote(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FunctionError(`cannot encode ${numberToString(value)} as JSON`);
    return numberToString(value);
  }
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (isUnknown(value)) throw new Error('jsonText needs a wholly known value');
  return `{${sortedKeys(value)
    .map((key) => `${jsonQuote(key)}:${jsonText(value[key]!)}`)
    .join(',')}}`;
}

/**
 * jsonencode: a partly unknown value gives an unknown string that still carries the structure,
 * so policy facts can be read from its known parts (see Unknown.partial).
 */
export function jsonencode(value: Value): Value {
  const pending = findUnknown(value);
  if (!pending) return jsonText(value);
  if (pending === value) return dependsOn(pending);
  return encodingOf(value, dependsOn(pending).reason);
}

function jsonQuote(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Plain parsed data (JSON.parse, YAML toJS) to a Value. */
function fromPlain(data: unknown): Value {
  if (data === null || data === undefined) return null;
  if (typeof data === 'string' || typeof data === 'boolean' || typeof data === 'number') return data;
  if (typeof data === 'bigint') return Number(data);
  if (data instanceof Date) return data.toISOString();
  if (Array.isArray(data)) return data.map(fromPlain);
  if (typeof data === 'object') {
    // fromEntries defines own properties, so a "__proto__" key stays an ordinary member.
    return Object.fromEntries(Object.entries(data).map(([key, item]) => [key, fromPlain(item)]));
  }
  throw new FunctionError(`cannot represent a ${typeof data} value`);
}

const jsondecode: Impl = ([text]) => {
  // Terraform checks the argument is a string before looking at unknowns inside it, so
  // try(jsondecode(x), x) falls through for an object even when the object is partly unknown.
  if (isUnknown(text)) return dependsOn(text);
  if (typeof text !== 'string') throw new FunctionError(`invalid value for "str": string required, got ${typeName(text!)}`);
  try {
    return fromPlain(JSON.parse(asString(text!, 'str')));
  } catch (error) {
    if (error instanceof FunctionError) throw error;
    throw new FunctionError(`invalid JSON: ${(error as Error).message}`);
  }
};

/**
 * yamlencode in the layout Terraform produces: keys and strings double-quoted, keys sorted,
 * sequences not indented under their key, multi-line strings as literal blocks.
 */
const yamlencode: Impl = ([value]) => {
  const YAML = yamlLib();
  const doc = new YAML.Document(value, {
    sortMapEntries: (a, b) => compareStrings(String(YAML.isScalar(a.key) ? a.key.value : a.key), String(YAML.isScalar(b.key) ? b.key.value : b.key)),
  });
  YAML.visit(doc, {
    Scalar(key, node) {
      if (key !== 'key' && typeof node.value === 'string' && node.value.includes('\n')) node.type = 'BLOCK_LITERAL';
    },
  });
  return doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'QUOTE_DOUBLE', indentSeq: false, lineWidth: 0 });
};

/** yamldecode: exactly one document, YAML 1.2 core schema (so "yes" is a string, not true). */
const yamldecode: Impl = ([text]) => {
  const docs = yamlLib().parseAllDocuments(asString(text!, 'src'), { schema: 'core', merge: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > 1) throw new FunctionError('unexpected extra content after value: only one YAML document is allowed');
  const [doc] = list;
  if (!doc) return null;
  const [problem] = doc.errors;
  if (problem) throw new FunctionError(`invalid YAML: ${problem.message.split('\n')[0]!.replace(/:$/, '')}`);
  try {
    return fromPlain(doc.toJS({ maxAliasCount: 1000 }));
  } catch (error) {
    throw new FunctionError(`invalid YAML: ${(error as Error).message}`);
  }
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** base64decode: standard alphabet with padding, and the result must be UTF-8 text. */
const base64decode: Impl = ([text]) => {
  const encoded = asString(text!, 'str');
  if (!BASE64.test(encoded)) throw new FunctionError(`failed to decode base64 data ${JSON.stringify(encoded)}`);
  try {
    return utf8.decode(Buffer.from(encoded, 'base64'));
  } catch {
    throw new FunctionError('the result of decoding the provided string is not valid UTF-8');
  }
};

/** urlencode: Go's url.QueryEscape, so spaces become "+" and only A-Z a-z 0-9 - _ . ~ stay. */
const urlencode: Impl = ([text]) =>
  encodeURIComponent(asString(text!, 'str'))
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');

export const ENCODING_FUNCTIONS: Record<string, TerraformFunction> = {
  base64decode: define({ params: ['str'] }, base64decode),
  base64encode: define({ params: ['str'] }, ([text]) => Buffer.from(asString(text!, 'str'), 'utf8').toString('base64')),
  jsondecode: define({ params: ['str'], handlesUnknowns: true }, jsondecode),
  jsonencode: define({ params: ['val'], handlesUnknowns: true }, ([value]) => jsonencode(value!)),
  urlencode: define({ params: ['str'] }, urlencode),
  yamldecode: define({ params: ['src'] }, yamldecode),
  yamlencode: define({ params: ['value'] }, yamlencode),
};
