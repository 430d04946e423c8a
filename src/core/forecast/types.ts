import type { WorkCalendar } from '../calendar/calendar.ts';
import type { Msg } from '../messages.ts';

/**
 * The forecasting methods a caller can ask for (`auto` picks one per series by rolling-origin backtest;
 * `yearly`, the combination with a day-of-year profile, is a candidate only with two years of history).
 */
export const METHODS = ['snaive', 'ets', 'theta', 'glm', 'ensemble', 'yearly'] as const;
export type MethodName = (typeof METHODS)[number];
/** `short` is what a series with fewer than 14 observed open days gets (weekday shape × level). */
export type UsedMethod = MethodName | 'short';
export type MethodChoice = MethodName | 'auto';

/** One day of a daily series. `value: null` (or an absent date) means missing, never zero. */
export interface SeriesPoint {
  date: string;
  value: number | null;
}

/**
 * A named holiday or event of any country's list (Prophet's holiday regressors): each name gets its own
 * effects on the open days `before` it, the day itself (when open) and the open days `after` it, shared by
 * every year the name occurs. A closed holiday is closed by the opening rule; its name still marks the days
 * around it.
 */
export interface NamedHoliday {
  date: string;
  name: string;
  /** Open days before the holiday with their own effect (default 1). */
  before?: number;
  /** Open days after it with their own effect (default 1). */
  after?: number;
}

/** What every model needs besides the numbers: the calendar and which days the point receives dossiers. */
export interface ForecastContext {
  calendar: WorkCalendar;
  /** Whether the point is open on a date. Closed days are excluded from fitting and forecast exactly 0. */
  isOpen: (date: string) => boolean;
  /**
   * Named holidays of any country (see {@link NamedHoliday}), on top of the calendar's own effects (days
   * after and before a closure, Tết): each name's before / on / after multipliers are estimated from its
   * past occurrences, with a prior at "no effect". Default none.
   */
  holidays?: readonly NamedHoliday[];
  /** Use the Tết terms (Vietnamese calendar). Default: the calendar's mode is `vn`. */
  tet?: boolean;
  /**
   * Dates from which the level may jump (the 2025-07-01 merger of communes): history before a shift is
   * rescaled to the level after it, and the count regression gets a step term. Default: `['2025-07-01']`
   * with the `vn` calendar, none otherwise.
   */
  levelShifts?: readonly string[];
  /**
   * Weekday shape (index 0 = Monday … 6 = Sunday, mean 1 over open weekdays) borrowed from similar series,
   * used when the series itself is too short to show one.
   */
  shape?: readonly number[];
  /** Level (dossiers per open day) to use when the series has no observation at all. */
  fallbackLevel?: number;
  /** Oldest history used, in days before the last date (default 1,095: three years). */
  maxHistoryDays?: number;
}

/** Mean and quantiles for `h` consecutive days after the last history date. */
export interface ForecastResult {
  dates: string[];
  mean: number[];
  /** The requested probability levels, in the order given. */
  levels: number[];
  /** `quantiles[i][k]`: the `levels[i]` quantile of day k. */
  quantiles: number[][];
}

/**
 * The interface every forecast model implements. `fit` learns from a daily history (missing days absent or
 * null) and the context; `predict` returns the next `h` days.
 * @example const r = createModel('ets').fit(history, ctx).predict(14, [0.1, 0.5, 0.9]);
 */
export interface ForecastModel {
  readonly name: MethodChoice;
  fit(history: readonly SeriesPoint[], ctx: ForecastContext): this;
  predict(h: number, levels?: readonly number[]): ForecastResult;
}

/**
 * How a forecast's interval width was set: `backtest` — on at least 20 out-of-sample backtest days (the
 * conformal level); `short_backtest` — on 10–19 such days (the band is wide by the finite-sample correction
 * and approximate); `in_sample` — no backtest (short history): the in-sample dispersion, widened.
 */
export type IntervalCalibration = 'backtest' | 'short_backtest' | 'in_sample';

/** A non-fatal remark about a series (e.g. a short history), for the caller to log or show. */
export interface ForecastWarning {
  code:
    | 'FORECAST_HISTORY_TOO_SHORT'
    | 'FORECAST_NO_HISTORY'
    | 'FORECAST_NO_BACKTEST'
    | 'FORECAST_SHORT_BACKTEST'
    | 'FORECAST_NO_YEARLY';
  /** What happened and what was done instead, as a catalogue message (rendered at the edge). */
  message: Msg;
}
