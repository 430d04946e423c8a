import { CronExpressionParser } from 'cron-parser';

/**
 * Cron for the in-process scheduler through cron-parser, the parser BullMQ schedules the same strings with
 * (`job-scheduler.js`: `CronExpressionParser.parse(pattern, { tz, currentDate })`), so the in-process and
 * Redis modes fire at the same times. Five fields: minute hour day-of-month month day-of-week.
 */

const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;

/**
 * Checks a 5-field cron.
 * @throws Error naming the bad field. Example: `parseCron('0 1 * * *')` (every day at 01:00) passes.
 */
export function parseCron(expr: string): void {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`cron "${expr}" must have 5 fields (minute hour day month weekday)`);
  parts.forEach((part, i) => {
    const alone = FIELD_NAMES.map((_, j) => (j === i ? part : '*')).join(' ');
    try {
      CronExpressionParser.parse(alone);
    } catch (err) {
      throw new Error(`cron ${FIELD_NAMES[i]}: cannot read "${part}" (${(err as Error).message})`);
    }
  });
  CronExpressionParser.parse(expr);
}

/** The next firing strictly after `fromMs` (UTC ms) in time zone `tz`, as BullMQ computes it. */
export function nextCronRun(expr: string, tz: string, fromMs: number): number | undefined {
  try {
    return CronExpressionParser.parse(expr, { tz, currentDate: new Date(fromMs) })
      .next()
      .getTime();
  } catch {
    return undefined;
  }
}

/** Whether the cron fires at the minute starting at `minuteMs` (UTC ms, a whole minute). */
export function cronFiresAt(expr: string, tz: string, minuteMs: number): boolean {
  return nextCronRun(expr, tz, minuteMs - 1) === minuteMs;
}

/** Offset of `tz` from UTC in minutes at `ms` (Asia/Ho_Chi_Minh: +420, no daylight saving). */
export function tzOffsetMinutes(tz: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - Math.floor(ms / 60_000) * 60_000) / 60_000);
}
