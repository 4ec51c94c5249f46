import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { FORMAT_NAMES } from '../../report/formats.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { parseFormats } from '../options.js';
import { formatProblem } from '../../model/problem.js';
import { escapeControl } from '../../report/terminal.js';
import { writeReports } from './scan.js';
import { attestationsOption, attestReport } from './attest.js';
import { junitGroupOption, parseJunitGroup } from './junit-group.js';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, loadConfig } from '../../config/load.js';
import { manifestPath, parseSealArgs, sealOptions, writeSeal, type SealArgs } from './seal.js';

/** `vigil report <results.json>`: renders a saved JSON report in any format, without scanning. */

export interface ReportArgs extends SealArgs {
  input: string;
  format?: string[];
  output?: string;
  template?: string;
  quiet?: boolean;
  attestations?: string;
  config?: string;
  'junit-group'?: string;
  'show-informational'?: boolean;
}

/** `--template <dir>`, shared with `vigil scan`. */
export function templateOption(y: Argv): Argv {
  return y.option('template', { type: 'string', describe: 'folder of Handlebars templates that replace or add to the HTML report\'s (report.hbs, partials/*.hbs, assets/report.css)' });
}

/** `--show-informational`, shared with `vigil scan`. */
export function showInformationalOption(y: Argv): Argv {
  return y.option('show-informational', {
    type: 'boolean',
    describe: 'console: also list the results of module folders evaluated alone on their defaults (counted apart, never gating)',
  });
}

/** Checks a `--template` folder up front, so a mistake in it stops the command before any work. */
export async function parseTemplateDir(raw: string | undefined, cwd: string): Promise<string | undefined> {
  if (raw === undefined) return undefined;
  const dir = resolve(cwd, raw);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--template folder not found: ${raw}`);
  const { loadTemplates, TemplateError } = await import('../../report/html/templates.js'); // Handlebars: only when asked for
  try {
    loadTemplates(dir);
  } catch (error) {
    if (error instanceof TemplateError) throw new UsageError(`--template: ${error.message}`);
    throw error;
  }
  return dir;
}

export function reportOptions(y: Argv): Argv {
  return sealOptions(showInformationalOption(junitGroupOption(attestationsOption(templateOption(
    y
      .positional('input', { type: 'string', describe: 'a JSON report written by `vigil scan --format json`', demandOption: true })
      .option('format', { alias: 'f', type: 'string', array: true, describe: `output formats, comma-separated: ${FORMAT_NAMES.join(', ')}`, default: ['html'] })
      .option('output', { alias: 'o', type: 'string', describe: 'file (one format) or folder (several) to write to; default: standard output' })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'do not print the console summary' })
      .option('config', { alias: 'c', type: 'string', describe: `configuration file whose attestations settings apply (only when given; ${CONFIG_FILE_NAME} is not searched for)` }),
  )))))
    .example('$0 report vigil.json --format html,sarif,junit,markdown --output reports/', 'render every format from a saved scan')
    .example('$0 report vigil.json --format html --template my-templates/ --output audit.html', 'the HTML checklist with your own templates')
    .example('$0 report vigil.json --attestations attestations.yaml --format html -o audit.html', 'the checklist with the manual requirements attested');
}

export async function reportCommand(args: ReportArgs, io: Io): Promise<number> {
  const formats = parseFormats(args.format);
  if (!args.output && formats.length > 1) throw new UsageError(`writing ${formats.length} formats needs --output <folder>`);
  const templateDir = await parseTemplateDir(args.template, io.cwd);
  const junitGroup = parseJunitGroup(args['junit-group']);
  const seal = parseSealArgs(args, args.output, io);
  const file = resolve(io.cwd, args.input);
  if (!existsSync(file)) throw new UsageError(`report not found: ${args.input}`);
  if (statSync(file).isDirectory()) throw new UsageError(`${args.input} is a folder; give the JSON report file`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${args.input}: ${(error as Error).message}`);
  }
  const { parseReport, ReportInputError } = await import('../../report/schema.js'); // the schema compiler: only here
  let document;
  try {
    document = parseReport(text);
  } catch (error) {
    if (error instanceof ReportInputError) throw new UsageError(`${args.input}: ${error.message}`);
    throw error;
  }
  const disagreements = (await import('../../report/consistency.js')).reportInconsistencies(document);
  if (disagreements.length > 0) return refuseInconsistent(args.input, disagreements, io);
  if (args.config && !existsSync(resolve(io.cwd, args.config))) throw new UsageError(`--config not found: ${args.config}`);
  const config = args.config ? loadConfig(resolve(io.cwd, args.config), io.cwd) : DEFAULT_CONFIG;
  const before = new Set(document.errors);
  document = await attestReport(document, args.attestations, config, io);
  const written = await writeReports(document, formats, args.output, args.quiet === true, io, { templateDir, junitGroup, showInformational: args['show-informational'] === true });
  // The report read back is sealed too, unless it was just overwritten by one of the outputs.
  if (seal) writeSeal(seal, manifestPath(written.files, written.intoFolder, written.target), written.files, written.files.some((f) => f.file === file) ? [] : [{ file, role: 'input' }], document, io);
  // An attestation that names no requirement of the report leaves it incomplete, like bad input to a scan.
  const added = document.errors.filter((e) => !before.has(e));
  for (const problem of added) io.stderr(`vigil: ${problem.severity}: ${escapeControl(formatProblem(problem))}\n`);
  return added.some((e) => e.severity === 'error') ? EXIT.incomplete : EXIT.ok;
}

/** A report whose results disagree with its own summary or roll-up was edited: named, not rendered. */
export function refuseInconsistent(file: string, disagreements: string[], io: Io): number {
  io.stderr(`vigil: ${escapeControl(file)} disagrees with itself, so it was edited or damaged after it was written; refusing to use it:\n${disagreements.map((d) => `  ${escapeControl(d)}`).join('\n')}\n`);
  return EXIT.incomplete;
}
