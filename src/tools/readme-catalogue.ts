import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../engine/catalogue.js';
import { renderCatalogueMarkdown, replaceCatalogueSection } from '../engine/catalogue-doc.js';
import { packageRoot } from '../cli/options.js';

/** Maintainer tool: rewrites README.md's rule catalogue section from rules/. Run after `npm run build`. */
const readmePath = join(packageRoot, 'README.md');
const catalogue = await loadCatalogue([join(packageRoot, 'rules')]);
writeFileSync(readmePath, replaceCatalogueSection(readFileSync(readmePath, 'utf8'), renderCatalogueMarkdown(catalogue)));
process.stdout.write(`README.md: ${catalogue.rules.length} rules\n`);
