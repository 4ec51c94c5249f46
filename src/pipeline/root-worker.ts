import { parentPort, workerData } from 'node:worker_threads';
import { createSuppressor, type SuppressionUsage } from '../engine/suppress.js';
import { CoverageTally } from '../engine/inventory-coverage.js';
import { createResultCollector } from '../report/document.js';
import type { InlineIgnore } from '../model/resource.js';
import { evaluateTerraformRoot, recordReads, RootContext, type Observation, type RootEvaluation, type TerraformRoot } from '../sources/terraform/index.js';
import { MAX_INSTANCES_PER_SCAN } from '../sources/terraform/module.js';
import { judge } from './judge.js';
import { encodeResults, type EncodedResults } from './result-encoding.js';
import type { RootWorkerData } from './roots.js';

/**
 * A worker thread of a Terraform scan: evaluates the roots it is given, judges their resources
 * and sends back, for each, one JSON text of what the scan needs (src/pipeline/roots.ts).
 */

/** What a worker sends back for one root. */
export type JudgedRoot = { observations?: Observation[] } & (
  | {
      evaluation: Omit<RootEvaluation, 'resources' | 'blocks'>;
      resources: number;
      coverage: ReturnType<CoverageTally['counted']>;
      usage: SuppressionUsage;
      results: EncodedResults;
    }
  | { error: string }
);

const data = workerData as RootWorkerData;
const context = new RootContext(data.setup);
const collector = createResultCollector({ frameworks: data.frameworks }, data.frameworkIds);

function judgeRoot(root: TerraformRoot): JudgedRoot {
  let evaluation: RootEvaluation;
  try {
    // The whole budget: the scan checks what it drew against what is left, in the roots' order.
    evaluation = evaluateTerraformRoot(root, context, { remaining: MAX_INSTANCES_PER_SCAN });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const suppressor = createSuppressor({ ...data.suppressions, rulesInScope: [], allRules: [] });
  const coverage = new CoverageTally();
  judge({ rules: data.rules, overrides: data.overrides, suppressor, collector, coverage }, evaluation.resources, evaluation.blocks);
  // Ignores are named by file and place, which the scan finds in the same files.
  const keys = new Map<InlineIgnore, string>();
  for (const [file, ignores] of evaluation.ignores) ignores.forEach((ignore, index) => keys.set(ignore, `${file}\0${index}`));
  const { resources, blocks: _blocks, ...rest } = evaluation;
  return {
    evaluation: rest,
    resources: resources.length,
    coverage: coverage.counted(),
    usage: suppressor.usage((ignore) => keys.get(ignore) ?? ''),
    results: encodeResults(collector.take()),
  };
}

parentPort!.on('message', (message: { index: number; task: TerraformRoot }) => {
  void (async () => {
    let judged: JudgedRoot;
    if (data.recordReads) {
      const recorded = await recordReads(async () => judgeRoot(message.task));
      judged = { ...recorded.value, observations: recorded.observations };
    } else {
      judged = judgeRoot(message.task);
    }
    parentPort!.postMessage({ index: message.index, value: JSON.stringify(judged) });
  })();
});
