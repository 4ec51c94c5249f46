import { Worker } from 'node:worker_threads';

/**
 * A small pool of worker threads that runs tasks and hands their outcomes back in the tasks'
 * order, however the threads finish them. A thread that dies or overruns its time limit costs
 * only the task it was running (reported as failed) and is replaced; the pool never waits for
 * ever. Loaded only when a scan has work for more than one thread (`worker_threads` costs start-up).
 */

export interface PoolOptions {
  /** Threads to start (at most one per task). */
  jobs: number;
  /** The worker's module. */
  entry: URL;
  /** Given to every worker as `workerData` (structured-cloned once per thread). */
  workerData: unknown;
  /** How long one task may take before its thread is stopped and the task reported as failed. */
  taskTimeoutMs: number;
}

export type TaskOutcome = { ok: true; value: unknown } | { ok: false; reason: string };

/** Worker threads that die before taking any task, in a row, before the pool gives up on starting them. */
const MAX_START_FAILURES = 3;

interface Slot {
  worker: Worker;
  task?: number;
  timer?: NodeJS.Timeout;
}

/**
 * Runs `tasks` on the pool; `consume` receives each outcome in the tasks' order. A worker
 * answers each task message `{ index, task }` with `{ index, value }` or `{ index, error }`.
 */
export function runInWorkers(tasks: readonly unknown[], options: PoolOptions, consume: (index: number, outcome: TaskOutcome) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = new Map<number, TaskOutcome>();
    // Outcomes wait here for the ones before them; dispatch stays a few tasks ahead of consumption,
    // so one slow task cannot make the others' results pile up without bound.
    const ahead = Math.max(2, options.jobs * 2);
    let next = 0;
    let consumed = 0;
    let startFailures = 0;
    let finished = false;
    const slots = new Set<Slot>();

    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      for (const slot of slots) stop(slot);
      if (error) reject(error);
      else resolve();
    };
    const stop = (slot: Slot): void => {
      clearTimeout(slot.timer);
      slots.delete(slot);
      slot.worker.removeAllListeners();
      slot.worker.on('error', () => {}); // a late error of a stopped thread is of no interest
      void slot.worker.terminate();
    };
    const settle = (index: number, outcome: TaskOutcome): void => {
      done.set(index, outcome);
      drain();
    };
    const drain = (): void => {
      try {
        while (done.has(consumed)) {
          const ready = done.get(consumed)!;
          done.delete(consumed);
          consume(consumed, ready);
          consumed++;
        }
      } catch (error) {
        finish(error);
        return;
      }
      if (consumed === tasks.length) finish();
      else fill();
    };
    const dispatch = (slot: Slot): void => {
      if (next >= tasks.length || next >= consumed + ahead) return;
      const index = next++;
      slot.task = index;
      slot.timer = setTimeout(() => {
        fail(slot, `it did not finish within ${Math.round(options.taskTimeoutMs / 1000)} s`);
      }, options.taskTimeoutMs);
      slot.worker.postMessage({ index, task: tasks[index] });
    };
    // A thread that failed: its task (if any) is reported failed, and a new thread takes its place.
    const fail = (slot: Slot, reason: string): void => {
      if (finished || !slots.has(slot)) return;
      const task = slot.task;
      stop(slot);
      if (task !== undefined) {
        done.set(task, { ok: false, reason: `the worker thread evaluating it stopped: ${reason}` });
      } else if (++startFailures >= MAX_START_FAILURES) {
        // No thread can start: every task not yet given out fails with the reason, rather than waiting.
        for (let index = next; index < tasks.length; index++) done.set(index, { ok: false, reason: `worker threads could not start: ${reason}` });
        next = tasks.length;
      }
      drain();
    };
    const start = (): Slot => {
      const worker = new Worker(options.entry, { workerData: options.workerData });
      const slot: Slot = { worker };
      slots.add(slot);
      worker.on('message', (message: { index: number; value?: unknown; error?: string }) => {
        if (slot.task !== message.index) return;
        clearTimeout(slot.timer);
        slot.task = undefined;
        startFailures = 0;
        settle(message.index, message.error !== undefined ? { ok: false, reason: message.error } : { ok: true, value: message.value });
      });
      worker.on('error', (error) => fail(slot, error.message));
      worker.on('exit', (code) => fail(slot, `it exited with code ${code}`));
      return slot;
    };
    // Keeps a thread on every task that may be dispatched, up to `jobs`.
    const fill = (): void => {
      if (finished) return;
      for (const slot of slots) if (slot.task === undefined) dispatch(slot);
      while (slots.size < Math.min(options.jobs, tasks.length - consumed) && next < tasks.length && next < consumed + ahead) dispatch(start());
    };
    if (tasks.length === 0) resolve();
    else fill();
  });
}
