import { mkdtempSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { observationsHold, observedRead, recordReads, stampSettledReads, type Observation } from '../../../src/sources/terraform/read-ledger.js';

/** Whether the observations hold, and how many files the check read (none when stamps were trusted). */
function check(observations: Observation[], stamps: Record<string, string>): { holds: boolean; reads: number } {
  let reads = 0;
  const holds = observationsHold(
    observations,
    (path) => {
      reads++;
      return readFileSync(path);
    },
    stamps,
  );
  return { holds, reads };
}

async function recordedRead(path: string): Promise<Observation[]> {
  const { observations } = await recordReads(async () => observedRead(path, 0, (p) => readFileSync(p)));
  return observations;
}

const aFile = (text: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-ledger-')), 'main.tf');
  writeFileSync(file, text);
  return file;
};

// The scan's start as if the files had been left alone for a minute before it.
const aMinuteLater = (): number => Date.now() + 60_000;
const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

describe('result cache: file stamps', () => {
  it('trusts an unchanged stamp of a settled file without reading it again', async () => {
    const file = aFile('resource "aws_s3_bucket" "a" {}\n');
    const observations = await recordedRead(file);
    const stamps = stampSettledReads(observations, aMinuteLater());
    expect(Object.keys(stamps)).toEqual([file]);
    expect(check(observations, stamps)).toEqual({ holds: true, reads: 0 });
  });

  it('does not stamp a file changed within 3 s of the scan start: it is hashed at every check', async () => {
    const file = aFile('a = 1\n');
    const observations = await recordedRead(file);
    expect(stampSettledReads(observations, Date.now())).toEqual({});
    expect(check(observations, {})).toEqual({ holds: true, reads: 1 });
  });

  it('sees a rewrite of the same size with the old modification time put back (the change time moved)', async () => {
    const file = aFile('a = 1\n');
    const lastYear = Math.floor(Date.now() / 1000) - 365 * 86_400;
    utimesSync(file, lastYear, lastYear);
    const observations = await recordedRead(file);
    const stamps = stampSettledReads(observations, aMinuteLater());
    await pause(30); // past the kernel's timestamp tick
    writeFileSync(file, 'a = 2\n');
    utimesSync(file, lastYear, lastYear);
    expect(statSync(file).mtimeMs).toBe(lastYear * 1000);
    expect(check(observations, stamps)).toEqual({ holds: false, reads: 1 });
  });

  it('sees a file replaced by another of the same size and times (another inode)', async () => {
    const file = aFile('a = 1\n');
    const other = join(mkdtempSync(join(tmpdir(), 'vigil-ledger-')), 'other.tf');
    writeFileSync(other, 'a = 3\n');
    const lastYear = Math.floor(Date.now() / 1000) - 365 * 86_400;
    utimesSync(file, lastYear, lastYear);
    const observations = await recordedRead(file);
    const stamps = stampSettledReads(observations, aMinuteLater());
    utimesSync(other, lastYear, lastYear);
    renameSync(other, file);
    expect(check(observations, stamps)).toEqual({ holds: false, reads: 1 });
  });

  it('ignores a stamp that is not a string (a damaged entry) and hashes the file', async () => {
    const file = aFile('a = 1\n');
    const observations = await recordedRead(file);
    expect(check(observations, { [file]: 42 } as unknown as Record<string, string>)).toEqual({ holds: true, reads: 1 });
  });
});
