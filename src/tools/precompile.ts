import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { precompileCatalogue, writePrecompiled } from '../engine/catalogue.js';
import { STANDALONE_VALIDATOR_FILE, standaloneValidatorSource } from '../config/validator.js';
import { builtInRules, precompiledCatalogueFile } from '../cli/package.js';

/**
 * Build step (`npm run build`), so that each run of the CLI starts quickly:
 *
 * - parses and checks the built-in rules once and writes them as JSON beside the compiled code,
 *   so a scan reads one JSON file instead of parsing the YAML and compiling the rule schema;
 * - writes the `.vigil.yaml` validator as standalone code, so reading a configuration does not
 *   load and run the schema compiler.
 *
 * Each is used only while it matches what it was made from; otherwise the CLI does the work itself.
 */
const precompiled = await precompileCatalogue([builtInRules]);
const text = JSON.stringify(precompiled);
// Only JSON-shaped values survive the trip; anything else would make the copy differ from the YAML.
if (!isDeepStrictEqual(JSON.parse(text), precompiled)) {
  process.stderr.write('precompile: the catalogue does not survive JSON; not writing it, scans will parse the YAML\n');
  process.exitCode = 1;
} else {
  writePrecompiled(precompiledCatalogueFile, precompiled);
  process.stdout.write(`precompiled ${precompiled.catalogue.rules.length} rules and ${precompiled.catalogue.frameworks.length} frameworks to ${precompiledCatalogueFile}\n`);
}
writeFileSync(STANDALONE_VALIDATOR_FILE, standaloneValidatorSource());
process.stdout.write(`wrote the configuration validator to ${STANDALONE_VALIDATOR_FILE}\n`);
