import { isIsoDate } from '../calendar/dates.ts';

/** A local day with its local time when the source gives one (`HH:MM:SS`). */
export interface DayTime {
  day: string;
  time: string | null;
}

const pad = (n: number | string) => String(n).padStart(2, '0');

function build(y: string, m: string, d: string, hh?: string, mi?: string, ss?: string): DayTime | undefined {
  const day = `${y}-${pad(m)}-${pad(d)}`;
  if (!isIsoDate(day)) return undefined;
  if (hh === undefined) return { day, time: null };
  const h = Number(hh);
  const min = Number(mi);
  const s = Number(ss ?? 0);
  if (h > 23 || min > 59 || s > 59) return undefined;
  return { day, time: `${pad(h)}:${pad(min)}:${pad(s)}` };
}

const isDigit = (t: string, i: number) => {
  const c = t.charCodeAt(i);
  return c >= 48 && c <= 57;
};
const two = (t: string, i: number) => (t.charCodeAt(i) - 48) * 10 + t.charCodeAt(i + 1) - 48;

/**
 * `yyyy-mm-dd`, `yyyy-mm-dd HH:mm` and `yyyy-mm-dd HH:mm:ss` (or with `T`) without a regular expression or new
 * day string — what `ISO` + `build` give, for the shapes most register files use; null when such a shape is not
 * a real day or time, undefined for any other shape (left to the regular expressions).
 */
function isoFast(t: string): DayTime | null | undefined {
  const n = t.length;
  if (n !== 10 && n !== 16 && n !== 19) return undefined;
  if (n > 10) {
    const sep = t.charCodeAt(10);
    if ((sep !== 84 && sep !== 32) || t.charCodeAt(13) !== 58) return undefined;
    if (!isDigit(t, 11) || !isDigit(t, 12) || !isDigit(t, 14) || !isDigit(t, 15)) return undefined;
    if (n === 19 && (t.charCodeAt(16) !== 58 || !isDigit(t, 17) || !isDigit(t, 18))) return undefined;
  }
  const day = n === 10 ? t : t.slice(0, 10);
  if (!isIsoDate(day)) return /^\d{4}-\d{2}-\d{2}$/.test(day) ? null : undefined;
  if (n === 10) return { day, time: null };
  if (two(t, 11) > 23 || two(t, 14) > 59 || (n === 19 && two(t, 17) > 59)) return null;
  return { day, time: n === 19 ? t.slice(11, 19) : `${t.slice(11, 16)}:00` };
}

/**
 * `dd/mm/yyyy`, `dd/mm/yyyy HH:mm` and `dd/mm/yyyy HH:mm:ss` with two-digit days, months and hours (what
 * one-stop exports write) without a regular expression: what `VN` + `build` give for these shapes; null when
 * such a shape is not a real day or time, undefined for any other shape (left to the regular expressions).
 */
function vnFast(t: string): DayTime | null | undefined {
  const n = t.length;
  if (n !== 10 && n !== 16 && n !== 19) return undefined;
  if (t.charCodeAt(2) !== 47 || t.charCodeAt(5) !== 47) return undefined;
  for (const i of [0, 1, 3, 4, 6, 7, 8, 9]) if (!isDigit(t, i)) return undefined;
  if (n > 10) {
    if (t.charCodeAt(10) !== 32 || t.charCodeAt(13) !== 58) return undefined;
    if (!isDigit(t, 11) || !isDigit(t, 12) || !isDigit(t, 14) || !isDigit(t, 15)) return undefined;
    if (n === 19 && (t.charCodeAt(16) !== 58 || !isDigit(t, 17) || !isDigit(t, 18))) return undefined;
  }
  const day = `${t.slice(6, 10)}-${t.slice(3, 5)}-${t.slice(0, 2)}`;
  if (!isIsoDate(day)) return null;
  if (n === 10) return { day, time: null };
  if (two(t, 11) > 23 || two(t, 14) > 59 || (n === 19 && two(t, 17) > 59)) return null;
  return { day, time: n === 19 ? t.slice(11, 19) : `${t.slice(11, 16)}:00` };
}

const VN = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const VN_TIME_FIRST = /^(\d{1,2}):(\d{2})(?::(\d{2}))?[ ,]+(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * A day (and time) as register exports write it: `dd/mm/yyyy`, `dd/mm/yyyy HH:mm[:ss]`, `HH:mm dd/mm/yyyy`,
 * ISO `yyyy-mm-dd[THH:mm[:ss]]`; undefined when it is none of them or not a real date.
 * @example parseDayTime('05/09/2025 14:30') // { day: '2025-09-05', time: '14:30:00' }
 */
export function parseDayTime(text: string): DayTime | undefined {
  const t = text.trim();
  const iso = isoFast(t);
  if (iso !== undefined) return iso === null ? undefined : iso;
  const vn = vnFast(t);
  if (vn !== undefined) return vn === null ? undefined : vn;
  let m = ISO.exec(t);
  if (m) return build(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  m = VN.exec(t);
  if (m) return build(m[3]!, m[2]!, m[1]!, m[4], m[5], m[6]);
  m = VN_TIME_FIRST.exec(t);
  if (m) return build(m[6]!, m[5]!, m[4]!, m[1], m[2], m[3]);
  return undefined;
}

/**
 * An Excel date cell: exceljs gives the wall-clock value as a UTC `Date` (Excel dates carry no time zone).
 * Midnight means no time was given.
 */
export function dayTimeOfDate(d: Date): DayTime | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  // Round to the second: Excel stores fractions of a day.
  const ms = Math.round(d.getTime() / 1000) * 1000;
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, 19);
  return { day: iso.slice(0, 10), time: time === '00:00:00' ? null : time };
}

/** An Excel serial day number (1900 system: day 25569 is 1970-01-01) read where a date is expected. */
export function dayTimeOfSerial(serial: number): DayTime | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return undefined;
  return dayTimeOfDate(new Date(Math.round((serial - 25569) * 86_400_000)));
}
