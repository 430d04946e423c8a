import { addDays, diffDays } from '../calendar/dates.ts';
import { nbCdf } from './distribution.ts';
import { fitSeries, predictFitted } from './forecast.ts';
import { normaliseHistory } from './prepare.ts';
import type { ForecastContext, MethodChoice, SeriesPoint, UsedMethod } from './types.ts';

export interface EvaluationOptions {
  /** Days forecast from each origin. */
  horizon: number;
  /** Number of origins; the last test window ends on the last history date. */
  origins: number;
  /** Days between origins. */
  step: number;
  methods: readonly MethodChoice[];
  /** Central interval whose coverage is reported (default [0.1, 0.9]). */
  interval?: readonly [number, number];
  /** Backtest origins/step of the selection inside each fit (defaults of fitSeries). */
  selectionOrigins?: number;
  selectionStep?: number;
  /** Milliseconds clock for the timing column (the adapter passes `performance.now`); none → 0. */
  clock?: () => number;
  /** Explicit first forecast days (e.g. a week before each holiday), instead of `origins`/`step`. */
  originDates?: readonly string[];
  /** Let `auto` consider the yearly term (see `FitOptions.yearly`). */
  yearly?: boolean;
}

/** One evaluated day: forecast, interval and actual, with the MASE scale of its origin. */
export interface EvaluatedDay {
  date: string;
  origin: string;
  actual: number;
  mean: number;
  lo: number;
  hi: number;
  /** In-sample seasonal-naive MAE (lag 7 days) of the training part before this origin. */
  scale: number;
  /**
   * The predictive cdf just below and at the actual, F(y − 1) and F(y): the randomised PIT is uniform on
   * [pitLo, pitHi]. For counts, its chance of falling in [0.1, 0.9] is the coverage that a calibrated
   * forecast gets to 80% whatever the discreteness (integer p10–p90 intervals cover more on low counts).
   */
  pitLo: number;
  pitHi: number;
}

export interface MethodEvaluation {
  method: MethodChoice;
  /** Mean over origins of MAE / in-sample seasonal-naive MAE. */
  mase: number;
  /** Mean over origins of the symmetric MAPE (percent, days where actual and forecast are both 0 skipped). */
  smape: number;
  /** Share of actuals inside the central interval (inclusive). */
  coverage: number;
  /** Seconds per fit (fit, selection and prediction), 0 without a clock. */
  seconds: number;
  /** The method used at each origin (what `auto` chose). */
  chosen: UsedMethod[];
  days: EvaluatedDay[];
}

export interface SeriesEvaluation {
  /** First forecast day of each origin. */
  origins: string[];
  methods: MethodEvaluation[];
}

/** Mean absolute seasonal (lag 7 days) difference of the observed history: the MASE denominator. */
export function seasonalNaiveScale(history: readonly SeriesPoint[], lag = 7): number {
  const byDate = new Map<string, number>();
  for (const p of history) if (p.value !== null) byDate.set(p.date, p.value);
  let s = 0;
  let k = 0;
  for (const [date, v] of byDate) {
    const prev = byDate.get(addDays(date, -lag));
    if (prev === undefined) continue;
    s += Math.abs(v - prev);
    k++;
  }
  return k > 0 ? s / k : Number.NaN;
}

/** MASE, sMAPE and coverage of evaluated days, MASE and sMAPE averaged per origin. */
/** Expected share of randomised PITs in [lo, hi]: the discreteness-free coverage of the central interval. */
export function pitCoverage(days: readonly EvaluatedDay[], lo = 0.1, hi = 0.9): number {
  let s = 0;
  for (const d of days) {
    const width = d.pitHi - d.pitLo;
    s +=
      width > 1e-12
        ? Math.max(0, Math.min(hi, d.pitHi) - Math.max(lo, d.pitLo)) / width
        : d.pitHi >= lo && d.pitHi <= hi
          ? 1
          : 0;
  }
  return days.length > 0 ? s / days.length : Number.NaN;
}

export function scoreDays(days: readonly EvaluatedDay[]): { mase: number; smape: number; coverage: number } {
  const byOrigin = new Map<string, EvaluatedDay[]>();
  for (const d of days) {
    const list = byOrigin.get(d.origin) ?? [];
    list.push(d);
    byOrigin.set(d.origin, list);
  }
  let mase = 0;
  let smape = 0;
  let nMase = 0;
  let nSmape = 0;
  for (const list of byOrigin.values()) {
    let ae = 0;
    let sm = 0;
    let smN = 0;
    for (const d of list) {
      ae += Math.abs(d.actual - d.mean);
      const den = Math.abs(d.actual) + Math.abs(d.mean);
      if (den > 0) {
        sm += (200 * Math.abs(d.actual - d.mean)) / den;
        smN++;
      }
    }
    const scale = list[0]!.scale;
    if (scale > 0) {
      mase += ae / list.length / scale;
      nMase++;
    }
    if (smN > 0) {
      smape += sm / smN;
      nSmape++;
    }
  }
  let covered = 0;
  for (const d of days) if (d.actual >= d.lo && d.actual <= d.hi) covered++;
  return {
    mase: nMase > 0 ? mase / nMase : Number.NaN,
    smape: nSmape > 0 ? smape / nSmape : Number.NaN,
    coverage: days.length > 0 ? covered / days.length : Number.NaN,
  };
}

/**
 * Rolling-origin evaluation of methods on one series: for each origin, fits on the days before it only
 * (including any inner selection) and scores the next `horizon` days that are open and observed.
 * @example evaluateSeries(history, ctx, { horizon: 14, origins: 4, step: 28, methods: ['snaive', 'auto'] })
 */
export function evaluateSeries(
  history: readonly SeriesPoint[],
  ctx: ForecastContext,
  opts: EvaluationOptions,
): SeriesEvaluation {
  const sorted = normaliseHistory(history);
  const last = sorted[sorted.length - 1]?.date;
  const [loLevel, hiLevel] = opts.interval ?? [0.1, 0.9];
  const origins: string[] = opts.originDates ? opts.originDates.filter((o) => last && o <= last) : [];
  if (last && !opts.originDates)
    for (let k = opts.origins - 1; k >= 0; k--) {
      const origin = addDays(last, -(opts.horizon - 1) - k * opts.step);
      if (origin > sorted[0]!.date) origins.push(origin);
    }
  const clock = opts.clock ?? (() => 0);
  const methods: MethodEvaluation[] = [];
  for (const method of opts.methods) {
    const days: EvaluatedDay[] = [];
    const chosen: UsedMethod[] = [];
    let ms = 0;
    let fits = 0;
    for (const origin of origins) {
      const train = sorted.filter((p) => p.date < origin);
      const test = sorted.filter(
        (p) =>
          p.date >= origin &&
          diffDays(origin, p.date) < opts.horizon &&
          p.value !== null &&
          ctx.isOpen(p.date),
      );
      if (train.length === 0 || test.length === 0) continue;
      const scale = seasonalNaiveScale(train);
      const t0 = clock();
      const fitted = fitSeries(train, ctx, {
        method,
        horizon: opts.horizon,
        lastDate: addDays(origin, -1),
        selectionOrigins: opts.selectionOrigins,
        selectionStep: opts.selectionStep,
        yearly: opts.yearly,
      });
      const fc = predictFitted(fitted, opts.horizon, [loLevel, hiLevel]);
      ms += clock() - t0;
      fits++;
      chosen.push(fitted.method);
      for (const p of test) {
        const k = diffDays(origin, p.date);
        const mu = fc.mean[k]!;
        days.push({
          date: p.date,
          origin,
          actual: p.value!,
          mean: fc.mean[k]!,
          lo: fc.quantiles[0]![k]!,
          hi: fc.quantiles[1]![k]!,
          scale,
          pitLo: nbCdf(p.value! - 1, mu, fc.dispersion),
          pitHi: nbCdf(p.value!, mu, fc.dispersion),
        });
      }
    }
    methods.push({ method, ...scoreDays(days), seconds: fits > 0 ? ms / fits / 1000 : 0, chosen, days });
  }
  return { origins, methods };
}
