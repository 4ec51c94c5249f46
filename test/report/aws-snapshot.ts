import { writeFileSync } from 'node:fs';
import { scanAws } from '../../src/sources/aws/index.js';
import { serializeSnapshot } from '../../src/sources/aws/snapshot.js';
import { fastReport, testOptions } from '../sources/aws/mocks.js';
import { loadRecording, replayClients } from '../sources/aws/replay.js';

/**
 * The recorded account in fixtures/aws/clinic-prod-111122223333.json, replayed through the real
 * collectors and written as the evidence snapshot `vigil scan --aws --snapshot` writes, so the
 * CLI can evaluate it offline with `--from-snapshot`.
 */
export async function writeClinicSnapshot(file: string): Promise<void> {
  const recording = loadRecording('clinic-prod-111122223333.json');
  const { clients } = replayClients(recording);
  const result = await scanAws(testOptions({ regions: ['eu-west-1'], keepRaw: true }), {
    clients,
    credentials: async () => ({ accessKeyId: 'AKIDREPLAY', secretAccessKey: 'replay' }),
    now: () => new Date(recording.recordedAt),
    reportTiming: fastReport,
  });
  writeFileSync(file, serializeSnapshot(result, '0.0.0-test', new Date(recording.recordedAt)));
}
