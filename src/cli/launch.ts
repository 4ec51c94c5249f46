import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants as vmConstants, Script } from 'node:vm';
import { defaultCacheDir } from '../pipeline/cache-dir.js';

/**
 * What `bin/vigil` runs first (bundled alone as bundle/launch.cjs): it loads the bundled CLI
 * (bundle/vigil.cjs) as Node loads a CommonJS module, but with V8's code cache, so that a start
 * deserializes the code compiled by earlier runs instead of parsing and compiling 1 MB of
 * JavaScript again. Node 22 does this itself (`module.enableCompileCache`); Node 20 has only the
 * V8 interface underneath (`vm.Script` with `cachedData`), which is what this uses.
 *
 * The cache lives in `<cache folder>/compile` (`$XDG_CACHE_HOME/vigil`, else `~/.cache/vigil`),
 * one file per command (a scan and `rules list` compile different code), named after the bundle's
 * build, its size and time, Node's version and the machine, so another build or Node never reads
 * it. It is written once, after a run that had none (or whose file V8 refused), and checked with a
 * SHA-1 of its bytes before V8 sees it: a damaged file is ignored and rewritten. It holds only
 * Vigil's own compiled code, never anything from a scan, so `--no-cache` (the result cache) does
 * not concern it; `NODE_DISABLE_COMPILE_CACHE=1`, Node's own switch, turns it off. Without a cache
 * folder, or where it cannot be written, the CLI runs the same, only compiled afresh.
 */

declare const __VIGIL_BUNDLE_BUILD__: string | undefined;

/** The commands whose runs compile distinct code; anything else (`--version`, `--help`) shares one file. */
const COMMANDS = new Set(['scan', 'drift', 'report', 'rules', 'frameworks', 'init', 'baseline', 'diff', 'verify']);
const CHECKSUM_BYTES = 20;

interface CacheFile {
  dir: string;
  file: string;
  /** Other files of this command, from other builds: removed when this one is written. */
  prefix: string;
}

function cacheFileFor(bundleFile: string, size: number, argv: string[], env: NodeJS.ProcessEnv): CacheFile | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const root = defaultCacheDir(env);
  if (!root) return undefined;
  const stat = statSync(bundleFile);
  const build = typeof __VIGIL_BUNDLE_BUILD__ === 'string' ? __VIGIL_BUNDLE_BUILD__ : '';
  const key = createHash('sha256')
    .update([build, size, stat.mtimeMs, process.version, process.versions.v8, process.arch, process.platform].join('\0'))
    .digest('hex')
    .slice(0, 24);
  const command = COMMANDS.has(argv[0] ?? '') ? argv[0]! : 'other';
  const dir = join(root, 'compile');
  return { dir, file: join(dir, `${command}-${key}.v8`), prefix: `${command}-` };
}

/** The cached code if the file is whole (its checksum matches); undefined otherwise. */
function readCache(cache: CacheFile | undefined): Buffer | undefined {
  if (!cache) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(cache.file);
  } catch {
    return undefined;
  }
  if (bytes.length <= CHECKSUM_BYTES) return undefined;
  const data = bytes.subarray(CHECKSUM_BYTES);
  return createHash('sha1').update(data).digest().equals(bytes.subarray(0, CHECKSUM_BYTES)) ? data : undefined;
}

/** Writes through a temporary file and a rename; a cache that cannot be written is only a slower next start. */
function writeCache(cache: CacheFile, data: Buffer): void {
  try {
    mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
    const temp = `${cache.file}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.concat([createHash('sha1').update(data).digest(), data]), { mode: 0o600 });
    renameSync(temp, cache.file);
    const name = cache.file.slice(cache.dir.length + 1);
    for (const other of readdirSync(cache.dir)) {
      if (other !== name && other.startsWith(cache.prefix) && other.endsWith('.v8')) rmSync(join(cache.dir, other), { force: true });
    }
  } catch {
    // read-only home, full disk: nothing to do
  }
}

/** Runs the CommonJS bundle at `bundleFile` as the process's CLI. */
export function launch(bundleFile: string): void {
  // The bundle is ASCII (esbuild escapes everything else), so Latin-1 reads it exactly, without UTF-8 decoding.
  const source = readFileSync(bundleFile, 'latin1');
  const cache = cacheFileFor(bundleFile, source.length, process.argv.slice(2), process.env);
  const cachedData = readCache(cache);
  // Node's own CommonJS wrapper, so the bundle sees exactly what a required module sees.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundleFile,
    ...(cachedData ? { cachedData } : {}),
    // The bundle turns every import() into require(); any left would load as in a module.
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cache && (!cachedData || script.cachedDataRejected)) {
    // After the run, so the functions it compiled on the way are in the cache too.
    process.once('exit', () => writeCache(cache, script.createCachedData()));
  }
  const module = { exports: {}, filename: bundleFile, id: bundleFile };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile));
}
