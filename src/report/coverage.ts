import { summarizeCoverage, type CoverageEntry } from '../engine/inventory-coverage.js';

/**
 * How reports say what was not looked at: one line for the console and a pull-request comment,
 * the types no rule judged, and the live blind spots (types listed by AWS Config or the tagging
 * API that Vigil has no collector for).
 */

/** Up to this many types are named on the one line; the rest are counted. */
const NAMED = 6;

/** `212 resources judged; 31 of 6 types no rule covers: aws_mq_broker ×2, …`. */
export function coverageLine(entries: readonly CoverageEntry[]): string {
  const s = summarizeCoverage(entries.filter((e) => e.collected !== false));
  const head = `${s.judged} resource${s.judged === 1 ? '' : 's'} judged`;
  const partly = s.partly > 0 ? `; ${s.partly} more of judged types not judged (no rule applied to them)` : '';
  if (s.uncoveredTypes === 0) return `${head}; every type found is covered by a rule${partly}`;
  const named = s.top.slice(0, NAMED).map((t) => `${t.type} ×${t.count}`);
  const more = s.top.length > NAMED ? `, and ${s.top.length - NAMED} more type${s.top.length - NAMED === 1 ? '' : 's'}` : '';
  return `${head}; ${s.uncovered} of ${s.uncoveredTypes} type${s.uncoveredTypes === 1 ? '' : 's'} no rule covers: ${named.join(', ')}${more}${partly}`;
}

/** Live types some listing found that no collector reads: the tool's own blind spots. */
export function blindSpots(entries: readonly CoverageEntry[]): CoverageEntry[] {
  return entries.filter((e) => e.collected === false).sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
}

/** `AWS Config lists 3 resources of 2 types no collector reads: AWS::MQ::Broker ×2, …`. */
export function blindSpotLine(entries: readonly CoverageEntry[]): string | undefined {
  const spots = blindSpots(entries);
  if (spots.length === 0) return undefined;
  const total = spots.reduce((sum, e) => sum + e.count, 0);
  const services = [...new Set(spots.map((e) => e.service))].sort();
  const named = spots.slice(0, NAMED).map((e) => `${e.type} ×${e.count}`);
  const more = spots.length > NAMED ? `, and ${spots.length - NAMED} more` : '';
  return `not read (no collector): ${total} resource${total === 1 ? '' : 's'} of ${spots.length} type${spots.length === 1 ? '' : 's'} in ${services.join(', ')}: ${named.join(', ')}${more}`;
}

/** The types found and not (fully) judged, most unjudged first: the "Not evaluated" section's rows. */
export function notJudged(entries: readonly CoverageEntry[]): CoverageEntry[] {
  return entries.filter((e) => e.collected !== false && e.judged < e.count).sort((a, b) => b.count - b.judged - (a.count - a.judged) || (a.type < b.type ? -1 : 1));
}
