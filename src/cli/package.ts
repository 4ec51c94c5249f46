import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtInRules, codeDir, packageRoot } from '../install-paths.js';

/** Where the installed package lives, and what it ships: kept free of imports so start-up stays quick. */

export { builtInRules, packageRoot };
/** The built-in catalogue parsed at build time (src/tools/precompile.ts, bundle.ts); used while it matches rules/. */
export const precompiledCatalogueFile = join(codeDir, 'catalogue.json');

export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
