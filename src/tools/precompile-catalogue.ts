import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { precompileCatalogue } from '../engine/catalogue.js';
import { builtInRules, precompiledCatalogueFile } from '../cli/options.js';

/**
 * Build step (`npm run build`): parses and checks the built-in rules once and writes them as JSON
 * beside the compiled code, so each scan reads one JSON file instead of parsing the YAML and
 * compiling the rule schema. A scan falls back to the YAML whenever the file is missing or stale.
 */
const precompiled = await precompileCatalogue([builtInRules]);
const text = JSON.stringify(precompiled);
// Only JSON-shaped values survive the trip; anything else would make the copy differ from the YAML.
if (!isDeepStrictEqual(JSON.parse(text), precompiled)) {
  process.stderr.write('precompile-catalogue: the catalogue does not survive JSON; not writing it, scans will parse the YAML\n');
  process.exitCode = 1;
} else {
  writeFileSync(precompiledCatalogueFile, text);
  process.stdout.write(`precompiled ${precompiled.catalogue.rules.length} rules and ${precompiled.catalogue.frameworks.length} frameworks to ${precompiledCatalogueFile}\n`);
}
