import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { runScan } from '../../pipeline/scan.js';
import { createBaseline } from '../../workflow/compare.js';
import { EXIT, type Io } from '../io.js';
import { scanOptions, scanSettings, type ScanArgs } from './scan.js';
import { writeFilesAtomically } from './output.js';

/** `vigil baseline create`: records today's failing results so later scans gate only on new ones. */

export const DEFAULT_BASELINE = '.vigil-baseline.json';

export function baselineCreateOptions(y: Argv): Argv {
  return scanOptions(y).option('output', { alias: 'o', type: 'string', describe: 'baseline file to write', default: DEFAULT_BASELINE });
}

export async function baselineCreateCommand(args: ScanArgs, io: Io): Promise<number> {
  const settings = await scanSettings({ ...args, format: undefined }, io, 'baseline create');
  const document = await runScan({ ...settings.request, cwd: io.cwd });
  const baseline = createBaseline(document, new Date());
  const file = resolve(io.cwd, args.output ?? DEFAULT_BASELINE);
  writeFilesAtomically([{ file, text: `${JSON.stringify(baseline, null, 2)}\n` }]);
  io.stdout(`wrote ${baseline.entries.length} failing result(s) to ${file}\n`);
  if (document.summary.errors > 0) {
    io.stderr(`vigil: the scan was incomplete (${document.summary.errors} input error(s)); the baseline may miss results\n`);
    return EXIT.incomplete;
  }
  return EXIT.ok;
}
