import type { Framework, Severity } from '../engine/catalogue.js';
import type { Status } from '../engine/evaluate.js';
import { countResults, SCHEMA_VERSION, type ReportDocument, type ReportResult, type ReportRule } from '../report/document.js';
import { loadFormatter, type FormatName } from '../report/formats.js';
import { rollUpFrameworks } from '../engine/rollup.js';

/**
 * The reports benchmark: a large estate's report (by default 50,000 results, the size issue 6
 * sets for the HTML checklist) rendered in every format, with the time and size of each.
 */

const SEVERITY_CYCLE: Severity[] = ['critical', 'high', 'medium', 'medium', 'low', 'low', 'info'];
const STATUS_CYCLE: Status[] = ['pass', 'pass', 'pass', 'fail', 'pass', 'unknown', 'pass', 'fail', 'pass', 'suppressed'];

/** A deterministic report of `count` results over 40 rules, half Terraform and half live AWS. */
export function syntheticReport(count: number): ReportDocument {
  const rules: ReportRule[] = Array.from({ length: 40 }, (_, i) => ({
    id: `bench-rule-${String(i).padStart(2, '0')}`,
    title: `Benchmark rule ${i} holds`,
    severity: SEVERITY_CYCLE[i % SEVERITY_CYCLE.length]!,
    description: 'A rule that exists to give the report a realistic shape.',
    kind: i % 2 === 0 ? 'aws.s3.bucket' : 'aws.ec2.security_group',
    remediation: { text: 'Set the attribute the rule names.', terraform: 'resource "aws_s3_bucket" "x" {\n  bucket = "x"\n}' },
    references: [{ source: 'checkov', id: `CKV_AWS_${100 + i}` }],
  }));
  const frameworks: Framework[] = [
    {
      id: 'hipaa',
      name: 'HIPAA Security Rule',
      version: '45 CFR Part 164, Subpart C',
      description: 'Benchmark framework.',
      file: 'bench',
      requirements: [
        ...Array.from({ length: 12 }, (_, i) => ({
          citation: `164.312(${String.fromCharCode(97 + i)})`,
          title: `Technical safeguard ${i}`,
          section: i < 6 ? 'Administrative safeguards' : 'Technical safeguards',
          description: 'Benchmark requirement.',
          rules: rules.filter((_, r) => r % 12 === i || r % 7 === i).map((r) => r.id),
        })),
        { citation: '164.308(b)(1)', title: 'Business associate contracts', section: 'Administrative safeguards', description: 'Signed BAAs.', manual: { evidence: 'The signed BAA.' } },
      ],
    },
    {
      id: 'gdpr',
      name: 'GDPR',
      version: 'Regulation (EU) 2016/679',
      description: 'Benchmark framework.',
      file: 'bench',
      requirements: Array.from({ length: 6 }, (_, i) => ({
        citation: `Art. ${25 + i}`,
        title: `Article ${25 + i}`,
        section: 'Security of personal data',
        description: 'Benchmark requirement.',
        rules: rules.filter((_, r) => r % 6 === i).map((r) => r.id),
      })),
    },
  ];
  const results: ReportResult[] = Array.from({ length: count }, (_, i) => {
    const rule = rules[i % rules.length]!;
    const n = Math.floor(i / rules.length);
    const status = STATUS_CYCLE[(i + n) % STATUS_CYCLE.length]!;
    const aws = i % 2 === 1;
    const base: ReportResult = {
      status,
      rule: { id: rule.id, title: rule.title, severity: rule.severity, references: rule.references },
      resource: aws
        ? { kind: rule.kind, source: 'aws', name: `bucket-${n}`, arn: `arn:aws:s3:::bucket-${n}`, account: `1111${String(n % 4).padStart(8, '0')}`, region: ['us-east-1', 'eu-west-1'][n % 2]! }
        : { kind: rule.kind, source: 'terraform', name: `bucket-${n}`, address: `module.m${n % 50}.aws_s3_bucket.b["${n}"]` },
      requirements: [],
      message: status === 'unknown' ? 'Not known before apply: bucket is unknown' : rule.title,
      facts: status === 'fail' ? [`encryption.sse_algorithm is "AES256" (${n})`] : [],
      fingerprint: `${rule.id}|${n}|${i}`,
    };
    if (!aws) base.location = { file: `infra/module-${n % 50}/main.tf`, startLine: 1 + (n % 400), endLine: 5 + (n % 400) };
    else base.evidence = [{ service: 's3', operation: 'GetBucketEncryption', at: '2026-11-22T03:00:00.000Z' }];
    if (status === 'suppressed') base.suppression = { reason: 'Accepted until the migration', owner: 'platform-team', expires: '2027-01-31' };
    return base;
  });
  const { byStatus, failedBySeverity } = countResults(results);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'vigil', version: '0.0.0-bench' },
    scan: {
      startedAt: '2026-11-22T03:00:00.000Z',
      finishedAt: '2026-11-22T03:04:10.000Z',
      paths: ['infra'],
      frameworks: [],
      failOn: 'low',
      ruleSetHash: '0'.repeat(64),
      accounts: ['111100000000', '111100000001', '111100000002', '111100000003'],
      regions: ['eu-west-1', 'us-east-1'],
    },
    summary: { results: results.length, byStatus, failedBySeverity, resources: Math.ceil(count / rules.length), errors: 0 },
    frameworks: rollUpFrameworks(frameworks, results, []),
    rules,
    results,
    errors: [],
  };
}

export interface ReportTiming {
  format: FormatName;
  milliseconds: number;
  bytes: number;
}

/** The target for the HTML checklist of 50,000 results. */
export const REPORT_RENDER_TARGET_MS = 5000;

/**
 * Renders the synthetic report once in each format (each formatter loaded before its clock
 * starts); returns the time and size of each, and the HTML text for the browser case.
 */
export async function benchReports(count = 50_000): Promise<{ timings: ReportTiming[]; html: string }> {
  const document = syntheticReport(count);
  const timings: ReportTiming[] = [];
  let html = '';
  for (const format of ['json', 'html', 'sarif', 'junit', 'markdown'] as const) {
    const formatter = await loadFormatter(format);
    const start = performance.now();
    const text = formatter.render(document, { color: false, quiet: true });
    timings.push({ format, milliseconds: Math.round(performance.now() - start), bytes: Buffer.byteLength(text) });
    if (format === 'html') html = text;
  }
  return { timings, html };
}
