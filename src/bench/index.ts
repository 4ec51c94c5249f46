import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchAws, formatAwsFigures } from './aws.js';
import { benchReports, REPORT_RENDER_TARGET_MS } from './reports.js';
import { benchReportOpen, REPORT_OPEN_TARGET_MS } from './report-open.js';
import { benchTerraform, formatTerraformFigures, terraformMissed } from './terraform.js';
import { benchDrift, DRIFT_TARGET_MS, formatDriftFigures } from './drift.js';
import { benchWorkflow, formatWorkflowTiming, workflowMissed } from './workflow.js';
import { benchMerge, benchShardedOrganisation, formatMergeFigures, formatShardedOrg } from './shards.js';
import { benchCorpora, benchStartup, corporaMissed, formatCorpora, formatStartup, startupMissed } from './corpora.js';

/**
 * `npm run bench [-- --size 50 --sample 2 --only terraform,reports,aws,workflow,drift,startup,corpora,merge,shards]`: speed is measured here,
 * never in timed tests. Each case prints its figures; the process exits 1 when a case misses its
 * target.
 *
 *   --size    megabytes of Terraform to generate and scan (default 50)
 *   --sample  megabytes both Vigil and hcl2-parser parse for the ratio (default 2: hcl2-parser is slow)
 *   --only    the cases to run, comma-separated (default: all)
 *   --runs    measured runs of each workflow command, and of start-up and corpus scans (default 5)
 *   --corpora the folder of the public corpora (default /work/shared/corpora)
 *   --merge-reports, --merge-resources  the synthetic shard reports `vigil merge` combines (default 1000 × 2000)
 *   --org-accounts, --org-shards  the organisation scanned in shards against the fake API (default 1000 as 10)
 *   --org-run     which of those shards to run, comma-separated (default: all), as one job of a job engine runs one
 *   --jobs-runs end-to-end Terraform scans with --jobs 1 and with --jobs 2, alternately (default 3 each)
 */

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '50' },
    sample: { type: 'string', default: '2' },
    only: { type: 'string', default: 'terraform,reports,aws,workflow,drift,startup,corpora,merge,shards' },
    runs: { type: 'string', default: '5' },
    corpora: { type: 'string', default: '/work/shared/corpora' },
    'merge-reports': { type: 'string', default: '1000' },
    'merge-resources': { type: 'string', default: '2000' },
    'org-accounts': { type: 'string', default: '1000' },
    'org-shards': { type: 'string', default: '10' },
    'org-run': { type: 'string', default: '' },
    'jobs-runs': { type: 'string', default: '3' },
  },
});
const size = Number(values.size);
const sample = Number(values.sample);
const only = new Set(values.only.split(',').map((s) => s.trim()));
if (!(size > 0) || !(sample > 0)) {
  process.stderr.write('bench: --size and --sample take a number of megabytes\n');
  process.exit(2);
}

// Every figure moves with the machine's load: say what it was, before and after.
const machine = (): string => `${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
process.stdout.write(`bench: ${machine()}, Node ${process.version}\n`);
let missed = false;
if (only.has('terraform')) {
  const figures = benchTerraform(size, sample, Math.max(1, Number(values['jobs-runs']) || 3));
  process.stdout.write(`${formatTerraformFigures(figures).join('\n')}\n`);
  if (terraformMissed(figures)) missed = true;
}
if (only.has('reports')) {
  const { timings, html } = await benchReports();
  for (const timing of timings) {
    // The issue sets a target for the HTML checklist only.
    const ok = timing.milliseconds < REPORT_RENDER_TARGET_MS;
    const target = timing.format === 'html' ? `; target ${REPORT_RENDER_TARGET_MS} ms, ${ok ? 'ok' : 'MISSED'}` : '';
    if (timing.format === 'html' && !ok) missed = true;
    process.stdout.write(`reports: ${timing.format} of 50,000 results in ${timing.milliseconds} ms (${(timing.bytes / 1048576).toFixed(1)} MB${target})\n`);
  }
  const opened = await benchReportOpen(html);
  if ('skipped' in opened) {
    process.stdout.write(`reports: html opened in a browser: not measured, ${opened.skipped}\n`);
  } else {
    const ok = opened.milliseconds < REPORT_OPEN_TARGET_MS;
    process.stdout.write(`reports: html of 50,000 results opened in Chromium in ${opened.milliseconds} ms (${opened.megabytes.toFixed(1)} MB; target ${REPORT_OPEN_TARGET_MS} ms, ${ok ? 'ok' : 'MISSED'})\n`);
    if (!ok) missed = true;
  }
}
if (only.has('aws')) {
  for (const figures of await benchAws()) {
    process.stdout.write(`${formatAwsFigures(figures)}\n`);
    if (figures.wallMs > figures.targetMs || figures.peakAccountRps > figures.maxRps) missed = true;
  }
}
if (only.has('workflow')) {
  const timings = benchWorkflow(Math.max(1, Number(values.runs) || 5));
  for (const timing of timings) process.stdout.write(`${formatWorkflowTiming(timing)}\n`);
  if (workflowMissed(timings)) missed = true;
}
if (only.has('drift')) {
  const figures = benchDrift();
  process.stdout.write(`${formatDriftFigures(figures).join('\n')}\n`);
  if (figures.joinMs + figures.reportMs >= DRIFT_TARGET_MS) missed = true;
}
let startupMs: number | undefined;
if (only.has('startup')) {
  const figures = benchStartup(Math.max(1, Number(values.runs) || 5));
  process.stdout.write(`${formatStartup(figures)}\n`);
  startupMs = figures.vigilMs;
  if (startupMissed(figures)) missed = true;
}
if (only.has('corpora')) {
  const figures = benchCorpora(values.corpora, Math.max(1, Number(values.runs) || 5));
  if ('skipped' in figures) process.stdout.write(`corpora: not measured, ${figures.skipped}\n`);
  else {
    figures.startupMs = startupMs;
    process.stdout.write(`${formatCorpora(figures).join('\n')}\n`);
    if (corporaMissed(figures)) missed = true;
  }
}
if (only.has('merge')) {
  const figures = await benchMerge(Math.max(1, Number(values['merge-reports']) || 1000), Math.max(1, Number(values['merge-resources']) || 2000));
  process.stdout.write(`${formatMergeFigures(figures).join('\n')}\n`);
}
if (only.has('shards')) {
  const run = values['org-run'] ? values['org-run'].split(',').map(Number) : undefined;
  const orgShards = Math.max(1, Number(values['org-shards']) || 10);
  if (run && !run.every((k) => Number.isInteger(k) && k >= 1 && k <= orgShards)) {
    process.stderr.write(`bench: --org-run takes shard numbers from 1 to ${orgShards}, comma-separated, not ${JSON.stringify(values['org-run'])}\n`);
    process.exit(2);
  }
  const figures = await benchShardedOrganisation(Math.max(1, Number(values['org-accounts']) || 1000), orgShards, run);
  process.stdout.write(`${formatShardedOrg(figures).join('\n')}\n`);
  if (figures.peakAccountRps > figures.maxRps) missed = true;
}
process.stdout.write(`bench: done; ${machine()}\n`);
process.exitCode = missed ? 1 : 0;
