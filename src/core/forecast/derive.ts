import { median } from 'simple-statistics';
import { CODE, N_CODES, type Prepared } from './prepare.ts';

/**
 * What the models share at one forecast origin `end`, computed from days `0..end-1` only (so a backtest
 * never sees its test window): cleaned values, the level-shift rescaling, weekday indices, calendar-event
 * multipliers and the calendar-adjusted series ETS and Theta smooth.
 */
export interface Derived {
  p: Prepared;
  end: number;
  /** Open observed values before `end`; NaN for missing, closed and outlier days. */
  y: Float64Array;
  /** `y` rescaled to the level after the last level shift. */
  yAdj: Float64Array;
  /** Multiplier applied to each day by the level-shift rescaling (1 after the last shift). */
  shiftRatio: Float64Array;
  /** Weekday indices (0 = Monday), mean 1 over open days; 1 for weekdays never open. */
  season: Float64Array;
  /** Calendar-event multipliers by code (`factor[0] = 1`). */
  factor: Float64Array;
  /** Named-holiday multipliers by `p.named` code (`namedFactor[0] = 1`), on top of `factor`. */
  namedFactor: Float64Array;
  /** `yAdj / (factor[code]·namedFactor[named])`: the series without calendar events, for the smoothing models. */
  z: Float64Array;
  /** Observed open days before `end` (outliers included). */
  nObs: number;
  outliers: number;
  /** In-sample negative-binomial 1/θ around a local baseline: a fallback when no backtest is possible. */
  dispersion: number;
}

/** Mean value per weekday class over normal observed days of [from, to), NaN where none. */
function weekdayMeans(p: Prepared, y: Float64Array, from: number, to: number): Float64Array {
  const sum = new Float64Array(7);
  const cnt = new Float64Array(7);
  for (let t = Math.max(0, from); t < to; t++) {
    const v = y[t]!;
    if (Number.isNaN(v) || p.code[t] !== CODE.normal) continue;
    sum[p.dow[t]!]! += v;
    cnt[p.dow[t]!]!++;
  }
  for (let w = 0; w < 7; w++) sum[w] = cnt[w]! > 0 ? sum[w]! / cnt[w]! : Number.NaN;
  return sum;
}

/**
 * Ratio of the level after a shift to the level before it: actual post-shift counts over what the
 * pre-shift weekday profile predicts, with two pseudo-days at ratio 1 so a few days cannot swing it far.
 */
function shiftRatioAt(p: Prepared, y: Float64Array, s: number, end: number): number {
  const pre = weekdayMeans(p, y, s - 56, s);
  let overall = 0;
  let k = 0;
  for (const v of pre)
    if (!Number.isNaN(v)) {
      overall += v;
      k++;
    }
  if (k === 0) return 1;
  overall /= k;
  let actual = 0;
  let expected = 0;
  for (let t = s; t < Math.min(end, s + 56); t++) {
    const v = y[t]!;
    if (Number.isNaN(v) || p.code[t] !== CODE.normal) continue;
    actual += v;
    const m = pre[p.dow[t]!]!;
    expected += Number.isNaN(m) ? overall : m;
  }
  if (expected === 0 && actual === 0) return 1;
  const pseudo = 2 * Math.max(overall, 0.5);
  return (actual + pseudo) / (expected + pseudo);
}

/** Computes the shared quantities at origin `end` (see {@link Derived}). */
export function derive(p: Prepared, end: number): Derived {
  const y = new Float64Array(end);
  let nObs = 0;
  for (let t = 0; t < end; t++) {
    const v = p.raw[t]!;
    y[t] = v;
    if (!Number.isNaN(v)) nObs++;
  }

  // Level shifts, latest first: everything before a shift is rescaled to the level after it.
  const shiftRatio = new Float64Array(end).fill(1);
  const yAdj = Float64Array.from(y);
  for (let i = p.shifts.length - 1; i >= 0; i--) {
    const s = p.shifts[i]!;
    if (s >= end - 7) continue; // fewer than a week after the shift: nothing to measure yet
    const r = shiftRatioAt(p, yAdj, s, end);
    for (let t = 0; t < s; t++) {
      shiftRatio[t]! *= r;
      yAdj[t]! *= r;
    }
  }

  // Outliers: far from the median of the same weekday within ±4 weeks, on the √-scale of a count.
  // Calendar-event days are never outliers (they are modelled); low-count series are left alone
  // (a burst of 4 on a median of 0 is part of an intermittent series' mean).
  const rs: number[] = [];
  const cand: number[] = [];
  const meds: number[] = [];
  const neigh: number[] = [];
  for (let t = 0; t < end; t++) {
    const v = yAdj[t]!;
    if (Number.isNaN(v) || p.code[t] !== CODE.normal || p.named[t] !== 0) continue;
    neigh.length = 0;
    for (let k = -4; k <= 4; k++) {
      if (k === 0) continue;
      const u = t + 7 * k;
      if (u < 0 || u >= end) continue;
      const w = yAdj[u]!;
      if (!Number.isNaN(w) && p.code[u] === CODE.normal) neigh.push(w);
    }
    if (neigh.length < 3) continue;
    const m = median(neigh);
    cand.push(t);
    meds.push(m);
    rs.push((v - m) / Math.sqrt(m + 1));
  }
  let outliers = 0;
  // A jump in the last week may be a new level rather than an outlier (only past neighbours to compare
  // with): it must be twice as far out. Days after a shift too recent to measure are never outliers.
  const unmeasuredShift = p.shifts.find((s) => s >= end - 7 && s < end) ?? end;
  if (rs.length >= 8) {
    const sigma = 1.4826 * median(rs.map(Math.abs));
    const limit = Math.max(5 * sigma, 4);
    for (let i = 0; i < cand.length; i++) {
      const t = cand[i]!;
      const lim = t >= end - 7 ? 2 * limit : limit;
      if (Math.abs(rs[i]!) <= lim || meds[i]! < 2 || t >= unmeasuredShift) continue;
      y[t] = Number.NaN;
      yAdj[t] = Number.NaN;
      outliers++;
    }
  }

  // Weekday indices over the last 26 weeks: value / centred 7-day level (each weekday once in a window, so
  // a trend does not leak into the indices), iterated so missing days and holidays are compensated. Three
  // pseudo-dossiers at index 1 per weekday keep low-count indices from jumping around.
  const season = new Float64Array(7).fill(1);
  const from = Math.max(0, end - 182);
  const cy = new Float64Array(end + 1);
  const cw = new Float64Array(end + 1);
  for (let iter = 0; iter < 3; iter++) {
    for (let t = 0; t < end; t++) {
      const v = yAdj[t]!;
      const ok = !Number.isNaN(v) && p.code[t] === CODE.normal;
      cy[t + 1] = cy[t]! + (ok ? v : 0);
      cw[t + 1] = cw[t]! + (ok ? season[p.dow[t]!]! : 0);
    }
    const num = new Float64Array(7);
    const den = new Float64Array(7);
    const cnt = new Float64Array(7);
    for (let t = from; t < end; t++) {
      const v = yAdj[t]!;
      if (Number.isNaN(v) || p.code[t] !== CODE.normal) continue;
      const a = Math.max(0, Math.min(t - 3, end - 7));
      const b = Math.min(end, a + 7);
      const sw = cw[b]! - cw[a]!;
      if (!(sw > 0)) continue;
      num[p.dow[t]!]! += v;
      den[p.dow[t]!]! += (cy[b]! - cy[a]!) / sw;
      cnt[p.dow[t]!]!++;
    }
    let norm = 0;
    let normN = 0;
    for (let w = 0; w < 7; w++) {
      if (cnt[w] === 0) {
        season[w] = 1;
        continue;
      }
      season[w] = (num[w]! + 3) / (den[w]! + 3);
      norm += season[w]! * cnt[w]!;
      normN += cnt[w]!;
    }
    if (normN > 0 && norm > 0) for (let w = 0; w < 7; w++) if (cnt[w]! > 0) season[w]! /= norm / normN;
  }

  // Local level of the deseasonalised normal days (±14 days, widened where data are sparse).
  const cs = new Float64Array(end + 1);
  const cc = new Float64Array(end + 1);
  let globalSum = 0;
  let globalN = 0;
  for (let t = 0; t < end; t++) {
    const v = yAdj[t]!;
    const ok = !Number.isNaN(v) && p.code[t] === CODE.normal;
    cs[t + 1] = cs[t]! + (ok ? v / season[p.dow[t]!]! : 0);
    cc[t + 1] = cc[t]! + (ok ? 1 : 0);
    if (ok) {
      globalSum += v / season[p.dow[t]!]!;
      globalN++;
    }
  }
  const globalLevel = globalN > 0 ? globalSum / globalN : 0;
  const localLevel = (t: number): number => {
    for (const half of [14, 42, 120]) {
      const a = Math.max(0, t - half);
      const b = Math.min(end, t + half + 1);
      const c = cc[b]! - cc[a]!;
      if (c >= 4) return (cs[b]! - cs[a]!) / c;
    }
    return globalLevel;
  };

  // In-sample dispersion around the local baseline (normal days), then the calendar-event multipliers as
  // ratios to that baseline with a Gamma(4, 4) prior at 1: 4 pseudo-dossiers, scaled up by the
  // overdispersion (noisy series need more evidence), so an event seen a few times on a low-count series
  // stays near 1 while a large series estimates it freely.
  let dispNum = 0;
  let dispDen = 0;
  for (let t = 0; t < end; t++) {
    const v = yAdj[t]!;
    if (Number.isNaN(v) || p.code[t] !== CODE.normal) continue;
    const b = localLevel(t) * season[p.dow[t]!]!;
    dispNum += (v - b) * (v - b) - b;
    dispDen += b * b;
  }
  const dispersion = dispDen > 0 ? Math.max(0, dispNum / dispDen) : 0;
  const factor = new Float64Array(N_CODES).fill(1);
  const fNum = new Float64Array(N_CODES);
  const fDen = new Float64Array(N_CODES);
  const fCnt = new Float64Array(N_CODES);
  for (let t = 0; t < end; t++) {
    const v = yAdj[t]!;
    const c = p.code[t]!;
    if (Number.isNaN(v) || c === CODE.normal) continue;
    fNum[c]! += v;
    fDen[c]! += localLevel(t) * season[p.dow[t]!]!;
    fCnt[c]!++;
  }
  for (let c = 1; c < N_CODES; c++) {
    if (fCnt[c] === 0 || fDen[c]! <= 0) continue;
    const pseudo = 4 * (1 + (dispersion * fDen[c]!) / fCnt[c]!);
    factor[c] = Math.min(5, Math.max(0.2, (fNum[c]! + pseudo) / (fDen[c]! + pseudo)));
  }

  // Named holidays (any country's list): each name's before / on / after multiplier, as a ratio of the
  // days to the baseline with the generic calendar effect already applied, same prior as above.
  const nNamed = 1 + 3 * p.holidayNames.length;
  const namedFactor = new Float64Array(nNamed).fill(1);
  if (nNamed > 1) {
    const nNum = new Float64Array(nNamed);
    const nDen = new Float64Array(nNamed);
    const nCnt = new Float64Array(nNamed);
    for (let t = 0; t < end; t++) {
      const c = p.named[t]!;
      const v = yAdj[t]!;
      if (c === 0 || Number.isNaN(v)) continue;
      nNum[c]! += v;
      nDen[c]! += localLevel(t) * season[p.dow[t]!]! * factor[p.code[t]!]!;
      nCnt[c]!++;
    }
    for (let c = 1; c < nNamed; c++) {
      if (nCnt[c] === 0 || nDen[c]! <= 0) continue;
      const pseudo = 4 * (1 + (dispersion * nDen[c]!) / nCnt[c]!);
      namedFactor[c] = Math.min(5, Math.max(0.2, (nNum[c]! + pseudo) / (nDen[c]! + pseudo)));
    }
  }

  const z = new Float64Array(end);
  for (let t = 0; t < end; t++) z[t] = yAdj[t]! / factor[p.code[t]!]! / namedFactor[p.named[t]!]!;

  return {
    p,
    end,
    y,
    yAdj,
    shiftRatio,
    season,
    factor,
    namedFactor,
    z,
    nObs,
    outliers,
    dispersion,
  };
}

/** Open days of [from, to) as grid indices: the time axis of the smoothing models. */
export function openDays(p: Prepared, from: number, to: number): Int32Array {
  let k = 0;
  for (let t = from; t < to; t++) if (p.open[t]) k++;
  const out = new Int32Array(k);
  k = 0;
  for (let t = from; t < to; t++) if (p.open[t]) out[k++] = t;
  return out;
}
