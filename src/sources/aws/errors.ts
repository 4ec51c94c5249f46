/**
 * What an AWS error means for the scan. Every error is sorted into one kind, counted under its
 * service and call, and turned into an `Unknown`, a note or, for credentials, a stop.
 */

export type ErrorKind =
  | 'denied'
  | 'throttled'
  | 'not-found'
  | 'region-disabled'
  | 'credentials'
  | 'timeout'
  | 'server'
  /** The connection broke (reset, refused, closed early): no answer from the service at all. */
  | 'network'
  | 'client';

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'AuthorizationErrorException',
  'Forbidden',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);
const CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AuthFailure',
  'CredentialsProviderError',
  'TokenProviderError',
]);
// Node's codes for a connection that broke before an answer came.
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH']);
// A call into an opt-in region the account has not enabled: skip the region, never fail the scan.
const REGION_DISABLED = new Set(['UnrecognizedClientException', 'RegionDisabledException', 'OptInRequired']);

export interface AwsErrorInfo {
  kind: ErrorKind;
  /** The error's name as AWS gave it (`AccessDenied`), or a short description for non-AWS errors. */
  code: string;
  message: string;
  httpStatus?: number;
}

export function classifyError(error: unknown): AwsErrorInfo {
  const e = error as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string; code?: string };
  const httpStatus = e?.$metadata?.httpStatusCode;
  const raw = typeof e?.message === 'string' ? e.message : String(error);
  // A body the SDK could not parse (an HTML error page from a proxy or an emulator) surfaces as
  // a JSON SyntaxError: the HTTP status is the only thing it says about the service.
  // The SDK names an XML error it could not read `Unknown`: the status says more.
  const unparsable = (e?.name === 'SyntaxError' || (e?.name === 'Unknown' && !e?.Code)) && httpStatus !== undefined;
  const code = unparsable ? `HTTP ${httpStatus}` : (e?.Code ?? e?.name ?? 'Error');
  const message = unparsable ? `an answer that is not the service's JSON (${raw})` : raw;
  const info = (kind: ErrorKind): AwsErrorInfo => ({ kind, code, message, ...(httpStatus !== undefined ? { httpStatus } : {}) });
  if (DENIED.has(code)) return info('denied');
  if (THROTTLED.has(code) || httpStatus === 429) return info('throttled');
  if (CREDENTIALS.has(code)) return info('credentials');
  if (REGION_DISABLED.has(code)) return info('region-disabled');
  if (typeof e?.code === 'string' && NETWORK.has(e.code)) return { ...info('network'), code: e.code };
  if (code === 'AbortError' || code === 'TimeoutError' || e?.code === 'ETIMEDOUT' || /timed? ?out/i.test(code)) return info('timeout');
  if (/^NoSuch|NotFound|Nonexistent/.test(code)) return info('not-found');
  if (e?.$fault === 'server' || (httpStatus !== undefined && httpStatus >= 500)) return info('server');
  return info('client');
}

/**
 * The scan cannot start: no credentials, or the ones found are expired or invalid. The CLI maps
 * it to exit code 2 and prints `message`, which names every place that was tried.
 */
export class AwsCredentialsError extends Error {
  override readonly name = 'AwsCredentialsError';
}

/** The AWS options cannot be honoured as given (an unknown region, no accounts in the organization). */
export class AwsOptionsError extends Error {
  override readonly name = 'AwsOptionsError';
}
