import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleInfo, codeDir } from '../install-paths.js';
import { observationsStillHold, recordReads, stampSettledReads, type Observation } from '../sources/terraform/index.js';
import type { ReportDocument } from '../report/document.js';
import { runScan, type ScanRequest } from './scan.js';

/**
 * The result cache: a Terraform scan's report document, kept in the user's cache folder
 * (`$XDG_CACHE_HOME/vigil`, `--cache-dir`) and reused while nothing it depended on changed.
 *
 * An entry is found by a key over everything the scan was asked (the build of Vigil that made it,
 * the rule set's hash, frameworks, overrides, suppressions, today's date for their expiry, the
 * working folder, paths and variables) and holds, beside the document, every observation the scan
 * made of the file system: each file's bytes as a SHA-256, each folder listing, existence and kind
 * check and resolved link (src/sources/terraform/read-ledger.ts). It is used only when every one
 * still holds, so a changed, added or removed file, module or variables file makes a fresh scan.
 * A file left alone since before the scan began is also stamped (device, inode, size, modification
 * and change times): while its stamp is unchanged it is not read and hashed again, as Git trusts
 * its index; the kernel sets the change time at every write and nothing sets it back.
 * The entry carries a checksum of its own text: a damaged, truncated or foreign file is ignored
 * and rewritten, never trusted. Live AWS scans and scans with --state are never cached.
 */

/** Bumped whenever the entry's layout changes: older entries are then ignored. */
const CACHE_FORMAT = 2;
/** Entries kept; the oldest beyond this are removed after each write. */
const MAX_ENTRIES = 200;
/**
 * Larger reports are not cached: their JSON text nears V8's largest string, and writing it would
 * double the scan's peak memory for an estate that is rarely scanned twice unchanged.
 */
const MAX_CACHED_RESULTS = 100_000;

export interface CacheOptions {
  /** The cache folder, e.g. `$XDG_CACHE_HOME/vigil`. */
  dir: string;
}

export type CacheOutcome = 'hit' | 'miss' | 'off';

interface Entry {
  observations: Observation[];
  /** By path, the stamps of files unchanged since before the scan (see stampSettledReads). */
  stamps: Record<string, string>;
  document: ReportDocument;
}

export { defaultCacheDir } from './cache-dir.js';

let build: string | undefined;

/** Which build of Vigil runs: the bundle records it; otherwise a hash of the compiled code (dist/, or src/ under the tests). */
function buildId(): string {
  if (bundleInfo) return bundleInfo.build;
  if (build === undefined) {
    const hash = createHash('sha256');
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(js|ts|json|cjs)$/.test(entry.name)) hash.update(path).update('\0').update(readFileSync(path)).update('\0');
      }
    };
    walk(codeDir);
    build = hash.digest('hex');
  }
  return build;
}

/** The entry's key: everything the scan was asked, and by which build with which rules. */
export function cacheKey(request: ScanRequest): string | undefined {
  // States are read outside the observed Terraform files (and from S3): such scans are not cached.
  if (!request.terraform || request.aws || (request.state && request.state.states.length > 0)) return undefined;
  const { terraform } = request;
  const tfVars = Object.entries(terraform.variables.env ?? {})
    .filter(([name]) => name.startsWith('TF_VAR_'))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const asked = {
    format: CACHE_FORMAT,
    build: buildId(),
    toolVersion: request.toolVersion,
    ruleSet: request.catalogue.hash,
    frameworks: request.frameworks,
    failOn: request.failOn,
    overrides: request.overrides ?? {},
    suppressions: request.suppressions ?? {},
    today: request.today ?? new Date().toISOString().slice(0, 10),
    cwd: request.cwd,
    paths: terraform.paths,
    varFiles: terraform.variables.varFiles,
    vars: terraform.variables.vars,
    tfVars,
    skipPaths: terraform.skipPaths ?? [],
    sourceRoot: terraform.sourceRoot ?? null,
    trees: terraform.trees ?? null,
    shard: request.shard ?? null,
    // What the report says it was made from (title, command line, git commit and dirty state, config
    // hash): a hit must never carry the provenance of another invocation.
    provenance: request.provenance ?? null,
  };
  return createHash('sha256').update(JSON.stringify(asked)).digest('hex');
}

const entryFile = (options: CacheOptions, key: string): string => join(options.dir, 'scans', `${key}.json`);

/** The entry's document when the file is intact and every observation still holds; undefined otherwise. */
function readEntry(file: string, key: string): ReportDocument | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const newline = text.indexOf('\n');
    if (newline < 0) return undefined;
    const header = JSON.parse(text.slice(0, newline)) as { format?: unknown; key?: unknown; sha256?: unknown };
    const body = text.slice(newline + 1);
    if (header.format !== CACHE_FORMAT || header.key !== key || header.sha256 !== createHash('sha256').update(body).digest('hex')) return undefined;
    const entry = JSON.parse(body) as Entry;
    if (!Array.isArray(entry.observations) || typeof entry.stamps !== 'object' || entry.stamps === null || typeof entry.document !== 'object' || entry.document === null) return undefined;
    return observationsStillHold(entry.observations, entry.stamps) ? entry.document : undefined;
  } catch {
    return undefined; // damaged: scanned afresh and rewritten
  }
}

/** Writes the entry through a temporary file and a rename, so a reader never sees half of it. */
function writeEntry(options: CacheOptions, file: string, key: string, entry: Entry): void {
  try {
    mkdirSync(join(options.dir, 'scans'), { recursive: true, mode: 0o700 });
    const body = JSON.stringify(entry);
    const header = JSON.stringify({ format: CACHE_FORMAT, key, sha256: createHash('sha256').update(body).digest('hex') });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${header}\n${body}`, { mode: 0o600 });
    renameSync(temp, file);
    prune(join(options.dir, 'scans'));
  } catch {
    // A cache that cannot be written (read-only home, full disk) only costs the next scan its speed.
  }
}

function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of entries.slice(MAX_ENTRIES)) rmSync(old.path, { force: true });
}

/**
 * Runs the scan, or reuses the cached document of the same scan when nothing it read changed.
 * With no cache, or a scan that reads live AWS accounts, it is `runScan` itself.
 */
export async function runScanCached(request: ScanRequest, options: CacheOptions | undefined): Promise<{ document: ReportDocument; cache: CacheOutcome }> {
  const key = options ? cacheKey(request) : undefined;
  if (!options || key === undefined) return { document: await runScan(request), cache: 'off' };
  const startedAt = new Date();
  const file = entryFile(options, key);
  const cached = readEntry(file, key);
  if (cached) {
    cached.scan.startedAt = startedAt.toISOString();
    cached.scan.finishedAt = new Date().toISOString();
    return { document: cached, cache: 'hit' };
  }
  const { value: document, observations } = await recordReads(() => runScan(request));
  if (document.results.length <= MAX_CACHED_RESULTS) writeEntry(options, file, key, { observations, stamps: stampSettledReads(observations, startedAt.getTime()), document });
  return { document, cache: 'miss' };
}
