import type { Attribute, Block, Body, ConfigFile, Diagnostic, Expr, ObjectItem, Position, Range } from './ast.js';
import { MAX_NESTING, parseHcl } from './parser.js';

/**
 * Terraform's JSON syntax (`.tf.json`) turned into the same tree as native syntax, so evaluation
 * never knows which one it read. JSON has no positions of its own once parsed, so this module
 * parses it itself, keeping the line and column of every key and value.
 *
 * Which JSON objects are nested blocks depends on provider schemas Vigil does not load; inside
 * resources an object (or list of objects) is taken as nested block(s) unless its name is one
 * of the usual map arguments (tags, environment ...). Mappers read a block and an object alike.
 */

type JsonNode =
  | { type: 'object'; entries: Array<{ key: string; keyRange: Range; value: JsonNode }>; range: Range }
  | { type: 'array'; items: JsonNode[]; range: Range }
  | { type: 'string'; value: string; range: Range }
  | { type: 'number' | 'bool' | 'null'; value: number | boolean | null; range: Range };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
  }
}

/** Map-typed arguments that must stay objects rather than become nested blocks. */
const MAP_ARGUMENTS = new Set([
  'tags',
  'tags_all',
  'default_tags',
  'environment',
  'variables',
  'triggers',
  'labels',
  'parameters',
  'metadata',
  'stage_variables',
  'request_parameters',
  'request_templates',
  'response_parameters',
  'context',
  'values',
]);

export function parseTerraformJson(source: string, path: string): { file: ConfigFile; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const emptyRange: Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
  const empty: ConfigFile = { path, body: { attributes: [], blocks: [], range: emptyRange }, comments: [] };
  let root: JsonNode;
  try {
    root = new JsonReader(source).document();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    diagnostics.push({ message: error.message, range: { start: error.position, end: error.position } });
    return { file: empty, diagnostics };
  }
  if (root.type !== 'object') {
    diagnostics.push({ message: 'a .tf.json file must hold a JSON object', range: root.range });
    return { file: empty, diagnostics };
  }
  const converter = new Converter(diagnostics, path);
  const body: Body = { attributes: [], blocks: converter.topLevel(root), range: root.range };
  return { file: { path, body, comments: [] }, diagnostics };
}

class Converter {
  constructor(
    private readonly diagnostics: Diagnostic[],
    private readonly path: string,
  ) {}

  topLevel(root: Extract<JsonNode, { type: 'object' }>): Block[] {
    const blocks: Block[] = [];
    for (const { key, keyRange, value } of root.entries) {
      if (key === '//') continue;
      switch (key) {
        case 'resource':
        case 'data':
          for (const [type, typeNode] of this.objectEntries(value, `"${key}"`)) {
            for (const [name, bodyNode, nameRange] of this.objectEntries(typeNode, `"${key}" "${type}"`)) {
              for (const body of asList(bodyNode)) blocks.push(this.block(key, [type, name], body, nameRange, 'resource'));
            }
          }
          break;
        case 'variable':
        case 'output':
        case 'module':
        case 'provider':
          for (const [name, bodyNode, nameRange] of this.objectEntries(value, `"${key}"`)) {
            for (const body of asList(bodyNode)) blocks.push(this.block(key, [name], body, nameRange, key));
          }
          break;
        case 'locals':
        case 'terraform':
          for (const body of asList(value)) blocks.push(this.block(key, [], body, keyRange, key));
          break;
        default:
          this.diagnostics.push({ message: `unexpected top-level key "${key}" in a .tf.json file`, range: keyRange });
      }
    }
    return blocks;
  }

  /** Name, value and the range of the name: a block's location starts at its name. */
  private objectEntries(node: JsonNode, what: string): Array<[string, JsonNode, Range]> {
    if (node.type !== 'object') {
      this.diagnostics.push({ message: `${what} must be a JSON object`, range: node.range });
      return [];
    }
    return node.entries.filter((e) => e.key !== '//').map((e) => [e.key, e.value, e.keyRange]);
  }

  private block(type: string, labels: string[], node: JsonNode, keyRange: Range, kind: string): Block {
    const body = node.type === 'object' ? this.body(node, kind) : this.invalidBody(node, `the "${type}" block must be a JSON object`);
    return { type, labels, body, range: { start: keyRange.start, end: node.range.end } };
  }

  private invalidBody(node: JsonNode, message: string): Body {
    this.diagnostics.push({ message, range: node.range });
    return { attributes: [], blocks: [], range: node.range };
  }

  /** A block body: which keys are literal, expressions or nested blocks depends on the block kind. */
  private body(node: Extract<JsonNode, { type: 'object' }>, kind: string): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (const { key, keyRange, value } of node.entries) {
      if (key === '//') continue;
      const attribute = (expr: Expr): void => {
        attributes.push({ name: key, nameRange: keyRange, expr, range: { start: keyRange.start, end: value.range.end } });
      };
      if (kind === 'variable') {
        if (key === 'validation') continue;
        // A variable's default is a literal value; its type is an expression written as a string.
        if (key === 'type' && value.type === 'string') attribute(this.parseExpression(value.value, value.range));
        else attribute(literal(value));
        continue;
      }
      if (kind === 'module' && (key === 'source' || key === 'version')) {
        attribute(literal(value));
        continue;
      }
      if (key === 'count' || key === 'for_each' || (kind === 'output' && key === 'value')) {
        // A lone "${...}" evaluates to its value unconverted, as Terraform reads it.
        attribute(this.expression(value));
        continue;
      }
      if (kind === 'resource' && key === 'dynamic') {
        for (const [label, dyn, labelRange] of this.objectEntries(value, '"dynamic"')) {
          for (const item of asList(dyn)) blocks.push(this.block('dynamic', [label], item, labelRange, 'dynamic'));
        }
        continue;
      }
      if (kind === 'dynamic' && key === 'content') {
        for (const item of asList(value)) blocks.push(this.block('content', [], item, keyRange, 'resource'));
        continue;
      }
      if (kind === 'dynamic' && key === 'iterator' && value.type === 'string') {
        attribute({ kind: 'variable', name: value.value, range: value.range });
        continue;
      }
      const nested = kind === 'resource' && !MAP_ARGUMENTS.has(key) && isBlockShaped(value);
      if (nested) {
        for (const item of asList(value)) blocks.push(this.block(key, [], item, keyRange, 'resource'));
        continue;
      }
      attribute(this.expression(value));
    }
    return { attributes, blocks, range: node.range };
  }

  /** JSON values in expression mode: strings are templates, everything else is itself. */
  private expression(node: JsonNode): Expr {
    switch (node.type) {
      case 'string':
        return node.value.includes('${') || node.value.includes('%{')
          ? this.parseTemplate(node.value, node.range)
          : { kind: 'literal', value: node.value, range: node.range };
      case 'array':
        return { kind: 'tuple', items: node.items.map((item) => this.expression(item)), range: node.range };
      case 'object': {
        const items: ObjectItem[] = node.entries.map((e) => ({
          key: { kind: 'literal', value: e.key, range: e.keyRange },
          value: this.expression(e.value),
        }));
        return { kind: 'object', items, range: node.range };
      }
      default:
        return literal(node);
    }
  }

  private parseTemplate(text: string, range: Range): Expr {
    // A heredoc with a delimiter no real text contains reads the string as a template.
    const delimiter = 'VIGIL_JSON_TEMPLATE_END';
    const wrapped = parseHcl(`v = <<${delimiter}\n${text}\n${delimiter}\n`, this.path);
    return this.adopt(wrapped, range, 2, (expr) => stripTrailingNewline(expr));
  }

  private parseExpression(text: string, range: Range): Expr {
    return this.adopt(parseHcl(`v = ${text}\n`, this.path), range, 1, (expr) => expr);
  }

  /** Takes the parsed expression, moving its positions and diagnostics onto the JSON string. */
  private adopt(parsed: ReturnType<typeof parseHcl>, range: Range, firstLine: number, finish: (expr: Expr) => Expr): Expr {
    const shift = (p: Position): Position =>
      p.line <= firstLine
        ? { line: range.start.line, column: range.start.column + 1, offset: range.start.offset + 1 }
        : { line: range.start.line + p.line - firstLine, column: p.column, offset: range.start.offset + 1 };
    for (const d of parsed.diagnostics) {
      this.diagnostics.push({ message: d.message, range: { start: shift(d.range.start), end: shift(d.range.end) } });
    }
    const attr = parsed.file.body.attributes[0];
    if (!attr || parsed.diagnostics.length > 0) return { kind: 'invalid', range };
    const expr = finish(attr.expr);
    moveRanges(expr, shift);
    expr.range = range;
    return expr;
  }
}

function moveRanges(node: unknown, shift: (p: Position) => Position): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) moveRanges(item, shift);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'range' && value && typeof value === 'object') {
      const r = value as Range;
      record[key] = { start: shift(r.start), end: shift(r.end) };
    } else {
      moveRanges(value, shift);
    }
  }
}

function stripTrailingNewline(expr: Expr): Expr {
  if (expr.kind === 'literal' && typeof expr.value === 'string') return { ...expr, value: expr.value.replace(/\n$/, '') };
  if (expr.kind === 'template') {
    const last = expr.parts[expr.parts.length - 1];
    if (last?.kind === 'text') {
      last.value = last.value.replace(/\n$/, '');
      if (last.value === '') expr.parts.pop();
    }
    if (expr.parts.length === 1 && expr.parts[0]!.kind === 'text') return { kind: 'literal', value: expr.parts[0]!.value, range: expr.range };
  }
  return expr;
}

function literal(node: JsonNode): Expr {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'bool':
    case 'null':
      return { kind: 'literal', value: node.value, range: node.range };
    case 'array':
      return { kind: 'tuple', items: node.items.map(literal), range: node.range };
    case 'object':
      return {
        kind: 'object',
        items: node.entries.map((e) => ({ key: { kind: 'literal', value: e.key, range: e.keyRange }, value: literal(e.value) })),
        range: node.range,
      };
  }
}

const asList = (node: JsonNode): JsonNode[] => (node.type === 'array' ? node.items : [node]);

const isBlockShaped = (node: JsonNode): boolean =>
  node.type === 'object' || (node.type === 'array' && node.items.length > 0 && node.items.every((i) => i.type === 'object'));

/** A strict JSON reader that records positions; it refuses nesting deeper than the HCL parser does. */
class JsonReader {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  document(): JsonNode {
    this.space();
    const node = this.value();
    this.space();
    if (this.offset < this.src.length) this.fail('unexpected content after the JSON value');
    return node;
  }

  private pos(): Position {
    return { line: this.line, column: this.offset - this.lineStart + 1, offset: this.offset };
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(`invalid JSON: ${message}`, this.pos());
  }

  private space(): void {
    const src = this.src;
    while (this.offset < src.length) {
      const c = src.charCodeAt(this.offset);
      if (c === 10) {
        this.offset++;
        this.line++;
        this.lineStart = this.offset;
      } else if (c === 32 || c === 9 || c === 13) {
        this.offset++;
      } else {
        return;
      }
    }
  }

  private value(): JsonNode {
    const start = this.pos();
    const c = this.src[this.offset];
    if (c === '{' || c === '[') {
      if (++this.depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels`);
      const node = c === '{' ? this.object(start) : this.array(start);
      this.depth--;
      return node;
    }
    if (c === '"') {
      const value = this.string();
      return { type: 'string', value, range: { start, end: this.pos() } };
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.src.slice(this.offset, this.offset + 400));
    if (!literal) this.fail(c === undefined ? 'unexpected end of file' : `unexpected character ${JSON.stringify(c)}`);
    this.offset += literal[0].length;
    const range = { start, end: this.pos() };
    if (literal[0] === 'null') return { type: 'null', value: null, range };
    if (literal[0] === 'true' || literal[0] === 'false') return { type: 'bool', value: literal[0] === 'true', range };
    return { type: 'number', value: Number(literal[0]), range };
  }

  private object(start: Position): JsonNode {
    this.offset++;
    const entries: Array<{ key: string; keyRange: Range; value: JsonNode }> = [];
    this.space();
    if (this.src[this.offset] === '}') {
      this.offset++;
      return { type: 'object', entries, range: { start, end: this.pos() } };
    }
    for (;;) {
      this.space();
      const keyStart = this.pos();
      if (this.src[this.offset] !== '"') this.fail('expected a quoted object key');
      const key = this.string();
      const keyRange = { start: keyStart, end: this.pos() };
      this.space();
      if (this.src[this.offset] !== ':') this.fail('expected ":" after the object key');
      this.offset++;
      this.space();
      entries.push({ key, keyRange, value: this.value() });
      this.space();
      const next = this.src[this.offset];
      this.offset++;
      if (next === '}') return { type: 'object', entries, range: { start, end: this.pos() } };
      if (next !== ',') {
        this.offset--;
        this.fail('expected "," or "}" in the object');
      }
    }
  }

  private array(start: Position): JsonNode {
    this.offset++;
    const items: JsonNode[] = [];
    this.space();
    if (this.src[this.offset] === ']') {
      this.offset++;
      return { type: 'array', items, range: { start, end: this.pos() } };
    }
    for (;;) {
      this.space();
      items.push(this.value());
      this.space();
      const next = this.src[this.offset];
      this.offset++;
      if (next === ']') return { type: 'array', items, range: { start, end: this.pos() } };
      if (next !== ',') {
        this.offset--;
        this.fail('expected "," or "]" in the list');
      }
    }
  }

  private string(): string {
    // JSON.parse decodes the escapes once the extent of the string is known.
    const src = this.src;
    let end = this.offset + 1;
    for (;;) {
      if (end >= src.length) this.fail('unterminated string');
      const c = src.charCodeAt(end);
      if (c === 34) break;
      if (c === 92) end++;
      else if (c === 10) this.fail('unterminated string');
      end++;
    }
    const raw = src.slice(this.offset, end + 1);
    this.offset = end + 1;
    try {
      return JSON.parse(raw) as string;
    } catch {
      this.offset -= raw.length;
      return this.fail('invalid escape in a string');
    }
  }
}
