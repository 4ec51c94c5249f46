import { closeSync, createReadStream, openSync, readSync, rmSync, writeSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { tmpdir } from 'node:os';
import type { Catalogue } from '../engine/catalogue.js';
import type { Status } from '../engine/evaluate.js';
import { rollUpTally, type RuleTally, tallyResult } from '../engine/rollup.js';
import { CoverageTally, servicesPresent } from '../engine/inventory-coverage.js';
import { compareResults, notGatingReason, SCHEMA_VERSION, type ReportDocument, type ReportMerged, type ReportResult, type ReportShard } from '../report/document.js';
import { exceptionRegister, type ExceptionEntry } from '../report/exceptions.js';
import type { ScanProblem } from '../model/problem.js';
import { SEVERITIES, type Severity } from '../engine/catalogue.js';

/**
 * `vigil merge`: shard reports back into the report one process would have written. Two passes
 * over the shards, one shard at a time: the first reads each report as a stream (results one by
 * one, never the whole file), checks that it belongs with the others, tallies the roll-up,
 * summary and coverage, and spools its results, which are already in report order, one per line;
 * the second merges the spools in report order. Memory holds one result per spool being merged
 * (at most MERGE_FAN_IN at once; more shards merge in rounds) plus the tallies, however many
 * shards and results there are.
 */

/** A shard report to read: its name as the user gave it, and its bytes as a stream. */
export interface MergeInput {
  name: string;
  open: () => AsyncIterable<Uint8Array | string>;
}

/** A reason the shards cannot be merged: one message, naming the shards and what differs. */
export class MergeError extends Error {}

/** Spools merged at once; more are merged in rounds through intermediate spools. */
export const MERGE_FAN_IN = 64;

/** What the first pass keeps of a shard: its header, and where its results were spooled. */
interface ShardHeader {
  input: string;
  toolVersion: string;
  scan: ReportDocument['scan'];
  shard: ReportShard;
  /** The first shard's rules; the others keep only their digest (a thousand copies would be most of the memory). */
  rules: ReportDocument['rules'];
  rulesDigest: string;
  summary?: ReportDocument['summary'];
  schemaVersion?: string;
}

/** The merged report: everything but its results and exceptions, which `results()` streams in report order. */
export interface MergedReport {
  head: Omit<ReportDocument, 'results' | 'exceptions'>;
  /** The results in report order, each read once from the spools. */
  results: () => AsyncGenerator<ReportResult>;
  /** Removes the spools. */
  close: () => void;
}

const HEADER_PATHS = ['$.schemaVersion', '$.tool', '$.scan', '$.rules', '$.summary'];
const BODY_PATHS = [...HEADER_PATHS, '$.coverage', '$.results.*', '$.errors', '$.drift', '$.comparison'];

/** Streams a report, calling `onValue` for each top-level field and each result; `stop` ends the read early. */
async function readReport(input: MergeInput, paths: string[], onValue: (path: string, value: unknown) => boolean | void): Promise<void> {
  const { JSONParser } = await import('@streamparser/json');
  const parser = new JSONParser({ paths, keepStack: false });
  let stopped = false;
  let failure: Error | undefined;
  parser.onValue = ({ value, key, stack }) => {
    if (stopped) return;
    const path = stack.length === 2 && stack[1]!.key === 'results' ? '$.results.*' : `$.${String(key)}`;
    if (onValue(path, value) === true) stopped = true;
  };
  parser.onError = (error) => {
    failure ??= error;
  };
  for await (const chunk of input.open()) {
    if (stopped || failure) break;
    try {
      parser.write(chunk);
    } catch (error) {
      if (error instanceof MergeError) throw error;
      failure ??= error as Error;
    }
  }
  if (failure && !stopped) throw new MergeError(`${input.name} is not a JSON report: ${failure.message.split('\n')[0]}`);
  if (!stopped && !parser.isEnded) {
    try {
      parser.end();
    } catch (error) {
      throw new MergeError(`${input.name} is not a whole JSON report: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}

/** Only what `readReport` gives before the results: enough to check that the shards belong together. */
async function readHeader(input: MergeInput): Promise<ShardHeader> {
  const seen: Record<string, unknown> = {};
  await readReport(input, HEADER_PATHS, (path, value) => {
    seen[path] = value;
    return '$.tool' in seen && '$.scan' in seen && '$.rules' in seen && '$.summary' in seen;
  });
  return headerOf(input.name, seen);
}

function headerOf(name: string, seen: Record<string, unknown>): ShardHeader {
  const tool = seen['$.tool'] as { name?: unknown; version?: unknown } | undefined;
  const scan = seen['$.scan'] as ReportDocument['scan'] | undefined;
  if (!tool || tool.name !== 'vigil' || typeof tool.version !== 'string' || !scan || typeof scan !== 'object') {
    throw new MergeError(`${name} is not a Vigil JSON report (no tool or scan): write shard reports with \`vigil scan --shard K/N --format json\``);
  }
  const shard = scan.shard;
  if (!shard || typeof shard.index !== 'number' || typeof shard.count !== 'number' || typeof shard.runId !== 'string') {
    throw new MergeError(`${name} is not a shard's report (its scan names no shard): only reports of \`vigil scan --shard K/N\` are merged`);
  }
  if (scan.attestations) throw new MergeError(`${name} was attested (--attestations): merge the shards without attestations, then attest the merged report with \`vigil report merged.json --attestations FILE\``);
  const version = typeof seen['$.schemaVersion'] === 'string' ? (seen['$.schemaVersion'] as string) : undefined;
  if (version !== undefined && version.split('.')[0] !== SCHEMA_VERSION.split('.')[0]) throw new MergeError(`${name} has report schema ${version}; this Vigil writes ${SCHEMA_VERSION}`);
  const rules = (seen['$.rules'] as ReportDocument['rules'] | undefined) ?? [];
  return { input: name, toolVersion: tool.version, scan, shard, rules, rulesDigest: createHash('sha256').update(JSON.stringify(rules)).digest('hex'), summary: seen['$.summary'] as ReportDocument['summary'] | undefined, ...(version ? { schemaVersion: version } : {}) };
}

/** The settings every shard of one run shares; a difference is named with both values. */
function checkTogether(headers: ShardHeader[]): void {
  const first = headers[0]!;
  const settings: Array<[string, (h: ShardHeader) => string]> = [
    ['run', (h) => h.shard.runId],
    ['Vigil version', (h) => h.toolVersion],
    ['number of shards', (h) => String(h.shard.count)],
    ['rule set (hash)', (h) => h.scan.ruleSetHash],
    ['rules in scope, severities and parameters', (h) => h.rulesDigest],
    ['frameworks', (h) => JSON.stringify(h.scan.frameworks)],
    ['--fail-on', (h) => h.scan.failOn],
    ['paths', (h) => JSON.stringify(h.scan.paths)],
  ];
  for (const [what, of] of settings) {
    const other = headers.find((h) => of(h) !== of(first));
    if (other) {
      const show = (h: ShardHeader) => (what.startsWith('rules in scope') ? 'its own' : of(h));
      throw new MergeError(`the shards are not of one run: ${first.input} (shard ${first.shard.index}/${first.shard.count}) and ${other.input} (shard ${other.shard.index}/${other.shard.count}) differ in ${what}: ${show(first)} and ${show(other)}`);
    }
  }
  const byIndex = new Map<number, ShardHeader>();
  for (const h of headers) {
    const twin = byIndex.get(h.shard.index);
    if (twin) throw new MergeError(`shard ${h.shard.index}/${h.shard.count} is given twice: ${twin.input} and ${h.input}`);
    byIndex.set(h.shard.index, h);
  }
  const missing: number[] = [];
  for (let i = 1; i <= first.shard.count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) {
    const named = missing.length > 20 ? `${missing.slice(0, 20).join(', ')} and ${missing.length - 20} more` : missing.join(', ');
    throw new MergeError(`shard${missing.length === 1 ? '' : 's'} ${named} of ${first.shard.count} ${missing.length === 1 ? 'is' : 'are'} missing from run ${first.shard.runId}: every shard's report is needed`);
  }
}

export interface MergeOptions {
  catalogue: Pick<Catalogue, 'frameworks' | 'hash' | 'rules'>;
  /** A folder for the spools (default: a new one under the system's temporary folder). */
  spoolDir?: string;
}

export async function mergeShards(inputs: MergeInput[], options: MergeOptions): Promise<MergedReport> {
  if (inputs.length === 0) throw new MergeError('no shard reports to merge');
  const headers: ShardHeader[] = [];
  for (const input of inputs) {
    const header = await readHeader(input);
    if (headers.length > 0) header.rules = [];
    headers.push(header);
  }
  checkTogether(headers);
  const first = headers[0]!;
  if (first.scan.ruleSetHash !== options.catalogue.hash) {
    throw new MergeError(`the shards were scanned with rule set ${first.scan.ruleSetHash.slice(0, 12)}, and this Vigil has ${options.catalogue.hash.slice(0, 12)}: give merge the same --rules folders the scan had`);
  }
  const ordered = inputs.map((input, i) => ({ input, header: headers[i]! })).sort((a, b) => a.header.shard.index - b.header.shard.index);
  const spoolDir = options.spoolDir ?? mkdtempSync(join(tmpdir(), 'vigil-merge-'));
  const close = () => rmSync(spoolDir, { recursive: true, force: true });
  try {
    const tally: RuleTally = new Map();
    const coverage = new CoverageTally();
    let anyCoverage = false;
    const byStatus: Record<Status, number> = { pass: 0, fail: 0, unknown: 0, suppressed: 0 };
    const failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    let results = 0;
    let resources = 0;
    const errors: ScanProblem[] = [];
    const seenErrors = new Set<string>();
    const accounts = new Set<string>();
    const regions = new Set<string>();
    const spools: string[] = [];
    const shards: ReportMerged['shards'] = [];
    for (const { input, header } of ordered) {
      const spool = join(spoolDir, `shard-${header.shard.index}.ndjson`);
      const writer = new LineWriter(spool);
      let previous: ReportResult | undefined;
      let count = 0;
      let summary: ReportDocument['summary'] | undefined;
      try {
        await readReport(input, BODY_PATHS, (path, value) => {
          if (path === '$.results.*') {
            const result = value as ReportResult;
            if (!result || typeof result !== 'object' || !result.rule || !result.resource || !(result.status in byStatus)) throw new MergeError(`${input.name}: result ${count + 1} is not a result`);
            if (previous && compareResults(previous, result) > 0) throw new MergeError(`${input.name}: its results are not in report order (result ${count + 1}), so it was edited after it was written`);
            previous = result;
            count++;
            byStatus[result.status]++;
            if (result.status === 'fail') failedBySeverity[result.rule.severity]++;
            tallyResult(tally, result);
            writer.line(JSON.stringify(result));
          } else if (path === '$.coverage') {
            anyCoverage = true;
            for (const entry of value as NonNullable<ReportDocument['coverage']>) coverage.addEntry(entry);
          } else if (path === '$.errors') {
            for (const problem of value as ScanProblem[]) {
              // A module folder two shards' roots both call reports its problems in both.
              const key = JSON.stringify(problem);
              if (seenErrors.has(key)) continue;
              seenErrors.add(key);
              errors.push(problem);
            }
          } else if (path === '$.summary') {
            summary = value as ReportDocument['summary'];
          } else if (path === '$.drift' || path === '$.comparison') {
            throw new MergeError(`${input.name} holds a ${path.slice(2)} section, which a shard never writes`);
          }
        });
      } finally {
        writer.close();
      }
      if (!summary || summary.results !== count) throw new MergeError(`${input.name}: its summary says ${summary?.results ?? 'nothing of'} results, but it holds ${count}, so it was edited or cut short`);
      results += count;
      resources += summary.resources;
      for (const a of header.scan.accounts ?? []) accounts.add(a);
      for (const r of header.scan.regions ?? []) regions.add(r);
      spools.push(spool);
      shards.push({
        index: header.shard.index,
        source: input.name,
        startedAt: header.scan.startedAt,
        finishedAt: header.scan.finishedAt,
        results: count,
        resources: summary.resources,
        ...(header.shard.from ? { from: header.shard.from } : {}),
        covered: header.shard.covered,
        ...(header.scan.provenance ? { provenance: header.scan.provenance } : {}),
      });
    }
    const inventory = anyCoverage ? coverage.entries() : undefined;
    const frameworks = rollUpTally(options.catalogue.frameworks, tally, first.scan.frameworks, new Map(options.catalogue.rules.map((r) => [r.id, r.kind])), inventory ? { services: servicesPresent(inventory) } : undefined);
    const aws = first.scan.accounts !== undefined;
    const { shard: _shard, provenance, ...scan } = first.scan;
    const head: MergedReport['head'] = {
      schemaVersion: first.schemaVersion ?? SCHEMA_VERSION,
      tool: { name: 'vigil', version: first.toolVersion },
      scan: {
        ...scan,
        startedAt: minOf(headers.map((h) => h.scan.startedAt)),
        finishedAt: maxOf(headers.map((h) => h.scan.finishedAt)),
        ...(aws ? { accounts: [...accounts].sort(), regions: [...regions].sort() } : {}),
        ...(provenance ? { provenance } : {}),
        merged: { runId: first.shard.runId, count: first.shard.count, shards },
      },
      summary: { results, byStatus, failedBySeverity, resources, errors: errors.filter((e) => e.severity === 'error').length },
      frameworks,
      ...(inventory ? { coverage: inventory } : {}),
      rules: first.rules,
      errors,
    };
    return { head, results: () => mergeSpools(spools, spoolDir), close };
  } catch (error) {
    close();
    throw error;
  }
}

const minOf = (values: string[]): string => values.reduce((a, b) => (b < a ? b : a));
const maxOf = (values: string[]): string => values.reduce((a, b) => (b > a ? b : a));

/** The results of every spool in report order: spools are merged MERGE_FAN_IN at a time, in rounds. */
async function* mergeSpools(spools: string[], dir: string): AsyncGenerator<ReportResult> {
  let round = spools;
  let generation = 0;
  while (round.length > MERGE_FAN_IN) {
    const next: string[] = [];
    for (let i = 0; i < round.length; i += MERGE_FAN_IN) {
      const out = join(dir, `round-${generation}-${i / MERGE_FAN_IN}.ndjson`);
      const writer = new LineWriter(out);
      try {
        for (const { line } of mergeLines(round.slice(i, i + MERGE_FAN_IN))) writer.line(line);
      } finally {
        writer.close();
      }
      next.push(out);
    }
    for (const spool of round) rmSync(spool, { force: true });
    round = next;
    generation++;
  }
  for (const { result } of mergeLines(round)) yield result;
}

/** A k-way merge of spools already in report order; the earlier spool first on a tie. */
function* mergeLines(files: string[]): Generator<{ line: string; result: ReportResult }> {
  const readers = files.map((file) => new LineReader(file));
  try {
    const heads: Array<{ line: string; result: ReportResult } | undefined> = readers.map((r) => nextOf(r));
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i];
        if (!head) continue;
        if (best < 0 || compareResults(head.result, heads[best]!.result) < 0) best = i;
      }
      if (best < 0) return;
      yield heads[best]!;
      heads[best] = nextOf(readers[best]!);
    }
  } finally {
    for (const r of readers) r.close();
  }
}

function nextOf(reader: LineReader): { line: string; result: ReportResult } | undefined {
  const line = reader.next();
  return line === undefined ? undefined : { line, result: JSON.parse(line) as ReportResult };
}

/** Lines of a file, read through one small buffer. */
class LineReader {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(1 << 16);
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private lines: string[] = [];
  private at = 0;
  private done = false;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
  }

  next(): string | undefined {
    while (this.at >= this.lines.length) {
      if (this.done) return undefined;
      const n = readSync(this.fd, this.buffer, 0, this.buffer.length, null);
      if (n === 0) {
        this.done = true;
        const rest = this.pending + this.decoder.end();
        this.lines = rest === '' ? [] : [rest];
        this.pending = '';
      } else {
        const parts = (this.pending + this.decoder.write(this.buffer.subarray(0, n))).split('\n');
        this.pending = parts.pop()!;
        this.lines = parts;
      }
      this.at = 0;
    }
    return this.lines[this.at++];
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Lines to a file, through a buffer. */
class LineWriter {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  line(text: string): void {
    this.chunks.push(text, '\n');
    this.size += text.length + 1;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.chunks.length > 0) writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * The merged report as JSON, written piece by piece to `write` exactly as `JSON.stringify(document,
 * null, 2)` would write the whole; returns whether the gate fails and the exceptions.
 */
export async function writeMergedJson(merged: MergedReport, write: (text: string) => void): Promise<{ gateFails: boolean }> {
  const { head } = merged;
  // The document's own key order, with results and exceptions in their places.
  const { errors, ...beforeResults } = head;
  const opening = JSON.stringify({ ...beforeResults, results: [] }, null, 2);
  write(`${opening.slice(0, opening.lastIndexOf('[]'))}[`);
  let any = false;
  let failing = false;
  const exceptions: ExceptionEntry[] = [];
  let buffered: string[] = [];
  let size = 0;
  for await (const result of merged.results()) {
    const text = `${any ? ',' : ''}\n    ${JSON.stringify(result, null, 2).replace(/\n/g, '\n    ')}`;
    buffered.push(text);
    size += text.length;
    if (size > 1 << 20) {
      write(buffered.join(''));
      buffered = [];
      size = 0;
    }
    any = true;
    if (result.status === 'suppressed') exceptions.push(...exceptionRegister([result]));
    if (!failing && result.status === 'fail' && notGatingReason(result, head.scan.failOn) === undefined) failing = true;
  }
  write(buffered.join(''));
  write(any ? '\n  ],\n' : '],\n');
  const closing = JSON.stringify({ exceptions, errors }, null, 2);
  write(`${closing.slice(closing.indexOf('\n') + 1)}\n`);
  return { gateFails: failing };
}

/** The merged report as one document in memory, for the formats that render a whole document. */
export async function mergedDocument(merged: MergedReport): Promise<ReportDocument> {
  const results: ReportResult[] = [];
  for await (const result of merged.results()) results.push(result);
  const { errors, ...head } = merged.head;
  return { ...head, results, exceptions: exceptionRegister(results), errors };
}

/** Each shard report's bytes as a stream from a local file. */
export function fileInput(file: string, name: string): MergeInput {
  return { name, open: () => createReadStream(file) };
}
