import type { Derived } from './derive.ts';
import type { Forecaster } from './fitter.ts';
import { N_CODES } from './prepare.ts';

const GLM_WINDOW_DAYS = 1095;
/** Observation weights halve every year: recent behaviour counts more, last year's Tết still counts. */
const HALF_LIFE_DAYS = 365;
/** The local level (intercept) is re-estimated with a 28-day half-life: the model follows level changes. */
const LEVEL_HALF_LIFE_DAYS = 28;
const IRLS_ITERATIONS = 4;

/** Solves (A)x = b for a symmetric positive-definite A (n×n, row-major) by Cholesky; A is overwritten. */
function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j]!;
    for (let k = 0; k < j; k++) s -= a[j * n + k]! * a[j * n + k]!;
    if (!(s > 1e-12)) return null;
    const l = Math.sqrt(s);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j]!;
      for (let k = 0; k < j; k++) t -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = t / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}

/**
 * Negative-binomial (NB2, log link) count regression fitted by iteratively reweighted least squares with a
 * ridge penalty (Gaussian priors): log μ = intercept + weekday + calendar event (days after/before a closure, Tết window,
 * make-up day) + trend (per year) + a step per level shift (the 2025-07-01 merger). The priors keep an
 * event seen on a few low-count days from swinging far. The intercept is then
 * re-estimated on the last weeks (28-day half-life) with everything else as offset, so the level is local.
 */
export function fitGlm(d: Derived): Forecaster {
  const { p, end, y } = d;
  const from = Math.max(0, end - GLM_WINDOW_DAYS);
  // Rows: observed open days.
  const rows: number[] = [];
  const dowCount = new Float64Array(7);
  const codeCount = new Float64Array(N_CODES);
  const nNamed = 1 + 3 * p.holidayNames.length;
  const namedCount = new Float64Array(nNamed);
  for (let t = from; t < end; t++) {
    if (Number.isNaN(y[t]!)) continue;
    rows.push(t);
    dowCount[p.dow[t]!]!++;
    codeCount[p.code[t]!]!++;
    namedCount[p.named[t]!]!++;
  }
  const nRows = rows.length;
  if (nRows === 0) return (h) => new Float64Array(h);

  // Columns: 0 intercept, weekday dummies (baseline: the most frequent class), event dummies, trend, shifts.
  let baseDow = 0;
  for (let w = 1; w < 7; w++) if (dowCount[w]! > dowCount[baseDow]!) baseDow = w;
  const dowCol = new Int32Array(7).fill(-1);
  const codeCol = new Int32Array(N_CODES).fill(-1);
  let nCols = 1;
  for (let w = 0; w < 7; w++) if (w !== baseDow && dowCount[w]! > 0) dowCol[w] = nCols++;
  for (let c = 1; c < N_CODES; c++) if (codeCount[c]! > 0) codeCol[c] = nCols++;
  // Named holidays (any country's list): one dummy per name and before / on / after, an event prior.
  const namedCol = new Int32Array(nNamed).fill(-1);
  for (let c = 1; c < nNamed; c++) if (namedCount[c]! > 0) namedCol[c] = nCols++;
  const trendCol = nRows >= 56 ? nCols++ : -1;
  const shifts = p.shifts.filter((s) => s > from + 28 && s < end - 7);
  const shiftCol0 = nCols;
  nCols += shifts.length;
  const penalty = new Float64Array(nCols);
  const kind = new Uint8Array(nCols); // 0 intercept, 1 weekday, 2 event, 3 trend, 4 shift

  const K = 5 + shifts.length;
  const colIdx = new Int32Array(nRows * K).fill(-1);
  const colVal = new Float64Array(nRows * K);
  const yv = new Float64Array(nRows);
  const omega = new Float64Array(nRows);
  let ySum = 0;
  for (let i = 0; i < nRows; i++) {
    const t = rows[i]!;
    yv[i] = y[t]!;
    ySum += y[t]!;
    omega[i] = 0.5 ** ((end - 1 - t) / HALF_LIFE_DAYS);
    let k = i * K;
    colIdx[k] = 0;
    colVal[k++] = 1;
    const dc = dowCol[p.dow[t]!]!;
    if (dc >= 0) {
      colIdx[k] = dc;
      colVal[k++] = 1;
      kind[dc] = 1;
    }
    const cc = codeCol[p.code[t]!]!;
    if (cc >= 0) {
      colIdx[k] = cc;
      colVal[k++] = 1;
      kind[cc] = 2;
    }
    const nc = namedCol[p.named[t]!]!;
    if (nc >= 0) {
      colIdx[k] = nc;
      colVal[k++] = 1;
      kind[nc] = 2;
    }
    if (trendCol >= 0) {
      colIdx[k] = trendCol;
      colVal[k++] = (t - (end - 1)) / 365.25;
      kind[trendCol] = 3;
    }
    for (let j = 0; j < shifts.length; j++)
      if (t >= shifts[j]!) {
        colIdx[k] = shiftCol0 + j;
        colVal[k++] = 1;
        kind[shiftCol0 + j] = 4;
      }
  }
  for (let j = 0; j < shifts.length; j++) kind[shiftCol0 + j] = 4;
  const yMean = ySum / nRows;

  // IRLS for the penalised NB2 likelihood; the dispersion is re-estimated by moments each iteration.
  const eta = new Float64Array(nRows);
  const mu = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    mu[i] = (yv[i]! + yMean) / 2 + 0.1;
    eta[i] = Math.log(mu[i]!);
  }
  let disp = 0;
  let beta: Float64Array = new Float64Array(nCols);
  beta[0] = Math.log(yMean + 0.1);
  const xtwx = new Float64Array(nCols * nCols);
  const xtwz = new Float64Array(nCols);
  for (let iter = 0; iter < IRLS_ITERATIONS; iter++) {
    xtwx.fill(0);
    xtwz.fill(0);
    let wTotal = 0;
    for (let i = 0; i < nRows; i++) {
      const m = mu[i]!;
      const w = (omega[i]! * m) / (1 + disp * m);
      const zi = eta[i]! + (yv[i]! - m) / m;
      wTotal += w;
      const base = i * K;
      for (let a = 0; a < K; a++) {
        const ca = colIdx[base + a]!;
        if (ca < 0) break;
        const va = colVal[base + a]! * w;
        xtwz[ca]! += va * zi;
        for (let b = 0; b <= a; b++) {
          const cb = colIdx[base + b]!;
          const v = va * colVal[base + b]!;
          xtwx[ca * nCols + cb]! += v;
          if (ca !== cb) xtwx[cb * nCols + ca]! += v;
        }
      }
    }
    // Ridge = Gaussian priors on the log-scale effects (precision 1/sd²): weekday sd 1, calendar event
    // sd 0.5, level shift sd 1. With many dossiers the data dominate; an event seen on a handful of
    // low-count days stays near "no effect". The trend's penalty is a tenth of the total weight: it is
    // estimated on multi-year histories and shrunk to ~0 on short ones, where a drift is mostly noise
    // (backtests on the real series: a free trend cost ~4% MASE).
    for (let j = 1; j < nCols; j++) {
      penalty[j] = kind[j] === 2 ? 4 : kind[j] === 3 ? 0.1 * wTotal : 1;
      xtwx[j * nCols + j]! += penalty[j]!;
    }
    xtwx[0]! += 1e-9 * wTotal;
    const next = choleskySolve(xtwx, xtwz, nCols);
    if (!next) break;
    beta = next;
    let sNum = 0;
    let sDen = 0;
    for (let i = 0; i < nRows; i++) {
      let e = 0;
      const base = i * K;
      for (let a = 0; a < K; a++) {
        const ca = colIdx[base + a]!;
        if (ca < 0) break;
        e += beta[ca]! * colVal[base + a]!;
      }
      e = Math.min(Math.max(e, -30), 20);
      eta[i] = e;
      mu[i] = Math.exp(e);
      const r = yv[i]! - mu[i]!;
      sNum += omega[i]! * (r * r - mu[i]!);
      sDen += omega[i]! * mu[i]! * mu[i]!;
    }
    disp = sDen > 0 ? Math.max(0, sNum / sDen) : 0;
  }

  // Local level: the intercept that matches the recent weeks (ratio of sums, 3 pseudo-days at the fit).
  let num = 0;
  let den = 0;
  let prior = 0;
  let priorW = 0;
  for (let i = 0; i < nRows; i++) {
    const w = 0.5 ** ((end - 1 - rows[i]!) / LEVEL_HALF_LIFE_DAYS);
    num += w * yv[i]!;
    den += w * mu[i]!;
    prior += w * mu[i]!;
    priorW += w;
  }
  const pseudo = priorW > 0 ? (3 * prior) / priorW : 0;
  const levelRatio = den + pseudo > 0 ? (num + pseudo) / (den + pseudo) : 1;
  const intercept = beta[0]! + Math.log(Math.max(levelRatio, 1e-6));

  return (h) => {
    const out = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      const t = end + k;
      if (!p.open[t]) continue;
      let e = intercept;
      const dc = dowCol[p.dow[t]!]!;
      if (dc >= 0) e += beta[dc]!;
      const cc = codeCol[p.code[t]!]!;
      if (cc >= 0) e += beta[cc]!;
      const nc = namedCol[p.named[t]!]!;
      if (nc >= 0) e += beta[nc]!;
      if (trendCol >= 0) e += (beta[trendCol]! * (t - (end - 1))) / 365.25;
      for (let j = 0; j < shifts.length; j++) if (t >= shifts[j]!) e += beta[shiftCol0 + j]!;
      out[k] = Math.exp(Math.min(e, 20));
    }
    return out;
  };
}
