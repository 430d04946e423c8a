/** ISO-date arithmetic on `YYYY-MM-DD` strings. Days are civil days; UTC math avoids DST and time-zone drift. */

const MS_PER_DAY = 86_400_000;

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True for a real `YYYY-MM-DD` day of the proleptic Gregorian calendar (what `Date` accepts and prints back).
 * Digit arithmetic, no Date: a register import checks a few dates per row, millions of rows.
 */
export function isIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (const k of DIGIT_POSITIONS) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return false;
  }
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/**
 * Days since 1970-01-01 for an ISO date. Civil-calendar arithmetic (H. Hinnant's days_from_civil) for
 * `YYYY-MM-DD`: forecasting calls this millions of times, and it is ~10× faster than Date.parse, with the
 * same results (a day 29–31 past the month's end rolls over, as Date.parse does); anything else goes to
 * Date.parse (NaN when it is not a date).
 */
export function toEpochDay(iso: string): number {
  if (iso.length === 10 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
    let y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
    const m = digit(iso, 5) * 10 + digit(iso, 6);
    const d = digit(iso, 8) * 10 + digit(iso, 9);
    let ok = m >= 1 && m <= 12 && d >= 1 && d <= 31;
    for (let k = 0; k < 8 && ok; k++) {
      const c = digit(iso, DIGIT_POSITIONS[k]!);
      ok = c >= 0 && c <= 9;
    }
    if (ok) {
      if (m <= 2) y--;
      const era = Math.floor(y / 400);
      const yoe = y - era * 400;
      const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
      const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
      return era * 146097 + doe - 719468;
    }
  }
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

/** ISO date of an epoch day (H. Hinnant's civil_from_days for years 0–9999, Date otherwise). */
export function fromEpochDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (!(y >= 0 && y <= 9999) || !Number.isInteger(day))
    return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function addDays(iso: string, n: number): string {
  return fromEpochDay(toEpochDay(iso) + n);
}

/** b − a in days. */
export function diffDays(a: string, b: string): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  // 1970-01-01 (epoch day 0) was a Thursday (4).
  return ((((toEpochDay(iso) + 3) % 7) + 7) % 7) + 1;
}

/** Inclusive list of dates from `from` to `to`. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = toEpochDay(from), end = toEpochDay(to); d <= end; d++) out.push(fromEpochDay(d));
  return out;
}

/** The Monday of the ISO week containing `iso`. */
export function mondayOf(iso: string): string {
  return addDays(iso, 1 - isoWeekday(iso));
}

/** ISO week label such as `2026-W02`. */
export function isoWeekLabel(iso: string): string {
  const thursday = addDays(iso, 4 - isoWeekday(iso));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(diffDays(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
