import { dirname, relative, resolve, sep } from 'node:path';
import { statSync } from 'node:fs';
import type { Resource } from '../../model/resource.js';
import type { ScanProblem } from '../../model/problem.js';
import { parseState, StateFormatError } from './parse.js';
import { parseS3Url, readLocalState, readS3State, StateReadError, type StateSource } from './read.js';
import { backendState } from './backend.js';
import { stateResources } from './resources.js';

/**
 * The Terraform state source: reads each state given with `--state` (a file, `s3://bucket/key`,
 * or `auto` for the backend of every scanned root folder) and maps what was last applied to model
 * resources (`source: state`). A state that cannot be read is an error naming it; the others and
 * the rest of the scan go on.
 */

export interface StateScanOptions {
  /** As given: file paths (relative to `cwd`), `s3://bucket/key[?versionId=v]`, or `auto`. */
  states: string[];
  cwd: string;
  /** The Terraform root module folders scanned, relative to `cwd` as reports show them. */
  roots: string[];
  env: Record<string, string | undefined>;
  profile?: string;
}

export interface ReadState {
  /** The state as reports name it: a path relative to `cwd`, or the S3 URL. */
  state: string;
  /** The root module folder the state belongs to, when it can be told. */
  root?: string;
  resources: Resource[];
  /** Accounts the state's ARNs name. */
  accounts: string[];
  terraformVersion?: string;
}

export async function scanStates(options: StateScanOptions): Promise<{ states: ReadState[]; problems: ScanProblem[] }> {
  const problems: ScanProblem[] = [];
  const wanted: Array<{ source: StateSource; root?: string }> = [];
  const display = (absolute: string): string => relative(options.cwd, absolute).split(sep).join('/') || '.';
  const onlyRoot = options.roots.length === 1 ? options.roots[0] : undefined;
  for (const given of options.states) {
    if (given === 'auto') {
      if (options.roots.length === 0) problems.push({ severity: 'error', file: '--state', message: '--state auto reads the backend of each Terraform root folder scanned, and this scan has none: give the folders as paths' });
      for (const root of options.roots) {
        const dir = resolve(options.cwd, root);
        if (!isDir(dir)) continue;
        const found = backendState(dir, root, options.env);
        if ('source' in found) wanted.push({ source: found.source, root });
        else if ('problem' in found) problems.push({ severity: 'error', file: root, message: found.problem });
        else problems.push({ severity: 'warning', file: root, message: `--state auto: ${found.none}; this root is joined to no state` });
      }
      continue;
    }
    const s3 = parseS3Url(given);
    if (given.startsWith('s3://') && !s3) {
      problems.push({ severity: 'error', file: '--state', message: `${given}: not an S3 URL: expected s3://bucket/key, optionally ?versionId=...` });
      continue;
    }
    if (s3) {
      wanted.push({ source: { kind: 's3', ...s3, shown: given }, ...(onlyRoot !== undefined ? { root: onlyRoot } : {}) });
      continue;
    }
    const absolute = resolve(options.cwd, given);
    const folder = display(dirname(absolute));
    const root = options.roots.includes(folder) ? folder : onlyRoot;
    wanted.push({ source: { kind: 'file', path: absolute, shown: display(absolute) }, ...(root !== undefined ? { root } : {}) });
  }
  const states: ReadState[] = [];
  for (const { source, root } of wanted) {
    const read = await readOne(source, options, problems);
    if (!read) continue;
    if (root === undefined && options.roots.length > 1) {
      problems.push({ severity: 'warning', file: source.shown, message: `this state cannot be told apart between the ${options.roots.length} root folders scanned, so it is joined to no code: put it in its root's folder or use --state auto` });
    }
    const mapped = stateResources(read.instances, source.shown, root);
    for (const problem of mapped.problems) problems.push({ ...problem, file: source.shown });
    states.push({ state: source.shown, ...(root !== undefined ? { root } : {}), resources: mapped.resources, accounts: mapped.accounts, ...(read.terraformVersion ? { terraformVersion: read.terraformVersion } : {}) });
  }
  return { states, problems };
}

async function readOne(source: StateSource, options: StateScanOptions, problems: ScanProblem[]): Promise<ReturnType<typeof parseState> | undefined> {
  let text: string;
  try {
    text = source.kind === 'file' ? readLocalState(source.path, source.shown) : await readS3State(source, { env: options.env, ...(options.profile ? { profile: options.profile } : {}) });
  } catch (error) {
    if (!(error instanceof StateReadError)) throw error;
    problems.push({ severity: 'error', file: source.shown, message: error.message.startsWith(`${source.shown}: `) ? error.message.slice(source.shown.length + 2) : error.message });
    return undefined;
  }
  try {
    return parseState(text);
  } catch (error) {
    if (!(error instanceof StateFormatError)) throw error;
    problems.push({ severity: 'error', file: source.shown, ...(error.line ? { line: error.line, column: error.column } : {}), message: error.message });
    return undefined;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
