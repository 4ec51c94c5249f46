import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject } from 'ajv';
import { glob } from 'tinyglobby';
import { parseDocument } from 'yaml';
import type { Condition } from './check.js';
import { CONDITION_SCHEMA, FRAMEWORK_SCHEMA, RULE_SCHEMA } from './rule-schema.js';
import { KINDS, attributeSpec, type AttributeSpec } from '../model/kinds.js';
import type { Value } from '../model/value.js';

/**
 * Loads rules and frameworks from YAML, validates them against their schemas and against the
 * model's kinds, and links frameworks to the rules they name. Every problem of every file is
 * collected before failing, so a user fixes a rule pack in one pass.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export type SourceName = 'terraform' | 'aws';

export interface RuleReferences {
  checkov?: string[];
  trivy?: string[];
  prowler?: string[];
  aws_config?: string[];
}

export interface TerraformExample {
  name: string;
  code: string;
}
export interface AwsExample {
  name: string;
  attributes: Record<string, Value>;
}
export interface ExampleSet<T> {
  pass?: T[];
  fail?: T[];
  unknown?: T[];
}

export interface Rule {
  id: string;
  aliases?: string[];
  deprecated?: boolean;
  title: string;
  severity: Severity;
  kind: string;
  sources: SourceName[];
  description: string;
  assumptions?: string;
  parameters: Record<string, { description: string; default: Value }>;
  applies_if?: Condition;
  check: Condition;
  remediation: { text: string; terraform: string };
  references: RuleReferences;
  help_uri?: string;
  examples: { terraform?: ExampleSet<TerraformExample>; aws?: ExampleSet<AwsExample> };
  /** Where the rule was loaded from, relative to its rules folder. */
  file: string;
}

export interface Requirement {
  citation: string;
  title: string;
  section: string;
  standard?: string;
  implementation?: 'required' | 'addressable';
  description: string;
  rules?: string[];
  manual?: { evidence: string };
}

export interface Framework {
  id: string;
  name: string;
  version: string;
  description: string;
  requirements: Requirement[];
  file: string;
}

export interface Catalogue {
  rules: Rule[];
  frameworks: Framework[];
  /** SHA-256 over every loaded file, so a report says exactly which rule set produced it. */
  hash: string;
}

/** A rule or framework file that cannot be used; lists every problem found. */
export class CatalogueError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(CONDITION_SCHEMA);
const validateRule = ajv.compile(RULE_SCHEMA);
const validateFramework = ajv.compile(FRAMEWORK_SCHEMA);

/** Turns ajv's errors into "field: what is allowed" lines, dropping oneOf noise. */
function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  // A failed oneOf repeats each branch's errors; the branch errors say more than the oneOf itself.
  const relevant = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const lines = new Set<string>();
  for (const e of relevant) {
    const field = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(top level)';
    if (e.keyword === 'additionalProperties') lines.add(`${field}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`);
    else if (e.keyword === 'required') lines.add(`${field}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`);
    else if (e.keyword === 'enum') lines.add(`${field}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`);
    else lines.add(`${field}: ${e.message ?? 'is invalid'}`);
  }
  return [...lines];
}

function parseYaml(text: string, file: string, problems: string[]): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0];
      problems.push(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${error.message.split('\n')[0]}`);
    }
    return undefined;
  }
  return doc.toJS();
}

/** Checks that every attribute path a condition reads exists on the rule's kind. */
function checkPaths(condition: Condition, kind: string, within: AttributeSpec | undefined, where: string, problems: string[]): void {
  const known = (path: string): AttributeSpec | undefined => attributeSpec(kind, path.split('.'), within);
  if ('all' in condition) condition.all.forEach((c, i) => checkPaths(c, kind, within, `${where}.all[${i}]`, problems));
  else if ('any' in condition) condition.any.forEach((c, i) => checkPaths(c, kind, within, `${where}.any[${i}]`, problems));
  else if ('none' in condition) condition.none.forEach((c, i) => checkPaths(c, kind, within, `${where}.none[${i}]`, problems));
  else if ('not' in condition) checkPaths(condition.not, kind, within, `${where}.not`, problems);
  else if ('every' in condition || 'some' in condition || 'no' in condition) {
    const path = 'every' in condition ? condition.every : 'some' in condition ? condition.some : condition.no;
    const spec = known(path);
    if (!spec) problems.push(`${where}: kind ${kind} has no attribute "${path}"`);
    else checkPaths(condition.satisfy, kind, spec.type === 'object-list' ? { ...spec, type: 'object' } : spec, `${where}.satisfy`, problems);
  } else if ('port_range' in condition) {
    for (const path of [condition.port_range.from, condition.port_range.to, condition.port_range.protocol]) {
      if (!known(path)) problems.push(`${where}.port_range: kind ${kind} has no attribute "${path}"`);
    }
  } else if (!known(condition.attribute)) {
    problems.push(`${where}.attribute: kind ${kind} has no attribute "${condition.attribute}"`);
  }
}

function collectParams(condition: unknown, out: Set<string>): void {
  if (Array.isArray(condition)) condition.forEach((c) => collectParams(c, out));
  else if (condition && typeof condition === 'object') {
    const record = condition as Record<string, unknown>;
    if (typeof record.param === 'string' && Object.keys(record).length === 1) out.add(record.param);
    else Object.values(record).forEach((v) => collectParams(v, out));
  }
}

export function parseRule(text: string, file: string): { rule?: Rule; problems: string[] } {
  const problems: string[] = [];
  const raw = parseYaml(text, file, problems);
  if (raw === undefined) return { problems };
  if (!validateRule(raw)) {
    return { problems: describeSchemaErrors(validateRule.errors).map((line) => `${file}: ${line}`) };
  }
  const rule = { sources: ['terraform', 'aws'], parameters: {}, ...(raw as object), file } as Rule;
  if (!KINDS[rule.kind]) {
    problems.push(`${file}: kind: unknown resource kind "${rule.kind}" (known: ${Object.keys(KINDS).join(', ')})`);
    return { problems };
  }
  checkPaths(rule.check, rule.kind, undefined, `${file}: check`, problems);
  if (rule.applies_if) checkPaths(rule.applies_if, rule.kind, undefined, `${file}: applies_if`, problems);
  const params = new Set<string>();
  collectParams([rule.check, rule.applies_if], params);
  for (const name of params) {
    if (!(name in rule.parameters)) problems.push(`${file}: check: parameter "${name}" is not declared under parameters`);
  }
  const expectedName = `${rule.id}.yaml`;
  if (basename(file) !== expectedName) problems.push(`${file}: id: the file must be named ${expectedName}`);
  return problems.length > 0 ? { problems } : { rule, problems };
}

export function parseFramework(text: string, file: string): { framework?: Framework; problems: string[] } {
  const problems: string[] = [];
  const raw = parseYaml(text, file, problems);
  if (raw === undefined) return { problems };
  if (!validateFramework(raw)) return { problems: describeSchemaErrors(validateFramework.errors).map((l) => `${file}: ${l}`) };
  return { framework: { ...(raw as Omit<Framework, 'file'>), file }, problems };
}

/**
 * Loads every rule (`**\/*.yaml` outside `frameworks/`) and framework (`frameworks/*.yaml`) from
 * the given folders; later folders add to earlier ones and may not redefine an ID.
 */
export async function loadCatalogue(dirs: string[]): Promise<Catalogue> {
  const problems: string[] = [];
  const rules: Rule[] = [];
  const frameworks: Framework[] = [];
  const hash = createHash('sha256');
  const ruleIds = new Map<string, string>();
  for (const dir of dirs) {
    const files = (await glob(['**/*.yaml', '**/*.yml'], { cwd: dir, absolute: true })).sort();
    for (const path of files) {
      const file = relative(dir, path).split('\\').join('/');
      // The first folder is the built-in catalogue (or the only one): shown relative, the user's folders in full.
      const display = dir === dirs[0] ? `rules/${file}` : path;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        problems.push(`${display}: cannot read: ${(error as Error).message}`);
        continue;
      }
      hash.update(file).update('\0').update(text).update('\0');
      if (file.startsWith('frameworks/')) {
        const parsed = parseFramework(text, display);
        problems.push(...parsed.problems);
        if (parsed.framework) {
          if (frameworks.some((f) => f.id === parsed.framework!.id)) problems.push(`${display}: id: framework "${parsed.framework.id}" is defined twice`);
          else frameworks.push(parsed.framework);
        }
        continue;
      }
      const parsed = parseRule(text, display);
      problems.push(...parsed.problems);
      if (!parsed.rule) continue;
      for (const id of [parsed.rule.id, ...(parsed.rule.aliases ?? [])]) {
        const previous = ruleIds.get(id);
        if (previous) problems.push(`${display}: id: "${id}" is already used by ${previous}`);
        ruleIds.set(id, display);
      }
      rules.push(parsed.rule);
    }
  }
  for (const framework of frameworks) {
    for (const requirement of framework.requirements) {
      for (const id of requirement.rules ?? []) {
        if (!ruleIds.has(id)) problems.push(`${framework.file}: requirement ${requirement.citation} names unknown rule "${id}"`);
      }
      if (!requirement.manual && (requirement.rules ?? []).length === 0) {
        problems.push(`${framework.file}: requirement ${requirement.citation} has neither rules nor a manual part`);
      }
    }
  }
  if (problems.length > 0) throw new CatalogueError(problems);
  rules.sort((a, b) => a.id.localeCompare(b.id));
  return { rules, frameworks, hash: hash.digest('hex') };
}

/** A rule by its ID or by a retired ID it keeps as an alias. */
export function findRule(catalogue: Pick<Catalogue, 'rules'>, id: string): Rule | undefined {
  return catalogue.rules.find((rule) => rule.id === id) ?? catalogue.rules.find((rule) => rule.aliases?.includes(id));
}

/** The framework citations each rule serves, as `hipaa 164.312(a)(1)`. */
export function requirementsByRule(frameworks: Framework[]): Map<string, Array<{ framework: string; citation: string; title: string }>> {
  const out = new Map<string, Array<{ framework: string; citation: string; title: string }>>();
  for (const framework of frameworks) {
    for (const requirement of framework.requirements) {
      for (const id of requirement.rules ?? []) {
        const list = out.get(id) ?? [];
        list.push({ framework: framework.id, citation: requirement.citation, title: requirement.title });
        out.set(id, list);
      }
    }
  }
  return out;
}
