import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../../src/sources/terraform/parser.js';
import { bodyShape, compareShapes, oracleShape } from '../../helpers/hcl-oracle.js';

/**
 * A generated corpus for the oracle: deterministic random files mixing every literal form,
 * nested blocks and labels, comments of all three styles, heredocs and multi-line collections,
 * each parsed by Vigil and by hcl2-parser and compared on literal structure.
 */

/** A small deterministic generator (mulberry32), so a failure names a reproducible file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['bucket', 'name', 'tags', 'cidr_blocks', 'enabled', 'port', 'rule', 'policy', 'ingress', 'versioning', 'kms_key_id', 'description'];
const STRINGS = ['plain', 'with space', 'quote \\" inside', 'tab\\tand\\nnewline', 'unicode caf\\u00e9', 'dollar $ and percent %', 'escaped $${not} %%{this}', 'backslash \\\\ end', ''];

function generate(seed: number): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const literal = (depth: number): string => {
    const roll = next();
    if (depth > 2 || roll < 0.25) return `"${pick(STRINGS)}"`;
    if (roll < 0.4) return String(Math.floor(next() * 70000));
    if (roll < 0.45) return (next() * 1000).toFixed(3);
    if (roll < 0.55) return pick(['true', 'false', 'null']);
    if (roll < 0.75) {
      const items = Array.from({ length: Math.floor(next() * 4) }, () => literal(depth + 1));
      return next() < 0.5 ? `[${items.join(', ')}]` : `[\n${items.map((i) => `    ${i},`).join('\n')}\n  ]`;
    }
    const entries = Array.from({ length: Math.floor(next() * 4) }, (_, i) => `${pick(WORDS)}_${i} = ${literal(depth + 1)}`);
    return next() < 0.5 ? `{ ${entries.join(', ')} }` : `{\n${entries.map((e) => `    ${e}`).join('\n')}\n  }`;
  };
  const comment = (): string => pick(['# a comment', '// another', '/* block\n   comment */']);
  const body = (depth: number): string[] => {
    const lines: string[] = [];
    const used = new Set<string>();
    const count = 1 + Math.floor(next() * 5);
    for (let i = 0; i < count; i++) {
      if (next() < 0.2) lines.push(comment());
      const name = `${pick(WORDS)}${i}`;
      if (depth < 3 && next() < 0.25) {
        lines.push(`${name} {`, ...body(depth + 1).map((l) => `  ${l}`), '}');
      } else if (next() < 0.1) {
        lines.push(`${name} = <<${next() < 0.5 ? '-' : ''}EOT`, `    heredoc line ${i}`, '      indented more', '    EOT');
      } else if (!used.has(name)) {
        used.add(name);
        lines.push(`${name} = ${literal(0)}`);
      }
    }
    return lines;
  };
  const blocks: string[] = [];
  for (let i = 0; i < 1 + Math.floor(next() * 6); i++) {
    const type = pick(['resource', 'data', 'variable', 'locals', 'module', 'provider', 'output']);
    const labels = type === 'resource' || type === 'data' ? `"aws_${pick(WORDS)}" "r${i}"` : type === 'locals' ? '' : `"n${i}"`;
    blocks.push(`${type} ${labels} {`.replace('  {', ' {'), ...body(1).map((l) => `  ${l}`), '}', '');
  }
  return blocks.join('\n');
}

describe('the generated oracle corpus', () => {
  const seeds = Array.from({ length: 150 }, (_, i) => i + 1);

  it('generates distinct files', () => {
    expect(new Set(seeds.map(generate)).size).toBe(seeds.length);
  });

  it.each(seeds)('seed %i: Vigil and hcl2-parser agree', (seed) => {
    const source = generate(seed);
    const { file, diagnostics } = parseHcl(source, `seed-${seed}.tf`);
    expect(diagnostics, source).toEqual([]);
    expect(compareShapes(bodyShape(file.body), oracleShape(source)), source).toEqual([]);
  });
});
