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
    expect(await recheckSnapshot(snapshot)).toEqual([]);
  });
});
