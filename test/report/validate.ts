import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { FORMATS, reportSchemaErrors } from '../../src/report/schema.js';
import { repoRoot } from '../helpers/cli.js';

/** The validators every report written in the tests goes through. */

/** Asserts that a JSON report matches schemas/vigil-report.schema.json. */
export function expectValidReport(value: unknown): void {
  expect(reportSchemaErrors(value)).toEqual([]);
}

let oasis: ReturnType<Ajv['compile']> | undefined;

/** The OASIS SARIF 2.1.0 schema (draft-04), vendored in schemas/, compiled with ajv's draft-07 core. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!oasis) {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
    // Draft-04 names its identifier `id`; the rest of this schema reads the same under draft-07.
    const { $schema: _ignored, id, ...rest } = schema;
    oasis = new Ajv({ allErrors: true, strict: false, formats: FORMATS }).compile({ ...rest, $id: id });
  }
  if (oasis(log)) return [];
  return (oasis.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/**
 * Runs Microsoft's SARIF validator on a file with its SARIF rules and the GitHub code scanning
 * ingestion rules (`--rule-kind Gh`); returns its errors and warnings (notes are suggestions).
 */
export function multitoolProblems(file: string): string[] {
  // The package exports the path of the native binary; its .bin wrapper goes through a shell.
  const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  const run = spawnSync(binary, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning', file], { encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw run.error;
  const output = `${run.stdout}\n${run.stderr}`;
  expect(output, output).toContain('Analysis completed successfully');
  return output.split('\n').filter((line) => /: (error|warning) [A-Z]+\d+/.test(line));
}
