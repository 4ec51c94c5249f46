import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the installed package lives, and what it ships: kept free of imports so start-up stays quick. */

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const builtInRules = join(packageRoot, 'rules');
/** The built-in catalogue parsed at build time (src/tools/precompile.ts); used while it matches rules/. */
export const precompiledCatalogueFile = join(packageRoot, 'dist', 'catalogue.json');

export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
