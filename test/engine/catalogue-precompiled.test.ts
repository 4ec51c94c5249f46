import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { examplesFileOf, loadCatalogue, precompileCatalogue, writePrecompiled, type PrecompiledCatalogue } from '../../src/engine/catalogue.js';
import { recordHash, stampFiles } from '../../src/engine/catalogue-stamps.js';

/** The precompiled catalogue: used only while it matches the rule files it was made from. */

const rulesDir = join(__dirname, '../../rules');

async function precompiledInto(dir: string, rules: string, edit?: (p: PrecompiledCatalogue) => void): Promise<string> {
  const precompiled = await precompileCatalogue([rules]);
  edit?.(precompiled);
  const file = join(dir, 'catalogue.json');
  writePrecompiled(file, precompiled);
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

  it('keeps the examples in a file beside it, read only when a rule\'s examples are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pre-'));
    const file = await precompiledInto(dir, rulesDir, (p) => (p.catalogue.rules[0]!.title = 'from the precompiled file'));
    expect(readFileSync(file, 'utf8')).not.toContain('"examples":"');
    const parsed = await loadCatalogue([rulesDir]);
    const used = await loadCatalogue([rulesDir], { precompiled: file });
    expect(used.rules[0]!.title).toBe('from the precompiled file');
    expect(used.rules.map((rule) => rule.examples)).toEqual(parsed.rules.map((rule) => rule.examples));

    // Missing, or of another build: the catalogue is parsed from the YAML, examples and all.
    const examples = readFileSync(examplesFileOf(file), 'utf8');
    writeFileSync(examplesFileOf(file), examples.replace(/^\{"key":"./, '{"key":"x'));
    const reparsed = await loadCatalogue([rulesDir], { precompiled: file });
    expect(reparsed.rules[0]!.title).not.toBe('from the precompiled file');
    expect(reparsed.rules[0]!.examples).toEqual(parsed.rules[0]!.examples);
    rmSync(examplesFileOf(file));
    expect((await loadCatalogue([rulesDir], { precompiled: file })).rules[0]!.title).not.toBe('from the precompiled file');

    // Replaced after the catalogue was read: reading the examples says so rather than give others.
    writeFileSync(examplesFileOf(file), examples);
    const early = await loadCatalogue([rulesDir], { precompiled: file });
    writeFileSync(examplesFileOf(file), examples.replace(/^\{"key":"./, '{"key":"x'));
    expect(() => early.rules[0]!.examples).toThrow(/changed while Vigil was running/);
  });
});

describe('the record of the rule files as last hashed', () => {
  afterEach(() => vi.useRealTimers());

  /** The rule files as the catalogue lists them: every YAML file under the folder, sorted by path. */
  const yamlFiles = (dir: string): string[] =>
    (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>)
      .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();

  async function setUp(): Promise<{ rules: string; file: string; record: string; ruleFile: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-stamps-'));
    const rules = join(dir, 'rules');
    cpSync(rulesDir, rules, { recursive: true });
    const file = await precompiledInto(dir, rules, (p) => (p.catalogue.rules[0]!.title = 'from the precompiled file'));
    const first = (JSON.parse(readFileSync(file, 'utf8')) as PrecompiledCatalogue).catalogue.rules[0]!;
    return { rules, file, record: join(dir, 'cache', 'stamps.json'), ruleFile: join(rules, first.file.replace(/^rules\//, '')) };
  }

  it('is written once the files have been left alone for a while, never for files just changed', async () => {
    const { rules, file, record } = await setUp();
    expect((await loadCatalogue([rules], { precompiled: file, stampRecord: record })).rules[0]!.title).toBe('from the precompiled file');
    expect(existsSync(record)).toBe(false);
    vi.useFakeTimers({ now: Date.now() + 10_000, toFake: ['Date'] });
    expect((await loadCatalogue([rules], { precompiled: file, stampRecord: record })).rules[0]!.title).toBe('from the precompiled file');
    expect(existsSync(record)).toBe(true);
  });

  it('stands in for reading the files only while every stamp is the same', async () => {
    const { rules, file, record, ruleFile } = await setUp();
    const hash = (JSON.parse(readFileSync(file, 'utf8')) as PrecompiledCatalogue).catalogue.hash;
    writeFileSync(ruleFile, readFileSync(ruleFile, 'utf8').replace(/^title: .*$/m, 'title: edited since the build'));
    // A record of the edited files that (falsely) says they still hash as the precompiled copy's
    // source: trusted as it stands, which shows the files are not read while stamps match.
    recordHash(record, stampFiles(yamlFiles(rules))!, hash, Date.now() + 10_000);
    expect((await loadCatalogue([rules], { precompiled: file, stampRecord: record })).rules[0]!.title).toBe('from the precompiled file');
    // Any write changes a stamp: the files are read again and the edit is seen.
    writeFileSync(ruleFile, readFileSync(ruleFile, 'utf8').replace(/^title: .*$/m, 'title: edited again'));
    expect((await loadCatalogue([rules], { precompiled: file, stampRecord: record })).rules[0]!.title).toBe('edited again');
  });

  it('is ignored when damaged, and a rule file added or removed is seen', async () => {
    const { rules, file, record, ruleFile } = await setUp();
    const hash = (JSON.parse(readFileSync(file, 'utf8')) as PrecompiledCatalogue).catalogue.hash;
    mkdirSync(dirname(record), { recursive: true });
    writeFileSync(record, '{"stamps": [["');
    writeFileSync(ruleFile, readFileSync(ruleFile, 'utf8').replace(/^title: .*$/m, 'title: edited since the build'));
    expect((await loadCatalogue([rules], { precompiled: file, stampRecord: record })).rules[0]!.title).toBe('edited since the build');
    writeFileSync(record, JSON.stringify({ stamps: 'none', hash }));
    expect((await loadCatalogue([rules], { precompiled: file, stampRecord: record })).rules[0]!.title).toBe('edited since the build');
    // A record of one file fewer than there are now.
    recordHash(record, stampFiles(yamlFiles(rules).filter((path) => path !== ruleFile))!, hash, Date.now() + 10_000);
    expect((await loadCatalogue([rules], { precompiled: file, stampRecord: record })).rules[0]!.title).toBe('edited since the build');
  });
});
