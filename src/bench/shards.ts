import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from '../engine/catalogue.js';
import { builtInRules, precompiledCatalogueFile } from '../cli/package.js';
import { assembleReport, referencesOf, type ReportResult } from '../report/document.js';
import { renderJson } from '../report/json.js';
import { requirementsByRule } from '../engine/rollup.js';
import { itemsOfShard } from '../pipeline/shard.js';
import { scanAws, AWS_DEFAULTS } from '../sources/aws/index.js';
import { benchScanDeps, benchScanOptions, peakPerSecond, type Traffic } from './aws.js';

/**
 * Shards and merge, in `npm run bench`:
 * - merging M synthetic account reports of R resources each (one result per resource) with
 *   `vigil merge` in a child process: time and the child's peak RSS, for a tenth of M and for M,
 *   to show that memory stays flat as the number of shards grows;
 * - an organisation of A accounts scanned as S shards against the fake AWS API of aws.ts (50 ms per
 *   answer): wall time per shard and in all, and the most requests any account saw in one second.
 */

const here = fileURLToPath(new URL('.', import.meta.url));
const cli = join(here, '../cli/bin.js');

export interface MergeFigures {
  reports: number;
  resources: number;
  results: number;
  megabytes: number;
  ms: number;
  peakRssMb: number;
  /** The same merge with V8's old space capped at MERGE_HEAP_CAP_MB: it completes only if its working set fits. */
  cappedPeakRssMb: number;
}

/**
 * Left alone, V8 grows its heap with the garbage a long merge makes, so peak RSS rises with the
 * number of shards even though little is kept (about 2 KB per shard: its record in scan.merged).
 * The same merge under this cap shows the working set itself.
 */
export const MERGE_HEAP_CAP_MB = 32;

/** Writes `reports` shard reports of `resources` results each, as `vigil scan --shard K/N` would. */
export async function writeSyntheticShards(dir: string, reports: number, resources: number): Promise<number> {
  const catalogue = await loadCatalogue([builtInRules], { precompiled: precompiledCatalogueFile });
  const rules = catalogue.rules.filter((r) => r.kind === 'aws.s3.bucket').slice(0, 4);
  const requirements = requirementsByRule(catalogue.frameworks, []);
  let bytes = 0;
  for (let k = 1; k <= reports; k++) {
    const account = String(200000000000 + k);
    const results: ReportResult[] = [];
    for (let i = 0; i < resources; i++) {
      const rule = rules[i % rules.length]!;
      const status = i % 7 === 0 ? 'fail' : 'pass';
      results.push({
        status,
        rule: { id: rule.id, title: rule.title, severity: rule.severity, references: referencesOf(rule) },
        resource: { kind: 'aws.s3.bucket', source: 'aws', name: `bucket-${account}-${i}`, arn: `arn:aws:s3:::bucket-${account}-${i}`, account, region: 'us-east-1' },
        requirements: requirements.get(rule.id) ?? [],
        message: status === 'fail' ? `${rule.title}: not met` : `${rule.title}: met`,
        facts: [],
        fingerprint: `${rule.id}|${account}|bucket-${i}`,
        evidence: [{ service: 's3', operation: 'ListBuckets', at: '2026-12-05T08:00:00.000Z' }],
      });
    }
    results.sort((a, b) => (a.resource.arn! < b.resource.arn! ? -1 : a.resource.arn! > b.resource.arn! ? 1 : a.rule.id < b.rule.id ? -1 : 1));
    const document = assembleReport(results, catalogue, catalogue.rules, [], resources, {
      toolVersion: '0.1.0',
      startedAt: new Date('2026-12-05T08:00:00Z'),
      finishedAt: new Date('2026-12-05T08:01:00Z'),
      paths: [],
      frameworks: [],
      failOn: 'low',
      accounts: [account],
      regions: ['us-east-1'],
      identity: 'arn:aws:sts::100000000000:assumed-role/VigilAudit/bench',
    }, undefined, [{ source: 'aws', type: 'AWS::S3::Bucket', service: 's3', count: resources, judged: resources, rules: rules.map((r) => r.id).sort() }]);
    document.scan.shard = { index: k, count: reports, runId: 'bench', covered: { accounts: [account] } };
    const text = renderJson(document);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, `shard-${String(k).padStart(5, '0')}.json`), text);
  }
  return bytes;
}

/** `vigil merge` of the first `count` reports of `dir`, in a child whose peak RSS is measured. */
function timeMerge(dir: string, count: number, out: string, heapCapMb?: number): { ms: number; peakRssMb: number } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().slice(0, count).map((f) => join(dir, f));
  const listFile = `${out}.inputs`;
  writeFileSync(listFile, JSON.stringify(files));
  // The child runs the CLI's own main() and reports its own peak RSS (getrusage's ru_maxrss).
  const child = `
    const { main } = await import(${JSON.stringify(join(here, '../cli/index.js'))});
    const files = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(listFile)}, 'utf8'));
    const io = { stdout: () => {}, stderr: () => {}, isTty: false, env: process.env, cwd: process.cwd() };
    const started = performance.now();
    const code = await main(['merge', ...files, '--output', ${JSON.stringify(out)}, '--quiet'], io);
    process.stdout.write(JSON.stringify({ code, ms: performance.now() - started, maxRss: process.resourceUsage().maxRSS }));
  `;
  const cap = heapCapMb !== undefined ? [`--max-old-space-size=${heapCapMb}`] : [];
  const run = spawnSync(process.execPath, [...cap, '--input-type=commonjs', '-e', `(async () => { ${child} })()`], { encoding: 'utf8', maxBuffer: 1 << 20 });
  rmSync(listFile, { force: true });
  const figures = JSON.parse(run.stdout || '{}') as { code?: number; ms?: number; maxRss?: number };
  if (figures.code === undefined || figures.code > 1) throw new Error(`bench: vigil merge failed: ${run.stderr.slice(0, 500)}`);
  return { ms: figures.ms!, peakRssMb: figures.maxRss! / 1024 };
}

export async function benchMerge(reports: number, resources: number): Promise<MergeFigures[]> {
  const out: MergeFigures[] = [];
  // A tenth as many shards, then all of them: each set is one run of its own.
  for (const count of [...new Set([Math.max(1, Math.round(reports / 10)), reports])]) {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-merge-'));
    try {
      const shards = join(dir, 'shards');
      mkdirSync(shards);
      const bytes = await writeSyntheticShards(shards, count, resources);
      const { ms, peakRssMb } = timeMerge(shards, count, join(dir, 'merged.json'));
      const capped = timeMerge(shards, count, join(dir, 'merged-capped.json'), MERGE_HEAP_CAP_MB);
      out.push({ reports: count, resources, results: count * resources, megabytes: bytes / 1048576, ms, peakRssMb, cappedPeakRssMb: capped.peakRssMb });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

export function formatMergeFigures(figures: MergeFigures[]): string[] {
  return figures.map((f) => `merge: ${f.reports} shard reports × ${f.resources} resources (${f.results.toLocaleString('en')} results, ${f.megabytes.toFixed(0)} MB of JSON) in ${(f.ms / 1000).toFixed(1)} s, peak RSS ${f.peakRssMb.toFixed(0)} MB; with the heap capped at ${MERGE_HEAP_CAP_MB} MB it completes at ${f.cappedPeakRssMb.toFixed(0)} MB`);
}

export interface ShardedOrgFigures {
  accounts: number;
  shards: number;
  perShard: Array<{ index: number; accounts: number; wallMs: number; apiCalls: number }>;
  totalMs: number;
  maxRps: number;
  peakAccountRps: number;
}

/** The organisation scanned shard after shard, each shard its own scan as on its own machine. */
export async function benchShardedOrganisation(accounts: number, shards: number, only?: number[]): Promise<ShardedOrgFigures> {
  const maxRps = AWS_DEFAULTS.maxRps;
  const perShard: ShardedOrgFigures['perShard'] = [];
  let peak = 0;
  let totalMs = 0;
  for (let index = 1; index <= shards; index++) {
    if (only && !only.includes(index)) continue;
    const traffic: Traffic = { starts: new Map() };
    const started = performance.now();
    const result = await scanAws(
      benchScanOptions(true, maxRps, { selectAccounts: (all) => itemsOfShard(all.map((key) => ({ key, weight: 1 })), { index, count: shards }) }),
      benchScanDeps(traffic, '100000000000', accounts),
    );
    const wallMs = performance.now() - started;
    totalMs += wallMs;
    for (const [, starts] of traffic.starts) peak = Math.max(peak, peakPerSecond(starts));
    perShard.push({ index, accounts: result.meta.accounts.length, wallMs, apiCalls: result.meta.apiCalls });
  }
  return { accounts, shards, perShard, totalMs, maxRps, peakAccountRps: peak };
}

export function formatShardedOrg(f: ShardedOrgFigures): string[] {
  const slowest = Math.max(...f.perShard.map((s) => s.wallMs));
  return [
    ...f.perShard.map((s) => `org shards: shard ${s.index}/${f.shards}: ${s.accounts} accounts, ${(s.wallMs / 1000).toFixed(1)} s, ${s.apiCalls} API calls`),
    `org shards: ${f.accounts} accounts as ${f.shards} shards${f.perShard.length < f.shards ? ` (${f.perShard.length} of them run)` : ''}: ${(f.totalMs / 1000).toFixed(1)} s one after another, ${(slowest / 1000).toFixed(1)} s as parallel jobs (the slowest shard); busiest account ${f.peakAccountRps} req/s (ceiling ${f.maxRps}, ${f.peakAccountRps <= f.maxRps ? 'ok' : 'MISSED'})`,
  ];
}
