import { type Derived, derive } from './derive.ts';
import { fitEts } from './ets.ts';
import type { Fitter, Forecaster } from './fitter.ts';
import { fitGlm } from './glm.ts';
import type { Prepared } from './prepare.ts';
import { fitSnaive } from './snaive.ts';
import { fitTheta } from './theta.ts';
import { METHODS, type MethodName } from './types.ts';
import { makeYearlyFitter } from './yearly.ts';

/** The models the combination averages (equal weights: robust, no weights to overfit). */
export const ENSEMBLE_MEMBERS = ['ets', 'theta', 'glm'] as const;

/** The combination: the equal-weight mean of damped ETS, Theta and the count regression. */
export function fitEnsemble(d: Derived): Forecaster {
  const members = ENSEMBLE_MEMBERS.map((m) => FITTERS[m](d));
  return (h) => {
    const avg = new Float64Array(h);
    for (const f of members) {
      const v = f(h);
      for (let k = 0; k < h; k++) avg[k]! += v[k]! / members.length;
    }
    return avg;
  };
}

export const FITTERS: Record<MethodName, Fitter> = {
  snaive: fitSnaive,
  ets: fitEts,
  theta: fitTheta,
  glm: fitGlm,
  ensemble: fitEnsemble,
  yearly: makeYearlyFitter(fitEnsemble),
};

/** Point forecasts of several methods at one origin; the combination reuses its members' fits. */
export function pointForecasts(
  d: Derived,
  h: number,
  methods: readonly MethodName[],
): Map<MethodName, Float64Array> {
  const out = new Map<MethodName, Float64Array>();
  const need = new Set<Exclude<MethodName, 'ensemble'>>();
  for (const m of methods) {
    if (m === 'ensemble') for (const e of ENSEMBLE_MEMBERS) need.add(e);
    else need.add(m);
  }
  for (const m of need) out.set(m, FITTERS[m](d)(h));
  if (methods.includes('ensemble')) {
    const avg = new Float64Array(h);
    for (const e of ENSEMBLE_MEMBERS) {
      const f = out.get(e)!;
      for (let k = 0; k < h; k++) avg[k]! += f[k]! / ENSEMBLE_MEMBERS.length;
    }
    out.set('ensemble', avg);
  }
  for (const m of [...out.keys()]) if (!methods.includes(m)) out.delete(m);
  return out;
}

export interface BacktestOptions {
  horizon: number;
  origins: number;
  /** Days between consecutive origins. */
  step: number;
  methods?: readonly MethodName[];
  /** Observed open days needed before an origin for it to count (default 28). */
  minObs?: number;
  /** Leave out the first (latest) `skip` origins: to extend a backtest already run. */
  skip?: number;
}

/** Forecasts and actuals of one method over every origin: the evaluation pairs. */
export interface BacktestPairs {
  /** Forecast mean and actual value per evaluated day (open and observed days of the test windows). */
  mean: number[];
  actual: number[];
  /** Grid index of the forecast day and its origin. */
  day: number[];
  origin: number[];
}

export interface BacktestRun {
  /** Origins used (grid index of the first forecast day), oldest first. */
  origins: number[];
  byMethod: Map<MethodName, BacktestPairs>;
}

/**
 * Origins of a rolling-origin evaluation: the last test window ends on the last history day, earlier ones
 * `step` days apart; an origin counts only when at least `minObs` observed open days precede it.
 */
export function rollingOrigins(p: Prepared, opts: BacktestOptions): number[] {
  const minObs = opts.minObs ?? 28;
  const out: number[] = [];
  // Cumulative observed-open counts to check minObs in O(1).
  const cum = new Int32Array(p.n + 1);
  for (let t = 0; t < p.n; t++) cum[t + 1] = cum[t]! + (Number.isNaN(p.raw[t]!) ? 0 : 1);
  for (let k = opts.skip ?? 0; k < opts.origins; k++) {
    const end = p.n - opts.horizon - k * opts.step;
    if (end <= 0 || cum[end]! < minObs) break;
    out.push(end);
  }
  return out.reverse();
}

/**
 * Rolling-origin backtest: at each origin, refits every method on the days before it only and forecasts
 * `horizon` days; returns the forecast/actual pairs on the open, observed test days.
 */
export function runBacktest(p: Prepared, opts: BacktestOptions): BacktestRun {
  const methods = opts.methods ?? METHODS;
  const origins = rollingOrigins(p, opts);
  const byMethod = new Map<MethodName, BacktestPairs>();
  for (const m of methods) byMethod.set(m, { mean: [], actual: [], day: [], origin: [] });
  for (const end of origins) {
    const d = derive(p, end);
    const h = Math.min(opts.horizon, p.n - end);
    const fc = pointForecasts(d, h, methods);
    for (const m of methods) {
      const f = fc.get(m)!;
      const pairs = byMethod.get(m)!;
      for (let k = 0; k < h; k++) {
        const t = end + k;
        const v = p.raw[t]!;
        if (Number.isNaN(v) || !p.open[t]) continue;
        pairs.mean.push(f[k]!);
        pairs.actual.push(v);
        pairs.day.push(t);
        pairs.origin.push(end);
      }
    }
  }
  return { origins, byMethod };
}

/** Mean absolute error of a set of pairs (Infinity when empty). */
export function pairsMae(pairs: BacktestPairs): number {
  if (pairs.mean.length === 0) return Number.POSITIVE_INFINITY;
  let s = 0;
  for (let i = 0; i < pairs.mean.length; i++) s += Math.abs(pairs.actual[i]! - pairs.mean[i]!);
  return s / pairs.mean.length;
}
