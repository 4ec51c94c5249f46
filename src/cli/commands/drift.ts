import type { Argv } from 'yargs';
import { runScan } from '../../pipeline/scan.js';
import { driftLines, hasDrift } from '../../report/drift.js';
import { terminalLine } from '../../report/terminal.js';
import { formatProblem } from '../../model/problem.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { scanOptions, scanSettings, type ScanArgs } from './scan.js';
import { awsFailure, awsRequest, wantsAws } from './scan-aws.js';

/**
 * `vigil drift <dir> --aws --state …`: the same scan, printing only what differs between code,
 * state and account (drifted, not applied, unmanaged, gone), for a nightly job: exit 1 when
 * anything drifted, is unmanaged or is gone; 2 when the scan could not be done as asked.
 */

export function driftOptions(y: Argv): Argv {
  return scanOptions(y).example('$0 drift infra/ --aws --state auto', 'nightly: exit 1 when the account drifted from the state');
}

export async function driftCommand(args: ScanArgs, io: Io): Promise<number> {
  if (!args.state || args.state.length === 0) throw new UsageError('vigil drift needs --state (a state file, s3://bucket/key or auto)');
  if (!wantsAws(args)) throw new UsageError('vigil drift needs the account: --aws (or --from-snapshot)');
  const format = (args.format ?? ['console']).flatMap((f) => f.split(','));
  if (format.some((f) => f !== 'console' && f !== 'json') || format.length !== 1) throw new UsageError('vigil drift writes console or json (use vigil scan --state for the other formats)');
  const settings = await scanSettings(args, io, 'drift');
  if (!(args.paths && args.paths.length > 0)) settings.request.terraform = undefined;
  // A snapshot is checked against its own answers here as in scan: drift must not call unread scopes gone.
  const { aws, stop } = await awsRequest(args, io, settings.config.aws);
  settings.request.aws = aws;
  let document;
  try {
    document = await runScan({ ...settings.request, cwd: io.cwd });
  } catch (error) {
    const code = awsFailure(error, io);
    if (code !== undefined) return code;
    throw error;
  } finally {
    stop();
  }
  const drift = document.drift!;
  if (format[0] === 'json') io.stdout(`${JSON.stringify({ schemaVersion: document.schemaVersion, tool: document.tool, drift, errors: document.errors }, null, 2)}\n`);
  else {
    const lines = driftLines(drift);
    const problems = document.errors.filter((e) => e.suppression === undefined);
    if (problems.length > 0) lines.push('Problems with the input:', ...problems.map((p) => `  ${p.severity} ${formatProblem(p)}`));
    io.stdout(`${lines.map((line) => terminalLine(line, false)).join('\n')}\n`);
  }
  if (document.summary.errors > 0) {
    io.stderr(`vigil: the drift check is incomplete: ${document.summary.errors} input error(s)\n`);
    return EXIT.incomplete;
  }
  return hasDrift(drift) ? EXIT.findings : EXIT.ok;
}
