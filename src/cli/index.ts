import yargs, { type Argv } from 'yargs';
import { CatalogueError } from '../engine/catalogue.js';
import { rulesListCommand, rulesListOptions, rulesShowCommand, rulesShowOptions, type RulesListArgs, type RulesShowArgs } from './commands/rules.js';
import { frameworksListCommand, frameworksListOptions, frameworksShowCommand, frameworksShowOptions, type FrameworksListArgs, type FrameworksShowArgs } from './commands/frameworks.js';
import { scanCommand, scanOptions, type ScanArgs } from './commands/scan.js';
import { reportCommand, reportOptions, type ReportArgs } from './commands/report.js';
import { initCommand, initOptions } from './commands/init.js';
import { baselineCreateCommand, baselineCreateOptions } from './commands/baseline.js';
import { diffCommand, diffOptions, type DiffArgs } from './commands/diff.js';
import { ConfigError } from '../config/load.js';
import { EXIT, UsageError, type Io } from './io.js';
import { toolVersion } from './options.js';

/**
 * The command line: the only place that reads argv, prints, and decides the exit code. Each
 * command lives in commands/; this file wires them and maps errors to exit codes.
 */

export { EXIT, UsageError, type Io } from './io.js';

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
    .command('scan [paths..]', 'scan Terraform folders and files against the HIPAA and GDPR rules', scanOptions, async (args) =>
      setCode(await scanCommand(args as ScanArgs, io)),
    )
    .command('report <input>', 'render a saved JSON report as html, sarif, junit, markdown, json or console, without scanning', reportOptions, async (args) =>
      setCode(await reportCommand(args as unknown as ReportArgs, io)),
    )
    .command('rules', 'inspect the rule catalogue', (y) =>
      y
        .command('list', 'list the rules: id, severity, frameworks, sources, title', rulesListOptions, async (args) =>
          setCode(await rulesListCommand(args as RulesListArgs, io)),
        )
        .command('show <id>', 'show a rule: metadata, requirements served, parameters, check, remediation, examples', rulesShowOptions, async (args) =>
          setCode(await rulesShowCommand(args as unknown as RulesShowArgs, io)),
        )
        .demandCommand(1, 'choose a rules subcommand: list, show'),
    )
    .command('frameworks', 'inspect the compliance frameworks and their coverage', (y) =>
      y
        .command('list', 'list the frameworks with how their requirements are covered', frameworksListOptions, async (args) =>
          setCode(await frameworksListCommand(args as FrameworksListArgs, io)),
        )
        .command('show <id>', 'show a framework\'s requirement tree: automated, manual, both or neither', frameworksShowOptions, async (args) =>
          setCode(await frameworksShowCommand(args as unknown as FrameworksShowArgs, io)),
        )
        .demandCommand(1, 'choose a frameworks subcommand: list, show'),
    )
    .command('init', 'write a commented starter .vigil.yaml here', initOptions, (args) => setCode(initCommand(args as { force?: boolean }, io)))
    .command('baseline', 'record failing results so later scans gate only on new ones', (y) =>
      y
        .command('create [paths..]', 'scan and write the failing results to a baseline file', baselineCreateOptions, async (args) =>
          setCode(await baselineCreateCommand(args as ScanArgs, io)),
        )
        .demandCommand(1, 'choose a baseline subcommand: create'),
    )
    .command('diff <old> <new>', 'compare two JSON reports: new, resolved and still-failing results', diffOptions, (args) =>
      setCode(diffCommand(args as unknown as DiffArgs, io)),
    )
    .demandCommand(1, 'choose a command: scan, report, rules, frameworks, init, baseline, diff')
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
    if (error instanceof ConfigError) {
      io.stderr(`vigil: the configuration ${error.file} is invalid:\n${error.problems.map((p) => `  ${p}`).join('\n')}\n`);
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
