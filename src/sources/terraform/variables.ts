import { basename } from 'node:path';
import type { Expr } from './ast.js';
import { evaluate, EvalError, type Scope } from './evaluate.js';
import { parseHcl } from './parser.js';
import type { FunctionContext } from './functions/index.js';
import { reviveValue, type Value } from '../../model/value.js';
import type { ScanProblem } from '../../model/problem.js';

/**
 * Chooses each root module variable's value with Terraform's precedence, lowest first:
 * defaults < TF_VAR_ environment < terraform.tfvars < terraform.tfvars.json < *.auto.tfvars(.json)
 * in lexical order < --var-file in the order given < --var.
 */

export interface VariableInputs {
  /** `--var-file` paths, in the order given (absolute). */
  varFiles: string[];
  /** `--var name=value` assignments, in the order given. */
  vars: string[];
  /** The environment, for TF_VAR_name. */
  env: Record<string, string | undefined>;
}

export interface ReadText {
  (path: string): string;
}

/** The tfvars files Terraform loads automatically from a root module folder, in load order. */
export function automaticVarFiles(fileNames: string[]): string[] {
  const names = fileNames.map((f) => basename(f));
  const auto = names.filter((n) => n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json')).sort();
  return [
    ...names.filter((n) => n === 'terraform.tfvars'),
    ...names.filter((n) => n === 'terraform.tfvars.json'),
    ...auto,
  ];
}

const emptyScope = (functions: FunctionContext): Scope => ({
  resolveRoot: () => undefined,
  functions,
});

/** Parses one tfvars file (HCL or JSON) into name → value; problems go to `errors`. */
export function readVarFile(path: string, displayPath: string, text: string, functions: FunctionContext, errors: ScanProblem[]): Map<string, Value> {
  const out = new Map<string, Value>();
  if (path.endsWith('.json')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        errors.push({ severity: 'error', file: displayPath, line: 1, column: 1, message: 'a .tfvars.json file must hold a JSON object' });
        return out;
      }
      for (const [name, raw] of Object.entries(parsed)) out.set(name, reviveValue(raw));
    } catch (error) {
      errors.push({ severity: 'error', file: displayPath, line: 1, column: 1, message: `invalid JSON: ${(error as Error).message}` });
    }
    return out;
  }
  const { file, diagnostics } = parseHcl(text, displayPath);
  for (const d of diagnostics) errors.push({ severity: 'error', file: displayPath, line: d.range.start.line, column: d.range.start.column, message: d.message });
  for (const attr of file.body.attributes) {
    try {
      out.set(attr.name, evaluate(attr.expr, emptyScope(functions)));
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      errors.push({ severity: 'error', file: displayPath, line: error.range.start.line, column: error.range.start.column, message: `variables files may only hold literal values: ${error.message}` });
    }
  }
  for (const block of file.body.blocks) {
    errors.push({ severity: 'error', file: displayPath, line: block.range.start.line, column: block.range.start.column, message: `unexpected block "${block.type}" in a variables file` });
  }
  return out;
}

/** A value given on the command line or in the environment: HCL for lists and maps, else a string. */
export function parseRawValue(raw: string, functions: FunctionContext): Value {
  const trimmed = raw.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const { file, diagnostics } = parseHcl(`v = ${trimmed}\n`, '<var>');
    const attr = file.body.attributes[0];
    if (diagnostics.length === 0 && attr) {
      try {
        return evaluate(attr.expr as Expr, emptyScope(functions));
      } catch {
        // Not a valid HCL value: fall through to the raw string, as Terraform would for a string variable.
      }
    }
  }
  return raw;
}

export interface VariableValueSources {
  /** Automatically loaded files in this folder: [display path, absolute path]. */
  automaticFiles: Array<[string, string]>;
  inputs: VariableInputs;
  readText: ReadText;
  functions: FunctionContext;
}

/**
 * The values of a root's variables, in Terraform's order of precedence. `origins`, when given,
 * records which of the root's own variables files set each name last, so values for undeclared
 * variables can be warned about as Terraform does. `--var-file` and `--var` apply to every root
 * scanned, so a name another root declares is no mistake, and TF_VAR_ variables Terraform ignores.
 */
export function chooseVariableValues(sources: VariableValueSources, errors: ScanProblem[], origins?: Map<string, string>): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const [key, raw] of Object.entries(sources.inputs.env)) {
    if (key.startsWith('TF_VAR_') && raw !== undefined) values.set(key.slice('TF_VAR_'.length), parseRawValue(raw, sources.functions));
  }
  const files: Array<[string, string]> = [
    ...sources.automaticFiles,
    ...sources.inputs.varFiles.map((f): [string, string] => [f, f]),
  ];
  const automatic = new Set(sources.automaticFiles.map(([, absolute]) => absolute));
  for (const [display, absolute] of files) {
    let text: string;
    try {
      text = sources.readText(absolute);
    } catch (error) {
      errors.push({ severity: 'error', file: display, message: `cannot read variables file: ${(error as Error).message}` });
      continue;
    }
    for (const [name, value] of readVarFile(absolute, display, text, sources.functions, errors)) {
      values.set(name, value);
      if (automatic.has(absolute)) origins?.set(name, display);
    }
  }
  for (const assignment of sources.inputs.vars) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      errors.push({ severity: 'error', file: '--var', message: `expected name=value, got "${assignment}"` });
      continue;
    }
    values.set(assignment.slice(0, eq).trim(), parseRawValue(assignment.slice(eq + 1), sources.functions));
  }
  return values;
}
