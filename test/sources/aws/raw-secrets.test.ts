import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { AccountSession, Ledger, type ClientFactory } from '../../../src/sources/aws/session.js';

describe('the raw answers kept for a snapshot', () => {
  it('never keep the temporary credentials an AssumeRole answer holds', async () => {
    const clients: ClientFactory = () => ({
      send: async () => ({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'wJalrXUtnFEMI/secret', SessionToken: 'FwoGZXIvYXdzEJr//token', Expiration: '2026-12-05T06:00:00Z' }, $metadata: {} }),
    });
    const ledger = new Ledger(true);
    const session = new AccountSession({ account: 'caller', credentials: async () => ({ accessKeyId: 'AKID', secretAccessKey: 's' }), clients, ledger, maxRps: 100, concurrency: 1 });
    const answer = await session.call('sts', 'eu-west-1', new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/VigilAudit', RoleSessionName: 'vigil-audit' }));
    // The scan itself uses the real credentials; only what is kept is masked.
    expect(answer.ok && (answer.value as { Credentials: { SecretAccessKey: string } }).Credentials.SecretAccessKey).toBe('wJalrXUtnFEMI/secret');
    const kept = JSON.stringify(ledger.raw);
    expect(kept).not.toContain('wJalrXUtnFEMI');
    expect(kept).not.toContain('FwoGZXIvYXdzEJr');
    expect(ledger.raw[0]!.output).toEqual({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: '(sensitive)', SessionToken: '(sensitive)', Expiration: '2026-12-05T06:00:00Z' } });
  });
});
