import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { gateFails, type ReportDocument } from '../../report/document.js';
import { FORMAT_NAMES, loadFormatter, type FormatName, type FormatOptions } from '../../report/formats.js';
import { MAX_STRING_LENGTH, tooLong } from '../../report/json.js';
import type { ScanRequest } from '../../pipeline/scan.js';
import { defaultCacheDir, runScanCached, type CacheOptions } from '../../pipeline/cache.js';
import { CONFIG_FILE_NAME, ConfigError, loadConfig, type VigilConfig } from '../../config/load.js';
import { compareWith, parseBaseline } from '../../workflow/compare.js';
import { compareWithMergeBase, startMergeBase } from './changed-since.js';
import type { Severity } from '../../engine/catalogue.js';
import { manifestPath, parseSealArgs, sealOptions, writeSeal, type SealArgs } from './seal.js';
import { gatherProvenance, parseTitle, ruleOverrides, titleOption } from './provenance.js';
import { EXIT, OutputError, UsageError, type Io } from '../io.js';
import { writeFilesAtomically, type PendingFile } from './output.js';
import { parseTemplateDir, showInformationalOption, templateOption } from './report.js';
import { attestationsOption, attestReport } from './attest.js';
import { junitGroupOption, parseJunitGroup } from './junit-group.js';
import { FAIL_ON, integerOption, loadRules, parseFailOn, parseFormats, parseFrameworks, toolVersion } from '../options.js';
import { parseShardArgs, shardOptions, type ShardArgs } from './shard.js';
import { awsFailure, awsRequest, awsScanOptions, wantsAws, writeSnapshotFile, type AwsScanArgs } from './scan-aws.js';

export interface ScanArgs extends AwsScanArgs, SealArgs, Omit<ShardArgs, 'state' | 'from-snapshot' | 'config-aggregator'> {
  paths?: string[];
  config?: string;
  baseline?: string;
  'changed-since'?: string;
  format?: string[];
  output?: string;
  'fail-on'?: string;
  framework?: string[];
  'var-file'?: string[];
  var?: string[];
  quiet?: boolean;
  rules?: string[];
  'source-root'?: string;
  template?: string;
  attestations?: string;
  'junit-group'?: string;
  'show-informational'?: boolean;
  title?: string;
  cache?: boolean;
  'cache-dir'?: string;
  jobs?: string;
}

/** The range of --jobs and the configuration's `jobs`. */
const JOBS_RANGE = { min: 1, max: 256 };

export function scanOptions(y: Argv): Argv {
  return shardOptions(sealOptions(titleOption(awsScanOptions(showInformationalOption(junitGroupOption(attestationsOption(templateOption(y))))))))
    .positional('paths', { type: 'string', array: true, describe: 'files or folders to scan (default: the current folder)' })
    .option('format', { alias: 'f', type: 'string', array: true, describe: `output formats, comma-separated: ${FORMAT_NAMES.join(', ')}`, default: ['console'] })
    .option('output', { alias: 'o', type: 'string', describe: 'file (one format) or folder (several) to write to; default: standard output' })
    .option('fail-on', { type: 'string', describe: `lowest severity that fails the scan: ${FAIL_ON.join(', ')} (default: low, or the config file's)` })
    .option('framework', { type: 'string', array: true, describe: 'only the rules these frameworks map, comma-separated (hipaa, gdpr)' })
    .option('var-file', { type: 'string', array: true, describe: 'Terraform variables file, applied after the automatic ones; repeatable' })
    .option('var', { type: 'string', array: true, describe: 'Terraform variable as name=value; repeatable, wins over files' })
    .option('source-root', { type: 'string', describe: 'for a plan JSON file: the folder the plan was made in, to point results at file:line' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'only failures and the summary' })
    .option('rules', { type: 'string', array: true, describe: 'folder of your own rules and frameworks, added to the built-in ones; repeatable' })
    .option('config', { alias: 'c', type: 'string', describe: `configuration file (default: the nearest ${CONFIG_FILE_NAME} above the first path)` })
    .option('baseline', { type: 'string', describe: 'a baseline file: only results not in it fail the scan' })
    .option('changed-since', { type: 'string', describe: 'git reference: only results new since the merge base with it fail the scan' })
    .option('state', { type: 'string', array: true, describe: 'a Terraform state to judge and join to the code and the account: a file, s3://bucket/key[?versionId=], or "auto" (each root\'s backend); repeatable' })
    .option('cache', { type: 'boolean', default: true, describe: 'reuse the results of an identical earlier scan of unchanged files (--no-cache: always scan afresh)' })
    .option('cache-dir', { type: 'string', describe: 'folder of the result cache (default: $XDG_CACHE_HOME/vigil, else ~/.cache/vigil)' })
    .option('jobs', { alias: 'j', type: 'string', describe: `threads that evaluate Terraform roots (the scan's own included), ${JOBS_RANGE.min}-${JOBS_RANGE.max} (default: the config file's jobs, else 1), or auto: one per available core once there are over 2 MB of Terraform; the report is the same whatever the number` })
    .example('$0 scan infra/ --fail-on high', 'gate on high and critical findings')
    .example('$0 scan . --format json --output vigil.json', 'write the JSON report')
    .example('$0 scan . --changed-since origin/main', 'only what this branch introduced')
    .example('$0 scan infra/ --aws --state auto', 'code, state and account side by side: drift, unmanaged and gone')
    .example('$0 scan infra/ --shard 2/7 --run-id build-118 --format json -o shard-2.json', 'one shard of seven; `vigil merge` joins them');
}

/** Writes each requested format to standard output or to --output; returns nothing, prints nothing else. */
/** The report files written, for a seal; none when the report went to standard output. */
export interface WrittenReports {
  files: Array<PendingFile & { format: FormatName }>;
  intoFolder: boolean;
  target: string;
}

export async function writeReports(document: ReportDocument, formats: FormatName[], output: string | undefined, quiet: boolean, io: Io, extra: Pick<FormatOptions, 'templateDir' | 'junitGroup' | 'showInformational'> = {}): Promise<WrittenReports> {
  const color = io.isTty && io.env.NO_COLOR === undefined;
  if (formats.includes('sarif')) await noteSarifOmissions(document, io);
  if (!output) {
    const format = formats[0]!;
    if (format === 'pdf') throw new UsageError('--format pdf needs --output <file or folder>: a PDF is not written to standard output');
    const formatter = await loadFormatter(format);
    io.stdout(renderOrFail(format, document.results.length, () => formatter.render(document, { color: format === 'console' && color, quiet, ...extra })));
    return { files: [], intoFolder: false, target: '' };
  }
  const target = resolve(io.cwd, output);
  const intoFolder = formats.length > 1 || output.endsWith('/') || (existsSync(target) && statSync(target).isDirectory());
  // Every format is rendered before any is written: all of them or none.
  const pending: Array<PendingFile & { format: FormatName }> = [];
  for (const format of formats) {
    const formatter = await loadFormatter(format);
    const file = intoFolder ? join(target, formatter.fileName) : target;
    const text = renderOrFail(format, document.results.length, () => formatter.render(document, { color: false, quiet, ...extra }));
    pending.push({ file, format, text: format === 'pdf' ? (await import('./pdf.js')).htmlToPdf(text, io.env) : text });
  }
  writeFilesAtomically(pending);
  for (const { format, file } of pending) io.stderr(`wrote ${format} report to ${file}\n`);
  if (!formats.includes('console') && !quiet) io.stdout((await loadFormatter('console')).render(document, { color, quiet: true, showInformational: extra.showInformational }));
  return { files: pending, intoFolder, target };
}

/** SARIF leaves out live results that point at no file: say so, so nobody takes the file for all of them. */
async function noteSarifOmissions(document: ReportDocument, io: Io): Promise<void> {
  const { sarifOmitted, omittedNote } = await import('../../report/sarif.js');
  const omitted = sarifOmitted(document);
  if (omitted === 0) return;
  const all = document.results.every((r) => r.status === 'pass' || !r.location);
  io.stderr(`vigil: note: ${omittedNote(omitted)}${all ? '; this scan has only such results, so the SARIF file lists none' : ''}\n`);
}

/**
 * A report too large for a string (V8's limit is about 512 MB) is a clear error, not a crash. The
 * JSON-based writers say so themselves; V8's own words for the others ("Invalid string length")
 * say nothing of the report, so they are put as those writers put it.
 */
export function renderOrFail(format: FormatName, results: number, render: () => string): string {
  try {
    return render();
  } catch (error) {
    if (error instanceof RangeError) {
      const reason = error.message === 'Invalid string length' ? tooLong(format, results, MAX_STRING_LENGTH) : error.message;
      throw new OutputError(`cannot render the ${format} report: ${reason}; no report was written`);
    }
    throw error;
  }
}

/** Settings of one scan, from the flags first and the configuration file second. */
export interface ScanSettings {
  formats: FormatName[];
  failOn: Severity | 'none';
  paths: string[];
  config: VigilConfig;
  request: Omit<ScanRequest, 'cwd'>;
}

export async function scanSettings(args: ScanArgs, io: Io, command = 'scan'): Promise<ScanSettings> {
  if (command !== 'scan' && (args.shard ?? args['shard-count'] ?? args['run-id']) !== undefined) throw new UsageError(`--shard is for vigil scan, not vigil ${command}`);
  const formats = parseFormats(args.format);
  const paths = args.paths && args.paths.length > 0 ? args.paths : ['.'];
  for (const path of paths) {
    if (!existsSync(resolve(io.cwd, path))) throw new UsageError(`path not found: ${path}`);
    refuseSpecialFile(resolve(io.cwd, path), path);
  }
  const varFiles = (args['var-file'] ?? []).map((f) => resolve(io.cwd, f));
  for (const [i, file] of varFiles.entries()) {
    if (!existsSync(file)) throw new UsageError(`--var-file not found: ${args['var-file']![i]}`);
    refuseSpecialFile(file, `--var-file ${args['var-file']![i]}`);
  }
  if (args.config && !existsSync(resolve(io.cwd, args.config))) throw new UsageError(`--config not found: ${args.config}`);
  const config = loadConfig(args.config ? resolve(io.cwd, args.config) : undefined, resolve(io.cwd, paths[0]!));
  const failOn = parseFailOn(args['fail-on'] ?? config.failOn);
  // One thread unless asked: on two cores a second thread has not paid for itself (README, --jobs).
  const jobs = args.jobs === 'auto' ? 'auto' : integerOption('jobs', args.jobs, JOBS_RANGE, config.jobs ?? 1, ['auto']);
  const catalogue = await loadRules(args.rules, io);
  const unknownFrameworks = (config.frameworks ?? []).filter((id) => !catalogue.frameworks.some((f) => f.id === id));
  if (unknownFrameworks.length > 0) {
    const known = catalogue.frameworks.map((f) => f.id).join(', ');
    throw new ConfigError(config.file ?? CONFIG_FILE_NAME, unknownFrameworks.map((id) => `frameworks: no framework "${id}" (choose from ${known})`));
  }
  const frameworks = parseFrameworks(args.framework ?? config.frameworks, catalogue);
  const state = stateRequest(args, io);
  const known = new Set(catalogue.rules.flatMap((r) => [r.id, ...(r.aliases ?? [])]));
  const unknownRules = Object.keys(config.rules).filter((id) => !known.has(id));
  if (unknownRules.length > 0) {
    throw new ConfigError(config.file ?? CONFIG_FILE_NAME, unknownRules.map((id) => `rules.${id}: no such rule (see "vigil rules list")`));
  }
  const { overrides, written } = ruleOverrides(config, catalogue);
  const provenance = gatherProvenance({
    io,
    title: parseTitle(args.title),
    config,
    catalogue,
    overrides,
    written,
    ruleFolders: (args.rules ?? []).flatMap((r) => String(r).split(',')).map((r) => r.trim()).filter(Boolean),
    // Without paths, a scan of AWS alone reads no Terraform.
    ...(args.paths && args.paths.length > 0 ? { paths } : wantsAws(args) ? {} : { paths }),
    varFiles,
    vars: args.var ?? [],
  });
  return {
    formats,
    failOn,
    paths,
    config,
    request: {
      catalogue,
      frameworks,
      terraform: {
        paths,
        variables: { varFiles, vars: args.var ?? [], env: io.env },
        skipPaths: config.skipPaths,
        ...(args['source-root'] ? { sourceRoot: sourceRootOf(args['source-root'], io.cwd) } : {}),
      },
      failOn,
      jobs,
      toolVersion: toolVersion(),
      overrides,
      provenance,
      suppressions: {
        config: config.suppressions,
        ...(config.suppressionPolicy ? { policy: config.suppressionPolicy } : {}),
        ...(config.file ? { configFile: relative(io.cwd, config.file) || config.file } : {}),
      },
      ...(state ? { state } : {}),
    },
  };
}

export async function scanCommand(args: ScanArgs, io: Io): Promise<number> {
  const settings = await scanSettings(args, io);
  if (!args.output && settings.formats.length > 1) throw new UsageError(`writing ${settings.formats.length} formats needs --output <folder>`);
  if (args.baseline && args['changed-since'] !== undefined) throw new UsageError('--baseline and --changed-since cannot be combined');
  const templateDir = await parseTemplateDir(args.template, io.cwd);
  const junitGroup = parseJunitGroup(args['junit-group']);
  const seal = parseSealArgs(args, args.output, io);
  const shard = parseShardArgs(args, io, settings.request.provenance);
  if (shard) settings.request.shard = shard;
  // With --aws or --from-snapshot and no paths, the scan is of AWS alone.
  if (wantsAws(args) && !(args.paths && args.paths.length > 0)) settings.request.terraform = undefined;
  let awsResult: Parameters<typeof writeSnapshotFile>[1] | undefined;
  const { aws, snapshot, stop: stopProgress } = await awsRequest(args, io, settings.config.aws, (result) => (awsResult = result));
  settings.request.aws = aws;
  if (snapshot) {
    settings.request.provenance = {
      ...settings.request.provenance,
      snapshot: { file: relative(io.cwd, resolve(io.cwd, args['from-snapshot']!)) || args['from-snapshot']!, sha256: snapshot.fileSha256, collectedAt: snapshot.createdAt, ...(snapshot.toolVersion ? { toolVersion: snapshot.toolVersion } : {}) },
    };
  }
  // With --changed-since, git writes out the merge base while this tree is being scanned.
  const base = args['changed-since'] !== undefined ? startMergeBase(args['changed-since'], io.cwd) : undefined;
  let document: ReportDocument;
  try {
    try {
      document = (await runScanCached({ ...settings.request, cwd: io.cwd }, cacheOptions(args, io))).document;
    } catch (error) {
      const code = awsFailure(error, io);
      if (code !== undefined) return code;
      throw error;
    } finally {
      stopProgress();
    }
    if (args.snapshot && awsResult) writeSnapshotFile(args.snapshot, awsResult, io);
    document = await attestReport(document, args.attestations, settings.config, io, settings.request.catalogue.frameworks.map((f) => f.id));
    if (args.baseline) {
      const file = resolve(io.cwd, args.baseline);
      if (!existsSync(file)) throw new UsageError(`--baseline not found: ${args.baseline}`);
      let entries;
      try {
        entries = parseBaseline(readFileSync(file, 'utf8'), args.baseline);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      document = compareWith(document, entries, 'baseline', args.baseline);
    } else if (base) {
      document = await compareWithMergeBase(document, args['changed-since']!, await base, settings, io);
    }
  } finally {
    if (base) await base.then((checkout) => checkout.remove(), () => undefined);
  }
  const written = await writeReports(document, settings.formats, args.output, args.quiet === true, io, { templateDir, junitGroup, showInformational: args['show-informational'] === true });
  if (seal) {
    const evidence = args.snapshot && awsResult ? args.snapshot : args['from-snapshot'];
    const others = evidence ? [{ file: resolve(io.cwd, evidence), role: 'snapshot' as const }] : [];
    writeSeal(seal, manifestPath(written.files, written.intoFolder, written.target), written.files, others, document, io);
  }
  if (document.summary.errors > 0) {
    io.stderr(`vigil: the scan is incomplete: ${document.summary.errors} input error(s), see above\n`);
    return EXIT.incomplete;
  }
  return gateFails(document, settings.failOn) ? EXIT.findings : EXIT.ok;
}

/** `--state`: the states as given (comma-separated lists too), with the environment and profile an S3 read uses. */
export function stateRequest(args: ScanArgs, io: Io): ScanRequest['state'] {
  const given = (args.state ?? []).flatMap((s) => (s.startsWith('s3://') ? [s] : s.split(','))).map((s) => s.trim()).filter((s) => s !== '');
  if (args.state !== undefined && given.length === 0) throw new UsageError('--state needs a state file, s3://bucket/key or auto');
  if (given.length === 0) return undefined;
  // Files by absolute path: --changed-since scans the merge base from another folder, with the same state.
  const states = given.map((s) => (s === 'auto' || s.startsWith('s3://') ? s : resolve(io.cwd, s)));
  return { states, env: io.env, ...(args.profile ? { profile: args.profile } : {}) };
}

/** The result cache the flags ask for: none with --no-cache. */
function cacheOptions(args: ScanArgs, io: Io): CacheOptions | undefined {
  if (args.cache === false) return undefined;
  const dir = args['cache-dir'] !== undefined ? resolve(io.cwd, args['cache-dir']) : defaultCacheDir(io.env);
  return dir ? { dir } : undefined;
}

/** A FIFO would block the scan for ever and a device never ends: only files and folders are scanned. */
function refuseSpecialFile(absolute: string, shown: string): void {
  const stat = statSync(absolute);
  if (stat.isFile() || stat.isDirectory()) return;
  const kind = stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'a special file';
  throw new UsageError(`${shown} is ${kind}; only regular files and folders are scanned`);
}

/** `--source-root`: the folder a plan JSON was made in. */
function sourceRootOf(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new UsageError(`--source-root not found: ${path}`);
  return absolute;
}
