import type { Catalogue, Rule, Severity } from '../engine/catalogue.js';
import { evaluateEach, evaluateNotInventoried, type EvaluateOptions } from '../engine/evaluate.js';
import { createSuppressor, type ConfigSuppression, type SuppressionPolicy } from '../engine/suppress.js';
import { assembleReport, createResultCollector, type ReportDocument } from '../report/document.js';
import { scanTerraform } from '../sources/terraform/index.js';
import type { AwsDeps, AwsScanMeta, AwsScanOptions, AwsScanResult } from '../sources/aws/index.js';
import type { LoadedSnapshot } from '../sources/aws/snapshot.js';
import type { VariableInputs } from '../sources/terraform/variables.js';
import type { InlineIgnore, Resource } from '../model/resource.js';
import type { ScanProblem } from '../model/problem.js';

/**
 * One scan, end to end: sources → resources → engine → report document. No printing and no
 * exit codes here; the CLI decides what to do with the document.
 */

export interface ScanRequest {
  catalogue: Catalogue;
  /** Only rules these frameworks map; empty for every rule. */
  frameworks: string[];
  /** Terraform paths to scan; files matching `skipPaths` globs (relative to cwd) are not read. */
  terraform?: {
    paths: string[];
    variables: VariableInputs;
    skipPaths?: string[];
    /** For plan JSON: the folder the plan was made in. */
    sourceRoot?: string;
    /** Folders the scan may read; default: the repository root of each path, else the path. */
    trees?: string[];
  };
  cwd: string;
  failOn: Severity | 'none';
  toolVersion: string;
  /** Severity and parameter overrides by rule ID, from the configuration. */
  overrides?: EvaluateOptions;
  suppressions?: { config: ConfigSuppression[]; configFile?: string; policy?: SuppressionPolicy };
  /** The date suppressions expire against, YYYY-MM-DD (today, unless a test pins it). */
  today?: string;
  /** Live AWS accounts (`onResult` receives the raw scan, e.g. for a snapshot), or a snapshot read offline. */
  aws?: { live: AwsScanOptions; deps?: AwsDeps; onResult?: (result: AwsScanResult) => void } | { snapshot: LoadedSnapshot };
}

export function rulesInScope(catalogue: Catalogue, frameworks: string[]): Rule[] {
  if (frameworks.length === 0) return catalogue.rules;
  const mapped = new Set(
    catalogue.frameworks.filter((f) => frameworks.includes(f.id)).flatMap((f) => f.requirements.flatMap((r) => r.rules ?? [])),
  );
  return catalogue.rules.filter((rule) => mapped.has(rule.id));
}

export async function runScan(request: ScanRequest): Promise<ReportDocument> {
  const startedAt = new Date();
  const rules = rulesInScope(request.catalogue, request.frameworks);
  const problems: ScanProblem[] = [];
  const paths: string[] = [];
  const suppressor = createSuppressor({
    config: request.suppressions?.config ?? [],
    configFile: request.suppressions?.configFile,
    ...(request.suppressions?.policy ? { policy: request.suppressions.policy } : {}),
    rulesInScope: rules,
    allRules: request.catalogue.rules,
    today: request.today ?? new Date().toISOString().slice(0, 10),
  });
  // Resources stream from the sources through the engine and suppressions into the report, a
  // root module at a time: a large estate has hundreds of thousands of results, and only their
  // report form is kept.
  const collector = createResultCollector(request.catalogue, request.frameworks);
  let resourceCount = 0;
  const evaluate = (resources: Resource[]): void => {
    resourceCount += resources.length;
    evaluateEach(rules, resources, request.overrides ?? {}, (result) => collector.add(suppressor.apply(result)));
  };
  let terraformIgnores: InlineIgnore[] = [];
  if (request.terraform) {
    const source = await scanTerraform({
      paths: request.terraform.paths,
      cwd: request.cwd,
      variables: request.terraform.variables,
      ...(request.terraform.sourceRoot ? { sourceRoot: request.terraform.sourceRoot } : {}),
      ...(request.terraform.skipPaths ? { skipPaths: request.terraform.skipPaths } : {}),
      ...(request.terraform.trees ? { trees: request.terraform.trees } : {}),
      onResources: evaluate,
    });
    for (const problem of source.problems) problems.push(problem);
    terraformIgnores = source.ignores;
    paths.push(...request.terraform.paths);
  }
  let awsMeta: AwsScanMeta | undefined;
  if (request.aws) {
    const aws = 'snapshot' in request.aws ? request.aws.snapshot : await (await import('../sources/aws/index.js')).scanAws(request.aws.live, request.aws.deps); // the SDK loads only for live scans
    if ('live' in request.aws) request.aws.onResult?.(aws as AwsScanResult);
    evaluate(aws.resources);
    // Scopes whose listing failed: their rules are unknown there, never a silent pass.
    evaluateNotInventoried(rules, aws.notInventoried, request.overrides ?? {}, (result) => collector.add(suppressor.apply(result)));
    problems.push(...aws.problems);
    awsMeta = aws.meta;
  }
  problems.push(...suppressor.finish(terraformIgnores));
  return assembleReport(collector.collected(), request.catalogue, rules, problems, resourceCount, {
    toolVersion: request.toolVersion,
    startedAt,
    finishedAt: new Date(),
    paths,
    frameworks: request.frameworks,
    failOn: request.failOn,
    ...(awsMeta
      ? { accounts: awsMeta.accounts.map((a) => a.account), regions: awsMeta.regions, identity: awsMeta.identity.arn }
      : {}),
  });
}
