import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import type { ConfigFile } from './ast.js';
import { parseHcl } from './parser.js';
import { ModuleEvaluator } from './module.js';
import { foldInstances } from './fold.js';
import { TERRAFORM_MAPPERS } from './mappers/index.js';
import { automaticVarFiles, chooseVariableValues, type VariableInputs } from './variables.js';
import type { FunctionContext } from './functions/index.js';
import type { InlineIgnore, Resource } from '../../model/resource.js';
import { attachIgnores, findIgnores } from './ignores.js';
import type { ScanProblem } from '../../model/problem.js';
import type { Value, ValueObject } from '../../model/value.js';
import { evaluate } from './evaluate.js';

/**
 * The Terraform source: finds `.tf` files under the given paths, parses and evaluates each
 * folder as a module, and folds what it declares into model resources. It never touches the
 * network.
 */

export interface TerraformScanOptions {
  /** Files and folders to scan (absolute or relative to `cwd`). */
  paths: string[];
  /** Reported paths are relative to this folder. */
  cwd: string;
  variables: VariableInputs;
}

export interface TerraformScanResult {
  resources: Resource[];
  /** Every ignore comment found, attached to resources or not, so unused ones can be reported. */
  ignores: InlineIgnore[];
  problems: ScanProblem[];
  files: string[];
  bytes: number;
}

const IGNORED_DIRS = ['**/.terraform/**', '**/.git/**', '**/node_modules/**'];

/** Finds `.tf` files; a path that is a file is taken as is. Returned paths are absolute and sorted. */
export async function discoverTerraformFiles(paths: string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (statSync(absolute).isFile()) {
      found.add(absolute);
      continue;
    }
    const matches = await glob(['**/*.tf', '**/*.tfvars', '**/*.tfvars.json'], {
      cwd: absolute,
      absolute: true,
      ignore: IGNORED_DIRS,
      followSymbolicLinks: false,
      dot: true,
    });
    for (const match of matches) found.add(resolve(match));
  }
  return [...found].sort();
}

/** Reads a file as UTF-8 text, refusing binary content and invalid encodings with a clear reason. */
export function readSourceText(path: string): string {
  const bytes = readFileSync(path);
  if (bytes.includes(0)) throw new Error('this is a binary file, not Terraform source');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('the file is not valid UTF-8');
  }
}

function functionContext(baseDir: string): FunctionContext {
  const context: FunctionContext = {
    baseDir,
    readFile: (path) => readSourceText(resolve(baseDir, path)),
    fileExists: (path) => existsSync(resolve(baseDir, path)),
    renderTemplate: (template, vars, fileName) => {
      const { file, diagnostics } = parseHcl(`v = <<VIGIL_TEMPLATE_END\n${template}\nVIGIL_TEMPLATE_END\n`, fileName);
      if (diagnostics.length > 0) throw new Error(`${fileName}: ${diagnostics[0]!.message}`);
      const value: Value = evaluate(file.body.attributes[0]!.expr, {
        resolveRoot: (name) => (vars as ValueObject)[name],
        functions: context,
      });
      return typeof value === 'string' ? value.replace(/\n$/, '') : value;
    },
  };
  return context;
}

export async function scanTerraform(options: TerraformScanOptions): Promise<TerraformScanResult> {
  const problems: ScanProblem[] = [];
  const display = (absolute: string): string => relative(options.cwd, absolute).split(sep).join('/') || '.';
  const allFiles = await discoverTerraformFiles(options.paths, options.cwd);
  const byDir = new Map<string, string[]>();
  for (const file of allFiles) {
    const dir = dirname(file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }
  const resources: Resource[] = [];
  const ignores: InlineIgnore[] = [];
  let bytes = 0;
  const scanned: string[] = [];
  for (const [dir, files] of byDir) {
    const configs: ConfigFile[] = [];
    for (const file of files.filter((f) => f.endsWith('.tf'))) {
      scanned.push(display(file));
      let text: string;
      try {
        text = readSourceText(file);
      } catch (error) {
        problems.push({ severity: 'error', file: display(file), message: `cannot read: ${(error as Error).message}` });
        continue;
      }
      bytes += text.length;
      const { file: parsed, diagnostics } = parseHcl(text, display(file));
      for (const d of diagnostics) {
        problems.push({ severity: 'error', file: display(file), line: d.range.start.line, column: d.range.start.column, message: d.message });
      }
      configs.push(parsed);
      ignores.push(...findIgnores(parsed));
    }
    if (configs.length === 0) continue;
    const functions = functionContext(dir);
    const variableValues = chooseVariableValues(
      {
        automaticFiles: automaticVarFiles(files).map((name): [string, string] => [display(resolve(dir, name)), resolve(dir, name)]),
        inputs: options.variables,
        readText: readSourceText,
        functions,
      },
      problems,
    );
    const evaluator = new ModuleEvaluator(configs, { relativeDir: '.', variableValues, functions });
    const instances = evaluator.managedInstances();
    for (const d of evaluator.diagnostics) {
      problems.push({ severity: d.severity, file: d.file, line: d.range.start.line, column: d.range.start.column, message: d.message });
    }
    const folded = foldInstances({ instances, addressPrefix: '', moduleCalls: [] }, TERRAFORM_MAPPERS);
    resources.push(...folded.resources);
    problems.push(...folded.problems);
  }
  attachIgnores(resources, ignores);
  return { resources, ignores, problems, files: scanned, bytes };
}
