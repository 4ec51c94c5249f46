import { readFileSync } from 'node:fs';
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
        required: ['framework', 'requirement', 'by', 'date', 'statement'],
        properties: {
          framework: { type: 'string', minLength: 1 },
          requirement: { type: 'string', minLength: 1 },
          by: { type: 'string', minLength: 1 },
          date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          statement: { type: 'string', minLength: 1 },
          evidence: { type: 'string', minLength: 1 },
        },
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
      (validate.errors ?? []).map((e) => {
        const segments = e.instancePath.split('/').filter(Boolean);
        const node = doc.getIn(segments.map((x) => (/^\d+$/.test(x) ? Number(x) : x)), true) as { range?: [number, number, number] } | undefined;
        const at = node?.range ? ` (line ${counter.linePos(node.range[0]).line})` : '';
        const field = (segments.join('.') || '(top level)') + at;
        if (e.keyword === 'required') return `${field}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
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
  const badDates = entries.flatMap((a, i) => {
    if (onCalendar(String(a.date))) return [];
    const node = doc.getIn(['attestations', i, 'date'], true) as { range?: [number, number, number] } | undefined;
    return [`attestations.${i}.date${node?.range ? ` (line ${counter.linePos(node.range[0]).line})` : ''}: "${String(a.date)}" is not a calendar date`];
  });
  if (badDates.length > 0) throw new ConfigError(file, badDates);
  return (raw as { attestations: Attestation[] }).attestations.map((a, i) => ({ ...a, date: String(a.date), ...(lines[i] ? { line: lines[i] } : {}) }));
}

export function loadAttestations(file: string): Attestation[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`]);
  }
  return parseAttestations(text, file);
}
