import { urlCarriesCredentials, withoutUrlCredentials } from '../../model/plaintext-secrets.js';

/**
 * The raw answers kept as evidence must not carry the secrets Vigil reports only by name: the
 * values of environment variables (ECS container definitions, Lambda functions, CodeBuild
 * projects) and credentials written into URLs (CodeBuild source locations). Names, types and
 * every other field stay as AWS gave them.
 */

const REDACTED = '[redacted by vigil]';
/** Keys whose value is a set of environment variables: a list of {name, value} or a map of name to value. */
const ENVIRONMENTS = new Set(['environment', 'environmentVariables', 'Variables']);
const MAX_DEPTH = 64;

export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (typeof value === 'string') return urlCarriesCredentials(value) ? withoutUrlCredentials(value) : value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (!value || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    // CodeBuild's `environment` is an object of build settings holding `environmentVariables`: walked, not redacted.
    const variables = ENVIRONMENTS.has(key) && (Array.isArray(item) || key === 'Variables');
    out[key] = variables ? redactEnvironment(item) : redactSecrets(item, depth + 1);
  }
  return out;
}

function redactEnvironment(environment: unknown): unknown {
  if (Array.isArray(environment)) {
    return environment.map((entry) => {
      if (!entry || typeof entry !== 'object') return entry;
      const { value, ...rest } = entry as Record<string, unknown>;
      return value === undefined ? rest : { ...rest, value: REDACTED };
    });
  }
  if (environment && typeof environment === 'object') {
    return Object.fromEntries(Object.keys(environment as Record<string, unknown>).map((name) => [name, REDACTED]));
  }
  return environment;
}
