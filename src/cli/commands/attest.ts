import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { VigilConfig } from '../../config/load.js';
import { applyAttestations } from '../../report/attest.js';
import type { ReportDocument } from '../../report/document.js';
import { UsageError, type Io } from '../io.js';

/** `--attestations <file>`, shared by `vigil scan` and `vigil report`, and its config twin. */

export function attestationsOption(y: Argv): Argv {
  return y.option('attestations', {
    type: 'string',
    describe: "YAML file of auditors' attestations for manual requirements (default: the config's `attestations:`, relative to the config file)",
  });
}

/**
 * Marks the report's manual requirements attested, stale or open from the attestations file the
 * flag names (relative to the working folder) or else the configuration's (relative to it).
 * Without either, the document is returned as it is.
 */
export async function attestReport(document: ReportDocument, flag: string | undefined, config: VigilConfig, io: Io, knownFrameworks?: string[]): Promise<ReportDocument> {
  let file: string;
  if (flag !== undefined) {
    file = resolve(io.cwd, flag);
    if (!existsSync(file)) throw new UsageError(`--attestations not found: ${flag}`);
  } else if (config.attestations && config.file) {
    file = resolve(dirname(config.file), config.attestations);
  } else {
    return document;
  }
  const shown = relative(io.cwd, file) || file;
  // A missing file named by the configuration is a ConfigError naming it, from the loader.
  const { loadAttestations } = await import('../../config/attestations.js'); // ajv and YAML: only when attesting
  const entries = loadAttestations(file);
  return applyAttestations(document, entries, { file: shown.split('\\').join('/'), maxAgeDays: config.attestationMaxAgeDays, ...(knownFrameworks ? { knownFrameworks } : {}) });
}
