import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientFactory } from '../../../src/sources/aws/session.js';

/**
 * Serves recorded API answers (fixtures/aws/*.json) in place of AWS: an answer matches by service,
 * operation and, when it says so, a subset of the request. A call with no recorded answer is kept
 * in `unanswered` and fails, so a test sees every call it did not expect.
 */

export interface RecordedAnswer {
  service: string;
  operation: string;
  match?: Record<string, unknown>;
  output?: Record<string, unknown>;
  error?: { name: string; message: string; status: number };
}

export interface RecordedAccount {
  description: string;
  account: string;
  region: string;
  recordedAt: string;
  answers: RecordedAnswer[];
}

export function loadRecording(name: string): RecordedAccount {
  return JSON.parse(readFileSync(join(__dirname, '../../../fixtures/aws', name), 'utf8')) as RecordedAccount;
}

const matches = (input: Record<string, unknown>, match: Record<string, unknown> | undefined): boolean =>
  !match || Object.entries(match).every(([key, value]) => JSON.stringify(input[key]) === JSON.stringify(value));

export function replayClients(recording: RecordedAccount): { clients: ClientFactory; unanswered: string[] } {
  const unanswered: string[] = [];
  const clients: ClientFactory = (service) => ({
    async send(command: object) {
      const operation = command.constructor.name.replace(/Command$/, '');
      const input = ((command as { input?: Record<string, unknown> }).input ?? {}) as Record<string, unknown>;
      const answer = recording.answers.find((a) => a.service === service && a.operation === operation && matches(input, a.match));
      if (!answer) {
        unanswered.push(`${service}:${operation} ${JSON.stringify(input)}`);
        throw Object.assign(new Error(`no recorded answer for ${service}:${operation}`), { name: 'NoRecordedAnswer', $metadata: { httpStatusCode: 400 } });
      }
      if (answer.error) {
        throw Object.assign(new Error(answer.error.message), { name: answer.error.name, $fault: answer.error.status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: answer.error.status } });
      }
      const output = { ...answer.output, $metadata: { httpStatusCode: 200 } } as Record<string, unknown>;
      // The credential report is binary in the SDK; the recording keeps it readable as text.
      if (typeof output.ContentText === 'string') {
        output.Content = new TextEncoder().encode(output.ContentText);
        delete output.ContentText;
      }
      return output;
    },
  });
  return { clients, unanswered };
}
