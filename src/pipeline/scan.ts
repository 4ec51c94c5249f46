import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Catalogue, Rule, Severity } from '../engine/catalogue.js';
import { evaluateEach, evaluateNotInventoried, type EvaluateOptions } from '../engine/evaluate.js';
import { createSuppressor, type ConfigSuppression, type SuppressionPolicy } from '../engine/suppress.js';
import { rollUpFrameworks } from '../engine/rollup.js';
import { CoverageTally, liveTypeOfKind, servicesPresent } from '../engine/inventory-coverage.js';
import { assembleReport, createResultCollector, type ReportDocument } from '../report/document.js';
import { scanTerraform, type TerraformBlock } from '../sources/terraform/index.js';
import type { AwsDeps, AwsScanMeta, AwsScanOptions, AwsScanResult } from '../sources/aws/index.js';
import type { LoadedSnapshot } from '../sources/aws/snapshot.js';
import type { VariableInputs } from '../sources/terraform/variables.js';
import type { InlineIgnore, Resource } from '../model/resource.js';
import type { ScanProblem } from '../model/problem.js';
import type { ReportProvenance } from '../report/provenance.js';

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
  /** Severity and parameter overrides by rule ID, and rules turned off, from the configuration. */
  overrides?: EvaluateOptions & { disabled?: string[] };
  /** What the report was made from, as the CLI knows it; the scan adds when AWS answers were collected. */
  provenance?: ReportProvenance;
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

/**
 * The provenance the CLI gathered, completed with what only the scan knows: the automatic
 * variables files each root applied (before --var-file, as Terraform applies them) and when the
 * AWS answers were collected.
 */
function scanProvenance(request: ScanRequest, automaticVarFiles: string[], awsMeta: AwsScanMeta | undefined): ReportProvenance | undefined {
  if (!request.provenance && !awsMeta?.collection?.length) return undefined;
  const out: ReportProvenance = { ...request.provenance };
  if (request.terraform && (automaticVarFiles.length > 0 || out.variables)) {
    const automatic = automaticVarFiles.map((file) => ({ file: relative(request.cwd, file) || file, sha256: fileSha256(file) }));
    out.variables = { files: [...automatic, ...(out.variables?.files ?? [])], vars: out.variables?.vars ?? [] };
  }
  if (awsMeta?.collection && awsMeta.collection.length > 0) out.collection = awsMeta.collection;
  return out;
}

/** SHA-256 of a file's bytes: evidence of which version was applied. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export async function runScan(request: ScanRequest): Promise<ReportDocument> {
  const startedAt = new Date();
  const disabled = new Set(request.overrides?.disabled ?? []);
  const rules = rulesInScope(request.catalogue, request.frameworks).filter((rule) => !disabled.has(rule.id));
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
  // What was found and whether a rule judged it: Terraform by block instance, live by resource.
  const coverage = new CoverageTally();
  const evaluate = (resources: Resource[], blocks?: TerraformBlock[]): void => {
    resourceCount += resources.length;
    const judgedBy = new Map<Resource, Set<string>>();
    evaluateEach(rules, resources, request.overrides ?? {}, (result) => {
      collector.add(suppressor.apply(result));
      let ruleIds = judgedBy.get(result.resource);
      if (!ruleIds) judgedBy.set(result.resource, (ruleIds = new Set()));
      ruleIds.add(result.rule.id);
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
  };
  let terraformIgnores: InlineIgnore[] = [];
  let automaticVarFiles: string[] = [];
  if (request.terraform) {
    const source = await scanTerraform({
      paths: request.terraform.paths,
      cwd: request.cwd,
      variables: request.terraform.variables,
      ...(request.terraform.sourceRoot ? { sourceRoot: request.terraform.sourceRoot } : {}),
      ...(request.terraform.skipPaths ? { skipPaths: request.terraform.skipPaths } : {}),
      ...(request.terraform.trees ? { trees: request.terraform.trees } : {}),
      onResources: (resources, blocks) => evaluate(resources, blocks ?? []),
    });
    for (const problem of source.problems) problems.push(problem);
    terraformIgnores = source.ignores;
    automaticVarFiles = source.automaticVarFiles;
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
    // What AWS Config or the tagging API listed that no collector reads: counted, never judged.
    for (const spot of aws.meta.notCollected ?? []) coverage.addNotCollected(spot.type, spot.count, spot.listedBy);
  }
  problems.push(...suppressor.finish(terraformIgnores));
  const reportResults = collector.collected();
  const inventory = coverage.entries();
  // The roll-up is computed once, here, from the results and what the inventory held.
  const rolledUp = rollUpFrameworks(request.catalogue.frameworks, reportResults, request.frameworks, new Map(request.catalogue.rules.map((r) => [r.id, r.kind])), {
    services: servicesPresent(inventory),
  });
  const provenance = scanProvenance(request, automaticVarFiles, awsMeta);
  return assembleReport(reportResults, request.catalogue, rules, problems, resourceCount, {
    toolVersion: request.toolVersion,
    startedAt,
    finishedAt: new Date(),
    paths,
    frameworks: request.frameworks,
    failOn: request.failOn,
    overrides: request.overrides ?? {},
    ...(provenance ? { provenance } : {}),
    ...(awsMeta
      ? { accounts: awsMeta.accounts.map((a) => a.account), regions: awsMeta.regions, identity: awsMeta.identity.arn }
      : {}),
  }, rolledUp, inventory);
}
