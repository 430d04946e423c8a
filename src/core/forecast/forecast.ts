import { DomainError } from '../errors.ts';
import { msg } from '../messages.ts';
import { type BacktestRun, FITTERS, pairsMae, runBacktest } from './backtest.ts';
import { derive } from './derive.ts';
import { bandQuantiles, coverageDispersion, estimateDispersion, nbVariance } from './distribution.ts';
import type { Forecaster } from './fitter.ts';
import { normaliseHistory, type Prepared, prepareSeries } from './prepare.ts';
import {
  type ForecastContext,
  type ForecastResult,
  type ForecastWarning,
  type IntervalCalibration,
  METHODS,
  type MethodChoice,
  type MethodName,
  type SeriesPoint,
  type UsedMethod,
} from './types.ts';
import { hasYearlyHistory, YEARLY_MIN_DAYS } from './yearly.ts';

/** Fewer observed open days than this: no model is fitted, the series gets a weekday shape × level. */
export const MIN_OBS_FOR_MODELS = 14;
export const DEFAULT_LEVELS: readonly number[] = [0.1, 0.5, 0.9];
/**
 * Backtest days below which an interval counts as not calibrated (`short_backtest`): with n days the
 * conformal level ⌈(n+1)·0.8⌉/n is ≥ 0.85 below 20, so the band is wide and its coverage uncertain.
 */
export const MIN_CALIBRATION_DAYS = 20;

export interface FitOptions {
  /** Model to fit; `auto` (default) picks the best by rolling-origin backtest. */
  method?: MethodChoice;
  /** Horizon of the selection/calibration backtest: the horizon the forecasts will be used at. */
  horizon?: number;
  /** Number of backtest origins (default 3) and days between them (default 7). */
  selectionOrigins?: number;
  selectionStep?: number;
  /** Days after the last date the grid is prepared for (default: `horizon`). */
  maxHorizon?: number;
  /** The date forecasts start after (default: the last history date). */
  lastDate?: string;
  /**
   * Let `auto` consider the yearly term (default false): with two years of history it enters when the
   * combination with it beats the combination without it on a backtest across the year (8 origins 28 days
   * apart). Off by default: see docs/forecast.md (it wins on validation windows of the long real series and
   * loses on the protocol's four test windows).
   */
  yearly?: boolean;
}

/** A fitted series: the chosen model, its interval dispersion and how it was chosen. */
export interface FittedSeries {
  method: UsedMethod;
  /** NB2 dispersion d (variance μ + dμ²) of the forecast errors, from the backtest when there was one. */
  dispersion: number;
  /** What the interval width was calibrated on, and on how many backtest days (0 without a backtest). */
  calibration: IntervalCalibration;
  calibrationDays: number;
  warnings: ForecastWarning[];
  /** Backtest mean absolute error of each candidate (empty without a backtest). */
  scores: Partial<Record<MethodName, number>>;
  /** Observed open days in the history. */
  nObs: number;
  /**
   * The yearly test when `auto` was allowed the yearly term and the history had two years: backtest MAE
   * (8 origins 28 days apart) of the combination with and without it.
   */
  yearlyTest?: { with: number; without: number };
  prepared: Prepared;
  forecaster: Forecaster;
}

/** A forecast of one series with the method used and diagnostics. */
export interface SeriesForecast extends ForecastResult {
  method: UsedMethod;
  dispersion: number;
  calibration: IntervalCalibration;
  calibrationDays: number;
  /** Predictive variance per day (for aggregating intervals). */
  variance: number[];
  warnings: ForecastWarning[];
  scores: Partial<Record<MethodName, number>>;
  nObs: number;
}

function checkLevels(levels: readonly number[]): void {
  for (const l of levels)
    if (!(l > 0 && l < 1))
      throw new DomainError('INPUT_INVALID', msg('forecast.quantile_level', { level: l }), [
        { field: 'quantiles', value: l, reason: msg('forecast.quantile_level_reason') },
      ]);
}

/** Weekday shape × level, for series too short to fit a model (a new point borrows `ctx.shape`). */
function fitShort(p: Prepared, ctx: ForecastContext): { forecaster: Forecaster; dispersion: number } {
  const shape = (w: number) => ctx.shape?.[w] ?? 1;
  let ys = 0;
  let ss = 0;
  let k = 0;
  for (let t = 0; t < p.n; t++) {
    const v = p.raw[t]!;
    if (Number.isNaN(v)) continue;
    ys += v;
    ss += shape(p.dow[t]!);
    k++;
  }
  const level = k > 0 ? (ss > 0 ? ys / ss : 0) : (ctx.fallbackLevel ?? 0);
  let disp = 0.5;
  if (k >= 5) {
    const mu: number[] = [];
    const y: number[] = [];
    for (let t = 0; t < p.n; t++)
      if (!Number.isNaN(p.raw[t]!)) {
        mu.push(level * shape(p.dow[t]!));
        y.push(p.raw[t]!);
      }
    // Few points and no out-of-sample check: widen the in-sample dispersion.
    disp = Math.max(0.1, 1.5 * estimateDispersion(mu, y));
  }
  const forecaster: Forecaster = (h) => {
    const out = new Float64Array(h);
    for (let j = 0; j < h; j++) {
      const t = p.n + j;
      if (p.open[t]) out[j] = level * shape(p.dow[t]!);
    }
    return out;
  };
  return { forecaster, dispersion: disp };
}

/**
 * Backtest MAEs from a few origins are noisy: a single model must beat the combination by this share to be
 * chosen over it (combinations are the more robust choice when scores are close). 10% was set looking at
 * the benchmark backtests (both real series and the simulated panel improved slightly over 5%).
 */
const COMBINATION_PREFERENCE = 0.1;
export const SELECTION_ORIGINS = 3;
export const SELECTION_STEP_DAYS = 7;
/** Origins and step of the backtest that decides whether the yearly term enters (about eight months). */
export const YEARLY_SELECTION_ORIGINS = 8;
export const YEARLY_SELECTION_STEP = 28;

/** Picks the method with the lowest backtest MAE (the combination wins near-ties, see above). */
function choose(run: BacktestRun, candidates: readonly MethodName[]): MethodName {
  let best = candidates[0]!;
  let bestMae = Number.POSITIVE_INFINITY;
  for (const m of candidates) {
    const combination = m === 'ensemble' || m === 'yearly';
    const mae = pairsMae(run.byMethod.get(m)!) * (combination ? 1 - COMBINATION_PREFERENCE : 1);
    if (mae < bestMae - 1e-12) {
      best = m;
      bestMae = mae;
    }
  }
  return best;
}

/**
 * Fits one daily series: with `method: 'auto'`, every model is scored by a rolling-origin backtest
 * (3 origins 7 days apart, the horizon in use, each refitted on the days before its origin) and the
 * lowest MAE wins; the winner's backtest errors set the interval width. Histories with fewer than 14
 * observed open days get a weekday shape × level instead, with a warning.
 * @throws DomainError INPUT_INVALID for duplicate dates or values that are not counts.
 * @example fitSeries(history, { calendar, isOpen }, { horizon: 14 }).method // 'ensemble'
 */
export function fitSeries(
  history: readonly SeriesPoint[],
  ctx: ForecastContext,
  opts: FitOptions = {},
): FittedSeries {
  const horizon = opts.horizon ?? 14;
  const method = opts.method ?? 'auto';
  const sorted = normaliseHistory(history);
  if (sorted.length === 0 && !opts.lastDate)
    throw new DomainError('FORECAST_HISTORY_TOO_SHORT', msg('forecast.no_history'), []);
  const p = prepareSeries(sorted, ctx, Math.max(horizon, opts.maxHorizon ?? horizon), opts.lastDate);
  let nObs = 0;
  for (let t = 0; t < p.n; t++) if (!Number.isNaN(p.raw[t]!)) nObs++;
  const warnings: ForecastWarning[] = [];

  if (nObs < MIN_OBS_FOR_MODELS) {
    warnings.push(
      nObs === 0
        ? {
            code: 'FORECAST_NO_HISTORY',
            message: msg(
              ctx.fallbackLevel !== undefined
                ? 'forecast.warn.no_history_similar'
                : 'forecast.warn.no_history_zero',
            ),
          }
        : {
            code: 'FORECAST_HISTORY_TOO_SHORT',
            message: msg(ctx.shape ? 'forecast.warn.too_short_similar' : 'forecast.warn.too_short', {
              days: nObs,
              min: MIN_OBS_FOR_MODELS,
            }),
          },
    );
    const s = fitShort(p, ctx);
    return {
      method: 'short',
      calibration: 'in_sample',
      calibrationDays: 0,
      warnings,
      scores: {},
      nObs,
      prepared: p,
      ...s,
    };
  }

  const origins = opts.selectionOrigins ?? SELECTION_ORIGINS;
  const step = opts.selectionStep ?? SELECTION_STEP_DAYS;
  let candidates: readonly MethodName[] =
    method === 'auto' ? METHODS.filter((m) => m !== 'yearly') : [method];
  if (method === 'yearly' && !hasYearlyHistory(p, p.n))
    warnings.push({
      code: 'FORECAST_NO_YEARLY',
      message: msg('forecast.warn.no_yearly', { days: YEARLY_MIN_DAYS }),
    });
  // The yearly term, when asked for: only with two years before every origin of its backtest, and only
  // when it wins across the year — the combination with and without it scored on origins 28 days apart
  // (a yearly pattern is not judged on three weekly origins); the winner is the combination candidate.
  let yearlyTest: { with: number; without: number } | undefined;
  if (
    method === 'auto' &&
    opts.yearly === true &&
    hasYearlyHistory(p, p.n - horizon - (YEARLY_SELECTION_ORIGINS - 1) * YEARLY_SELECTION_STEP)
  ) {
    const long = runBacktest(p, {
      horizon,
      origins: YEARLY_SELECTION_ORIGINS,
      step: YEARLY_SELECTION_STEP,
      methods: ['ensemble', 'yearly'],
    });
    yearlyTest = {
      with: pairsMae(long.byMethod.get('yearly')!),
      without: pairsMae(long.byMethod.get('ensemble')!),
    };
    const win = yearlyTest.with < yearlyTest.without;
    candidates = METHODS.filter((m) => (win ? m !== 'ensemble' : m !== 'yearly'));
  }
  const btOpts = { horizon, origins, step, methods: candidates };
  let run = runBacktest(p, { ...btOpts, minObs: 28 });
  if (run.origins.length === 0) run = runBacktest(p, { ...btOpts, minObs: MIN_OBS_FOR_MODELS });

  const d = derive(p, p.n);
  let chosen: MethodName;
  let dispersion: number;
  let calibration: IntervalCalibration = 'in_sample';
  let calibrationDays = 0;
  const scores: Partial<Record<MethodName, number>> = {};
  const pairs = run.origins.length > 0 ? run.byMethod : null;
  if (pairs) for (const m of candidates) scores[m] = pairsMae(pairs.get(m)!);
  if (pairs && pairs.get(candidates[0]!)!.mean.length >= 10) {
    chosen = choose(run, candidates);
    const cp = pairs.get(chosen)!;
    // Interval calibration: the smallest dispersion whose p10–p90 covers the backtest actuals at the
    // conformal level ⌈(n+1)·0.8⌉/n (a finite-sample correction: n pairs under-state future errors).
    const n = cp.mean.length;
    const target = Math.min(0.95, Math.ceil((n + 1) * 0.8) / n);
    dispersion = coverageDispersion(cp.mean, cp.actual, 0.1, 0.9, target);
    calibrationDays = n;
    calibration = n >= MIN_CALIBRATION_DAYS ? 'backtest' : 'short_backtest';
    if (calibration === 'short_backtest')
      warnings.push({
        code: 'FORECAST_SHORT_BACKTEST',
        message: msg('forecast.warn.short_backtest', { days: n, min: MIN_CALIBRATION_DAYS }),
      });
  } else {
    chosen = method === 'auto' ? 'ensemble' : method;
    // No out-of-sample errors to calibrate on: the in-sample dispersion, doubled.
    dispersion = 2 * d.dispersion + 0.02;
    warnings.push({
      code: 'FORECAST_NO_BACKTEST',
      message: msg('forecast.warn.no_backtest', { horizon, method: chosen }),
    });
  }
  const forecaster = FITTERS[chosen](d);
  return {
    method: chosen,
    dispersion,
    calibration,
    calibrationDays,
    warnings,
    scores,
    nObs,
    ...(yearlyTest ? { yearlyTest } : {}),
    prepared: p,
    forecaster,
  };
}

/** Mean and quantiles of a fitted series for the `h` days after its last date. */
export function predictFitted(
  f: FittedSeries,
  h: number,
  levels: readonly number[] = DEFAULT_LEVELS,
): SeriesForecast {
  checkLevels(levels);
  const p = f.prepared;
  if (p.n + h > p.total)
    throw new RangeError(`horizon ${h} exceeds the ${p.total - p.n} days the series was prepared for`);
  const mean = f.forecaster(h);
  const quantiles = levels.map(() => new Array<number>(h).fill(0));
  const variance = new Array<number>(h).fill(0);
  for (let k = 0; k < h; k++) {
    const m = mean[k]!;
    if (!(m > 0)) continue;
    const q = bandQuantiles(m, f.dispersion, levels);
    for (let i = 0; i < levels.length; i++) quantiles[i]![k] = q[i]!;
    variance[k] = nbVariance(m, f.dispersion);
  }
  return {
    dates: p.dates.slice(p.n, p.n + h),
    mean: Array.from(mean),
    levels: [...levels],
    quantiles,
    method: f.method,
    dispersion: f.dispersion,
    calibration: f.calibration,
    calibrationDays: f.calibrationDays,
    variance,
    warnings: f.warnings,
    scores: f.scores,
    nObs: f.nObs,
  };
}
