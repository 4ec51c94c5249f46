import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/engine/catalogue.js';
import { runScan } from '../../src/pipeline/scan.js';
import { createSharedText } from '../../src/report/shared-text.js';

/**
 * Results hold one copy of each repeated message and list of facts (a large estate's memory is
 * mostly its results); sharing must never change what a result says.
 */

describe('createSharedText', () => {
  it('gives the first equal list for every later one, and the empty list for any empty one', () => {
    const shared = createSharedText();
    const first = shared.facts(['port 22 is open', 'to 0.0.0.0/0']);
    expect(shared.facts(['port 22 is open', 'to 0.0.0.0/0'])).toBe(first);
    expect(shared.facts(['port 22 is open'])).not.toBe(first);
    expect(shared.facts(['one'])).toBe(shared.facts(['one']));
    expect(shared.facts([])).toBe(shared.facts([]));
    expect(shared.facts([])).toEqual([]);
  });

  it('never stands a list in for a different one whose texts join the same way', () => {
    const shared = createSharedText();
    const joined = shared.facts(['a\0b']);
    const split = shared.facts(['a', 'b']);
    expect(joined).toEqual(['a\0b']);
    expect(split).toEqual(['a', 'b']);
    const three = shared.facts(['a\0b', 'c']);
    expect(shared.facts(['a', 'b\0c'])).toEqual(['a', 'b\0c']);
    expect(shared.facts(['a\0b', 'c'])).toBe(three);
  });

  it('past its bound starts again and still returns equal values', () => {
    const shared = createSharedText(3);
    const lists = Array.from({ length: 10 }, (_, i) => shared.facts([`fact ${i}`, 'tail']));
    lists.forEach((list, i) => expect(list).toEqual([`fact ${i}`, 'tail']));
    for (let i = 0; i < 10; i++) expect(shared.text(`text ${i}`)).toBe(`text ${i}`);
    // The last list made since the bound last reset is still the one given back.
    expect(shared.facts(['fact 9', 'tail'])).toBe(lists[9]);
  });
});

describe('a scan through the real pipeline', () => {
  it('shares equal lists of facts between results and reports every fact as the engine made it', async () => {
    const catalogue = await loadCatalogue([join(__dirname, '../../rules')]);
    const root = join(__dirname, '../../fixtures/terraform/clinic-modules');
    const document = await runScan({
      catalogue,
      frameworks: [],
      terraform: { paths: [root], variables: { varFiles: [], vars: [], env: {} } },
      cwd: root,
      failOn: 'none',
      toolVersion: 'test',
    });
    const byText = new Map<string, string[]>();
    let sharedPairs = 0;
    for (const result of document.results) {
      expect(result.message.length).toBeGreaterThan(0);
      const key = JSON.stringify(result.facts);
      const first = byText.get(key);
      if (first) {
        expect(result.facts).toBe(first);
        sharedPairs++;
      } else byText.set(key, result.facts);
    }
    expect(sharedPairs).toBeGreaterThan(0);
  });
});
