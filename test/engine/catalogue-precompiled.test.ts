import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue, precompileCatalogue, type PrecompiledCatalogue } from '../../src/engine/catalogue.js';

/** The precompiled catalogue: used only while it matches the rule files it was made from. */

const rulesDir = join(__dirname, '../../rules');

async function precompiledInto(dir: string, rules: string, edit?: (p: PrecompiledCatalogue) => void): Promise<string> {
  const precompiled = await precompileCatalogue([rules]);
  edit?.(precompiled);
  const file = join(dir, 'catalogue.json');
  writeFileSync(file, JSON.stringify(precompiled));
  return file;
}

describe('a precompiled catalogue', () => {
  it('loads to exactly what parsing the YAML gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pre-'));
    const file = await precompiledInto(dir, rulesDir);
    expect(await loadCatalogue([rulesDir], { precompiled: file })).toEqual(await loadCatalogue([rulesDir]));
  });

  it('is used while its key matches, and ignored once a rule file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pre-'));
    const rules = join(dir, 'rules');
    cpSync(rulesDir, rules, { recursive: true });
    // A marker only the precompiled copy holds shows which one was loaded.
    const file = await precompiledInto(dir, rules, (p) => (p.catalogue.rules[0]!.title = 'from the precompiled file'));
    const used = await loadCatalogue([rules], { precompiled: file });
    expect(used.rules[0]!.title).toBe('from the precompiled file');

    const ruleFile = join(rules, used.rules[0]!.file.replace(/^rules\//, ''));
    writeFileSync(ruleFile, readFileSync(ruleFile, 'utf8').replace(/^title: .*$/m, 'title: edited since the build'));
    const reparsed = await loadCatalogue([rules], { precompiled: file });
    expect(reparsed.rules[0]!.title).toBe('edited since the build');
    expect(reparsed.hash).not.toBe(used.hash);
  });

  it('is ignored when damaged or made from other rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pre-'));
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, '{"key": ');
    const parsed = await loadCatalogue([rulesDir]);
    expect(await loadCatalogue([rulesDir], { precompiled: damaged })).toEqual(parsed);
    const forged = await precompiledInto(dir, rulesDir, (p) => {
      p.key = '0'.repeat(64);
      p.catalogue.rules = [];
    });
    expect((await loadCatalogue([rulesDir], { precompiled: forged })).rules).toHaveLength(parsed.rules.length);
  });
});
