import { describe, expect, it } from 'vitest';
import { parseAttestations } from '../../src/config/attestations.js';
import { ConfigError } from '../../src/config/load.js';

const problemsOf = (text: string): string[] => {
  try {
    parseAttestations(text, 'attestations.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseAttestations', () => {
  it('reads each entry with the line it starts on, dates as text', () => {
    const text = [
      'attestations:',
      '  - framework: hipaa',
      '    requirement: 164.308(b)(1)',
      '    by: Dana',
      '    date: 2026-09-30',
      '    statement: BAA signed.',
      '  - framework: gdpr',
      '    requirement: Art. 30',
      '    by: Sam',
      '    date: 2026-10-01',
      '    statement: Records of processing kept.',
      '    evidence: docs/ropa.xlsx',
    ].join('\n');
    expect(parseAttestations(text, 'a.yaml')).toEqual([
      { framework: 'hipaa', requirement: '164.308(b)(1)', by: 'Dana', date: '2026-09-30', statement: 'BAA signed.', line: 2 },
      { framework: 'gdpr', requirement: 'Art. 30', by: 'Sam', date: '2026-10-01', statement: 'Records of processing kept.', evidence: 'docs/ropa.xlsx', line: 7 },
    ]);
  });

  it('names the field and its line for a missing field, a bad date, an unknown field and a date off the calendar', () => {
    expect(problemsOf('attestations:\n  - framework: hipaa\n    requirement: x\n    by: D\n    date: 30/09/2026\n    statement: s\n')).toEqual([
      'attestations.0.date (line 5): "30/09/2026" is not a date as YYYY-MM-DD',
    ]);
    expect(problemsOf('attestations:\n  - framework: hipaa\n    requirement: x\n    date: 2026-09-30\n    statement: s\n    signed: yes\n')).toEqual([
      'attestations.0 (line 2): missing required field "by"',
      'attestations.0 (line 2): unknown field "signed"',
    ]);
    expect(problemsOf('attestations:\n  - framework: hipaa\n    requirement: x\n    by: D\n    date: 2026-02-31\n    statement: s\n')).toEqual([
      'attestations.0.date (line 5): "2026-02-31" is not a calendar date',
    ]);
  });
});
