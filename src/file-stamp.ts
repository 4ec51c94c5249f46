import { statSync } from 'node:fs';

/**
 * A regular file's stamp: what stands in for reading and hashing it again, for the rule files at
 * start-up (src/engine/catalogue-stamps.ts) and for what a cached scan read
 * (src/sources/terraform/read-ledger.ts). It is the file's device, inode, size and modification
 * and change times in nanoseconds. Any write, rename or `touch` moves the change time, which the
 * kernel sets and nothing sets back (`touch -d` and `cp -p` set only the modification time), so an
 * equal stamp is the same file, unwritten since, provided the file had settled when it was read.
 */
export interface FileStamp {
  /** The five facts as one comparable string. */
  readonly key: string;
  /** The later of the modification and change times, in nanoseconds since the epoch. */
  readonly changedNs: bigint;
}

/**
 * How long a file must have been left alone for its stamp to be trusted: a write in the same tick
 * of a coarse file-system clock as the stamp (FAT's is 2 s) would otherwise go unseen. Git's rule
 * for its index.
 */
const SETTLED_NS = 3_000_000_000n;

/** The stamp of a regular file; undefined when it is missing or anything else. */
export function stampOf(path: string): FileStamp | undefined {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (!stat?.isFile()) return undefined;
  return {
    key: `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`,
    changedNs: stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs,
  };
}

/** Whether the stamped file had been left alone for SETTLED_NS before `whenMs` (wall clock). */
export function settledBefore(stamp: FileStamp, whenMs: number): boolean {
  return stamp.changedNs < BigInt(Math.floor(whenMs)) * 1_000_000n - SETTLED_NS;
}
