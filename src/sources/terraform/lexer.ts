import type { Comment, Diagnostic, Position } from './ast.js';

/**
 * The HCL native-syntax scanner. It is a mode machine, as HCL's own scanner is: ordinary
 * expression tokens, and template text inside quoted strings and heredocs, where `${` and `%{`
 * switch back to expressions until the matching `}`.
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

const PUNCTUATION3 = ['...'];
const PUNCTUATION2 = ['==', '!=', '<=', '>=', '&&', '||', '=>'];
const PUNCTUATION1 = '{}[]()=,.:?+-*/%<>!';

type Mode =
  | { kind: 'expr'; depth: number; closesTemplate: boolean }
  | { kind: 'quoted' }
  | { kind: 'heredoc'; delimiter: string };

const isIdentStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

export function lex(source: string): LexResult {
  return new Lexer(source).run();
}

class Lexer {
  private offset = 0;
  private line = 1;
  private column = 1;
  private readonly tokens: Token[] = [];
  private readonly comments: Comment[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly modes: Mode[] = [{ kind: 'expr', depth: 0, closesTemplate: false }];

  constructor(private readonly src: string) {}

  run(): LexResult {
    while (this.offset < this.src.length) {
      const mode = this.modes[this.modes.length - 1]!;
      if (mode.kind === 'expr') this.scanExpr(mode);
      else if (mode.kind === 'quoted') this.scanQuoted();
      else this.scanHeredoc(mode);
    }
    const mode = this.modes[this.modes.length - 1]!;
    if (mode.kind === 'quoted') this.error('unterminated string: expected a closing \'"\'', this.pos());
    if (mode.kind === 'heredoc') this.error(`unterminated heredoc: expected a line with "${mode.delimiter}"`, this.pos());
    const end = this.pos();
    this.tokens.push({ type: 'eof', value: '', start: end, end });
    return { tokens: this.tokens, comments: this.comments, diagnostics: this.diagnostics };
  }

  private pos(): Position {
    return { line: this.line, column: this.column, offset: this.offset };
  }

  private advance(count = 1): void {
    for (let i = 0; i < count && this.offset < this.src.length; i++) {
      if (this.src.charCodeAt(this.offset) === 10) {
        this.line++;
        this.column = 1;
      } else {
        this.column++;
      }
      this.offset++;
    }
  }

  private push(type: TokenType, value: string, start: Position, extra?: Partial<Token>): Token {
    const token: Token = { type, value, start, end: this.pos(), ...extra };
    this.tokens.push(token);
    return token;
  }

  private error(message: string, start: Position): void {
    this.diagnostics.push({ message, range: { start, end: this.pos() } });
  }

  private scanExpr(mode: Extract<Mode, { kind: 'expr' }>): void {
    const src = this.src;
    const c = src.charCodeAt(this.offset);
    const start = this.pos();
    // Whitespace other than newlines.
    if (c === 32 || c === 9 || c === 13) {
      this.advance();
      return;
    }
    if (c === 10) {
      this.advance();
      this.push('newline', '\n', start);
      return;
    }
    if (c === 35 || (c === 47 && src.charCodeAt(this.offset + 1) === 47)) {
      let end = src.indexOf('\n', this.offset);
      if (end < 0) end = src.length;
      const text = src.slice(this.offset, end);
      this.advance(end - this.offset);
      this.comments.push({ text, range: { start, end: this.pos() } });
      // A line comment ends its line: the newline stays a token.
      return;
    }
    if (c === 47 && src.charCodeAt(this.offset + 1) === 42) {
      let end = src.indexOf('*/', this.offset + 2);
      if (end < 0) {
        this.advance(src.length - this.offset);
        this.error('unterminated comment: expected "*/"', start);
        return;
      }
      end += 2;
      const text = src.slice(this.offset, end);
      this.advance(end - this.offset);
      this.comments.push({ text, range: { start, end: this.pos() } });
      return;
    }
    if (isIdentStart(c)) {
      let end = this.offset + 1;
      while (end < src.length && isIdentPart(src.charCodeAt(end))) end++;
      const name = src.slice(this.offset, end);
      this.advance(end - this.offset);
      this.push('ident', name, start);
      return;
    }
    if (isDigit(c)) {
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
      this.advance(end - this.offset);
      this.push('number', text, start);
      return;
    }
    if (c === 34) {
      this.advance();
      this.push('oquote', '"', start);
      this.modes.push({ kind: 'quoted' });
      return;
    }
    if (c === 60 && src.charCodeAt(this.offset + 1) === 60) {
      const heredoc = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(src.slice(this.offset, this.offset + 200));
      if (heredoc) {
        this.advance(heredoc[0].length);
        this.push('oheredoc', heredoc[2]!, start, { indent: heredoc[1] === '-' });
        this.modes.push({ kind: 'heredoc', delimiter: heredoc[2]! });
        return;
      }
    }
    if (c === 126 && src.charCodeAt(this.offset + 1) === 125 && mode.depth === 0 && mode.closesTemplate) {
      this.advance(2);
      this.push('seal', '}', start, { stripAfter: true });
      this.modes.pop();
      return;
    }
    if (c === 123) mode.depth++;
    if (c === 125) {
      if (mode.depth === 0 && mode.closesTemplate) {
        this.advance();
        this.push('seal', '}', start);
        this.modes.pop();
        return;
      }
      mode.depth = Math.max(0, mode.depth - 1);
    }
    for (const p of PUNCTUATION3) {
      if (src.startsWith(p, this.offset)) {
        this.advance(p.length);
        this.push('punct', p, start);
        return;
      }
    }
    const two = src.slice(this.offset, this.offset + 2);
    if (PUNCTUATION2.includes(two)) {
      this.advance(2);
      this.push('punct', two, start);
      return;
    }
    const ch = src[this.offset]!;
    if (PUNCTUATION1.includes(ch)) {
      this.advance();
      this.push('punct', ch, start);
      return;
    }
    this.advance();
    this.push('invalid', ch, start);
    this.error(`unexpected character ${JSON.stringify(ch)}`, start);
  }

  /** `${` or `%{` at the current offset: emits the opener and enters expression mode. */
  private scanTemplateOpener(): boolean {
    const src = this.src;
    const c = src.charCodeAt(this.offset);
    if ((c === 36 || c === 37) && src.charCodeAt(this.offset + 1) === 123) {
      const start = this.pos();
      const strip = src.charCodeAt(this.offset + 2) === 126;
      this.advance(strip ? 3 : 2);
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
    while (this.offset < src.length) {
      const c = src.charCodeAt(this.offset);
      if (c === 34) break;
      if (c === 10) {
        this.error('unterminated string: a quoted string cannot span lines (use a heredoc)', start);
        break;
      }
      if ((c === 36 || c === 37) && src.charCodeAt(this.offset + 1) === 123) break;
      // `$${` and `%%{` escape a template opener.
      if ((c === 36 || c === 37) && src.charCodeAt(this.offset + 1) === c && src.charCodeAt(this.offset + 2) === 123) {
        text += src[this.offset]! + '{';
        this.advance(3);
        continue;
      }
      if (c === 92) {
        text += this.scanEscape();
        continue;
      }
      text += src[this.offset];
      this.advance();
    }
    if (text.length > 0) this.push('text', text, start);
    if (src.charCodeAt(this.offset) === 34) {
      const quoteStart = this.pos();
      this.advance();
      this.push('cquote', '"', quoteStart);
      this.modes.pop();
    } else if (this.offset >= src.length || src.charCodeAt(this.offset) === 10) {
      // Unterminated: recover by closing the string at the end of the line.
      this.push('cquote', '"', this.pos());
      this.modes.pop();
      if (this.offset < src.length) return;
    }
  }

  private scanEscape(): string {
    const start = this.pos();
    const next = this.src[this.offset + 1];
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (next !== undefined && next in simple) {
      this.advance(2);
      return simple[next]!;
    }
    if (next === 'u' || next === 'U') {
      const length = next === 'u' ? 4 : 8;
      const hex = this.src.slice(this.offset + 2, this.offset + 2 + length);
      if (/^[0-9A-Fa-f]+$/.test(hex) && hex.length === length) {
        this.advance(2 + length);
        return String.fromCodePoint(parseInt(hex, 16));
      }
    }
    this.advance(next === undefined ? 1 : 2);
    this.error(`invalid escape sequence "\\${next ?? ''}"`, start);
    return next ?? '';
  }

  private scanHeredoc(mode: Extract<Mode, { kind: 'heredoc' }>): void {
    const src = this.src;
    const atLineStart = this.column === 1;
    if (atLineStart) {
      let end = src.indexOf('\n', this.offset);
      if (end < 0) end = src.length;
      const line = src.slice(this.offset, end).replace(/\r$/, '');
      if (line.trim() === mode.delimiter) {
        const start = this.pos();
        this.advance(line.length);
        this.push('cheredoc', mode.delimiter, start);
        this.modes.pop();
        return;
      }
    }
    if (this.scanTemplateOpener()) return;
    const start = this.pos();
    let text = '';
    while (this.offset < src.length) {
      const c = src.charCodeAt(this.offset);
      if ((c === 36 || c === 37) && src.charCodeAt(this.offset + 1) === 123) break;
      if ((c === 36 || c === 37) && src.charCodeAt(this.offset + 1) === c && src.charCodeAt(this.offset + 2) === 123) {
        text += src[this.offset]! + '{';
        this.advance(3);
        continue;
      }
      text += src[this.offset];
      this.advance();
      // Text tokens end at each line end so the closing delimiter and indentation can be seen.
      if (c === 10) break;
    }
    if (text.length > 0) this.push('text', text, start, { lineStart: atLineStart });
  }
}
