import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import { formatProblem } from '../model/problem.js';
import type { Severity } from '../engine/catalogue.js';
import { hasSeveralRoots, resourceLabel, type ReportDocument, type ReportResult, type ReportRule } from './document.js';
import { MAX_STRING_LENGTH, NATIVE_MAX_ITEMS, stringifyWithList, tooLong, within } from './json.js';

/**
 * SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDEs). Failing, unknown and suppressed
 * results are reported; passing ones are not, since code scanning would show every result as an
 * alert. Results point at file and lines (relative URIs under %SRCROOT%), with the address or ARN
 * as a logical location. GitHub refuses an upload whose results lack a physical location, so a
 * live AWS result that points at no file is left out, and the run's invocation says how many.
 */

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** GitHub's scale: 9.0+ critical, 7.0+ high, 4.0+ medium, above 0 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };
const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** partialFingerprints values: a hash of the report fingerprint, which holds no line numbers. */
export function fingerprintHash(fingerprint: string): string {
  return createHash('sha256').update(fingerprint).digest('hex').slice(0, 32);
}

function ruleTags(document: ReportDocument, ruleId: string): string[] {
  const tags = new Set<string>(['security', 'compliance']);
  for (const framework of document.frameworks) {
    for (const requirement of framework.requirements) {
      if (!requirement.rules.includes(ruleId)) continue;
      tags.add(framework.id);
      tags.add(`${framework.id}/${requirement.citation}`);
    }
  }
  return [...tags];
}

function helpText(rule: ReportRule): Sarif.MultiformatMessageString {
  const references = rule.references.map((r) => `${r.source}: ${r.id}`).join(', ');
  const text = [rule.description.trim(), `Remediation: ${rule.remediation.text.trim()}`, rule.remediation.terraform.trim(), references && `Equivalent checks: ${references}`]
    .filter(Boolean)
    .join('\n\n');
  const markdown = [
    rule.description.trim(),
    `**Remediation.** ${rule.remediation.text.trim()}`,
    rule.remediation.terraform.trim() ? `\`\`\`hcl\n${rule.remediation.terraform.trim()}\n\`\`\`` : '',
    references && `**Equivalent checks:** ${references}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  return { text, markdown };
}

function toRule(document: ReportDocument, rule: ReportRule): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(''),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description.trim() },
    help: helpText(rule),
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
      kind: rule.kind,
      tags: ruleTags(document, rule.id),
    },
  };
}

/** A relative path as a URI reference: each segment percent-encoded, so `#`, `?` and spaces survive. */
export function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function physicalLocation(location: { file: string; startLine: number; endLine: number }): Sarif.PhysicalLocation {
  return {
    artifactLocation: { uri: relativeUri(location.file), uriBaseId: '%SRCROOT%' },
    region: { startLine: location.startLine, endLine: Math.max(location.endLine, location.startLine) },
  };
}

function messageOf(result: ReportResult, showRoot: boolean): string {
  const text = `${result.message} (${resourceLabel(result, showRoot)})`;
  return text.endsWith('.') ? text : `${text}.`;
}

function toResult(result: ReportResult, ruleIndex: number, showRoot: boolean): Sarif.Result {
  const out: Sarif.Result = {
    ruleId: result.rule.id,
    ruleIndex,
    message: { text: messageOf(result, showRoot) },
    partialFingerprints: { 'vigilFingerprint/v1': fingerprintHash(result.fingerprint) },
    properties: {
      status: result.status,
      resourceKind: result.resource.kind,
      ...(result.facts.length > 0 ? { facts: result.facts } : {}),
      requirements: result.requirements.map((r) => `${r.framework}/${r.citation}`),
      ...(result.resource.tags ? { resourceTags: result.resource.tags } : {}),
      ...(result.resource.root !== undefined ? { root: result.resource.root } : {}),
      ...(result.resource.moduleCalls ? { moduleCalls: result.resource.moduleCalls } : {}),
      // The peers' checks this failure corresponds to, and peer ignores that covered only part of it.
      ...(result.references ? { references: result.references.map((r) => `${r.source}:${r.id}`) } : {}),
      ...(result.partialIgnores ? { partialIgnores: result.partialIgnores } : {}),
      // Live AWS: what the rule read, and the API answers (with their time) it came from.
      ...(result.observed ? { observed: result.observed } : {}),
      ...(result.configRules ? { awsConfigRules: result.configRules } : {}),
      ...(result.evidence ? { apiCalls: result.evidence } : {}),
    },
  };
  // After --baseline or --changed-since: code scanning tells new alerts from those already there.
  if (result.baseline) out.baselineState = result.baseline === 'new' ? 'new' : 'unchanged';
  if (result.status === 'unknown') {
    // SARIF: a result whose kind is not "fail" has level "none"; "review" asks a person to look.
    out.kind = 'review';
    out.level = 'none';
  } else if (result.informational) {
    // A module folder on its own defaults: worth a look, never a failed check.
    out.kind = 'informational';
    out.level = 'none';
    out.properties!.informational = result.informational;
  } else {
    out.kind = 'fail';
    out.level = LEVEL[result.rule.severity];
  }
  const logical: Sarif.LogicalLocation = result.resource.arn
    ? {
        fullyQualifiedName: result.resource.arn,
        name: result.resource.name,
        kind: 'resource',
        properties: { resourceKind: result.resource.kind, ...(result.resource.account ? { account: result.resource.account } : {}), ...(result.resource.region ? { region: result.resource.region } : {}) },
      }
    : {
        // Two roots may call one module: the root folder makes the name unique.
        fullyQualifiedName: showRoot && result.resource.root !== undefined ? `${result.resource.root}/${result.resource.address ?? result.resource.name}` : (result.resource.address ?? result.resource.name),
        name: result.resource.name,
        kind: 'resource',
      };
  const location: Sarif.Location = { logicalLocations: [logical] };
  if (result.location) location.physicalLocation = physicalLocation(result.location);
  out.locations = [location];
  if (result.relatedLocations && result.relatedLocations.length > 0) {
    out.relatedLocations = result.relatedLocations.map((related, id) => ({
      id,
      physicalLocation: physicalLocation(related),
      message: { text: related.address },
    }));
  }
  if (result.status === 'suppressed') {
    const s = result.suppression;
    out.suppressions = [
      {
        kind: s?.source === 'config' ? 'external' : 'inSource',
        status: 'accepted',
        justification: s?.reason ?? 'suppressed without a recorded reason',
        ...(s && (s.owner || s.expires) ? { properties: { ...(s.owner ? { owner: s.owner } : {}), ...(s.expires ? { expires: s.expires } : {}) } } : {}),
      },
    ];
  }
  return out;
}

/** Results SARIF leaves out: live AWS ones that point at no file, which code scanning refuses. */
export function sarifOmitted(document: Pick<ReportDocument, 'results'>): number {
  let omitted = 0;
  for (const r of document.results) if (r.status !== 'pass' && !r.location) omitted++;
  return omitted;
}

/** The note that says what was left out and where to find it. */
export function omittedNote(omitted: number): string {
  return `${omitted} live AWS ${omitted === 1 ? 'result points' : 'results point'} at no file and ${omitted === 1 ? 'is' : 'are'} not in this SARIF file (code scanning refuses results without a physical location); the JSON, HTML, Markdown and JUnit reports carry ${omitted === 1 ? 'it' : 'them'}`;
}

function notifications(document: ReportDocument, omitted: number): Sarif.Notification[] {
  const notes: Sarif.Notification[] = omitted > 0 ? [{ level: 'note', descriptor: { id: 'vigil/live-results-omitted' }, message: { text: omittedNote(omitted) } }] : [];
  return notes.concat(document.errors.map((problem) => ({
    level: problem.severity === 'error' ? 'error' : 'warning',
    message: { text: formatProblem(problem) },
    ...(problem.file && problem.line
      ? { locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(problem.file), uriBaseId: '%SRCROOT%' }, region: { startLine: problem.line, ...(problem.column ? { startColumn: problem.column } : {}) } } }] }
      : {}),
  })));
}

/** The command line and the rest of the provenance (snapshot, collection, variables, deviations). */
function invocationProvenance(document: ReportDocument): Pick<Sarif.Invocation, 'commandLine' | 'arguments' | 'properties'> {
  const p = document.scan.provenance;
  if (!p) return {};
  const { commandLine, ...rest } = p;
  return {
    ...(commandLine ? { commandLine: ['vigil', ...commandLine].join(' '), arguments: commandLine } : {}),
    properties: { ...rest, ruleSetHash: document.scan.ruleSetHash },
  };
}

/** A git remote as a URI: scp-like `git@host:org/repo.git` becomes `ssh://git@host/org/repo.git`. */
function remoteUri(remote: string): string | undefined {
  if (URL.canParse(remote)) return remote;
  const scp = /^([\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(remote);
  return scp ? `ssh://${scp[1] ?? ''}${scp[2]}/${scp[3]}` : undefined;
}

/** SARIF's versionControlProvenance needs the repository's URI: given when the working copy has a remote. */
function versionControl(document: ReportDocument): Pick<Sarif.Run, 'versionControlProvenance'> {
  const git = document.scan.provenance?.git;
  const uri = git?.remote ? remoteUri(git.remote) : undefined;
  if (!git || !uri) return {};
  return {
    versionControlProvenance: [
      {
        repositoryUri: uri,
        ...(git.commit ? { revisionId: git.commit } : {}),
        ...(git.branch ? { branch: git.branch } : {}),
        properties: { dirty: git.dirty },
      },
    ],
  };
}

export function renderSarif(document: ReportDocument, maxLength = MAX_STRING_LENGTH): string {
  const ruleIndex = new Map(document.rules.map((rule, index) => [rule.id, index]));
  const showRoot = hasSeveralRoots(document.results);
  // Made one at a time as the text is written: a large estate's SARIF results never all exist at once.
  function* results(): Generator<Sarif.Result> {
    for (const r of document.results) {
      if (r.status !== 'pass' && r.location !== undefined && ruleIndex.has(r.rule.id)) yield toResult(r, ruleIndex.get(r.rule.id)!, showRoot);
    }
  }
  const omitted = sarifOmitted(document);
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Vigil',
            version: document.tool.version,
            semanticVersion: document.tool.version,
            rules: document.rules.map((rule) => toRule(document, rule)),
          },
        },
        automationDetails: { id: `vigil/${document.scan.frameworks.join('+') || 'all'}/` },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder Vigil was run from; every path is relative to it.' } } },
        invocations: [
          {
            executionSuccessful: document.summary.errors === 0,
            startTimeUtc: document.scan.startedAt,
            endTimeUtc: document.scan.finishedAt,
            ...invocationProvenance(document),
            toolExecutionNotifications: notifications(document, omitted),
            ...(omitted > 0 ? { properties: { ...invocationProvenance(document).properties, omittedLiveResults: omitted } } : {}),
          },
        ],
        ...versionControl(document),
        columnKind: 'utf16CodeUnits',
        results: [], // written from results() below
        properties: { ruleSetHash: document.scan.ruleSetHash, paths: document.scan.paths },
      },
    ],
  };
  const run = log.runs[0]!;
  const message = (): string => tooLong('SARIF', document.results.length, maxLength);
  if (document.results.length <= NATIVE_MAX_ITEMS) return within(`${JSON.stringify({ ...log, runs: [{ ...run, results: [...results()] }] }, null, 2)}\n`, maxLength, message);
  return stringifyWithList({ ...log, runs: [{ ...run, results: { [Symbol.iterator]: results } }] }, ['runs', 0, 'results'], maxLength, message);
}
