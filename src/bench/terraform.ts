import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHcl } from '../sources/terraform/parser.js';
import { generateEstate } from './estate.js';

/**
 * The Terraform benchmark: generates an estate of the size asked for, scans it end to end in a
 * child process (throughput and peak RSS), parses every file alone (parse throughput), and
 * parses a sample with hcl2-parser, HashiCorp's parser compiled to JavaScript, and with Vigil's
 * own, for the ratio. Targets from the issues: 5 MB/s end to end, 25 times hcl2-parser, 1 GB, and
 * with two threads (`--jobs 2`) 1.7 times the throughput of one.
 */

export interface TerraformBenchFigures {
  megabytes: number;
  files: number;
  services: number;
  endToEndMBs: number;
  resources: number;
  resourcesPerSecond: number;
  scanErrors: number;
  firstErrors: unknown[];
  peakRssMB: number;
  /** `--jobs 1` against `--jobs 2`: medians of alternate runs, with the machine's load averages at the end. */
  jobs: { runs: number; singleMBs: number; doubleMBs: number; singleMs: number[]; doubleMs: number[]; singleCpuS: number; doubleCpuS: number; singlePeakRssMB: number; doublePeakRssMB: number; load: number[] };
  parseMBs: number;
  /** Size of the sample both parsers read, and each one's throughput on it. */
  sampleMB: number;
  sampleVigilMBs: number;
  sampleHcl2MBs: number | undefined;
}

export const TERRAFORM_TARGETS = { endToEndMBs: 5, parseRatio: 25, peakRssMB: 1024, jobsRatio: 1.7 };

const MB = 1024 * 1024;

/** In a folder of its own, removed afterwards: other benches may run on the same machine at the same time. */
export function benchTerraform(megabytes: number, sampleMegabytes: number, jobsRuns = 3): TerraformBenchFigures {
  const root = mkdtempSync(join(tmpdir(), 'vigil-bench-estate-'));
  try {
    return benchTerraformIn(root, megabytes, sampleMegabytes, jobsRuns);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function benchTerraformIn(root: string, megabytes: number, sampleMegabytes: number, jobsRuns: number): TerraformBenchFigures {
  const estate = generateEstate(root, megabytes);
  const texts = estate.files.filter((f) => f.endsWith('.tf')).map((f) => [f, readFileSync(f, 'utf8')] as const);

  // One thread and two, alternately, `jobsRuns` times each on the same machine in the same run;
  // each figure is the median of its runs.
  const single: ScanFigures[] = [];
  const double: ScanFigures[] = [];
  for (let run = 0; run < jobsRuns; run++) {
    single.push(scanInChild(root, 1));
    double.push(scanInChild(root, 2));
  }
  const scan = medianRun(single);
  const two = medianRun(double);

  const parseMs = time(() => {
    for (const [path, text] of texts) parseHcl(text, path);
  });

  const sample: Array<readonly [string, string]> = [];
  let sampleBytes = 0;
  for (const entry of texts) {
    if (sampleBytes >= sampleMegabytes * MB) break;
    sample.push(entry);
    sampleBytes += Buffer.byteLength(entry[1]);
  }
  const sampleVigilMs = time(() => {
    for (const [path, text] of sample) parseHcl(text, path);
  });
  const hcl2 = loadHcl2();
  const sampleHcl2Ms = hcl2
    ? time(() => {
        for (const [, text] of sample) hcl2.parseToObject(text);
      })
    : undefined;

  return {
    megabytes: estate.bytes / MB,
    files: estate.files.length,
    services: estate.services,
    endToEndMBs: estate.bytes / MB / (scan.milliseconds / 1000),
    resources: scan.resources,
    resourcesPerSecond: scan.resources / (scan.milliseconds / 1000),
    scanErrors: scan.errors,
    firstErrors: scan.firstErrors,
    peakRssMB: scan.peakRssBytes / MB,
    jobs: {
      runs: jobsRuns,
      singleMBs: estate.bytes / MB / (scan.milliseconds / 1000),
      doubleMBs: estate.bytes / MB / (two.milliseconds / 1000),
      singleMs: scan.allMs,
      doubleMs: two.allMs,
      singleCpuS: scan.cpuMilliseconds / 1000,
      doubleCpuS: two.cpuMilliseconds / 1000,
      singlePeakRssMB: scan.medianPeakRssBytes / MB,
      doublePeakRssMB: two.medianPeakRssBytes / MB,
      load: loadavg(),
    },
    parseMBs: estate.bytes / MB / (parseMs / 1000),
    sampleMB: sampleBytes / MB,
    sampleVigilMBs: sampleBytes / MB / (sampleVigilMs / 1000),
    sampleHcl2MBs: sampleHcl2Ms === undefined ? undefined : sampleBytes / MB / (sampleHcl2Ms / 1000),
  };
}

interface ScanFigures {
  milliseconds: number;
  resources: number;
  errors: number;
  firstErrors: unknown[];
  peakRssBytes: number;
  cpuMilliseconds: number;
}

function scanInChild(root: string, jobs: number): ScanFigures {
  const child = spawnSync(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'terraform-scan.js'), root, String(jobs)], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  if (child.status !== 0) throw new Error(`the benchmark scan (--jobs ${jobs}) failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ScanFigures;
}

/** The run of median time (its own peak RSS with it), and the median peak RSS over the runs. */
function medianRun(runs: ScanFigures[]): ScanFigures & { medianPeakRssBytes: number; allMs: number[] } {
  const byTime = [...runs].sort((a, b) => a.milliseconds - b.milliseconds);
  const rss = runs.map((r) => r.peakRssBytes).sort((a, b) => a - b);
  return { ...byTime[Math.floor(byTime.length / 2)]!, medianPeakRssBytes: rss[Math.floor(rss.length / 2)]!, allMs: runs.map((r) => Math.round(r.milliseconds)) };
}

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** hcl2-parser is a development dependency: without it, the ratio is not measured. */
function loadHcl2(): { parseToObject(source: string): unknown } | undefined {
  try {
    return createRequire(import.meta.url)('hcl2-parser') as { parseToObject(source: string): unknown };
  } catch {
    return undefined;
  }
}

export function formatTerraformFigures(f: TerraformBenchFigures): string[] {
  const mark = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
  const ratio = f.sampleHcl2MBs === undefined ? undefined : f.sampleVigilMBs / f.sampleHcl2MBs;
  return [
    `terraform: ${f.megabytes.toFixed(1)} MB in ${f.files} files (${f.services} service roots calling nested local modules)`,
    `  end to end: ${f.endToEndMBs.toFixed(2)} MB/s (target ${TERRAFORM_TARGETS.endToEndMBs}, ${mark(f.endToEndMBs >= TERRAFORM_TARGETS.endToEndMBs)}), ${f.resources} resources, ${f.resourcesPerSecond.toFixed(0)} resources/s, ${f.scanErrors} input errors`,
    `  peak RSS of the scan: ${f.peakRssMB.toFixed(0)} MB (target < ${TERRAFORM_TARGETS.peakRssMB}, ${mark(f.peakRssMB < TERRAFORM_TARGETS.peakRssMB)})`,
    `  --jobs 1 vs --jobs 2 (median of ${f.jobs.runs} alternate runs each): ${f.jobs.singleMBs.toFixed(2)} vs ${f.jobs.doubleMBs.toFixed(2)} MB/s, ${(f.jobs.doubleMBs / f.jobs.singleMBs).toFixed(2)}x (target ${TERRAFORM_TARGETS.jobsRatio}x, ${mark(f.jobs.doubleMBs / f.jobs.singleMBs >= TERRAFORM_TARGETS.jobsRatio)}); peak RSS ${f.jobs.singlePeakRssMB.toFixed(0)} vs ${f.jobs.doublePeakRssMB.toFixed(0)} MB (target < ${TERRAFORM_TARGETS.peakRssMB}, ${mark(f.jobs.doublePeakRssMB < TERRAFORM_TARGETS.peakRssMB)}); runs ${f.jobs.singleMs.join('/')} vs ${f.jobs.doubleMs.join('/')} ms; CPU time of the median runs, all threads, ${f.jobs.singleCpuS.toFixed(1)} vs ${f.jobs.doubleCpuS.toFixed(1)} s; load average ${f.jobs.load.map((l) => l.toFixed(2)).join(' ')}`,
    `  parse only: ${f.parseMBs.toFixed(2)} MB/s over every file`,
    ratio === undefined
      ? `  hcl2-parser: not installed (a development dependency); ratio not measured`
      : `  on a ${f.sampleMB.toFixed(1)} MB sample: Vigil ${f.sampleVigilMBs.toFixed(2)} MB/s, hcl2-parser ${f.sampleHcl2MBs!.toFixed(3)} MB/s: ${ratio.toFixed(1)}x (target ${TERRAFORM_TARGETS.parseRatio}x, ${mark(ratio >= TERRAFORM_TARGETS.parseRatio)})`,
    ...(f.scanErrors > 0 ? [`  first input errors: ${JSON.stringify(f.firstErrors)}`] : []),
  ];
}

export function terraformMissed(f: TerraformBenchFigures): boolean {
  const ratio = f.sampleHcl2MBs === undefined ? Infinity : f.sampleVigilMBs / f.sampleHcl2MBs;
  return f.jobs.doubleMBs / f.jobs.singleMBs < TERRAFORM_TARGETS.jobsRatio || f.jobs.doublePeakRssMB >= TERRAFORM_TARGETS.peakRssMB || f.endToEndMBs < TERRAFORM_TARGETS.endToEndMBs || f.peakRssMB >= TERRAFORM_TARGETS.peakRssMB || ratio < TERRAFORM_TARGETS.parseRatio || f.scanErrors > 0;
}
