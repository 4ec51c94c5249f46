import { evaluateCondition, type Outcome, type Parameters } from './check.js';
import type { Rule, Severity } from './catalogue.js';
import type { Resource } from '../model/resource.js';
import { scopeName, type NotInventoried } from '../model/inventory.js';
import { isUnknown, type Value } from '../model/value.js';

/**
 * The engine: a pure function from resources and rules to results. It does no I/O and knows
 * nothing of where a resource came from beyond the source name a rule may be limited to.
 */

export type Status = 'pass' | 'fail' | 'unknown' | 'suppressed';

export interface Result {
  status: Status;
  rule: Rule;
  /** The rule's severity, after any override from configuration. */
  severity: Severity;
  resource: Resource;
  message: string;
  /** Facts that decided the result. */
  facts: string[];
  /** Attribute paths that decided the result: part of the fingerprint. */
  paths: string[];
  /** The same with list elements by index: where the deciding values sit (see Outcome.sites). */
  sites: string[];
  /**
   * Failing and unknown results of a rule with facets: the facets whose own condition does not
   * hold (false or unknown), in the rule's order.
   */
  facets?: string[];
  /** Peer ignores that name some of the failing facets but not all, so the result still fails. */
  partialIgnores?: PartialIgnore[];
  /** Why a failing or unknown result is suppressed, when it is. */
  suppression?: SuppressionInfo;
}

/** A Checkov or Trivy ignore that covers only some of a result's failing facets. */
export interface PartialIgnore {
  source: 'checkov' | 'trivy';
  id: string;
  file: string;
  line: number;
  /** The failing facets it leaves uncovered. */
  uncovered: string[];
}

export interface SuppressionInfo {
  /** What the result was before the suppression. */
  status: 'fail' | 'unknown';
  reason: string;
  owner?: string;
  approver?: string;
  expires?: string;
  /** An inline comment (with its style) or the configuration file. */
  source: 'vigil' | 'checkov' | 'trivy' | 'config';
  file?: string;
  line?: number;
}

export interface EvaluateOptions {
  /** Parameter values by rule ID, overriding the rules' defaults. */
  parameters?: Record<string, Parameters>;
  /** Severity overrides by rule ID. */
  severities?: Record<string, Severity>;
}

export function ruleParameters(rule: Rule, overrides: Parameters | undefined): Parameters {
  const params: Record<string, Value> = {};
  for (const [name, spec] of Object.entries(rule.parameters)) params[name] = spec.default;
  return { ...params, ...(overrides ?? {}) };
}

function evaluateWith(rule: Rule, resource: Resource, params: Parameters, severity: Severity): Result | undefined {
  // Results are built with one literal shape: a large scan makes hundreds of thousands.
  const result = (status: Status, message: string, outcome: Outcome): Result => ({
    status,
    rule,
    severity,
    resource,
    message,
    facts: outcome.facts,
    paths: outcome.paths,
    sites: outcome.sites,
    facets: undefined,
  });
  if (rule.applies_if) {
    const applies = evaluateCondition(rule.applies_if, resource.attributes, params);
    if (applies.truth === false) return undefined;
    if (isUnknown(applies.truth)) return result('unknown', `Cannot tell whether the rule applies: ${applies.facts.join('; ')}`, applies);
  }
  const outcome = evaluateCondition(rule.check, resource.attributes, params);
  if (isUnknown(outcome.truth)) {
    const why = outcome.facts.length > 0 ? outcome.facts.join('; ') : outcome.truth.reason;
    // Terraform leaves values to apply; a live account leaves them to calls that failed or were denied.
    const lead = resource.provenance.source === 'terraform' ? 'Not known before apply' : resource.provenance.source === 'state' ? 'Not known from the state' : 'Not known from the account';
    const unknownResult = result('unknown', `${lead}: ${why}`, outcome);
    if (rule.facets) unknownResult.facets = failingFacets(rule, resource, params);
    return unknownResult;
  }
  if (outcome.truth) return result('pass', rule.title, outcome);
  const failed = result('fail', `${rule.title}: ${outcome.facts.join('; ') || 'the check does not hold'}`, outcome);
  if (rule.facets) failed.facets = failingFacets(rule, resource, params);
  return failed;
}

/** The facets of a rule whose condition does not hold on the resource: evaluated only for results that fail. */
function failingFacets(rule: Rule, resource: Resource, params: Parameters): string[] {
  const out: string[] = [];
  for (const name in rule.facets) {
    if (evaluateCondition(rule.facets[name]!.check, resource.attributes, params).truth !== true) out.push(name);
  }
  return out;
}

/**
 * Every rule against every resource of its kind and source, resource by resource in the order
 * given and, for each, its rules in the order given; `visit` receives each result as it is made,
 * so a large scan need not hold them all at once.
 */
export function evaluateEach(rules: Rule[], resources: Resource[], options: EvaluateOptions, visit: (result: Result) => void): void {
  // Parameters and severity are the same for every resource a rule reads: resolve them once.
  const byKind = new Map<string, Array<{ rule: Rule; params: Parameters; severity: Severity }>>();
  for (const rule of rules) {
    if (rule.deprecated) continue;
    const entry = { rule, params: ruleParameters(rule, options.parameters?.[rule.id]), severity: options.severities?.[rule.id] ?? rule.severity };
    const list = byKind.get(rule.kind);
    if (list) list.push(entry);
    else byKind.set(rule.kind, [entry]);
  }
  for (const resource of resources) {
    for (const { rule, params, severity } of byKind.get(resource.kind) ?? []) {
      if (!rule.sources.includes(ruleSourceOf(resource))) continue;
      const result = evaluateWith(rule, resource, params, severity);
      if (result) visit(result);
    }
  }
}

/**
 * The source a rule names that covers a resource: a Terraform state holds the provider's
 * attributes, mapped like the configuration's, so the rules written for Terraform judge it.
 */
function ruleSourceOf(resource: Resource): 'terraform' | 'aws' {
  return resource.provenance.source === 'state' ? 'terraform' : resource.provenance.source;
}

/** Every result of `evaluateEach`, in its order. */
export function evaluateAll(rules: Rule[], resources: Resource[], options: EvaluateOptions = {}): Result[] {
  const results: Result[] = [];
  evaluateEach(rules, resources, options, (result) => results.push(result));
  return results;
}

/**
 * One unknown result per rule over a kind that a source could not inventory in a scope: the
 * absence of resources there proves nothing, so the requirements those rules serve cannot pass
 * and are not "not applicable". The result's resource is a stand-in for the scope itself.
 */
export function evaluateNotInventoried(rules: Rule[], gaps: readonly NotInventoried[], options: EvaluateOptions, visit: (result: Result) => void): void {
  for (const gap of gaps) {
    const name = scopeName(gap);
    for (const kind of [...new Set(gap.kinds)].sort()) {
      const part = gap.partial?.[kind];
      const id = `not-inventoried:${gap.account}/${gap.region}/${kind}${part ? `/${part.attribute}=${part.value}` : ''}`;
      const scope: Resource = {
        kind,
        id,
        name,
        attributes: {},
        provenance: { source: gap.source, account: gap.account, region: gap.region, arn: id, calls: gap.calls, notInventoried: true },
      };
      for (const rule of rules) {
        if (rule.deprecated || rule.kind !== kind || !rule.sources.includes(gap.source)) continue;
        visit({
          status: 'unknown',
          rule,
          severity: options.severities?.[rule.id] ?? rule.severity,
          resource: scope,
          message: `${name}: ${gap.reason}`,
          facts: [`${gap.what} were not inventoried: ${gap.reason}`],
          paths: [],
          sites: [],
        });
      }
    }
  }
}
