import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build, version as esbuildVersion, type Plugin } from 'esbuild';
import { precompileCatalogue, writePrecompiled } from '../engine/catalogue.js';
import { standaloneValidatorSource } from '../config/validator.js';
import { builtInRules, packageRoot } from '../install-paths.js';

/**
 * `npm run bundle`: writes the bundled CLI that `bin/vigil` runs, into `bundle/`, which is kept in
 * the repository so that installing from git (`npm install -g git+…`, pre-commit, the GitHub
 * Action) runs it as is, with no build and no development dependencies.
 *
 * - `bundle/vigil.cjs`: every module of `src/` the CLI reaches, with the small libraries it uses,
 *   in one CommonJS file; what is imported lazily (each output format, the AWS source, the state
 *   reader) runs only when used. The AWS SDK stays outside: the AWS source requires it from
 *   node_modules, and only for live scans.
 * - `bundle/root-worker.cjs`: a worker thread of a Terraform scan with several threads (`--jobs`),
 *   built like vigil.cjs (src/pipeline/roots.ts starts it from beside the file that holds it).
 * - `bundle/launch.cjs`: what bin/vigil runs; it loads vigil.cjs with V8's code cache (src/cli/launch.ts).
 * - `bundle/lib/*.cjs`: yaml, ajv, handlebars and re2js, each bundled alone and required on first use.
 * - `bundle/catalogue.json` and `catalogue-examples.json`: the built-in rules parsed and checked,
 *   as `npm run build` writes to dist/ (used while its key matches `rules/` and the checking code).
 * - `bundle/config-validator.cjs`: the `.vigil.yaml` validator as standalone code.
 *
 * Only the AWS SDK (live scans) and cli-progress (their progress bars on a terminal) are loaded
 * from node_modules: a Terraform scan runs from these files alone, as the GitHub Action does.
 *
 * Everything in `bundle/` is generated: never edit it by hand. `npm run bundle -- --check` builds
 * into a temporary folder and fails when anything differs from `bundle/` (the test suite and CI
 * run it), so a bundle older than its sources, rules or dependencies cannot go unnoticed.
 */

const OUT = join(packageRoot, 'bundle');
const check = process.argv.includes('--check');

/** Sources hashed in a stable order: the bundle's identity, independent of where it is built. */
function hashFiles(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(relative(packageRoot, file).split('\\').join('/')).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out.sort();
}

/** A library file rewritten in the bundle: each edit must match once, or the bundle is not made. */
interface LibraryPatch {
  file: RegExp;
  /** Only files holding this text (two versions of a library may share a path's ending). */
  holding?: string;
  why: string;
  edits: Array<[from: string, to: string]>;
  append?: string;
}

const LIBRARY_PATCHES: LibraryPatch[] = [
  {
    // yargs measures every line of its usage text with string-width on every run, help or not. For
    // printable ASCII that is the length; the full measure (an Intl.Segmenter made when the module
    // loads, then grapheme by grapheme) cost a fifth of an empty scan's start-up. Other strings
    // still take the library's own path.
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    why: 'plain ASCII measured by its length, the segmenter made on first need',
    edits: [
      ['const segmenter = new Intl.Segmenter();', 'let segmenter;'],
      ['segmenter.segment(', '(segmenter ??= new Intl.Segmenter()).segment('],
      ['export default function stringWidth(', 'function fullStringWidth('],
    ],
    append: 'export default function stringWidth(string, options) {\n  return typeof string === "string" && /^[\\x20-\\x7e]*$/.test(string) ? string.length : fullStringWidth(string, options);\n}\n',
  },
  {
    // string-width 8 (yargs's own) builds its emoji expression when it loads: V8 expands
    // \p{RGI_Emoji} into every emoji sequence, a tenth of a scan's start-up. Built on first need.
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    holding: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
    why: 'the emoji expression built on first need',
    edits: [
      ['const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;', 'let rgiEmojiRegex;'],
      ['rgiEmojiRegex.test(segment)', '(rgiEmojiRegex ??= new RegExp("^\\\\p{RGI_Emoji}$", "v")).test(segment)'],
    ],
  },
  {
    // yargs looks for "the application's" package.json above the folder holding node_modules, or
    // else above the working folder: bundled, that is the scanned folder, walked up to / and
    // failing with a costly AssertionError when no package.json is found. Vigil's own root is meant.
    file: /[\\/]node_modules[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/,
    why: "yargs's package lookup starts at Vigil's own root",
    edits: [["const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));", "const mainFilename = fileURLToPath(new URL('../package.json', import.meta.url));"]],
  },
  {
    // yargs asserts its own invariants with Node's `assert` on every run, which loads the module
    // (3 ms of an empty scan's start-up, Node's assertion error and its colours with it). The
    // same comparison (Object.is, as assert's strict forms use) runs first, and `assert` is
    // called, to throw its own error, only when an invariant does not hold.
    file: /[\\/]node_modules[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/,
    why: '`assert` loaded only when a yargs invariant fails',
    edits: [
      [
        '  assert: {\n    notStrictEqual,\n    strictEqual\n  },',
        '  assert: {\n    notStrictEqual: (actual, expected, message) => { if (Object.is(actual, expected)) notStrictEqual(actual, expected, message) },\n    strictEqual: (actual, expected, message) => { if (!Object.is(actual, expected)) strictEqual(actual, expected, message) }\n  },',
      ],
    ],
  },
  {
    // After starting a command's handler, yargs renders that command's whole help text and keeps it
    // for a showHelp() or a failure while the handler runs. Vigil calls neither (its fail() throws
    // and src/cli prints the usage hint), so every run paid for a text nobody read.
    file: /[\\/]node_modules[\\/]yargs[\\/]build[\\/]lib[\\/]command\.js$/,
    why: 'no help text rendered after every command',
    edits: [['yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();', '/* help text rendered only when asked for */']],
  },
];

const patchLibraries: Plugin = {
  name: 'patch-libraries',
  setup(pluginBuild) {
    const files = LIBRARY_PATCHES.map((patch) => patch.file.source).join('|');
    pluginBuild.onLoad({ filter: new RegExp(files) }, (args) => {
      const original = readFileSync(args.path, 'utf8');
      let text = original;
      let appended = '';
      for (const patch of LIBRARY_PATCHES) {
        if (!patch.file.test(args.path) || (patch.holding !== undefined && !original.includes(patch.holding))) continue;
        for (const [from, to] of patch.edits) {
          if (text.split(from).length !== 2) throw new Error(`bundle: ${args.path} changed (no single "${from}"); update the patch: ${patch.why}`);
          text = text.replace(from, to);
        }
        if (patch.append) appended += `\n${patch.append}`;
      }
      return { contents: text + appended, loader: 'js' };
    });
  },
};

/**
 * Node's built-in modules that a run may not need are required on first use of one of their
 * exports rather than when the bundle loads: `child_process` alone (it loads `net` and `dgram`) costs
 * a tenth of an empty scan's start-up, and a scan outside git never spawns anything. Each becomes a
 * module of getters over the real one; bundled code reads an export at the call. The modules every
 * run has loaded anyway (Node's own start or the catalogue's hashing) stay plain requires: a module
 * of getters is copied into each importing module, which costs more than loading them.
 */
const EAGER_BUILTINS = new Set(['fs', 'path', 'url', 'util', 'events', 'buffer', 'module', 'crypto', 'timers', 'querystring', 'async_hooks', 'process']);

const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  setup(pluginBuild) {
    const names = builtinModules.filter((name) => !name.startsWith('_')).map((name) => name.replace(/[/\\]/g, '\\$&')).join('|');
    pluginBuild.onResolve({ filter: new RegExp(`^(node:)?(${names})$`) }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.namespace === 'lazy-builtin' || EAGER_BUILTINS.has(name)) return { path: args.path, external: true };
      return { path: name, namespace: 'lazy-builtin' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(`node:${args.path}`) as object).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      const getters = names.map((name) => `get ${name}() { return load().${name}; }`).join(',\n');
      return {
        contents: `let real;\nconst load = () => (real ??= require(${JSON.stringify(`node:${args.path}`)}));\nmodule.exports = {\n${getters}\n};\n`,
        loader: 'js',
      };
    });
  },
};

/**
 * Libraries that only some runs need, each bundled into a file of its own in bundle/lib/ and
 * required from there on first use: a Terraform scan with precompiled rules needs none of them,
 * and the launcher then neither reads nor compiles their 600 KB.
 */
const LAZY_LIBRARIES: Record<string, string> = {
  yaml: 'yaml',
  ajv: 'ajv',
  'ajv/dist/2020.js': 'ajv-2020',
  handlebars: 'handlebars',
  re2js: 're2js',
};

const lazyLibraries: Plugin = {
  name: 'lazy-libraries',
  setup(pluginBuild) {
    const names = Object.keys(LAZY_LIBRARIES).map((name) => name.replace(/[/.\\]/g, '\\$&')).join('|');
    pluginBuild.onResolve({ filter: new RegExp(`^(${names})$`) }, (args) => ({ path: `./lib/${LAZY_LIBRARIES[args.path]}.cjs`, external: true }));
  },
};

/** What every part of the bundle is built with. */
const COMMON = {
  absWorkingDir: packageRoot,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  // import() becomes require(): the launcher runs the bundle as a script, where import() has no module to resolve from.
  supported: { 'dynamic-import': false },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  // The launcher reads vigil.cjs as Latin-1, which is exact only for ASCII (checked below).
  charset: 'ascii',
  logLevel: 'warning',
} as const;

async function writeBundle(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const src = join(packageRoot, 'src');
  // What the precompiled catalogue's key names as "the checking code": the same three modules dist/ hashes.
  const checker = hashFiles(['engine/catalogue.ts', 'engine/rule-schema.ts', 'model/kinds.ts'].map((f) => join(src, f)));
  // The build's identity for the result cache: every source file, the locked dependencies and the bundler.
  const lock = join(packageRoot, 'package-lock.json');
  const buildId = createHash('sha256').update(hashFiles([...listFiles(src).filter((f) => f.endsWith('.ts')), lock])).update(esbuildVersion).digest('hex');
  const define = { __VIGIL_BUNDLE_CHECKER__: JSON.stringify(checker), __VIGIL_BUNDLE_BUILD__: JSON.stringify(buildId) };
  // One CommonJS file rather than ES module chunks: Node 20 caches compiled code only for scripts
  // (src/cli/launch.ts), and resolving and linking thirty chunks cost more than their code.
  // Modules loaded by import() stay lazy inside it: they run on first use.
  for (const [entry, name] of [[join(src, 'cli', 'bin.ts'), 'vigil'], [join(src, 'pipeline', 'root-worker.ts'), 'root-worker']] as const) {
    await build({
      ...COMMON,
      entryPoints: [entry],
      outfile: join(outDir, `${name}.cjs`),
      // The SDK is large and needed only by live scans; it is installed with the package's dependencies.
      external: ['@aws-sdk/*', '@smithy/*'],
      // Every module of the bundle lies in bundle/: import.meta.url is the bundle's own.
      banner: { js: 'var __vigilImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
      define: { ...define, 'import.meta.url': '__vigilImportMetaUrl' },
      plugins: [patchLibraries, lazyLibraries, lazyBuiltins],
    });
  }
  if (/[^\x00-\x7f]/.test(readFileSync(join(outDir, 'vigil.cjs'), 'latin1'))) throw new Error('bundle: vigil.cjs holds a character outside ASCII; the launcher reads it as Latin-1');
  mkdirSync(join(outDir, 'lib'));
  for (const [spec, name] of Object.entries(LAZY_LIBRARIES)) {
    await build({
      ...COMMON,
      stdin: { contents: `module.exports = require(${JSON.stringify(spec)});`, resolveDir: packageRoot, sourcefile: `${name}.cjs`, loader: 'js' },
      outfile: join(outDir, 'lib', `${name}.cjs`),
    });
  }
  await build({ ...COMMON, entryPoints: [join(src, 'cli', 'launch.ts')], outfile: join(outDir, 'launch.cjs'), define });
  const precompiled = await precompileCatalogue([builtInRules], checker);
  writePrecompiled(join(outDir, 'catalogue.json'), precompiled);
  // The validator's few ajv helpers are bundled into it, so it too needs nothing from node_modules.
  const validator = await build({
    ...COMMON,
    stdin: { contents: standaloneValidatorSource(), resolveDir: packageRoot, sourcefile: 'config-validator.cjs', loader: 'js' },
    minifyWhitespace: false,
    minifySyntax: false,
    legalComments: 'inline',
    write: false,
  });
  writeFileSync(join(outDir, 'config-validator.cjs'), validator.outputFiles[0]!.contents);
}

if (check) {
  const temp = mkdtempSync(join(tmpdir(), 'vigil-bundle-check-'));
  try {
    const fresh = join(temp, 'bundle');
    await writeBundle(fresh);
    const names = (dir: string): string[] => {
      try {
        return listFiles(dir).map((f) => relative(dir, f));
      } catch {
        return [];
      }
    };
    const expected = names(fresh);
    const actual = names(OUT);
    const differing = [
      ...expected.filter((f) => !actual.includes(f)).map((f) => `missing: bundle/${f}`),
      ...actual.filter((f) => !expected.includes(f)).map((f) => `not generated any more: bundle/${f}`),
      ...expected.filter((f) => actual.includes(f) && !readFileSync(join(fresh, f)).equals(readFileSync(join(OUT, f)))).map((f) => `differs: bundle/${f}`),
    ];
    if (differing.length > 0) {
      process.stderr.write(`bundle: bundle/ is not what the sources, rules and dependencies make; run "npm run bundle" and commit bundle/:\n${differing.map((d) => `  ${d}`).join('\n')}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`bundle: bundle/ is up to date (${expected.length} files)\n`);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
} else {
  await writeBundle(OUT);
  process.stdout.write(`bundle: wrote ${listFiles(OUT).length} files to ${relative(process.cwd(), OUT) || OUT}\n`);
}
