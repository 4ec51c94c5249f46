import type { Catalogue, Rule, Severity } from '../engine/catalogue.js';
import { evaluateAll } from '../engine/evaluate.js';
import { buildReport, type ReportDocument } from '../report/document.js';
import { scanTerraform } from '../sources/terraform/index.js';
import { scanAws, type AwsDeps, type AwsScanMeta, type AwsScanOptions, type AwsScanResult } from '../sources/aws/index.js';
import type { LoadedSnapshot } from '../sources/aws/snapshot.js';
import type { VariableInputs } from '../sources/terraform/variables.js';
import type { Resource } from '../model/resource.js';
import type { ScanProblem } from '../model/problem.js';

/**
 * One scan, end to end: sources → resources → engine → report document. No printing and no
 * exit codes here; the CLI decides what to do with the document.
 */

export interface ScanRequest {
  catalogue: Catalogue;
  /** Only rules these frameworks map; empty for every rule. */
  frameworks: string[];
  terraform?: { paths: string[]; variables: VariableInputs };
  cwd: string;
  failOn: Severity | 'none';
  toolVersion: string;
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
  const resources: Resource[] = [];
  const problems: ScanProblem[] = [];
  const paths: string[] = [];
  if (request.terraform) {
    const source = await scanTerraform({ paths: request.terraform.paths, cwd: request.cwd, variables: request.terraform.variables });
    resources.push(...source.resources);
    problems.push(...source.problems);
    paths.push(...request.terraform.paths);
  }
  let awsMeta: AwsScanMeta | undefined;
  if (request.aws) {
    const aws = 'snapshot' in request.aws ? request.aws.snapshot : await scanAws(request.aws.live, request.aws.deps);
    if ('live' in request.aws) request.aws.onResult?.(aws as AwsScanResult);
    resources.push(...aws.resources);
    problems.push(...aws.problems);
    awsMeta = aws.meta;
  }
  const results = evaluateAll(rules, resources);
  return buildReport(results, request.catalogue, rules, problems, resources.length, {
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
