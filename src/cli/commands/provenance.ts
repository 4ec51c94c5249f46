import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { Catalogue, Severity } from '../../engine/catalogue.js';
import { effectiveRuleSetHash, ruleDeviations, type RuleOverrides } from '../../engine/effective.js';
import type { VigilConfig } from '../../config/load.js';
import { maskCommandLine, varNames, type ReportProvenance } from '../../report/provenance.js';
import { repositoryState } from '../../workflow/git.js';
import type { Value } from '../../model/value.js';
import { escapeControl } from '../../report/terminal.js';
import { UsageError, type Io } from '../io.js';

/** What `vigil scan` records of where its report came from (see report/provenance.ts). */

export function titleOption(y: Argv): Argv {
  return y.option('title', { type: 'string', describe: 'a title for the report, e.g. "Q4 2026 HIPAA evidence, production" (kept in every format)' });
}

/** A title is one line of plain text; control characters would reach terminals and logs. */
export function parseTitle(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const title = escapeControl(String(raw).replace(/[\r\n\t]+/g, ' ')).trim();
  if (title === '') throw new UsageError('--title must not be empty');
  if (title.length > 200) throw new UsageError('--title is longer than 200 characters');
  return title;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const shown = (file: string, cwd: string): string => relative(cwd, file) || file;

/**
 * The configuration's rule overrides by canonical rule ID (an alias names its rule), and where
 * each was written, for the engine and the report.
 */
export function ruleOverrides(config: VigilConfig, catalogue: Catalogue): { overrides: Required<RuleOverrides>; written: Map<string, string> } {
  const canonical = new Map<string, string>();
  for (const rule of catalogue.rules) for (const id of [rule.id, ...(rule.aliases ?? [])]) canonical.set(id, rule.id);
  const severities: Record<string, Severity> = {};
  const parameters: Record<string, Record<string, Value>> = {};
  const disabled: string[] = [];
  const written = new Map<string, string>();
  for (const [key, override] of Object.entries(config.rules)) {
    const id = canonical.get(key) ?? key;
    written.set(id, key);
    if (override.severity) severities[id] = override.severity;
    if (override.parameters) parameters[id] = { ...parameters[id], ...override.parameters };
    if (override.enabled === false) disabled.push(id);
  }
  return { overrides: { severities, parameters, disabled }, written };
}

export interface ProvenanceInputs {
  io: Io;
  title?: string;
  config: VigilConfig;
  catalogue: Catalogue;
  overrides: RuleOverrides;
  /** Rule ID → the key the configuration wrote it under (an alias, or the ID). */
  written: Map<string, string>;
  ruleFolders: string[];
  /** Terraform paths, when the scan reads Terraform. */
  paths?: string[];
  varFiles: string[];
  vars: string[];
}

export function gatherProvenance(inputs: ProvenanceInputs): ReportProvenance {
  const { io, config } = inputs;
  const configFile = config.file ? shown(config.file, io.cwd) : undefined;
  const where = (path: string): { file: string; line?: number } => {
    // The line is looked up under the key the file used (an alias is the rule's old ID).
    const [, id, ...rest] = path.split('.');
    const key = ['rules', inputs.written.get(id!) ?? id, ...rest].join('.');
    const line = config.lines?.[key];
    return { file: configFile ?? '.vigil.yaml', ...(line !== undefined ? { line } : {}) };
  };
  const deviations = ruleDeviations(inputs.catalogue.rules, inputs.overrides, where, inputs.ruleFolders);
  const out: ReportProvenance = {
    ...(inputs.title ? { title: inputs.title } : {}),
    ...(io.argv ? { commandLine: maskCommandLine(withoutJobs(io.argv)) } : {}),
    effectiveRuleSetHash: effectiveRuleSetHash(inputs.catalogue.hash, inputs.catalogue.rules, inputs.overrides),
    deviations,
  };
  if (config.file && configFile) out.config = { file: configFile, sha256: sha256(config.file) };
  if (inputs.paths && inputs.paths.length > 0) {
    const first = resolve(io.cwd, inputs.paths[0]!);
    const folder = statSync(first, { throwIfNoEntry: false })?.isDirectory() ? first : dirname(first);
    const git = repositoryState(folder);
    if (git) out.git = git;
    out.variables = { files: inputs.varFiles.map((file) => ({ file: shown(file, io.cwd), sha256: sha256(file) })), vars: varNames(inputs.vars) };
  }
  return out;
}

/**
 * The command line without --jobs: the number of threads never changes a report, so reports made
 * with different numbers are the same, byte for byte.
 */
function withoutJobs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg === '--jobs' || arg === '-j') {
      i++;
      continue;
    }
    if (/^(--jobs=|-j=?\d)/.test(arg)) continue;
    out.push(arg);
  }
  return out;
}
