import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Argv } from 'yargs';
import { FORMAT_NAMES } from '../../report/formats.js';
import { gateFails } from '../../report/document.js';
import { formatProblem } from '../../model/problem.js';
import { escapeControl } from '../../report/terminal.js';
import { EXIT, OutputError, UsageError, type Io } from '../io.js';
import { loadRules, parseFormats } from '../options.js';
import { writeReports } from './scan.js';
import { parseTemplateDir, showInformationalOption, templateOption } from './report.js';
import { junitGroupOption, parseJunitGroup } from './junit-group.js';

/** `vigil merge <reports | folders | s3://bucket/prefix/>`: shard reports back into one report. */

export interface MergeArgs {
  inputs: string[];
  format?: string[];
  output?: string;
  quiet?: boolean;
  rules?: string[];
  profile?: string;
  template?: string;
  'junit-group'?: string;
  'show-informational'?: boolean;
}

export function mergeOptions(y: Argv): Argv {
  return showInformationalOption(junitGroupOption(templateOption(
    y
      .positional('inputs', { type: 'string', array: true, describe: 'shard reports (vigil scan --shard K/N --format json): files, folders of them, or s3://bucket/prefix/', demandOption: true })
      .option('format', { alias: 'f', type: 'string', array: true, describe: `output formats, comma-separated: ${FORMAT_NAMES.join(', ')}`, default: ['json'] })
      .option('output', { alias: 'o', type: 'string', describe: 'file (one format) or folder (several) to write to; default: standard output' })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'do not print the summary' })
      .option('rules', { type: 'string', array: true, describe: 'the folders of your own rules the shards were scanned with (--rules); repeatable' })
      .option('profile', { type: 'string', describe: 'AWS profile that reads s3:// reports (default: the usual credential chain, IRSA included)' }),
  )))
    .example('$0 merge shards/ --format json --output vigil.json', 'the report one process would have written')
    .example('$0 merge shards/ --format sarif,html --output merged/', 'SARIF for code scanning and the HTML checklist')
    .example('$0 merge s3://audit-reports/run-118/ -f html -o audit.html', 'shard reports a job engine wrote to S3');
}

export async function mergeCommand(args: MergeArgs, io: Io): Promise<number> {
  const formats = parseFormats(args.format);
  if (!args.output && formats.length > 1) throw new UsageError(`writing ${formats.length} formats needs --output <folder>`);
  const given = (args.inputs ?? []).map(String).filter((s) => s.trim() !== '');
  if (given.length === 0) throw new UsageError('merge needs shard reports: files, folders or s3://bucket/prefix/');
  const templateDir = await parseTemplateDir(args.template, io.cwd);
  const junitGroup = parseJunitGroup(args['junit-group']);
  const catalogue = await loadRules(args.rules, io);
  const [{ mergeShards, writeMergedJson, mergedDocument, MergeError }, { resolveMergeInputs }] = await Promise.all([import('../../pipeline/merge.js'), import('../../pipeline/merge-inputs.js')]);
  let resolved;
  let merged;
  try {
    resolved = await resolveMergeInputs(given, io.cwd, io.env, args.profile);
    try {
      merged = await mergeShards(resolved.inputs, { catalogue });
    } catch (error) {
      resolved.dispose();
      throw error;
    }
  } catch (error) {
    if (error instanceof MergeError) {
      io.stderr(`vigil: cannot merge: ${escapeControl(error.message)}\n`);
      return EXIT.incomplete;
    }
    throw error;
  }
  let failing: boolean;
  try {
    const { head } = merged;
    const streamed = formats.length === 1 && formats[0] === 'json' && !(args.output && args.output.endsWith('/'));
    if (streamed) {
      failing = (args.output ? await writeJsonFile(resolve(io.cwd, args.output), (write) => writeMergedJson(merged, write)) : await writeMergedJson(merged, (text) => io.stdout(text))).gateFails;
      if (args.output) io.stderr(`wrote json report to ${resolve(io.cwd, args.output)}\n`);
    } else {
      const document = await mergedDocument(merged);
      failing = gateFails(document, head.scan.failOn);
      await writeReports(document, formats, args.output, args.quiet === true, io, { templateDir, junitGroup, showInformational: args['show-informational'] === true });
    }
    if (args.quiet !== true) {
      const s = head.summary;
      io.stderr(`vigil: merged ${head.scan.merged!.count} shard(s) of run ${escapeControl(head.scan.merged!.runId)}: ${s.results} results (${s.byStatus.fail} failed) from ${s.resources} resources\n`);
    }
    for (const problem of head.errors.filter((e) => e.severity === 'error')) io.stderr(`vigil: error: ${escapeControl(formatProblem(problem))}\n`);
    if (head.summary.errors > 0) {
      io.stderr(`vigil: the merged scan is incomplete: ${head.summary.errors} input error(s)\n`);
      return EXIT.incomplete;
    }
  } finally {
    merged.close();
    resolved.dispose();
  }
  return failing ? EXIT.findings : EXIT.ok;
}

/** Streams into a temporary file beside the target and renames it over the target: all or nothing. */
async function writeJsonFile<T>(file: string, fill: (write: (text: string) => void) => Promise<T>): Promise<T> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx');
  } catch (error) {
    throw new OutputError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; no report was written`);
  }
  try {
    const out = await fill((text) => void writeSync(fd, text));
    closeSync(fd);
    renameSync(temp, file);
    return out;
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    if (error instanceof OutputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new OutputError(`cannot write ${file}: ${code}; no report was written`);
    throw error;
  }
}
