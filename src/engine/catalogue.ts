import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { createHash } from 'node:crypto';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { yamlLib } from '../yaml-lib.js';
import { yamlToJs, YamlAliasError } from '../config/yaml.js';
import type { Condition } from './check.js';
import { CONDITION_SCHEMA, FRAMEWORK_SCHEMA, RULE_SCHEMA } from './rule-schema.js';
import { KINDS, attributeSpec, type AttributeSpec } from '../model/kinds.js';
import { bundleInfo, inBundle } from '../install-paths.js';
import { recordedHash, recordHash, stampFiles } from './catalogue-stamps.js';
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

/**
 * One part of a rule that peer tools check on their own (one of the four public access block
 * settings): the condition that holds when that part complies, and the peer IDs that check it.
 * A failing result lists the references of its failing facets; a peer's ignore suppresses only
 * results whose failing facets it names.
 */
export interface RuleFacet {
  description?: string;
  check: Condition;
  references: RuleReferences;
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
  /** By facet name; peer IDs named by no facet check the whole rule. */
  facets?: Record<string, RuleFacet>;
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
  /**
   * What an auditor must attest. `process_check` names it as AWS Config's process checks do
   * (`annual-risk-assessment-performed`); `every_days` is how often it is due.
   */
  manual?: { evidence: string; process_check?: string; every_days?: number };
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

// The YAML parser and the schema compiler load on first use: loading and compiling cost more than
// scanning a small estate, and a precompiled catalogue needs neither.
const requireHere = createRequire(import.meta.url);
let validators: { rule: ValidateFunction; framework: ValidateFunction } | undefined;

function schemaValidators(): { rule: ValidateFunction; framework: ValidateFunction } {
  if (!validators) {
    const { Ajv } = (inBundle ? require('ajv') : requireHere('ajv')) as typeof import('ajv');
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(CONDITION_SCHEMA);
    validators = { rule: ajv.compile(RULE_SCHEMA), framework: ajv.compile(FRAMEWORK_SCHEMA) };
  }
  return validators;
}

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
  const doc = yamlLib().parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0];
      problems.push(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${error.message.split('\n')[0]}`);
    }
    return undefined;
  }
  try {
    return yamlToJs(doc, text);
  } catch (error) {
    if (!(error instanceof YamlAliasError)) throw error;
    problems.push(`${file}${error.line ? `:${error.line}` : ''}: ${error.message}`);
    return undefined;
  }
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
  const validateRule = schemaValidators().rule;
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
  for (const [name, facet] of Object.entries(rule.facets ?? {})) {
    checkPaths(facet.check, rule.kind, undefined, `${file}: facets.${name}.check`, problems);
    for (const [source, ids] of Object.entries(facet.references) as Array<[keyof RuleReferences, string[]]>) {
      for (const id of ids) {
        if (!(rule.references[source] ?? []).includes(id)) problems.push(`${file}: facets.${name}.references.${source}: ${id} is not among the rule's references.${source}`);
      }
    }
  }
  const params = new Set<string>();
  collectParams([rule.check, rule.applies_if, ...Object.values(rule.facets ?? {}).map((f) => f.check)], params);
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
  const validateFramework = schemaValidators().framework;
  if (!validateFramework(raw)) return { problems: describeSchemaErrors(validateFramework.errors).map((l) => `${file}: ${l}`) };
  return { framework: { ...(raw as Omit<Framework, 'file'>), file }, problems };
}

/** One rule or framework file as read, before parsing. */
interface CatalogueFile {
  file: string;
  display: string;
  /** The file's bytes: hashed as they are, decoded only when the YAML is parsed (no precompiled catalogue). */
  bytes: Buffer;
}

/**
 * A catalogue parsed and checked ahead of time (the build writes the built-in one to
 * dist/catalogue.json), so that a scan does not parse 200 KB of YAML and compile the rule schema
 * each time it starts. It is used only when its key matches: the same files with the same
 * contents, checked by the same code.
 */
export interface PrecompiledCatalogue {
  key: string;
  /** Each rule's `examples` is a placeholder here (kept in its place, so the rule's keys keep their order). */
  catalogue: Catalogue;
  /**
   * Every rule's examples (rule ID to examples) as one JSON text: nearly half the catalogue, read
   * only by `rules show` and the tests, so `writePrecompiled` puts them in a file of their own.
   */
  examples: string;
}

/** The code whose checks a precompiled catalogue has passed: a rebuilt checker invalidates it. */
function checkerHash(): string {
  // The bundle holds this code in a chunk of its own naming; the bundler records the sources' hash instead.
  if (bundleInfo) return bundleInfo.checker;
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here);
  const hash = createHash('sha256');
  for (const file of [here, fileURLToPath(new URL(`./rule-schema${ext}`, import.meta.url)), fileURLToPath(new URL(`../model/kinds${ext}`, import.meta.url))]) {
    hash.update(existsSync(file) ? readFileSync(file) : file).update('\0');
  }
  return hash.digest('hex');
}

const precompiledKey = (rulesHash: string, checker = checkerHash()): string => createHash('sha256').update(rulesHash).update('\0').update(checker).digest('hex');

/**
 * Every `.yaml` and `.yml` file under `dir`, as the glob `**\/*.{yaml,yml}` finds them: hidden
 * files and folders left out, linked folders followed (each real folder once). A walk of its own,
 * since every scan lists the built-in rules and a glob library costs more to load than the walk.
 */
function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (folder: string): void => {
    let real: string;
    try {
      real = realpathSync.native(folder);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      // The folder is normal (below) and an entry's name holds no separator: join() without its normalizing.
      const path = folder.endsWith(sep) ? `${folder}${entry.name}` : `${folder}${sep}${entry.name}`;
      const kind = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
      if (kind?.isDirectory()) walk(path);
      else if (kind?.isFile() && /\.ya?ml$/.test(entry.name)) out.push(path);
    }
  };
  walk(normalize(dir));
  return out;
}

interface ListedFile {
  /** The file as found. */
  path: string;
  /** Its path inside its folder, with forward slashes: what the hash and the catalogue name it by. */
  file: string;
  display: string;
}

/** Every rule and framework file of the folders, in a stable order. */
function listCatalogueFiles(dirs: string[]): ListedFile[] {
  const out: ListedFile[] = [];
  for (const dir of dirs) {
    // The walk joins names to the normalized folder: each path starts with it and a separator.
    const folder = normalize(dir);
    const prefix = folder.endsWith(sep) ? folder.length : folder.length + 1;
    for (const path of yamlFilesUnder(dir).sort()) {
      const file = path.slice(prefix).split(sep).join('/');
      // The first folder is the built-in catalogue (or the only one): shown relative, the user's folders in full.
      out.push({ path, file, display: dir === dirs[0] ? `rules/${file}` : path });
    }
  }
  return out;
}

/** Reads the files, hashing names and contents. */
function readCatalogueFiles(listed: ListedFile[], problems: string[]): { files: CatalogueFile[]; hash: string } {
  const hash = createHash('sha256');
  const out: CatalogueFile[] = [];
  for (const { path, file, display } of listed) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      problems.push(`${display}: cannot read: ${(error as Error).message}`);
      continue;
    }
    hash.update(file).update('\0').update(bytes).update('\0');
    out.push({ file, display, bytes });
  }
  return { files: out, hash: hash.digest('hex') };
}

/**
 * The file beside a precompiled catalogue that holds its rules' examples, as
 * `{"key":"<the catalogue's key>","examples":{…}}`: apart, because a scan never reads them and
 * reading and parsing them was 3 ms of every start.
 */
export const examplesFileOf = (file: string): string => file.replace(/(\.json)?$/, '-examples.json');

/** Writes a precompiled catalogue as `loadCatalogue` reads it: the catalogue, and its examples beside it. */
export function writePrecompiled(file: string, precompiled: PrecompiledCatalogue): void {
  writeFileSync(file, JSON.stringify({ key: precompiled.key, catalogue: precompiled.catalogue }));
  writeFileSync(examplesFileOf(file), `{"key":${JSON.stringify(precompiled.key)},"examples":${precompiled.examples}}`);
}

/** Whether the examples file starts with the key, read no further. */
function examplesMatch(file: string, key: string): boolean {
  const head = `{"key":${JSON.stringify(key)},`;
  const bytes = Buffer.alloc(head.length);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return readSync(fd, bytes, 0, bytes.length, 0) === bytes.length && bytes.toString('latin1') === head;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A precompiled catalogue from `file` if it was made from exactly these files by this code. */
function readPrecompiled(file: string | undefined, rulesHash: string): Catalogue | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    const precompiled = JSON.parse(readFileSync(file, 'utf8')) as Omit<PrecompiledCatalogue, 'examples'>;
    const key = precompiledKey(rulesHash);
    if (precompiled.key !== key || precompiled.catalogue.hash !== rulesHash || !examplesMatch(examplesFileOf(file), key)) return undefined;
    let examples: Record<string, Rule['examples']> | undefined;
    const readExamples = (): Record<string, Rule['examples']> => {
      const kept = JSON.parse(readFileSync(examplesFileOf(file), 'utf8')) as { key: string; examples: Record<string, Rule['examples']> };
      // Checked when the catalogue was read; a file replaced since is no copy of these rules.
      if (kept.key !== key) throw new Error(`the rules' examples in ${examplesFileOf(file)} changed while Vigil was running`);
      return kept.examples;
    };
    for (const rule of precompiled.catalogue.rules) {
      Object.defineProperty(rule, 'examples', {
        enumerable: true,
        configurable: true,
        get: () => (examples ??= readExamples())[rule.id]!,
        set: (value: Rule['examples']) => Object.defineProperty(rule, 'examples', { value, enumerable: true, configurable: true, writable: true }),
      });
    }
    return precompiled.catalogue;
  } catch {
    return undefined; // unreadable or damaged: parse the YAML as if there were none
  }
}

/**
 * Loads every rule (`**\/*.yaml` outside `frameworks/`) and framework (`frameworks/*.yaml`) from
 * the given folders; later folders add to earlier ones and may not redefine an ID. With
 * `precompiled`, a catalogue file written by `precompileCatalogue` is used when it still matches.
 */
export async function loadCatalogue(dirs: string[], options: { precompiled?: string; stampRecord?: string } = {}): Promise<Catalogue> {
  const problems: string[] = [];
  const rules: Rule[] = [];
  const frameworks: Framework[] = [];
  const ruleIds = new Map<string, string>();
  const listed = listCatalogueFiles(dirs);
  // With a record of the files as last hashed (src/engine/catalogue-stamps.ts), unchanged files need not be read.
  const stamps = options.precompiled && options.stampRecord ? stampFiles(listed.map((f) => f.path)) : undefined;
  if (stamps) {
    const recorded = recordedHash(options.stampRecord!, stamps);
    const ready = recorded === undefined ? undefined : readPrecompiled(options.precompiled, recorded);
    if (ready) return ready;
  }
  const { files, hash } = readCatalogueFiles(listed, problems);
  if (problems.length === 0) {
    const ready = readPrecompiled(options.precompiled, hash);
    if (ready) {
      if (stamps) recordHash(options.stampRecord!, stamps, hash);
      return ready;
    }
  }
  for (const { file, display, bytes } of files) {
    const text = bytes.toString('utf8');
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
  return { rules, frameworks, hash };
}

/**
 * Loads and checks the folders' catalogue and returns it in the form `loadCatalogue` can reuse;
 * `checker` is the bundle's record of the checking code when the copy is for the bundled CLI.
 */
export async function precompileCatalogue(dirs: string[], checker?: string): Promise<PrecompiledCatalogue> {
  const catalogue = await loadCatalogue(dirs);
  const examples = Object.fromEntries(catalogue.rules.map((rule) => [rule.id, rule.examples]));
  const json = JSON.stringify(examples);
  // Only JSON-shaped values survive the trip; anything else would make the copy differ from the YAML.
  if (!isDeepStrictEqual(JSON.parse(json), examples)) throw new Error('precompile: the rules\' examples do not survive JSON');
  const rules = catalogue.rules.map((rule) => ({ ...rule, examples: {} }));
  return { key: precompiledKey(catalogue.hash, checker), catalogue: { ...catalogue, rules }, examples: json };
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
