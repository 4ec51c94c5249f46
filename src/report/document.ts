import type { Result, Status } from '../engine/evaluate.js';
import { SEVERITIES, type Catalogue, type Rule, type Severity } from '../engine/catalogue.js';
import type { ScanProblem } from '../model/problem.js';
import { requirementsByRule, rollUpFrameworks, type ReportFramework } from '../engine/rollup.js';
import { observedValues, tagsOf, type ObservedValue } from './evidence.js';
import type { CoverageEntry } from '../engine/inventory-coverage.js';
import { exceptionRegister, type ExceptionEntry } from './exceptions.js';
import { configVerdictsFor, type CodeLink, type StateProvenance, type TerraformPart, type TerraformProvenance } from '../model/resource.js';
import type { ReportProvenance } from './provenance.js';
import type { EvaluateOptions } from '../engine/evaluate.js';
import type { Value } from '../model/value.js';
import { createSharedText } from './shared-text.js';

export type { CoverageEntry } from '../engine/inventory-coverage.js';
export type { AttestationState, AutomatedStatus, ReportAttestation, ReportFramework, ReportManualPart, ReportRequirement, RequirementStatus } from '../engine/rollup.js';

/**
 * The report document: everything a scan found, in the shape the JSON report is written in.
 * Every output format renders from this document alone, so a saved JSON report can be rendered
 * again in any format without scanning.
 */

export const SCHEMA_VERSION = '1.0';

export interface ReportReference {
  source: 'checkov' | 'trivy' | 'prowler' | 'aws_config';
  id: string;
}

export interface ReportRule {
  id: string;
  title: string;
  /** The severity in effect, after any override from the configuration. */
  severity: Severity;
  /** The rule's own severity, before overrides. */
  defaultSeverity?: Severity;
  /** Each parameter's default and the value in effect. */
  parameters?: Record<string, { default: Value; value: Value }>;
  description: string;
  kind: string;
  assumptions?: string;
  remediation: { text: string; terraform: string };
  references: ReportReference[];
  helpUri?: string;
}

export interface ReportLocation {
  file: string;
  startLine: number;
  endLine: number;
  /**
   * On a result's `location`: the block's address when it is a companion folded into the resource
   * (`aws_security_group_rule.ssh`), because that block set what made the result fail.
   */
  address?: string;
}

/** A module call a Terraform resource was created through, with where its `module` block is. */
export interface ReportModuleCall {
  address: string;
  source?: string;
  file?: string;
  line?: number;
}

export interface ReportResult {
  status: Status;
  rule: { id: string; title: string; severity: Severity; references: ReportReference[] };
  resource: {
    kind: string;
    source: 'terraform' | 'aws' | 'state';
    name: string;
    address?: string;
    arn?: string;
    account?: string;
    region?: string;
    /**
     * Live AWS: set when this is not a resource but a scope whose listing failed (`name` says which,
     * e.g. "S3 buckets in 111122223333"); its results are unknown and say why.
     */
    notInventoried?: boolean;
    /** The resource's tags (at most 30, values cut short). */
    tags?: Record<string, string>;
    /** Terraform: the root module folder (or plan file) it was evaluated from, relative to the working folder. */
    root?: string;
    /** Terraform: the module calls that created it, outermost (the call in the root) first. */
    moduleCalls?: ReportModuleCall[];
    /** State: the state file or S3 object it was read from (`s3://bucket/key`). */
    state?: string;
    /**
     * Live AWS and state resources that a Terraform state joins to the code: the block that declares
     * them (`location` then points at it).
     */
    terraform?: { address: string; root?: string };
  };
  /** The block where the fault is: a folded companion's when that set what failed, else the resource's own. */
  location?: ReportLocation;
  /** The resource's other blocks: its own (when `location` is a companion's) and the companions folded in. */
  relatedLocations?: Array<ReportLocation & { address: string }>;
  /**
   * Failing results: the peer checks (Checkov, Trivy, Prowler, AWS Config) whose part of the rule
   * failed. A rule that maps facets lists only those of its failing facets; otherwise all of
   * `rule.references`.
   */
  references?: ReportReference[];
  /** Peer ignores that name some but not all of the failing facets, so the result still fails. */
  partialIgnores?: ReportPartialIgnore[];
  /** For AWS: the API answers the resource was built from. */
  evidence?: Array<{ service: string; operation: string; at: string }>;
  /** For AWS: the values the rule read, with the field of the API answer each reflects (at most 8). */
  observed?: ObservedValue[];
  /** Live AWS: what the deployed AWS Config rules running this rule's managed equivalents say. */
  configRules?: Array<{ rule: string; managedRule: string; compliance: string; conformancePack?: string; at?: string }>;
  requirements: Array<{ framework: string; citation: string; title: string }>;
  message: string;
  facts: string[];
  /** Stable identity across scans: rule, resource and offending attributes, never line numbers. */
  fingerprint: string;
  /** Present on suppressed results: why, who accepted it and until when. */
  suppression?: ReportSuppression;
  /** With --baseline or --changed-since, on failing results: new, or already failing before. */
  baseline?: 'new' | 'existing';
  /**
   * Why the result is shown but does not gate: a module folder evaluated on its own with its
   * variables' defaults, where a caller may pass other values (Trivy #5912).
   */
  informational?: string;
}

export interface ReportSuppression {
  reason: string;
  owner?: string;
  /** Who approved the exception, when the ignore or configuration names them. */
  approver?: string;
  /** ISO 8601 date after which the suppression no longer applies. */
  expires?: string;
  /** What the result was before it was suppressed. */
  status?: 'fail' | 'unknown';
  /** Where the suppression was written: an inline comment of some style, or the configuration. */
  source?: 'vigil' | 'checkov' | 'trivy' | 'config';
  file?: string;
  line?: number;
}

/** A Checkov or Trivy ignore that covers only some of a result's failing facets. */
export interface ReportPartialIgnore {
  source: 'checkov' | 'trivy';
  id: string;
  file: string;
  line: number;
  /** The failing facets it does not cover, and the peer IDs that name them. */
  uncovered: string[];
}

/** One failing result as a baseline records it. */
export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  resource: string;
  message: string;
  /** Terraform: the root module folder. */
  root?: string;
  /** Read from a baseline written before Terraform fingerprints held the root (never written). */
  legacy?: boolean;
}

/** The outcome of comparing a scan with a baseline or a merge base. */
export interface Comparison {
  kind: 'baseline' | 'changed-since';
  /** The baseline file or the git reference compared against. */
  reference: string;
  new: number;
  existing: number;
  fixed: BaselineEntry[];
  /**
   * Baseline entries from a file written before Terraform fingerprints held the root module: each
   * matches its address in every root, as it did then. `vigil baseline create` writes them anew.
   */
  legacyEntries?: number;
  /** For changed-since: how long each side took, in milliseconds. */
  timings?: { head: number; base: number };
}

export interface ReportDocument {
  schemaVersion: string;
  tool: { name: string; version: string };
  scan: {
    startedAt: string;
    finishedAt: string;
    paths: string[];
    frameworks: string[];
    failOn: Severity | 'none';
    ruleSetHash: string;
    /** For live AWS scans: the accounts and regions read, and the identity that read them. */
    accounts?: string[];
    regions?: string[];
    identity?: string;
    /** With an attestations file: which, and the age after which an attestation is stale. */
    attestations?: { file: string; maxAgeDays: number };
    /** What the report was made from: git, variables, configuration, snapshot, command, deviations. */
    provenance?: ReportProvenance;
    /** A shard's report (`--shard K/N`): which shard of which run, and what it covered. */
    shard?: ReportShard;
    /** A report `vigil merge` put together from shards: the run, and every shard's own record. */
    merged?: ReportMerged;
  };
  summary: {
    results: number;
    byStatus: Record<Status, number>;
    failedBySeverity: Record<Severity, number>;
    resources: number;
    errors: number;
  };
  /** Every requirement of every framework in scope, rolled up from the results. */
  frameworks: ReportFramework[];
  /**
   * Every resource type the scan found, per source, with how many resources some rule judged and
   * which rules did; live types listed by AWS Config or the tagging API that no collector reads are
   * in it as not collected. Absent in reports written before it existed.
   */
  coverage?: CoverageEntry[];
  rules: ReportRule[];
  results: ReportResult[];
  /** The exceptions register: every exception in effect, from the suppressed results (see exceptions.ts). */
  exceptions?: ExceptionEntry[];
  errors: ScanProblem[];
  /** With --baseline or --changed-since: what is new, what already failed, what was fixed. */
  comparison?: Comparison;
  /** With --state: code, state and live AWS joined, resource by resource (see ReportDrift). */
  drift?: ReportDrift;
}

/**
 * One resource, three views: the code that declares it, the state that recorded its last apply,
 * and the live account. Code and state join by root folder and address; state and live by ARN or ID.
 */
export interface ReportDrift {
  /** The states read, with the root folder each belongs to and how many resources it holds. */
  states: Array<{ state: string; root?: string; resources: number; terraformVersion?: string }>;
  /** Whether live AWS was read: without it there is no drift, unmanaged or gone, only code against state. */
  live: boolean;
  summary: { joined: number; drifted: number; notApplied: number; unmanaged: number; gone: number; notCompared: number };
  /** State resources joined to the code, the account, or both. */
  resources: ReportDriftResource[];
  /** Live resources of judged kinds that no state knows (created by hand). */
  unmanaged: Array<{ kind: string; name: string; arn: string; account: string; region: string }>;
  /** In a state, not in the account. */
  gone: Array<{ kind: string; name: string; address: string; state: string; root?: string; arn?: string; id?: string; location?: ReportLocation }>;
  /** State resources that could not be looked for in the account, and why (region not scanned, kind not inventoried). */
  notCompared: Array<{ kind: string; name: string; address: string; state: string; reason: string }>;
}

export interface ReportDriftResource {
  kind: string;
  name: string;
  address: string;
  state: string;
  root?: string;
  /** The code block, when the code declares the resource. */
  location?: ReportLocation;
  views: {
    code?: { address: string; root?: string };
    state: { address: string; arn?: string; id?: string };
    live?: { arn: string; account: string; region: string };
  };
  /** Each rule's verdict on the three views; a view a rule does not judge has none. */
  verdicts: Array<{ rule: string; severity: Severity; code?: Status; state?: Status; live?: Status }>;
  /** Model attributes that differ between state and live: changed out of band. */
  drift: Array<{ attribute: string; state: string; live: string }>;
  /** Model attributes that differ between code and state: changed in the code, not yet applied. */
  notApplied: Array<{ attribute: string; code: string; state: string }>;
}

/** Which part of a sharded run a report is. */
export interface ReportShard {
  /** Counted from 1. */
  index: number;
  count: number;
  /** The whole run's identity: every shard of one run carries the same. */
  runId: string;
  /** The job engine's variable the index was read from, with `--shard auto`. */
  from?: string;
  /** Terraform root folders and plan files, and AWS accounts, this shard evaluated. */
  covered: { terraform?: string[]; accounts?: string[] };
}

/** The provenance of every shard a merged report was put together from, in shard order. */
export interface ReportMerged {
  runId: string;
  count: number;
  shards: Array<{
    index: number;
    /** The report's file, folder entry or S3 object. */
    source: string;
    startedAt: string;
    finishedAt: string;
    results: number;
    resources: number;
    from?: string;
    covered: ReportShard['covered'];
    provenance?: ReportProvenance;
  }>;
}

export interface ReportMeta {
  toolVersion: string;
  startedAt: Date;
  finishedAt: Date;
  paths: string[];
  frameworks: string[];
  failOn: Severity | 'none';
  accounts?: string[];
  regions?: string[];
  identity?: string;
  /** Severity and parameter overrides, shown in `rules[]` beside the defaults. */
  overrides?: EvaluateOptions;
  provenance?: ReportProvenance;
}

export function referencesOf(rule: Rule): ReportReference[] {
  const out: ReportReference[] = [];
  for (const source of ['checkov', 'trivy', 'prowler', 'aws_config'] as const) {
    for (const id of rule.references[source] ?? []) out.push({ source, id });
  }
  return out;
}

/**
 * Rule, resource and offending attributes, never line numbers. A Terraform resource is its root
 * folder and address (two roots may call one module); an AWS resource its ARN.
 */
export function fingerprintOf(result: Result): string {
  const p = result.resource.provenance;
  const paths = [...new Set(result.paths)].sort();
  if (p.source === 'aws') return [result.rule.id, p.arn, ...paths].join('|');
  if (p.source === 'state') return [result.rule.id, `state:${p.root ?? p.state}`, p.address, ...paths].join('|');
  return (p.root !== undefined ? [result.rule.id, p.root, result.resource.id, ...paths] : [result.rule.id, result.resource.id, ...paths]).join('|');
}

/**
 * The fingerprint as versions before roots were part of it wrote it (`rule|address|paths`), to
 * match baselines and reports they wrote; undefined when it is the same.
 */
export function legacyFingerprint(result: Pick<ReportResult, 'fingerprint' | 'rule' | 'resource'>): string | undefined {
  const root = result.resource.root;
  if (root === undefined) return undefined;
  const head = `${result.rule.id}|${root}|`;
  return result.fingerprint.startsWith(head) ? `${result.rule.id}|${result.fingerprint.slice(head.length)}` : undefined;
}

/**
 * How a result's resource is named for people: the address (with the root folder first when the
 * report spans several roots) or the ARN, and the companion block the location points at.
 */
export function resourceLabel(result: Pick<ReportResult, 'resource' | 'location'>, showRoot: boolean): string {
  const r = result.resource;
  // A state resource has its code's address: say which view it is.
  const name = r.source === 'state' ? `state ${r.address ?? r.name}` : (r.address ?? r.arn ?? r.name);
  const rooted = showRoot && r.root !== undefined ? `${r.root}: ${name}` : name;
  return result.location?.address ? `${rooted} via ${result.location.address}` : rooted;
}

/** Whether a report's results come from more than one Terraform root, so readers need the root shown. */
export function hasSeveralRoots(results: ReadonlyArray<Pick<ReportResult, 'resource' | 'informational'>>): boolean {
  let first: string | undefined;
  for (const r of results) {
    const root = r.resource.root;
    // A module folder run on its own defaults is not a root a user scans: its file paths say where it is.
    if (root === undefined || r.informational !== undefined) continue;
    if (first === undefined) first = root;
    else if (root !== first) return true;
  }
  return false;
}

/**
 * The longest name, message or fact a report carries: a 10-million-character bucket name would
 * otherwise be copied into every result and every format, past what a string can hold.
 */
export const MAX_TEXT = 2_000;

/** Text cut to MAX_TEXT with a marker that says so. */
export function clip(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  return `${text.slice(0, MAX_TEXT)}… [cut: ${(text.length - MAX_TEXT).toLocaleString('en-US')} more characters]`;
}

/** What describes a result's resource: the same for all of that resource's results. */
type ResourceParts = Pick<ReportResult, 'resource' | 'location' | 'relatedLocations' | 'evidence'> & {
  /** Locations of the results a companion decided, by the companion's index: shared by those results. */
  byPart?: Map<number, Pick<ReportResult, 'location' | 'relatedLocations'>>;
};

function resourceParts(resource: Result['resource']): ResourceParts {
  const p = resource.provenance;
  if (p.source === 'state') return stateParts(resource, p);
  const parts: ResourceParts =
    p.source === 'terraform'
      ? { resource: { kind: resource.kind, source: 'terraform', name: clip(resource.name), address: clip(p.address) } }
      : p.notInventoried
        ? { resource: { kind: resource.kind, source: 'aws', name: clip(resource.name), account: p.account, region: p.region, notInventoried: true } }
        : { resource: { kind: resource.kind, source: 'aws', name: clip(resource.name), arn: p.arn, account: p.account, region: p.region } };
  const tags = tagsOf(resource);
  if (tags) parts.resource.tags = tags;
  if (p.source === 'terraform') {
    if (p.root !== undefined) parts.resource.root = p.root;
    const calls = moduleCallsOf(p);
    if (calls) parts.resource.moduleCalls = calls;
    parts.location = { file: p.location.file, startLine: p.location.startLine, endLine: p.location.endLine };
    if (p.parts.length > 0) {
      parts.relatedLocations = p.parts.map((part) => ({
        address: part.address,
        file: part.location.file,
        startLine: part.location.startLine,
        endLine: part.location.endLine,
      }));
    }
  } else {
    parts.evidence = p.calls;
    if (p.code) linkCode(parts, p.code);
  }
  return parts;
}

/** A state resource: its address and state, its ARN when the state records one, and its code block when joined. */
function stateParts(resource: Result['resource'], p: StateProvenance): ResourceParts {
  const parts: ResourceParts = { resource: { kind: resource.kind, source: 'state', name: clip(resource.name), address: clip(p.address), state: p.state } };
  if (p.arn !== undefined) parts.resource.arn = p.arn;
  if (p.account !== undefined) parts.resource.account = p.account;
  const region = resource.attributes.region;
  if (typeof region === 'string') parts.resource.region = region;
  if (p.root !== undefined) parts.resource.root = p.root;
  if (p.moduleCalls && p.moduleCalls.length > 0) parts.resource.moduleCalls = p.moduleCalls.map((address) => ({ address }));
  const tags = tagsOf(resource);
  if (tags) parts.resource.tags = tags;
  if (p.code) linkCode(parts, p.code);
  return parts;
}

/** Points a joined state or live resource's results at the Terraform block that declares it. */
function linkCode(parts: ResourceParts, code: CodeLink): void {
  parts.resource.terraform = code.root === undefined ? { address: code.address } : { address: code.address, root: code.root };
  parts.location = { file: code.location.file, startLine: code.location.startLine, endLine: code.location.endLine };
}

const REPORT_CALLS = new WeakMap<object, ReportModuleCall[]>();

function moduleCallsOf(p: TerraformProvenance): ReportModuleCall[] | undefined {
  if (p.moduleCallSites && p.moduleCallSites.length > 0) {
    // Resources of one module instance share their call sites (see the fold): and so their report form.
    let calls = REPORT_CALLS.get(p.moduleCallSites);
    if (!calls) {
      calls = p.moduleCallSites.map((site) => ({ address: site.address, source: site.source, file: site.location.file, line: site.location.startLine }));
      REPORT_CALLS.set(p.moduleCallSites, calls);
    }
    return calls;
  }
  if (p.moduleCalls && p.moduleCalls.length > 0) return p.moduleCalls.map((address) => ({ address }));
  return undefined;
}

/**
 * The companion block whose settings decided a result: the one that set every deciding value
 * (`ingress[3]` appended by a separate rule), or -1 when the resource's own block decided any.
 */
export function decidingPart(p: TerraformProvenance, sites: readonly string[]): number {
  if (p.parts.length === 0 || sites.length === 0) return -1;
  let found = -1;
  for (const site of sites) {
    // A fact derived from the rest of the estate is context: the blocks that wrote the others decide.
    if (p.derived !== undefined && p.derived.some((path) => isUnder(site, path))) continue;
    const index = partSetting(p.parts, site);
    if (index < 0) return -1;
    if (found < 0) found = index;
  }
  return found;
}

/** Whether `site` is the attribute `path` or inside it (`ingress[3].cidr_blocks` is under `ingress[3]`). */
function isUnder(site: string, path: string): boolean {
  return site.startsWith(path) && (site.length === path.length || site[path.length] === '.' || site[path.length] === '[');
}

/** The last part that set a value at or above `site` (a later companion overrides an earlier one). */
function partSetting(parts: TerraformPart[], site: string): number {
  for (let i = parts.length - 1; i >= 0; i--) {
    for (const path of parts[i]!.paths ?? []) {
      if (isUnder(site, path)) return i;
    }
  }
  return -1;
}

/** Location and related locations of a result that a companion decided: the companion first, the resource's own block related. */
function partLocations(resource: Result['resource'], index: number): Pick<ReportResult, 'location' | 'relatedLocations'> {
  const p = resource.provenance as TerraformProvenance;
  const part = p.parts[index]!;
  const related: Array<ReportLocation & { address: string }> = [
    { address: p.address, file: p.location.file, startLine: p.location.startLine, endLine: p.location.endLine },
  ];
  p.parts.forEach((other, i) => {
    if (i !== index) related.push({ address: other.address, file: other.location.file, startLine: other.location.startLine, endLine: other.location.endLine });
  });
  return {
    location: { file: part.location.file, startLine: part.location.startLine, endLine: part.location.endLine, address: part.address },
    relatedLocations: related,
  };
}

/** A failing result's peer references: those of its failing facets, and those no facet names. */
function facetReferences(result: Result): ReportReference[] {
  const all = result.rule.references;
  const facets = result.rule.facets!;
  const failed = result.facets!;
  const out: ReportReference[] = [];
  for (const source of ['checkov', 'trivy', 'prowler', 'aws_config'] as const) {
    for (const id of all[source] ?? []) {
      let named = false;
      let hit = false;
      for (const name in facets) {
        if (!(facets[name]!.references[source] ?? []).includes(id)) continue;
        named = true;
        if (failed.includes(name)) hit = true;
      }
      if (!named || hit) out.push({ source, id });
    }
  }
  return out;
}

function toReportResult(result: Result, requirements: ReportResult['requirements'], rule: ReportResult['rule'], shared: ResourceParts): ReportResult {
  const { resource } = result;
  const p = resource.provenance;
  const base: ReportResult = {
    status: result.status,
    rule,
    resource: shared.resource,
    requirements,
    message: clip(result.message),
    facts: result.facts.some((fact) => fact.length > MAX_TEXT) ? result.facts.map(clip) : result.facts,
    fingerprint: fingerprintOf(result),
  };
  // Optional fields are set, not spread in: spreading sends every result down a slow path.
  if (result.suppression) base.suppression = result.suppression;
  const failing = result.status === 'fail' || result.suppression?.status === 'fail';
  // A companion that set every value that failed is where the fault is: point there, so a pull
  // request that adds it is annotated on its own lines.
  const part = p.source === 'terraform' && p.parts.length > 0 && (failing || result.status === 'unknown' || result.status === 'suppressed') ? decidingPart(p, result.sites) : -1;
  if (part >= 0) {
    shared.byPart ??= new Map();
    let moved = shared.byPart.get(part);
    if (!moved) shared.byPart.set(part, (moved = partLocations(resource, part)));
    base.location = moved.location;
    base.relatedLocations = moved.relatedLocations;
  } else {
    if (shared.location) base.location = shared.location;
    if (shared.relatedLocations) base.relatedLocations = shared.relatedLocations;
  }
  if (failing) base.references = result.rule.facets && result.facets ? facetReferences(result) : rule.references;
  if (result.partialIgnores) base.partialIgnores = result.partialIgnores;
  if (shared.evidence) base.evidence = shared.evidence;
  if (p.source === 'terraform') {
    if (p.moduleDefaults) base.informational = p.moduleDefaults;
  } else if (p.source === 'aws') {
    const observed = observedValues(resource, result.paths);
    if (observed.length > 0) base.observed = observed;
    const verdicts = configVerdictsFor(resource, result.rule.references.aws_config);
    if (verdicts.length > 0) base.configRules = verdicts;
  }
  return base;
}

/** Report order: by file (or ARN), line, address, rule; compared field by field, no keys built. */
export function compareResults(a: ReportResult, b: ReportResult): number {
  return (
    compareText(a.location?.file ?? a.resource.arn ?? '', b.location?.file ?? b.resource.arn ?? '') ||
    (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
    compareText(a.resource.address ?? a.resource.arn ?? '', b.resource.address ?? b.resource.arn ?? '') ||
    compareText(a.rule.id, b.rule.id) ||
    compareText(a.resource.root ?? '', b.resource.root ?? '')
  );
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The summary's counts: results by status, and failing results by severity. */
export function countResults(results: Array<Pick<ReportResult, 'status' | 'rule'>>): Pick<ReportDocument['summary'], 'byStatus' | 'failedBySeverity'> {
  const byStatus: Record<Status, number> = { pass: 0, fail: 0, unknown: 0, suppressed: 0 };
  const failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const r of results) {
    byStatus[r.status]++;
    if (r.status === 'fail') failedBySeverity[r.rule.severity]++;
  }
  return { byStatus, failedBySeverity };
}

/**
 * Turns engine results into report results one at a time, so the engine's results need not all
 * be held at once; `collected()` returns them in report order.
 */
export interface ResultCollector {
  add(result: Result): void;
  /** Report results made elsewhere (a worker thread's collector), in the order they were made. */
  addReported(results: readonly ReportResult[]): void;
  /** What results of a rule share: its description (with its severity after overrides) and the requirements it serves. */
  partsOf(rule: Rule, severity: Severity): { rule: ReportResult['rule']; requirements: ReportResult['requirements'] };
  /** The results added since the last call, unsorted, handed over and no longer kept. */
  take(): ReportResult[];
  collected(): ReportResult[];
}

export function createResultCollector(catalogue: Pick<Catalogue, 'frameworks'>, frameworks: string[]): ResultCollector {
  const requirementMap = requirementsByRule(catalogue.frameworks, frameworks);
  // One description of each rule (with its severity after overrides, one per rule in a scan),
  // shared by its results: a large estate has hundreds of thousands of them.
  const ruleRefs = new Map<Rule, ReportResult['rule']>();
  const ruleRef = (rule: Rule, severity: Severity): ReportResult['rule'] => {
    let ref = ruleRefs.get(rule);
    if (!ref) ruleRefs.set(rule, (ref = { id: rule.id, title: rule.title, severity, references: referencesOf(rule) }));
    return ref;
  };
  const ruleRefOf = (result: Result): ReportResult['rule'] => ruleRef(result.rule, result.severity);
  let results: ReportResult[] = [];
  let previous: { resource: Result['resource']; parts: ResourceParts } | undefined;
  // Messages and facts repeat across results: each held once, whether made here or decoded from a worker's.
  const shared = createSharedText();
  const keep = (report: ReportResult): void => {
    report.message = shared.text(report.message);
    report.facts = shared.facts(report.facts);
    results.push(report);
  };
  return {
    add(result) {
      // The engine gives a resource's results one after another: they share one copy of what
      // describes the resource, which would otherwise be most of a large report's memory.
      if (previous?.resource !== result.resource) previous = { resource: result.resource, parts: resourceParts(result.resource) };
      keep(toReportResult(result, requirementMap.get(result.rule.id) ?? [], ruleRefOf(result), previous.parts));
    },
    partsOf(rule, severity) {
      return { rule: ruleRef(rule, severity), requirements: requirementMap.get(rule.id) ?? [] };
    },
    addReported(reported) {
      for (const result of reported) keep(result);
    },
    take() {
      const taken = results;
      results = [];
      previous = undefined;
      return taken;
    },
    collected() {
      // Timsort: nearly free when the engine already walked resources in file order.
      return results.sort(compareResults);
    },
  };
}

/** The report document around report results already in report order. */
export function assembleReport(
  reportResults: ReportResult[],
  catalogue: Pick<Catalogue, 'frameworks' | 'hash'>,
  rules: Rule[],
  errors: ScanProblem[],
  resourceCount: number,
  meta: ReportMeta,
  /** The roll-up the engine computed (src/engine/rollup.ts); without it, one with no inventory facts. */
  rolledUp?: ReportFramework[],
  coverage?: CoverageEntry[],
): ReportDocument {
  const { byStatus, failedBySeverity } = countResults(reportResults);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'vigil', version: meta.toolVersion },
    scan: {
      startedAt: meta.startedAt.toISOString(),
      finishedAt: meta.finishedAt.toISOString(),
      paths: meta.paths,
      frameworks: meta.frameworks,
      failOn: meta.failOn,
      ruleSetHash: catalogue.hash,
      ...(meta.accounts ? { accounts: meta.accounts } : {}),
      ...(meta.regions ? { regions: meta.regions } : {}),
      ...(meta.identity ? { identity: meta.identity } : {}),
      ...(meta.provenance ? { provenance: meta.provenance } : {}),
    },
    summary: {
      results: reportResults.length,
      byStatus,
      failedBySeverity,
      resources: resourceCount,
      errors: errors.filter((e) => e.severity === 'error').length,
    },
    frameworks: rolledUp ?? rollUpFrameworks(catalogue.frameworks, reportResults, meta.frameworks),
    ...(coverage ? { coverage } : {}),
    rules: rules.map((rule) => ({
      id: rule.id,
      title: rule.title,
      severity: meta.overrides?.severities?.[rule.id] ?? rule.severity,
      defaultSeverity: rule.severity,
      ...effectiveParameters(rule, meta.overrides?.parameters?.[rule.id]),
      description: rule.description,
      kind: rule.kind,
      ...(rule.assumptions ? { assumptions: rule.assumptions } : {}),
      remediation: rule.remediation,
      references: referencesOf(rule),
      ...(rule.help_uri ? { helpUri: rule.help_uri } : {}),
    })),
    results: reportResults,
    exceptions: exceptionRegister(reportResults),
    errors,
  };
}

/** A rule's parameters, each with its default and the value in effect; nothing for a rule without any. */
function effectiveParameters(rule: Rule, overrides: Record<string, Value> | undefined): Pick<ReportRule, 'parameters'> {
  const names = Object.keys(rule.parameters ?? {});
  if (names.length === 0) return {};
  const parameters: NonNullable<ReportRule['parameters']> = {};
  for (const name of names) {
    const fallback = rule.parameters[name]!.default;
    parameters[name] = { default: fallback, value: overrides && name in overrides ? overrides[name]! : fallback };
  }
  return { parameters };
}

/**
 * Why a failing result does not fail the gate, or undefined when it does. Results already failing
 * in the baseline or at the merge base do not gate, nor do results from a module folder's own
 * defaults (its callers' results are the ones that count), nor those below the threshold.
 */
export function notGatingReason(result: Pick<ReportResult, 'rule' | 'baseline' | 'informational'>, failOn: Severity | 'none'): string | undefined {
  if (result.informational !== undefined) return `not gating: ${result.informational}`;
  if (result.baseline === 'existing') return 'not gating: already failing before this change (baseline or merge base)';
  if (failOn === 'none') return 'not gating: the scan fails on nothing (--fail-on none)';
  if (SEVERITIES.indexOf(result.rule.severity) > SEVERITIES.indexOf(failOn)) return `not gating: ${result.rule.severity} is below the gate's ${failOn} severity (--fail-on)`;
  return undefined;
}

/** Whether the gate fails: a failing result at or above the threshold. */
export function gateFails(document: ReportDocument, failOn: Severity | 'none'): boolean {
  return document.results.some((r) => r.status === 'fail' && notGatingReason(r, failOn) === undefined);
}
