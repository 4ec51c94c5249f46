import type {
  Attribute,
  BinaryOp,
  Block,
  Body,
  ConfigFile,
  Diagnostic,
  Expr,
  ObjectItem,
  Position,
  Range,
  TemplatePart,
} from './ast.js';
import { Lexer, SourceRange, type Token } from './lexer.js';

/**
 * A recursive-descent parser for HCL native syntax. It never throws on bad input: each problem
 * becomes a diagnostic with a range and a message saying what was expected, and parsing resumes
 * at the next line so one mistake does not hide the rest of the file.
 */

export interface ParseResult {
  file: ConfigFile;
  diagnostics: Diagnostic[];
}

/** Deeper nesting than this is refused rather than risking the call stack. */
export const MAX_NESTING = 400;

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

class ParseAbort extends Error {}

export interface ParseOptions {
  /**
   * The short path for the simplest values (on unless false). Off, every expression takes the full
   * descent: the tests parse both ways and compare.
   */
  simpleValues?: boolean;
}

export function parseHcl(source: string, path: string, options: ParseOptions = {}): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lexer = new Lexer(source, diagnostics);
  const parser = new Parser(new TokenStream(lexer), diagnostics, options.simpleValues !== false);
  const body = parser.parseFile();
  // The scanner runs a few tokens ahead of the parser: report problems in source order.
  diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { file: { path, body, comments: lexer.comments }, diagnostics };
}

/**
 * The tokens between the parser and the scanner. The parser only moves forward (with a few
 * tokens of lookahead), so tokens it has passed are dropped and a file's tokens never all exist
 * at once.
 */
class TokenStream {
  /** Tokens from `base` on; slots past `size` are stale, kept so the array never shrinks and regrows. */
  readonly buffer: Token[] = [];
  size = 0;
  base = 0;

  constructor(private readonly lexer: Lexer) {}

  at(index: number): Token {
    const i = index - this.base;
    while (i >= this.size) this.buffer[this.size++] = this.lexer.next();
    return this.buffer[i]!;
  }

  /** The first index still held. */
  get earliest(): number {
    return this.base;
  }

  /** The parser will not look before `index` again. */
  release(index: number): void {
    const drop = index - this.base;
    // Soon enough that passed tokens rarely live through a garbage collection; the few kept
    // (lookahead) are moved down in place.
    if (drop > 256) {
      this.buffer.copyWithin(0, drop, this.size);
      this.size = Math.max(0, this.size - drop);
      this.base = index;
    }
  }
}

const describe = (token: Token): string => {
  switch (token.type) {
    case 'eof':
      return 'end of file';
    case 'newline':
      return 'end of line';
    case 'ident':
      return `"${token.value}"`;
    case 'number':
      return `number ${token.value}`;
    case 'oquote':
    case 'text':
      return 'a string';
    case 'oheredoc':
      return 'a heredoc';
    default:
      return `"${token.value}"`;
  }
};

const at = (p: Position): string => `${p.line}:${p.column}`;

/** Where a token or a parsed range starts and ends, as numbers: both carry them. */
type Edges = Pick<SourceRange, 'startLine' | 'startColumn' | 'startOffset' | 'endLine' | 'endColumn' | 'endOffset'>;

/**
 * The edges of a range the parser made (always a SourceRange); any other Range is read through
 * its positions, so a hand-made range still works.
 */
const edges = (of: Token | Range): Edges =>
  of instanceof SourceRange || 'startLine' in of ? (of as Edges) : new SourceRange(of.start.line, of.start.column, of.start.offset, of.end.line, of.end.column, of.end.offset);

/** From the start of `from` to the end of `to`. */
const span = (from: Token | Range, to: Token | Range): SourceRange => {
  const a = edges(from);
  const b = edges(to);
  return new SourceRange(a.startLine, a.startColumn, a.startOffset, b.endLine, b.endColumn, b.endOffset);
};

/** From the start of `from` to the start of `to` (a block's range ends where its closing brace starts). */
const spanToStart = (from: Token, to: Token): SourceRange =>
  new SourceRange(from.startLine, from.startColumn, from.startOffset, to.startLine, to.startColumn, to.startOffset);

/** Empty, at the end of `token` (where a splat's traversal is anchored). */
const spanFromEnd = (token: Token, to: Token): SourceRange => new SourceRange(token.endLine, token.endColumn, token.endOffset, to.endLine, to.endColumn, to.endOffset);

/** A number, `true`, `false`, `null` or a name, as its one token makes it. */
function atomOf(token: Token): Expr {
  if (token.type === 'number') return { kind: 'literal', value: Number(token.value), range: span(token, token) };
  if (token.value === 'true' || token.value === 'false') return { kind: 'literal', value: token.value === 'true', range: span(token, token) };
  if (token.value === 'null') return { kind: 'literal', value: null, range: span(token, token) };
  return { kind: 'variable', name: token.value, range: span(token, token) };
}

class Parser {
  private index = 0;
  /** While positive, newlines are insignificant (inside parentheses and brackets). */
  private newlineInsensitive = 0;
  private depth = 0;

  constructor(
    private readonly tokens: TokenStream,
    readonly diagnostics: Diagnostic[],
    private readonly simpleValues: boolean,
  ) {}

  // ---- token access -------------------------------------------------------------------------

  // peekRaw and peek read a token already scanned straight from the stream's buffer: they run for
  // every token, and one call less matters while parsing runs interpreted.
  private peekRaw(): Token {
    const tokens = this.tokens;
    const i = this.index - tokens.base;
    return i < tokens.size ? tokens.buffer[i]! : tokens.at(this.index);
  }

  private peek(): Token {
    let token = this.peekRaw();
    if (this.newlineInsensitive > 0) {
      while (token.type === 'newline') {
        this.index++;
        token = this.peekRaw();
      }
    }
    return token;
  }

  private peekAhead(n: number): Token {
    let i = this.index;
    let seen = 0;
    for (;;) {
      const t = this.tokens.at(i);
      if (t.type === 'eof') return t;
      if (this.newlineInsensitive > 0 && t.type === 'newline') {
        i++;
        continue;
      }
      if (seen === n) return t;
      seen++;
      i++;
    }
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    return token;
  }

  private isPunct(value: string, token = this.peek()): boolean {
    return token.type === 'punct' && token.value === value;
  }

  private fail(message: string, token: Token): never {
    this.diagnostics.push({ message, range: span(token, token) });
    throw new ParseAbort(message);
  }

  private expectPunct(value: string, context: string): Token {
    const token = this.peek();
    if (!this.isPunct(value, token)) this.fail(`expected "${value}" ${context}, found ${describe(token)}`, token);
    return this.next();
  }

  private skipNewlines(): void {
    while (this.peekRaw().type === 'newline') this.index++;
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels`, token);
  }

  private leave(): void {
    this.depth--;
  }

  /**
   * `value` closing a bracket opened by `open`: "to close <what> opened at <line:col>" when it is
   * missing. The message is made only then; the call to `callee`, when given, is what was opened.
   */
  private closing(value: string, what: string, open: Token, callee?: string): Token {
    const token = this.peek();
    if (this.isPunct(value, token)) return this.next();
    return this.expectPunct(value, `to close ${callee === undefined ? what : `the call to ${callee}()`} opened at ${at(open.start)}`);
  }

  /** An expression in which newlines are insignificant (inside brackets), without a closure per call. */
  private bracketedExpression(): Expr {
    const saved = this.newlineInsensitive;
    this.newlineInsensitive = saved + 1;
    try {
      return this.parseExpression();
    } finally {
      this.newlineInsensitive = saved;
    }
  }

  /** `value` closing a bracket, newlines before it insignificant (see `closing`). */
  private bracketClosing(value: string, what: string, open: Token): Token {
    const saved = this.newlineInsensitive;
    this.newlineInsensitive = saved + 1;
    try {
      return this.closing(value, what, open);
    } finally {
      this.newlineInsensitive = saved;
    }
  }

  private withNewlines<T>(insensitive: boolean, fn: () => T): T {
    const saved = this.newlineInsensitive;
    this.newlineInsensitive = insensitive ? saved + 1 : 0;
    try {
      return fn();
    } finally {
      this.newlineInsensitive = saved;
    }
  }

  // ---- bodies -------------------------------------------------------------------------------

  parseFile(): Body {
    const first = this.peekRaw();
    const body = this.parseBodyItems(null);
    return { attributes: body.attributes, blocks: body.blocks, range: span(first, this.peekRaw()) };
  }

  /** Parses attributes and blocks until `}` (for a block body) or end of file. */
  private parseBodyItems(opener: Token | null): Omit<Body, 'range'> {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    const names = new Map<string, Attribute>();
    for (;;) {
      this.skipNewlines();
      this.tokens.release(this.index);
      const token = this.peekRaw();
      if (token.type === 'eof') {
        if (opener) {
          this.diagnostics.push({
            message: `expected "}" to close the block opened at ${at(opener.start)}, found end of file`,
            range: span(token, token),
          });
        }
        return { attributes, blocks };
      }
      if (opener && this.isPunct('}', token)) return { attributes, blocks };
      const startIndex = this.index;
      try {
        const item = this.parseBodyItem();
        if ('expr' in item) {
          const previous = names.get(item.name);
          if (previous) {
            this.diagnostics.push({
              message: `attribute "${item.name}" is already defined at ${at(previous.range.start)}`,
              range: item.nameRange,
            });
          } else {
            names.set(item.name, item);
            attributes.push(item);
          }
        } else {
          blocks.push(item);
        }
      } catch (error) {
        if (!(error instanceof ParseAbort)) throw error;
        // Too deep: skip the whole item from its start, so its thousands of closing brackets are
        // not each reported again (one error for one expression).
        if (error.message.startsWith('nesting deeper')) this.index = Math.max(startIndex, this.tokens.earliest);
        this.recover(startIndex);
        // A nesting failure at body level cannot be resumed sensibly inside this body.
        if (this.depth > MAX_NESTING) throw error;
      }
    }
  }

  /** Skips to the start of the next line at this bracket depth. */
  private recover(startIndex: number): void {
    this.newlineInsensitive = 0;
    if (this.index === startIndex) this.index++;
    let depth = 0;
    for (;;) {
      const token = this.tokens.at(this.index);
      if (token.type === 'eof') return;
      if (token.type === 'punct' && (token.value === '{' || token.value === '[' || token.value === '(')) depth++;
      if (token.type === 'punct' && (token.value === '}' || token.value === ']' || token.value === ')')) {
        if (depth === 0) return;
        depth--;
      }
      if (token.type === 'newline' && depth <= 0) {
        this.index++;
        return;
      }
      this.index++;
    }
  }

  private parseBodyItem(): Attribute | Block {
    const nameToken = this.peekRaw();
    if (nameToken.type !== 'ident') {
      this.fail(`expected an attribute name or a block type, found ${describe(nameToken)}`, nameToken);
    }
    this.index++;
    const after = this.peekRaw();
    if (this.isPunct('=', after)) {
      this.index++;
      // Inlined withNewlines(false, ...): attributes are the commonest item of all.
      const saved = this.newlineInsensitive;
      this.newlineInsensitive = 0;
      let expr: Expr;
      try {
        expr = this.parseExpression();
      } finally {
        this.newlineInsensitive = saved;
      }
      this.expectLineEnd('after the attribute value');
      return {
        name: nameToken.value,
        nameRange: span(nameToken, nameToken),
        expr,
        range: span(nameToken, expr.range),
      };
    }
    const labels: string[] = [];
    for (;;) {
      const token = this.peekRaw();
      if (token.type === 'ident') {
        labels.push(token.value);
        this.index++;
      } else if (token.type === 'oquote') {
        labels.push(this.parseLabelString());
      } else {
        break;
      }
    }
    const open = this.peekRaw();
    if (!this.isPunct('{', open)) {
      this.fail(
        labels.length === 0
          ? `expected "=" or "{" after "${nameToken.value}", found ${describe(open)}`
          : `expected "{" to open the "${nameToken.value}" block, found ${describe(open)}`,
        open,
      );
    }
    this.index++;
    this.enter(open);
    const saved = this.newlineInsensitive;
    this.newlineInsensitive = 0;
    let inner: Omit<Body, 'range'>;
    try {
      inner = this.parseBodyItems(open);
    } finally {
      this.newlineInsensitive = saved;
    }
    this.leave();
    const close = this.peekRaw();
    if (!this.isPunct('}', close)) {
      return {
        type: nameToken.value,
        labels,
        body: { attributes: inner.attributes, blocks: inner.blocks, range: spanToStart(open, close) },
        range: spanToStart(nameToken, close),
      };
    }
    this.index++;
    this.expectLineEnd('after the block');
    return {
      type: nameToken.value,
      labels,
      body: { attributes: inner.attributes, blocks: inner.blocks, range: span(open, close) },
      range: span(nameToken, close),
    };
  }

  private parseLabelString(): string {
    const open = this.next();
    let value = '';
    for (;;) {
      const token = this.peekRaw();
      if (token.type === 'text') {
        value += token.value;
        this.index++;
      } else if (token.type === 'cquote') {
        this.index++;
        return value;
      } else {
        this.fail(`block labels must be plain strings (the label opened at ${at(open.start)})`, token);
      }
    }
  }

  private expectLineEnd(context: string): void {
    const token = this.peekRaw();
    if (token.type === 'newline') {
      this.index++;
      return;
    }
    if (token.type === 'eof' || this.isPunct('}', token)) return;
    this.fail(`expected a new line ${context}, found ${describe(token)}`, token);
  }

  // ---- expressions --------------------------------------------------------------------------

  parseExpression(): Expr {
    const first = this.peek();
    const simple = this.simpleValues && this.depth < MAX_NESTING ? this.simpleValue(first) : undefined;
    if (simple !== undefined) return simple;
    this.enter(first);
    try {
      return this.parseConditional();
    } finally {
      this.leave();
    }
  }

  /**
   * The commonest expressions of all, built without the descent through every precedence level:
   * a lone string, number or keyword, or a name with `.attribute` steps (`var.tags`), that the
   * next token ends. Most of a file's values are these, and each level of the descent is a call
   * that runs interpreted while parsing is cold. Anything else is left to the full descent, which
   * builds the same nodes and stops at the same token.
   */
  private simpleValue(first: Token): Expr | undefined {
    let after = this.index + 1;
    let node: Expr;
    switch (first.type) {
      case 'oquote': {
        const plain = this.plainString(first, after);
        if (plain === undefined) return undefined;
        [node, after] = plain;
        break;
      }
      case 'number':
      case 'ident':
        node = atomOf(first);
        if (node.kind === 'variable') {
          while (this.isPunct('.', this.tokens.at(after))) {
            const name = this.tokens.at(after + 1);
            if (name.type !== 'ident') break;
            node = { kind: 'getattr', object: node, name: name.value, range: span(node.range, name) };
            after += 2;
          }
        }
        break;
      default:
        return undefined;
    }
    // Inside brackets the full descent's last look skips line ends: stop where it would.
    if (this.newlineInsensitive > 0) while (this.tokens.at(after).type === 'newline') after++;
    if (!this.endsValue(this.tokens.at(after))) return undefined;
    this.index = after;
    return node;
  }

  /** A token that cannot continue the expression before it: no operator, traversal, call or conditional. */
  private endsValue(token: Token): boolean {
    switch (token.type) {
      case 'newline':
        return this.newlineInsensitive === 0;
      case 'eof':
      case 'seal':
        return true;
      case 'punct':
        return token.value === ',' || token.value === ']' || token.value === '}' || token.value === ')' || token.value === ':' || token.value === '=';
      default:
        return false;
    }
  }

  private parseConditional(): Expr {
    const condition = this.parseBinary(1);
    if (!this.isPunct('?')) return condition;
    this.next();
    const then = this.bracketedExpression();
    this.expectPunct(':', 'in the conditional expression');
    const otherwise = this.parseExpression();
    return {
      kind: 'conditional',
      condition,
      then,
      else: otherwise,
      range: span(condition.range, otherwise.range),
    };
  }

  private parseBinary(minPrecedence: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      const precedence = token.type === 'punct' ? BINARY_PRECEDENCE[token.value] : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.next();
      const right = this.parseBinary(precedence + 1);
      left = {
        kind: 'binary',
        op: token.value as BinaryOp,
        left,
        right,
        range: span(left.range, right.range),
      };
    }
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (this.isPunct('-', token) || this.isPunct('!', token)) {
      this.next();
      this.enter(token);
      const operand = this.parseUnary();
      this.leave();
      // Fold negative number literals so `-1` is a literal, as hcl2 and Terraform show it.
      if (token.value === '-' && operand.kind === 'literal' && typeof operand.value === 'number') {
        return { kind: 'literal', value: -operand.value, range: span(token, operand.range) };
      }
      return { kind: 'unary', op: token.value as '-' | '!', operand, range: span(token, operand.range) };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(initial: Expr): Expr {
    let expr = initial;
    for (;;) {
      const token = this.peek();
      if (this.isPunct('.', token)) {
        const after = this.peekAhead(1);
        if (this.isPunct('*', after)) {
          this.next();
          const star = this.next();
          expr = this.parseSplat(expr, star, false);
          continue;
        }
        this.next();
        const name = this.next();
        if (name.type === 'ident') {
          expr = { kind: 'getattr', object: expr, name: name.value, range: span(expr.range, name) };
        } else if (name.type === 'number' && /^\d+$/.test(name.value)) {
          // Legacy index syntax: `list.0`.
          expr = {
            kind: 'index',
            object: expr,
            key: { kind: 'literal', value: Number(name.value), range: span(name, name) },
            range: span(expr.range, name),
          };
        } else {
          this.fail(`expected an attribute name after ".", found ${describe(name)}`, name);
        }
        continue;
      }
      if (this.isPunct('[', token)) {
        if (this.isPunct('*', this.peekAhead(1)) && this.isPunct(']', this.peekAhead(2))) {
          this.next();
          this.next();
          const close = this.next();
          expr = this.parseSplat(expr, close, true);
          continue;
        }
        this.next();
        const key = this.bracketedExpression();
        const close = this.bracketClosing(']', 'the index', token);
        expr = { kind: 'index', object: expr, key, range: span(expr.range, close) };
        continue;
      }
      return expr;
    }
  }

  /** After `[*]` (full) or `.*` (attribute-only), collects the traversal applied to each element. */
  private parseSplat(source: Expr, marker: Token, full: boolean): Expr {
    const anchorRange: Range = spanFromEnd(marker, marker);
    let each: Expr = { kind: 'anchor', range: anchorRange };
    for (;;) {
      const token = this.peek();
      if (this.isPunct('.', token) && this.peekAhead(1).type === 'ident') {
        this.next();
        const name = this.next();
        each = { kind: 'getattr', object: each, name: name.value, range: span(anchorRange, name) };
        continue;
      }
      if (full && this.isPunct('[', token) && !this.isPunct('*', this.peekAhead(1))) {
        this.next();
        const key = this.bracketedExpression();
        const close = this.bracketClosing(']', 'the index', token);
        each = { kind: 'index', object: each, key, range: span(anchorRange, close) };
        continue;
      }
      break;
    }
    return { kind: 'splat', source, each, range: span(source.range, each.range) };
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    switch (token.type) {
      case 'number':
      case 'ident': {
        this.next();
        const atom = atomOf(token);
        if (atom.kind === 'variable' && this.isPunct('(', this.peekRaw())) return this.parseCall(token);
        return atom;
      }
      case 'oquote':
        return this.parseQuotedTemplate();
      case 'oheredoc':
        return this.parseHeredoc();
      case 'punct':
        if (token.value === '(') {
          this.next();
          const inner = this.bracketedExpression();
          const close = this.bracketClosing(')', 'the parenthesis', token);
          return { kind: 'paren', expr: inner, range: span(token, close) };
        }
        if (token.value === '[') return this.parseTuple();
        if (token.value === '{') return this.parseObject();
        break;
      default:
        break;
    }
    this.fail(`expected an expression, found ${describe(token)}`, token);
  }

  private parseCall(name: Token): Expr {
    const open = this.next();
    const saved = this.newlineInsensitive;
    this.newlineInsensitive = saved + 1;
    try {
      const args: Expr[] = [];
      let expandFinal = false;
      while (!this.isPunct(')')) {
        args.push(this.parseExpression());
        if (this.isPunct('...')) {
          this.next();
          expandFinal = true;
          break;
        }
        if (!this.isPunct(',')) break;
        this.next();
      }
      const close = this.closing(')', '', open, name.value);
      return { kind: 'call', name: name.value, args, expandFinal, range: span(name, close) };
    } finally {
      this.newlineInsensitive = saved;
    }
  }

  /** isForIntro() with newlines insignificant, as they are after the bracket. */
  private isForIntroInBrackets(): boolean {
    const saved = this.newlineInsensitive;
    this.newlineInsensitive = saved + 1;
    try {
      return this.isForIntro();
    } finally {
      this.newlineInsensitive = saved;
    }
  }

  private isForIntro(): boolean {
    const first = this.peekAhead(1);
    if (first.type !== 'ident' || first.value !== 'for') return false;
    const variable = this.peekAhead(2);
    const after = this.peekAhead(3);
    return variable.type === 'ident' && ((after.type === 'ident' && after.value === 'in') || this.isPunct(',', after));
  }

  private parseTuple(): Expr {
    const open = this.peek();
    if (this.isForIntroInBrackets()) return this.parseFor(open, false);
    this.next();
    const saved = this.newlineInsensitive;
    this.newlineInsensitive = saved + 1;
    try {
      const items: Expr[] = [];
      while (!this.isPunct(']')) {
        items.push(this.parseExpression());
        if (!this.isPunct(',')) break;
        this.next();
        // A list of millions of items on one line: its tokens are not all kept until the line ends.
        this.tokens.release(this.index);
      }
      const close = this.closing(']', 'the list', open);
      return { kind: 'tuple', items, range: span(open, close) };
    } finally {
      this.newlineInsensitive = saved;
    }
  }

  private parseObject(): Expr {
    const open = this.peek();
    if (this.isForIntroInBrackets()) return this.parseFor(open, true);
    this.next();
    const saved = this.newlineInsensitive;
    this.newlineInsensitive = 0;
    try {
      const items: ObjectItem[] = [];
      for (;;) {
        this.skipNewlines();
        if (this.isPunct('}')) break;
        const keyToken = this.peek();
        let key: Expr;
        if (keyToken.type === 'ident' && (this.isPunct('=', this.peekAhead(1)) || this.isPunct(':', this.peekAhead(1)))) {
          this.next();
          // A bare identifier key is its own name, not a variable reference.
          key = { kind: 'literal', value: keyToken.value, range: span(keyToken, keyToken) };
        } else {
          key = this.bracketedExpression();
        }
        const sep = this.peek();
        if (!this.isPunct('=', sep) && !this.isPunct(':', sep)) {
          this.fail(`expected "=" or ":" after the object key, found ${describe(sep)}`, sep);
        }
        this.next();
        const value = this.parseExpression();
        items.push({ key, value });
        this.tokens.release(this.index);
        const after = this.peekRaw();
        if (this.isPunct(',', after) || after.type === 'newline') {
          this.index++;
          continue;
        }
        if (this.isPunct('}', after)) break;
        this.fail(`expected "," or a new line between object items, found ${describe(after)}`, after);
      }
      const close = this.closing('}', 'the object', open);
      return { kind: 'object', items, range: span(open, close) };
    } finally {
      this.newlineInsensitive = saved;
    }
  }

  private parseFor(open: Token, isObject: boolean): Expr {
    this.next();
    return this.withNewlines(true, () => {
      this.next(); // `for`
      const first = this.next();
      let keyVar: string | undefined;
      let valueVar = first.value;
      if (this.isPunct(',')) {
        this.next();
        const second = this.next();
        if (second.type !== 'ident') this.fail(`expected a variable name after ",", found ${describe(second)}`, second);
        keyVar = first.value;
        valueVar = second.value;
      }
      const inToken = this.next();
      if (inToken.type !== 'ident' || inToken.value !== 'in') this.fail(`expected "in", found ${describe(inToken)}`, inToken);
      const collection = this.parseExpression();
      this.expectPunct(':', 'after the collection of the for expression');
      let keyExpr: Expr | undefined;
      let valueExpr = this.parseExpression();
      if (isObject) {
        this.expectPunct('=>', 'between key and value of the object for expression');
        keyExpr = valueExpr;
        valueExpr = this.parseExpression();
      }
      let grouping = false;
      if (isObject && this.isPunct('...')) {
        this.next();
        grouping = true;
      }
      let condition: Expr | undefined;
      if (this.peek().type === 'ident' && this.peek().value === 'if') {
        this.next();
        condition = this.parseExpression();
      }
      const close = this.expectPunct(isObject ? '}' : ']', `to close the for expression opened at ${at(open.start)}`);
      return {
        kind: 'for',
        keyVar,
        valueVar,
        collection,
        keyExpr,
        valueExpr,
        condition,
        grouping,
        range: span(open, close),
      } as Expr;
    });
  }

  // ---- templates ----------------------------------------------------------------------------

  private parseQuotedTemplate(): Expr {
    const open = this.next();
    // Most strings are plain text: read them without the template machinery.
    const plain = this.plainString(open, this.index);
    if (plain !== undefined) {
      this.index = plain[1];
      return plain[0];
    }
    const parts = this.withNewlines(false, () => this.parseTemplateParts('cquote', open));
    const close = this.peekRaw();
    if (close.type !== 'cquote') this.fail(`expected '"' to close the string opened at ${at(open.start)}`, close);
    this.index++;
    return this.templateExpr(parts, false, span(open, close));
  }

  /**
   * The string opened by `open` whose content starts at token `at`, when it is plain text (no
   * interpolation or directive): its literal, and the index after its closing quote.
   */
  private plainString(open: Token, at: number): [Expr, number] | undefined {
    const text = this.tokens.at(at);
    const close = text.type === 'text' ? this.tokens.at(at + 1) : text;
    if (close.type !== 'cquote') return undefined;
    const literal: Expr = { kind: 'literal', value: text.type === 'text' ? text.value : '', range: span(open, close) };
    return [literal, close === text ? at + 1 : at + 2];
  }

  private parseHeredoc(): Expr {
    const open = this.next();
    const parts = this.withNewlines(false, () => this.parseTemplateParts('cheredoc', open));
    const close = this.peekRaw();
    if (close.type !== 'cheredoc') this.fail(`expected "${open.value}" to close the heredoc opened at ${at(open.start)}`, close);
    this.index++;
    if (open.indent) stripIndentation(parts.lineStarts);
    return this.templateExpr(parts.parts, true, span(open, close));
  }

  private templateExpr(parts: TemplatePart[] | ParsedParts, heredoc: boolean, range: Range): Expr {
    const list = Array.isArray(parts) ? parts : parts.parts;
    // Heredoc text arrives a line at a time; adjacent text parts are one piece of text.
    const merged: TemplatePart[] = [];
    for (const part of list) {
      const last = merged[merged.length - 1];
      if (part.kind === 'text' && part.value === '') continue;
      if (part.kind === 'text' && last?.kind === 'text') merged[merged.length - 1] = { kind: 'text', value: last.value + part.value };
      else merged.push(part);
    }
    if (merged.length === 0) return { kind: 'literal', value: '', range };
    if (merged.length === 1 && merged[0]!.kind === 'text') return { kind: 'literal', value: merged[0]!.value, range };
    return { kind: 'template', parts: merged, heredoc, range };
  }

  /**
   * Reads template content up to the closing token, building `%{ if }` and `%{ for }` directives
   * into a tree and applying `~` strip markers to the neighbouring text.
   */
  private parseTemplateParts(closer: 'cquote' | 'cheredoc', open: Token): ParsedParts {
    const result: ParsedParts = { parts: [], lineStarts: [] };
    const stack: Array<{ directive: Extract<TemplatePart, { kind: 'if' | 'for' }>; inElse: boolean; token: Token }> = [];
    const current = (): TemplatePart[] => {
      const top = stack[stack.length - 1];
      if (!top) return result.parts;
      if (top.directive.kind === 'if') return top.inElse ? top.directive.else : top.directive.then;
      return top.directive.body;
    };
    let stripNext = false;
    const stripPrevious = (): void => {
      const list = current();
      const last = list[list.length - 1];
      if (last && last.kind === 'text') last.value = last.value.replace(/\s+$/, '');
    };
    for (;;) {
      const token = this.peekRaw();
      if (token.type === closer || token.type === 'eof') break;
      if (token.type === 'text') {
        this.index++;
        const part = { kind: 'text' as const, value: stripNext ? token.value.replace(/^\s+/, '') : token.value };
        stripNext = false;
        current().push(part);
        if (token.lineStart) result.lineStarts.push(part);
        continue;
      }
      if (token.type === 'interp') {
        this.index++;
        if (token.stripBefore) stripPrevious();
        const expr = this.bracketedExpression();
        const seal = this.expectSeal(token);
        stripNext = seal.stripAfter === true;
        current().push({ kind: 'interpolation', expr });
        continue;
      }
      if (token.type === 'control') {
        this.index++;
        if (token.stripBefore) stripPrevious();
        const keyword = this.peek();
        if (keyword.type !== 'ident') this.fail(`expected a template directive (if, else, endif, for, endfor)`, keyword);
        this.index++;
        if (keyword.value === 'if') {
          const condition = this.withNewlines(true, () => this.parseExpression());
          const directive = { kind: 'if' as const, condition, then: [], else: [] };
          current().push(directive);
          stack.push({ directive, inElse: false, token });
        } else if (keyword.value === 'for') {
          const first = this.next();
          let keyVar: string | undefined;
          let valueVar = first.value;
          if (this.isPunct(',')) {
            this.next();
            keyVar = first.value;
            valueVar = this.next().value;
          }
          const inToken = this.next();
          if (inToken.value !== 'in') this.fail(`expected "in" in the template for directive`, inToken);
          const collection = this.withNewlines(true, () => this.parseExpression());
          const directive = { kind: 'for' as const, keyVar, valueVar, collection, body: [] };
          current().push(directive);
          stack.push({ directive, inElse: false, token });
        } else if (keyword.value === 'else') {
          const top = stack[stack.length - 1];
          if (!top || top.directive.kind !== 'if' || top.inElse) this.fail('"%{ else }" without a matching "%{ if }"', keyword);
          top.inElse = true;
        } else if (keyword.value === 'endif' || keyword.value === 'endfor') {
          const top = stack.pop();
          const want = keyword.value === 'endif' ? 'if' : 'for';
          if (!top || top.directive.kind !== want) {
            this.fail(`"%{ ${keyword.value} }" without a matching "%{ ${want} }"`, keyword);
          }
        } else {
          this.fail(`unknown template directive "${keyword.value}"`, keyword);
        }
        const seal = this.expectSeal(token);
        stripNext = seal.stripAfter === true;
        continue;
      }
      this.fail(`unexpected ${describe(token)} in a template opened at ${at(open.start)}`, token);
    }
    const unclosed = stack.pop();
    if (unclosed) {
      this.fail(
        `expected "%{ end${unclosed.directive.kind} }" for the directive opened at ${at(unclosed.token.start)}`,
        this.peekRaw(),
      );
    }
    return result;
  }

  private expectSeal(opener: Token): Token {
    const token = this.withNewlines(true, () => this.peek());
    if (token.type !== 'seal') this.fail(`expected "}" to close the "${opener.value}" opened at ${at(opener.start)}, found ${describe(token)}`, token);
    this.index++;
    return token;
  }
}

interface ParsedParts {
  parts: TemplatePart[];
  /** Text parts that begin a heredoc line, for `<<-` indentation stripping. */
  lineStarts: Array<{ kind: 'text'; value: string }>;
}

/** `<<-` heredocs drop the indentation common to every line. */
function stripIndentation(lineStarts: Array<{ kind: 'text'; value: string }>): void {
  let common = Infinity;
  for (const part of lineStarts) {
    if (part.value.trim() === '') continue;
    const indent = /^[ \t]*/.exec(part.value)![0].length;
    common = Math.min(common, indent);
  }
  if (!Number.isFinite(common) || common === 0) return;
  for (const part of lineStarts) {
    part.value = part.value.trim() === '' && part.value.length < common ? part.value.replace(/^[ \t]*/, '') : part.value.slice(common);
  }
}
