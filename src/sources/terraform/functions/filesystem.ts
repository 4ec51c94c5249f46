import { isAbsolute, posix, resolve } from 'node:path';
import { findUnknown, isUnknown, unknown, type Unknown, type Value } from '../../../model/value.js';
import { asObject, asString, define, dependsOn, type Impl } from './support.js';
import { FunctionError, type FunctionContext, type TerraformFunction } from './types.js';

/**
 * Files of the module and paths. All reading goes through the FunctionContext, so this module does
 * no I/O of its own. Relative paths resolve against the root module's folder (ctx.baseDir), as
 * Terraform resolves them against its working folder: `file("${path.module}/x")` in any module,
 * and `file("x")` means the root's `x` even inside a called module. The context decides what may
 * be read; a file outside the scanned tree is unknown, never read.
 */

function resolvePath(ctx: FunctionContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.baseDir, path);
}

function readText(ctx: FunctionContext, path: string): string | Unknown {
  const absolute = resolvePath(ctx, path);
  try {
    return ctx.readFile(absolute);
  } catch (error) {
    if (ctx.fileExists(absolute) === false) throw new FunctionError(`no file exists at ${JSON.stringify(path)}`);
    throw new FunctionError(`cannot read ${JSON.stringify(path)}: ${(error as Error).message}`);
  }
}

const file: Impl = ([path], ctx) => readText(ctx, asString(path!, 'path'));

const fileexists: Impl = ([path], ctx) => ctx.fileExists(resolvePath(ctx, asString(path!, 'path')));

// An HCL identifier, which is what a template can refer to.
const TEMPLATE_VARIABLE = /^\p{ID_Start}[\p{ID_Continue}-]*$/u;

/** Checks the variables, then hands rendering to the evaluator, which knows template syntax. */
function render(ctx: FunctionContext, template: string, varsValue: Value, fileName: string): Value {
  if (isUnknown(varsValue)) return dependsOn(varsValue);
  const vars = asObject(varsValue, 'vars');
  for (const name of Object.keys(vars)) {
    if (!TEMPLATE_VARIABLE.test(name)) {
      throw new FunctionError(
        `invalid template variable name ${JSON.stringify(name)}: must start with a letter, followed by zero or more letters, digits, and underscores`,
      );
    }
  }
  return ctx.renderTemplate(template, vars, fileName);
}

/** templatefile: unknown variable values are the evaluator's to propagate through the template. */
const templatefile: Impl = ([pathValue, vars], ctx) => {
  if (isUnknown(pathValue)) return dependsOn(pathValue);
  const path = asString(pathValue!, 'path');
  const template = readText(ctx, path);
  if (isUnknown(template)) return template;
  return render(ctx, template, vars!, resolvePath(ctx, path));
};

const templatestring: Impl = ([template, vars], ctx) => {
  const pending = findUnknown(template!);
  if (pending) return dependsOn(pending);
  return render(ctx, asString(template!, 'template'), vars!, 'templatestring');
};

/** Go's filepath.Base: the last element, ignoring trailing slashes; "." for an empty path. */
function basename(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Go's filepath.Dir: everything before the last element, cleaned; "." when there is none. */
function dirname(path: string): string {
  const parent = path.slice(0, path.lastIndexOf('/') + 1);
  if (parent === '') return '.';
  const cleaned = posix.normalize(parent);
  return cleaned === '/' ? cleaned : cleaned.replace(/\/+$/, '');
}

/**
 * Functions over a file's bytes. The context reads files as text, which would corrupt binary
 * content (these functions are mostly used on zip archives), so their result stays unknown
 * rather than wrong.
 */
const binaryFile = (name: string) =>
  define({ params: ['path'] }, () => unknown(`${name}() reads binary file content, which Vigil does not evaluate`));

export const FILESYSTEM_FUNCTIONS: Record<string, TerraformFunction> = {
  basename: define({ params: ['path'] }, ([path]) => basename(asString(path!, 'path'))),
  dirname: define({ params: ['path'] }, ([path]) => dirname(asString(path!, 'path'))),
  file: define({ params: ['path'] }, file),
  filebase64: binaryFile('filebase64'),
  filebase64sha256: binaryFile('filebase64sha256'),
  filebase64sha512: binaryFile('filebase64sha512'),
  fileexists: define({ params: ['path'] }, fileexists),
  filemd5: binaryFile('filemd5'),
  filesha1: binaryFile('filesha1'),
  filesha256: binaryFile('filesha256'),
  filesha512: binaryFile('filesha512'),
  templatefile: define({ params: ['path', 'vars'], handlesUnknowns: true }, templatefile),
  templatestring: define({ params: ['template', 'vars'], handlesUnknowns: true }, templatestring),
};
