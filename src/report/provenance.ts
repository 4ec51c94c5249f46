/**
 * What a report was made from, for an auditor to tie it to its evidence: where the Terraform
 * came from (git), which variables and configuration applied, which snapshot and when its
 * answers were collected, how it was invoked, and every way the rule set differs from the
 * defaults. The JSON report carries it as `scan.provenance`; every format renders it.
 */

import type { RuleDeviation } from '../engine/effective.js';
import type { CollectionWindow } from '../model/inventory.js';

export type { RuleDeviation } from '../engine/effective.js';

export interface ReportProvenance {
  /** A free title given with --title ("Q4 2026 HIPAA evidence, production"). */
  title?: string;
  /** The command line after `vigil`, with the values of --var masked. */
  commandLine?: string[];
  /**
   * SHA-256 over the rule set and everything that changes how it judges: severity and parameter
   * overrides, disabled rules (custom rule folders are in the rule set's own hash).
   */
  effectiveRuleSetHash?: string;
  /** Every deviation from the default rule set, with the file and line that made it. */
  deviations?: RuleDeviation[];
  /** The configuration file that applied, and its SHA-256. */
  config?: { file: string; sha256: string };
  /** Terraform inside a git working copy: the commit, branch and whether it had changes. */
  git?: { commit?: string; branch?: string; dirty: boolean; remote?: string };
  /** Terraform variables applied: the files (with their SHA-256) and the names given with --var. */
  variables?: { files: Array<{ file: string; sha256: string }>; vars: string[] };
  /** --from-snapshot: the file, its SHA-256 and when its evidence was collected. */
  snapshot?: { file: string; sha256: string; collectedAt: string; toolVersion?: string };
  /** Live AWS (or the snapshot's scan): when collection started and ended per account and region. */
  collection?: CollectionWindow[];
}


/** `--var name=value` and `--var=name=value`: the value replaced, so no secret reaches a report. */
export function maskCommandLine(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--var' && i + 1 < argv.length) {
      out.push(arg, maskAssignment(argv[++i]!));
    } else if (arg.startsWith('--var=')) {
      out.push(`--var=${maskAssignment(arg.slice('--var='.length))}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}

function maskAssignment(text: string): string {
  const eq = text.indexOf('=');
  return eq < 0 ? text : `${text.slice(0, eq)}=(masked)`;
}

/** The names of `--var name=value` assignments, in order, each once. */
export function varNames(vars: readonly string[]): string[] {
  return [...new Set(vars.map((v) => (v.includes('=') ? v.slice(0, v.indexOf('=')) : v).trim()).filter(Boolean))];
}

/** One line of the provenance as people read it: a label and one value or several. */
export interface ProvenanceRow {
  label: string;
  value?: string;
  values?: string[];
  code?: boolean;
}

/** At most this many collection windows are listed; the rest are counted. */
const MAX_WINDOWS = 40;

const readable = (iso: string): string => {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
};

/** A shell word as a reader would type it: quoted when it holds anything but plain characters. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The provenance as rows, shared by the HTML's first screen and the Markdown: what was scanned,
 * when the evidence was collected beside when it was evaluated, and with what.
 */
export function provenanceRows(scan: { finishedAt: string; ruleSetHash: string; provenance?: ReportProvenance }): ProvenanceRow[] {
  const p = scan.provenance;
  if (!p) return [];
  const rows: ProvenanceRow[] = [];
  if (p.snapshot) {
    rows.push({ label: 'Evidence collected', value: `${readable(p.snapshot.collectedAt)} (snapshot written${p.snapshot.toolVersion ? ` by Vigil ${p.snapshot.toolVersion}` : ''})` });
    rows.push({ label: 'Evaluated', value: readable(scan.finishedAt) });
    rows.push({ label: 'Snapshot', value: p.snapshot.file, code: true });
    rows.push({ label: 'Snapshot SHA-256', value: p.snapshot.sha256, code: true });
  }
  if (p.collection && p.collection.length > 0) {
    const windows = p.collection.slice(0, MAX_WINDOWS).map((w) => `${w.account} ${w.region}: ${readable(w.startedAt)} to ${readable(w.finishedAt)}`);
    if (p.collection.length > MAX_WINDOWS) windows.push(`and ${p.collection.length - MAX_WINDOWS} more (see the JSON report)`);
    rows.push({ label: 'Collected, per account and region', values: windows, code: true });
  }
  if (p.git) {
    const where = [p.git.commit ? `commit ${p.git.commit}` : 'no commit yet', p.git.branch ? `branch ${p.git.branch}` : 'detached HEAD'].join(', ');
    rows.push({ label: 'Git', value: `${where}${p.git.dirty ? ', with uncommitted changes' : ', clean'}`, code: true });
    if (p.git.remote) rows.push({ label: 'Repository', value: p.git.remote, code: true });
  }
  if (p.variables && (p.variables.files.length > 0 || p.variables.vars.length > 0)) {
    if (p.variables.files.length > 0) rows.push({ label: 'Variables files (SHA-256)', values: p.variables.files.map((f) => `${f.file} ${f.sha256}`), code: true });
    if (p.variables.vars.length > 0) rows.push({ label: 'Variables set with --var (values not shown)', values: p.variables.vars, code: true });
  }
  if (p.config) rows.push({ label: 'Configuration (SHA-256)', value: `${p.config.file} ${p.config.sha256}`, code: true });
  if (p.effectiveRuleSetHash) {
    rows.push({
      label: 'Effective rule set (SHA-256)',
      value: p.effectiveRuleSetHash === scan.ruleSetHash ? `${p.effectiveRuleSetHash} (the defaults: nothing overridden)` : `${p.effectiveRuleSetHash} (${p.deviations?.length ?? 0} deviation(s) from the defaults)`,
      code: true,
    });
  }
  if (p.commandLine) rows.push({ label: 'Command', value: ['vigil', ...p.commandLine].map(shellWord).join(' '), code: true });
  return rows;
}

/** A deviation as one line: `aws-x severity high → low (.vigil.yaml:4)`. */
export function describeDeviation(d: RuleDeviation): string {
  const where = `${d.file}${d.line !== undefined ? `:${d.line}` : ''}`;
  switch (d.kind) {
    case 'severity':
      return `${d.rule}: severity ${d.default} → ${d.value} (${where})`;
    case 'parameter':
      return `${d.rule}: parameter ${d.parameter} ${d.default ?? '(none)'} → ${d.value} (${where})`;
    case 'disabled':
      return `${d.rule}: turned off (${where})`;
    case 'rules-folder':
      return `rules added from ${d.value} (${where})`;
  }
}
