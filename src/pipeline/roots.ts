import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Framework, Rule } from '../engine/catalogue.js';
import type { EvaluateOptions } from '../engine/evaluate.js';
import type { SuppressionInput } from '../engine/suppress.js';
import type { ScanProblem } from '../model/problem.js';
import type { InlineIgnore, Resource } from '../model/resource.js';
import {
  evaluateTerraformRoot,
  noteReads,
  recordingReads,
  RootContext,
  type RootEvaluation,
  type TerraformAssembly,
  type TerraformRoot,
  type TerraformScanPlan,
} from '../sources/terraform/index.js';
import { judge, type Judging } from './judge.js';
import type { JudgedRoot } from './root-worker.js';
import { decodeResults, type RuleParts } from './result-encoding.js';

/**
 * The roots of a Terraform scan, evaluated and judged in this thread or spread over worker
 * threads. Either way the scan receives them in the roots' order and reports the same, byte for
 * byte: each root's evaluation depends on nothing but the root (src/sources/terraform/index.ts),
 * and what a worker sends back is absorbed as if judged here.
 */

/** What a worker thread needs to evaluate and judge roots as the scan would: plain data. */
export interface RootWorkerData {
  setup: TerraformScanPlan['setup'];
  rules: Rule[];
  frameworks: Framework[];
  frameworkIds: string[];
  overrides: EvaluateOptions;
  suppressions: Omit<SuppressionInput, 'rulesInScope' | 'allRules'>;
  /** The scan records its reads (for the result cache): the worker records its own and sends them. */
  recordReads: boolean;
}

export interface RootsOptions {
  /**
   * Threads to evaluate with: 1 evaluates here and starts none. `auto`: one per available core,
   * once the roots hold enough Terraform to repay starting threads (AUTO_THREADS_MIN_BYTES).
   */
  jobs: number | 'auto';
  /** For worker threads: the judging as data. */
  worker: () => Omit<RootWorkerData, 'setup' | 'recordReads'>;
  /** Each root's resources, when the scan keeps them (the state join); worker threads are then not used. */
  onResources?: (resources: Resource[]) => void;
}

/** How long one root may take in a worker thread before the thread is stopped and the root reported. */
export const ROOT_TIME_LIMIT_MS = 10 * 60_000;

/**
 * Starting a thread and loading Vigil into it takes a few hundred milliseconds of a core, which a
 * small scan would spend waiting: without --jobs, roots holding less Terraform than this are
 * evaluated in the scan's own thread.
 */
export const AUTO_THREADS_MIN_BYTES = 2 * 1024 * 1024;

function autoJobs(roots: readonly TerraformRoot[]): number {
  const cores = availableParallelism();
  if (cores <= 1 || roots.length <= 1) return 1;
  let bytes = 0;
  for (const root of roots) {
    for (const file of root.files) {
      try {
        bytes += statSync(file).size;
      } catch {
        // reported when the root is evaluated
      }
      if (bytes >= AUTO_THREADS_MIN_BYTES) return cores;
    }
  }
  return 1;
}

/**
 * The worker thread's module, beside the one running: dist/pipeline/root-worker.js when run from
 * dist/, bundle/root-worker.cjs when run from the bundle (src/tools/bundle.ts).
 */
function workerEntry(): URL {
  return new URL(import.meta.url.endsWith('.cjs') ? './root-worker.cjs' : './root-worker.js', import.meta.url);
}

/** A root that could not be evaluated: an error for the root, and nothing else from it. */
export function failedRoot(root: TerraformRoot, display: (absolute: string) => string, reason: string): RootEvaluation {
  const shown = display(root.dir);
  const problem: ScanProblem = { severity: 'error', file: shown, root: shown, message: `this folder was not evaluated: ${reason}` };
  return { resources: [], blocks: [], problems: [problem], files: [], ignores: [], automaticVarFiles: [], instances: 0 };
}

/**
 * Evaluates and judges `roots` (all of the plan's, or a shard's), in order, into `assembly` and
 * `judging`; returns how many resources they held.
 */
export async function judgeTerraformRoots(plan: TerraformScanPlan, roots: readonly TerraformRoot[], assembly: TerraformAssembly, judging: Judging, options: RootsOptions): Promise<number> {
  const context = new RootContext(plan.setup, plan.modules);
  let resources = 0;
  /** The next root's evaluation, made in this thread: into the assembly and judged. */
  const take = (evaluation: RootEvaluation): void => {
    assembly.add(evaluation);
    options.onResources?.(evaluation.resources);
    judge(judging, evaluation.resources, evaluation.blocks);
    resources += evaluation.resources.length;
  };
  const here = (root: TerraformRoot): void => {
    let evaluation: RootEvaluation;
    try {
      evaluation = evaluateTerraformRoot(root, context, assembly.budget());
    } catch (error) {
      evaluation = failedRoot(root, context.display, (error as Error).message);
    }
    take(evaluation);
  };
  const jobs = Math.min(options.jobs === 'auto' ? autoJobs(roots) : options.jobs, roots.length);
  if (jobs <= 1 || options.onResources) {
    for (const root of roots) here(root);
    return resources;
  }
  const { runInWorkers } = await import('./pool.js');
  const { MAX_INSTANCES_PER_SCAN } = await import('../sources/terraform/module.js');
  const ruleById = new Map(judging.rules.map((rule) => [rule.id, rule]));
  const parts = new Map<string, RuleParts>();
  const partsOf = (id: string): RuleParts => {
    let found = parts.get(id);
    if (!found) {
      const rule = ruleById.get(id);
      if (!rule) throw new Error(`a worker thread judged with rule ${id}, which this scan does not have`);
      parts.set(id, (found = judging.collector.partsOf(rule, judging.overrides.severities?.[id] ?? rule.severity)));
    }
    return found;
  };
  const workerData: RootWorkerData = { ...options.worker(), setup: plan.setup, recordReads: recordingReads() };
  // This thread evaluates roots too, between taking in the threads' results: its own need no copying.
  const local = (index: number): RootEvaluation => evaluateTerraformRoot(roots[index]!, context, { remaining: MAX_INSTANCES_PER_SCAN });
  await runInWorkers(roots, { jobs, entry: workerEntry(), workerData, taskTimeoutMs: ROOT_TIME_LIMIT_MS, local }, (index, outcome) => {
    const root = roots[index]!;
    if (!outcome.ok) {
      assembly.add(failedRoot(root, context.display, outcome.reason));
      return;
    }
    if (outcome.local) {
      const evaluation = outcome.value as RootEvaluation;
      if (assembly.holds(MAX_INSTANCES_PER_SCAN, evaluation.instances)) take(evaluation);
      else here(root);
      return;
    }
    const judged = JSON.parse(outcome.value as string) as JudgedRoot;
    if (judged.observations) noteReads(judged.observations);
    if ('error' in judged) {
      assembly.add(failedRoot(root, context.display, judged.error));
      return;
    }
    // A root that drew more of the scan's instance budget than is left is evaluated again here,
    // with what is left, as a scan in one thread would have.
    if (!assembly.holds(MAX_INSTANCES_PER_SCAN, judged.evaluation.instances)) {
      here(root);
      return;
    }
    assembly.add(judged.evaluation);
    const ignoreOf = (key: string): InlineIgnore | undefined => {
      const cut = key.lastIndexOf('\0');
      return assembly.ignoresByFile.get(key.slice(0, cut))?.[Number(key.slice(cut + 1))];
    };
    judging.suppressor.absorb(judged.usage, ignoreOf, (id) => ruleById.get(id));
    judging.coverage.absorb(judged.coverage);
    judging.collector.addReported(decodeResults(judged.results, partsOf));
    resources += judged.resources;
  });
  return resources;
}
