import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { gateFails, type ReportDocument } from '../../report/document.js';
import { FORMATTERS, FORMAT_NAMES, type FormatName } from '../../report/index.js';
import { runScan } from '../../pipeline/scan.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { parseTemplateDir, templateOption } from './report.js';
import { FAIL_ON, loadRules, parseFailOn, parseFormats, parseFrameworks, toolVersion } from '../options.js';
import { awsFailure, awsProgressPrinter, awsScanOptions, parseAwsArgs, readSnapshotFile, wantsAws, writeSnapshotFile, type AwsScanArgs } from './scan-aws.js';

export interface ScanArgs extends AwsScanArgs {
  paths?: string[];
  format?: string[];
  output?: string;
  'fail-on'?: string;
  framework?: string[];
  'var-file'?: string[];
  var?: string[];
  quiet?: boolean;
  rules?: string[];
  template?: string;
}

export function scanOptions(y: Argv): Argv {
  return awsScanOptions(templateOption(y))
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
    .example('$0 scan . --format json --output vigil.json', 'write the JSON report');
}

/** Writes each requested format to standard output or to --output; returns nothing, prints nothing else. */
export function writeReports(document: ReportDocument, formats: FormatName[], output: string | undefined, quiet: boolean, io: Io, templateDir?: string): void {
  const color = io.isTty && io.env.NO_COLOR === undefined;
  if (!output) {
    const format = formats[0]!;
    io.stdout(FORMATTERS[format].render(document, { color: format === 'console' && color, quiet, templateDir }));
    return;
  }
  const target = resolve(io.cwd, output);
  const intoFolder = formats.length > 1 || output.endsWith('/') || (existsSync(target) && statSync(target).isDirectory());
  for (const format of formats) {
    const file = intoFolder ? join(target, FORMATTERS[format].fileName) : target;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, FORMATTERS[format].render(document, { color: false, quiet, templateDir }));
    io.stderr(`wrote ${format} report to ${file}\n`);
  }
  if (!formats.includes('console') && !quiet) io.stdout(FORMATTERS.console.render(document, { color, quiet: true }));
}

export async function scanCommand(args: ScanArgs, io: Io): Promise<number> {
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
  if (!args.output && formats.length > 1) throw new UsageError(`writing ${formats.length} formats needs --output <folder>`);
  const templateDir = parseTemplateDir(args.template, io.cwd);

  const catalogue = await loadRules(args.rules, io.cwd);
  const frameworks = parseFrameworks(args.framework, catalogue);
  // With --aws or --from-snapshot and no paths, the scan is of AWS alone.
  const terraform = wantsAws(args) && !(args.paths && args.paths.length > 0) ? undefined : { paths, variables: { varFiles, vars: args.var ?? [], env: io.env } };
  const progress = args.aws ? awsProgressPrinter(io) : undefined;
  const live = parseAwsArgs(args, io, progress?.onProgress);
  let awsResult: Parameters<typeof writeSnapshotFile>[1] | undefined;
  const aws = live
    ? { live, onResult: (result: NonNullable<typeof awsResult>) => (awsResult = result) }
    : args['from-snapshot']
      ? { snapshot: readSnapshotFile(args['from-snapshot'], io) }
      : undefined;
  let document;
  try {
    document = await runScan({ catalogue, frameworks, terraform, aws, cwd: io.cwd, failOn, toolVersion: toolVersion() });
  } catch (error) {
    const code = awsFailure(error, io);
    if (code !== undefined) return code;
    throw error;
  } finally {
    progress?.stop();
  }
  if (args.snapshot && awsResult) writeSnapshotFile(args.snapshot, awsResult, io);
  writeReports(document, formats, args.output, args.quiet === true, io, templateDir);
  if (document.summary.errors > 0) {
    io.stderr(`vigil: the scan is incomplete: ${document.summary.errors} input error(s), see above\n`);
    return EXIT.incomplete;
  }
  return gateFails(document, failOn) ? EXIT.findings : EXIT.ok;
}
