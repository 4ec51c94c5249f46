import { formatProblem } from '../model/problem.js';
import { notGatingReason, type ReportDocument, type ReportResult, type ReportRule } from './document.js';
import { requirementStatusLabel } from '../engine/rollup.js';

/**
 * JUnit XML in the common dialect GitLab, Jenkins and GitHub test reporters read: one test suite
 * per rule (the default) or per framework requirement, one test case per resource. A failing
 * result is a <failure> when it fails the gate and <skipped> with the reason when it does not (a
 * module folder on its own defaults, a baselined result, a severity below --fail-on), so the test
 * tab agrees with the exit code; an unknown or suppressed one is <skipped> with the reason; input that
 * could not be read is an <error> in a suite of its own. Grouped by requirement, a result counts
 * in every requirement its rule serves, and a manual part is a test case of its own: passing when
 * attested, skipped while open or stale.
 */

export const JUNIT_GROUPS = ['rule', 'requirement'] as const;
export type JunitGroup = (typeof JUNIT_GROUPS)[number];

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

/** A result as the test tab counts it: a failure only when it fails the gate. */
function outcome(result: ReportResult, failOn: ReportDocument['scan']['failOn']): 'pass' | 'failure' | 'skipped' {
  if (result.status === 'pass') return 'pass';
  if (result.status === 'fail' && notGatingReason(result, failOn) === undefined) return 'failure';
  return 'skipped';
}

function testCase(result: ReportResult, rule: ReportRule | undefined, classname: string, byRequirement: boolean, failOn: ReportDocument['scan']['failOn']): string {
  const resource = result.resource.address ?? result.resource.arn ?? result.resource.name;
  // Within a requirement's suite several rules test one resource: the rule tells the cases apart.
  const name = byRequirement ? `${result.rule.id}: ${resource}` : resource;
  const head = `    <testcase${attributes({ classname, name, file: result.location?.file, line: result.location?.startLine, time: 0 })}`;
  switch (result.status) {
    case 'pass':
      return `${head}/>`;
    case 'fail': {
      const notGating = notGatingReason(result, failOn);
      if (notGating) return `${head}>\n      <skipped${attributes({ message: `${notGating}; fails ${result.rule.severity}: ${result.message}` })}/>\n      <system-out>${xmlEscape(details(result, rule))}</system-out>\n    </testcase>`;
      // After --baseline or --changed-since, each failure says whether it is new: a dashboard shows it in the message and as a property.
      if (result.baseline) {
        return `${head}>\n      <properties><property${attributes({ name: 'baseline', value: result.baseline })}/></properties>\n      <failure${attributes({ message: `[${result.baseline}] ${result.message}`, type: result.rule.severity })}>${xmlEscape(details(result, rule))}</failure>\n    </testcase>`;
      }
      return `${head}>\n      <failure${attributes({ message: result.message, type: result.rule.severity })}>${xmlEscape(details(result, rule))}</failure>\n    </testcase>`;
    }
    case 'unknown':
      return `${head}>\n      <skipped${attributes({ message: `unknown: ${result.message}` })}/>\n    </testcase>`;
    case 'suppressed': {
      const s = result.suppression;
      const why = s ? [s.reason, s.owner && `owner ${s.owner}`, s.expires && `until ${s.expires}`].filter(Boolean).join('; ') : 'no reason recorded';
      return `${head}>\n      <skipped${attributes({ message: `suppressed: ${why}` })}/>\n    </testcase>`;
    }
  }
}

interface Suite {
  name: string;
  cases: string[];
  tests: number;
  failures: number;
  skipped: number;
  /** Grouped by requirement: the requirement's rolled-up status, as every format shows it. */
  status?: { value: string; label: string };
}

function addResult(suite: Suite, result: ReportResult, rule: ReportRule | undefined, classname: string, byRequirement: boolean, failOn: ReportDocument['scan']['failOn']): void {
  suite.cases.push(testCase(result, rule, classname, byRequirement, failOn));
  suite.tests++;
  const counted = outcome(result, failOn);
  if (counted === 'failure') suite.failures++;
  if (counted === 'skipped') suite.skipped++;
}

function suitesByRule(document: ReportDocument, rules: Map<string, ReportRule>): Suite[] {
  const byRule = new Map<string, Suite>();
  for (const result of document.results) {
    let suite = byRule.get(result.rule.id);
    if (!suite) {
      const title = rules.get(result.rule.id)?.title ?? result.rule.title;
      suite = { name: `${result.rule.id}: ${title}`, cases: [], tests: 0, failures: 0, skipped: 0 };
      byRule.set(result.rule.id, suite);
    }
    addResult(suite, result, rules.get(result.rule.id), `vigil.${result.rule.id}`, false, document.scan.failOn);
  }
  return [...byRule.values()];
}

function suitesByRequirement(document: ReportDocument, rules: Map<string, ReportRule>): Suite[] {
  const resultsByRule = new Map<string, ReportResult[]>();
  for (const result of document.results) {
    const list = resultsByRule.get(result.rule.id) ?? [];
    list.push(result);
    resultsByRule.set(result.rule.id, list);
  }
  const suites: Suite[] = [];
  for (const framework of document.frameworks) {
    for (const requirement of framework.requirements) {
      const suite: Suite = { name: `${framework.id} ${requirement.citation}: ${requirement.title}`, cases: [], tests: 0, failures: 0, skipped: 0, status: { value: requirement.status, label: requirementStatusLabel(requirement.status, requirement.automated) } };
      const classname = `vigil.${framework.id}.${requirement.citation}`;
      for (const id of requirement.rules) {
        for (const result of resultsByRule.get(id) ?? []) addResult(suite, result, rules.get(id), classname, true, document.scan.failOn);
      }
      const automated = requirement.automated;
      if (requirement.rules.length > 0 && (automated === 'not-evaluated' || automated === 'not-applicable' || automated === 'excepted' || suite.tests === 0)) {
        // Still listed, as the checklist lists it; an excepted requirement is never a quiet pass.
        const message =
          automated === 'excepted'
            ? `excepted: ${requirement.counts.suppressed} failing or unknown result(s) accepted by suppression; not a pass`
            : automated === 'not-evaluated'
              ?  `not evaluated: resources these rules look at were found, but none was judged by ${requirement.rules.join(', ')}`
              : `not applicable: no resource that ${requirement.rules.join(', ')} apply to was in scope`;
        suite.tests++;
        suite.skipped++;
        suite.cases.push(`    <testcase${attributes({ classname, name: 'automated evidence', time: 0 })}>\n      <skipped${attributes({ message })}/>\n    </testcase>`);
      }
      if (requirement.manual) {
        const state = requirement.manual.state ?? (requirement.manual.attested ? 'attested' : 'not-attested');
        const a = requirement.manual.attestation;
        const head = `    <testcase${attributes({ classname, name: 'manual evidence', time: 0 })}`;
        suite.tests++;
        if (state === 'attested') {
          suite.cases.push(`${head}>\n      <system-out>${xmlEscape(`attested by ${a!.by} on ${a!.date}: ${a!.statement}`)}</system-out>\n    </testcase>`);
        } else {
          suite.skipped++;
          const why =
            state === 'stale'
              ? `manual: attestation by ${a!.by} on ${a!.date} is stale${a!.due ? ` (was due ${a!.due})` : ''}, renew it`
              : state === 'not-applicable'
                ? `manual: not applicable: ${a!.justification ?? a!.statement} (recorded by ${a!.by} on ${a!.date})`
                : `manual: not attested; needs ${requirement.manual.evidence}`;
          suite.cases.push(`${head}>\n      <skipped${attributes({ message: why })}/>\n    </testcase>`);
        }
      }
      if (suite.tests > 0) suites.push(suite);
    }
  }
  return suites;
}

export function renderJunit(document: ReportDocument, options: { group?: JunitGroup } = {}): string {
  const rules = new Map(document.rules.map((rule) => [rule.id, rule]));
  const grouped = options.group === 'requirement' ? suitesByRequirement(document, rules) : suitesByRule(document, rules);
  const timestamp = document.scan.startedAt.replace(/Z$/, '');
  const suites = grouped.map(
    (suite) =>
      `  <testsuite${attributes({ name: suite.name, tests: suite.tests, failures: suite.failures, errors: 0, skipped: suite.skipped, time: 0, timestamp })}>\n` +
      (suite.status ? `    <properties>\n      <property${attributes({ name: 'vigil.status', value: suite.status.value })}/>\n      <property${attributes({ name: 'vigil.status.label', value: suite.status.label })}/>\n    </properties>\n` : '') +
      suite.cases.join('\n') +
      '\n  </testsuite>',
  );
  let tests = grouped.reduce((sum, suite) => sum + suite.tests, 0);
  const failures = grouped.reduce((sum, suite) => sum + suite.failures, 0);
  const skipped = grouped.reduce((sum, suite) => sum + suite.skipped, 0);
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
