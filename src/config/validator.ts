import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Options, ValidateFunction } from 'ajv';
import { CONFIG_SCHEMA } from './schema.js';
import { inBundle } from '../install-paths.js';

/**
 * The validator of `.vigil.yaml`. Loading ajv and compiling the schema cost more than scanning a
 * small estate, so the build writes the validator out as standalone code beside this module
 * (config-validator.cjs, by src/tools/precompile.ts). That code is used while its key matches
 * (this schema, these options, this ajv); otherwise the schema is compiled here as before.
 */

const OPTIONS: Options = { allErrors: true, strict: false, useDefaults: true, verbose: true };
const requireHere = createRequire(import.meta.url);

export const STANDALONE_VALIDATOR_FILE = fileURLToPath(new URL('./config-validator.cjs', import.meta.url));

function validatorKey(): string {
  const ajvVersion = (requireHere('ajv/package.json') as { version: string }).version;
  return createHash('sha256').update(JSON.stringify({ schema: CONFIG_SCHEMA, options: OPTIONS, ajvVersion })).digest('hex');
}

/** The standalone validator in `file`, if it was generated for this schema, these options and this ajv. */
export function loadStandaloneValidator(file: string): ValidateFunction | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const standalone = requireHere(file) as ValidateFunction & { key?: string };
    // The bundle's copy is made with it, from the ajv it bundles, and checked fresh with it.
    if (inBundle) return standalone;
    return standalone.key === validatorKey() ? standalone : undefined;
  } catch {
    return undefined; // damaged: compile instead
  }
}

export function compileValidator(): ValidateFunction {
  const { Ajv } = (inBundle ? require('ajv') : requireHere('ajv')) as typeof import('ajv');
  return new Ajv(OPTIONS).compile(CONFIG_SCHEMA);
}

let validator: ValidateFunction | undefined;

/** The validator, from the standalone code when it matches, compiled otherwise; made once. */
export function configValidator(): ValidateFunction {
  validator ??= loadStandaloneValidator(STANDALONE_VALIDATOR_FILE) ?? compileValidator();
  return validator;
}

/** Standalone CommonJS code of the validator, with the key it was made for; for the build. */
export function standaloneValidatorSource(): string {
  const { Ajv } = requireHere('ajv') as typeof import('ajv');
  const standaloneCode = (requireHere('ajv/dist/standalone/index.js') as { default: (ajv: unknown, fn: unknown) => string }).default;
  const ajv = new Ajv({ ...OPTIONS, code: { source: true } });
  const fn = ajv.compile(CONFIG_SCHEMA);
  return `${standaloneCode(ajv, fn)}\nmodule.exports.key = ${JSON.stringify(validatorKey())};\n`;
}
