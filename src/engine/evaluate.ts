import { evaluateCondition, type Parameters } from './check.js';
import type { Rule, Severity } from './catalogue.js';
import type { Resource } from '../model/resource.js';
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
  /** Why a failing or unknown result is suppressed, when it is. */
  suppression?: SuppressionInfo;
}

export interface SuppressionInfo {
  /** What the result was before the suppression. */
  status: 'fail' | 'unknown';
  reason: string;
  owner?: string;
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

export function evaluateRule(rule: Rule, resource: Resource, options: EvaluateOptions = {}): Result | undefined {
  const params = ruleParameters(rule, options.parameters?.[rule.id]);
  const severity = options.severities?.[rule.id] ?? rule.severity;
  const base = { rule, severity, resource };
  if (rule.applies_if) {
    const applies = evaluateCondition(rule.applies_if, resource.attributes, params);
    if (applies.truth === false) return undefined;
    if (isUnknown(applies.truth)) {
      return { ...base, status: 'unknown', message: `Cannot tell whether the rule applies: ${applies.facts.join('; ')}`, facts: applies.facts, paths: applies.paths };
    }
  }
  const outcome = evaluateCondition(rule.check, resource.attributes, params);
  if (isUnknown(outcome.truth)) {
    const why = outcome.facts.length > 0 ? outcome.facts.join('; ') : outcome.truth.reason;
    // Terraform leaves values to apply; a live account leaves them to calls that failed or were denied.
    const lead = resource.provenance.source === 'terraform' ? 'Not known before apply' : 'Not known from the account';
    return { ...base, status: 'unknown', message: `${lead}: ${why}`, facts: outcome.facts, paths: outcome.paths };
  }
  if (outcome.truth) return { ...base, status: 'pass', message: rule.title, facts: outcome.facts, paths: outcome.paths };
  return { ...base, status: 'fail', message: `${rule.title}: ${outcome.facts.join('; ') || 'the check does not hold'}`, facts: outcome.facts, paths: outcome.paths };
}

/** Every rule against every resource of its kind and source, in a deterministic order. */
export function evaluateAll(rules: Rule[], resources: Resource[], options: EvaluateOptions = {}): Result[] {
  const byKind = new Map<string, Resource[]>();
  for (const resource of resources) byKind.set(resource.kind, [...(byKind.get(resource.kind) ?? []), resource]);
  const results: Result[] = [];
  for (const rule of rules) {
    if (rule.deprecated) continue;
    for (const resource of byKind.get(rule.kind) ?? []) {
      if (!rule.sources.includes(resource.provenance.source)) continue;
      const result = evaluateRule(rule, resource, options);
      if (result) results.push(result);
    }
  }
  return results;
}
