import { EXIT, OutputError, UsageError, type Io } from './io.js';
import { toolVersion } from './package.js';
import { escapeControl, escapeControlKeepLines } from '../report/terminal.js';

/**
 * The command line: the only place that reads argv, prints, and decides the exit code. Each
 * command lives in commands/ and parser.ts wires them; this file runs the parser and maps errors
 * to exit codes. It loads the parser, and through it every command, only when there is a command
 * to run, so `vigil --version` answers at once.
 */

export { EXIT, UsageError, type Io } from './io.js';

/** Runs the CLI and returns the exit code; never exits the process itself. */
export async function main(argv: string[], given: Io): Promise<number> {
  const io: Io = { ...given, argv };
  let code: number = EXIT.ok;
  let output = '';
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout(`${toolVersion()}\n`);
    return EXIT.ok;
  }
  try {
    const { buildParser } = await import('./parser.js');
    const parser = buildParser(argv, io, (c) => (code = c));
    await parser.parseAsync(argv, {}, (_err, _argv, text) => {
      output = text;
    });
    if (output) io.stdout(`${output}\n`);
    return code;
  } catch (error) {
    if (error instanceof OutputError) {
      io.stderr(`vigil: ${escapeControl(error.message)}\n`);
      return EXIT.incomplete;
    }
    if (error instanceof UsageError || (error instanceof Error && error.name === 'YError')) {
      io.stderr(`vigil: ${escapeControlKeepLines(error.message)}\nRun "vigil --help" for usage.\n`);
      return EXIT.incomplete;
    }
    const [{ ConfigError }, { CatalogueError }] = await Promise.all([import('../config/load.js'), import('../engine/catalogue.js')]);
    if (error instanceof ConfigError) {
      io.stderr(`vigil: the configuration ${error.file} is invalid:\n${error.problems.map((p) => `  ${escapeControl(p)}`).join('\n')}\n`);
      return EXIT.incomplete;
    }
    if (error instanceof CatalogueError) {
      io.stderr(`vigil: the rule catalogue is invalid:\n${error.problems.map((p) => `  ${escapeControl(p)}`).join('\n')}\n`);
      return EXIT.incomplete;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`vigil: internal error, please report it with this output:\n${detail}\n`);
    return EXIT.incomplete;
  }
}

/**
 * The process's own streams as an Io, for bin/vigil. A write to standard output that fails (a full
 * disk, `> /dev/full`) is reported once, in one line, and makes the exit code 2: the scan's result
 * did not reach its reader, which is neither "no findings" nor "findings".
 */
export function processIo(): { io: Io; exitCode: (code: number) => number } {
  let stdoutFailed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!stdoutFailed) process.stderr.write(`vigil: cannot write to standard output: ${error.code === 'ENOSPC' ? 'no space left on the device' : (error.code ?? error.message)}\n`);
    stdoutFailed = true;
    process.exitCode = EXIT.incomplete;
  });
  const io: Io = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    isTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
  return { io, exitCode: (code) => (stdoutFailed ? EXIT.incomplete : code) };
}
