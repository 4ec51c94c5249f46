import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ReportDocument } from './document.js';
import { schemasDir } from '../install-paths.js';

/**
 * The report's JSON Schema (schemas/vigil-report.schema.json, shipped in the package) and the
 * reading of a saved report: JSON text in, a validated document or one clear error out.
 */

export { schemasDir };
export const REPORT_SCHEMA_FILE = join(schemasDir, 'vigil-report.schema.json');

/** The string formats the schemas use, checked without extra packages. */
export const FORMATS = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i,
  uri: (value: string): boolean => URL.canParse(value),
  'uri-reference': (value: string): boolean => URL.canParse(value, 'file:///base/') && !/\s/.test(value),
};

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, formats: FORMATS });
    compiled = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8')) as object);
  }
  return compiled;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(top level)';
  if (error.keyword === 'additionalProperties') return `${where}: unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === 'required') return `${where}: missing required field "${(error.params as { missingProperty: string }).missingProperty}"`;
  if (error.keyword === 'enum') return `${where}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${where}: ${error.message ?? 'is invalid'}`;
}

/** Every way the value differs from the report schema; empty when it is a valid report. */
export function reportSchemaErrors(value: unknown): string[] {
  const validate = validator();
  if (validate(value)) return [];
  return [...new Set((validate.errors ?? []).map(describe))];
}

/** A saved report that cannot be read back; the message is one line for the user. */
export class ReportInputError extends Error {}

/** Parses and validates the text of a saved JSON report. */
export function parseReport(text: string): ReportDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('schemaVersion' in value)) {
    throw new ReportInputError('not a Vigil JSON report (no schemaVersion); write one with `vigil scan --format json`');
  }
  const version = String((value as { schemaVersion: unknown }).schemaVersion);
  if (!/^1\.\d+$/.test(version)) {
    throw new ReportInputError(`schemaVersion ${version} is not supported by this Vigil, which reads 1.x`);
  }
  const problems = reportSchemaErrors(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
    throw new ReportInputError(`does not match the report schema: ${shown}${more}`);
  }
  return value as ReportDocument;
}
