// The GitHub Action's outputs from Vigil's JSON report, as `name=value` lines for $GITHUB_OUTPUT.
// Plain Node with no dependencies, so it runs whatever way the action installs the CLI.
//
//   node action/outputs.mjs <vigil.json>  >> "$GITHUB_OUTPUT"
//
// new-failures: failing results that fail the gate. After --changed-since or --baseline those are
// the failures new since then; results of module folders on their own defaults never count.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

/** Whether a failing result fails the gate, as `vigil scan` decides it. */
export function gates(result, failOn) {
  if (result.status !== 'fail' || result.informational !== undefined || result.baseline === 'existing') return false;
  if (failOn === 'none') return false;
  return SEVERITIES.indexOf(result.rule.severity) <= SEVERITIES.indexOf(failOn ?? 'low');
}

export function outputs(report) {
  const byStatus = report.summary.byStatus;
  return {
    failed: byStatus.fail,
    passed: byStatus.pass,
    unknown: byStatus.unknown,
    suppressed: byStatus.suppressed,
    'new-failures': report.results.filter((r) => gates(r, report.scan.failOn)).length,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node action/outputs.mjs <vigil.json>\n');
    process.exit(2);
  }
  const values = outputs(JSON.parse(readFileSync(file, 'utf8')));
  for (const [name, value] of Object.entries(values)) process.stdout.write(`${name}=${value}\n`);
}
