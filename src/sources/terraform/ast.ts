/**
 * Vigil's own syntax tree for HCL native syntax. Every node carries its range so results can
 * point at file:line:column. Nothing outside src/sources/terraform depends on these types, so
 * the parser can be replaced without touching the rest of Vigil.
 */

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
  /** 0-based offset into the source text. */
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Comment {
  text: string;
  range: Range;
}

export interface ConfigFile {
  path: string;
  body: Body;
  comments: Comment[];
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
  range: Range;
}

export interface Attribute {
  name: string;
  nameRange: Range;
  expr: Expr;
  range: Range;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  /** From the block type to the closing brace. */
  range: Range;
}

export type Expr =
  | LiteralExpr
  | TemplateExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | AnchorExpr
  | TupleExpr
  | ObjectExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | ConditionalExpr
  | ForExpr
  | ParenExpr
  | InvalidExpr;

export interface LiteralExpr {
  kind: 'literal';
  value: null | boolean | number | string;
  range: Range;
}

/** A quoted string or heredoc. A template of a single interpolation yields its value unconverted. */
export interface TemplateExpr {
  kind: 'template';
  parts: TemplatePart[];
  heredoc: boolean;
  range: Range;
}

export type TemplatePart =
  | { kind: 'text'; value: string }
  | { kind: 'interpolation'; expr: Expr }
  | { kind: 'if'; condition: Expr; then: TemplatePart[]; else: TemplatePart[] }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: Expr; body: TemplatePart[] };

export interface VariableExpr {
  kind: 'variable';
  name: string;
  range: Range;
}

export interface GetAttrExpr {
  kind: 'getattr';
  object: Expr;
  name: string;
  range: Range;
}

export interface IndexExpr {
  kind: 'index';
  object: Expr;
  key: Expr;
  range: Range;
}

/**
 * `source[*].each` or `source.*.each`: `each` is evaluated once per element with the element
 * standing in for the `anchor` node inside it.
 */
export interface SplatExpr {
  kind: 'splat';
  source: Expr;
  each: Expr;
  range: Range;
}

export interface AnchorExpr {
  kind: 'anchor';
  range: Range;
}

export interface TupleExpr {
  kind: 'tuple';
  items: Expr[];
  range: Range;
}

export interface ObjectItem {
  key: Expr;
  value: Expr;
}

export interface ObjectExpr {
  kind: 'object';
  items: ObjectItem[];
  range: Range;
}

export interface CallExpr {
  kind: 'call';
  name: string;
  args: Expr[];
  /** The last argument was followed by `...` and is expanded. */
  expandFinal: boolean;
  range: Range;
}

export interface UnaryExpr {
  kind: 'unary';
  op: '-' | '!';
  operand: Expr;
  range: Range;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  range: Range;
}

export interface ConditionalExpr {
  kind: 'conditional';
  condition: Expr;
  then: Expr;
  else: Expr;
  range: Range;
}

export interface ForExpr {
  kind: 'for';
  keyVar?: string;
  valueVar: string;
  collection: Expr;
  /** Present for object-producing `{for ...}` expressions. */
  keyExpr?: Expr;
  valueExpr: Expr;
  condition?: Expr;
  /** `...` after the value: values with the same key are grouped into lists. */
  grouping: boolean;
  range: Range;
}

export interface ParenExpr {
  kind: 'paren';
  expr: Expr;
  range: Range;
}

/** Stands in for an expression that failed to parse, so the rest of the file still evaluates. */
export interface InvalidExpr {
  kind: 'invalid';
  range: Range;
}

export interface Diagnostic {
  message: string;
  range: Range;
}
