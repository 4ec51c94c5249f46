import { describe, expect, it } from 'vitest';
import { allowsAdmin, deniesInsecureTransport, documentFact, parseStatements, publicRead, publicWrite, wildcardServiceActions, type Statement } from '../../src/model/policy.js';
import { encodingOf, isUnknown, unknown, type Value } from '../../src/model/value.js';

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

  describe('documents with parts known only after apply', () => {
    const arn = unknown('aws_s3_bucket.b.arn is known only after apply', 'aws_s3_bucket.b');
    const unset = unknown('variable "x" has no value');
    const partly = (...statements: Value[]) => encodingOf({ Version: '2012-10-17', Statement: statements }, 'depends on an apply-time value');
    const fact = <T extends Value>(document: Value, f: (s: Statement[]) => T | ReturnType<typeof unknown>) => documentFact(document, f as never, false as never);

    it('decides on the known parts: an apply-time ARN is never the wildcard', () => {
      expect(fact(partly({ Effect: 'Allow', Action: '*', Resource: arn }), allowsAdmin)).toBe(false);
      expect(fact(partly({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: arn }), allowsAdmin)).toBe(true);
      expect(fact(partly({ Effect: 'Allow', Action: ['s3:*'], Resource: [arn] }), wildcardServiceActions)).toEqual([]);
      expect(fact(partly({ Effect: 'Allow', Principal: { AWS: arn }, Action: 's3:GetObject', Resource: arn }), publicRead)).toBe(false);
      const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
      expect(fact(partly(deny), deniesInsecureTransport)).toBe(true);
    });

    it('is unknown only where the answer depends on the unknown part, with its reason', () => {
      const admin = fact(partly({ Effect: 'Allow', Action: '*', Resource: unset }), allowsAdmin);
      expect(isUnknown(admin) && admin.reason).toBe('variable "x" has no value');
      expect(isUnknown(admin) && admin.origin).toBeUndefined();
      expect(isUnknown(fact(partly({ Effect: 'Allow', Action: unset, Resource: '*' }), wildcardServiceActions))).toBe(true);
      // A certain service wildcard is reported even beside an unknown statement.
      expect(fact(partly(unset, { Effect: 'Allow', Action: ['kms:*'], Resource: '*' }), wildcardServiceActions)).toEqual(['kms:*']);
      expect(isUnknown(fact(partly({ Effect: 'Allow', Principal: unset, Action: 's3:GetObject', Resource: arn }), publicRead))).toBe(true);
      const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': unset } } };
      expect(isUnknown(fact(partly(deny), deniesInsecureTransport))).toBe(true);
      // A Deny never grants anything, whatever its unknown parts.
      expect(fact(partly({ Effect: 'Deny', Action: unset, Resource: unset, Principal: unset }), publicWrite)).toBe(false);
      // An unknown effect could be Allow.
      expect(isUnknown(fact(partly({ Effect: unset, Action: '*', Resource: '*' }), allowsAdmin))).toBe(true);
    });

    it('still treats a wholly unknown document as unknown', () => {
      expect(isUnknown(fact(unknown('data.x.json is known only after apply'), publicRead))).toBe(true);
      expect(isUnknown(fact(encodingOf({ Version: '2012-10-17', Statement: unset }, 'depends'), allowsAdmin))).toBe(true);
    });
  });
});
