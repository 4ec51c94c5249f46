import type { Unknown, Value, ValueObject } from '../../../model/value.js';

/** What the function library needs from the evaluator: the module's files and its template engine. */
export interface FunctionContext {
  /**
   * The root module's folder, Terraform's working folder: file(), fileexists() and templatefile()
   * resolve relative paths against it (`path.module` is relative to it too).
   */
  baseDir: string;
  /**
   * Reads a file given an absolute path: its text, or unknown with the reason it is not read (outside
   * the scanned tree, not a regular file, too large). Throws when it does not exist or is not text.
   */
  readFile(path: string): string | Unknown;
  /** Whether a file exists; unknown when the path is outside the scanned tree. */
  fileExists(path: string): boolean | Unknown;
  /** Renders a Terraform template string with variables; supplied by the evaluator. */
  renderTemplate(template: string, vars: ValueObject, fileName: string): Value;
}

/**
 * A Terraform built-in function. It receives evaluated arguments (possibly unknown) and returns
 * the value Terraform would produce before apply, or throws a FunctionError for a call Terraform
 * would reject.
 */
export type TerraformFunction = (args: Value[], ctx: FunctionContext) => Value;

/** A call Terraform would reject: wrong arity, wrong type, value out of range. */
export class FunctionError extends Error {
  override name = 'FunctionError';
}
