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
// Tasks are run one after another in the order given, as Vigil's worker runs them.
let chain = Promise.resolve();
const run = (index, task) => new Promise((finished) => {
  if (task === 'exit') process.exit(3);
  if (task === 'throw') return setImmediate(() => { throw new Error('thrown by the task'); });
  if (task === 'hang') for (;;) {}
  if (task === 'error') { parentPort.postMessage({ index, error: 'refused' }); return finished(); }
  // Later tasks answer sooner, so outcomes of different threads arrive out of order.
  setTimeout(() => { parentPort.postMessage({ index, value: workerData.prefix + task }); finished(); }, 5 * (10 - (index % 10)));
});
parentPort.on('message', ({ index, task }) => { chain = chain.then(() => run(index, task)); });
`,
);
const broken = join(dir, 'broken.mjs');
writeFileSync(broken, `throw new Error('cannot load');\n`);

async function run(tasks: string[], jobs: number, file = entry, taskTimeoutMs = 20_000, local?: (index: number) => unknown): Promise<Array<[number, TaskOutcome]>> {
  const seen: Array<[number, TaskOutcome]> = [];
  await runInWorkers(tasks, { jobs, entry: pathToFileURL(file), workerData: { prefix: 'done:' }, taskTimeoutMs, ...(local ? { local } : {}) }, (index, outcome) => seen.push([index, outcome]));
  return seen;
}

describe('runInWorkers', () => {
  it('hands every outcome back in the order of the tasks, whatever order the threads finish in', async () => {
    const tasks = Array.from({ length: 25 }, (_, i) => `t${i}`);
    const seen = await run(tasks, 3);
    expect(seen.map(([index]) => index)).toEqual(tasks.map((_, i) => i));
    expect(seen.map(([, outcome]) => outcome)).toEqual(tasks.map((t) => ({ ok: true, value: `done:${t}` })));
  }, 60_000);

  it('lets the calling thread take tasks too, between the threads\' answers, still handing outcomes back in order', async () => {
    const tasks = Array.from({ length: 40 }, (_, i) => `t${i}`);
    const seen = await run(tasks, 2, entry, 20_000, (index) => {
      // A task of the caller's own takes a while, as a root does, so the thread has work meanwhile.
      const until = Date.now() + 15;
      while (Date.now() < until);
      return `here:${tasks[index]}`;
    });
    expect(seen.map(([index]) => index)).toEqual(tasks.map((_, i) => i));
    const here = seen.filter(([, outcome]) => outcome.ok && outcome.local);
    const there = seen.filter(([, outcome]) => outcome.ok && !outcome.local);
    expect(here.length).toBeGreaterThan(0);
    expect(there.length).toBeGreaterThan(0);
    for (const [index, outcome] of here) expect(outcome).toEqual({ ok: true, value: `here:${tasks[index]}`, local: true });
    for (const [index, outcome] of there) expect(outcome).toEqual({ ok: true, value: `done:${tasks[index]}` });
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
