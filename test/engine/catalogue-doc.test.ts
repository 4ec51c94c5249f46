import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/engine/catalogue.js';
import { CATALOGUE_END, CATALOGUE_START, renderCatalogueMarkdown } from '../../src/engine/catalogue-doc.js';

const root = join(__dirname, '../..');

describe('the README rule catalogue', () => {
  it('matches the rules (regenerate with `npm run build && node dist/tools/readme-catalogue.js`)', async () => {
    const catalogue = await loadCatalogue([join(root, 'rules')]);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(CATALOGUE_START), readme.indexOf(CATALOGUE_END) + CATALOGUE_END.length);
    expect(section).toBe(renderCatalogueMarkdown(catalogue));
    for (const rule of catalogue.rules) expect(section).toContain(`\`${rule.id}\``);
  });
});
