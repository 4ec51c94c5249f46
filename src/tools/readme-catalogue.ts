import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../engine/catalogue.js';
import { renderCatalogueMarkdown, replaceCatalogueSection } from '../engine/catalogue-doc.js';
import { packageRoot } from '../cli/options.js';
import { renderAggregatorCoverage, replaceAggregatorSection } from '../pipeline/aggregator-coverage.js';

/**
 * Maintainer tool: rewrites README.md's generated sections from rules/ (the rule catalogue, and
 * which rules the Config aggregator path decides). Run after `npm run build`.
 */
const readmePath = join(packageRoot, 'README.md');
const catalogue = await loadCatalogue([join(packageRoot, 'rules')]);
const withCatalogue = replaceCatalogueSection(readFileSync(readmePath, 'utf8'), renderCatalogueMarkdown(catalogue));
writeFileSync(readmePath, replaceAggregatorSection(withCatalogue, renderAggregatorCoverage(catalogue.rules)));
process.stdout.write(`README.md: ${catalogue.rules.length} rules\n`);
