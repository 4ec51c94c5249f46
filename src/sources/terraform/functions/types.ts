import type { Value, ValueObject } from '../../../model/value.js';

/** What the function library needs from the evaluator: the module's files and its template engine. */
export interface FunctionContext {
  /** Directory of the module being evaluated; file(), fileexists() and templatefile() resolve relative paths against it. */
  baseDir: string;
  /** Reads a file given an absolute path; may throw when the file cannot be read. */
  readFile(path: string): string;
  fileExists(path: string): boolean;
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
