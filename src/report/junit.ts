import { formatProblem } from '../model/problem.js';
import type { ReportDocument, ReportResult, ReportRule } from './document.js';

/**
 * JUnit XML in the common dialect GitLab, Jenkins and GitHub test reporters read: one test suite
 * per rule, one test case per resource. A failing result is a <failure>, an unknown or suppressed
 * one is <skipped> with the reason, and input that could not be read is an <error> in a suite of
 * its own.
 */

/** Characters XML 1.0 does not allow at all, even escaped. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(FORBIDDEN, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

function where(result: ReportResult): string {
  if (result.location) return `${result.location.file}:${result.location.startLine}`;
  const r = result.resource;
  return [r.arn ?? r.name, r.account && `account ${r.account}`, r.region].filter(Boolean).join(' · ');
}

function details(result: ReportResult, rule: ReportRule | undefined): string {
  const lines = [`${result.resource.kind} ${result.resource.address ?? result.resource.arn ?? result.resource.name}`, `at ${where(result)}`];
  for (const fact of result.facts) lines.push(`  ${fact}`);
  if (result.requirements.length > 0) lines.push(`requirements: ${result.requirements.map((q) => `${q.framework} ${q.citation}`).join(', ')}`);
  if (rule) lines.push(`fix: ${rule.remediation.text.trim()}`);
  return lines.join('\n');
}

function testCase(result: ReportResult, rule: ReportRule | undefined): string {
  const name = result.resource.address ?? result.resource.arn ?? result.resource.name;
  const head = `    <testcase${attributes({ classname: `vigil.${result.rule.id}`, name, file: result.location?.file, line: result.location?.startLine, time: 0 })}`;
  switch (result.status) {
    case 'pass':
      return `${head}/>`;
    case 'fail':
      return `${head}>\n      <failure${attributes({ message: result.message, type: result.rule.severity })}>${xmlEscape(details(result, rule))}</failure>\n    </testcase>`;
    case 'unknown':
      return `${head}>\n      <skipped${attributes({ message: `unknown: ${result.message}` })}/>\n    </testcase>`;
    case 'suppressed': {
      const s = result.suppression;
      const why = s ? [s.reason, s.owner && `owner ${s.owner}`, s.expires && `until ${s.expires}`].filter(Boolean).join('; ') : 'no reason recorded';
      return `${head}>\n      <skipped${attributes({ message: `suppressed: ${why}` })}/>\n    </testcase>`;
    }
  }
}

export function renderJunit(document: ReportDocument): string {
  const rules = new Map(document.rules.map((rule) => [rule.id, rule]));
  const byRule = new Map<string, ReportResult[]>();
  for (const result of document.results) {
    const list = byRule.get(result.rule.id) ?? [];
    list.push(result);
    byRule.set(result.rule.id, list);
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const [ruleId, results] of byRule) {
    const rule = rules.get(ruleId);
    const failed = results.filter((r) => r.status === 'fail').length;
    const skips = results.filter((r) => r.status === 'unknown' || r.status === 'suppressed').length;
    tests += results.length;
    failures += failed;
    skipped += skips;
    const title = rule?.title ?? results[0]!.rule.title;
    suites.push(
      `  <testsuite${attributes({ name: `${ruleId}: ${title}`, tests: results.length, failures: failed, errors: 0, skipped: skips, time: 0, timestamp: document.scan.startedAt.replace(/Z$/, '') })}>\n` +
        results.map((r) => testCase(r, rule)).join('\n') +
        '\n  </testsuite>',
    );
  }
  const errors = document.errors.filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    tests += errors.length;
    suites.push(
      `  <testsuite${attributes({ name: 'vigil: input that could not be scanned', tests: errors.length, failures: 0, errors: errors.length, skipped: 0, time: 0 })}>\n` +
        errors
          .map(
            (e) =>
              `    <testcase${attributes({ classname: 'vigil.input', name: e.file ?? 'input', file: e.file, line: e.line, time: 0 })}>\n      <error${attributes({ message: formatProblem(e), type: 'input' })}/>\n    </testcase>`,
          )
          .join('\n') +
        '\n  </testsuite>',
    );
  }
  const seconds = Math.max(0, (Date.parse(document.scan.finishedAt) - Date.parse(document.scan.startedAt)) / 1000);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attributes({ name: `Vigil ${document.tool.version}`, tests, failures, errors: errors.length, skipped, time: seconds.toFixed(3) })}>\n` +
    (suites.length > 0 ? `${suites.join('\n')}\n` : '') +
    '</testsuites>\n'
  );
}
