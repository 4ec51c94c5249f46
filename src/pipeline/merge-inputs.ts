import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileInput, MergeError, type MergeInput } from './merge.js';

/**
 * What `vigil merge` is given, as shard reports to read: JSON files, folders of them (their `*.json`
 * files, not below), and `s3://bucket/prefix/` (every `*.json` object under the prefix, listed and
 * read with the SDK; nothing is written). The S3 client takes the usual credential chain (IRSA's
 * web identity included) and AWS_ENDPOINT_URL.
 */

export interface ResolvedInputs {
  inputs: MergeInput[];
  /** Closes the S3 client, when one was made. */
  dispose: () => void;
}

/** At most this many objects are listed under one prefix: a prefix of more is a mistake, not a run. */
const MAX_OBJECTS = 100_000;

export async function resolveMergeInputs(given: string[], cwd: string, env: Record<string, string | undefined>, profile?: string): Promise<ResolvedInputs> {
  const inputs: MergeInput[] = [];
  const disposers: Array<() => void> = [];
  try {
    for (const item of given) {
      if (item.startsWith('s3://')) {
        const s3 = await s3Inputs(item, env, profile);
        disposers.push(s3.dispose);
        inputs.push(...s3.inputs);
        continue;
      }
      const path = resolve(cwd, item);
      if (!existsSync(path)) throw new MergeError(`not found: ${item}`);
      const shown = (file: string) => relative(cwd, file) || file;
      if (statSync(path).isDirectory()) {
        const files = readdirSync(path).filter((name) => name.endsWith('.json')).sort().map((name) => join(path, name)).filter((file) => statSync(file).isFile());
        if (files.length === 0) throw new MergeError(`${item} holds no .json reports`);
        for (const file of files) inputs.push(fileInput(file, shown(file)));
      } else {
        inputs.push(fileInput(path, shown(path)));
      }
    }
  } catch (error) {
    for (const dispose of disposers) dispose();
    throw error;
  }
  return { inputs, dispose: () => disposers.forEach((d) => d()) };
}

async function s3Inputs(url: string, env: Record<string, string | undefined>, profile: string | undefined): Promise<ResolvedInputs> {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new MergeError(`${url} is not an S3 location: give s3://bucket/prefix/`);
  const bucket = match[1]!;
  const prefix = match[2] ?? '';
  const [{ S3Client, ListObjectsV2Command, GetObjectCommand }, { baseCredentials }] = await Promise.all([import('@aws-sdk/client-s3'), import('../sources/aws/credentials.js')]);
  const endpoint = env.AWS_ENDPOINT_URL;
  const client = new S3Client({
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    credentials: baseCredentials(profile),
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    maxAttempts: 3,
  });
  const keys: string[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const object of page.Contents ?? []) if (object.Key?.endsWith('.json')) keys.push(object.Key);
      if (keys.length > MAX_OBJECTS) throw new MergeError(`${url} holds more than ${MAX_OBJECTS} .json objects; give the prefix of one run`);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    client.destroy();
    if (error instanceof MergeError) throw error;
    throw new MergeError(`cannot list ${url}: ${s3Reason(error)}`);
  }
  if (keys.length === 0) {
    client.destroy();
    throw new MergeError(`${url} holds no .json reports`);
  }
  const inputs = keys.sort().map((key): MergeInput => ({
    name: `s3://${bucket}/${key}`,
    open: () => objectStream(() => client.send(new GetObjectCommand({ Bucket: bucket, Key: key })), `s3://${bucket}/${key}`),
  }));
  return { inputs, dispose: () => client.destroy() };
}

async function* objectStream(get: () => Promise<{ Body?: unknown }>, shown: string): AsyncGenerator<Uint8Array> {
  let body: Readable | undefined;
  try {
    body = (await get()).Body as Readable | undefined;
  } catch (error) {
    throw new MergeError(`cannot read ${shown}: ${s3Reason(error)}`);
  }
  if (!body) return;
  try {
    for await (const chunk of body) yield chunk as Uint8Array;
  } finally {
    body.destroy();
  }
}

function s3Reason(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'NoSuchBucket') return 'no such bucket (NoSuchBucket)';
  if (e.name === 'AccessDenied' || e.$metadata?.httpStatusCode === 403) return 'access denied (s3:ListBucket and s3:GetObject are needed)';
  return `${e.name ?? 'error'}: ${(e.message ?? String(error)).split('\n')[0]!.slice(0, 200)}`;
}
