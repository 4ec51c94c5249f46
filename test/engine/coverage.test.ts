import { describe, expect, it } from 'vitest';
import { requirementCoverage, serviceOf, summarizeFramework } from '../../src/engine/coverage.js';
import type { Framework, Requirement, Rule } from '../../src/engine/catalogue.js';

const req = (citation: string, extra: Partial<Requirement>): Requirement => ({ citation, title: citation, section: 's', description: 'd', ...extra });

describe('framework coverage', () => {
  it('classifies each requirement as automated, manual, both or neither', () => {
    expect(requirementCoverage(req('a', { rules: ['r1'] }))).toBe('automated');
    expect(requirementCoverage(req('b', { manual: { evidence: 'the BAA' } }))).toBe('manual');
    expect(requirementCoverage(req('c', { rules: ['r1'], manual: { evidence: 'plan' } }))).toBe('both');
    expect(requirementCoverage(req('d', { rules: [] }))).toBe('neither');
  });

  it('counts requirements by coverage and distinct rules', () => {
    const framework: Framework = {
      id: 'f',
      name: 'F',
      version: '1',
      description: 'd',
      file: 'frameworks/f.yaml',
      requirements: [req('a', { rules: ['r1', 'r2'] }), req('b', { manual: { evidence: 'x' } }), req('c', { rules: ['r2'], manual: { evidence: 'y' } })],
    };
    expect(summarizeFramework(framework)).toEqual({
      id: 'f',
      name: 'F',
      version: '1',
      requirements: 3,
      rules: 2,
      coverage: { automated: 1, manual: 1, both: 1, neither: 0 },
    });
  });

  it('takes a rule\'s service from its folder', () => {
    expect(serviceOf({ file: 'rules/s3/aws-s3-bucket-tls-only.yaml' } as Rule)).toBe('s3');
    expect(serviceOf({ file: '/home/me/pack/custom/acme-x.yaml' } as Rule)).toBe('custom');
  });
});
