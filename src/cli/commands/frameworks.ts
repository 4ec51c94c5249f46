import type { Argv } from 'yargs';
import type { Framework } from '../../engine/catalogue.js';
import { COVERAGES, requirementCoverage, summarizeFramework } from '../../engine/coverage.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { loadRules } from '../options.js';

export interface FrameworksListArgs {
  format?: string;
  rules?: string[];
}
export interface FrameworksShowArgs extends FrameworksListArgs {
  id: string;
}

const common = (y: Argv, choices: string[]): Argv =>
  y
    .option('format', { type: 'string', choices, default: choices[0] })
    .option('rules', { type: 'string', array: true, describe: 'folder of your own rules and frameworks, added to the built-in ones' });

export const frameworksListOptions = (y: Argv): Argv => common(y, ['table', 'json']);
export const frameworksShowOptions = (y: Argv): Argv =>
  common(y.positional('id', { type: 'string', describe: 'framework ID (hipaa, gdpr, ...)', demandOption: true }), ['text', 'json']);

const coverageLine = (c: Record<string, number>): string => COVERAGES.map((k) => `${c[k]} ${k}`).join(', ');

export async function frameworksListCommand(args: FrameworksListArgs, io: Io): Promise<number> {
  const catalogue = await loadRules(args.rules, io);
  const summaries = catalogue.frameworks.map(summarizeFramework);
  if (args.format === 'json') {
    io.stdout(`${JSON.stringify(summaries, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const s of summaries) {
    io.stdout(`${s.id.padEnd(8)}  ${s.name} (${s.version})\n          ${s.requirements} requirements, ${s.rules} rules: ${coverageLine(s.coverage)}\n`);
  }
  return EXIT.ok;
}

const MARK: Record<string, string> = { automated: 'auto  ', manual: 'manual', both: 'both  ', neither: 'NONE  ' };

/** Wraps text at about 110 columns, continuing lines under its first character. */
function wrapAfter(lead: string, text: string, width = 110): string {
  const lines: string[] = [];
  let line = lead;
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line.trim().length > 0 && line !== lead) {
      lines.push(line);
      line = ' '.repeat(lead.length) + word;
    } else line = line === lead ? lead + word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The requirement tree: sections, standards and their specifications, each with its coverage. */
export function renderFramework(framework: Framework): string {
  const summary = summarizeFramework(framework);
  const out: string[] = [`${framework.name} (${framework.version})`, `${summary.requirements} requirements: ${coverageLine(summary.coverage)}`];
  let section = '';
  let standard = '';
  for (const requirement of framework.requirements) {
    if (requirement.section !== section) {
      section = requirement.section;
      standard = '';
      out.push('', section);
    }
    const nested = requirement.standard !== undefined && requirement.standard === standard && requirement.standard !== requirement.title;
    if (requirement.standard) standard = requirement.standard;
    const implementation = requirement.implementation ? ` (${requirement.implementation === 'required' ? 'R' : 'A'})` : '';
    const coverage = requirementCoverage(requirement);
    out.push(`  ${MARK[coverage]}  ${nested ? '  ' : ''}${requirement.citation}  ${requirement.title}${implementation}`);
    const pad = ' '.repeat(nested ? 14 : 12);
    if (requirement.rules?.length) out.push(wrapAfter(`${pad}rules: `, requirement.rules.join(', ')));
    if (requirement.manual) out.push(wrapAfter(`${pad}manual: `, requirement.manual.evidence));
  }
  return `${out.join('\n')}\n`;
}

export async function frameworksShowCommand(args: FrameworksShowArgs, io: Io): Promise<number> {
  const catalogue = await loadRules(args.rules, io);
  const framework = catalogue.frameworks.find((f) => f.id === args.id);
  if (!framework) throw new UsageError(`unknown framework "${args.id}": choose from ${catalogue.frameworks.map((f) => f.id).join(', ')}`);
  if (args.format === 'json') {
    const { file: _file, ...data } = framework;
    io.stdout(
      `${JSON.stringify({ ...data, summary: summarizeFramework(framework), requirements: framework.requirements.map((r) => ({ ...r, coverage: requirementCoverage(r) })) }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  io.stdout(renderFramework(framework));
  return EXIT.ok;
}
