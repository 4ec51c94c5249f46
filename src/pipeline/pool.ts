import { Worker } from 'node:worker_threads';

/**
 * A small pool of worker threads that runs tasks and hands their outcomes back in the tasks'
 * order, however the threads finish them. A thread that dies or overruns its time limit costs
 * only the task it was running (reported as failed) and is replaced; the pool never waits for
 * ever. Loaded only when a scan has work for more than one thread (`worker_threads` costs start-up).
 *
 * The calling thread can take tasks too (`local`): it does one whenever it has nothing to hand
 * back, so with N cores, N - 1 threads and the caller keep every core busy, and what the caller
 * does itself is never copied between threads.
 */

export interface PoolOptions {
  /** Threads to start (at most one per task). */
  jobs: number;
  /** The worker's module. */
  entry: URL;
  /** Given to every worker as `workerData` (structured-cloned once per thread). */
  workerData: unknown;
  /**
   * How long a thread may go without finishing a task before it is stopped and the task it was
   * running (the oldest it was given) is reported as failed.
   */
  taskTimeoutMs: number;
  /** Runs a task in the calling thread, for its outcome's value (an exception fails the task). */
  local?: (index: number) => unknown;
}

export type TaskOutcome = { ok: true; value: unknown; local?: true } | { ok: false; reason: string };

/** Worker threads that die before finishing any task, in a row, before the pool gives up on starting them. */
const MAX_START_FAILURES = 3;

/**
 * Tasks given to a thread at a time: it runs them one after another, so while the calling thread
 * is busy (with a task of its own, or taking in an outcome) the thread has its next task already.
 */
const PER_THREAD = 4;

/**
 * Outcomes that may wait for the ones before them, per thread: enough that the calling thread
 * keeps working while a thread is slow with one task, few enough that what waits stays small.
 */
const AHEAD_PER_THREAD = 16;

interface Slot {
  worker: Worker;
  /** Tasks given and not answered, in the order given (a worker runs them in that order). */
  tasks: number[];
  timer?: NodeJS.Timeout;
  /** It has finished a task: it started, whatever becomes of it later. */
  answered?: boolean;
}

/**
 * Runs `tasks` on the pool; `consume` receives each outcome in the tasks' order. A worker
 * answers each task message `{ index, task }` with `{ index, value }` or `{ index, error }`,
 * one task after another in the order given.
 */
export function runInWorkers(tasks: readonly unknown[], options: PoolOptions, consume: (index: number, outcome: TaskOutcome) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = new Map<number, TaskOutcome>();
    // Outcomes wait here for the ones before them; dispatch stays a few tasks ahead of consumption,
    // so one slow task cannot make the others' results pile up without bound.
    const ahead = options.jobs * AHEAD_PER_THREAD;
    let next = 0;
    /** Tasks given back by a thread that stopped before starting them: given out again first. */
    const again: number[] = [];
    let consumed = 0;
    let startFailures = 0;
    let finished = false;
    let localScheduled = false;
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
    const watch = (slot: Slot): void => {
      clearTimeout(slot.timer);
      if (slot.tasks.length === 0) return;
      slot.timer = setTimeout(() => fail(slot, `it did not finish within ${Math.round(options.taskTimeoutMs / 1000)} s`), options.taskTimeoutMs);
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
    /** The next task to give out, if one may be given now. */
    const take = (): number | undefined => {
      if (again.length > 0) return again.shift();
      if (next >= tasks.length || next >= consumed + ahead) return undefined;
      return next++;
    };
    const dispatch = (slot: Slot): boolean => {
      const index = take();
      if (index === undefined) return false;
      slot.tasks.push(index);
      if (slot.tasks.length === 1) watch(slot);
      slot.worker.postMessage({ index, task: tasks[index] });
      return true;
    };
    // A thread that failed: the task it was running (if any) is reported failed, the ones it had
    // not started are given out again, and a new thread takes its place.
    const fail = (slot: Slot, reason: string): void => {
      if (finished || !slots.has(slot)) return;
      const [running, ...waiting] = slot.tasks;
      stop(slot);
      again.unshift(...waiting);
      if (running !== undefined) done.set(running, { ok: false, reason: `the worker thread evaluating it stopped: ${reason}` });
      if (!slot.answered && ++startFailures >= MAX_START_FAILURES) {
        // No thread can start: every task not yet done fails with the reason, rather than waiting.
        const failed: TaskOutcome = { ok: false, reason: `worker threads could not start: ${reason}` };
        for (const other of slots) for (const index of other.tasks) again.push(index);
        for (const other of [...slots]) stop(other);
        for (const index of again.splice(0)) done.set(index, failed);
        for (; next < tasks.length; next++) done.set(next, failed);
      }
      drain();
    };
    const start = (): Slot => {
      const worker = new Worker(options.entry, { workerData: options.workerData });
      const slot: Slot = { worker, tasks: [] };
      slots.add(slot);
      worker.on('message', (message: { index: number; value?: unknown; error?: string }) => {
        const at = slot.tasks.indexOf(message.index);
        if (at < 0) return;
        slot.tasks.splice(at, 1);
        watch(slot);
        startFailures = 0;
        slot.answered = true;
        done.set(message.index, message.error !== undefined ? { ok: false, reason: message.error } : { ok: true, value: message.value });
        drain();
      });
      worker.on('error', (error) => fail(slot, error.message));
      worker.on('exit', (code) => fail(slot, `it exited with code ${code}`));
      return slot;
    };
    // The calling thread's own task, between messages: threads' answers are taken in first.
    const runLocal = (): void => {
      localScheduled = false;
      if (finished) return;
      const index = take();
      if (index === undefined) return;
      let outcome: TaskOutcome;
      try {
        outcome = { ok: true, value: options.local!(index), local: true };
      } catch (error) {
        outcome = { ok: false, reason: (error as Error).message };
      }
      done.set(index, outcome);
      drain();
    };
    // Keeps every thread's queue full, up to `jobs` threads, then the caller takes a task.
    const threads = options.local ? options.jobs - 1 : options.jobs;
    const fill = (): void => {
      if (finished) return;
      for (const slot of slots) while (slot.tasks.length < PER_THREAD && dispatch(slot));
      while (slots.size < Math.min(threads, tasks.length - consumed) && (again.length > 0 || (next < tasks.length && next < consumed + ahead))) {
        const slot = start();
        while (slot.tasks.length < PER_THREAD && dispatch(slot));
      }
      if (options.local && !localScheduled && (again.length > 0 || (next < tasks.length && next < consumed + ahead))) {
        localScheduled = true;
        setImmediate(runLocal);
      }
    };
    if (tasks.length === 0) resolve();
    else fill();
  });
}
