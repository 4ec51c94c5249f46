import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildManifest, checkSignature, parseManifest, publicKeyFrom, serializeManifest, SealError } from '../../src/workflow/seal.js';
import { maskCommandLine, varNames } from '../../src/report/provenance.js';

const body = {
  createdAt: '2026-12-05T00:00:00.000Z',
  tool: { name: 'vigil' as const, version: '0.1.0' },
  ruleSet: { sha256: 'a'.repeat(64) },
  files: [{ path: 'vigil.json', role: 'report' as const, format: 'json', sha256: 'b'.repeat(64), bytes: 10 }],
};

describe('seal manifests', () => {
  for (const type of ['ed25519', 'ec', 'rsa'] as const) {
    it(`signs and verifies with ${type} keys; an edit after signing or another key fails`, () => {
      const pair = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
      const manifest = parseManifest(serializeManifest(buildManifest(body, { privateKey: pair.privateKey })));
      expect(checkSignature(manifest)).toMatchObject({ state: 'valid', trusted: false });
      expect(checkSignature(manifest, pair.publicKey)).toMatchObject({ state: 'valid', trusted: true });
      const edited = parseManifest(serializeManifest(manifest).replace('b'.repeat(64), 'c'.repeat(64)));
      expect(checkSignature(edited, pair.publicKey)).toMatchObject({ state: 'invalid', reason: expect.stringContaining('changed after it was signed') });
      const other = generateKeyPairSync('ed25519').publicKey;
      expect(checkSignature(manifest, other)).toMatchObject({ state: 'invalid', reason: expect.stringContaining('signed with another key') });
    });
  }

  it('an unsigned manifest is hashes only; asking for a key makes it fail', () => {
    const manifest = buildManifest(body);
    expect(checkSignature(manifest)).toEqual({ state: 'unsigned' });
    expect(checkSignature(manifest, generateKeyPairSync('ed25519').publicKey).state).toBe('invalid');
  });

  it('refuses what is not a manifest, and keys that are not keys', () => {
    expect(() => parseManifest('{}')).toThrow(SealError);
    expect(() => parseManifest(JSON.stringify({ format: 'vigil-seal', version: 1, ruleSet: { sha256: 'x' }, files: [{ path: 'a', sha256: 'nothex' }] }))).toThrow(/files list is malformed/);
    expect(() => publicKeyFrom('not a key')).toThrow(SealError);
  });
});

describe('the command line in the provenance', () => {
  it('masks every --var value, in both spellings, and keeps the names', () => {
    expect(maskCommandLine(['scan', '.', '--var', 'password=hunter2', '--var=token=abc=def', '--var-file', 'x.tfvars'])).toEqual(['scan', '.', '--var', 'password=(masked)', '--var=token=(masked)', '--var-file', 'x.tfvars']);
    expect(varNames(['password=hunter2', 'token=a', 'password=again'])).toEqual(['password', 'token']);
  });
});
