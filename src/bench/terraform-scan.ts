import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from '../engine/catalogue.js';
import { runScan } from '../pipeline/scan.js';

/**
 * The measured end-to-end scan, run as a process of its own so its peak memory is the scan's
 * alone: loads the built-in rules, scans the folder given as the first argument through the real
 * pipeline with the threads given as the second (default 1), and writes its figures as one line of JSON.
 */

const root = process.argv[2]!;
const jobs = Number(process.argv[3] ?? '1');
const rules = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');
const catalogue = await loadCatalogue([rules]);
const started = performance.now();
const document = await runScan({
  catalogue,
  frameworks: [],
  terraform: { paths: [root], variables: { varFiles: [], vars: [], env: {} } },
  cwd: root,
  failOn: 'none',
  toolVersion: 'bench',
  jobs,
});
const milliseconds = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({
    milliseconds,
    resources: document.summary.resources,
    results: document.summary.results,
    errors: document.errors.filter((e) => e.severity === 'error').length,
    firstErrors: document.errors.filter((e) => e.severity === 'error').slice(0, 3),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    // Every thread's: on a machine shared by other work, what threads cost shows here, not in the time.
    cpuMilliseconds: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  })}\n`,
);
