import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runInWorkers, type TaskOutcome } from '../../src/pipeline/pool';

/**
 * The worker pool on its own, with a worker written for the test that does what each task says:
 * answer, throw, die, or never finish. Outcomes come back in the tasks' order, a thread that dies
 * or overruns costs only its task, and the pool always finishes.
 */

const dir = mkdtempSync(join(tmpdir(), 'vigil-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = join(dir, 'worker.mjs');
writeFileSync(
  entry,
  `import { parentPort, workerData } from 'node:worker_threads';
parentPort.on('message', ({ index, task }) => {
  if (task === 'exit') process.exit(3);
  if (task === 'throw') throw new Error('thrown by the task');
  if (task === 'hang') for (;;) {}
  if (task === 'error') return parentPort.postMessage({ index, error: 'refused' });
  // Later tasks answer sooner, so outcomes arrive out of order.
  setTimeout(() => parentPort.postMessage({ index, value: workerData.prefix + task }), 5 * (10 - (index % 10)));
});
`,
);
const broken = join(dir, 'broken.mjs');
writeFileSync(broken, `throw new Error('cannot load');\n`);

async function run(tasks: string[], jobs: number, file = entry, taskTimeoutMs = 20_000): Promise<Array<[number, TaskOutcome]>> {
  const seen: Array<[number, TaskOutcome]> = [];
  await runInWorkers(tasks, { jobs, entry: pathToFileURL(file), workerData: { prefix: 'done:' }, taskTimeoutMs }, (index, outcome) => seen.push([index, outcome]));
  return seen;
}

describe('runInWorkers', () => {
  it('hands every outcome back in the order of the tasks, whatever order the threads finish in', async () => {
    const tasks = Array.from({ length: 25 }, (_, i) => `t${i}`);
    const seen = await run(tasks, 3);
    expect(seen.map(([index]) => index)).toEqual(tasks.map((_, i) => i));
    expect(seen.map(([, outcome]) => outcome)).toEqual(tasks.map((t) => ({ ok: true, value: `done:${t}` })));
  }, 60_000);

  it('reports a task whose thread exits, throws or overruns its time as failed, and finishes the others', async () => {
    const tasks = ['a', 'exit', 'b', 'throw', 'c', 'hang', 'd', 'error', 'e'];
    const started = Date.now();
    const seen = await run(tasks, 2, entry, 3_000);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(seen.map(([index]) => index)).toEqual(tasks.map((_, i) => i));
    const byTask = new Map(seen.map(([index, outcome]) => [tasks[index]!, outcome]));
    for (const ok of ['a', 'b', 'c', 'd', 'e']) expect(byTask.get(ok)).toEqual({ ok: true, value: `done:${ok}` });
    expect(byTask.get('exit')).toEqual({ ok: false, reason: 'the worker thread evaluating it stopped: it exited with code 3' });
    expect(byTask.get('throw')).toEqual({ ok: false, reason: 'the worker thread evaluating it stopped: thrown by the task' });
    expect(byTask.get('hang')).toEqual({ ok: false, reason: 'the worker thread evaluating it stopped: it did not finish within 3 s' });
    expect(byTask.get('error')).toEqual({ ok: false, reason: 'refused' });
  }, 60_000);

  it('fails every task, rather than waiting, when no thread can start', async () => {
    const seen = await run(['a', 'b', 'c', 'd'], 2, broken);
    expect(seen.map(([index]) => index)).toEqual([0, 1, 2, 3]);
    for (const [, outcome] of seen) {
      expect(outcome.ok).toBe(false);
      expect((outcome as { reason: string }).reason).toMatch(/cannot load/);
    }
  }, 60_000);

  it('finishes at once with no tasks', async () => {
    expect(await run([], 2)).toEqual([]);
  });
});
