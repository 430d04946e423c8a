import type { WorkCalendar } from '../calendar/calendar.ts';
import { fromEpochDay, isoWeekday, toEpochDay } from '../calendar/dates.ts';
import { tetDate } from '../calendar/lunar.ts';
import { DomainError } from '../errors.ts';
import { msg } from '../messages.ts';
import type { ForecastContext, SeriesPoint } from './types.ts';

/**
 * Calendar-event codes of a day. Each code gets its own multiplier (ratio method for ETS/Theta, a dummy in
 * the count regression). Priority when several apply: make-up day > Tết window > after a closure > before.
 */
export const CODE = {
  normal: 0,
  /** 1st, 2nd, 3rd open day after a closure of a normally open weekday (backlog after a holiday). */
  post1: 1,
  post2: 2,
  post3: 3,
  /** Last and second-to-last open day before such a closure (rush before a holiday). */
  pre1: 4,
  pre2: 5,
  /** Open days by distance to Tết (lunar new year), in calendar days: [-30,-15], [-14,-7], [-6,-1]. */
  tetA: 6,
  tetB: 7,
  tetC: 8,
  /** … and after it: [+1,+12], [+13,+26]. */
  tetD: 9,
  tetE: 10,
  /** A make-up working day (ngày làm bù), usually a Saturday worked as a weekday. */
  makeup: 11,
} as const;
export const N_CODES = 12;
export const CODE_NAMES = Object.keys(CODE) as Array<keyof typeof CODE>;

/** Weekday class of a make-up day: a mid-week day (its Saturday index would be wrong). */
const MAKEUP_DOW = 2;

const DEFAULT_MAX_HISTORY_DAYS = 1095;

/** A daily series laid on a calendar grid: history days `0..n-1`, forecast days `n..total-1`. */
export interface Prepared {
  startDay: number;
  n: number;
  total: number;
  dates: string[];
  /** Observed values for `t < n`; NaN for missing or closed days. */
  raw: Float64Array;
  open: Uint8Array;
  /** Weekday class 0 = Monday … 6 = Sunday (make-up days count as a Wednesday). */
  dow: Uint8Array;
  code: Uint8Array;
  /** Weekdays (0 = Monday) that are open on most dates of the grid. */
  normallyOpen: boolean[];
  /** Grid indices where a level shift starts (0 < s < total). */
  shifts: number[];
  /**
   * Named-holiday code of each day: 0 none, else 1 + 3·i + (0 before, 1 on, 2 after) for the i-th name of
   * `holidayNames` (see `ForecastContext.holidays`); only open days carry one.
   */
  named: Uint16Array;
  holidayNames: string[];
}

/** Default open days before and after a named holiday that get its own effect. */
export const NAMED_WINDOW_DEFAULT = 1;

/**
 * Named-holiday codes on the grid: the holiday's own day when open, its `before` open days before and
 * `after` open days after (not crossing another closure's far side: at most 21 calendar days away). Where
 * windows overlap, the day of a holiday wins over its neighbours, and a later entry over an earlier one.
 */
function namedCodes(
  ctx: ForecastContext,
  dates: readonly string[],
  open: Uint8Array,
  firstDay: number,
): { named: Uint16Array; holidayNames: string[] } {
  const total = dates.length;
  const named = new Uint16Array(total);
  const holidayNames: string[] = [];
  if (!ctx.holidays || ctx.holidays.length === 0) return { named, holidayNames };
  const index = new Map<string, number>();
  const onDay = new Uint8Array(total);
  for (const h of ctx.holidays) {
    const t = toEpochDay(h.date) - firstDay;
    if (t < -21 || t >= total + 21) continue;
    let i = index.get(h.name);
    if (i === undefined) {
      i = holidayNames.length;
      holidayNames.push(h.name);
      index.set(h.name, i);
    }
    const base = 1 + 3 * i;
    const before = h.before ?? NAMED_WINDOW_DEFAULT;
    const after = h.after ?? NAMED_WINDOW_DEFAULT;
    for (let u = t - 1, k = 0; k < before && u >= 0 && t - u <= 21; u--)
      if (u < total && open[u]) {
        if (!onDay[u]) named[u] = base;
        k++;
      }
    for (let u = t + 1, k = 0; k < after && u < total && u - t <= 21; u++)
      if (u >= 0 && open[u]) {
        if (!onDay[u]) named[u] = base + 2;
        k++;
      }
    if (t >= 0 && t < total && open[t]) {
      named[t] = base + 1;
      onDay[t] = 1;
    }
  }
  return { named, holidayNames };
}

const tetCache = new Map<number, number>();
function tetDay(year: number): number {
  let d = tetCache.get(year);
  if (d === undefined) {
    d = toEpochDay(tetDate(year));
    tetCache.set(year, d);
  }
  return d;
}

/** Calendar days from `day` to the nearest Tết (negative before it). */
function tetOffsetDay(day: number): number {
  const y = Number(fromEpochDay(day).slice(0, 4));
  let best = Number.POSITIVE_INFINITY;
  for (const yy of [y - 1, y, y + 1]) {
    const off = day - tetDay(yy);
    if (Math.abs(off) < Math.abs(best)) best = off;
  }
  return best;
}

interface CalendarGrid {
  dates: string[];
  weekday: Uint8Array;
  makeup: Uint8Array;
  tetOffset: Int16Array;
}

// Grids are shared by every series of a panel (same dates): cache the calendar lookups per calendar.
const gridCache = new WeakMap<WorkCalendar, Map<string, CalendarGrid>>();

function calendarGrid(calendar: WorkCalendar, startDay: number, total: number): CalendarGrid {
  let perCal = gridCache.get(calendar);
  if (!perCal) {
    perCal = new Map();
    gridCache.set(calendar, perCal);
  }
  const key = `${startDay}:${total}`;
  const hit = perCal.get(key);
  if (hit) return hit;
  const dates: string[] = new Array(total);
  const weekday = new Uint8Array(total);
  const makeup = new Uint8Array(total);
  const tetOffset = new Int16Array(total);
  for (let t = 0; t < total; t++) {
    const iso = fromEpochDay(startDay + t);
    dates[t] = iso;
    weekday[t] = isoWeekday(iso) - 1;
    makeup[t] = calendar.kind(iso) === 'makeup_workday' ? 1 : 0;
    tetOffset[t] = Math.max(-999, Math.min(999, tetOffsetDay(startDay + t)));
  }
  const grid = { dates, weekday, makeup, tetOffset };
  if (perCal.size > 64) perCal.clear();
  perCal.set(key, grid);
  return grid;
}

/** Checks and sorts a history: dates must be ISO and unique, values finite and ≥ 0 or null. */
export function normaliseHistory(history: readonly SeriesPoint[]): SeriesPoint[] {
  let ordered = true;
  for (let i = 1; i < history.length && ordered; i++) ordered = history[i - 1]!.date <= history[i]!.date;
  const sorted = ordered
    ? [...history]
    : [...history].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(p.date))
      throw new DomainError('INPUT_INVALID', msg('forecast.history_bad_date', { date: p.date }), [
        { field: 'date', value: p.date, reason: msg('forecast.history_bad_date_reason') },
      ]);
    if (i > 0 && sorted[i - 1]!.date === p.date)
      throw new DomainError('INPUT_INVALID', msg('forecast.history_duplicate_date', { date: p.date }), [
        { field: 'date', value: p.date, reason: msg('forecast.history_duplicate_date_reason') },
      ]);
    if (p.value !== null && !(Number.isFinite(p.value) && p.value >= 0))
      throw new DomainError('INPUT_INVALID', msg('forecast.history_bad_value', { date: p.date }), [
        { field: 'value', value: p.value, reason: msg('forecast.history_bad_value_reason') },
      ]);
  }
  return sorted;
}

/**
 * Lays a (sorted, validated) history on a daily grid with `horizon` extra days and computes the calendar
 * codes. Closed days carry NaN: they are not data.
 */
export function prepareSeries(
  history: readonly SeriesPoint[],
  ctx: ForecastContext,
  horizon: number,
  lastDate?: string,
): Prepared {
  const last = lastDate ?? history[history.length - 1]?.date;
  if (!last) throw new DomainError('FORECAST_HISTORY_TOO_SHORT', msg('forecast.history_no_dates'), []);
  // Values after the last date (an as-of date before the end of the data) are ignored.
  const present = history.filter((p) => p.value !== null && p.date <= last);
  const lastDay = toEpochDay(last);
  const maxDays = ctx.maxHistoryDays ?? DEFAULT_MAX_HISTORY_DAYS;
  const firstDay = Math.max(toEpochDay(present[0]?.date ?? last), lastDay - maxDays + 1);
  const n = lastDay - firstDay + 1;
  const total = n + horizon;
  const grid = calendarGrid(ctx.calendar, firstDay, total);
  const open = new Uint8Array(total);
  for (let t = 0; t < total; t++) open[t] = ctx.isOpen(grid.dates[t]!) ? 1 : 0;
  const raw = new Float64Array(n).fill(Number.NaN);
  for (const p of present) {
    const t = toEpochDay(p.date) - firstDay;
    if (t >= 0 && t < n && open[t]) raw[t] = p.value!;
  }

  const openCount = new Float64Array(7);
  const dayCount = new Float64Array(7);
  for (let t = 0; t < total; t++) {
    dayCount[grid.weekday[t]!]!++;
    if (open[t] && !grid.makeup[t]) openCount[grid.weekday[t]!]!++;
  }
  const normallyOpen = Array.from({ length: 7 }, (_, w) => openCount[w]! >= 0.5 * dayCount[w]!);

  const dow = new Uint8Array(total);
  const code = new Uint8Array(total);
  for (let t = 0; t < total; t++) dow[t] = grid.makeup[t] ? MAKEUP_DOW : grid.weekday[t]!;
  const closure = (t: number) => !open[t] && normallyOpen[grid.weekday[t]!] === true;
  // Walk forward for "after a closure", backward for "before a closure".
  let sinceClosure = 99;
  for (let t = 0; t < total; t++) {
    if (closure(t)) sinceClosure = 0;
    else if (open[t]) {
      sinceClosure++;
      if (sinceClosure <= 3) code[t] = sinceClosure; // post1..post3
    }
  }
  let toClosure = 99;
  for (let t = total - 1; t >= 0; t--) {
    if (closure(t)) toClosure = 0;
    else if (open[t]) {
      toClosure++;
      if (toClosure <= 2 && code[t] === CODE.normal) code[t] = toClosure === 1 ? CODE.pre1 : CODE.pre2;
    }
  }
  const tet = ctx.tet ?? ctx.calendar.mode === 'vn';
  for (let t = 0; t < total; t++) {
    if (!open[t]) {
      code[t] = CODE.normal;
      continue;
    }
    if (grid.makeup[t]) {
      code[t] = CODE.makeup;
      continue;
    }
    if (!tet) continue;
    const o = grid.tetOffset[t]!;
    if (o >= -30 && o <= -15) code[t] = CODE.tetA;
    else if (o >= -14 && o <= -7) code[t] = CODE.tetB;
    else if (o >= -6 && o <= -1) code[t] = CODE.tetC;
    else if (o >= 1 && o <= 12) code[t] = CODE.tetD;
    else if (o >= 13 && o <= 26) code[t] = CODE.tetE;
  }

  const shiftDates = ctx.levelShifts ?? (ctx.calendar.mode === 'vn' ? ['2025-07-01'] : []);
  const shifts = shiftDates
    .map((d) => toEpochDay(d) - firstDay)
    .filter((s) => s > 0 && s < total)
    .sort((a, b) => a - b);

  return {
    startDay: firstDay,
    n,
    total,
    dates: grid.dates,
    raw,
    open,
    dow,
    code,
    normallyOpen,
    shifts,
    ...namedCodes(ctx, grid.dates, open, firstDay),
  };
}
