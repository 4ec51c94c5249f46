import type { Comment, Diagnostic, Position } from './ast.js';

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

export interface Token {
  type: TokenType;
  /** Identifier name, punctuation, number source, or unescaped text. */
  value: string;
  start: Position;
  end: Position;
  /** `${~` / `%{~`: strip whitespace before. */
  stripBefore?: boolean;
  /** `~}`: strip whitespace after. */
  stripAfter?: boolean;
  /** On heredoc text: the text starts a line (for `<<-` indentation stripping). */
  lineStart?: boolean;
  /** On `oheredoc`: `<<-`, strip common indentation. */
  indent?: boolean;
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
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Single-character punctuation, by character code. */
const PUNCT1 = new Set([...'{}[]()=,.:?+-*/%<>!'].map((c) => c.charCodeAt(0)));
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
  private readonly queue: Token[] = [];
  private queueHead = 0;
  private readonly modes: Mode[] = [{ kind: 'expr', depth: 0, closesTemplate: false }];
  private eof: Token | undefined;

  /** Problems found while scanning; the parser passes its own list so they arrive in one place. */
  constructor(
    private readonly src: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {}

  /** The next token; after the end, the `eof` token again and again. */
  next(): Token {
    while (this.queueHead >= this.queue.length) {
      if (this.eof) return this.eof;
      this.queue.length = 0;
      this.queueHead = 0;
      if (this.offset >= this.src.length) return this.finish();
      const mode = this.modes[this.modes.length - 1]!;
      if (mode.kind === 'expr') this.scanExpr(mode);
      else if (mode.kind === 'quoted') this.scanQuoted();
      else this.scanHeredoc(mode);
    }
    return this.queue[this.queueHead++]!;
  }

  private finish(): Token {
    const mode = this.modes[this.modes.length - 1]!;
    if (mode.kind === 'quoted') this.error('unterminated string: expected a closing \'"\'', this.pos());
    if (mode.kind === 'heredoc') this.error(`unterminated heredoc: expected a line with "${mode.delimiter}"`, this.pos());
    const end = this.pos();
    this.eof = { type: 'eof', value: '', start: end, end };
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

  private push(type: TokenType, value: string, start: Position, extra?: Partial<Token>): void {
    const token: Token = { type, value, start, end: this.pos() };
    if (extra) Object.assign(token, extra);
    this.queue.push(token);
  }

  private error(message: string, start: Position): void {
    this.diagnostics.push({ message, range: { start, end: this.pos() } });
  }

  private scanExpr(mode: Extract<Mode, { kind: 'expr' }>): void {
    const src = this.src;
    let c = src.charCodeAt(this.offset);
    // Whitespace other than newlines, in one run.
    while (c === 32 || c === 9 || c === 13) c = src.charCodeAt(++this.offset);
    if (this.offset >= src.length) return;
    const start = this.pos();
    if (c === 10) {
      this.offset++;
      this.line++;
      this.lineStart = this.offset;
      this.push('newline', '\n', start);
      return;
    }
    const c2 = src.charCodeAt(this.offset + 1);
    if (c === 35 || (c === 47 && c2 === 47)) {
      let end = src.indexOf('\n', this.offset);
      if (end < 0) end = src.length;
      const text = src.slice(this.offset, end);
      this.offset = end;
      // A line comment ends its line: the newline stays a token.
      this.comments.push({ text, range: { start, end: this.pos() } });
      return;
    }
    if (c === 47 && c2 === 42) {
      let end = src.indexOf('*/', this.offset + 2);
      if (end < 0) {
        this.moveTo(src.length);
        this.error('unterminated comment: expected "*/"', start);
        return;
      }
      end += 2;
      const text = src.slice(this.offset, end);
      this.moveTo(end);
      this.comments.push({ text, range: { start, end: this.pos() } });
      return;
    }
    if (isIdentStart(c)) {
      let end = this.offset + 1;
      while (end < src.length && isIdentPart(src.charCodeAt(end))) end++;
      const name = src.slice(this.offset, end);
      this.offset = end;
      this.push('ident', name, start);
      return;
    }
    if (isDigit(c)) {
      this.scanNumber(start);
      return;
    }
    if (c === 34) {
      this.offset++;
      this.push('oquote', '"', start);
      this.modes.push({ kind: 'quoted' });
      return;
    }
    if (c === 60 && c2 === 60) {
      const heredoc = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(src.slice(this.offset, this.offset + 200));
      if (heredoc) {
        this.moveTo(this.offset + heredoc[0].length);
        this.push('oheredoc', heredoc[2]!, start, { indent: heredoc[1] === '-' });
        this.modes.push({ kind: 'heredoc', delimiter: heredoc[2]! });
        return;
      }
    }
    if (c === 126 && c2 === 125 && mode.depth === 0 && mode.closesTemplate) {
      this.offset += 2;
      this.push('seal', '}', start, { stripAfter: true });
      this.modes.pop();
      return;
    }
    if (c === 123) mode.depth++;
    if (c === 125) {
      if (mode.depth === 0 && mode.closesTemplate) {
        this.offset++;
        this.push('seal', '}', start);
        this.modes.pop();
        return;
      }
      mode.depth = Math.max(0, mode.depth - 1);
    }
    const two = this.twoCharPunct(c, c2);
    if (two) {
      if (two === '..' ) {
        this.offset += 3;
        this.push('punct', '...', start);
        return;
      }
      this.offset += 2;
      this.push('punct', two, start);
      return;
    }
    if (PUNCT1.has(c)) {
      this.offset++;
      this.push('punct', String.fromCharCode(c), start);
      return;
    }
    // One character, or a surrogate pair, that HCL does not allow here.
    const ch = String.fromCodePoint(src.codePointAt(this.offset)!);
    this.offset += ch.length;
    this.push('invalid', ch, start);
    this.error(`unexpected character ${JSON.stringify(ch)}`, start);
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

  private scanNumber(start: Position): void {
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
    this.push('number', text, start);
  }

  /** `${` or `%{` at the current offset: emits the opener and enters expression mode. */
  private scanTemplateOpener(): boolean {
    const src = this.src;
    const c = src.charCodeAt(this.offset);
    if ((c === 36 || c === 37) && src.charCodeAt(this.offset + 1) === 123) {
      const start = this.pos();
      const strip = src.charCodeAt(this.offset + 2) === 126;
      this.offset += strip ? 3 : 2;
      this.push(c === 36 ? 'interp' : 'control', c === 36 ? '${' : '%{', start, { stripBefore: strip });
      this.modes.push({ kind: 'expr', depth: 0, closesTemplate: true });
      return true;
    }
    return false;
  }

  private scanQuoted(): void {
    const src = this.src;
    if (this.scanTemplateOpener()) return;
    const start = this.pos();
    let text = '';
    let run = this.offset;
    while (this.offset < src.length) {
      const c = src.charCodeAt(this.offset);
      if (c === 34) break;
      if (c === 10) {
        this.error('unterminated string: a quoted string cannot span lines (use a heredoc)', start);
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
    if (text.length > 0) this.push('text', text, start);
    if (src.charCodeAt(this.offset) === 34) {
      const quoteStart = this.pos();
      this.offset++;
      this.push('cquote', '"', quoteStart);
      this.modes.pop();
    } else if (this.offset >= src.length || src.charCodeAt(this.offset) === 10) {
      // Unterminated: recover by closing the string at the end of the line.
      this.push('cquote', '"', this.pos());
      this.modes.pop();
    }
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

  private scanHeredoc(mode: Extract<Mode, { kind: 'heredoc' }>): void {
    const src = this.src;
    const atLineStart = this.offset === this.lineStart;
    if (atLineStart) {
      let end = src.indexOf('\n', this.offset);
      if (end < 0) end = src.length;
      // Only a short line can be the delimiter: no need to slice long text lines.
      if (end - this.offset <= mode.delimiter.length + 256) {
        const line = src.slice(this.offset, end).replace(/\r$/, '');
        if (line.trim() === mode.delimiter) {
          const start = this.pos();
          this.offset += line.length;
          this.push('cheredoc', mode.delimiter, start);
          this.modes.pop();
          return;
        }
      }
    }
    if (this.scanTemplateOpener()) return;
    const start = this.pos();
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
    if (text.length > 0) this.push('text', text, start, { lineStart: atLineStart });
  }
}
