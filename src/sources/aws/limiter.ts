/**
 * Throttles Vigil's own traffic before AWS has to. A scan must never disturb production
 * (ScoutSuite #91), so every request waits for a token from the account's rate limiter and a
 * slot in its service+region pool before it goes out.
 */

/**
 * Requests are given evenly spaced send times, 1/perSecond apart, so no second ever holds more
 * than `perSecond` of them, not even after a quiet spell (a token bucket would allow a burst).
 * Times are absolute, so a late timer does not slow the rate down for everyone after it; and
 * because late timers can bunch, each grant is also checked against the one `perSecond` grants
 * earlier, which must have left a full second ago, and then some: MARGIN_MS covers the time a
 * request granted here takes to reach the wire (a connection being opened, a busy event loop), so
 * that no second holds more than `perSecond` requests where they are counted, at the other end.
 */
export class RateLimiter {
  private next = 0;
  private readonly granted: number[] = [];
  private readonly window: number;

  constructor(
    readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new RangeError('requests per second must be above 0');
    this.window = Math.max(1, Math.floor(perSecond));
  }

  /**
   * Runs `send` as soon as the ceiling allows, in the same turn as the check, so that nothing
   * queued in between can push the real send time past what the check measured.
   */
  async schedule<T>(send: () => Promise<T>): Promise<T> {
    const now = this.clock();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.perSecond;
    if (slot > now) await sleep(slot - now);
    for (;;) {
      const t = this.clock();
      const oldest = this.granted.length >= this.window ? this.granted[this.granted.length - this.window]! : undefined;
      if (oldest === undefined || t - oldest >= 1000 + MARGIN_MS) {
        const sent = send();
        // Recorded after the request left: a pause (garbage collection) between the check and the
        // send then shortens nothing, so the ceiling holds for the times requests really went out.
        this.granted.push(this.clock());
        if (this.granted.length > this.window * 2) this.granted.splice(0, this.granted.length - this.window);
        return sent;
      }
      await sleep(1000 + MARGIN_MS - (t - oldest));
    }
  }
}

// At 100 requests per second this costs under 5 % of the rate; too little margin shows up as 101.
const MARGIN_MS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Bounds how many requests run at once; remembers the highest count reached. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  peak = 0;

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('concurrency must be at least 1');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Runs `task` over every item with at most `limit` in flight; results keep the input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
