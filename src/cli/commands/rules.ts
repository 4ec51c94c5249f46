import type { Argv } from 'yargs';
import { yamlLib } from '../../yaml-lib.js';
import { findRule, type Catalogue, type Rule } from '../../engine/catalogue.js';
import { requirementsServedBy, serviceOf } from '../../engine/coverage.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { loadRules, splitList } from '../options.js';

export interface RulesListArgs {
  framework?: string[];
  service?: string[];
  format?: string;
  rules?: string[];
}

export interface RulesShowArgs {
  id: string;
  format?: string;
  rules?: string[];
}

const rulesOption = (y: Argv): Argv =>
  y.option('rules', { type: 'string', array: true, describe: 'folder of your own rules, added to the built-in ones' });

export function rulesListOptions(y: Argv): Argv {
  return rulesOption(y)
    .option('framework', { type: 'string', array: true, describe: 'only rules these frameworks map, comma-separated' })
    .option('service', { type: 'string', array: true, describe: 'only rules of these services (ec2, s3, rds, iam, ...), comma-separated' })
    .option('format', { type: 'string', choices: ['table', 'json'], default: 'table' });
}

export function rulesShowOptions(y: Argv): Argv {
  return rulesOption(y)
    .positional('id', { type: 'string', describe: 'rule ID, or a retired ID kept as an alias', demandOption: true })
    .option('format', { type: 'string', choices: ['text', 'json'], default: 'text' });
}

/** Framework IDs that map each rule. */
function frameworksByRule(catalogue: Catalogue): Map<string, string[]> {
  const mapped = new Map<string, string[]>();
  for (const framework of catalogue.frameworks) {
    for (const requirement of framework.requirements) {
      for (const id of requirement.rules ?? []) {
        const list = mapped.get(id) ?? [];
        if (!list.includes(framework.id)) list.push(framework.id);
        mapped.set(id, list);
      }
    }
  }
  return mapped;
}

function checkChoices(given: string[], known: string[], option: string): void {
  for (const value of given) {
    if (!known.includes(value)) throw new UsageError(`unknown --${option} "${value}": choose from ${known.join(', ')}`);
  }
}

export async function rulesListCommand(args: RulesListArgs, io: Io): Promise<number> {
  const catalogue = await loadRules(args.rules, io);
  const frameworks = splitList(args.framework);
  const services = splitList(args.service);
  checkChoices(frameworks, catalogue.frameworks.map((f) => f.id), 'framework');
  checkChoices(services, [...new Set(catalogue.rules.map(serviceOf))].sort(), 'service');
  const mapped = frameworksByRule(catalogue);
  const rules = catalogue.rules.filter(
    (r) =>
      (frameworks.length === 0 || frameworks.some((f) => mapped.get(r.id)?.includes(f))) &&
      (services.length === 0 || services.includes(serviceOf(r))),
  );
  if (args.format === 'json') {
    const rows = rules.map((r) => ({
      id: r.id,
      service: serviceOf(r),
      severity: r.severity,
      title: r.title,
      kind: r.kind,
      sources: r.sources,
      frameworks: mapped.get(r.id) ?? [],
    }));
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length), 2);
  io.stdout(`${'ID'.padEnd(idWidth)}  SEVERITY  FRAMEWORKS   SOURCES        TITLE\n`);
  for (const rule of rules) {
    io.stdout(
      `${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(8)}  ${(mapped.get(rule.id) ?? []).join(',').padEnd(11)}  ${rule.sources.join(',').padEnd(13)}  ${rule.title}\n`,
    );
  }
  io.stdout(`\n${rules.length} rule${rules.length === 1 ? '' : 's'}\n`);
  return EXIT.ok;
}

const indent = (text: string, by = '  '): string =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');

const wrap = (text: string, width = 96): string => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
};

/** The rule as a person reads it: what, why, where it counts, how to tune, fix and test it. */
export function renderRule(rule: Rule, catalogue: Catalogue): string {
  const out: string[] = [];
  out.push(`${rule.id}  [${rule.severity}]${rule.deprecated ? '  (deprecated)' : ''}`, rule.title, '');
  out.push(`kind       ${rule.kind}`, `service    ${serviceOf(rule)}`, `sources    ${rule.sources.join(', ')}`);
  if (rule.aliases?.length) out.push(`aliases    ${rule.aliases.join(', ')}`);
  out.push('', 'Why', indent(wrap(rule.description)));
  if (rule.assumptions) out.push('', 'Assumptions', indent(wrap(rule.assumptions)));
  const served = requirementsServedBy(rule, catalogue.frameworks);
  out.push('', 'Requirements served');
  if (served.length === 0) out.push('  (none)');
  for (const { framework, requirement } of served) out.push(`  ${framework} ${requirement.citation}  ${requirement.title}`);
  const params = Object.entries(rule.parameters);
  if (params.length > 0) {
    out.push('', 'Parameters');
    for (const [name, spec] of params) out.push(`  ${name}: ${JSON.stringify(spec.default)}`, indent(wrap(spec.description), '      '));
  }
  out.push('', 'Check (the compliant state)', indent(yamlLib().stringify(rule.applies_if ? { applies_if: rule.applies_if, check: rule.check } : rule.check)));
  const refs = Object.entries(rule.references).filter(([, ids]) => (ids ?? []).length > 0);
  out.push('', 'References');
  if (refs.length === 0) out.push('  (no equivalent in other tools)');
  for (const [tool, ids] of refs) out.push(`  ${tool.padEnd(10)} ${(ids ?? []).join(', ')}`);
  if (rule.facets) {
    // Peers that check one part of the rule: a failure lists, and a peer's ignore covers, only its part.
    out.push('', 'Facets (the part of the rule each peer ID checks; the others check all of it)');
    for (const [name, facet] of Object.entries(rule.facets)) {
      const ids = Object.values(facet.references).flat().join(', ');
      out.push(`  ${name.padEnd(24)} ${ids}${facet.description ? `  (${facet.description})` : ''}`);
    }
  }
  out.push('', 'Remediation', indent(wrap(rule.remediation.text)), '', indent(rule.remediation.terraform));
  out.push('', 'Examples');
  for (const expected of ['pass', 'fail', 'unknown'] as const) {
    for (const example of rule.examples.terraform?.[expected] ?? []) {
      out.push('', `  terraform ${expected}: ${example.name}`, indent(example.code, '    '));
    }
  }
  for (const expected of ['pass', 'fail', 'unknown'] as const) {
    for (const example of rule.examples.aws?.[expected] ?? []) {
      out.push('', `  aws ${expected}: ${example.name}`, indent(JSON.stringify(example.attributes), '    '));
    }
  }
  return `${out.join('\n')}\n`;
}

export async function rulesShowCommand(args: RulesShowArgs, io: Io): Promise<number> {
  const catalogue = await loadRules(args.rules, io);
  const rule = findRule(catalogue, args.id);
  if (!rule) throw new UsageError(`no rule "${args.id}": run "vigil rules list" to see them`);
  if (rule.id !== args.id) io.stderr(`vigil: "${args.id}" is a retired ID of ${rule.id}\n`);
  if (args.format === 'json') {
    const { file: _file, ...data } = rule;
    const requirements = requirementsServedBy(rule, catalogue.frameworks).map(({ framework, requirement }) => ({
      framework,
      citation: requirement.citation,
      title: requirement.title,
    }));
    io.stdout(`${JSON.stringify({ ...data, service: serviceOf(rule), requirements }, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout(renderRule(rule, catalogue));
  return EXIT.ok;
}
