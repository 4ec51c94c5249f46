import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Io } from '../io.js';

/** Writes text to a file when one is given, else to standard output. */
export function writeOutput(text: string, output: string | undefined, io: Io): void {
  if (!output) {
    io.stdout(text);
    return;
  }
  const file = resolve(io.cwd, output);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  io.stderr(`wrote ${file}\n`);
}
