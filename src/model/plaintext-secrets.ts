import { isUnknown, type Value } from './value.js';

/**
 * Which environment variables hold a secret in plain text, by name or by the shape of the value.
 * Both sources call this with the variables' names and values; only names leave it, so no value
 * ever reaches the model or a report. A value that is a Secrets Manager or SSM Parameter Store ARN
 * (or a reference to one) names where the secret lives instead of holding it.
 */

const SECRET_NAME = /(^|[-_.])(pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credentials?|client[-_]?key)($|[-_.])/i;
/** Names that say where a secret is, or something about it, rather than holding it. */
const ABOUT_A_SECRET = /[-_.](arn|name|id|path|file|url|uri|endpoint|region|ttl|length|header|type|version)$/i;
const AWS_ACCESS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
const SECRET_STORE_ARN = /^arn:aws[a-z-]*:(secretsmanager|ssm):/;
const SECRET_STORE_ORIGIN = /(^|\.)(aws_secretsmanager_secret|aws_secretsmanager_secret_version|aws_ssm_parameter)\./;

function refersToStore(value: Value): boolean {
  if (typeof value === 'string') return SECRET_STORE_ARN.test(value);
  return isUnknown(value) && value.origin !== undefined && SECRET_STORE_ORIGIN.test(value.origin);
}

export function plaintextSecretNames(variables: ReadonlyArray<readonly [string, Value]>): string[] {
  const names = new Set<string>();
  for (const [name, value] of variables) {
    if (refersToStore(value)) continue;
    if (value === '' || value === null) continue;
    if ((SECRET_NAME.test(name) && !ABOUT_A_SECRET.test(name)) || (typeof value === 'string' && AWS_ACCESS_KEY.test(value))) names.add(name);
  }
  return [...names].sort();
}

/** Environment variables that hold AWS credentials when given in plain text. */
export const AWS_CREDENTIAL_VARIABLES: ReadonlySet<string> = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);

/** A URL with a user name, password or token before the host: `https://user:token@bitbucket.org/...`. */
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+@/i;

export function urlCarriesCredentials(url: string): boolean {
  return USERINFO.test(url);
}

/** The same URL with its user name and password replaced, for evidence that must not keep them. */
export function withoutUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]+@/i, '$1***@');
}
