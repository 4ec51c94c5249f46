import { createHash } from 'node:crypto';
import type { Rule, Severity } from './catalogue.js';
import type { Value } from '../model/value.js';

/**
 * The rule set as it judged: the catalogue plus what the configuration changed. A weakened
 * setting (a severity lowered, a parameter widened, a rule turned off) must leave a trace, so it
 * changes the effective hash and is listed with the file and line that made it.
 */

export interface RuleOverrides {
  severities?: Record<string, Severity>;
  parameters?: Record<string, Record<string, Value>>;
  /** Rule IDs the configuration turned off (`rules.<id>.enabled: false`). */
  disabled?: string[];
}

/** One way the effective rule set differs from the built-in defaults, and where it was made. */
export interface RuleDeviation {
  kind: 'severity' | 'parameter' | 'disabled' | 'rules-folder';
  rule?: string;
  parameter?: string;
  /** The default and the value in effect, as JSON text (a parameter may be a list). */
  default?: string;
  value?: string;
  /** The configuration file (or `--rules`) that made it, and the line. */
  file: string;
  line?: number;
}

/** JSON with object keys in sorted order, so equal settings always hash alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The catalogue's hash when nothing is overridden; otherwise a SHA-256 over it and every
 * override that changes a default (an override equal to the default changes nothing).
 */
export function effectiveRuleSetHash(catalogueHash: string, rules: readonly Rule[], overrides: RuleOverrides): string {
  const changes = ruleChanges(rules, overrides);
  if (changes.length === 0) return catalogueHash;
  return createHash('sha256').update(catalogueHash).update('\0').update(canonicalJson(changes)).digest('hex');
}

type Change = Omit<RuleDeviation, 'file' | 'line'>;

/** The overrides that differ from the defaults, in rule order. */
function ruleChanges(rules: readonly Rule[], overrides: RuleOverrides): Change[] {
  const out: Change[] = [];
  const disabled = new Set(overrides.disabled ?? []);
  for (const rule of rules) {
    if (disabled.has(rule.id)) {
      out.push({ kind: 'disabled', rule: rule.id });
      continue;
    }
    const severity = overrides.severities?.[rule.id];
    if (severity !== undefined && severity !== rule.severity) out.push({ kind: 'severity', rule: rule.id, default: rule.severity, value: severity });
    for (const [name, value] of Object.entries(overrides.parameters?.[rule.id] ?? {})) {
      const fallback = rule.parameters[name]?.default;
      if (canonicalJson(value) === canonicalJson(fallback)) continue;
      out.push({ kind: 'parameter', rule: rule.id, parameter: name, ...(fallback !== undefined ? { default: canonicalJson(fallback) } : {}), value: canonicalJson(value) });
    }
  }
  return out;
}

/**
 * Every deviation from the defaults with where it was written: `where(path)` gives the file and
 * line of a configuration path (`rules.<id>.severity`, `rules.<id>.parameters.<name>`,
 * `rules.<id>.enabled`); `ruleFolders` are the user's own folders (`--rules`), which add rules.
 */
export function ruleDeviations(
  rules: readonly Rule[],
  overrides: RuleOverrides,
  where: (path: string) => { file: string; line?: number },
  ruleFolders: readonly string[] = [],
): RuleDeviation[] {
  const out: RuleDeviation[] = ruleFolders.map((folder) => ({ kind: 'rules-folder', value: folder, file: '--rules' }));
  for (const change of ruleChanges(rules, overrides)) {
    const path =
      change.kind === 'disabled' ? `rules.${change.rule}.enabled` : change.kind === 'severity' ? `rules.${change.rule}.severity` : `rules.${change.rule}.parameters.${change.parameter}`;
    out.push({ ...change, ...where(path) });
  }
  return out;
}
