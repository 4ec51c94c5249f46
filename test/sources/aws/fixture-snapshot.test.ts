import { describe, expect, it } from 'vitest';
import { scanAws } from '../../../src/sources/aws/index.js';
import { parseSnapshot, serializeSnapshot } from '../../../src/sources/aws/snapshot.js';
import { recheckSnapshot } from '../../../src/sources/aws/replay.js';
import { fastReport, testOptions } from './mocks.js';
import { loadRecording, replayClients } from './replay.js';

/**
 * fixtures/aws/clinic-prod-111122223333.snapshot.json is the evidence snapshot the collectors
 * write from the recorded answers (the README's --from-snapshot example). It must stay exactly
 * what they write today: `npx vitest run test/sources/aws/fixture-snapshot.test.ts -u` rewrites it
 * after a deliberate change to the collectors or the recording.
 */

async function writeFromRecording(): Promise<string> {
  const recording = loadRecording('clinic-prod-111122223333.json');
  const { clients } = replayClients(recording);
  const result = await scanAws(testOptions({ regions: ['eu-west-1', 'eu-central-2'], keepRaw: true, concurrency: 1 }), {
    clients,
    credentials: async () => ({ accessKeyId: 'AKIDREPLAY', secretAccessKey: 'replay' }),
    now: () => new Date(recording.recordedAt),
    reportTiming: fastReport,
  });
  return serializeSnapshot(result, '0.1.0', new Date(recording.recordedAt));
}

describe('the example snapshot in fixtures/aws', () => {
  it('is what the collectors write from the recorded answers', async () => {
    await expect(await writeFromRecording()).toMatchFileSnapshot('../../../fixtures/aws/clinic-prod-111122223333.snapshot.json');
  });

  it('agrees with its own raw answers when they are replayed', async () => {
    const snapshot = parseSnapshot(await writeFromRecording());
    expect(await recheckSnapshot(snapshot)).toEqual({ disagreements: [], unread: [] });
  });

  it('names every way an edited snapshot disagrees with its answers: a changed value, a dropped resource, a moved evidence time', async () => {
    const snapshot = parseSnapshot(await writeFromRecording());
    const bucket = snapshot.resources.find((r) => r.kind === 'aws.s3.bucket' && r.name === 'clinic-public-exports')!;
    (bucket.attributes as Record<string, unknown>).object_ownership = 'BucketOwnerEnforced';
    const dropped = snapshot.resources.findIndex((r) => r.kind === 'aws.ec2.volume');
    const volume = snapshot.resources[dropped]!;
    snapshot.resources.splice(dropped, 1);
    const user = snapshot.resources.find((r) => r.kind === 'aws.iam.user')!;
    if (user.provenance.source === 'aws') user.provenance.calls[0]!.at = '2026-01-01T00:00:00.000Z';
    const problems = (await recheckSnapshot(snapshot)).disagreements;
    expect(problems).toContainEqual(expect.stringMatching(/clinic-public-exports: the resource says attributes\.object_ownership otherwise than the answers/));
    expect(problems).toContainEqual(expect.stringContaining(`${volume.provenance.source === 'aws' ? volume.provenance.arn : ''}: the answers give it, but the resources leave it out`));
    expect(problems).toContainEqual(expect.stringMatching(/aws\.iam\.user .*: its evidence names iam:\w+ at 2026-01-01T00:00:00\.000Z, which no answer in the snapshot was read at/));
  });

  it('keeps the drift join\'s link to a Terraform block out of the evidence it writes', async () => {
    const snapshot = parseSnapshot(await writeFromRecording());
    const bucket = snapshot.resources.find((r) => r.kind === 'aws.s3.bucket')!;
    if (bucket.provenance.source === 'aws') bucket.provenance.code = { address: 'aws_s3_bucket.exports', location: { file: 'main.tf', line: 1, column: 1 } };
    const written = parseSnapshot(serializeSnapshot({ ...snapshot, meta: snapshot.meta, raw: snapshot.raw } as Parameters<typeof serializeSnapshot>[0], '0.1.0', new Date(snapshot.createdAt)));
    const again = written.resources.find((r) => r.id === bucket.id)!;
    expect(again.provenance.source === 'aws' && 'code' in again.provenance).toBe(false);
    // The in-memory resource keeps its link for the report.
    expect(bucket.provenance.source === 'aws' && bucket.provenance.code?.address).toBe('aws_s3_bucket.exports');
  });
});
