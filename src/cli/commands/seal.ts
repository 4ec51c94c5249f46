import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Argv } from 'yargs';
import type { ReportDocument } from '../../report/document.js';
import { buildManifest, SealError, serializeManifest, sha256Of, type SealedFile, type SealedRole } from '../../workflow/seal.js';
import { toolVersion } from '../options.js';
import { UsageError, type Io } from '../io.js';
import { writeFilesAtomically } from './output.js';

/** `--seal`, `--seal-key` and `--seal-cert` on `vigil scan` and `vigil report`: the manifest beside the outputs. */

export interface SealArgs {
  seal?: boolean;
  'seal-key'?: string;
  'seal-cert'?: string;
}

export function sealOptions(y: Argv): Argv {
  return y
    .option('seal', { type: 'boolean', describe: 'write a manifest beside the outputs (vigil.seal.json) with the SHA-256 of each output, the snapshot and the rule set; check it with `vigil verify`' })
    .option('seal-key', { type: 'string', describe: 'PEM private key (Ed25519, RSA or EC) to sign the manifest with; VIGIL_SEAL_PASSPHRASE for an encrypted one. Without it the manifest is hashes only' })
    .option('seal-cert', { type: 'string', describe: 'the X.509 certificate (PEM) of --seal-key, kept in the manifest' });
}

export interface SealRequest {
  key?: { privateKey: KeyObject; certificate?: string };
}

/** Checks the seal flags and reads the key before any work, so a wrong key stops the command at once. */
export function parseSealArgs(args: SealArgs, output: string | undefined, io: Io): SealRequest | undefined {
  if (!args.seal) {
    if (args['seal-key'] !== undefined) throw new UsageError('--seal-key needs --seal');
    if (args['seal-cert'] !== undefined) throw new UsageError('--seal-cert needs --seal');
    return undefined;
  }
  if (!output) throw new UsageError('--seal needs --output: the manifest is written beside the report files');
  if (args['seal-cert'] !== undefined && args['seal-key'] === undefined) throw new UsageError('--seal-cert needs --seal-key');
  if (args['seal-key'] === undefined) return {};
  const keyFile = resolve(io.cwd, args['seal-key']);
  if (!existsSync(keyFile)) throw new UsageError(`--seal-key not found: ${args['seal-key']}`);
  let privateKey: KeyObject;
  try {
    const passphrase = io.env.VIGIL_SEAL_PASSPHRASE;
    privateKey = createPrivateKey({ key: readFileSync(keyFile), ...(passphrase !== undefined ? { passphrase } : {}) });
  } catch (error) {
    const message = (error as Error).message;
    const hint = /passphrase|encrypted|bad decrypt/i.test(message) ? ' (an encrypted key needs its passphrase in VIGIL_SEAL_PASSPHRASE)' : '';
    throw new UsageError(`--seal-key ${args['seal-key']} is not a PEM private key: ${message.split('\n')[0]}${hint}`);
  }
  let certificate: string | undefined;
  if (args['seal-cert'] !== undefined) {
    const certFile = resolve(io.cwd, args['seal-cert']);
    if (!existsSync(certFile)) throw new UsageError(`--seal-cert not found: ${args['seal-cert']}`);
    certificate = readFileSync(certFile, 'utf8');
  }
  // Signing once now proves the key can sign and the certificate is its, before anything is scanned.
  try {
    buildManifest({ createdAt: new Date(0).toISOString(), tool: { name: 'vigil', version: toolVersion() }, ruleSet: { sha256: '0'.repeat(64) }, files: [] }, { privateKey, ...(certificate !== undefined ? { certificate } : {}) });
  } catch (error) {
    if (error instanceof SealError || error instanceof Error) throw new UsageError(`--seal-key: ${error.message.split('\n')[0]}`);
    throw error;
  }
  return { key: { privateKey, ...(certificate !== undefined ? { certificate } : {}) } };
}

/** Where the manifest goes: inside the output folder, or beside the one output file. */
export function manifestPath(outputs: ReadonlyArray<{ file: string }>, intoFolder: boolean, target: string): string {
  return intoFolder ? resolve(target, 'vigil.seal.json') : `${outputs[0]?.file ?? target}.seal.json`;
}

const portable = (path: string): string => path.split(sep).join('/');

/**
 * Writes the manifest: the outputs (hashed as the text written), any further files read from disk
 * (the snapshot, a report read back), and the rule set's hashes from the report.
 */
export function writeSeal(
  request: SealRequest,
  manifestFile: string,
  outputs: ReadonlyArray<{ file: string; format: string; text: string | Uint8Array }>,
  others: ReadonlyArray<{ file: string; role: SealedRole }>,
  document: ReportDocument,
  io: Io,
): void {
  const base = dirname(manifestFile);
  const files: SealedFile[] = outputs.map(({ file, format, text }) => {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
    return { path: portable(relative(base, file)), role: 'report', format, sha256: sha256Of(bytes), bytes: bytes.length };
  });
  for (const { file, role } of others) {
    const bytes = readFileSync(file);
    files.push({ path: portable(relative(base, file)), role, sha256: sha256Of(bytes), bytes: bytes.length });
  }
  const effective = document.scan.provenance?.effectiveRuleSetHash;
  const manifest = buildManifest(
    {
      createdAt: new Date().toISOString(),
      tool: { name: 'vigil', version: toolVersion() },
      ...(document.scan.provenance?.title ? { title: document.scan.provenance.title } : {}),
      ruleSet: { sha256: document.scan.ruleSetHash, ...(effective ? { effectiveSha256: effective } : {}) },
      files,
    },
    request.key,
  );
  writeFilesAtomically([{ file: manifestFile, text: serializeManifest(manifest) }]);
  io.stderr(`wrote the ${manifest.signature ? `seal, signed (${manifest.signature.algorithm}, key ${manifest.signature.keyId.slice(0, 16)}…)` : 'seal (hashes only, not signed)'}, to ${manifestFile}\n`);
}
