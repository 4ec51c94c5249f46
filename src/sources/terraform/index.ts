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
import { isConfigFile, isLocalSource, ModuleCache, ModuleLoader, readSourceText } from './loader.js';
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
export { noteReads, recordingReads, recordReads, stampSettledReads, type Observation } from './read-ledger.js';

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

/** A folder of configuration evaluated on its own: a root module, or a folder only called as a module. */
export interface TerraformRoot {
  dir: string;
  /** Its Terraform files (configuration and variables), absolute, sorted. */
  files: string[];
  /** Only called as a module by another scanned folder: evaluated on its variables' defaults. */
  asModule: boolean;
}

/** What evaluating any root needs besides the root itself: plain data, so a worker thread can be given it. */
export interface RootSetup {
  cwd: string;
  variables: VariableInputs;
  /** Folders the scan may read. */
  trees: string[];
}

/** Everything a scan learns from one root, in the order a scan of one thread would have learnt it. */
export interface RootEvaluation {
  resources: Resource[];
  blocks: TerraformBlock[];
  problems: ScanProblem[];
  /** The files read for this root and its modules, as shown, with their sizes, in the order read. */
  files: Array<[shown: string, bytes: number]>;
  /** Ignore comments of those files, by file, in the order read. */
  ignores: Array<[shown: string, InlineIgnore[]]>;
  automaticVarFiles: string[];
  /** Resource and module instances drawn from the scan's budget (MAX_INSTANCES_PER_SCAN). */
  instances: number;
}

/** The Terraform files of a scan, the plan files among them, and the roots the others make. */
export interface TerraformScanPlan {
  setup: RootSetup;
  planFiles: string[];
  roots: TerraformRoot[];
  /** Discovery's problems. */
  problems: ScanProblem[];
  /** The trees root detection parsed, for a RootContext in this thread (not sent to other threads). */
  modules: ModuleCache;
}

/** How paths are shown, remembered per path: every file's locations and problems name it. */
function displayIn(cwd: string): (absolute: string) => string {
  const shown = new Map<string, string>();
  return (absolute) => {
    let path = shown.get(absolute);
    if (path === undefined) shown.set(absolute, (path = relative(cwd, absolute).split(sep).join('/') || '.'));
    return path;
  };
}

/** Finds the files and works out which folders are roots, and which only modules. */
export async function planTerraformScan(options: TerraformScanOptions): Promise<TerraformScanPlan> {
  const problems: ScanProblem[] = [];
  const display = displayIn(options.cwd);
  const skipped = options.skipPaths && options.skipPaths.length > 0 ? picomatch(options.skipPaths, { dot: true }) : undefined;
  const trees = options.trees ?? defaultTrees(options.paths, options.cwd);
  const tree = new ScanTree(trees);
  const allFiles = (await discoverTerraformFiles(options.paths, options.cwd, problems, tree)).filter((file) => !skipped?.(display(file)));
  const discoveredPlans = allFiles.filter(isPlanFile);
  const byDir = new Map<string, string[]>();
  for (const file of allFiles.filter((f) => !discoveredPlans.includes(f))) {
    const dir = dirname(file);
    let list = byDir.get(dir);
    if (!list) byDir.set(dir, (list = []));
    list.push(file);
  }
  const configDirs = [...byDir.keys()].filter((dir) => byDir.get(dir)!.some(isConfigFile));
  // The shard's part of the work is chosen before anything is evaluated: only its roots and plans are.
  const selected = options.selectRoots?.([
    ...configDirs.map((dir) => ({ path: display(dir), bytes: byDir.get(dir)!.reduce((sum, file) => sum + fileBytes(file), 0) })),
    ...discoveredPlans.map((plan) => ({ path: display(plan), bytes: fileBytes(plan) })),
  ]);
  const planFiles = selected ? discoveredPlans.filter((plan) => selected.has(display(plan))) : discoveredPlans;
  const modules = new ModuleCache();
  const loader = new ModuleLoader({ display, problems, tree }, modules);
  // A folder that another scanned folder calls as a local module is not a root of its own.
  const called = new Set<string>();
  for (const dir of configDirs) for (const target of loader.localModuleTargets(dir, byDir.get(dir)!)) called.add(target);
  return {
    setup: { cwd: options.cwd, variables: options.variables, trees },
    planFiles,
    roots: configDirs.filter((dir) => !selected || selected.has(display(dir))).map((dir) => ({ dir, files: byDir.get(dir)!, asModule: called.has(dir) })),
    problems,
    modules,
  };
}

/** What the roots of one process share: module folders read once, and the tree the scan may read. */
export class RootContext {
  readonly display: (absolute: string) => string;
  readonly tree: ScanTree;
  readonly modules: ModuleCache;

  /** `modules`: the plan's, in the thread that planned (it holds the trees root detection parsed). */
  constructor(readonly setup: RootSetup, modules?: ModuleCache) {
    this.modules = modules ?? new ModuleCache();
    this.display = displayIn(setup.cwd);
    this.tree = new ScanTree(setup.trees);
  }
}

/**
 * Evaluates one root with the modules it calls and folds what it declares into resources. What it
 * gives depends only on the root and the budget left (never on the roots evaluated before it in the
 * same process), so the roots of a scan may be evaluated in any order, or in several threads.
 */
export function evaluateTerraformRoot(root: TerraformRoot, context: RootContext, budget: { remaining: number }): RootEvaluation {
  const { dir, asModule } = root;
  const { display } = context;
  const problems: ScanProblem[] = [];
  const loader = new ModuleLoader({ display, problems, tree: context.tree }, context.modules);
  const files = root.files;
  const started = budget.remaining;
  const loaded = loader.load(dir, files.filter(isConfigFile));
  const functions = loader.functionsFor(dir);
  const origins = new Map<string, string>();
  const autoVarFiles: string[] = [];
  if (!asModule) for (const name of automaticVarFiles(files)) autoVarFiles.push(resolve(dir, name));
  const variableValues = asModule
    ? new Map()
    : chooseVariableValues(
        {
          automaticFiles: automaticVarFiles(files).map((name): [string, string] => [display(resolve(dir, name)), resolve(dir, name)]),
          inputs: context.setup.variables,
          readText: readSourceText,
          functions,
        },
        problems,
        origins,
      );
  // Each root's own: a sensitive value of one root masks that root's values.
  const secrets = new SecretRegistry();
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
  const shownRoot = display(dir);
  // A warning that only a module folder's run on its own defaults gives is about values no caller
  // passes, which Terraform never sees; its errors (types, duplicates) stay. The callers' runs
  // report the warnings that real values cause.
  const keep = (problem: ScanProblem): boolean => !asModule || problem.severity === 'error';
  for (const d of evaluator.allDiagnostics()) {
    const problem: ScanProblem = { severity: d.severity, file: d.file, line: d.range.start.line, column: d.range.start.column, message: secrets.maskText(d.message), root: shownRoot };
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
  const foldInput = { addressPrefix: '', moduleCalls: [], root: shownRoot, placed, ...(asModule ? { moduleDefaults: MODULE_DEFAULTS_NOTE } : {}) };
  const folded = foldInstances({ instances, ...foldInput }, TERRAFORM_MAPPERS);
  append(folded.resources, derivedPolicies(instances, foldInput).resources);
  // A folder only called as a module is counted through its callers' instances, not once more on its defaults.
  const blocks = asModule ? [] : blocksOf(instances, placed);
  append(folded.resources, organizationGuardrails(folded.resources));
  for (const problem of folded.problems) {
    problem.root = shownRoot;
    if (keep(problem)) problems.push(problem);
  }
  completeRoot(folded.resources);
  // Every file this root and its modules read is loaded by now, with its ignores.
  attachIgnores(folded.resources, loader.ignoresByFile);
  // Module folders stay cached for their next caller; a root's trees are no longer needed.
  if (!asModule) loader.release(dir);
  return {
    resources: folded.resources,
    blocks,
    problems,
    files: loader.files.map((shown) => [shown, loader.fileBytes.get(shown) ?? 0]),
    ignores: [...loader.ignoresByFile],
    automaticVarFiles: autoVarFiles,
    instances: started - budget.remaining,
  };
}

/**
 * Puts the roots' evaluations back together, in the roots' order, as one scan: the scan's
 * instance budget drawn root by root, files and ignores counted once (at the first root that read
 * them), problems in order with repeats removed.
 */
export class TerraformAssembly {
  private remaining = MAX_INSTANCES_PER_SCAN;
  private readonly problems: ScanProblem[];
  private readonly fileBytes = new Map<string, number>();
  readonly ignoresByFile = new Map<string, InlineIgnore[]>();
  private readonly autoVarFiles: string[] = [];

  constructor(plan: TerraformScanPlan) {
    this.problems = [...plan.problems];
  }

  /** The budget the next root is evaluated with, when evaluated in order. */
  budget(): { remaining: number } {
    return { remaining: this.remaining };
  }

  /**
   * Whether an evaluation made with `given` instances of budget stands for the next root: it
   * does when it used less than it was given (the cap never bit) and no more than is left.
   */
  holds(given: number, instances: number): boolean {
    return given === this.remaining || (instances < given && instances <= this.remaining);
  }

  /** The next root's evaluation (its resources are the caller's). */
  add(evaluation: Omit<RootEvaluation, 'resources' | 'blocks'>): void {
    this.remaining -= evaluation.instances;
    append(this.problems, evaluation.problems);
    for (const [shown, bytes] of evaluation.files) if (!this.fileBytes.has(shown)) this.fileBytes.set(shown, bytes);
    for (const [shown, found] of evaluation.ignores) if (!this.ignoresByFile.has(shown)) this.ignoresByFile.set(shown, found);
    append(this.autoVarFiles, evaluation.automaticVarFiles);
  }

  /** Reads the plan files (after every root, whose files may hold the ignores naming a plan's resources). */
  plans(plan: TerraformScanPlan, options: Pick<TerraformScanOptions, 'cwd' | 'sourceRoot'>): { resources: Resource[]; blocks: TerraformBlock[]; problems: ScanProblem[]; files: string[]; bytes: number } {
    const display = displayIn(options.cwd);
    const out = { resources: [] as Resource[], blocks: [] as TerraformBlock[], problems: [] as ScanProblem[], files: [] as string[], bytes: 0 };
    for (const file of plan.planFiles) {
      const result = scanPlan(file, { display, sourceRoot: options.sourceRoot ? resolve(options.cwd, options.sourceRoot) : undefined });
      completeRoot(result.resources);
      append(out.blocks, result.blocks ?? []);
      append(out.resources, result.resources);
      append(out.problems, result.problems);
      out.files.push(display(file));
      out.bytes += result.bytes;
    }
    attachIgnores(out.resources, this.ignoresByFile);
    return out;
  }

  finish(planned: { problems: ScanProblem[]; files: string[]; bytes: number }, discoveryCount: number): Omit<TerraformScanResult, 'resources'> {
    // Plan problems come right after discovery's, as plans are listed first.
    const problems = [...this.problems.slice(0, discoveryCount), ...planned.problems, ...this.problems.slice(discoveryCount)];
    let bytes = planned.bytes;
    for (const size of this.fileBytes.values()) bytes += size;
    return {
      ignores: [...this.ignoresByFile.values()].flat(),
      // Module folders evaluated through several calls report the same problem once.
      problems: dedupe(problems),
      files: [...planned.files, ...this.fileBytes.keys()],
      bytes,
      automaticVarFiles: this.autoVarFiles,
    };
  }
}

/**
 * The Terraform source in this thread: every root in order, then the plan files. `onResources`
 * receives each root's resources as it is evaluated (see TerraformScanOptions).
 */
export async function scanTerraform(options: TerraformScanOptions): Promise<TerraformScanResult> {
  const plan = await planTerraformScan(options);
  const assembly = new TerraformAssembly(plan);
  const context = new RootContext(plan.setup, plan.modules);
  const fromRoots: Resource[] = [];
  for (const root of plan.roots) {
    const evaluation = evaluateTerraformRoot(root, context, assembly.budget());
    assembly.add(evaluation);
    if (options.onResources) options.onResources(evaluation.resources, evaluation.blocks);
    else append(fromRoots, evaluation.resources);
  }
  const planned = assembly.plans(plan, options);
  if (options.onResources) options.onResources(planned.resources, planned.blocks);
  // Held whole, plan files' resources come first, as plans are listed first.
  const resources = options.onResources ? [] : planned.resources;
  append(resources, fromRoots);
  return { resources, ...assembly.finish(planned, plan.problems.length) };
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
