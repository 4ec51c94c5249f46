import { observedExists, observedList, observedStat } from './read-ledger.js';
import { join, resolve } from 'node:path';
import type { ConfigFile } from './ast.js';
import { parseHcl } from './parser.js';
import { parseTerraformJson } from './json.js';
import type { LoadedModule, ModuleHost } from './module.js';
import { evaluate } from './evaluate.js';
import type { FunctionContext } from './functions/index.js';
import type { ScanProblem } from '../../model/problem.js';
import type { InlineIgnore } from '../../model/resource.js';
import { findIgnores } from './ignores.js';
import { unknown, type Unknown, type Value, type ValueObject } from '../../model/value.js';
import { MAX_FUNCTION_FILE_BYTES, readSourceText, UnreadableFile, type ScanTree } from './files.js';

export { readSourceText } from './files.js';

/**
 * Reads and parses module folders once each, however many calls point at them, and finds the
 * folder a module call's `source` names: a local path, or a module `terraform init` downloaded
 * and recorded in the root's `.terraform/modules/modules.json`. It never downloads anything.
 */

/**
 * Source text whose files (text and syntax trees) a scan keeps for reading again. A tree takes
 * about 12 bytes of heap per byte of source, so this holds at most some 50 MB: all of a real
 * module repository (terraform-aws-security-group has 1.9 MB of .tf), a small part of a 50 MB estate.
 */
const MAX_KEPT_SOURCE_BYTES = 4 * 1024 * 1024;

export const isConfigFile = (path: string): boolean => path.endsWith('.tf') || path.endsWith('.tf.json');

/** `./x`, `../x` (and Windows spellings) are local; anything else is a registry, git or URL source. */
export const isLocalSource = (source: string): boolean => /^\.\.?([/\\]|$)/.test(source);

export interface LoaderContext {
  /** How a path is shown to users: relative to the working directory. */
  display(absolute: string): string;
  problems: ScanProblem[];
  /** What the scan may read: modules, files and `file()` outside it are not read. */
  tree: ScanTree;
}

/**
 * A module folder as read: its syntax trees and everything reading it reported, so that a loader
 * finding it already read reports the same as if it had read it (see ModuleCache).
 */
interface ReadModule {
  module: LoadedModule;
  /** The files read, as shown, with their sizes. */
  files: Array<[shown: string, bytes: number]>;
  problems: ScanProblem[];
  ignores: Array<[shown: string, InlineIgnore[]]>;
}

/**
 * Module folders already read, shared by the loaders of several root modules (each root has its
 * own loader). A folder is keyed by the exact files read from it, so what a loader reports never
 * depends on which roots were evaluated before it in the same process: the same scan gives the
 * same report whether its roots are evaluated in one thread or spread over several.
 */
export class ModuleCache {
  readonly entries = new Map<string, ReadModule>();
  /** One list of ignore objects per file, whichever entry read it: suppressions track them by identity. */
  readonly ignoresOf = new Map<string, InlineIgnore[]>();
  /** Files already read, for root detection and every loader that reads them again. */
  readonly files = new KeptFiles(MAX_KEPT_SOURCE_BYTES);
  /**
   * Each listed folder's configuration files, and whether a module source is a folder: asked at
   * every call of a module, answered once per scan (which takes the file system as it first found it).
   */
  readonly configFiles = new Map<string, string[]>();
  readonly folders = new Map<string, boolean>();
}

interface ParsedFile {
  text: string;
  parsed: ReturnType<typeof parseHcl>;
}

/**
 * Files read (and parsed, once something needed their tree), by path, so that a file is read and
 * parsed once however often it is reached: root detection reads every file, and a folder is loaded
 * again for each distinct file list and after its root was released (each of
 * terraform-aws-security-group's 60 modules calls the repository's root: 1.9 MB of source were
 * parsed as 3.2 MB). Bounded by the kept text's size, least recently used out first, so a large
 * estate is still never held whole: past the bound a file is simply read and parsed again.
 */
/** A file as kept: its text, and its tree once something needed it. */
type KeptFile = Pick<ParsedFile, 'text'> & Partial<Pick<ParsedFile, 'parsed'>>;

export class KeptFiles {
  private readonly byPath = new Map<string, KeptFile>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(path: string): KeptFile | undefined {
    const kept = this.byPath.get(path);
    if (kept) {
      // Most recently used last: Map keeps insertion order.
      this.byPath.delete(path);
      this.byPath.set(path, kept);
    }
    return kept;
  }

  keep(path: string, text: string, parsed?: ParsedFile['parsed']): void {
    const old = this.byPath.get(path);
    if (old) {
      this.byPath.delete(path);
      this.bytes -= old.text.length;
    }
    if (text.length > this.maxBytes) return;
    this.byPath.set(path, { text, parsed });
    this.bytes += text.length;
    for (const [oldest, kept] of this.byPath) {
      if (this.bytes <= this.maxBytes) break;
      this.byPath.delete(oldest);
      this.bytes -= kept.text.length;
    }
  }
}

/** A file's tree, from `kept` when it holds one. */
function parseConfig(file: string, shown: string, files: KeptFiles): ParsedFile {
  const kept = files.get(file);
  if (kept?.parsed) return { text: kept.text, parsed: kept.parsed };
  const text = kept?.text ?? readSourceText(file);
  const parsed = file.endsWith('.json') ? parseTerraformJson(text, shown) : parseHcl(text, shown);
  files.keep(file, text, parsed);
  return { text, parsed };
}

export class ModuleLoader implements ModuleHost {
  private readonly cache: ModuleCache;
  /** Folders this loader has reported, by cache key. */
  private readonly reported = new Map<string, LoadedModule>();
  private readonly manifests = new Map<string, Map<string, string> | undefined>();
  private readonly functions = new Map<string, FunctionContext>();
  /** Every configuration file read, for the scan summary. */
  readonly files: string[] = [];
  /** The size of each file read, as shown. */
  readonly fileBytes = new Map<string, number>();
  /** Every ignore comment in the files read, by file. */
  readonly ignoresByFile = new Map<string, InlineIgnore[]>();
  bytes = 0;

  constructor(private readonly context: LoaderContext, cache?: ModuleCache) {
    this.cache = cache ?? new ModuleCache();
  }

  /** Reads and parses one configuration file, as `shown` in locations and problems. */
  private parse(file: string, shown: string): ParsedFile {
    return parseConfig(file, shown, this.cache.files);
  }

  /** Parses the configuration files of a folder (all of them when `files` is not given). */
  load(dir: string, files?: string[]): LoadedModule {
    const names = files ?? this.configFilesOf(dir);
    const key = `${dir}\0${names.join('\0')}\0${files ? 'given' : 'listed'}`;
    const mine = this.reported.get(key);
    if (mine) return mine;
    let read = this.cache.entries.get(key);
    if (!read) {
      read = this.read(dir, names, !files);
      this.cache.entries.set(key, read);
    }
    // What reading the folder reported is reported by every loader that needs it.
    for (const [shown, bytes] of read.files) {
      this.files.push(shown);
      this.fileBytes.set(shown, bytes);
      this.bytes += bytes;
    }
    for (const problem of read.problems) this.context.problems.push(problem);
    for (const [shown, found] of read.ignores) this.ignoresByFile.set(shown, found);
    this.reported.set(key, read.module);
    return read.module;
  }

  private configFilesOf(dir: string): string[] {
    let names = this.cache.configFiles.get(dir);
    if (!names) {
      names = observedList(dir).map((entry) => entry.name).filter(isConfigFile).sort().map((name) => join(dir, name));
      this.cache.configFiles.set(dir, names);
    }
    return names;
  }

  private isFolder(path: string): boolean {
    let folder = this.cache.folders.get(path);
    if (folder === undefined) {
      folder = isDirectory(path);
      this.cache.folders.set(path, folder);
    }
    return folder;
  }

  private read(dir: string, names: string[], listed: boolean): ReadModule {
    const configs: ConfigFile[] = [];
    const read: ReadModule = { module: { dir, relativeDir: this.context.display(dir), files: configs }, files: [], problems: [], ignores: [] };
    for (const file of names.filter(isConfigFile)) {
      const shown = this.context.display(file);
      // Files discovery found are already judged; a module folder's listing is judged here.
      if (listed && !this.context.tree.confine(file)) {
        read.problems.push({ severity: 'warning', file: shown, message: 'not read: a symbolic link to a file outside the scanned tree' });
        continue;
      }
      let source: ParsedFile;
      try {
        source = this.parse(file, shown);
      } catch (error) {
        read.files.push([shown, 0]);
        read.problems.push({ severity: 'error', file: shown, message: `cannot read: ${(error as Error).message}` });
        continue;
      }
      read.files.push([shown, source.text.length]);
      const { file: parsed, diagnostics } = source.parsed;
      for (const d of diagnostics) {
        read.problems.push({ severity: 'error', file: shown, line: d.range.start.line, column: d.range.start.column, message: d.message });
      }
      configs.push(parsed);
      let found = this.cache.ignoresOf.get(shown);
      if (!found) {
        found = findIgnores(parsed);
        if (found.length > 0) this.cache.ignoresOf.set(shown, found);
      }
      if (found.length > 0) read.ignores.push([shown, found]);
    }
    return read;
  }

  /** Every ignore comment in the files read, in the order they were read. */
  get ignores(): InlineIgnore[] {
    return [...this.ignoresByFile.values()].flat();
  }

  /** Forgets a folder's syntax trees once it is evaluated, so a large estate is never held whole. */
  release(dir: string): void {
    for (const key of this.cache.entries.keys()) if (key.startsWith(`${dir}\0`)) this.cache.entries.delete(key);
  }

  /**
   * The local module sources a folder's files call, for deciding which folders are roots. Only
   * files that mention a module are parsed, and nothing is reported: the folder is judged when it
   * is evaluated, from the trees parsed here while they fit the bound.
   */
  localModuleTargets(dir: string, files: string[]): string[] {
    const targets: string[] = [];
    for (const file of files.filter(isConfigFile)) {
      const kept = this.cache.files.get(file);
      let text: string;
      try {
        text = kept?.text ?? readSourceText(file);
      } catch {
        continue; // reported when its folder loads
      }
      if (!/(^|\n)\s*module\s|"module"\s*:/.test(text)) {
        if (!kept) this.cache.files.keep(file, text);
        continue;
      }
      const parsed = parseConfig(file, this.context.display(file), this.cache.files).parsed.file;
      for (const block of parsed.body.blocks) {
        if (block.type !== 'module') continue;
        const source = block.body.attributes.find((a) => a.name === 'source')?.expr;
        if (source?.kind === 'literal' && typeof source.value === 'string' && isLocalSource(source.value)) {
          const target = resolve(dir, source.value);
          if (target !== dir) targets.push(target);
        }
      }
    }
    return targets;
  }

  resolve(call: { callerDir: string; rootDir: string; source: string; keyPath: string[] }): LoadedModule | { missing: string } {
    const name = call.keyPath[call.keyPath.length - 1]!;
    const outside = (dir: string): { missing: string } => ({
      missing: `module "${name}": the folder ${this.context.display(dir)} (source "${call.source}") is outside the scanned tree, which Vigil does not read`,
    });
    if (isLocalSource(call.source)) {
      const dir = resolve(call.callerDir, call.source);
      if (!this.isFolder(dir)) return { missing: `module "${name}": the folder ${this.context.display(dir)} (source "${call.source}") does not exist` };
      if (!this.context.tree.confine(dir)) return outside(dir);
      return this.load(dir);
    }
    const downloaded = this.manifest(call.rootDir)?.get(call.keyPath.join('.'));
    if (downloaded === undefined || !this.isFolder(downloaded)) return { missing: `module "${name}" not downloaded: run terraform init` };
    if (!this.context.tree.confine(downloaded)) return outside(downloaded);
    return this.load(downloaded);
  }

  /** The functions of every module of the root in `rootDir`: relative paths resolve against the root's folder. */
  functionsFor(rootDir: string): FunctionContext {
    let context = this.functions.get(rootDir);
    if (!context) {
      context = functionContext(rootDir, this.context.tree);
      this.functions.set(rootDir, context);
    }
    return context;
  }

  /** `.terraform/modules/modules.json`: module key (`a.b`) → absolute folder. */
  private manifest(rootDir: string): Map<string, string> | undefined {
    if (this.manifests.has(rootDir)) return this.manifests.get(rootDir);
    let entries: Map<string, string> | undefined;
    const path = join(rootDir, '.terraform', 'modules', 'modules.json');
    if (observedExists(path)) {
      try {
        const parsed = JSON.parse(readSourceText(path)) as { Modules?: Array<{ Key?: unknown; Dir?: unknown }> };
        entries = new Map();
        for (const entry of parsed.Modules ?? []) {
          if (typeof entry.Key === 'string' && typeof entry.Dir === 'string') entries.set(entry.Key, resolve(rootDir, entry.Dir));
        }
      } catch (error) {
        this.context.problems.push({ severity: 'error', file: this.context.display(path), message: `cannot read the module manifest: ${(error as Error).message}` });
      }
    }
    this.manifests.set(rootDir, entries);
    return entries;
  }
}

function isDirectory(path: string): boolean {
  try {
    return observedStat(path) === 'dir';
  } catch {
    return false;
  }
}

/** Why a file named in the configuration is not read: the path as written, never anything of its content. */
function outsideTree(path: string): Unknown {
  return unknown(`the file ${JSON.stringify(path)} is outside the scanned tree, which Vigil does not read`);
}

function functionContext(baseDir: string, tree: ScanTree): FunctionContext {
  const context: FunctionContext = {
    baseDir,
    readFile: (path) => {
      const absolute = resolve(baseDir, path);
      const real = tree.confine(absolute);
      if (!real) return outsideTree(path);
      try {
        return readSourceText(real, MAX_FUNCTION_FILE_BYTES);
      } catch (error) {
        if (error instanceof UnreadableFile && error.kind === 'refused') return unknown(`the file ${JSON.stringify(path)} is not read: ${error.message}`);
        throw error;
      }
    },
    fileExists: (path) => {
      const absolute = resolve(baseDir, path);
      const real = tree.confine(absolute);
      if (!real) return outsideTree(path);
      return observedExists(real);
    },
    renderTemplate: (template, vars, fileName) => {
      const { file, diagnostics } = parseHcl(`v = <<VIGIL_TEMPLATE_END\n${template}\nVIGIL_TEMPLATE_END\n`, fileName);
      if (diagnostics.length > 0) throw new Error(`${fileName}: ${diagnostics[0]!.message}`);
      const value: Value = evaluate(file.body.attributes[0]!.expr, {
        resolveRoot: (name) => (vars as ValueObject)[name],
        functions: context,
      });
      return typeof value === 'string' ? value.replace(/\n$/, '') : value;
    },
  };
  return context;
}
