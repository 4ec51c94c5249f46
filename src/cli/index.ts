import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { CatalogueError, loadCatalogue, SEVERITIES, type Catalogue, type Severity } from '../engine/catalogue.js';
import { evaluateAll } from '../engine/evaluate.js';
import { buildReport, gateFails } from '../report/document.js';
import { FORMATTERS, FORMAT_NAMES, type FormatName } from '../report/index.js';
import { scanTerraform } from '../sources/terraform/index.js';

/**
 * The command line: the only place that reads argv, prints, and decides the exit code.
 * 0: nothing failing at or above --fail-on; 1: something is; 2: the scan could not be done as asked.
 */

export const EXIT = { ok: 0, findings: 1, incomplete: 2 } as const;

/** A mistake in how Vigil was invoked: one clear line, exit 2. */
export class UsageError extends Error {}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const builtInRules = join(packageRoot, 'rules');

function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

const FAIL_ON = [...SEVERITIES.filter((s) => s !== 'info'), 'none'] as const;

function splitList(values: string[] | string | undefined): string[] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return list.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

function parseFormats(raw: string[] | string | undefined): FormatName[] {
  const formats = splitList(raw);
  if (formats.length === 0) return ['console'];
  for (const format of formats) {
    if (!(FORMAT_NAMES as string[]).includes(format)) {
      throw new UsageError(`unknown --format "${format}": choose from ${FORMAT_NAMES.join(', ')}`);
    }
  }
  return [...new Set(formats)] as FormatName[];
}

function parseFailOn(raw: string | undefined): Severity | 'none' {
  const value = raw ?? 'low';
  if (!(FAIL_ON as readonly string[]).includes(value)) throw new UsageError(`unknown --fail-on "${value}": choose from ${FAIL_ON.join(', ')}`);
  return value as Severity | 'none';
}

/** The built-in catalogue plus the user's own rule folders (`--rules`). */
async function loadRules(extra: string[] | undefined, cwd: string): Promise<Catalogue> {
  const dirs = splitList(extra).map((dir) => resolve(cwd, dir));
  for (const [i, dir] of dirs.entries()) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--rules folder not found: ${splitList(extra)[i]}`);
  }
  return loadCatalogue([builtInRules, ...dirs]);
}

interface ScanArgs {
  paths?: string[];
  format?: string[];
  output?: string;
  'fail-on'?: string;
  framework?: string[];
  'var-file'?: string[];
  var?: string[];
  quiet?: boolean;
  rules?: string[];
}

async function runScan(args: ScanArgs, io: Io): Promise<number> {
  const formats = parseFormats(args.format);
  const failOn = parseFailOn(args['fail-on']);
  const paths = args.paths && args.paths.length > 0 ? args.paths : ['.'];
  for (const path of paths) {
    if (!existsSync(resolve(io.cwd, path))) throw new UsageError(`path not found: ${path}`);
  }
  const varFiles = (args['var-file'] ?? []).map((f) => resolve(io.cwd, f));
  for (const [i, file] of varFiles.entries()) {
    if (!existsSync(file)) throw new UsageError(`--var-file not found: ${args['var-file']![i]}`);
  }
  if (!args.output && formats.length > 1) {
    throw new UsageError(`writing ${formats.length} formats needs --output <folder>`);
  }

  const startedAt = new Date();
  const catalogue = await loadRules(args.rules, io.cwd);
  const frameworks = splitList(args.framework);
  for (const id of frameworks) {
    if (!catalogue.frameworks.some((f) => f.id === id)) {
      throw new UsageError(`unknown --framework "${id}": choose from ${catalogue.frameworks.map((f) => f.id).join(', ')}`);
    }
  }
  const inScope = new Set(
    catalogue.frameworks
      .filter((f) => frameworks.includes(f.id))
      .flatMap((f) => f.requirements.flatMap((r) => r.rules ?? [])),
  );
  const rules = frameworks.length === 0 ? catalogue.rules : catalogue.rules.filter((r) => inScope.has(r.id));

  const source = await scanTerraform({
    paths,
    cwd: io.cwd,
    variables: { varFiles, vars: args.var ?? [], env: io.env },
  });
  const results = evaluateAll(rules, source.resources);
  const document = buildReport(results, catalogue, rules, source.problems, source.resources.length, {
    toolVersion: toolVersion(),
    startedAt,
    finishedAt: new Date(),
    paths,
    frameworks,
    failOn,
  });

  const quiet = args.quiet === true;
  const color = io.isTty && io.env.NO_COLOR === undefined;
  if (!args.output) {
    const format = formats[0]!;
    io.stdout(FORMATTERS[format].render(document, { color: format === 'console' && color, quiet }));
  } else {
    const target = resolve(io.cwd, args.output);
    const intoFolder = formats.length > 1 || args.output.endsWith('/') || (existsSync(target) && statSync(target).isDirectory());
    for (const format of formats) {
      const file = intoFolder ? join(target, FORMATTERS[format].fileName) : target;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, FORMATTERS[format].render(document, { color: false, quiet }));
      io.stderr(`wrote ${format} report to ${file}\n`);
    }
    if (!formats.includes('console') && !quiet) {
      io.stdout(FORMATTERS.console.render(document, { color, quiet: true }));
    }
  }
  if (document.summary.errors > 0) {
    io.stderr(`vigil: the scan is incomplete: ${document.summary.errors} input error(s), see above\n`);
    return EXIT.incomplete;
  }
  return gateFails(document, failOn) ? EXIT.findings : EXIT.ok;
}

async function runRulesList(args: { framework?: string[]; format?: string; rules?: string[] }, io: Io): Promise<number> {
  const catalogue = await loadRules(args.rules, io.cwd);
  const frameworks = splitList(args.framework);
  const mapped = new Map<string, string[]>();
  for (const framework of catalogue.frameworks) {
    for (const requirement of framework.requirements) {
      for (const id of requirement.rules ?? []) {
        const list = mapped.get(id) ?? [];
        if (!list.includes(framework.id)) list.push(framework.id);
        mapped.set(id, list);
      }
    }
  }
  const rules = catalogue.rules.filter((r) => frameworks.length === 0 || frameworks.some((f) => mapped.get(r.id)?.includes(f)));
  if (args.format === 'json') {
    io.stdout(`${JSON.stringify(rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, kind: r.kind, frameworks: mapped.get(r.id) ?? [] })), null, 2)}\n`);
    return EXIT.ok;
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length), 2);
  io.stdout(`${'ID'.padEnd(idWidth)}  SEVERITY  FRAMEWORKS   TITLE\n`);
  for (const rule of rules) {
    io.stdout(`${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(8)}  ${(mapped.get(rule.id) ?? []).join(',').padEnd(11)}  ${rule.title}\n`);
  }
  return EXIT.ok;
}

function buildParser(argv: string[], io: Io, setCode: (code: number) => void): Argv {
  return yargs(argv)
    .scriptName('vigil')
    .usage('$0 <command> [options]')
    .version(toolVersion())
    .strict()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .command(
      'scan [paths..]',
      'scan Terraform folders and files against the HIPAA and GDPR rules',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, describe: 'files or folders to scan (default: the current folder)' })
          .option('format', { alias: 'f', type: 'string', array: true, describe: `output formats, comma-separated: ${FORMAT_NAMES.join(', ')}`, default: ['console'] })
          .option('output', { alias: 'o', type: 'string', describe: 'file (one format) or folder (several) to write to; default: standard output' })
          .option('fail-on', { type: 'string', describe: `lowest severity that fails the scan: ${FAIL_ON.join(', ')}`, default: 'low' })
          .option('framework', { type: 'string', array: true, describe: 'only the rules these frameworks map, comma-separated (hipaa, gdpr)' })
          .option('var-file', { type: 'string', array: true, describe: 'Terraform variables file, applied after the automatic ones; repeatable' })
          .option('var', { type: 'string', array: true, describe: 'Terraform variable as name=value; repeatable, wins over files' })
          .option('quiet', { alias: 'q', type: 'boolean', describe: 'only failures and the summary' })
          .option('rules', { type: 'string', array: true, describe: 'folder of your own rules and frameworks, added to the built-in ones; repeatable' })
          .example('$0 scan infra/ --fail-on high', 'gate on high and critical findings')
          .example('$0 scan . --format json --output vigil.json', 'write the JSON report'),
      async (args) => setCode(await runScan(args as ScanArgs, io)),
    )
    .command('rules', 'inspect the rule catalogue', (y) =>
      y
        .command(
          'list',
          'list the rules: id, severity, frameworks, title',
          (yy) =>
            yy
              .option('framework', { type: 'string', array: true, describe: 'only rules these frameworks map' })
              .option('rules', { type: 'string', array: true, describe: 'folder of your own rules, added to the built-in ones' })
              .option('format', { type: 'string', choices: ['table', 'json'], default: 'table' }),
          async (args) => setCode(await runRulesList(args as { framework?: string[]; format?: string; rules?: string[] }, io)),
        )
        .demandCommand(1, 'choose a rules subcommand: list'),
    )
    .demandCommand(1, 'choose a command: scan, rules')
    .help()
    .alias('help', 'h')
    .alias('version', 'V');
}

/** Runs the CLI and returns the exit code; never exits the process itself. */
export async function main(argv: string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  let output = '';
  try {
    const parser = buildParser(argv, io, (c) => (code = c));
    await parser.parseAsync(argv, {}, (_err, _argv, text) => {
      output = text;
    });
    if (output) io.stdout(`${output}\n`);
    return code;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === 'YError')) {
      io.stderr(`vigil: ${error.message}\nRun "vigil --help" for usage.\n`);
      return EXIT.incomplete;
    }
    if (error instanceof CatalogueError) {
      io.stderr(`vigil: the rule catalogue is invalid:\n${error.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return EXIT.incomplete;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`vigil: internal error, please report it with this output:\n${detail}\n`);
    return EXIT.incomplete;
  }
}
