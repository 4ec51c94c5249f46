import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/engine/catalogue.js';

/**
 * AWS's HIPAA conformance pack against the catalogue: every one of its 130 Config rule names is
 * referenced by a rule, or listed in the README's "HIPAA pack rules Vigil does not check" with
 * why. A manual one must be named in the manual evidence of a framework requirement, where the
 * auditor attests it.
 */

const root = join(__dirname, '../..');
const pack = readFileSync(join(root, 'rules/reference/aws-config-hipaa-pack-rules.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
const catalogue = await loadCatalogue([join(root, 'rules')]);
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The floor of pack names the catalogue references; raised as rules are added, never lowered. */
const MIN_REFERENCED = 120;


/** Every AWS Config name a rule references, in its references or in a facet's. */
function referenced(): Set<string> {
  const names = new Set<string>();
  for (const rule of catalogue.rules) {
    for (const name of rule.references.aws_config ?? []) names.add(name);
    for (const facet of Object.values(rule.facets ?? {})) for (const name of facet.references.aws_config ?? []) names.add(name);
  }
  return names;
}

/** The rows of the README table "HIPAA pack rules Vigil does not check": name to why. */
function notChecked(): Map<string, string> {
  const start = readme.indexOf('#### HIPAA pack rules Vigil does not check');
  expect(start, 'the README has the table').toBeGreaterThan(-1);
  const rows = new Map<string, string>();
  for (const line of readme.slice(start).split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    const match = /^\| `([a-z0-9-]+)` \| (.+) \|$/.exec(line);
    if (match) rows.set(match[1]!, match[2]!);
  }
  return rows;
}

describe('the AWS Config HIPAA conformance pack', () => {
  it('is the 130 rule names of the pack, each once', () => {
    expect(pack).toHaveLength(130);
    expect(new Set(pack).size).toBe(130);
  });

  it('has every name referenced by a rule, or listed in the README with why', () => {
    const refs = referenced();
    const table = notChecked();
    const missing = pack.filter((name) => !refs.has(name) && !table.has(name));
    expect(missing, 'pack rules neither referenced nor explained').toEqual([]);
    for (const [name, why] of table) {
      expect(pack, `${name} in the README table is not a pack rule`).toContain(name);
      expect(refs.has(name), `${name} is referenced by a rule: take it out of the README table`).toBe(false);
      expect(why, name).toMatch(/^(manual|not observable)\b/);
    }
  });

  it('references at least the pinned number of pack names', () => {
    const refs = referenced();
    expect(pack.filter((name) => refs.has(name)).length).toBeGreaterThanOrEqual(MIN_REFERENCED);
  });

  it('names each manual pack rule in the manual evidence of a framework requirement', () => {
    const evidence = catalogue.frameworks.flatMap((f) => f.requirements.map((r) => r.manual?.evidence ?? '')).join('\n');
    for (const [name, why] of notChecked()) if (why.startsWith('manual')) expect(evidence, name).toContain(name);
  });
});
