import { describe, expect, it } from 'vitest';
import { allowsAdmin, deniesInsecureTransport, documentFact, parseStatements, publicRead, publicWrite, wildcardServiceActions, type Statement } from '../../src/model/policy.js';
import { isUnknown, unknown } from '../../src/model/value.js';

const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const parsed = (text: string): Statement[] => parseStatements(text) as Statement[];

describe('policy document facts', () => {
  it('recognises full administrative access, including NotAction, and not a service wildcard', () => {
    expect(allowsAdmin(parsed(doc({ Effect: 'Allow', Action: '*', Resource: '*' })))).toBe(true);
    expect(allowsAdmin(parsed(doc({ Effect: 'Allow', Action: ['*'], Resource: ['*'] })))).toBe(true);
    expect(allowsAdmin(parsed(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })))).toBe(true);
    expect(allowsAdmin(parsed(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })))).toBe(false);
    expect(allowsAdmin(parsed(doc({ Effect: 'Deny', Action: '*', Resource: '*' })))).toBe(false);
    expect(allowsAdmin(parsed(doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })))).toBe(false);
    expect(wildcardServiceActions(parsed(doc({ Effect: 'Allow', Action: ['s3:*', 'kms:Decrypt'], Resource: '*' })))).toEqual(['s3:*']);
  });

  it('recognises the deny-insecure-transport statement in its usual spellings', () => {
    const deny = (principal: unknown, action: unknown, condition: object) =>
      deniesInsecureTransport(parsed(doc({ Effect: 'Deny', Principal: principal, Action: action, Resource: '*', Condition: condition })));
    expect(deny('*', 's3:*', { Bool: { 'aws:SecureTransport': 'false' } })).toBe(true);
    expect(deny({ AWS: '*' }, ['s3:*'], { Bool: { 'aws:SecureTransport': ['false'] } })).toBe(true);
    expect(deny('*', 's3:GetObject', { Bool: { 'aws:SecureTransport': 'false' } })).toBe(false);
    expect(deny('*', 's3:*', { NumericLessThan: { 's3:TlsVersion': '1.2' } })).toBe(false);
    expect(deny({ AWS: 'arn:aws:iam::111122223333:root' }, 's3:*', { Bool: { 'aws:SecureTransport': 'false' } })).toBe(false);
  });

  it('tells public reads from public writes, and ignores conditional grants', () => {
    const grant = (action: unknown, extra: object = {}) => parsed(doc({ Effect: 'Allow', Principal: '*', Action: action, Resource: '*', ...extra }));
    expect(publicRead(grant('s3:GetObject'))).toBe(true);
    expect(publicWrite(grant('s3:GetObject'))).toBe(false);
    expect(publicWrite(grant(['s3:PutObject']))).toBe(true);
    expect(publicRead(grant('s3:*')) && publicWrite(grant('s3:*'))).toBe(true);
    expect(publicRead(grant('s3:GetObject', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))).toBe(false);
  });

  it('passes unknown documents through and treats no document as its default', () => {
    expect(isUnknown(documentFact(unknown('after apply'), allowsAdmin, false))).toBe(true);
    expect(isUnknown(documentFact('{not json', allowsAdmin, false))).toBe(true);
    expect(documentFact(null, allowsAdmin, false)).toBe(false);
    expect(documentFact(undefined, deniesInsecureTransport, false)).toBe(false);
  });
});
