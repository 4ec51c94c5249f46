import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { AwsProgress } from '../../sources/aws/index.js';
import type { Io } from '../io.js';

/**
 * Draws a live AWS scan's progress events on standard error, and only when standard error is a
 * terminal, so CI logs and redirected output stay clean. One bar per account; under it a bar for
 * each region (and `global` for IAM and the S3 bucket list) while it is being read, naming the
 * services it is waiting on. A region's bar goes away when it is done, so a scan of many accounts
 * and regions keeps to a screenful: at most MAX_REGION_BARS region bars are shown at once.
 *
 * When standard error is not a terminal (CI), nothing is drawn; instead, while the scan waits, a
 * heartbeat line says at most every HEARTBEAT_MS what it is waiting on, so a CI log shows the job
 * is alive and where it is stuck.
 */

export const MAX_REGION_BARS = 12;
export const HEARTBEAT_MS = 30_000;
/** How many things waited on one heartbeat line names before it says "and N more". */
const HEARTBEAT_ITEMS = 6;

/**
 * The heartbeat interval: HEARTBEAT_MS, or for tests only `VIGIL_HEARTBEAT_MS` (a whole number of
 * milliseconds, at least 100), so a test need not wait 30 s to see one.
 */
export function heartbeatInterval(env: Record<string, string | undefined>): number {
  const value = env.VIGIL_HEARTBEAT_MS;
  return value !== undefined && /^\d+$/.test(value) && Number(value) >= 100 ? Number(value) : HEARTBEAT_MS;
}

interface RegionState {
  total: number;
  done: number;
  inFlight: Map<string, number>;
  bar?: cliProgress.SingleBar;
}

interface AccountState {
  bar?: cliProgress.SingleBar;
  regions: Map<string, RegionState>;
}

const LABEL_WIDTH = 16;

/** The services a region is waiting on, busiest first: `ec2×3 s3`. */
function waitingOn(region: RegionState): string {
  return [...region.inFlight.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([service, n]) => (n > 1 ? `${service}×${n}` : service))
    .join(' ');
}

/** `1m 05s`, `42s`. */
function elapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  return total >= 60 ? `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s` : `${total}s`;
}

export function awsProgressPrinter(io: Io, heartbeatMs = HEARTBEAT_MS): { onProgress: (event: AwsProgress) => void; stop: () => void } {
  const tty = io.stderrIsTty === true;
  // cli-progress writes through readline's cursor functions, which only need write().
  const stream = { isTTY: true, columns: 100, write: (text: string) => (io.stderr(text), true) } as unknown as NodeJS.WriteStream;
  // Loaded only for a live scan on a terminal: every other run would pay for it at start-up.
  const progress = tty ? (createRequire(import.meta.url)('cli-progress') as typeof cliProgress) : undefined;
  const bars = progress
    ? new progress.MultiBar({ stream, format: '{label} [{bar}] {value}/{total} {doing}', hideCursor: false, clearOnComplete: false, gracefulExit: false, barsize: 24 }, progress.Presets.shades_classic)
    : undefined;
  const accounts = new Map<string, AccountState>();
  let regionBars = 0;
  // The calls waited on before tasks can start, by account ('' for the caller's own).
  const steps = new Map<string, string>();
  const started = performance.now();

  const heartbeat = (): void => {
    const waiting: string[] = [...steps.entries()].map(([account, doing]) => (account ? `${account}: ${doing}` : doing));
    let total = 0;
    let done = 0;
    for (const [name, account] of accounts) {
      for (const [regionName, region] of account.regions) {
        total += region.total;
        done += region.done;
        const on = waitingOn(region);
        if (on) waiting.push(`${name}/${regionName}: ${on}`);
      }
    }
    if (waiting.length === 0) return;
    const shown = waiting.length > HEARTBEAT_ITEMS ? [...waiting.slice(0, HEARTBEAT_ITEMS), `and ${waiting.length - HEARTBEAT_ITEMS} more`] : waiting;
    const tasks = total > 0 ? `, ${done} of ${total} tasks done` : '';
    io.stderr(`vigil: still scanning AWS (${elapsed(performance.now() - started)}${tasks}); waiting on ${shown.join('; ')}\n`);
  };
  let timer: NodeJS.Timeout | undefined;

  const dropRegionBar = (region: RegionState) => {
    if (!region.bar || !bars) return;
    bars.remove(region.bar);
    region.bar = undefined;
    regionBars--;
  };

  return {
    onProgress(event) {
      if (!tty && !timer) {
        timer = setInterval(heartbeat, heartbeatMs);
        // The heartbeat never keeps the process alive on its own.
        timer.unref();
      }
      if (event.type === 'step') {
        steps.set(event.account ?? '', event.doing);
        return;
      }
      // The caller's own step is over once its answer (the identity, the account list) is used.
      steps.delete('');
      if (event.type === 'identity') {
        io.stderr(`vigil: scanning AWS as ${event.identity.arn} (account ${event.identity.account})\n`);
        return;
      }
      steps.delete(event.account);
      if (event.type === 'account') {
        const bar = bars?.create(event.tasks, 0, { label: event.account.padEnd(LABEL_WIDTH), doing: `${event.regions.length} region(s)` });
        const regions = new Map(Object.entries(event.tasksByRegion).map(([name, total]) => [name, { total, done: 0, inFlight: new Map<string, number>() }]));
        accounts.set(event.account, { ...(bar ? { bar } : {}), regions });
        return;
      }
      const account = accounts.get(event.account);
      if (!account) return;
      if (event.type === 'account-done') {
        account.bar?.update({ doing: event.status === 'scanned' ? 'done' : event.status });
        for (const region of account.regions.values()) {
          region.inFlight.clear();
          dropRegionBar(region);
        }
        return;
      }
      const region = account.regions.get(event.region);
      if (!region) return;
      if (event.type === 'task-start') {
        region.inFlight.set(event.service, (region.inFlight.get(event.service) ?? 0) + 1);
        if (bars && !region.bar && regionBars < MAX_REGION_BARS) {
          region.bar = bars.create(region.total, region.done, { label: `  ${event.region}`.padEnd(LABEL_WIDTH), doing: '' });
          regionBars++;
        }
        region.bar?.update({ doing: waitingOn(region) });
        return;
      }
      // A task ended.
      region.done++;
      const left = (region.inFlight.get(event.service) ?? 0) - 1;
      if (left > 0) region.inFlight.set(event.service, left);
      else region.inFlight.delete(event.service);
      account.bar?.increment(1, { doing: `${event.region} ${event.collector}` });
      region.bar?.update(region.done, { doing: waitingOn(region) });
      if (region.done >= region.total) dropRegionBar(region);
    },
    stop: () => {
      if (timer) clearInterval(timer);
      bars?.stop();
    },
  };
}
