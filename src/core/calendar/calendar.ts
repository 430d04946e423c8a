import type { CalendarDay, DayKind, OpeningHours } from '../../schemas/domain.ts';
import type { CalendarModel, HolidayRule, LocalEvent } from '../../schemas/models.ts';
import { addDays, dateRange, diffDays, isoWeekday } from './dates.ts';
import { hungKingsDate, lunarNewYearsEve, tetDate } from './lunar.ts';

interface YearDays {
  holidays: Map<string, string>;
  makeup: Map<string, string>;
}

const isWeekend = (iso: string) => isoWeekday(iso) >= 6;

/**
 * Holidays by the Labour Code 2019 (art. 112) for a year without an announced notice:
 * 1/1, 5 days of Tết (lunar New Year's Eve + days 1–4), Giỗ Tổ (10/3 lunar), 30/4, 1/5,
 * 2/9 with an adjacent day (from 2021), and a weekend holiday taken on the next working day (art. 111).
 */
export function labourCodeHolidays(year: number): Map<string, string> {
  const days = new Map<string, string>();
  const add = (d: string, name: string) => days.set(d, name);
  add(`${year}-01-01`, 'Tết Dương lịch');
  const eve = lunarNewYearsEve(year);
  for (let i = 0; i < 5; i++) add(addDays(eve, i), 'Tết Nguyên Đán');
  add(hungKingsDate(year), 'Giỗ Tổ Hùng Vương');
  add(`${year}-04-30`, 'Ngày Chiến thắng');
  add(`${year}-05-01`, 'Quốc tế Lao động');
  const national = `${year}-09-02`;
  add(national, 'Quốc khánh');
  if (year >= 2021) {
    // The adjacent day that bridges to a weekend where one exists (Mon→Tue 3/9, Thu→Fri 3/9), else 1/9.
    const wd = isoWeekday(national);
    add(wd === 1 || wd === 4 ? `${year}-09-03` : `${year}-09-01`, 'Quốc khánh');
  }
  const onWeekend = [...days.keys()].filter(isWeekend).sort();
  for (const d of onWeekend) {
    let next = addDays(d, 1);
    while (isWeekend(next) || days.has(next)) next = addDays(next, 1);
    add(next, `${days.get(d)} (nghỉ bù)`);
  }
  return days;
}

/**
 * A fixed-date holiday rule in year `y` when in force that day; on a weekend it is taken on the next
 * working day (Labour Code art. 111), as the announced spans do.
 */
function addRuleHoliday(
  holidays: Map<string, string>,
  makeup: Map<string, string>,
  rule: HolidayRule,
  y: number,
) {
  const date = `${y}-${String(rule.month).padStart(2, '0')}-${String(rule.day).padStart(2, '0')}`;
  if (!rule.in_force_from || date < rule.in_force_from || holidays.has(date)) return;
  let taken = date;
  while ((isWeekend(taken) && !makeup.has(taken)) || holidays.has(taken)) taken = addDays(taken, 1);
  holidays.set(taken, taken === date ? rule.name : `${rule.name} (nghỉ bù)`);
}

/**
 * The Vietnamese working calendar of public servants: announced spans (models/calendar) where a year has
 * them, the Labour Code rules otherwise, plus local closures. Pure and lazy: years are built on first use.
 */
export class WorkCalendar {
  private readonly years = new Map<number, YearDays>();
  private readonly localClosed = new Map<string, LocalEvent[]>();

  constructor(
    private readonly model: CalendarModel = { years: {} },
    local: LocalEvent[] = [],
    /** `none` treats every Monday–Friday as a workday: for series that are not Vietnamese. */
    readonly mode: 'vn' | 'none' = 'vn',
  ) {
    for (const e of local) {
      if (!e.closed) continue;
      const list = this.localClosed.get(e.date) ?? [];
      list.push(e);
      this.localClosed.set(e.date, list);
    }
  }

  private year(y: number): YearDays {
    let cached = this.years.get(y);
    if (cached) return cached;
    const announced = this.model.years[String(y)];
    const holidays = new Map<string, string>();
    const makeup = new Map<string, string>();
    if (this.mode === 'vn') {
      if (announced) {
        for (const span of announced.holidays)
          for (const d of dateRange(span.from, span.to)) holidays.set(d, span.name);
        for (const m of announced.makeup_days) makeup.set(m.date, m.name);
      } else {
        for (const [d, name] of labourCodeHolidays(y)) holidays.set(d, name);
      }
      for (const rule of this.model.rules ?? []) addRuleHoliday(holidays, makeup, rule, y);
    }
    cached = { holidays, makeup };
    this.years.set(y, cached);
    return cached;
  }

  private yearOf(iso: string): YearDays {
    return this.year(Number(iso.slice(0, 4)));
  }

  /** Kind of a day for the city as a whole (local closures are per point: see `isOpen`). */
  day(iso: string): CalendarDay {
    const y = this.yearOf(iso);
    const holiday = y.holidays.get(iso);
    if (holiday !== undefined) return { date: iso, kind: 'holiday', name: holiday };
    const makeup = y.makeup.get(iso);
    if (makeup !== undefined) return { date: iso, kind: 'makeup_workday', name: makeup };
    const local = this.localClosed.get(iso)?.find((e) => !e.points);
    if (local) return { date: iso, kind: 'holiday', name: local.name };
    return { date: iso, kind: isWeekend(iso) ? 'weekend' : 'workday', name: '' };
  }

  kind(iso: string): DayKind {
    return this.day(iso).kind;
  }

  /** A full working day for public servants (counts towards legal deadlines). */
  isWorkday(iso: string): boolean {
    const k = this.kind(iso);
    return k === 'workday' || k === 'makeup_workday';
  }

  isHoliday(iso: string): boolean {
    return this.kind(iso) === 'holiday';
  }

  /**
   * Whether a point receives citizens that day: workdays and make-up days; ordinary Saturdays only where
   * the point has Saturday sessions; never on holidays, Sundays or a local closure of that point.
   */
  isOpen(iso: string, hours?: Pick<OpeningHours, 'saturday'>, point?: string): boolean {
    const closures = this.localClosed.get(iso);
    if (closures?.some((e) => !e.points || (point !== undefined && e.points.includes(point)))) return false;
    const k = this.kind(iso);
    if (k === 'workday' || k === 'makeup_workday') return true;
    if (k === 'weekend' && isoWeekday(iso) === 6) return (hours?.saturday.length ?? 0) > 0;
    return false;
  }

  /** Opening sessions that apply on a date (weekday sessions on make-up Saturdays). */
  sessions(iso: string, hours: OpeningHours, point?: string): Array<[string, string]> {
    if (!this.isOpen(iso, hours, point)) return [];
    const k = this.kind(iso);
    if (k === 'weekend') return hours.saturday as Array<[string, string]>;
    return hours.weekday as Array<[string, string]>;
  }

  /**
   * The date `n` working days after `from` (from itself not counted): the legal deadline of a dossier
   * received on `from` with an n-working-day term.
   */
  addWorkingDays(from: string, n: number): string {
    let d = from;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkday(d)) left--;
    }
    return d;
  }

  /** Working days strictly after `from` up to and including `to` (0 when to ≤ from). */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkday(d)) count++;
    return count;
  }

  /** Days from `iso` to Tết of the nearest lunar new year (negative before Tết). */
  tetOffset(iso: string): number {
    const y = Number(iso.slice(0, 4));
    let best = Number.POSITIVE_INFINITY;
    for (const yy of [y - 1, y, y + 1]) {
      const off = diffDays(tetDate(yy), iso);
      if (Math.abs(off) < Math.abs(best)) best = off;
    }
    return best;
  }

  /** Calendar days until the next holiday (0 on a holiday), searching at most `cap` days ahead. */
  daysToNextHoliday(iso: string, cap = 14): number {
    for (let i = 0; i <= cap; i++) if (this.isHoliday(addDays(iso, i))) return i;
    return cap + 1;
  }

  /** Calendar days since the last holiday (0 on a holiday), searching at most `cap` days back. */
  daysSinceLastHoliday(iso: string, cap = 14): number {
    for (let i = 0; i <= cap; i++) if (this.isHoliday(addDays(iso, -i))) return i;
    return cap + 1;
  }

  /** Every day from `from` to `to` with its kind. */
  days(from: string, to: string): CalendarDay[] {
    return dateRange(from, to).map((d) => this.day(d));
  }
}
