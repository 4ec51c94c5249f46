import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { observationsHold, observedExists, observedRead, observedRealpath, type Observation } from './read-ledger.js';

/**
 * Reading the code under review safely. The files are written by whoever opened the pull request,
 * so a `.tf` may be a FIFO, a device or a symbolic link to one, or huge; and `file()` may name
 * anything on the runner. Only regular files are read, up to a stated size, and files read on the
 * configuration's behalf must lie inside the scanned tree.
 */

/** Largest configuration, variables or plan file read (a 50 MB file is scanned; a device is not). */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;
/** Largest file that `file()`, `templatefile()` and the like read. */
export const MAX_FUNCTION_FILE_BYTES = 16 * 1024 * 1024;

/** A file that is not read, and why; the message never carries the file's content. */
export class UnreadableFile extends Error {
  override name = 'UnreadableFile';
  constructor(
    message: string,
    /** missing: no such file; content: binary or not UTF-8 (Terraform refuses it too); refused: Vigil does not read it. */
    readonly kind: 'missing' | 'content' | 'refused' = 'refused',
  ) {
    super(message);
  }
}

/**
 * Reads a regular file's bytes, at most `maxBytes`. The file is opened without blocking (a FIFO
 * would otherwise wait for a writer for ever) and checked on the open descriptor, so what is
 * checked is what is read.
 */
export function readRegularFile(path: string, maxBytes = MAX_SOURCE_BYTES): Buffer {
  return observedRead(path, maxBytes, readNow) as Buffer;
}

/**
 * Whether what a recorded scan read is still there, unchanged: read here exactly as the scan read
 * it, or, for a file with a stamp (`stampSettledReads`), seen unchanged by its stamp.
 */
export function observationsStillHold(observations: readonly Observation[], stamps?: Readonly<Record<string, string>>): boolean {
  return observationsHold(observations, readNow, stamps);
}

function readNow(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UnreadableFile('no such file', 'missing');
    if (code === 'ELOOP') throw new UnreadableFile('a symbolic link loop');
    if (code === 'EACCES') throw new UnreadableFile('permission denied');
    if (code === 'EISDIR') throw new UnreadableFile('a folder, not a file');
    throw new UnreadableFile(code ?? (error as Error).message);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UnreadableFile(`${kindOf(stat)}, not a regular file; only regular files are read`);
    if (stat.size > maxBytes) throw new UnreadableFile(`${megabytes(stat.size)} is larger than the ${megabytes(maxBytes)} Vigil reads`);
    // The size may change while reading; never read past the limit.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) throw new UnreadableFile(`it grew past the ${megabytes(maxBytes)} Vigil reads`);
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new UnreadableFile(`it grew past the ${megabytes(maxBytes)} Vigil reads`);
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: import('node:fs').Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Reads a file as UTF-8 text, refusing special files, binary content and invalid encodings with a clear reason. */
export function readSourceText(path: string, maxBytes = MAX_SOURCE_BYTES): string {
  const bytes = readRegularFile(path, maxBytes);
  if (bytes.includes(0)) throw new UnreadableFile('this is a binary file, not Terraform source', 'content');
  // Checked, then decoded: five times faster than a fatal TextDecoder, and as that decoder does, a
  // leading byte order mark is dropped.
  if (!isUtf8(bytes)) throw new UnreadableFile('the file is not valid UTF-8', 'content');
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', bom);
}

/**
 * The tree a scan may read: the repository root when the path is inside a git working copy (a
 * module may call `../modules/x` and `file()` may read `../shared/policy.json`), else the
 * scanned folder itself (a file's folder).
 */
export function scanTreeOf(path: string): string {
  const real = realOrSelf(path);
  let dir = real;
  for (;;) {
    if (observedExists(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return real;
}

function realOrSelf(path: string): string {
  try {
    return observedRealpath(path);
  } catch {
    return resolve(path);
  }
}

/** True when `path` (already real) lies inside one of the `trees` (also real). */
function inside(path: string, trees: readonly string[]): boolean {
  return trees.some((tree) => {
    const rel = relative(tree, path);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  });
}

/**
 * Where the scan may read. A path is judged after every symbolic link in it is resolved, so a link
 * inside the tree to `/etc/passwd` is outside; a path that does not exist is judged by its folder.
 */
export class ScanTree {
  private readonly trees: string[];
  /**
   * Paths already judged, with their answers: a module folder is judged at each of its calls
   * (79 in terraform-aws-security-group), and its files each time it is read again. A tree lives
   * for one scan, which takes the file system as it first found it (see read-ledger.ts).
   */
  private readonly judged = new Map<string, string | undefined>();

  constructor(trees: readonly string[]) {
    this.trees = [...new Set(trees.map(realOrSelf))];
  }

  /** The trees, for messages. */
  get roots(): readonly string[] {
    return this.trees;
  }

  /** The real path when `path` is inside the tree; undefined when it is outside. */
  confine(path: string): string | undefined {
    if (this.judged.has(path)) return this.judged.get(path);
    const real = this.judge(path);
    this.judged.set(path, real);
    return real;
  }

  private judge(path: string): string | undefined {
    let real: string;
    try {
      real = observedRealpath(path);
    } catch {
      // A missing file: judge the nearest folder that exists, plus the rest of the path as written.
      let dir = dirname(path);
      let rest = relative(dir, path);
      for (;;) {
        try {
          real = join(observedRealpath(dir), rest);
          break;
        } catch {
          const parent = dirname(dir);
          if (parent === dir) return undefined;
          rest = join(relative(parent, dir), rest);
          dir = parent;
        }
      }
    }
    return inside(real, this.trees) ? real : undefined;
  }
}
