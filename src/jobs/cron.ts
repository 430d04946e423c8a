/**
 * A small 5-field cron (minute hour day-of-month month day-of-week: `*`, `n`, `a-b`, lists, `/step`) for
 * the in-process scheduler; BullMQ parses the same strings itself. Day-of-month and day-of-week combine
 * with OR when both are restricted, as in Vixie cron.
 */
export interface Cron {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domAny: boolean;
  dowAny: boolean;
}

const RANGES: Array<[number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function field(text: string, [lo, hi]: [number, number], what: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`cron ${what}: cannot read "${part}"`);
    const step = m[4] ? Number(m[4]) : 1;
    const from = m[1] === '*' ? lo : Number(m[2]);
    const to = m[1] === '*' ? hi : m[3] !== undefined ? Number(m[3]) : m[4] ? hi : from;
    if (from < lo || to > hi || from > to || step < 1)
      throw new Error(`cron ${what}: "${part}" is out of ${lo}-${hi}`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** @throws Error naming the bad field. Example: `parseCron('0 1 * * *')` = every day at 01:00. */
export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`cron "${expr}" must have 5 fields (minute hour day month weekday)`);
  const names = ['minute', 'hour', 'day of month', 'month', 'day of week'];
  const sets = parts.map((p, i) => field(p, RANGES[i]!, names[i]!));
  const dow = sets[4]!;
  if (dow.has(7)) dow.add(0);
  return {
    minute: sets[0]!,
    hour: sets[1]!,
    dom: sets[2]!,
    month: sets[3]!,
    dow,
    domAny: parts[2] === '*',
    dowAny: parts[4] === '*',
  };
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

export function cronMatches(c: Cron, localMs: number): boolean {
  const d = new Date(localMs);
  if (!c.minute.has(d.getUTCMinutes()) || !c.hour.has(d.getUTCHours()) || !c.month.has(d.getUTCMonth() + 1))
    return false;
  const domOk = c.dom.has(d.getUTCDate());
  const dowOk = c.dow.has(d.getUTCDay());
  if (c.domAny && c.dowAny) return true;
  if (c.domAny) return dowOk;
  if (c.dowAny) return domOk;
  return domOk || dowOk;
}

/** The next firing strictly after `fromMs` (UTC ms), within a year; the zone's offset is taken at `fromMs`. */
export function nextCronRun(expr: string, tz: string, fromMs: number): number | undefined {
  const c = parseCron(expr);
  const offset = tzOffsetMinutes(tz, fromMs) * 60_000;
  let local = Math.floor((fromMs + offset) / 60_000) * 60_000 + 60_000;
  for (let i = 0; i < 366 * 24 * 60; i++, local += 60_000) if (cronMatches(c, local)) return local - offset;
  return undefined;
}
