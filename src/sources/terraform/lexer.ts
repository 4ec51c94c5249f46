import type { Comment, Diagnostic, Position, Range } from './ast.js';

/**
 * The HCL native-syntax scanner. It is a mode machine, as HCL's own scanner is: ordinary
 * expression tokens, and template text inside quoted strings and heredocs, where `${` and `%{`
 * switch back to expressions until the matching `}`.
 *
 * It hands out one token at a time (`next()`), so the parser never holds the token list of a
 * whole file: a 50 MB file would otherwise need gigabytes. Positions come from the offset and
 * the start of the current line rather than from a per-character walk, and text is sliced from
 * the source in runs rather than built a character at a time.
 */

export type TokenType =
  | 'ident'
  | 'number'
  | 'text' // literal template text, escapes already applied
  | 'oquote'
  | 'cquote'
  | 'oheredoc'
  | 'cheredoc'
  | 'interp' // ${
  | 'control' // %{
  | 'seal' // the } closing an interpolation or directive
  | 'punct'
  | 'newline'
  | 'eof'
  | 'invalid';

/**
 * A range of the syntax tree as six numbers, one object where `{ start, end }` takes three: a tree
 * holds one per node, so this is most of what parsing allocates besides the nodes themselves. Its
 * `start` and `end` are made when read (few are: locations and messages), and it serialises as
 * `{ start, end }`, as a Range written by hand does.
 */
export class SourceRange implements Range {
  // Declared, and assigned in the constructor only: class fields would first define each one
  // empty, then the constructor set it, twice the work for the commonest object of a parse.
  declare readonly startLine: number;
  declare readonly startColumn: number;
  declare readonly startOffset: number;
  declare readonly endLine: number;
  declare readonly endColumn: number;
  declare readonly endOffset: number;

  constructor(startLine: number, startColumn: number, startOffset: number, endLine: number, endColumn: number, endOffset: number) {
    this.startLine = startLine;
    this.startColumn = startColumn;
    this.startOffset = startOffset;
    this.endLine = endLine;
    this.endColumn = endColumn;
    this.endOffset = endOffset;
  }

  get start(): Position {
    return { line: this.startLine, column: this.startColumn, offset: this.startOffset };
  }

  get end(): Position {
    return { line: this.endLine, column: this.endColumn, offset: this.endOffset };
  }

  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/**
 * One token. Positions are kept as numbers and made into `Position` objects only when asked for
 * (the parser asks for few: most tokens are punctuation and line ends that no range mentions), and
 * every token has the same fields in the same order, so the code reading them sees one shape.
 * Each `start`/`end` read makes a new object: the parser reads each at most a few times. It has
 * SourceRange's fields without extending it: a derived class's constructor doubled the time spent
 * making tokens in a fresh process (profiled: 45-98 ms against 21-24 ms over the corpora).
 */
export class Token {
  // Declared and assigned in the constructor, as in SourceRange.
  declare readonly type: TokenType;
  /** Identifier name, punctuation, number source, or unescaped text. */
  declare readonly value: string;
  declare readonly startLine: number;
  declare readonly startColumn: number;
  declare readonly startOffset: number;
  declare readonly endLine: number;
  declare readonly endColumn: number;
  declare readonly endOffset: number;
  /** The flags below, as bits: a token is made often enough that its size shows. */
  declare private flags: number;

  constructor(type: TokenType, value: string, startLine: number, startColumn: number, startOffset: number, endLine: number, endColumn: number, endOffset: number) {
    this.type = type;
    this.value = value;
    this.startLine = startLine;
    this.startColumn = startColumn;
    this.startOffset = startOffset;
    this.endLine = endLine;
    this.endColumn = endColumn;
    this.endOffset = endOffset;
    this.flags = 0;
  }

  get start(): Position {
    return { line: this.startLine, column: this.startColumn, offset: this.startOffset };
  }

  get end(): Position {
    return { line: this.endLine, column: this.endColumn, offset: this.endOffset };
  }

  private has(bit: number): boolean {
    return (this.flags & bit) !== 0;
  }

  private mark(bit: number, on: boolean): void {
    this.flags = on ? this.flags | bit : this.flags & ~bit;
  }

  /** `${~` / `%{~`: strip whitespace before. */
  get stripBefore(): boolean {
    return this.has(1);
  }

  set stripBefore(on: boolean) {
    this.mark(1, on);
  }

  /** `~}`: strip whitespace after. */
  get stripAfter(): boolean {
    return this.has(2);
  }

  set stripAfter(on: boolean) {
    this.mark(2, on);
  }

  /** On heredoc text: the text starts a line (for `<<-` indentation stripping). */
  get lineStart(): boolean {
    return this.has(4);
  }

  set lineStart(on: boolean) {
    this.mark(4, on);
  }

  /** On `oheredoc`: `<<-`, strip common indentation. */
  get indent(): boolean {
    return this.has(8);
  }

  set indent(on: boolean) {
    this.mark(8, on);
  }
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  diagnostics: Diagnostic[];
}

type Mode =
  | { kind: 'expr'; depth: number; closesTemplate: boolean }
  | { kind: 'quoted' }
  | { kind: 'heredoc'; delimiter: string };

const isIdentStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Runs of characters that need no decision one by one, matched by sticky regular expressions: V8
 * runs these as native code from their first use, where a loop over characters runs in its
 * interpreter until the scanner has warmed up (most of a scan's parsing is cold).
 */
const IDENT_REST = /[A-Za-z0-9_\-\u0080-\uffff]*/y;
/** Quoted-string text up to the next quote, line end, escape, or possible template opener. */
const QUOTED_RUN = /[^"\n\\$%]*/y;

/** Single-character punctuation, by character code: the one-character string each stands for. */
const PUNCT1: Array<string | undefined> = Array.from({ length: 128 }, (_, c) => ('{}[]()=,.:?+-*/%<>!'.includes(String.fromCharCode(c)) ? String.fromCharCode(c) : undefined));
/** Quoted-string mode holds no state: one object serves every string. */
const QUOTED: Mode = { kind: 'quoted' };
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Every token of a source at once; the parser streams them instead. */
export function lex(source: string): LexResult {
  const lexer = new Lexer(source);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.type === 'eof') break;
  }
  return { tokens, comments: lexer.comments, diagnostics: lexer.diagnostics };
}

export class Lexer {
  readonly comments: Comment[] = [];
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  /** A second token made by the same scanning step (a string's closing quote after its text). */
  private pending: Token | undefined = undefined;
  private readonly modes: Mode[] = [{ kind: 'expr', depth: 0, closesTemplate: false }];
  private eof: Token | undefined;

  /** Problems found while scanning; the parser passes its own list so they arrive in one place. */
  constructor(
    private readonly src: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {}

  /** The next token; after the end, the `eof` token again and again. */
  next(): Token {
    const pending = this.pending;
    if (pending !== undefined) {
      this.pending = undefined;
      return pending;
    }
    for (;;) {
      if (this.eof) return this.eof;
      if (this.offset >= this.src.length) return this.finish();
      const mode = this.modes[this.modes.length - 1]!;
      // A step that only passed a comment or blank space makes no token: scan on.
      const token = mode.kind === 'expr' ? this.scanExpr(mode) : mode.kind === 'quoted' ? this.scanQuoted() : this.scanHeredoc(mode);
      if (token !== undefined) return token;
    }
  }

  private finish(): Token {
    const mode = this.modes[this.modes.length - 1]!;
    if (mode.kind === 'quoted') this.error('unterminated string: expected a closing \'"\'', this.pos());
    if (mode.kind === 'heredoc') this.error(`unterminated heredoc: expected a line with "${mode.delimiter}"`, this.pos());
    const column = this.offset - this.lineStart + 1;
    this.eof = new Token('eof', '', this.line, column, this.offset, this.line, column, this.offset);
    return this.eof;
  }

  private pos(): Position {
    return { line: this.line, column: this.offset - this.lineStart + 1, offset: this.offset };
  }

  /** Moves to `end` over text that may hold newlines, keeping the line count. */
  private moveTo(end: number): void {
    const src = this.src;
    let newline = src.indexOf('\n', this.offset);
    while (newline >= 0 && newline < end) {
      this.line++;
      this.lineStart = newline + 1;
      newline = src.indexOf('\n', newline + 1);
    }
    this.offset = end;
  }

  /** A token from the given start to the current position. */
  private make(type: TokenType, value: string, line: number, column: number, offset: number): Token {
    return new Token(type, value, line, column, offset, this.line, this.offset - this.lineStart + 1, this.offset);
  }

  private error(message: string, start: Position): void {
    this.diagnostics.push({ message, range: { start, end: this.pos() } });
  }

  private scanExpr(mode: Extract<Mode, { kind: 'expr' }>): Token | undefined {
    const src = this.src;
    let c = src.charCodeAt(this.offset);
    // Whitespace other than newlines, in one run.
    while (c === 32 || c === 9 || c === 13) c = src.charCodeAt(++this.offset);
    const offset = this.offset;
    if (offset >= src.length) return undefined;
    const line = this.line;
    const column = offset - this.lineStart + 1;
    if (c === 10) {
      this.offset++;
      this.line++;
      this.lineStart = this.offset;
      return this.make('newline', '\n', line, column, offset);
    }
    if (isIdentStart(c)) {
      IDENT_REST.lastIndex = offset + 1;
      IDENT_REST.test(src);
      const end = IDENT_REST.lastIndex;
      this.offset = end;
      return this.make('ident', src.slice(offset, end), line, column, offset);
    }
    const c2 = src.charCodeAt(offset + 1);
    if (c === 35 || (c === 47 && c2 === 47)) {
      let end = src.indexOf('\n', offset);
      if (end < 0) end = src.length;
      const text = src.slice(offset, end);
      this.offset = end;
      // A line comment ends its line: the newline stays a token.
      this.comments.push({ text, range: { start: { line, column, offset }, end: this.pos() } });
      return undefined;
    }
    if (c === 47 && c2 === 42) {
      let end = src.indexOf('*/', offset + 2);
      if (end < 0) {
        this.moveTo(src.length);
        this.error('unterminated comment: expected "*/"', { line, column, offset });
        return undefined;
      }
      end += 2;
      const text = src.slice(offset, end);
      this.moveTo(end);
      this.comments.push({ text, range: { start: { line, column, offset }, end: this.pos() } });
      return undefined;
    }
    if (isDigit(c)) return this.scanNumber(line, column, offset);
    if (c === 34) {
      this.offset++;
      this.modes.push(QUOTED);
      return this.make('oquote', '"', line, column, offset);
    }
    if (c === 60 && c2 === 60) {
      const heredoc = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(src.slice(offset, offset + 200));
      if (heredoc) {
        this.moveTo(offset + heredoc[0].length);
        this.modes.push({ kind: 'heredoc', delimiter: heredoc[2]! });
        const token = this.make('oheredoc', heredoc[2]!, line, column, offset);
        token.indent = heredoc[1] === '-';
        return token;
      }
    }
    if (c === 126 && c2 === 125 && mode.depth === 0 && mode.closesTemplate) {
      this.offset += 2;
      this.modes.pop();
      const token = this.make('seal', '}', line, column, offset);
      token.stripAfter = true;
      return token;
    }
    if (c === 123) mode.depth++;
    if (c === 125) {
      if (mode.depth === 0 && mode.closesTemplate) {
        this.offset++;
        this.modes.pop();
        return this.make('seal', '}', line, column, offset);
      }
      mode.depth = Math.max(0, mode.depth - 1);
    }
    const two = this.twoCharPunct(c, c2);
    if (two) {
      if (two === '..') {
        this.offset += 3;
        return this.make('punct', '...', line, column, offset);
      }
      this.offset += 2;
      return this.make('punct', two, line, column, offset);
    }
    const one = c < 128 ? PUNCT1[c] : undefined;
    if (one !== undefined) {
      this.offset++;
      return this.make('punct', one, line, column, offset);
    }
    // One character, or a surrogate pair, that HCL does not allow here.
    const ch = String.fromCodePoint(src.codePointAt(offset)!);
    this.offset += ch.length;
    this.error(`unexpected character ${JSON.stringify(ch)}`, { line, column, offset });
    return this.make('invalid', ch, line, column, offset);
  }

  /** `==`, `!=`, `<=`, `>=`, `&&`, `||`, `=>`, or `..` standing for `...`. */
  private twoCharPunct(c: number, c2: number): string | undefined {
    switch (c) {
      case 61: // =
        return c2 === 61 ? '==' : c2 === 62 ? '=>' : undefined;
      case 33: // !
        return c2 === 61 ? '!=' : undefined;
      case 60: // <
        return c2 === 61 ? '<=' : undefined;
      case 62: // >
        return c2 === 61 ? '>=' : undefined;
      case 38: // &
        return c2 === 38 ? '&&' : undefined;
      case 124: // |
        return c2 === 124 ? '||' : undefined;
      case 46: // .
        return c2 === 46 && this.src.charCodeAt(this.offset + 2) === 46 ? '..' : undefined;
      default:
        return undefined;
    }
  }

  private scanNumber(line: number, column: number, offset: number): Token {
    const src = this.src;
    let end = this.offset;
    while (end < src.length && isDigit(src.charCodeAt(end))) end++;
    if (src.charCodeAt(end) === 46 && isDigit(src.charCodeAt(end + 1))) {
      end++;
      while (end < src.length && isDigit(src.charCodeAt(end))) end++;
    }
    const e = src.charCodeAt(end);
    if (e === 101 || e === 69) {
      let probe = end + 1;
      const sign = src.charCodeAt(probe);
      if (sign === 43 || sign === 45) probe++;
      if (isDigit(src.charCodeAt(probe))) {
        end = probe;
        while (end < src.length && isDigit(src.charCodeAt(end))) end++;
      }
    }
    const text = src.slice(this.offset, end);
    this.offset = end;
    return this.make('number', text, line, column, offset);
  }

  /** `${` or `%{` at the current offset: emits the opener and enters expression mode. */
  private scanTemplateOpener(): Token | undefined {
    const src = this.src;
    const c = src.charCodeAt(this.offset);
    if ((c === 36 || c === 37) && src.charCodeAt(this.offset + 1) === 123) {
      const offset = this.offset;
      const column = offset - this.lineStart + 1;
      const strip = src.charCodeAt(offset + 2) === 126;
      this.offset += strip ? 3 : 2;
      this.modes.push({ kind: 'expr', depth: 0, closesTemplate: true });
      const token = this.make(c === 36 ? 'interp' : 'control', c === 36 ? '${' : '%{', this.line, column, offset);
      token.stripBefore = strip;
      return token;
    }
    return undefined;
  }

  private scanQuoted(): Token | undefined {
    const src = this.src;
    const opener = this.scanTemplateOpener();
    if (opener !== undefined) return opener;
    const line = this.line;
    const offset = this.offset;
    const column = offset - this.lineStart + 1;
    let text = '';
    let run = this.offset;
    while (this.offset < src.length) {
      QUOTED_RUN.lastIndex = this.offset;
      QUOTED_RUN.test(src);
      this.offset = QUOTED_RUN.lastIndex;
      if (this.offset >= src.length) break;
      const c = src.charCodeAt(this.offset);
      if (c === 34) break;
      if (c === 10) {
        this.error('unterminated string: a quoted string cannot span lines (use a heredoc)', { line, column, offset });
        break;
      }
      const mark = this.templateMark(c);
      if (mark === 'opens') break;
      if (mark === 'escaped') {
        text += src.slice(run, this.offset + 1) + '{';
        this.offset += 3;
        run = this.offset;
        continue;
      }
      if (c === 92) {
        text += src.slice(run, this.offset) + this.scanEscape();
        run = this.offset;
        continue;
      }
      this.offset++;
    }
    text += src.slice(run, this.offset);
    const textToken = text.length > 0 ? this.make('text', text, line, column, offset) : undefined;
    let close: Token | undefined;
    if (src.charCodeAt(this.offset) === 34) {
      const quoteOffset = this.offset;
      this.offset++;
      close = this.make('cquote', '"', this.line, quoteOffset - this.lineStart + 1, quoteOffset);
      this.modes.pop();
    } else if (this.offset >= src.length || src.charCodeAt(this.offset) === 10) {
      // Unterminated: recover by closing the string at the end of the line.
      close = this.make('cquote', '"', this.line, this.offset - this.lineStart + 1, this.offset);
      this.modes.pop();
    }
    if (textToken === undefined) return close;
    this.pending = close;
    return textToken;
  }

  /** At `$` or `%`: a template opener, or one escaped by doubling (`$${`, `%%{`), or neither. */
  private templateMark(c: number): 'opens' | 'escaped' | undefined {
    if (c !== 36 && c !== 37) return undefined;
    const next = this.src.charCodeAt(this.offset + 1);
    if (next === 123) return 'opens';
    return next === c && this.src.charCodeAt(this.offset + 2) === 123 ? 'escaped' : undefined;
  }

  private scanEscape(): string {
    const start = this.pos();
    const next = this.src[this.offset + 1];
    if (next !== undefined && next in ESCAPES) {
      this.offset += 2;
      return ESCAPES[next]!;
    }
    if (next === 'u' || next === 'U') {
      const length = next === 'u' ? 4 : 8;
      const hex = this.src.slice(this.offset + 2, this.offset + 2 + length);
      const code = hex.length === length && /^[0-9A-Fa-f]+$/.test(hex) ? parseInt(hex, 16) : -1;
      if (code >= 0 && code <= 0x10ffff) {
        this.offset += 2 + length;
        return String.fromCodePoint(code);
      }
    }
    // A backslash before the end of the line leaves the newline to end the string.
    this.offset += next === undefined || next === '\n' ? 1 : 2;
    this.error(`invalid escape sequence "\\${next === '\n' ? '' : (next ?? '')}"`, start);
    return next === undefined || next === '\n' ? '' : next;
  }

  private scanHeredoc(mode: Extract<Mode, { kind: 'heredoc' }>): Token | undefined {
    const src = this.src;
    const atLineStart = this.offset === this.lineStart;
    if (atLineStart) {
      let end = src.indexOf('\n', this.offset);
      if (end < 0) end = src.length;
      // Only a short line can be the delimiter: no need to slice long text lines.
      if (end - this.offset <= mode.delimiter.length + 256) {
        const line = src.slice(this.offset, end).replace(/\r$/, '');
        if (line.trim() === mode.delimiter) {
          const offset = this.offset;
          this.offset += line.length;
          this.modes.pop();
          return this.make('cheredoc', mode.delimiter, this.line, offset - this.lineStart + 1, offset);
        }
      }
    }
    const opener = this.scanTemplateOpener();
    if (opener !== undefined) return opener;
    const startLine = this.line;
    const offset = this.offset;
    const column = offset - this.lineStart + 1;
    let text = '';
    let run = this.offset;
    while (this.offset < src.length) {
      const c = src.charCodeAt(this.offset);
      const mark = this.templateMark(c);
      if (mark === 'opens') break;
      if (mark === 'escaped') {
        text += src.slice(run, this.offset + 1) + '{';
        this.offset += 3;
        run = this.offset;
        continue;
      }
      this.offset++;
      // Text tokens end at each line end so the closing delimiter and indentation can be seen.
      if (c === 10) {
        this.line++;
        this.lineStart = this.offset;
        break;
      }
    }
    text += src.slice(run, this.offset);
    if (text.length === 0) return undefined;
    const token = this.make('text', text, startLine, column, offset);
    token.lineStart = atLineStart;
    return token;
  }
}
