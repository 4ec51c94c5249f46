import type { ReportDrift, ReportDriftResource } from './document.js';

/**
 * The drift section in words: the console's summary line and the lists `vigil drift` prints.
 * Text only; the caller escapes control characters (see terminal.ts) as for every console line.
 */

/** `Drift: 4 joined (code · state · live): 2 drifted, 1 not applied, 1 unmanaged, 1 gone`. */
export function driftSummaryLine(drift: ReportDrift): string {
  const s = drift.summary;
  const views = drift.live ? 'code · state · live' : 'code · state';
  const parts = [`${s.notApplied} not applied`];
  if (drift.live) parts.unshift(`${s.drifted} drifted`);
  if (drift.live) parts.push(`${s.unmanaged} unmanaged`, `${s.gone} gone`);
  if (s.notCompared > 0) parts.push(`${s.notCompared} not looked for`);
  return `Drift: ${s.joined} joined (${views}) from ${drift.states.length} state${drift.states.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** Whether there is anything to act on: drift, unmanaged or gone resources. */
export function hasDrift(drift: ReportDrift): boolean {
  return drift.summary.drifted + drift.summary.unmanaged + drift.summary.gone > 0;
}

/** Verdicts on the three views: `pass → pass → fail`. */
export function verdictTrail(v: ReportDriftResource['verdicts'][number]): string {
  return `${v.code ?? '–'} → ${v.state ?? '–'} → ${v.live ?? '–'}`;
}

/** The rules whose verdict is not the same on every view that has one. */
export function changedVerdicts(r: ReportDriftResource): ReportDriftResource['verdicts'] {
  return r.verdicts.filter((v) => new Set([v.code, v.state, v.live].filter((s) => s !== undefined)).size > 1);
}

const where = (r: { address: string; root?: string; location?: { file: string; startLine: number } }): string =>
  `${r.root !== undefined ? `${r.root}: ` : ''}${r.address}${r.location ? ` (${r.location.file}:${r.location.startLine})` : ''}`;

/** The lists `vigil drift` prints: drifted, not applied, unmanaged, gone and not looked for. */
export function driftLines(drift: ReportDrift): string[] {
  const lines: string[] = [driftSummaryLine(drift), ''];
  const drifted = drift.resources.filter((r) => r.drift.length > 0);
  if (drifted.length > 0) {
    lines.push('Drifted (state ≠ live: changed outside Terraform):');
    for (const r of drifted) {
      lines.push(`  ${where(r)}  ${r.views.live?.arn ?? ''}`.trimEnd());
      for (const d of r.drift) lines.push(`      ${d.attribute}: state ${d.state}, live ${d.live}`);
      for (const v of changedVerdicts(r)) lines.push(`      ${v.rule} (${v.severity}): code → state → live: ${verdictTrail(v)}`);
    }
    lines.push('');
  }
  const pending = drift.resources.filter((r) => r.notApplied.length > 0);
  if (pending.length > 0) {
    lines.push('Not applied (code ≠ state):');
    for (const r of pending) {
      lines.push(`  ${where(r)}`);
      for (const d of r.notApplied) lines.push(`      ${d.attribute}: code ${d.code}, state ${d.state}`);
    }
    lines.push('');
  }
  if (drift.unmanaged.length > 0) {
    lines.push('Unmanaged (in the account, in no state):');
    for (const u of drift.unmanaged) lines.push(`  ${u.kind}  ${u.arn}  (${u.account} ${u.region})`);
    lines.push('');
  }
  if (drift.gone.length > 0) {
    lines.push('Gone (in a state, not in the account):');
    for (const g of drift.gone) lines.push(`  ${where(g)}  ${g.arn ?? g.id ?? ''}  [${g.state}]`.trimEnd());
    lines.push('');
  }
  if (drift.notCompared.length > 0) {
    lines.push('Not looked for in the account:');
    for (const n of drift.notCompared) lines.push(`  ${n.address}  [${n.state}]: ${n.reason}`);
    lines.push('');
  }
  if (!drift.live) lines.push('No live account was read (--aws or --from-snapshot): only code and state were compared.');
  return lines;
}
