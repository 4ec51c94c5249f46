import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { ConfigError } from './load.js';

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

export interface Attestation {
  framework: string;
  requirement: string;
  by: string;
  /** YYYY-MM-DD. */
  date: string;
  statement: string;
  evidence?: string;
}

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

export function parseAttestations(text: string, file: string): Attestation[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ConfigError(file, doc.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`));
  const raw = doc.toJS() as unknown;
  if (!validate(raw)) {
    throw new ConfigError(
      file,
      (validate.errors ?? []).map((e) => {
        const field = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(top level)';
        if (e.keyword === 'required') return `${field}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
        if (e.keyword === 'pattern') return `${field}: "${String(e.data)}" is not a date as YYYY-MM-DD`;
        if (e.keyword === 'additionalProperties') return `${field}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
        return `${field}: ${e.message ?? 'is invalid'}`;
      }),
    );
  }
  return (raw as { attestations: Attestation[] }).attestations.map((a) => ({ ...a, date: String(a.date) }));
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

/** Whole days from `date` to `today`, both YYYY-MM-DD. */
export function ageInDays(date: string, today: string): number {
  return Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}
