import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Catalogue, Rule, Severity } from '../engine/catalogue.js';
import { evaluateNotInventoried, type EvaluateOptions } from '../engine/evaluate.js';
import { createSuppressor, type ConfigSuppression, type SuppressionPolicy } from '../engine/suppress.js';
import { rollUpFrameworks } from '../engine/rollup.js';
import { CoverageTally, servicesPresent } from '../engine/inventory-coverage.js';
import { assembleReport, createResultCollector, type ReportDocument } from '../report/document.js';
import { planTerraformScan, TerraformAssembly, type TerraformBlock } from '../sources/terraform/index.js';
import type { AwsDeps, AwsScanMeta, AwsScanOptions, AwsScanResult } from '../sources/aws/index.js';
import type { LoadedSnapshot } from '../sources/aws/snapshot.js';
import type { VariableInputs } from '../sources/terraform/variables.js';
import type { InlineIgnore, Resource } from '../model/resource.js';
import type { ScanProblem } from '../model/problem.js';
import type { ReportProvenance } from '../report/provenance.js';
import { append } from '../sources/terraform/index.js';
import type { ReadState } from '../sources/state/index.js';
import { STATE_KINDS } from '../sources/state/kinds.js';
import { joinLive, linkCodeToState } from './join.js';
import { driftReport, type DriftInput, type Verdicts } from './drift.js';
import { itemsOfShard, type ShardCoverage, type ShardSpec } from './shard.js';
import { judge, type Judging } from './judge.js';
import { judgeTerraformRoots } from './roots.js';

/**
 * One scan, end to end: sources → resources → engine → report document. No printing and no
 * exit codes here; the CLI decides what to do with the document.
 */

export interface ScanRequest {
  catalogue: Catalogue;
  /** Only rules these frameworks map; empty for every rule. */
  frameworks: string[];
  /**
   * Threads that evaluate Terraform roots (default 1: this thread only; `auto`: one per core for a
   * large enough estate). The report is the same whatever the number.
   */
  jobs?: number | 'auto';
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
  /**
   * Terraform states (`--state`): files, `s3://bucket/key[?versionId=]`, or `auto` for each root's
   * backend. Their resources are judged (`source: state`) and joined to the code and the account.
   */
  state?: { states: string[]; env: Record<string, string | undefined>; profile?: string };
  /** `--shard K/N`: only this shard's Terraform roots and accounts; the report records which. */
  shard?: ShardSpec;
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
  const today = request.today ?? new Date().toISOString().slice(0, 10);
  const suppressor = createSuppressor({
    config: request.suppressions?.config ?? [],
    configFile: request.suppressions?.configFile,
    ...(request.suppressions?.policy ? { policy: request.suppressions.policy } : {}),
    rulesInScope: rules,
    allRules: request.catalogue.rules,
    today,
  });
  // Resources stream from the sources through the engine and suppressions into the report, a
  // root module at a time: a large estate has hundreds of thousands of results, and only their
  // report form is kept.
  const collector = createResultCollector(request.catalogue, request.frameworks);
  let resourceCount = 0;
  // What was found and whether a rule judged it: Terraform by block instance, live by resource.
  const coverage = new CoverageTally();
  // With states, each resource's verdicts and the code resources are kept for the join.
  const drift = request.state && request.state.states.length > 0 ? { verdicts: new Map() as Verdicts, code: [] as Resource[] } : undefined;
  const judging: Judging = { rules, overrides: request.overrides ?? {}, suppressor, collector, coverage, ...(drift ? { verdicts: drift.verdicts } : {}) };
  const evaluate = (resources: Resource[], blocks?: TerraformBlock[]): void => {
    resourceCount += resources.length;
    judge(judging, resources, blocks);
  };
  const covered: ShardCoverage = {};
  const shard = request.shard;
  let terraformIgnores: InlineIgnore[] = [];
  let automaticVarFiles: string[] = [];
  if (request.terraform) {
    const plan = await planTerraformScan({
      paths: request.terraform.paths,
      cwd: request.cwd,
      variables: request.terraform.variables,
      ...(request.terraform.skipPaths ? { skipPaths: request.terraform.skipPaths } : {}),
      ...(request.terraform.trees ? { trees: request.terraform.trees } : {}),
      ...(shard
        ? {
            selectRoots: (roots: Array<{ path: string; bytes: number }>) => {
              covered.terraform = itemsOfShard(roots.map((r) => ({ key: r.path, weight: r.bytes })), shard);
              return new Set(covered.terraform);
            },
          }
        : {}),
    });
    const assembly = new TerraformAssembly(plan);
    resourceCount += await judgeTerraformRoots(plan, plan.roots, assembly, judging, {
      jobs: request.jobs ?? 1,
      worker: () => ({
        rules,
        frameworks: request.catalogue.frameworks,
        frameworkIds: request.frameworks,
        overrides: request.overrides ?? {},
        suppressions: { config: request.suppressions?.config ?? [], ...(request.suppressions?.configFile ? { configFile: request.suppressions.configFile } : {}), ...(request.suppressions?.policy ? { policy: request.suppressions.policy } : {}), today },
      }),
      ...(drift ? { onResources: (resources: Resource[]) => append(drift.code, resources) } : {}),
    });
    const planned = assembly.plans(plan, { cwd: request.cwd, ...(request.terraform.sourceRoot ? { sourceRoot: request.terraform.sourceRoot } : {}) });
    if (drift) append(drift.code, planned.resources);
    evaluate(planned.resources, planned.blocks);
    const source = assembly.finish(planned, plan.problems.length);
    for (const problem of source.problems) problems.push(problem);
    terraformIgnores = source.ignores;
    automaticVarFiles = source.automaticVarFiles;
    paths.push(...request.terraform.paths);
  }
  let states: ReadState[] = [];
  if (drift && request.state) {
    const { scanStates } = await import('../sources/state/index.js');
    const read = await scanStates({
      states: request.state.states,
      cwd: request.cwd,
      roots: rootsOf(drift.code),
      env: request.state.env,
      ...(request.state.profile ? { profile: request.state.profile } : {}),
    });
    append(problems, read.problems);
    states = read.states;
  }
  let awsMeta: AwsScanMeta | undefined;
  let aws: Pick<AwsScanResult, 'resources' | 'notInventoried' | 'problems' | 'meta'> | undefined;
  if (request.aws) {
    const live = 'live' in request.aws && shard
      ? { ...request.aws.live, selectAccounts: (accounts: string[]) => (covered.accounts = itemsOfShard(accounts.map((key) => ({ key, weight: 1 })), shard)) }
      : 'live' in request.aws ? request.aws.live : undefined;
    aws = 'snapshot' in request.aws ? request.aws.snapshot : await (await import('../sources/aws/index.js')).scanAws(live!, request.aws.deps); // the SDK loads only for live scans
    if ('live' in request.aws) request.aws.onResult?.(aws as AwsScanResult);
    problems.push(...aws.problems);
    awsMeta = aws.meta;
    // What AWS Config or the tagging API listed that no collector reads: counted, never judged.
    for (const spot of aws.meta.notCollected ?? []) coverage.addNotCollected(spot.type, spot.count, spot.listedBy);
  }
  let report: DriftInput | undefined;
  if (drift) {
    // A state of another account than the one scanned would make everything in it "gone": refused.
    if (awsMeta) states = states.filter((s) => acceptState(s, awsMeta!.accounts.map((a) => a.account), problems));
    const stateResources = states.flatMap((s) => s.resources);
    const code = linkCodeToState(drift.code, stateResources);
    const live = aws && awsMeta ? joinLive(stateResources, aws.resources, { accounts: awsMeta.accounts.map((a) => a.account), regions: awsMeta.regions, gaps: aws.notInventoried }, STATE_KINDS) : undefined;
    for (const s of states) evaluate(s.resources);
    report = { states, code, ...(live ? { live } : {}), verdicts: drift.verdicts, rules, ...(request.overrides?.severities ? { severities: request.overrides.severities } : {}) };
  }
  if (aws) {
    evaluate(aws.resources);
    // Scopes whose listing failed: their rules are unknown there, never a silent pass.
    evaluateNotInventoried(rules, aws.notInventoried, request.overrides ?? {}, (result) => collector.add(suppressor.apply(result)));
  }
  problems.push(...suppressor.finish(terraformIgnores));
  const reportResults = collector.collected();
  const inventory = coverage.entries();
  // The roll-up is computed once, here, from the results and what the inventory held.
  const rolledUp = rollUpFrameworks(request.catalogue.frameworks, reportResults, request.frameworks, new Map(request.catalogue.rules.map((r) => [r.id, r.kind])), {
    services: servicesPresent(inventory),
  });
  const provenance = scanProvenance(request, automaticVarFiles, awsMeta);
  const document = assembleReport(reportResults, request.catalogue, rules, problems, resourceCount, {
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
  if (report) document.drift = driftReport(report);
  if (shard) document.scan.shard = { index: shard.index, count: shard.count, runId: shard.runId, ...(shard.from ? { from: shard.from } : {}), covered };
  return document;
}

/** The Terraform root folders the code resources came from (module folders on their own defaults are not roots). */
function rootsOf(code: Resource[]): string[] {
  const roots = new Set<string>();
  for (const resource of code) {
    const p = resource.provenance;
    if (p.source === 'terraform' && p.root !== undefined && p.moduleDefaults === undefined && p.plan === undefined) roots.add(p.root);
  }
  return [...roots].sort();
}

/** A state whose ARNs name only accounts other than those scanned is refused with an error naming both. */
function acceptState(state: ReadState, scanned: string[], problems: ScanProblem[]): boolean {
  if (state.accounts.length === 0 || state.accounts.some((a) => scanned.includes(a))) return true;
  problems.push({
    severity: 'error',
    file: state.state,
    message: `this state is for account ${state.accounts.join(', ')}, not for the account${scanned.length === 1 ? '' : 's'} scanned (${scanned.join(', ')}): not read, since every resource in it would look gone. Scan that account, or give this account's state`,
  });
  return false;
}
