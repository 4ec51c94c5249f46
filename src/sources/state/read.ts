import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';

/**
 * Where a state is read from: a local file, or an object of an S3 backend read with the SDK (only
 * GetObject: read-only, with the scan's credential chain and --profile).
 */

export type StateSource =
  | { kind: 'file'; path: string; shown: string }
  | { kind: 's3'; bucket: string; key: string; versionId?: string; region?: string; shown: string };

/** A state that could not be read: the message names the state and says why. */
export class StateReadError extends Error {}

/**
 * States are parsed whole (JSON), so their size is bounded: at most this many bytes, well above the
 * largest real states (tens of MB for tens of thousands of resources) and below what one string holds.
 */
export const MAX_STATE_BYTES = 256 * 1024 * 1024;

const sizeText = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `s3://bucket/key[?versionId=v]`, or undefined when `text` is not an S3 URL. */
export function parseS3Url(text: string): { bucket: string; key: string; versionId?: string } | undefined {
  const match = /^s3:\/\/([^/?#]+)\/([^?#]+)(?:\?(.*))?$/.exec(text);
  if (!match) return undefined;
  const query = new URLSearchParams(match[3] ?? '');
  const versionId = query.get('versionId') ?? undefined;
  return { bucket: match[1]!, key: decodeURIComponent(match[2]!), ...(versionId ? { versionId } : {}) };
}

export function readLocalState(path: string, shown: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StateReadError(`${shown}: cannot read the state: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new StateReadError(`${shown}: not a regular file`);
    if (stat.size > MAX_STATE_BYTES) throw new StateReadError(`${shown}: the state is ${sizeText(stat.size)}, more than the ${sizeText(MAX_STATE_BYTES)} Vigil reads; not read`);
    const buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.toString('utf8', 0, read);
  } finally {
    closeSync(fd);
  }
}

export interface S3Access {
  env: Record<string, string | undefined>;
  profile?: string;
}

/** GetObject of a state in an S3 backend, its size bounded before and while it is read. */
export async function readS3State(source: Extract<StateSource, { kind: 's3' }>, access: S3Access): Promise<string> {
  const [{ S3Client, GetObjectCommand }, { baseCredentials }] = await Promise.all([import('@aws-sdk/client-s3'), import('../aws/credentials.js')]);
  const endpoint = access.env.AWS_ENDPOINT_URL;
  const client = new S3Client({
    region: source.region ?? access.env.AWS_REGION ?? access.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    credentials: baseCredentials(access.profile),
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    maxAttempts: 3,
  });
  try {
    const answer = await client.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key, ...(source.versionId ? { VersionId: source.versionId } : {}) }));
    if (answer.ContentLength !== undefined && answer.ContentLength > MAX_STATE_BYTES) {
      (answer.Body as Readable | undefined)?.destroy?.();
      throw new StateReadError(`${source.shown}: the state is ${sizeText(answer.ContentLength)}, more than the ${sizeText(MAX_STATE_BYTES)} Vigil reads; not read`);
    }
    return await boundedText(answer.Body as Readable | undefined, source.shown);
  } catch (error) {
    if (error instanceof StateReadError) throw error;
    throw new StateReadError(`${source.shown}: cannot read the state: ${s3Reason(error)}`);
  } finally {
    client.destroy();
  }
}

async function boundedText(body: Readable | undefined, shown: string): Promise<string> {
  if (!body) return '';
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.length;
    if (total > MAX_STATE_BYTES) {
      body.destroy();
      throw new StateReadError(`${shown}: the state is more than the ${sizeText(MAX_STATE_BYTES)} Vigil reads; not read`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function s3Reason(error: unknown): string {
  const e = error as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.name ?? e.Code ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (code === 'NoSuchKey' || (status === 404 && code !== 'NoSuchBucket' && code !== 'NoSuchVersion')) return 'no such object (NoSuchKey)';
  if (code === 'NoSuchBucket') return 'no such bucket (NoSuchBucket)';
  if (code === 'NoSuchVersion' || code === 'InvalidArgument') return `no such version of the object (${code})`;
  if (code === 'AccessDenied' || status === 403) return 'access denied to s3:GetObject (AccessDenied): the scan\'s credentials need read access to the state object';
  return `${code || 'error'}: ${(e.message ?? String(error)).split('\n')[0]!.slice(0, 200)}`;
}

/** Reads a small text file, or undefined when it is not there (`.terraform/environment`). */
export function readSmallFile(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length > 4096 ? undefined : text;
  } catch {
    return undefined;
  }
}
