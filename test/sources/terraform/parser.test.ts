import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../../src/sources/terraform/parser.js';
import type { Expr } from '../../../src/sources/terraform/ast.js';
import { corporaRoot } from '../../helpers/corpora.js';
import { bodyShape, compareShapes, oracleShape } from '../../helpers/hcl-oracle.js';

const exprOf = (source: string): Expr => {
  const { file, diagnostics } = parseHcl(`v = ${source}\n`, 't.tf');
  expect(diagnostics).toEqual([]);
  return file.body.attributes[0]!.expr;
};

describe('HCL parser: structure and positions', () => {
  it('records file, line and column for blocks and attributes', () => {
    const { file, diagnostics } = parseHcl('# header\nresource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n', 'main.tf');
    expect(diagnostics).toEqual([]);
    const block = file.body.blocks[0]!;
    expect(block.type).toBe('resource');
    expect(block.labels).toEqual(['aws_s3_bucket', 'b']);
    expect(block.range.start).toMatchObject({ line: 2, column: 1 });
    expect(block.range.end).toMatchObject({ line: 4, column: 2 });
    const attr = block.body.attributes[0]!;
    expect(attr.range.start).toMatchObject({ line: 3, column: 3 });
    expect(file.comments[0]!.text).toBe('# header');
  });

  it('parses one-line blocks and nested blocks', () => {
    const { file, diagnostics } = parseHcl('a "x" { b = 1 }\nouter {\n  inner { c = true }\n}\n', 't.tf');
    expect(diagnostics).toEqual([]);
    expect(file.body.blocks.map((b) => b.type)).toEqual(['a', 'outer']);
    expect(file.body.blocks[1]!.body.blocks[0]!.body.attributes[0]!.name).toBe('c');
  });

  it('keeps all three comment styles out of the tree', () => {
    const { file, diagnostics } = parseHcl('# one\n// two\n/* three\n spans */ a = 1 // trailing\n', 't.tf');
    expect(diagnostics).toEqual([]);
    expect(file.body.attributes.map((a) => a.name)).toEqual(['a']);
    expect(file.comments).toHaveLength(4);
  });
});

describe('HCL parser: expressions', () => {
  it('gives operators Terraform precedence', () => {
    const e = exprOf('1 + 2 * 3 == 7 || false && true');
    expect(e.kind).toBe('binary');
    expect(e.kind === 'binary' && e.op).toBe('||');
    const sum = exprOf('1 + 2 * 3');
    expect(sum.kind === 'binary' && sum.op).toBe('+');
  });

  it('parses conditionals, calls with expansion, index and attribute access', () => {
    expect(exprOf('var.a ? "x" : "y"').kind).toBe('conditional');
    const call = exprOf('concat(local.a, [1]...)');
    expect(call.kind === 'call' && call.expandFinal).toBe(true);
    expect(exprOf('var.list[0].name').kind).toBe('getattr');
    expect(exprOf('var.list.0').kind).toBe('index');
  });

  it('parses splats in both forms', () => {
    const full = exprOf('aws_subnet.private[*].id');
    expect(full.kind).toBe('splat');
    const legacy = exprOf('aws_subnet.private.*.id');
    expect(legacy.kind).toBe('splat');
  });

  it('parses for expressions over lists and maps, with if and grouping', () => {
    const list = exprOf('[for s in var.list : upper(s) if s != ""]');
    expect(list.kind === 'for' && list.condition !== undefined && list.keyExpr === undefined).toBe(true);
    const map = exprOf('{ for k, v in var.map : v => k... }');
    expect(map.kind === 'for' && map.grouping && map.keyVar === 'k').toBe(true);
  });

  it('parses templates with interpolation, directives and strip markers', () => {
    const t = exprOf('"a-${var.x}-%{ if var.y }yes%{ else }no%{ endif }"');
    expect(t.kind).toBe('template');
    if (t.kind === 'template') expect(t.parts.map((p) => p.kind)).toEqual(['text', 'interpolation', 'text', 'if']);
    const stripped = exprOf('"a  ${~ var.x ~}  b"');
    if (stripped.kind === 'template') {
      expect(stripped.parts[0]).toEqual({ kind: 'text', value: 'a' });
      expect(stripped.parts[2]).toEqual({ kind: 'text', value: 'b' });
    }
    expect(exprOf('"$${literal} %%{x}"')).toMatchObject({ kind: 'literal', value: '${literal} %{x}' });
  });

  it('parses heredocs, with <<- dropping the common indentation', () => {
    const { file, diagnostics } = parseHcl('a = <<EOT\n  hello\n    world\nEOT\nb = <<-EOT\n    hello\n      world\n    EOT\n', 't.tf');
    expect(diagnostics).toEqual([]);
    expect(file.body.attributes[0]!.expr).toMatchObject({ kind: 'literal', value: '  hello\n    world\n' });
    expect(file.body.attributes[1]!.expr).toMatchObject({ kind: 'literal', value: 'hello\n  world\n' });
  });

  it('treats multi-line lists, calls and parentheses as one expression', () => {
    const { file, diagnostics } = parseHcl('a = [\n  1,\n  2,\n]\nb = max(\n  1,\n  2\n)\nc = (\n  true\n  ? 1\n  : 2\n)\n', 't.tf');
    expect(diagnostics).toEqual([]);
    expect(file.body.attributes.map((x) => x.expr.kind)).toEqual(['tuple', 'call', 'paren']);
  });

  it('reads unicode escapes in quoted strings', () => {
    expect(exprOf('"caf\\u00e9 \\"q\\""')).toMatchObject({ kind: 'literal', value: 'café "q"' });
  });
});

describe('HCL parser: errors say what was expected where, and parsing goes on', () => {
  it('names the unclosed block and where it opened', () => {
    const { diagnostics } = parseHcl('resource "a" "b" {\n  x = 1\n', 'main.tf');
    expect(diagnostics[0]!.message).toBe('expected "}" to close the block opened at 1:18, found end of file');
  });

  it('recovers at the next line so later errors and blocks are still seen', () => {
    const { file, diagnostics } = parseHcl('a = = 1\nb = 2\nc = [1,\nd = 3\nresource "x" "y" {\n  z = 1\n}\n', 't.tf');
    expect(diagnostics.length).toBeGreaterThanOrEqual(1);
    expect(diagnostics[0]!.message).toContain('expected an expression');
    expect(diagnostics[0]!.range.start).toMatchObject({ line: 1, column: 5 });
    expect(file.body.attributes.map((a) => a.name)).toContain('b');
    expect(file.body.blocks.map((b) => b.type)).toContain('resource');
  });

  it('reports an unterminated string and a duplicate attribute', () => {
    expect(parseHcl('a = "open\nb = 1\n', 't.tf').diagnostics[0]!.message).toContain('unterminated string');
    expect(parseHcl('a = 1\na = 2\n', 't.tf').diagnostics[0]!.message).toBe('attribute "a" is already defined at 1:1');
  });

  it('refuses absurd nesting without exhausting the stack', () => {
    const deep = `a = ${'['.repeat(10_000)}${']'.repeat(10_000)}\nb = 1\n`;
    const { file, diagnostics } = parseHcl(deep, 't.tf');
    expect(diagnostics[0]!.message).toMatch(/nesting deeper than \d+ levels/);
    expect(file.body.attributes.map((a) => a.name)).toContain('b');
  });
});

describe('HCL parser agrees with hcl2-parser (the oracle) on literal structure', () => {
  const fixtures = join(__dirname, '../../../fixtures/terraform');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.tf')) files.push(path);
    }
  };
  walk(fixtures);

  it('finds fixtures to compare', () => {
    expect(files.length).toBeGreaterThan(4);
  });

  it.each(files.map((f) => [f.slice(fixtures.length + 1), f]))('%s', (_name, path) => {
    const source = readFileSync(path, 'utf8');
    const { file, diagnostics } = parseHcl(source, path);
    expect(diagnostics).toEqual([]);
    expect(compareShapes(bodyShape(file.body), oracleShape(source))).toEqual([]);
  });
});

describe('HCL parser: the short path for simple values builds what the full descent builds', () => {
  /** Both parses of a source, trees and diagnostics, as the JSON a report would carry. */
  const bothWays = (source: string): [string, string] => [
    JSON.stringify(parseHcl(source, 't.tf')),
    JSON.stringify(parseHcl(source, 't.tf', { simpleValues: false })),
  ];

  // Where a simple value meets what continues it: operators, traversals, conditionals, line
  // ends inside and outside brackets, templates, and mistakes.
  const edges = [
    'a = "x"\nb = 1\nc = true\nd = null\ne = var.name\n',
    'a = "x" == "y"\nb = -1\nc = var.list.0\nd = var.list.*.id\ne = var.m["k"]\nf = var.a[*].b\n',
    'a = ["x",\n  "y"\n  , var.z\n]\nb = ("p"\n)\nc = { k = "v", "q" = 1, (var.k) = var.v }\n',
    'a = [\n  "x"\n  + "y"\n]\nb = [var.a\n.b]\nc = f("x", var.y..., 1)\n',
    'a = var.c ? "x" : "y"\nb = [var.c ? "x"\n : "y"]\nc = var.c ? "x"\n : "y"\n',
    'a = "${var.x}-${local.y.z}"\nb = "%{if var.on}yes%{else}no%{endif}"\nc = <<EOT\n${var.x}\nEOT\n',
    'a = { for k, v in var.m : k => v.id if v.on }\nb = [for s in var.l : s.name]\n',
    'a = var.\nb = "x" "y"\nc = 1 2\nd = "unterminated\ne = "bad \\q escape"\nf = var.a.1b\n',
    'a = true.x\nb = null\n  .y\nc = "x"\n}\nd = @\n',
  ];
  it.each(edges.map((source) => [JSON.stringify(source).slice(0, 60), source]))('%s', (_name, source) => {
    const [short, full] = bothWays(source);
    expect(short).toEqual(full);
  });

  it('on random token soups (seeded), valid or not', () => {
    const words = ['a', 'var', '=', '"x"', '""', '"${v}"', '1', '2.5', 'true', 'null', ',', '[', ']', '{', '}', '(', ')', '?', ':', '\n', '\n', '+', '-', '!', '.', '*', 'f(', 'for', 'in', '=>', '...', 'x = ', 'b {', 'c.d', '[*]', '==', '#c\n', '<<E\nt\nE\n', '"a\\n"', '%{if a}b%{endif}', 'if', '@', '"open\n', '~', '${'];
    let seed = 7;
    const pick = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let differing = 0;
    for (let i = 0; i < 20_000; i++) {
      let source = pick(2) ? 'x = ' : '';
      for (let j = 0, n = 1 + pick(25); j < n; j++) source += words[pick(words.length)]! + (pick(3) ? ' ' : '');
      const [short, full] = bothWays(source);
      if (short !== full) differing++;
    }
    expect(differing).toBe(0);
  });

  it('on every fixture file, and the public corpora where present', () => {
    const roots = [join(__dirname, '../../../fixtures'), corporaRoot];
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== '.git') walk(path);
        else if (entry.isFile() && /\.(tf|tfvars|hcl)$/.test(entry.name)) files.push(path);
      }
    };
    for (const root of roots) if (existsSync(root)) walk(root);
    expect(files.length).toBeGreaterThan(50);
    const differing = files.filter((file) => {
      const [short, full] = bothWays(readFileSync(file, 'utf8'));
      return short !== full;
    });
    expect(differing).toEqual([]);
  });
});
