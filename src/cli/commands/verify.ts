import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { checkSignature, parseManifest, publicKeyFrom, SealError, sha256Of, type SealManifest } from '../../workflow/seal.js';
import { escapeControl } from '../../report/terminal.js';
import { EXIT, UsageError, type Io } from '../io.js';

/**
 * `vigil verify <manifest>`: checks every file a seal names against its SHA-256, the report's rule
 * set against the manifest's, and the signature. Exit 0 when all hold, 1 naming each file or
 * check that does not, 2 when the manifest itself cannot be read.
 */

export interface VerifyArgs {
  manifest: string;
  key?: string;
}

export function verifyOptions(y: Argv): Argv {
  return y
    .positional('manifest', { type: 'string', describe: 'the seal manifest written by --seal (vigil.seal.json)', demandOption: true })
    .option('key', { type: 'string', describe: 'the public key or X.509 certificate (PEM) the seal must be signed with' })
    .example('$0 verify reports/vigil.seal.json --key auditor.pub.pem', 'check the outputs and that the auditor\'s key signed them');
}

/** At most this many bytes of one sealed file are read: a manifest may name anything. */
const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;

export function verifyCommand(args: VerifyArgs, io: Io): number {
  const file = resolve(io.cwd, args.manifest);
  if (!existsSync(file)) throw new UsageError(`manifest not found: ${args.manifest}`);
  let manifest: SealManifest;
  try {
    manifest = parseManifest(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof SealError) throw new UsageError(`${args.manifest}: ${error.message}`);
    throw error;
  }
  let trusted;
  if (args.key !== undefined) {
    const keyFile = resolve(io.cwd, args.key);
    if (!existsSync(keyFile)) throw new UsageError(`--key not found: ${args.key}`);
    try {
      trusted = publicKeyFrom(readFileSync(keyFile, 'utf8'));
    } catch (error) {
      throw new UsageError(`--key ${args.key}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const failures: string[] = [];
  const base = dirname(file);
  for (const sealed of manifest.files) {
    const name = escapeControl(sealed.path);
    if (isAbsolute(sealed.path)) {
      failures.push(`${name}: the manifest names an absolute path; sealed files are relative to it`);
      continue;
    }
    const path = resolve(base, sealed.path);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) {
      failures.push(`${name}: missing`);
      continue;
    }
    if (!stat.isFile()) {
      failures.push(`${name}: not a regular file`);
      continue;
    }
    if (stat.size > MAX_FILE_BYTES) {
      failures.push(`${name}: larger than any report Vigil writes`);
      continue;
    }
    const actual = sha256Of(readFileSync(path));
    if (actual !== sealed.sha256) failures.push(`${name}: changed (sha256 ${actual}, sealed ${sealed.sha256})`);
    else io.stdout(`ok       ${name} (${sealed.role}${sealed.format ? `, ${sealed.format}` : ''})\n`);
    // The JSON report names the rule set it was judged with: it must be the sealed one.
    if (actual === sealed.sha256 && sealed.role !== 'snapshot' && sealed.format === 'json') {
      const hash = ruleSetOf(path);
      if (hash !== undefined && hash !== manifest.ruleSet.sha256) failures.push(`${name}: its rule set ${hash} is not the sealed ${manifest.ruleSet.sha256}`);
    }
  }
  const signature = checkSignature(manifest, trusted);
  if (signature.state === 'invalid') failures.push(`signature: ${signature.reason}`);
  for (const failure of failures) io.stdout(`FAILED   ${failure}\n`);
  if (failures.length > 0) {
    io.stderr(`vigil: the seal does not hold: ${failures.length} problem(s)\n`);
    return EXIT.findings;
  }
  if (signature.state === 'unsigned') io.stdout('the manifest is not signed: it shows the files are unchanged since it was written, not who wrote it\n');
  else if (signature.state === 'valid') {
    const who = signature.subject ? `, certificate ${escapeControl(signature.subject)}` : '';
    io.stdout(
      signature.trusted
        ? `signature valid: signed with the given key (${signature.keyId.slice(0, 16)}…${who})\n`
        : `signature valid for the key in the manifest (${signature.keyId.slice(0, 16)}…${who}); give --key to check it is the key you trust\n`,
    );
  }
  io.stdout(`verified ${manifest.files.length} file(s) sealed at ${escapeControl(manifest.createdAt)}\n`);
  return EXIT.ok;
}

/** The rule set hash a JSON report states, if it is one. */
function ruleSetOf(path: string): string | undefined {
  try {
    const hash = (JSON.parse(readFileSync(path, 'utf8')) as { scan?: { ruleSetHash?: unknown } }).scan?.ruleSetHash;
    return typeof hash === 'string' ? hash : undefined;
  } catch {
    return undefined;
  }
}
