import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import { yamlLib } from '../yaml-lib.js';
import { yamlToJs, YamlAliasError } from './yaml.js';
import { ConfigError } from './load.js';
import type { AttestationEntry } from '../report/attest.js';

/**
 * The attestations file: what an auditor recorded for the manual part of a requirement — who,
 * when, what they saw, and where the evidence is. Vigil never decides these; it shows them, and
 * marks an attestation older than the configured age as stale.
 *
 *   attestations:
 *     - framework: hipaa
 *       requirement: 164.308(b)(1)
 *       by: Dana Whitfield, Privacy Officer
 *       date: 2026-09-30
 *       statement: BAA accepted in AWS Artifact for the organisation.
 *       evidence: https://intranet.example.org/compliance/baa.pdf
 *
 * One entry may cover several citations (`requirements: [164.308(b)(1), 164.314(a)]`), name a
 * `reviewer` and an `approver`, record the evidence file's `sha256` (checked when the evidence is
 * a path, relative to this file), a `due` date for the next one, or say the part does not apply
 * (`status: not-applicable` with a `justification`).
 */

/** What the file holds is what the report's roll-up reads: one definition, the report's. */
export type Attestation = AttestationEntry;

const SCHEMA = {
  type: 'object',
  required: ['attestations'],
  properties: {
    attestations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['framework', 'by', 'date'],
        properties: {
          framework: { type: 'string', minLength: 1 },
          requirement: { type: 'string', minLength: 1 },
          requirements: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, uniqueItems: true },
          status: { enum: ['attested', 'not-applicable'] },
          by: { type: 'string', minLength: 1 },
          reviewer: { type: 'string', minLength: 1 },
          approver: { type: 'string', minLength: 1 },
          date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          due: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          statement: { type: 'string', minLength: 1 },
          justification: { type: 'string', minLength: 1 },
          evidence: { type: 'string', minLength: 1 },
          sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
        },
        // Exactly one of requirement and requirements; a statement, or a justification for not applicable.
        oneOf: [{ required: ['requirement'] }, { required: ['requirements'] }],
        if: { required: ['status'], properties: { status: { const: 'not-applicable' } } },
        then: { required: ['justification'] },
        else: { required: ['statement'] },
        dependentRequired: { sha256: ['evidence'] },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

const validate = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(SCHEMA);

/** The line each entry of `attestations:` starts on. */
function entryLines(doc: Document, counter: LineCounter): Array<number | undefined> {
  const { isMap, isSeq } = yamlLib();
  const list = isMap(doc.contents) ? doc.contents.get('attestations', true) : undefined;
  if (!isSeq(list)) return [];
  return list.items.map((item) => {
    const range = (item as { range?: [number, number, number] }).range;
    return range ? counter.linePos(range[0]).line : undefined;
  });
}

export function parseAttestations(text: string, file: string): Attestation[] {
  const counter = new (yamlLib().LineCounter)();
  const doc = yamlLib().parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0) throw new ConfigError(file, doc.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`));
  let raw: unknown;
  try {
    raw = yamlToJs(doc, text);
  } catch (error) {
    if (error instanceof YamlAliasError) throw new ConfigError(file, [`${error.line ? `line ${error.line}: ` : ''}${error.message}`]);
    throw error;
  }
  if (!validate(raw)) {
    throw new ConfigError(
      file,
      (validate.errors ?? []).filter((e) => e.keyword !== 'if' && !(e.keyword === 'required' && /\/oneOf\//.test(e.schemaPath))).map((e) => {
        const segments = e.instancePath.split('/').filter(Boolean);
        const node = doc.getIn(segments.map((x) => (/^\d+$/.test(x) ? Number(x) : x)), true) as { range?: [number, number, number] } | undefined;
        const at = node?.range ? ` (line ${counter.linePos(node.range[0]).line})` : '';
        const field = (segments.join('.') || '(top level)') + at;
        if (e.keyword === 'required') return `${field}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
        if (e.keyword === 'oneOf') return `${field}: give either requirement (one citation) or requirements (a list), not both`;
        if (e.keyword === 'dependentRequired') return `${field}: sha256 needs the evidence file it is the hash of (evidence)`;
        if (e.keyword === 'enum') return `${field}: must be attested or not-applicable`;
        if (e.keyword === 'pattern' && segments.at(-1) === 'sha256') return `${field}: "${String(e.data)}" is not a SHA-256 (64 hexadecimal digits)`;
        if (e.keyword === 'pattern') return `${field}: "${String(e.data)}" is not a date as YYYY-MM-DD`;
        if (e.keyword === 'additionalProperties') return `${field}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
        return `${field}: ${e.message ?? 'is invalid'}`;
      }),
    );
  }
  const lines = entryLines(doc, counter);
  const entries = (raw as { attestations: Attestation[] }).attestations;
  // The pattern lets 2026-02-31 through; a date that is not on the calendar cannot be aged.
  const onCalendar = (date: string): boolean => !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
  const badDates = entries.flatMap((a, i) =>
    (['date', 'due'] as const).flatMap((key) => {
      if (a[key] === undefined || onCalendar(String(a[key]))) return [];
      const node = doc.getIn(['attestations', i, key], true) as { range?: [number, number, number] } | undefined;
      return [`attestations.${i}.${key}${node?.range ? ` (line ${counter.linePos(node.range[0]).line})` : ''}: "${String(a[key])}" is not a calendar date`];
    }),
  );
  if (badDates.length > 0) throw new ConfigError(file, badDates);
  // An entry that covers several citations stands for each of them, and remembers them all.
  return (raw as { attestations: Array<Attestation & { requirements?: string[] }> }).attestations.flatMap((a, i) => {
    const { requirements, ...rest } = a;
    const base = { ...rest, date: String(a.date), ...(a.due !== undefined ? { due: String(a.due) } : {}), ...(a.sha256 ? { sha256: a.sha256.toLowerCase() } : {}), ...(lines[i] ? { line: lines[i] } : {}) };
    return requirements ? requirements.map((requirement) => ({ ...base, requirement, covers: requirements })) : [base];
  });
}

/** Evidence files Vigil hashes are read whole: past this size the check is refused, not attempted. */
const MAX_EVIDENCE_BYTES = 512 * 1024 * 1024;

/**
 * Checks each recorded SHA-256 against the evidence file, a path relative to the attestations
 * file. A web address is not fetched (the scan stays offline) and is marked not checked. A file
 * that is missing or does not match is kept on the entry, for the report to refuse the attestation.
 */
export function checkEvidence(entries: Attestation[], attestationsFile: string): Attestation[] {
  const base = dirname(attestationsFile);
  const hashes = new Map<string, { sha256?: string; problem?: string }>();
  return entries.map((entry) => {
    if (!entry.sha256 || !entry.evidence) return entry;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry.evidence)) return { ...entry, evidenceCheck: 'not-checked' as const };
    const path = resolve(base, entry.evidence);
    let found = hashes.get(path);
    if (!found) {
      try {
        const stat = statSync(path);
        if (!stat.isFile()) found = { problem: 'is not a file' };
        else if (stat.size > MAX_EVIDENCE_BYTES) found = { problem: `is larger than ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB, which Vigil does not hash` };
        else found = { sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
      } catch (error) {
        found = { problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})` };
      }
      hashes.set(path, found);
    }
    if (found.problem) return { ...entry, evidenceCheck: 'unreadable' as const, evidenceProblem: found.problem };
    return found.sha256 === entry.sha256 ? { ...entry, evidenceCheck: 'verified' as const } : { ...entry, evidenceCheck: 'mismatch' as const, evidenceActual: found.sha256! };
  });
}

export function loadAttestations(file: string): Attestation[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`]);
  }
  return checkEvidence(parseAttestations(text, file), file);
}
