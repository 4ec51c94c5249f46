import yargs, { type Argv } from 'yargs';
import { rulesListCommand, rulesListOptions, rulesShowCommand, rulesShowOptions, type RulesListArgs, type RulesShowArgs } from './commands/rules.js';
import { frameworksListCommand, frameworksListOptions, frameworksShowCommand, frameworksShowOptions, type FrameworksListArgs, type FrameworksShowArgs } from './commands/frameworks.js';
import { scanCommand, scanOptions, type ScanArgs } from './commands/scan.js';
import { driftCommand, driftOptions } from './commands/drift.js';
import { reportCommand, reportOptions, type ReportArgs } from './commands/report.js';
import { mergeCommand, mergeOptions, type MergeArgs } from './commands/merge.js';
import { initCommand, initOptions } from './commands/init.js';
import { baselineCreateCommand, baselineCreateOptions } from './commands/baseline.js';
import { diffCommand, diffOptions, type DiffArgs } from './commands/diff.js';
import { verifyCommand, verifyOptions, type VerifyArgs } from './commands/verify.js';
import { UsageError, type Io } from './io.js';
import { toolVersion } from './options.js';

/** The commands and their options, wired to yargs; index.ts runs it and maps errors to exit codes. */

export function buildParser(argv: string[], io: Io, setCode: (code: number) => void): Argv {
  return yargs(argv)
    .scriptName('vigil')
    .usage('$0 <command> [options]')
    .version(toolVersion())
    .strict()
    .exitProcess(false)
    // yargs renders the help text after every command in case it fails later; unwrapped, that
    // costs less, so the text is wrapped only when it is asked for.
    .wrap(argv.some((a) => a === '--help' || a === '-h') ? Math.min(110, process.stdout.columns ?? 100) : null)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .command('scan [paths..]', 'scan Terraform folders and files against the HIPAA and GDPR rules', scanOptions, async (args) =>
      setCode(await scanCommand(args as ScanArgs, io)),
    )
    .command('drift [paths..]', 'compare Terraform code and state with the live account: drifted, unmanaged and gone resources (exit 1 on drift)', driftOptions, async (args) =>
      setCode(await driftCommand(args as ScanArgs, io)),
    )
    .command('report <input>', 'render a saved JSON report as html, sarif, junit, markdown, json or console, without scanning', reportOptions, async (args) =>
      setCode(await reportCommand(args as unknown as ReportArgs, io)),
    )
    .command('merge <inputs..>', 'combine the JSON reports of `vigil scan --shard K/N` (files, folders or s3://bucket/prefix/) into one report, in any format', mergeOptions, async (args) =>
      setCode(await mergeCommand(args as unknown as MergeArgs, io)),
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
    .command('verify <manifest>', 'check a seal written by --seal: every file\'s SHA-256 and the signature', verifyOptions, (args) =>
      setCode(verifyCommand(args as unknown as VerifyArgs, io)),
    )
    .demandCommand(1, 'choose a command: scan, merge, report, rules, frameworks, init, baseline, diff, verify, drift')
    .help()
    .alias('help', 'h')
    .alias('version', 'V');
}
