import type { Rule } from '../engine/catalogue.js';
import { evaluateEach, type EvaluateOptions, type Result } from '../engine/evaluate.js';
import type { Suppressor } from '../engine/suppress.js';
import { liveTypeOfKind, type CoverageTally } from '../engine/inventory-coverage.js';
import type { ResultCollector } from '../report/document.js';
import type { Resource } from '../model/resource.js';
import type { TerraformBlock } from '../sources/terraform/index.js';
import type { Verdicts } from './drift.js';

/**
 * Resources through the engine and suppressions into the report, with what was found and
 * whether a rule judged it. The same for a scan in one thread and for a worker thread's roots.
 */
export interface Judging {
  rules: Rule[];
  overrides: EvaluateOptions;
  suppressor: Suppressor;
  collector: ResultCollector;
  /** What was found and whether a rule judged it: Terraform by block instance, live by resource. */
  coverage: CoverageTally;
  /** With states, each resource's verdicts, for the join. */
  verdicts?: Verdicts;
}

/** Judges resources; `blocks` are given for Terraform roots (coverage is then counted by block). */
export function judge(judging: Judging, resources: Resource[], blocks?: TerraformBlock[]): void {
  const { suppressor, collector, coverage, verdicts } = judging;
  const judgedBy = new Map<Resource, Set<string>>();
  evaluateEach(judging.rules, resources, judging.overrides, (result: Result) => {
    const reported = suppressor.apply(result);
    collector.add(reported);
    let ruleIds = judgedBy.get(result.resource);
    if (!ruleIds) judgedBy.set(result.resource, (ruleIds = new Set()));
    ruleIds.add(result.rule.id);
    if (!verdicts) return;
    let byRule = verdicts.get(result.resource);
    if (!byRule) verdicts.set(result.resource, (byRule = new Map()));
    byRule.set(result.rule.id, reported.status);
  });
  if (blocks) {
    for (const block of blocks) {
      if (!block.type.startsWith('aws_')) continue;
      // A companion counts as judged when the resource it folds into was.
      const ruleIds = block.resources.flatMap((r) => [...(judgedBy.get(r) ?? [])]);
      coverage.add('terraform', block.type, ruleIds.length > 0 ? ruleIds : undefined);
    }
  } else {
    for (const resource of resources) {
      if (resource.provenance.source === 'aws' && !resource.provenance.notInventoried) coverage.add('aws', liveTypeOfKind(resource.kind), judgedBy.get(resource));
    }
  }
}
