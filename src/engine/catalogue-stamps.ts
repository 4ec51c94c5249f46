import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What the rule files looked like when their contents were last hashed, kept in the user's cache
 * folder so a later run can take the hash without reading them. Reading and hashing the built-in
 * catalogue's 192 files was a fifth of an empty folder's scan (about 20 of 100 ms beyond `node -e 0`).
 *
 * A file's stamp is its size, modification and change times and inode: any write changes one of
 * them (the change time cannot be set back, as `touch -d` or `cp -p` can set the modification
 * time). A record is written only for files unchanged for SETTLED_MS before they were stamped,
 * so a write in the same tick of a coarse clock as the stamp cannot go unseen (as Git does for
 * its index). A record that is unreadable, damaged or of other files is ignored.
 */

export type FileStamp = [path: string, size: number, modifiedMs: number, changedMs: number, inode: number];

interface StampRecord {
  stamps: FileStamp[];
  hash: string;
}

const SETTLED_MS = 3000;

/** Each file's stamp, in the order given; undefined if any cannot be read. */
export function stampFiles(paths: string[]): FileStamp[] | undefined {
  const out: FileStamp[] = [];
  for (const path of paths) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile()) return undefined;
    out.push([path, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino]);
  }
  return out;
}

/** The hash recorded for exactly these stamps, if the record holds them. */
export function recordedHash(recordFile: string, stamps: FileStamp[]): string | undefined {
  let record: StampRecord;
  try {
    record = JSON.parse(readFileSync(recordFile, 'utf8')) as StampRecord;
  } catch {
    return undefined;
  }
  if (typeof record?.hash !== 'string' || !Array.isArray(record.stamps) || record.stamps.length !== stamps.length) return undefined;
  for (let i = 0; i < stamps.length; i++) {
    const kept = record.stamps[i];
    const now = stamps[i]!;
    if (!Array.isArray(kept) || kept.length !== now.length || kept.some((part, n) => part !== now[n])) return undefined;
  }
  return record.hash;
}

/** Records the hash of files stamped before they were read, if none of them changed lately. */
export function recordHash(recordFile: string, stamps: FileStamp[], hash: string, now = Date.now()): void {
  if (stamps.some(([, , modified, changed]) => Math.max(modified, changed) > now - SETTLED_MS)) return;
  try {
    mkdirSync(dirname(recordFile), { recursive: true, mode: 0o700 });
    const temp = `${recordFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ stamps, hash } satisfies StampRecord), { mode: 0o600 });
    renameSync(temp, recordFile);
  } catch {
    // A cache folder that cannot be written costs the next run its reading, nothing else.
  }
}
