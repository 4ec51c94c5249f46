import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { ReportDocument } from '../../report/document.js';
import { DIFF_FORMATS, type DiffFormat } from '../../report/diff.js';
import { diffReports } from '../../workflow/diff.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { writeOutput } from './output.js';
import { reportInconsistencies } from '../../report/consistency.js';
import { refuseInconsistent } from './report.js';

/** `vigil diff old.json new.json`: what changed between two saved reports. */

export interface DiffArgs {
  old: string;
  new: string;
  format?: string;
  output?: string;
  'fail-on-new'?: boolean;
}

export function diffOptions(y: Argv): Argv {
  return y
    .positional('old', { type: 'string', describe: 'the earlier JSON report' })
    .positional('new', { type: 'string', describe: 'the later JSON report' })
    .option('format', { alias: 'f', type: 'string', describe: `output format: ${Object.keys(DIFF_FORMATS).join(', ')}`, default: 'console' })
    .option('output', { alias: 'o', type: 'string', describe: 'file to write; default: standard output' })
    .option('fail-on-new', { type: 'boolean', describe: 'exit 1 when the later report has new failures' });
}

function readReport(path: string, cwd: string): ReportDocument {
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new UsageError(`report not found: ${path}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const doc = raw as Partial<ReportDocument>;
  if (typeof doc.schemaVersion !== 'string' || !Array.isArray(doc.results) || typeof doc.scan !== 'object') {
    throw new UsageError(`${path} is not a Vigil JSON report (write one with "vigil scan --format json")`);
  }
  if (doc.schemaVersion.split('.')[0] !== '1') throw new UsageError(`${path} has schemaVersion ${doc.schemaVersion}; this Vigil reads 1.x`);
  return raw as ReportDocument;
}

export function diffCommand(args: DiffArgs, io: Io): number {
  const format = args.format ?? 'console';
  if (!(format in DIFF_FORMATS)) throw new UsageError(`unknown --format "${format}": choose from ${Object.keys(DIFF_FORMATS).join(', ')}`);
  const before = readReport(args.old, io.cwd);
  const after = readReport(args.new, io.cwd);
  for (const [file, document] of [[args.old, before], [args.new, after]] as const) {
    const disagreements = reportInconsistencies(document);
    if (disagreements.length > 0) return refuseInconsistent(file, disagreements, io);
  }
  const diff = diffReports(before, after, { old: args.old, new: args.new });
  const color = io.isTty && io.env.NO_COLOR === undefined && !args.output;
  writeOutput(DIFF_FORMATS[format as DiffFormat](diff, { color }), args.output, io);
  return args['fail-on-new'] && diff.newFailures.length > 0 ? EXIT.findings : EXIT.ok;
}
