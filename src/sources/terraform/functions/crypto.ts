import { createHash } from 'node:crypto';
import { unknown } from '../../../model/value.js';
import { asString, define, type Impl } from './support.js';
import { FunctionError, type TerraformFunction } from './types.js';

/**
 * Hashes of strings (of their UTF-8 bytes, as Terraform hashes them) and identifiers. Functions
 * that produce a new random value on every run cannot be known before apply.
 */

const digest = (algorithm: string, encoding: 'hex' | 'base64') =>
  define({ params: ['str'] }, ([text]) => createHash(algorithm).update(asString(text!, 'str'), 'utf8').digest(encoding));

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** uuidv5: RFC 4122 name-based UUID (SHA-1), deterministic, so it is computed. */
const uuidv5: Impl = ([namespaceValue, nameValue]) => {
  const namespace = asString(namespaceValue!, 'namespace');
  const uuid = NAMESPACES[namespace] ?? namespace;
  if (!UUID.test(uuid)) {
    throw new FunctionError(`uuidv5() doesn't support namespace prefix ${JSON.stringify(namespace)}; use "dns", "url", "oid", "x500" or a UUID`);
  }
  const hash = createHash('sha1')
    .update(Buffer.from(uuid.replaceAll('-', ''), 'hex'))
    .update(asString(nameValue!, 'name'), 'utf8')
    .digest()
    .subarray(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
};

const random = (name: string, params: string[], optional: string[] = []) =>
  define({ params, optional }, () => unknown(`${name}() returns a new random value on every run`));

export const CRYPTO_FUNCTIONS: Record<string, TerraformFunction> = {
  base64sha256: digest('sha256', 'base64'),
  base64sha512: digest('sha512', 'base64'),
  bcrypt: random('bcrypt', ['str'], ['cost']),
  md5: digest('md5', 'hex'),
  sha1: digest('sha1', 'hex'),
  sha256: digest('sha256', 'hex'),
  sha512: digest('sha512', 'hex'),
  uuid: random('uuid', []),
  uuidv5: define({ params: ['namespace', 'name'] }, uuidv5),
};
