import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { syntheticReport } from '../../src/bench/reports.js';
import type { Framework } from '../../src/engine/catalogue.js';
import { notGatingReason, type ReportDocument, type ReportResult } from '../../src/report/document.js';
import { renderJunit } from '../../src/report/junit.js';
import { MARKDOWN_LIMIT, mdText, renderMarkdown } from '../../src/report/markdown.js';
import { relativeUri, renderSarif } from '../../src/report/sarif.js';
import { expectValidReport, sarifSchemaErrors } from './validate.js';

/** A small report with one result of each status, from Terraform and from AWS, and hostile text. */
function mixedReport(): ReportDocument {
  const document = syntheticReport(40);
  const [first, second, third] = document.results as [ReportResult, ReportResult, ReportResult];
  first.status = 'suppressed';
  first.suppression = { reason: 'Public website bucket <by design>', owner: 'web-team', expires: '2027-03-31', source: 'config' };
  second.status = 'unknown';
  second.message = 'Not known before apply: \u0007bell & "quotes"';
  third.status = 'fail';
  third.resource.name = '<script>alert(1)</script> | `tick` **bold**';
  third.resource.address = 'aws_s3_bucket.b["<script>alert(1)</script> | `tick`"]';
  delete third.resource.arn;
  return document;
}

describe('SARIF', () => {
  it('carries suppressions with their justification, unknowns for review, and ARNs as logical locations', () => {
    const document = mixedReport();
    const log = JSON.parse(renderSarif(document)) as Sarif.Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0]!.results!;
    const suppressed = results.find((r) => r.properties!.status === 'suppressed')!;
    expect(suppressed.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Public website bucket <by design>', properties: { owner: 'web-team', expires: '2027-03-31' } },
    ]);
    // The unknown result of the mixed report is a live one: it points at no file, so it is left out.
    expect(document.results[1]!.location).toBeUndefined();
    expect(results.filter((r) => r.properties!.status === 'unknown')).toEqual([]);
    const unknown = { ...document, results: document.results.map((r, i) => (i === 1 ? { ...r, location: { file: 'main.tf', startLine: 1, endLine: 2 } } : r)) };
    expect((JSON.parse(renderSarif(unknown)) as Sarif.Log).runs[0]!.results!.find((r) => r.properties!.status === 'unknown')).toMatchObject({ kind: 'review', level: 'none' });
    // Live results point at no file: code scanning refuses them, so they are counted in the invocation instead.
    expect(results.every((r) => r.locations![0]!.physicalLocation !== undefined)).toBe(true);
    const live = document.results.filter((r) => r.status !== 'pass' && !r.location).length;
    expect(live).toBeGreaterThan(0);
    expect(log.runs[0]!.invocations![0]!.properties).toEqual({ omittedLiveResults: live });
    expect(results).toHaveLength(document.results.filter((r) => r.status !== 'pass').length - live);
    expect(results.filter((r) => r.properties!.status === 'pass')).toEqual([]);
  });

  it('writes paths as relative URI references that keep #, ? and spaces', () => {
    expect(relativeUri('infra/a b/#1?.tf')).toBe('infra/a%20b/%231%3F.tf');
  });

  it('validates against the OASIS schema for a 50,000-result report', () => {
    const log = JSON.parse(renderSarif(syntheticReport(50_000))) as Sarif.Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const document = syntheticReport(50_000);
    expect(log.runs[0]!.results!.length).toBe(document.results.filter((r) => r.status !== 'pass' && r.location).length);
    expect(log.runs[0]!.results!.length).toBeGreaterThan(0);
  });
});

describe('JUnit', () => {
  it('counts failures and skips per suite and escapes what XML cannot hold', () => {
    const xml = renderJunit(mixedReport());
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('bell &amp; &quot;quotes&quot;');
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('<skipped message="suppressed: Public website bucket &lt;by design&gt;; owner web-team; until 2027-03-31"/>');
    expect(xml.match(/<testsuite /g)).toHaveLength(40);
    expect(xml).toMatch(/<testsuites name="Vigil 0\.0\.0-bench" tests="40" failures="\d+" errors="0" skipped="\d+"/);
  });

  it('groups per framework requirement: a suite per requirement, a case per rule and resource, manual parts as cases of their own', () => {
    const document = syntheticReport(400);
    const xml = renderJunit(document, { group: 'requirement' });
    const requirements = document.frameworks.flatMap((f) => f.requirements.map((q) => ({ f, q })));
    // Every requirement is listed: the synthetic frameworks have 13 + 6.
    expect(xml.match(/<testsuite /g)).toHaveLength(requirements.length);
    for (const { f, q } of requirements) {
      const suite = xml.split('<testsuite ').find((part) => part.startsWith(`name="${f.id} ${q.citation}: ${q.title}"`))!;
      expect(suite, `${f.id} ${q.citation}`).toBeDefined();
      const results = document.results.filter((r) => q.rules.includes(r.rule.id));
      const cases = results.length + (q.manual ? 1 : 0) + (q.rules.length > 0 && results.length === 0 ? 1 : 0);
      expect(suite).toContain(`tests="${cases}" failures="${results.filter((r) => r.status === 'fail' && notGatingReason(r, document.scan.failOn) === undefined).length}"`);
      expect(suite.match(/<testcase /g)).toHaveLength(cases);
    }
    // A failing Terraform result: the rule and resource name the case; file and line point at it.
    const failing = document.results.find((r) => r.status === 'fail' && r.location && r.requirements.length === 0 && document.frameworks[0]!.requirements.some((q) => q.rules.includes(r.rule.id)))!;
    const citation = document.frameworks[0]!.requirements.find((q) => q.rules.includes(failing.rule.id))!.citation;
    const escaped = failing.resource.address!.replaceAll('"', '&quot;');
    expect(xml).toContain(`<testcase classname="vigil.hipaa.${citation}" name="${failing.rule.id}: ${escaped}" file="${failing.location!.file}" line="${failing.location!.startLine}" time="0">\n      <failure message="`);
    expect(xml).toContain('<testcase classname="vigil.hipaa.164.308(b)(1)" name="manual evidence" time="0">\n      <skipped message="manual: not attested; needs The signed BAA."/>');
    // A result counts in every requirement its rule serves.
    const total = requirements.reduce((sum, { q }) => sum + document.results.filter((r) => q.rules.includes(r.rule.id)).length, 0);
    expect(xml).toMatch(new RegExp(`<testsuites name="Vigil 0\\.0\\.0-bench" tests="${total + 1}"`));
  });

  it('per rule by default: a suite per rule whatever the frameworks', () => {
    const document = syntheticReport(400);
    expect(renderJunit(document)).toBe(renderJunit(document, { group: 'rule' }));
    expect(renderJunit(document).match(/<testsuite /g)).toHaveLength(40);
  });

  it('reports input that could not be read as errors', () => {
    const document = syntheticReport(4);
    document.errors = [{ severity: 'error', file: 'infra/main.tf', line: 3, column: 7, message: 'expected "}"' }];
    document.summary.errors = 1;
    const xml = renderJunit(document);
    expect(xml).toContain('<error message="infra/main.tf:3:7: expected &quot;}&quot;" type="input"/>');
    expect(xml).toMatch(/<testsuites [^>]* errors="1"/);
  });
});

describe('Markdown', () => {
  it('neutralises HTML and Markdown in text from the estate', () => {
    expect(mdText('<img src=x onerror=alert(1)> | **x** [a](b)\nline')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt; \\| \\*\\*x\\*\\* \\[a\\]\\(b\\) line');
    const md = renderMarkdown(mixedReport());
    // Identifiers go in code spans, where Markdown shows HTML as text; nowhere else is it raw.
    expect(md).toContain('`aws_s3_bucket.b["<script>alert(1)</script> \\| ʼtickʼ"]`');
    expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/<script|<img/);
  });

  it('stays under GitHub\'s 65,536 characters for 50,000 results and says how many it left out', () => {
    const document = syntheticReport(50_000);
    const md = renderMarkdown(document);
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    const shown = md.split('\n').filter((line) => line.startsWith('| ') && /\| `bench-rule-/.test(line));
    const failing = document.summary.byStatus.fail;
    const failingShown = shown.filter((line) => !line.includes('Not known before apply')).length;
    const left = Number(/… and (\d+) more failing results not shown/.exec(md)?.[1]);
    expect(failingShown + left).toBe(failing);
    expect(md).toMatch(new RegExp(`_${document.summary.byStatus.unknown} unknown before apply or not readable results not shown`));
  });

  it('the synthetic report used here and in the benchmark is itself a valid report', () => {
    expectValidReport(syntheticReport(100));
  });
});
