import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { settledBefore, stampOf, type FileStamp } from '../file-stamp.js';

/**
 * What the rule files looked like when their contents were last hashed, kept in the user's cache
 * folder so a later run can take the hash without reading them. Reading and hashing the built-in
 * catalogue's 192 files was a fifth of an empty folder's scan (about 20 of 100 ms beyond `node -e 0`).
 *
 * Each file is stamped (src/file-stamp.ts). A record is written only when every file had settled
 * before it was stamped; a record that is unreadable, damaged or of other files is ignored.
 */

export type StampedFile = [path: string, stamp: FileStamp];

interface StampRecord {
  /** Each file's path and stamp key, in order. */
  stamps: Array<[path: string, key: string]>;
  hash: string;
}

/** Each file's stamp, in the order given; undefined if any is not a regular file. */
export function stampFiles(paths: string[]): StampedFile[] | undefined {
  const out: StampedFile[] = [];
  for (const path of paths) {
    const stamp = stampOf(path);
    if (!stamp) return undefined;
    out.push([path, stamp]);
  }
  return out;
}

/** The hash recorded for exactly these stamps, if the record holds them. */
export function recordedHash(recordFile: string, stamps: StampedFile[]): string | undefined {
  let record: StampRecord;
  try {
    record = JSON.parse(readFileSync(recordFile, 'utf8')) as StampRecord;
  } catch {
    return undefined;
  }
  if (typeof record?.hash !== 'string' || !Array.isArray(record.stamps) || record.stamps.length !== stamps.length) return undefined;
  for (let i = 0; i < stamps.length; i++) {
    const kept = record.stamps[i];
    const [path, stamp] = stamps[i]!;
    if (!Array.isArray(kept) || kept[0] !== path || kept[1] !== stamp.key) return undefined;
  }
  return record.hash;
}

/** Records the hash of files stamped before they were read, if none of them changed lately. */
export function recordHash(recordFile: string, stamps: StampedFile[], hash: string, now = Date.now()): void {
  if (!stamps.every(([, stamp]) => settledBefore(stamp, now))) return;
  try {
    mkdirSync(dirname(recordFile), { recursive: true, mode: 0o700 });
    const temp = `${recordFile}.${process.pid}.tmp`;
    const record: StampRecord = { stamps: stamps.map(([path, stamp]) => [path, stamp.key]), hash };
    writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
    renameSync(temp, recordFile);
  } catch {
    // A cache folder that cannot be written costs the next run its reading, nothing else.
  }
}
