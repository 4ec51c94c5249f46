import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { LineCounter, Node } from 'yaml';
import { yamlLib } from '../yaml-lib.js';
import { yamlToJs, YamlAliasError } from './yaml.js';
import { configValidator } from './validator.js';
import type { Severity } from '../engine/catalogue.js';
import type { ConfigSuppression, SuppressionPolicy } from '../engine/suppress.js';
import type { Value } from '../model/value.js';

/**
 * `.vigil.yaml`: found by walking up from the scanned path, or given with `--config`. Reading
 * (I/O) is separate from parsing (pure), and every problem is collected into one error that names
 * the field, its line, and what is allowed.
 */

export const CONFIG_FILE_NAME = '.vigil.yaml';

/** A suppression as written in the configuration; the engine defines its shape. */
export type Suppression = ConfigSuppression;

export interface VigilConfig {
  /** Where the configuration came from; undefined when none was found. */
  file?: string;
  frameworks?: string[];
  failOn: Severity | 'none';
  rules: Record<string, { severity?: Severity; parameters?: Record<string, Value>; enabled?: boolean }>;
  /** The line of each rule override (`rules.<id>.severity`, `rules.<id>.parameters.<name>`, `rules.<id>.enabled`). */
  lines?: Record<string, number>;
  skipPaths: string[];
  /** Threads that evaluate Terraform roots (`jobs`); default: one per available core. */
  jobs?: number;
  suppressions: Suppression[];
  /** What every exception must name (`suppressions.requireOwner`, `requireExpiry`, `maxExpiryDays`). */
  suppressionPolicy?: SuppressionPolicy;
  attestations?: string;
  attestationMaxAgeDays: number;
  aws: { regions?: string[]; roleArn?: string; externalId?: string; accounts?: string[]; maxRps?: number; concurrency?: number };
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

export const DEFAULT_CONFIG: VigilConfig = {
  failOn: 'low',
  rules: {},
  skipPaths: [],
  suppressions: [],
  attestationMaxAgeDays: 365,
  aws: {},
};

// The YAML parser loads only when there is a file to read.

/** The nearest `.vigil.yaml` in `start` or a folder above it. */
export function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  if (existsSync(dir) && statSync(dir).isFile()) dir = dirname(dir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The line of the YAML node at a JSON-pointer-like path, for messages. */
function lineOf(root: Node | null, path: string[], counter: LineCounter): number | undefined {
  let node: unknown = root;
  for (const segment of path) {
    if (yamlLib().isMap(node)) node = node.get(segment, true);
    else if (yamlLib().isSeq(node)) node = node.get(Number(segment), true);
    else break;
  }
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? counter.linePos(range[0]).line : undefined;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return 'is not a known field (see "vigil init" for every field)';
    case 'required':
      return `missing required field "${String(params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'pattern':
      return `"${String(error.data)}" is not valid (expected ${patternHint(error.schemaPath)})`;
    case 'anyOf':
      return 'must name at least one of rule, resource, path, account or region';
    case 'type':
      return `must be ${TYPE_NAMES[String(params.type)] ?? String(params.type)}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`;
    case 'minimum':
      return `must be ${String(params.limit)} or more`;
    case 'maximum':
      return `must be ${String(params.limit)} or less`;
    case 'exclusiveMinimum':
      return `must be more than ${String(params.limit)}`;
    case 'uniqueItems':
      return 'lists the same value twice';
    default:
      return error.message ?? 'is invalid';
  }
}

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'a mapping of names to values',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

function patternHint(schemaPath: string): string {
  if (schemaPath.includes('expires')) return 'a date as YYYY-MM-DD';
  if (schemaPath.includes('account')) return 'a 12-digit account ID';
  if (schemaPath.includes('region')) return 'a region such as eu-central-1';
  if (schemaPath.includes('role-arn')) return 'arn:aws:iam::{account}:role/NAME';
  return 'the documented format';
}

/** Parses and validates configuration text; throws ConfigError listing every problem. */
export function parseConfig(text: string, file: string): VigilConfig {
  const counter = new (yamlLib().LineCounter)();
  const doc = yamlLib().parseDocument(text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}: not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`),
    );
  }
  let raw: unknown;
  try {
    raw = yamlToJs(doc, text) ?? {};
  } catch (error) {
    if (error instanceof YamlAliasError) throw new ConfigError(file, [`${error.line ? `line ${error.line}: ` : ''}${error.message}`]);
    throw error;
  }
  const validate = configValidator();
  if (!validate(raw)) {
    const problems = new Set<string>();
    for (const error of validate.errors ?? []) {
      // The branches of "name at least one of" each report a missing field; the anyOf says it once.
      if (error.keyword === 'if' || error.schemaPath.includes('/anyOf/')) continue;
      const path = error.instancePath.split('/').filter(Boolean);
      // An unknown field is reported at the field itself, not at the object holding it.
      if (error.keyword === 'additionalProperties') path.push(String((error.params as { additionalProperty: string }).additionalProperty));
      const line = lineOf(doc.contents, path, counter);
      const field = path.join('.') || '(top level)';
      // `suppressions` takes two shapes: say both when neither fits.
      const message =
        error.keyword === 'additionalProperties' && path.length === 2 && path[0] === 'suppressions'
          ? 'is not a known field: suppressions is a list, or a mapping of requireOwner, requireExpiry, maxExpiryDays and entries (the list)'
          : describe(error);
      problems.add(`${field}${line ? ` (line ${line})` : ''}: ${message}`);
    }
    throw new ConfigError(file, [...problems]);
  }
  const data = raw as Record<string, unknown>;
  const aws = (data.aws ?? {}) as Record<string, unknown>;
  const { entries: suppressions, policy: suppressionPolicy, at } = suppressionsOf(data.suppressions);
  return {
    file,
    lines: overrideLines(doc.contents, (data.rules ?? {}) as VigilConfig['rules'], counter),
    frameworks: data.frameworks as string[] | undefined,
    failOn: data['fail-on'] as VigilConfig['failOn'],
    rules: (data.rules ?? {}) as VigilConfig['rules'],
    skipPaths: (data['skip-paths'] ?? []) as string[],
    ...(data.jobs !== undefined ? { jobs: data.jobs as number } : {}),
    // Each entry keeps its line, so the exceptions register can say where it was written.
    suppressions: suppressions.map((s, i) => {
      const line = lineOf(doc.contents, [...at, String(i)], counter);
      return { ...s, expires: s.expires === undefined ? undefined : String(s.expires), ...(line ? { line } : {}) };
    }),
    ...(suppressionPolicy ? { suppressionPolicy } : {}),
    attestations: data.attestations as string | undefined,
    attestationMaxAgeDays: data['attestation-max-age-days'] as number,
    aws: {
      regions: aws.regions as string[] | undefined,
      roleArn: aws['role-arn'] as string | undefined,
      externalId: aws['external-id'] as string | undefined,
      accounts: aws.accounts as string[] | undefined,
      maxRps: aws['max-rps'] as number | undefined,
      concurrency: aws.concurrency as number | undefined,
    },
  };
}

/** Where each rule override is written, so a report can name the line that weakened a rule. */
function overrideLines(root: Node | null, rules: VigilConfig['rules'], counter: LineCounter): Record<string, number> {
  const out: Record<string, number> = {};
  const note = (path: string[]): void => {
    const line = lineOf(root, path, counter);
    if (line !== undefined) out[path.join('.')] = line;
  };
  for (const [id, override] of Object.entries(rules)) {
    if (override.severity !== undefined) note(['rules', id, 'severity']);
    if (override.enabled !== undefined) note(['rules', id, 'enabled']);
    for (const name of Object.keys(override.parameters ?? {})) note(['rules', id, 'parameters', name]);
  }
  return out;
}

/** `suppressions:` as a list, or as a mapping holding the policy and the list under `entries`. */
function suppressionsOf(raw: unknown): { entries: Suppression[]; policy?: SuppressionPolicy; at: string[] } {
  if (raw === undefined) return { entries: [], at: ['suppressions'] };
  if (Array.isArray(raw)) return { entries: raw as Suppression[], at: ['suppressions'] };
  const mapping = raw as { requireOwner?: boolean; requireExpiry?: boolean; maxExpiryDays?: number; entries?: Suppression[] };
  const policy: SuppressionPolicy = {
    ...(mapping.requireOwner ? { requireOwner: true } : {}),
    ...(mapping.requireExpiry ? { requireExpiry: true } : {}),
    ...(mapping.maxExpiryDays !== undefined ? { maxExpiryDays: mapping.maxExpiryDays } : {}),
  };
  return { entries: mapping.entries ?? [], ...(Object.keys(policy).length > 0 ? { policy } : {}), at: ['suppressions', 'entries'] };
}

/** Reads the configuration: `explicit` if given (it must exist), else the nearest one above `start`. */
export function loadConfig(explicit: string | undefined, start: string): VigilConfig {
  const file = explicit ?? findConfig(start);
  if (!file) return { ...DEFAULT_CONFIG };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`]);
  }
  return parseConfig(text, file);
}
