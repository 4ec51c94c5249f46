import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes `files` (relative path → text) under `root`, making folders as needed; returns `root`. */
export function writeTree(root: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

/** A new temporary folder, named with `prefix`, holding `files`. */
export function tempTree(prefix: string, files: Record<string, string>): string {
  return writeTree(mkdtempSync(join(tmpdir(), `${prefix}-`)), files);
}
