import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { OutputError, type Io } from '../io.js';

/**
 * Writing reports. A report path may already be a symbolic link (planted by the code under review
 * in the checkout CI scans): each file is written to a temporary file beside it and renamed over
 * the path, which replaces the link instead of writing through it. Several reports are written
 * all or none: every one is written out before any is renamed into place.
 */

/** Writes text to a file when one is given, else to standard output. */
export function writeOutput(text: string, output: string | undefined, io: Io): void {
  if (!output) {
    io.stdout(text);
    return;
  }
  const file = resolve(io.cwd, output);
  writeFilesAtomically([{ file, text }]);
  io.stderr(`wrote ${file}\n`);
}

export interface PendingFile {
  file: string;
  text: string | Buffer;
}

/** Writes every file or none; an OutputError (one line, exit 2) when one cannot be written. */
export function writeFilesAtomically(files: readonly PendingFile[]): void {
  const staged: Array<{ temp: string; file: string }> = [];
  let current = files[0]?.file ?? 'the output';
  try {
    for (const { file, text } of files) {
      current = file;
      if (isSpecialFile(file)) {
        // A device or FIFO named as the output (/dev/stdout, /dev/null) is written to, never replaced.
        writeFileSync(file, text);
        continue;
      }
      mkdirSync(dirname(file), { recursive: true });
      const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
      staged.push({ temp, file });
      writeFileSync(temp, text, { flag: 'wx' });
    }
    // A folder in a report's place would stop its rename half way through: refuse before any.
    for (const { file } of staged) {
      current = file;
      if (isFolder(file)) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    }
    for (const { temp, file } of staged) {
      current = file;
      renameSync(temp, file);
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw new OutputError(`cannot write ${current}: ${describeErrno(error as NodeJS.ErrnoException)}; no report was written`);
  }
}

function isFolder(file: string): boolean {
  try {
    return lstatSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isSpecialFile(file: string): boolean {
  try {
    const stat = lstatSync(file);
    return !stat.isFile() && !stat.isDirectory() && !stat.isSymbolicLink();
  } catch {
    return false;
  }
}

function describeErrno(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return error.code ?? error.message;
  }
}
