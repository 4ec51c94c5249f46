import { createHash } from 'node:crypto';
import type { ReportDocument } from './document.js';
import { MAX_STRING_LENGTH, NATIVE_MAX_ITEMS, stringifyWithList, tooLong, within } from './json.js';

/**
 * GitLab Code Quality (a subset of the Code Climate issue format): one issue per failing result
 * with a location in source, so merge requests show them inline. Live AWS results have no file
 * and are left out; the JSON and HTML reports carry them.
 */

const SEVERITY: Record<string, string> = { critical: 'blocker', high: 'critical', medium: 'major', low: 'minor', info: 'info' };

export function renderCodeQuality(document: ReportDocument, maxLength = MAX_STRING_LENGTH): string {
  // Made one at a time as the text is written, so a large estate's issues never all exist at once.
  function* issues(): Generator<object> {
    for (const r of document.results) {
      if (r.status !== 'fail' || !r.location) continue;
      yield {
        type: 'issue',
        check_name: r.rule.id,
        description: `${r.rule.title}: ${r.resource.address ?? r.resource.name}${r.facts.length > 0 ? ` (${r.facts.join('; ')})` : ''}`,
        categories: ['Security'],
        severity: SEVERITY[r.rule.severity] ?? 'major',
        // GitLab matches issues across pipelines by fingerprint; it must be unique per issue.
        fingerprint: createHash('md5').update(r.fingerprint).digest('hex'),
        location: { path: r.location.file, lines: { begin: r.location.startLine, end: r.location.endLine } },
      };
    }
  }
  const message = (): string => tooLong('GitLab Code Quality', document.results.length, maxLength);
  if (document.results.length <= NATIVE_MAX_ITEMS) return within(`${JSON.stringify([...issues()], null, 2)}\n`, maxLength, message);
  return stringifyWithList({ [Symbol.iterator]: issues }, [], maxLength, message);
}
