import type { Argv } from 'yargs';
import type { Catalogue } from '../../engine/catalogue.js';
import { EXIT, type Io } from '../io.js';
import { loadRules, splitList } from '../options.js';

export interface RulesListArgs {
  framework?: string[];
  format?: string;
  rules?: string[];
}

export function rulesListOptions(y: Argv): Argv {
  return y
    .option('framework', { type: 'string', array: true, describe: 'only rules these frameworks map' })
    .option('format', { type: 'string', choices: ['table', 'json'], default: 'table' })
    .option('rules', { type: 'string', array: true, describe: 'folder of your own rules, added to the built-in ones' });
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

export async function rulesListCommand(args: RulesListArgs, io: Io): Promise<number> {
  const catalogue = await loadRules(args.rules, io.cwd);
  const frameworks = splitList(args.framework);
  const mapped = frameworksByRule(catalogue);
  const rules = catalogue.rules.filter((r) => frameworks.length === 0 || frameworks.some((f) => mapped.get(r.id)?.includes(f)));
  if (args.format === 'json') {
    const rows = rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, kind: r.kind, frameworks: mapped.get(r.id) ?? [] }));
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length), 2);
  io.stdout(`${'ID'.padEnd(idWidth)}  SEVERITY  FRAMEWORKS   TITLE\n`);
  for (const rule of rules) {
    io.stdout(`${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(8)}  ${(mapped.get(rule.id) ?? []).join(',').padEnd(11)}  ${rule.title}\n`);
  }
  return EXIT.ok;
}
