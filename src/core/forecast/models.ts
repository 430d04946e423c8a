import { DEFAULT_LEVELS, type FittedSeries, fitSeries, predictFitted } from './forecast.ts';
import type { ForecastContext, ForecastModel, ForecastResult, MethodChoice, SeriesPoint } from './types.ts';

export interface ModelOptions {
  /** Horizon of the calibration backtest (default 14 days: the horizon the forecasts are used at). */
  horizon?: number;
  /** Longest horizon `predict` will be asked for (default 366 days). */
  maxHorizon?: number;
}

/**
 * One forecast model behind the common interface: `fit` runs the model's rolling-origin backtest (to
 * calibrate its intervals; for `auto`, to choose the model) and fits it on the whole history; `predict`
 * is then cheap. A history with fewer than 14 observed open days falls back to a weekday shape × level
 * (`name` stays the requested model; `lastFit.method` says what was used, e.g. `short`).
 */
export class SeriesModel implements ForecastModel {
  private fitted: FittedSeries | undefined;

  constructor(
    readonly name: MethodChoice,
    private readonly opts: ModelOptions = {},
  ) {}

  fit(history: readonly SeriesPoint[], ctx: ForecastContext): this {
    this.fitted = fitSeries(history, ctx, {
      method: this.name,
      horizon: this.opts.horizon ?? 14,
      maxHorizon: this.opts.maxHorizon ?? 366,
    });
    return this;
  }

  predict(h: number, levels: readonly number[] = DEFAULT_LEVELS): ForecastResult {
    if (!this.fitted) throw new Error(`model ${this.name} is not fitted: call fit first`);
    const { dates, mean, levels: l, quantiles } = predictFitted(this.fitted, h, levels);
    return { dates, mean, levels: l, quantiles };
  }

  /** The fit's diagnostics: method used, backtest scores, interval dispersion, warnings. */
  get lastFit(): FittedSeries | undefined {
    return this.fitted;
  }
}

/**
 * A model by name: `snaive`, `ets`, `theta`, `glm`, `ensemble`, or `auto` (backtest selection).
 * @example createModel('theta').fit(history, ctx).predict(14, [0.1, 0.5, 0.9]).mean
 */
export function createModel(method: MethodChoice, opts: ModelOptions = {}): SeriesModel {
  return new SeriesModel(method, opts);
}
