import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../engine/catalogue.js';
import { CATALOGUE_END, CATALOGUE_START, renderCatalogueMarkdown } from '../engine/catalogue-doc.js';
import { packageRoot } from '../cli/options.js';
import { AGGREGATOR_END, AGGREGATOR_START, renderAggregatorCoverage } from './aggregator-coverage.js';

/**
 * Maintainer tool: rewrites README.md's generated sections from rules/ (the rule catalogue, and
 * which rules the Config aggregator path decides). Run after `npm run build`.
 */

/** Replaces a generated section, markers included (the section carries them); they must be there. */
function replaceSection(readme: string, startMarker: string, endMarker: string, section: string): string {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`README has no ${startMarker} … ${endMarker} markers`);
  return readme.slice(0, start) + section + readme.slice(end + endMarker.length);
}

const readmePath = join(packageRoot, 'README.md');
const catalogue = await loadCatalogue([join(packageRoot, 'rules')]);
let readme = readFileSync(readmePath, 'utf8');
readme = replaceSection(readme, CATALOGUE_START, CATALOGUE_END, renderCatalogueMarkdown(catalogue));
readme = replaceSection(readme, AGGREGATOR_START, AGGREGATOR_END, renderAggregatorCoverage(catalogue.rules));
writeFileSync(readmePath, readme);
process.stdout.write(`README.md: ${catalogue.rules.length} rules\n`);
