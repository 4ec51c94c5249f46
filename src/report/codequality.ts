import { createHash } from 'node:crypto';
import type { ReportDocument } from './document.js';

/**
 * GitLab Code Quality (a subset of the Code Climate issue format): one issue per failing result
 * with a location in source, so merge requests show them inline. Live AWS results have no file
 * and are left out; the JSON and HTML reports carry them.
 */

const SEVERITY: Record<string, string> = { critical: 'blocker', high: 'critical', medium: 'major', low: 'minor', info: 'info' };

export function renderCodeQuality(document: ReportDocument): string {
  const issues = document.results
    .filter((r) => r.status === 'fail' && r.location)
    .map((r) => ({
      type: 'issue',
      check_name: r.rule.id,
      description: `${r.rule.title}: ${r.resource.address ?? r.resource.name}${r.facts.length > 0 ? ` (${r.facts.join('; ')})` : ''}`,
      categories: ['Security'],
      severity: SEVERITY[r.rule.severity] ?? 'major',
      // GitLab matches issues across pipelines by fingerprint; it must be unique per issue.
      fingerprint: createHash('md5').update(r.fingerprint).digest('hex'),
      location: { path: r.location!.file, lines: { begin: r.location!.startLine, end: r.location!.endLine } },
    }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
