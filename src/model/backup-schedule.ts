import { unknown, type Value } from './value.js';

/**
 * Hours between two backups an AWS Backup cron schedule makes, at most: "cron(0 5 ? * * *)" is
 * 24, one every fourth hour 4, a weekly one 168, a monthly one 720. The longest gap counts, so a
 * schedule at 01:00 and 03:00 is every 22 hours. Schedules Vigil cannot read are unknown.
 */
export function frequencyHours(schedule: Value): Value {
  if (typeof schedule !== 'string') return schedule === null ? unknown('the backup rule has no schedule: it runs only on demand') : schedule;
  const match = /^cron\(\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?\s*\)$/.exec(schedule.trim());
  const cannot = unknown(`Vigil cannot read the frequency of the schedule ${JSON.stringify(schedule.slice(0, 80))}`);
  if (!match) return cannot;
  const [, , hour, dom, month, dow] = match as unknown as string[];
  if (month !== '*') return cannot;
  const everyDay = (dom === '*' || dom === '?') && (dow === '*' || dow === '?');
  const hourGap = gapOf(hour!, 24);
  if (everyDay) return hourGap ?? cannot;
  if (hourGap === undefined || !/^\d+$/.test(hour!)) return cannot;
  if (dom === '?' || dom === '*') {
    const names = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
    const days = dow!.split(',').map((d) => (/^[1-7]$/.test(d) ? Number(d) - 1 : names.indexOf(d.toUpperCase())));
    if (days.some((d) => d < 0)) return cannot;
    return maxGap(days, 7) * 24;
  }
  const step = /^\*\/(\d+)$/.exec(dom!) ?? /^\d+\/(\d+)$/.exec(dom!);
  if (step) return Number(step[1]) * 24;
  if (/^\d+$/.test(dom!) || dom === 'L') return 720;
  return cannot;
}

/** Longest gap, in units, of a cron field over a cycle of `cycle`: `*` 1, every fourth 4, `1,13` 12; undefined when unreadable. */
function gapOf(field: string, cycle: number): number | undefined {
  if (field === '*') return 1;
  const step = /^(?:\*|(\d+))\/(\d+)$/.exec(field);
  if (step) {
    const every = Number(step[2]);
    if (every <= 0) return undefined;
    const points: number[] = [];
    for (let at = Number(step[1] ?? 0); at < cycle; at += every) points.push(at);
    return points.length > 0 ? maxGap(points, cycle) : undefined;
  }
  if (!/^\d+(,\d+)*$/.test(field)) return undefined;
  return maxGap(field.split(',').map(Number), cycle);
}

function maxGap(values: number[], cycle: number): number {
  const points = [...new Set(values)].sort((a, b) => a - b);
  let gap = cycle - points[points.length - 1]! + points[0]!;
  for (let i = 1; i < points.length; i++) gap = Math.max(gap, points[i]! - points[i - 1]!);
  return gap;
}
