import { createHash } from 'node:crypto';
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { settledBefore, stampOf } from '../../file-stamp.js';

/**
 * What a Terraform scan learnt from the file system, so that a result cache can tell whether a
 * saved scan still holds: every file's bytes (as a hash), every folder listing, existence and
 * kind check and resolved link the scan's answer depended on. Each observation is made through
 * one function here, and checking an entry later calls the same function again, so the two can
 * never disagree on what was seen.
 *
 * The ledger is per process and records only while `recordReads` runs: the CLI runs one scan at
 * a time, and an unrecorded scan pays nothing but a test of one variable.
 */

export type ReadOp = 'read' | 'list' | 'kind' | 'exists' | 'real';

/** One observation: the operation, its path and argument, and what it saw. */
export type Observation = [op: ReadOp, path: string, arg: number, outcome: string];

let ledger: Map<string, Observation> | undefined;

function note(op: ReadOp, path: string, arg: number, outcome: string): void {
  // The first answer is what the scan used; later ones within the scan are the same file system.
  const key = `${op}\0${path}\0${arg}`;
  if (ledger && !ledger.has(key)) ledger.set(key, [op, path, arg, outcome]);
}

const failure = (error: unknown): string => `x:${(error as NodeJS.ErrnoException).code ?? ''}:${(error as Error).message}`;

export const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A listing as names with their kinds: a file added, removed or turned into a folder changes it. */
function listingOutcome(entries: Dirent[]): string {
  return entries
    .map((e) => `${e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : e.isFile() ? 'f' : 'o'}${e.name}`)
    .sort()
    .join('\0');
}

function kindOutcome(path: string): string {
  try {
    const stat = statSync(path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : 'other';
  } catch (error) {
    return failure(error);
  }
}

/** A file's bytes, recorded by hash; `read` is the reader itself, so a check re-reads the same way. */
export function observedRead(path: string, arg: number, read: (path: string, arg: number) => Uint8Array): Uint8Array {
  if (!ledger) return read(path, arg);
  try {
    const bytes = read(path, arg);
    note('read', path, arg, digest(bytes));
    return bytes;
  } catch (error) {
    note('read', path, arg, failure(error));
    throw error;
  }
}

export function observedList(dir: string): Dirent[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    note('list', dir, 0, failure(error));
    throw error;
  }
  if (ledger) note('list', dir, 0, listingOutcome(entries));
  return entries;
}

/** `statSync` (following links) reduced to what the scan asks: a file, a folder, something else, or an error (thrown). */
export function observedStat(path: string): 'file' | 'dir' | 'other' {
  const outcome = kindOutcome(path);
  note('kind', path, 0, outcome);
  if (outcome.startsWith('x:')) statSync(path); // throws the same error the caller expects
  return outcome as 'file' | 'dir' | 'other';
}

export function observedExists(path: string): boolean {
  const exists = existsSync(path);
  note('exists', path, 0, String(exists));
  return exists;
}

export function observedRealpath(path: string): string {
  try {
    // The system's realpath(3): one call, where Node's own walks the path with an lstat per folder.
    const real = realpathSync.native(path);
    note('real', path, 0, real);
    return real;
  } catch (error) {
    note('real', path, 0, failure(error));
    throw error;
  }
}

/** Runs `scan` while recording every observation it makes. */
export async function recordReads<T>(scan: () => Promise<T>): Promise<{ value: T; observations: Observation[] }> {
  if (ledger) throw new Error('recordReads: a recorded scan is already running');
  ledger = new Map();
  try {
    const value = await scan();
    return { value, observations: [...ledger.values()] };
  } finally {
    ledger = undefined;
  }
}

/** Whether a recorded scan is running (a worker thread then records its own reads and hands them over). */
export function recordingReads(): boolean {
  return ledger !== undefined;
}

/** Observations another thread made for the running recorded scan. */
export function noteReads(observations: readonly Observation[]): void {
  for (const [op, path, arg, outcome] of observations) note(op, path, arg, outcome);
}

/**
 * The stamps (src/file-stamp.ts) of the files a recorded scan read, for those that had settled
 * before it began (`scanStartedMs`, wall clock): their bytes are then the bytes it read, and a later
 * check may compare stamps instead of hashing them again. A file changed during the scan, or too
 * close to its start, gets no stamp and is hashed at every check.
 */
export function stampSettledReads(observations: readonly Observation[], scanStartedMs: number): Record<string, string> {
  const stamps: Record<string, string> = {};
  for (const [op, path, , outcome] of observations) {
    if (op !== 'read' || outcome.startsWith('x:') || path in stamps) continue;
    // One stat for both the test and the stamp: a write between two would be stamped unseen.
    const stamp = stampOf(path);
    if (stamp && settledBefore(stamp, scanStartedMs)) stamps[path] = stamp.key;
  }
  return stamps;
}

/**
 * Whether every observation still holds: the same bytes, listings, kinds and links. `read`
 * must be the reader the scan used. A file whose stamp (see `stampSettledReads`) is unchanged is not
 * read again; any other is read and hashed.
 */
export function observationsHold(
  observations: readonly Observation[],
  read: (path: string, arg: number) => Uint8Array,
  stamps: Readonly<Record<string, string>> = {},
): boolean {
  for (const [op, path, arg, outcome] of observations) {
    let now: string;
    switch (op) {
      case 'read':
        if (Object.hasOwn(stamps, path) && typeof stamps[path] === 'string' && stampOf(path)?.key === stamps[path]) continue;
        try {
          now = digest(read(path, arg));
        } catch (error) {
          now = failure(error);
        }
        break;
      case 'list':
        try {
          now = listingOutcome(readdirSync(path, { withFileTypes: true }));
        } catch (error) {
          now = failure(error);
        }
        break;
      case 'kind':
        now = kindOutcome(path);
        break;
      case 'exists':
        now = String(existsSync(path));
        break;
      case 'real':
        try {
          now = realpathSync.native(path);
        } catch (error) {
          now = failure(error);
        }
        break;
      default:
        return false; // an entry from another version: not trusted
    }
    if (now !== outcome) return false;
  }
  return true;
}
