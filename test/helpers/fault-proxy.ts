import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * A fault-injecting HTTP forwarder for the live-scan tests. The AWS SDK (or the Vigil CLI, through
 * `AWS_ENDPOINT_URL`) is pointed at `proxy.endpoint`; every request is forwarded unchanged to the
 * upstream (a `moto_server` on loopback), unless a rule matches it and answers in its place.
 *
 *     const proxy = await startFaultProxy({ upstream: moto.endpoint });
 *     proxy.setRules([
 *       { service: 'ec2', action: 'DescribeSecurityGroups', region: 'eu-west-1', fault: { kind: 'hang' } },
 *       { service: 'iam', attempts: [1], fault: { kind: 'throttle' } },  // first attempt of each IAM call
 *       { action: /^GetBucket/, times: 3, fault: { kind: 'reset' } },    // the first three matches only
 *     ]);
 *     ... run the scan against proxy.endpoint ...
 *     proxy.requests;               // every request seen, with its time and what was done to it
 *     proxy.maxPerWindow(1000);     // the most requests that arrived within any 1-second window
 *     proxy.lagMs();                // the longest this process was too busy to note an arrival
 *     proxy.reset();                // forgets the requests seen and the lag
 *     await proxy.stop();           // closes the server and every open (also hanging) connection
 *
 * What a request is, as read from the wire:
 * - `service`: the SigV4 signing name from the `Authorization` credential scope (`ec2`, `sts`,
 *   `iam`, `s3`, `elasticloadbalancing`, ...), except S3 Control, which signs as `s3` and is
 *   recognised by its `/v20180820/` path as `s3control`.
 * - `region`: from the same credential scope.
 * - `action`: the operation, from `X-Amz-Target` (JSON protocols), the `Action=` form field or
 *   query parameter (query protocols, EC2), or for REST services a name derived from method and
 *   path (`ListBuckets`, `GetBucketEncryption`, `HeadBucket`, ...; see `restAction`), falling back
 *   to `"GET /path"`.
 * - `attempt`: the SDK's attempt number of this call, from its `amz-sdk-request: attempt=N`
 *   header (1 for the first try, 2 for the first retry...).
 *
 * Run the CLI with `vigilAsync` (test/helpers/cli.ts), never `vigil`: the proxy lives in the test
 * process, and a synchronous spawn would stop it from answering.
 *
 * The first rule that matches decides; a rule with `times` stops matching after that many hits.
 * Loopback only: the proxy listens on 127.0.0.1 on a port the OS picks.
 */

export type Fault =
  /** The protocol's own throttling error (Throttling, RequestLimitExceeded, ThrottlingException, SlowDown...). */
  | { kind: 'throttle' }
  /** The protocol's own access-denied error (AccessDenied, UnauthorizedOperation, AccessDeniedException). */
  | { kind: 'deny' }
  /** Waits `ms` milliseconds, then forwards as usual. */
  | { kind: 'delay'; ms: number }
  /** Never answers; the connection stays open until the client gives up or the proxy stops. */
  | { kind: 'hang' }
  /** Destroys the connection without an answer. */
  | { kind: 'reset' }
  /**
   * Forwards, then sends the status, the full Content-Length and only `fraction` (default 0.5) of
   * the body; then closes the connection, or with `then: 'hang'` leaves it open, stalled.
   */
  | { kind: 'truncate'; fraction?: number; then?: 'close' | 'hang' }
  /** HTTP 200 with an empty body. */
  | { kind: 'empty' }
  /** An HTML page (a captive portal or a load balancer's error page) with `status` (default 200). */
  | { kind: 'html'; status?: number }
  /**
   * A chosen AWS error (`NoSuchBucket` with 404, `ExpiredToken` with 403...) in the protocol's own
   * error shape, so the SDK names it `code`; a HEAD request gets the status alone, as S3 sends it.
   */
  | { kind: 'error'; code: string; status: number; message?: string };

export type Protocol = 'query' | 'ec2' | 'json' | 'rest-xml' | 'rest-json';

export interface RequestInfo {
  method: string;
  path: string;
  service: string;
  region: string;
  action: string;
  attempt: number;
  protocol: Protocol;
}

type Matcher = string | RegExp | ((value: string) => boolean);

export interface FaultRule {
  service?: Matcher;
  action?: Matcher;
  region?: Matcher;
  /** The attempt numbers (1-based) of a call that this rule applies to; all when left out. */
  attempts?: number[];
  /** Applies to at most this many requests, then no longer matches. */
  times?: number;
  /** Any further condition on the request. */
  when?: (request: RequestInfo) => boolean;
  fault: Fault;
}

export interface RequestRecord extends RequestInfo {
  /** `performance.now()` when the request's headers arrived. */
  at: number;
  /** The fault applied, if any. */
  fault?: Fault['kind'];
}

export interface FaultProxy {
  endpoint: string;
  port: number;
  /** Every request received, in arrival order. */
  readonly requests: RequestRecord[];
  /** Replaces the rules (counts of `times` start again). */
  setRules: (rules: FaultRule[]) => void;
  /** The most requests (optionally only those `filter` keeps) that arrived within any window of `windowMs`. */
  maxPerWindow: (windowMs?: number, filter?: (record: RequestRecord) => boolean) => number;
  /**
   * The longest delay of this process's event loop from the first request to the last one seen
   * (since the last reset), in ms. A request is stamped when the loop gets to it, so stamps can
   * bunch by up to this much: requests stamped within `windowMs - lagMs()` of each other really
   * arrived within `windowMs`.
   */
  lagMs: () => number;
  /** Forgets the requests seen and the lag measured. */
  reset: () => void;
  /** Stops listening, ends every open connection (hanging ones too) and waits for the server to close. */
  stop: () => Promise<void>;
}

export interface FaultProxyOptions {
  /** Where requests are forwarded: `http://127.0.0.1:<port>`. */
  upstream: string;
  rules?: FaultRule[];
}

interface ActiveRule {
  rule: FaultRule;
  hits: number;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  if (upstream.hostname !== '127.0.0.1' && upstream.hostname !== 'localhost') throw new Error(`the fault proxy forwards to loopback only, not ${upstream.hostname}`);
  let rules: ActiveRule[] = (options.rules ?? []).map((rule) => ({ rule, hits: 0 }));
  const requests: RequestRecord[] = [];
  const sockets = new Set<Socket>();
  const agent = new Agent({ keepAlive: true });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  // The lag while requests were arriving: measured from the first request, read at the last.
  let lagWhileCounting = 0;
  let stopping = false;

  const pick = (info: RequestInfo): Fault | undefined => {
    for (const active of rules) {
      const { rule } = active;
      if (rule.times !== undefined && active.hits >= rule.times) continue;
      if (!matches(rule.service, info.service) || !matches(rule.action, info.action) || !matches(rule.region, info.region)) continue;
      if (rule.attempts && !rule.attempts.includes(info.attempt)) continue;
      if (rule.when && !rule.when(info)) continue;
      active.hits++;
      return rule.fault;
    }
    return undefined;
  };

  const server = createServer((req, res) => {
    const at = performance.now();
    if (requests.length === 0) lag.reset();
    else lagWhileCounting = lag.max;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined);
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const info = describeRequest(req, body);
      const fault = pick(info);
      requests.push({ ...info, at, ...(fault ? { fault: fault.kind } : {}) });
      void handle(fault, info, req, res, body);
    });
  });

  const handle = async (fault: Fault | undefined, info: RequestInfo, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    switch (fault?.kind) {
      case undefined:
        return forward(req, res, body);
      case 'throttle':
      case 'deny':
        return sendError(res, fault.kind, info);
      case 'error':
        return sendAwsError(res, info, fault.status, fault.code, fault.message ?? `${fault.code} (from the fault proxy)`);
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        if (res.destroyed || stopping) return;
        return forward(req, res, body);
      case 'hang':
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'truncate':
        return forward(req, res, body, { fraction: fault.fraction ?? 0.5, hang: fault.then === 'hang' });
      case 'empty':
        res.writeHead(200, { 'content-type': contentType(info.protocol), 'content-length': '0', 'x-amzn-requestid': requestId() });
        res.end();
        return;
      case 'html': {
        const page = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy could not reach the service.</p></body></html>';
        res.writeHead(fault.status ?? 200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(page)) });
        res.end(page);
        return;
      }
    }
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, cut?: { fraction: number; hang: boolean }): Promise<void> =>
    new Promise((resolve) => {
      const outgoing = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('error', () => {
            req.socket.destroy();
            resolve();
          });
          answer.on('end', () => {
            const full = Buffer.concat(parts);
            const headers = { ...answer.headers };
            delete headers['transfer-encoding'];
            headers['content-length'] = String(full.length);
            if (res.destroyed) return resolve();
            res.writeHead(answer.statusCode ?? 502, headers);
            if (cut === undefined) {
              res.end(full);
            } else {
              // The promised length stays and the body stops short; the connection then drops, or
              // stays open with nothing more coming.
              res.write(full.subarray(0, Math.floor(full.length * cut.fraction)), () => {
                if (!cut.hang) req.socket.destroy();
              });
            }
            resolve();
          });
        },
      );
      outgoing.on('error', () => {
        req.socket.destroy();
        resolve();
      });
      outgoing.end(body);
    });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    setRules: (next) => {
      rules = next.map((rule) => ({ rule, hits: 0 }));
    },
    maxPerWindow: (windowMs = 1000, filter) => maxInWindow(requests.filter(filter ?? (() => true)).map((r) => r.at), windowMs),
    // The histogram is in nanoseconds and includes its own 10 ms timer resolution.
    lagMs: () => Math.max(0, lagWhileCounting / 1e6 - 10),
    reset: () => {
      requests.length = 0;
      lagWhileCounting = 0;
      lag.reset();
    },
    stop: async () => {
      stopping = true;
      lag.disable();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await closed;
    },
  };
}

/** The largest number of times within any half-open window [t, t + windowMs). */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function matches(matcher: Matcher | undefined, value: string): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'string') return matcher === value;
  if (matcher instanceof RegExp) return matcher.test(value);
  return matcher(value);
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

export function describeRequest(req: IncomingMessage, body: Buffer): RequestInfo {
  const url = new URL(req.url ?? '/', 'http://proxy');
  const method = req.method ?? 'GET';
  const scope = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(header(req, 'authorization'));
  const region = scope?.[1] ?? '';
  let service = scope?.[2] ?? '';
  const target = header(req, 'x-amz-target');
  const attempt = Number(/attempt=(\d+)/.exec(header(req, 'amz-sdk-request'))?.[1] ?? '1');
  const base = { method, path: url.pathname, region, attempt };
  if (target) return { ...base, service, action: target.slice(target.lastIndexOf('.') + 1), protocol: 'json' };
  const form = header(req, 'content-type').startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body.toString('utf8')) : undefined;
  const queryAction = form?.get('Action') ?? url.searchParams.get('Action');
  if (queryAction) return { ...base, service, action: queryAction, protocol: service === 'ec2' ? 'ec2' : 'query' };
  if (service === 's3' && url.pathname.startsWith('/v20180820/')) service = 's3control';
  const protocol: Protocol = REST_XML_SERVICES.has(service) ? 'rest-xml' : 'rest-json';
  return { ...base, service, action: restAction(service, method, url), protocol };
}

// The REST services whose answers and errors are XML; every other REST service speaks JSON.
const REST_XML_SERVICES = new Set(['s3', 's3control', 'cloudfront', 'route53']);

// S3's sub-resource query keys and the GET operation each selects; the ones Vigil reads.
const S3_BUCKET_READS: Record<string, string> = {
  location: 'GetBucketLocation',
  encryption: 'GetBucketEncryption',
  publicAccessBlock: 'GetPublicAccessBlock',
  policy: 'GetBucketPolicy',
  policyStatus: 'GetBucketPolicyStatus',
  versioning: 'GetBucketVersioning',
  logging: 'GetBucketLogging',
  acl: 'GetBucketAcl',
  ownershipControls: 'GetBucketOwnershipControls',
  lifecycle: 'GetBucketLifecycleConfiguration',
  replication: 'GetBucketReplication',
  tagging: 'GetBucketTagging',
  'object-lock': 'GetObjectLockConfiguration',
};

/** A REST request's operation name where it is known, else `METHOD /path`. */
function restAction(service: string, method: string, url: URL): string {
  const segments = url.pathname.split('/').filter(Boolean);
  if (service === 's3') {
    if (segments.length === 0 && method === 'GET') return 'ListBuckets';
    if (segments.length === 1 && method === 'HEAD') return 'HeadBucket';
    if (segments.length === 1 && method === 'PUT' && url.search === '') return 'CreateBucket';
    if (segments.length === 1 && method === 'GET') {
      for (const key of url.searchParams.keys()) if (S3_BUCKET_READS[key]) return S3_BUCKET_READS[key]!;
      return url.searchParams.has('list-type') ? 'ListObjectsV2' : 'ListObjects';
    }
  }
  if (service === 's3control' && url.pathname === '/v20180820/configuration/publicAccessBlock' && method === 'GET') return 'GetPublicAccessBlock';
  return `${method} ${url.pathname}`;
}

function contentType(protocol: Protocol): string {
  if (protocol === 'json') return 'application/x-amz-json-1.1';
  if (protocol === 'rest-json') return 'application/json';
  return 'text/xml';
}

let counter = 0;
const requestId = () => `fault-proxy-${++counter}`;

/** Each protocol's own throttling or access-denied error, so the SDK parses it as AWS's and gives it its real name. */
function sendError(res: ServerResponse, kind: 'throttle' | 'deny', info: RequestInfo): void {
  const denyMessage = `User: arn:aws:iam::123456789012:user/test is not authorized to perform: ${info.service}:${info.action}`;
  const [status, code, message]: [number, string, string] = (() => {
    switch (info.protocol) {
      case 'ec2':
        return kind === 'throttle' ? [503, 'RequestLimitExceeded', 'Request limit exceeded.'] : [403, 'UnauthorizedOperation', denyMessage];
      case 'query':
        return kind === 'throttle' ? [400, 'Throttling', 'Rate exceeded'] : [403, 'AccessDenied', denyMessage];
      case 'rest-xml':
        return kind === 'throttle' ? [503, 'SlowDown', 'Please reduce your request rate.'] : [403, 'AccessDenied', 'Access Denied'];
      case 'json':
        return kind === 'throttle' ? [400, 'ThrottlingException', 'Rate exceeded'] : [400, 'AccessDeniedException', denyMessage];
      case 'rest-json':
        return kind === 'throttle' ? [429, 'TooManyRequestsException', 'Rate exceeded'] : [403, 'AccessDeniedException', denyMessage];
    }
  })();
  sendAwsError(res, info, status, code, message);
}

/** An error with `code` and `status` in the shape the request's protocol uses. */
function sendAwsError(res: ServerResponse, info: RequestInfo, status: number, code: string, message: string): void {
  const id = requestId();
  let body: string;
  const headers: Record<string, string> = { 'x-amzn-requestid': id, 'content-type': contentType(info.protocol) };
  switch (info.protocol) {
    case 'ec2':
      body = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`;
      break;
    case 'query':
      body = `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`;
      break;
    case 'rest-xml':
      // S3 answers a HEAD with the status alone; the SDK then names the error by it (404: NotFound).
      body = info.method === 'HEAD' ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId></Error>`;
      headers['x-amz-request-id'] = id;
      break;
    case 'json':
      body = JSON.stringify({ __type: code, message });
      headers['x-amzn-errortype'] = code;
      break;
    case 'rest-json':
      body = JSON.stringify({ message });
      headers['x-amzn-errortype'] = `${code}:http://internal.amazon.com/coral/com.amazon.coral.service/`;
      break;
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}
