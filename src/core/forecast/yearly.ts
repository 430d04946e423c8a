import { toEpochDay } from '../calendar/dates.ts';
import type { Derived } from './derive.ts';
import type { Forecaster } from './fitter.ts';
import { CODE, type Prepared } from './prepare.ts';

/**
 * The yearly component (issue #17): a multiplicative day-of-year profile, STL-like — the series without
 * weekday and calendar effects, over its centred one-year moving average, averaged by day of year across
 * the years before the origin (a triangular ±10-day window, circular over the year end) and shrunk
 * towards "no yearly effect" — and the `yearly` model: the equal-weight combination (ETS, Theta, count
 * regression) fitted on the yearly-adjusted series, multiplied back by the profile. As R's `stlf` does
 * with its STL seasonal part (and statsforecast's MSTL with several seasons), the level models see a series
 * without the season and the season is added back to their forecasts; here the season is the year (the
 * week is already in the weekday indices).
 */

/** History needed before an origin for the yearly profile: two full years (each day of year seen twice). */
export const YEARLY_MIN_DAYS = 730;
/** Half-width (days) of the triangular day-of-year window the profile is averaged over. */
const WINDOW = 10;
/**
 * Pseudo-observations at "no effect" added to each day of year's (weighted) count: with two years a
 * day of year has ~22 weighted values, so the profile is shrunk by a third; with three by a quarter.
 */
const SHRINK = 10;
/** Half-width of the centred moving average that stands for the level (one year). */
const TREND_HALF = 182;

const doyCache = new WeakMap<Prepared, Uint16Array>();

/** Day of year (0–364; 29 February shares the bin of 28 February) of every grid day. */
function dayOfYear(p: Prepared): Uint16Array {
  let out = doyCache.get(p);
  if (out) return out;
  out = new Uint16Array(p.total);
  for (let t = 0; t < p.total; t++) {
    const iso = p.dates[t]!;
    const y = iso.slice(0, 4);
    let d = toEpochDay(iso) - toEpochDay(`${y}-01-01`);
    const leap = toEpochDay(`${y}-03-01`) - toEpochDay(`${y}-02-28`) === 2;
    if (leap && d >= 59) d--;
    out[t] = Math.min(364, d);
  }
  doyCache.set(p, out);
  return out;
}

/** First observed day before `end` (−1 when none). */
function firstObserved(d: Derived): number {
  for (let t = 0; t < d.end; t++) if (!Number.isNaN(d.z[t]!)) return t;
  return -1;
}

/** Whether the history before `end` spans the two years the yearly profile needs. */
export function hasYearlyHistory(p: Prepared, end: number): boolean {
  for (let t = 0; t < end; t++) if (!Number.isNaN(p.raw[t]!)) return end - t >= YEARLY_MIN_DAYS;
  return false;
}

/**
 * The yearly multiplier of every grid day (history and forecast days), from the days before `d.end` only;
 * `null` when the history is shorter than two years.
 */
export function yearlyProfile(d: Derived): Float64Array | null {
  const { p, end } = d;
  const t0 = firstObserved(d);
  if (t0 < 0 || end - t0 < YEARLY_MIN_DAYS) return null;
  const doy = dayOfYear(p);
  // x: the deseasonalised, calendar-adjusted value of ordinary days.
  const x = new Float64Array(end).fill(Number.NaN);
  const cs = new Float64Array(end + 1);
  const cc = new Float64Array(end + 1);
  for (let t = 0; t < end; t++) {
    const v = d.z[t]!;
    const ok = !Number.isNaN(v) && p.code[t] === CODE.normal;
    if (ok) x[t] = v / d.season[p.dow[t]!]!;
    cs[t + 1] = cs[t]! + (ok ? x[t]! : 0);
    cc[t + 1] = cc[t]! + (ok ? 1 : 0);
  }
  const sum = new Float64Array(365);
  const cnt = new Float64Array(365);
  for (let t = t0; t < end; t++) {
    const v = x[t]!;
    if (Number.isNaN(v)) continue;
    // The level: centred one-year mean (one-sided near the ends of the history, still a year long).
    let a = t - TREND_HALF;
    let b = t + TREND_HALF + 1;
    if (a < t0) {
      b = Math.min(end, b + (t0 - a));
      a = t0;
    }
    if (b > end) {
      a = Math.max(t0, a - (b - end));
      b = end;
    }
    const n = cc[b]! - cc[a]!;
    if (n < 60) continue;
    const level = (cs[b]! - cs[a]!) / n;
    const r = Math.log((v + 0.5) / (level + 0.5));
    sum[doy[t]!]! += Math.max(-3, Math.min(3, r));
    cnt[doy[t]!]!++;
  }
  const prof = new Float64Array(365);
  let meanProf = 0;
  for (let b = 0; b < 365; b++) {
    let s = 0;
    let c = 0;
    for (let k = -WINDOW; k <= WINDOW; k++) {
      const w = 1 - Math.abs(k) / (WINDOW + 1);
      const j = (b + k + 365) % 365;
      s += w * sum[j]!;
      c += w * cnt[j]!;
    }
    prof[b] = s / (c + SHRINK);
    meanProf += prof[b]! / 365;
  }
  const out = new Float64Array(p.total);
  for (let t = 0; t < p.total; t++) out[t] = Math.exp(prof[doy[t]!]! - meanProf);
  return out;
}

/** `d` with its series divided by the yearly profile (what the level models then see). */
export function yearlyAdjusted(d: Derived, profile: Float64Array): Derived {
  const div = (a: Float64Array) => {
    const o = new Float64Array(a.length);
    for (let t = 0; t < a.length; t++) o[t] = a[t]! / profile[t]!;
    return o;
  };
  return { ...d, y: div(d.y), yAdj: div(d.yAdj), z: div(d.z) };
}

/**
 * The `yearly` model: the combination fitted on the yearly-adjusted series, times the profile. Without two
 * years of history it is the plain combination (`fitSeries` does not offer it to `auto` then).
 */
export function makeYearlyFitter(ensemble: (d: Derived) => Forecaster): (d: Derived) => Forecaster {
  return (d) => {
    const profile = yearlyProfile(d);
    if (!profile) return ensemble(d);
    const base = ensemble(yearlyAdjusted(d, profile));
    return (h) => {
      const out = base(h);
      for (let k = 0; k < h; k++) out[k]! *= profile[d.end + k]!;
      return out;
    };
  };
}
