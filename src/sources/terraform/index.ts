import { statSync, type Dirent } from 'node:fs';
import { observedList, observedStat } from './read-ledger.js';
import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { MAX_INSTANCES_PER_SCAN, ModuleEvaluator } from './module.js';
import { blocksOf, foldInstances, type TerraformBlock } from './fold.js';
export type { TerraformBlock } from './fold.js';
import { LINK_ARGUMENTS, TERRAFORM_MAPPERS } from './mappers/index.js';
import { followReferences } from './referenced.js';
import { derivedPolicies } from './derived-policies.js';
import { organizationGuardrails } from './organization.js';
import { unmanagedDefaultSecurityGroups } from './default-security-groups.js';
import { automaticVarFiles, chooseVariableValues, type VariableInputs } from './variables.js';
import { isConfigFile, isLocalSource, ModuleLoader, readSourceText } from './loader.js';
import { ScanTree, scanTreeOf } from './files.js';
import { SecretRegistry } from './secrets.js';
import { isPlanFile, scanPlan } from './plan.js';
import type { InlineIgnore, Resource } from '../../model/resource.js';
import { attachIgnores } from './ignores.js';
import { markAccessLogTargets } from '../../model/log-targets.js';
import { markBackupProtection } from '../../model/backup-protection.js';
import type { ScanProblem } from '../../model/problem.js';
import { unknown, type Value } from '../../model/value.js';

/**
 * The Terraform source: finds configuration files under the given paths, works out which
 * folders are root modules, evaluates each root with the modules it calls, and folds what they
 * declare into model resources. A plan JSON file given as a path is read instead of evaluated.
 * It never touches the network.
 */

export { readSourceText } from './loader.js';
export { observationsStillHold } from './files.js';
export { recordReads, type Observation } from './read-ledger.js';

export interface TerraformScanOptions {
  /** Files and folders to scan (absolute or relative to `cwd`). */
  paths: string[];
  /** Reported paths are relative to this folder. */
  cwd: string;
  variables: VariableInputs;
  /** For plan JSON: the folder `terraform show -json` was run in, to point resources at file:line. */
  sourceRoot?: string;
  /** Globs, relative to `cwd`, of files never read (the configuration's skip-paths). */
  skipPaths?: string[];
  /**
   * Folders the scan may read (modules, symbolically linked files, `file()`); default: for each path,
   * the repository root when it is inside a git working copy, else the path itself.
   */
  trees?: string[];
  /**
   * When given, resources are handed over root module by root module, with the ignores that may
   * name them already attached, and are not kept: the result's `resources` is then empty. A large
   * estate need never be held whole.
   */
  onResources?: (resources: Resource[], blocks?: TerraformBlock[]) => void;
  /**
   * Picks the units of work this scan evaluates (a shard's part): given every root folder (module
   * folders evaluated on their defaults included) and plan file, by displayed path with the bytes
   * of its own files, it returns the paths to evaluate. Default: all of them.
   */
  selectRoots?: (roots: Array<{ path: string; bytes: number }>) => ReadonlySet<string>;
}

export interface TerraformScanResult {
  resources: Resource[];
  /** Every ignore comment found, attached to resources or not, so unused ones can be reported. */
  ignores: InlineIgnore[];
  problems: ScanProblem[];
  files: string[];
  bytes: number;
  /** The automatic variables files of the roots (terraform.tfvars, *.auto.tfvars), absolute, in order. */
  automaticVarFiles: string[];
}

const IGNORED_DIRS = new Set(['.terraform', '.git', 'node_modules']);
const TERRAFORM_FILE = /\.(tf|tf\.json|tfvars|tfvars\.json)$/;

/** Why a folder only called as a module is also reported on its own. */
export const MODULE_DEFAULTS_NOTE =
  'this folder is only used as a module; here it is evaluated on its own with its variables\' defaults, and its callers may pass other values';

/** The folders a scan of `paths` may read, when the caller names none. */
export function defaultTrees(paths: string[], cwd: string): string[] {
  return paths.map((path) => {
    const absolute = resolve(cwd, path);
    let isFile = false;
    try {
      isFile = observedStat(absolute) === 'file';
    } catch {
      // judged by discovery
    }
    return scanTreeOf(isFile ? dirname(absolute) : absolute);
  });
}

/**
 * Finds configuration and variables files; a path that is a file is taken as is. Returned paths are
 * absolute and sorted. Folder links are never followed (no loops); a linked file is taken when its
 * target lies inside the tree, as Terraform loads it, and reported otherwise.
 */
export async function discoverTerraformFiles(paths: string[], cwd: string, problems: ScanProblem[] = [], tree = new ScanTree(defaultTrees(paths, cwd))): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let isFile: boolean;
    try {
      isFile = observedStat(absolute) === 'file';
    } catch (error) {
      problems.push({ severity: 'error', file: path, message: `cannot read: ${(error as NodeJS.ErrnoException).code === 'ELOOP' ? 'a symbolic link loop' : (error as Error).message}` });
      continue;
    }
    if (isFile) {
      found.add(absolute);
      continue;
    }
    walk(absolute, (file) => found.add(file), (link) => {
      if (!tree.confine(link)) {
        problems.push({ severity: 'warning', file: relative(cwd, link).split(sep).join('/'), message: 'not read: a symbolic link to a file outside the scanned tree' });
        return;
      }
      found.add(link);
    });
  }
  return [...found].sort();
}

/** Every Terraform file under `dir`, depth first; links to files go to `onLink`, links to folders are not followed. */
function walk(dir: string, onFile: (path: string) => void, onLink: (path: string) => void): void {
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = observedList(current);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) pending.push(path);
      } else if (TERRAFORM_FILE.test(entry.name)) {
        if (entry.isSymbolicLink()) {
          let isDir = false;
          try {
            isDir = observedStat(path) === 'dir';
          } catch {
            // A dangling link or a loop: the loader says so.
          }
          if (!isDir) onLink(path);
        } else {
          // Regular files, and FIFOs or devices named like Terraform files, which the loader reports as unreadable.
          onFile(path);
        }
      }
    }
  }
}

export async function scanTerraform(options: TerraformScanOptions): Promise<TerraformScanResult> {
  const problems: ScanProblem[] = [];
  const display = (absolute: string): string => relative(options.cwd, absolute).split(sep).join('/') || '.';
  const skipped = options.skipPaths && options.skipPaths.length > 0 ? picomatch(options.skipPaths, { dot: true }) : undefined;
  const tree = new ScanTree(options.trees ?? defaultTrees(options.paths, options.cwd));
  const allFiles = (await discoverTerraformFiles(options.paths, options.cwd, problems, tree)).filter((file) => !skipped?.(display(file)));
  const resources: Resource[] = [];
  const scanned: string[] = [];
  let bytes = 0;

  const discoveredPlans = allFiles.filter(isPlanFile);
  const byDir = new Map<string, string[]>();
  for (const file of allFiles.filter((f) => !discoveredPlans.includes(f))) {
    const dir = dirname(file);
    let list = byDir.get(dir);
    if (!list) byDir.set(dir, (list = []));
    list.push(file);
  }
  const allConfigDirs = [...byDir.keys()].filter((dir) => byDir.get(dir)!.some(isConfigFile));
  const selected = options.selectRoots?.([
    ...allConfigDirs.map((dir) => ({ path: display(dir), bytes: byDir.get(dir)!.reduce((sum, file) => sum + fileBytes(file), 0) })),
    ...discoveredPlans.map((plan) => ({ path: display(plan), bytes: fileBytes(plan) })),
  ]);
  const planFiles = selected ? discoveredPlans.filter((plan) => selected.has(display(plan))) : discoveredPlans;
  const planBlocks: TerraformBlock[] = [];
  for (const plan of planFiles) {
    const result = scanPlan(plan, { display, sourceRoot: options.sourceRoot ? resolve(options.cwd, options.sourceRoot) : undefined });
    completeRoot(result.resources);
    append(planBlocks, result.blocks ?? []);
    append(resources, result.resources);
    append(problems, result.problems);
    scanned.push(display(plan));
    bytes += result.bytes;
  }

  const loader = new ModuleLoader({ display, problems, tree });
  const configDirs = allConfigDirs;

  // A folder that another scanned folder calls as a local module is not a root of its own.
  const called = new Set<string>();
  for (const dir of configDirs) for (const target of loader.localModuleTargets(dir, byDir.get(dir)!)) called.add(target);

  const secrets = new SecretRegistry();
  const budget = { remaining: MAX_INSTANCES_PER_SCAN };
  const autoVarFiles: string[] = [];
  for (const dir of configDirs) {
    if (selected && !selected.has(display(dir))) continue;
    const asModule = called.has(dir);
    const files = byDir.get(dir)!;
    const loaded = loader.load(dir, files.filter(isConfigFile));
    const functions = loader.functionsFor(dir);
    const origins = new Map<string, string>();
    if (!asModule) for (const name of automaticVarFiles(files)) autoVarFiles.push(resolve(dir, name));
    const variableValues = asModule
      ? new Map()
      : chooseVariableValues(
          {
            automaticFiles: automaticVarFiles(files).map((name): [string, string] => [display(resolve(dir, name)), resolve(dir, name)]),
            inputs: options.variables,
            readText: readSourceText,
            functions,
          },
          problems,
          origins,
        );
    const evaluator = new ModuleEvaluator(loaded.files, {
      // path.module of a root module is '.'; called modules' paths are relative to their root.
      relativeDir: '.',
      variableValues,
      functions,
      secrets,
      host: loader,
      dir,
      rootDir: dir,
      budget,
      linkArguments: LINK_ARGUMENTS,
    });
    for (const [name, file] of origins) {
      if (!evaluator.variables.has(name)) {
        problems.push({ severity: 'warning', file, message: `a value is given for the undeclared variable "${name}": the root module ${display(dir)} declares no variable of that name` });
      }
    }
    const instances = evaluator.managedInstances();
    const root = display(dir);
    // A warning that only a module folder's run on its own defaults gives is about values no caller
    // passes, which Terraform never sees; its errors (types, duplicates) stay. The callers' runs
    // report the warnings that real values cause.
    const keep = (problem: ScanProblem): boolean => !asModule || problem.severity === 'error';
    for (const d of evaluator.allDiagnostics()) {
      const problem: ScanProblem = { severity: d.severity, file: d.file, line: d.range.start.line, column: d.range.start.column, message: secrets.maskText(d.message), root };
      if (d.module) problem.module = d.module;
      if (keep(problem)) problems.push(problem);
    }
    // Each instance is this root's own, made by its evaluator: masked in place, not copied.
    for (const instance of instances) {
      instance.attributes = secrets.mask(instance.attributes);
      if (instance.providerRegion !== undefined) instance.providerRegion = maskedRegion(secrets, instance.providerRegion);
    }
    followReferences(instances);
    const placed = new Map<string, Resource[]>();
    const foldInput = { addressPrefix: '', moduleCalls: [], root, placed, ...(asModule ? { moduleDefaults: MODULE_DEFAULTS_NOTE } : {}) };
    const folded = foldInstances({ instances, ...foldInput }, TERRAFORM_MAPPERS);
    append(folded.resources, derivedPolicies(instances, foldInput).resources);
    // A folder only called as a module is counted through its callers' instances, not once more on its defaults.
    const blocks = asModule ? [] : blocksOf(instances, placed);
    append(folded.resources, organizationGuardrails(folded.resources));
    for (const problem of folded.problems) {
      problem.root = root;
      if (keep(problem)) problems.push(problem);
    }
    completeRoot(folded.resources);
    if (options.onResources) {
      // Every file this root and its modules read is loaded by now, with its ignores.
      attachIgnores(folded.resources, loader.ignoresByFile);
      options.onResources(folded.resources, blocks);
    } else {
      append(resources, folded.resources);
    }
    // Module folders stay cached for their next caller; a root's trees are no longer needed.
    if (!asModule) loader.release(dir);
  }
  append(scanned, loader.files);
  bytes += loader.bytes;
  attachIgnores(resources, loader.ignoresByFile);
  if (options.onResources) {
    // Only plan files' resources are left here when streaming.
    options.onResources(resources, planBlocks);
    resources.length = 0;
  }
  // Module folders evaluated through several calls report the same problem once.
  return { resources, ignores: loader.ignores, problems: dedupe(problems), files: scanned, bytes, automaticVarFiles: autoVarFiles };
}

/**
 * What one root's resources say about each other once folded: the default security groups of
 * VPCs that no aws_default_security_group takes over, and which buckets receive access logs.
 */
function completeRoot(resources: Resource[]): void {
  append(resources, unmanagedDefaultSecurityGroups(resources));
  markAccessLogTargets(resources);
  markBackupProtection(resources);
}

/** A provider region taken from a sensitive value is not shown: judged as unknown rather than as the mask text. */
function maskedRegion(secrets: SecretRegistry, region: Value): Value {
  return typeof region === 'string' && secrets.leaks(region) ? unknown('the provider region comes from a sensitive value, which Vigil does not reveal') : region;
}

/** A file's size for balancing shards; one that cannot be read weighs nothing (the loader reports it). */
function fileBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Appends in a loop: spreading a large estate's resources into push() overflows the stack. */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function problemKey(p: ScanProblem): string {
  return `${p.severity}|${p.file}|${p.line}|${p.column}|${p.message}|${p.root}|${p.module}`;
}

function dedupe(problems: ScanProblem[]): ScanProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = problemKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
