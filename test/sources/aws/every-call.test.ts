import { describe, expect, it } from 'vitest';
import { scanAws } from '../../../src/sources/aws/index.js';
import { iamAction, type ServiceName } from '../../../src/sources/aws/permissions.js';
import type { ClientFactory } from '../../../src/sources/aws/session.js';
import { isUnknown, type Value } from '../../../src/model/value.js';
import type { Resource } from '../../../src/model/resource.js';
import { fastReport, testOptions } from './mocks.js';
import { loadRecording, replayClients } from './replay.js';

/**
 * Every API call every collector makes, made to fail in turn against the recorded account: denied,
 * still throttled after the SDK's retries, an HTTP 500, and (for calls about one resource) the
 * resource gone mid-scan. The scan must finish, count the error under its service and call, and
 * never pass silently: what the call would have said is an unknown naming the IAM action, a note
 * or an error of the scan, or (gone) the resource is left out or unknown.
 */

const recording = loadRecording('clinic-prod-111122223333.json');
const calls = [...new Map(recording.answers.map((a) => [`${a.service}:${a.operation}`, a] as const)).values()]
  // The identity call is the credentials check: its failure stops the scan by design (tested elsewhere).
  .filter((a) => a.operation !== 'GetCallerIdentity')
  .map((a) => ({ service: a.service as ServiceName, operation: a.operation }));

const failures = {
  denied: () => Object.assign(new Error('User is not authorized to perform this action'), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } }),
  throttled: () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } }),
  server: () => Object.assign(new Error('<!DOCTYPE html><title>500 Internal Server Error</title>'), { name: 'Error', $fault: 'server', $metadata: { httpStatusCode: 500 } }),
  gone: () => Object.assign(new Error('The resource does not exist'), { name: 'NotFoundException', $fault: 'client', $metadata: { httpStatusCode: 404 } }),
  bucketGone: () => Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket', $fault: 'client', $metadata: { httpStatusCode: 404 } }),
  // One read says NoSuchBucket, but the bucket is there: HeadBucket finds it.
  bucketGlitch: () => Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket', $fault: 'client', $metadata: { httpStatusCode: 404 } }),
} as const;
type Failure = keyof typeof failures;

async function scanFailing(target: { service: string; operation: string }, failure: Failure) {
  const { clients } = replayClients(recording);
  const failing: ClientFactory = (service, region, credentials, hooks) => {
    const client = clients(service, region, credentials, hooks);
    return {
      send: async (command: object, options?: { abortSignal?: AbortSignal }) => {
        if (service === target.service && command.constructor.name === `${target.operation}Command`) throw failures[failure]();
        // HeadBucket confirms a deletion (the recording has no answer for it): gone, or there after all.
        if (command.constructor.name === 'HeadBucketCommand') {
          if (failure === 'bucketGlitch') return {};
          throw Object.assign(new Error('Not Found'), { name: 'NotFound', $fault: 'client', $metadata: { httpStatusCode: 404 } });
        }
        return client.send(command, options);
      },
    };
  };
  return scanAws(testOptions({ regions: ['eu-west-1'] }), {
    clients: failing,
    credentials: async () => ({ accessKeyId: 'AKIDREPLAY', secretAccessKey: 'replay' }),
    now: () => new Date(recording.recordedAt),
    reportTiming: fastReport,
  });
}

function unknownReasons(value: Value, out: string[] = []): string[] {
  if (isUnknown(value)) out.push(value.reason);
  else if (Array.isArray(value)) for (const v of value) unknownReasons(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) unknownReasons(v as Value, out);
  return out;
}
const reasonsOf = (resources: Resource[]) => resources.flatMap((r) => unknownReasons(r.attributes));

const KIND: Record<Failure, string> = { denied: 'denied', throttled: 'throttled', server: 'server', gone: 'not-found', bucketGone: 'not-found', bucketGlitch: 'not-found' };
const SAYS: Record<Exclude<Failure, 'gone'>, (action: string) => string> = {
  denied: (action) => `access denied to ${action} (AccessDenied)`,
  throttled: (action) => `${action} was still throttled after the SDK's retries (ThrottlingException)`,
  server: (action) => `${action} failed: Error: <!DOCTYPE html>`,
};

describe.each(['denied', 'throttled', 'server'] as const)('every call of every collector, %s', (failure) => {
  it.each(calls)('$service:$operation', async (call) => {
    const result = await scanFailing(call, failure);
    expect(result.meta.apiErrors).toContainEqual(expect.objectContaining({ service: call.service, operation: call.operation, kind: KIND[failure] }));
    // No collector crashed on it.
    expect(result.problems.filter((p) => / stopped: /.test(p.message))).toEqual([]);
    const said = SAYS[failure](iamAction(call.service, call.operation));
    const visible = reasonsOf(result.resources).some((r) => r.includes(said)) || result.problems.some((p) => p.message.includes(said));
    expect(visible, `nothing says "${said}"`).toBe(true);
  });
});

describe('every call about one resource, when the resource is gone mid-scan', () => {
  // The calls about one resource are the ones the recording answers by the resource they name.
  const perResource = [...new Map(recording.answers
    .filter((a) => Object.keys(a.match ?? {}).some((k) => k !== 'NextToken'))
    .map((a) => [`${a.service}:${a.operation}`, { service: a.service as ServiceName, operation: a.operation }] as const)).values()];
  it.each(perResource)('$service:$operation', async (call) => {
    const result = await scanFailing(call, 'gone');
    expect(result.meta.apiErrors).toContainEqual(expect.objectContaining({ service: call.service, operation: call.operation, kind: 'not-found' }));
    expect(result.problems.filter((p) => / stopped: /.test(p.message))).toEqual([]);
    expect(result.meta.accounts[0]!.status).toBe('scanned');
    // Never silent: the attribute is unknown naming the call, or a note says what was skipped.
    const action = iamAction(call.service, call.operation);
    const visible = reasonsOf(result.resources).some((r) => r.includes(`${action} failed: NotFoundException`))
      || result.problems.some((p) => p.message.includes(action) || p.message.includes('deleted during the scan'));
    expect(visible, `nothing says ${action} found nothing`).toBe(true);
  });
});

describe('every call about one S3 bucket, when it answers NoSuchBucket but HeadBucket finds the bucket', () => {
  const perBucket = calls.filter((c) => c.service === 's3' && c.operation !== 'ListBuckets');
  it.each(perBucket)('$service:$operation', async (call) => {
    const result = await scanFailing(call, 'bucketGlitch');
    // No bucket is lost: both are kept, and what the failed call would have said is unknown.
    expect(result.resources.filter((r) => r.kind === 'aws.s3.bucket').map((r) => r.name).sort()).toEqual(['clinic-phi-records', 'clinic-public-exports']);
    expect(result.problems.filter((p) => /was deleted during the scan/.test(p.message))).toEqual([]);
    const said = `${iamAction('s3', call.operation)} failed: NoSuchBucket`;
    expect(reasonsOf(result.resources.filter((r) => r.kind === 'aws.s3.bucket')).some((r) => r.includes(said)), `nothing says "${said}"`).toBe(true);
    expect(result.problems.some((p) => /answered NoSuchBucket to some reads, but HeadBucket finds it: it is kept/.test(p.message))).toBe(true);
  });
});

describe('every call about one S3 bucket, when the bucket is deleted mid-scan', () => {
  const perBucket = calls.filter((c) => c.service === 's3' && c.operation !== 'ListBuckets');
  it.each(perBucket)('$service:$operation', async (call) => {
    const result = await scanFailing(call, 'bucketGone');
    expect(result.problems.filter((p) => / stopped: /.test(p.message))).toEqual([]);
    // Some calls are made only for some buckets (the policy status only where a policy allows something).
    const named = recording.answers.filter((a) => a.service === 's3' && a.operation === call.operation).map((a) => a.match?.Bucket);
    const buckets = ['clinic-phi-records', 'clinic-public-exports'];
    const asked = named.includes(undefined) ? buckets : buckets.filter((b) => named.includes(b));
    expect(asked.length).toBeGreaterThan(0);
    expect(result.resources.filter((r) => r.kind === 'aws.s3.bucket').map((r) => r.name).sort()).toEqual(buckets.filter((b) => !asked.includes(b)));
    for (const bucket of asked) {
      expect(result.problems).toContainEqual({ severity: 'warning', file: 'aws:111122223333/eu-west-1', message: `S3 bucket ${bucket} was deleted during the scan and is skipped` });
    }
  });
});
