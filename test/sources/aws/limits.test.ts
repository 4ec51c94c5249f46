import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DescribeSecurityGroupsCommand, type DescribeSecurityGroupsCommandOutput } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { sdkClientFactory } from '../../../src/sources/aws/clients.js';
import { classifyError } from '../../../src/sources/aws/errors.js';
import { mapBounded, RateLimiter, Semaphore } from '../../../src/sources/aws/limiter.js';
import { AccountSession, Ledger } from '../../../src/sources/aws/session.js';

/** The throttle, the pools, and the SDK's own adaptive retries as Vigil drives them. */

const THROTTLED = '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r1</RequestID></Response>';
const GROUPS = '<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r2</requestId><securityGroupInfo><item><groupId>sg-0a1</groupId><groupName>app</groupName><vpcId>vpc-1</vpcId><ipPermissions/><ipPermissionsEgress/></item></securityGroupInfo></DescribeSecurityGroupsResponse>';

/** An in-process HTTP handler: the SDK signs, retries and parses for real, nothing leaves the process. */
function scriptedHandler(answers: Array<{ status: number; body: string }>) {
  const seen: string[] = [];
  return {
    seen,
    handler: {
      handle: async (request: { headers: Record<string, string> }) => {
        seen.push(request.headers['amz-sdk-request'] ?? '');
        const next = answers.shift() ?? answers[answers.length - 1]!;
        return { response: { statusCode: next.status, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(next.body)]) } };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    },
  };
}

describe('throttling', () => {
  it('is retried by the SDK in adaptive mode until it succeeds, and every throttled attempt is counted', async () => {
    const { handler, seen } = scriptedHandler([{ status: 503, body: THROTTLED }, { status: 503, body: THROTTLED }, { status: 200, body: GROUPS }]);
    const ledger = new Ledger(false);
    const session = new AccountSession({
      account: '111122223333',
      credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }),
      clients: sdkClientFactory({ endpoint: 'http://127.0.0.1:9', maxAttempts: 5, requestTimeoutMs: 5000, requestHandler: handler }),
      ledger,
      maxRps: 50,
      concurrency: 2,
    });
    const answer = await session.call<DescribeSecurityGroupsCommandOutput>('ec2', 'eu-west-1', new DescribeSecurityGroupsCommand({}));
    expect(answer.ok && answer.value.SecurityGroups?.[0]?.GroupId).toBe('sg-0a1');
    expect(seen).toHaveLength(3);
    expect(seen[2]).toMatch(/^attempt=3; max=5$/);
    expect(ledger.calls).toBe(1);
    expect(ledger.errorSummary()).toEqual([{ service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'throttled attempt', code: 'RequestLimitExceeded', count: 2 }]);
  });

  it('classifies the error names AWS uses for each failure', () => {
    const named = (name: string, status = 400) => classifyError(Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } })).kind;
    expect(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'].map((n) => named(n))).toEqual(['denied', 'denied', 'denied']);
    expect(['Throttling', 'RequestLimitExceeded', 'SlowDown'].map((n) => named(n))).toEqual(['throttled', 'throttled', 'throttled']);
    expect(['ExpiredToken', 'InvalidClientTokenId'].map((n) => named(n))).toEqual(['credentials', 'credentials']);
    expect(named('UnrecognizedClientException')).toBe('region-disabled');
    expect(named('NoSuchBucketPolicy', 404)).toBe('not-found');
    // moto answers unimplemented calls with HTTP 500 and an HTML page: an error, never a crash.
    expect(named('Error', 500)).toBe('server');
    // JSON services fail to parse the HTML page: the status is what the error is named by.
    const html = classifyError(Object.assign(new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON'), { $metadata: { httpStatusCode: 500 } }));
    expect(html).toMatchObject({ kind: 'server', code: 'HTTP 500', httpStatus: 500 });
    expect(html.message).toBe('an answer that is not the service\'s JSON (Unexpected token \'<\', "<!doctype "... is not valid JSON)');
  });
});

describe('the rate limiter and the pools', () => {
  it('never lets more than max-rps requests start in any one second', async () => {
    const limiter = new RateLimiter(40);
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 90 }, () => limiter.schedule(async () => void starts.push(performance.now()))));
    starts.sort((a, b) => a - b);
    let peak = 0;
    for (let i = 0; i < starts.length; i++) {
      let j = i;
      while (j < starts.length && starts[j]! - starts[i]! < 1000) j++;
      peak = Math.max(peak, j - i);
    }
    expect(peak).toBeLessThanOrEqual(40);
    expect(starts[starts.length - 1]! - starts[0]!).toBeGreaterThanOrEqual(89 * 25 - 5);
  });

  it('bounds concurrency and remembers the peak', async () => {
    const pool = new Semaphore(3);
    let active = 0;
    let seenMax = 0;
    await Promise.all(Array.from({ length: 12 }, () => pool.run(async () => {
      active++;
      seenMax = Math.max(seenMax, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    })));
    expect(seenMax).toBe(3);
    expect(pool.peak).toBe(3);
    expect(await mapBounded([3, 1, 2], 2, async (n) => n * 10)).toEqual([30, 10, 20]);
  });
});

describe('the clients on the wire', () => {
  const credentials = async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' });
  // Every hook a client factory may call (onRetried: the SDK retried an attempt away), doing nothing.
  const hooks = { wire: <T>(send: () => Promise<T>) => send(), onRetriedError: () => undefined, onRetried: () => undefined };

  it('takes a rate token for every attempt, retries included, right before the request is handed to the HTTP handler', async () => {
    const { handler, seen } = scriptedHandler([{ status: 503, body: THROTTLED }, { status: 503, body: THROTTLED }, { status: 200, body: GROUPS }]);
    const order: string[] = [];
    const wrapped = { ...handler, handle: async (request: { headers: Record<string, string> }) => (order.push('sent'), handler.handle(request)) };
    const counting = {
      ...hooks,
      wire: async <T>(send: () => Promise<T>) => {
        order.push('token');
        return send();
      },
    };
    const client = sdkClientFactory({ endpoint: 'http://127.0.0.1:9', maxAttempts: 5, requestTimeoutMs: 5000, requestHandler: wrapped })('ec2', 'eu-west-1', credentials, counting);
    await client.send(new DescribeSecurityGroupsCommand({}));
    expect(seen).toHaveLength(3);
    expect(order).toEqual(['token', 'sent', 'token', 'sent', 'token', 'sent']);
  });

  async function loopback(answer: (res: import('node:http').ServerResponse) => void): Promise<{ server: Server; endpoint: string; requests: () => number }> {
    let count = 0;
    const server = createServer((req, res) => {
      count++;
      req.resume();
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return { server, endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, requests: () => count };
  }
  const close = (server: Server) => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };

  it('aborts an attempt that gets no answer within the request timeout, and the SDK retries it', async () => {
    const { server, endpoint, requests } = await loopback(() => undefined);
    try {
      const client = sdkClientFactory({ endpoint, maxAttempts: 2, requestTimeoutMs: 300 })('sts', 'us-east-1', credentials, hooks);
      const started = performance.now();
      const error = await client.send(new GetCallerIdentityCommand({})).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'TimeoutError', message: 'no answer within the 0.3 s request timeout' });
      expect(classifyError(error).kind).toBe('timeout');
      expect(requests()).toBe(2);
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await close(server);
    }
  });

  it('cuts off an answer that starts and then stalls, at the same timeout', async () => {
    const { server, endpoint } = await loopback((res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '500' });
      res.write('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>');
    });
    try {
      const client = sdkClientFactory({ endpoint, maxAttempts: 1, requestTimeoutMs: 400 })('sts', 'us-east-1', credentials, hooks);
      const error = await client.send(new GetCallerIdentityCommand({})).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'TimeoutError' });
      expect((error as Error).message).toMatch(/^the answer did not finish within the 0.4 s request timeout/);
    } finally {
      await close(server);
    }
  });
});
