import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHcl } from '../sources/terraform/parser.js';

/**
 * The parser's first pass in a fresh process, as a scan meets it: every `.tf` file under the
 * folders given is read first, then parsed once, and only the parsing is timed. Prints one line
 * of JSON: bytes, milliseconds, files.
 */

function tfFiles(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !['.git', '.terraform', 'node_modules'].includes(entry.name)) tfFiles(path, out);
    else if (entry.isFile() && entry.name.endsWith('.tf')) out.push(path);
  }
}

const files: string[] = [];
for (const dir of process.argv.slice(2)) tfFiles(dir, files);
const texts = files.map((file) => [file, readFileSync(file, 'utf8')] as const);
const bytes = texts.reduce((total, [, text]) => total + Buffer.byteLength(text), 0);
const started = performance.now();
for (const [file, text] of texts) parseHcl(text, file);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ bytes, ms, files: files.length })}\n`);
