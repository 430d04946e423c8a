import { WorkCalendar } from '../core/calendar/calendar.ts';
import { diffDays, fromEpochDay, toEpochDay } from '../core/calendar/dates.ts';
import { type EvaluatedDay, evaluateSeries } from '../core/forecast/evaluate.ts';
import { fitSeries, predictFitted } from '../core/forecast/forecast.ts';
import { calendarIsOpen } from '../core/forecast/panel.ts';
import type {
  ForecastWarning,
  IntervalCalibration,
  MethodChoice,
  MethodName,
  NamedHoliday,
  SeriesPoint,
  UsedMethod,
} from '../core/forecast/types.ts';
import type { CalendarModel, LocalEvent } from '../schemas/models.ts';

/**
 * The function the panel use case runs in worker threads: forecasts a chunk of series. Arguments and
 * results are plain data (structured clone): the calendar travels as its model JSON and is rebuilt here.
 */

export interface CalendarSpec {
  model: CalendarModel;
  local: LocalEvent[];
  mode: 'vn' | 'none';
}

export interface PanelItem {
  id: string;
  /** First history date; `values[i]` is the count of `start + i` days, NaN where missing. */
  start: string;
  values: Float64Array;
  point?: string;
  /** Open weekdays (0 = Monday) for the calendar-based opening rule … */
  openWeekdays?: boolean[];
  /** … or an explicit open flag per day from `openFrom` (1 open, 0 closed; beyond it closed). */
  open?: Uint8Array;
  openFrom?: string;
  shape?: number[];
  fallbackLevel?: number;
}

export interface PanelTask {
  calendar: CalendarSpec;
  horizon: number;
  levels: number[];
  method: MethodChoice;
  lastDate: string;
  levelShifts?: string[];
  selectionOrigins?: number;
  selectionStep?: number;
  /** Let `auto` consider the yearly term (two years of history, wins across the year). */
  yearly?: boolean;
  items: PanelItem[];
}

export interface PanelItemResult {
  id: string;
  dates: string[];
  mean: number[];
  variance: number[];
  dispersion: number;
  calibration: IntervalCalibration;
  calibrationDays: number;
  quantiles: number[][];
  method: UsedMethod;
  warnings: ForecastWarning[];
  scores: Partial<Record<MethodName, number>>;
  nObs: number;
}

let cached: { key: string; calendar: WorkCalendar } | undefined;

function calendarOf(spec: CalendarSpec): WorkCalendar {
  const key = JSON.stringify(spec);
  if (cached?.key !== key) {
    cached = { key, calendar: new WorkCalendar(spec.model, spec.local, spec.mode) };
    openRules.clear();
    namedCache.clear();
  }
  return cached.calendar;
}

function toHistory(item: PanelItem): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  const start = toEpochDay(item.start);
  for (let i = 0; i < item.values.length; i++) {
    const v = item.values[i]!;
    if (!Number.isNaN(v)) out.push({ date: fromEpochDay(start + i), value: v });
  }
  return out;
}

/**
 * The named holidays of a series: every local event of the calendar spec (closures and open events, any
 * country's list) that applies to its point — events limited to some points only there.
 */
const namedCache = new Map<string, NamedHoliday[]>();
function holidaysOf(spec: CalendarSpec, point: string | undefined): NamedHoliday[] | undefined {
  if (spec.local.length === 0) return undefined;
  const key = point ?? '';
  let out = namedCache.get(key);
  if (!out) {
    if (namedCache.size > 10_000) namedCache.clear();
    out = spec.local
      .filter((e) => !e.points || (point !== undefined && e.points.includes(point)))
      .map((e) => ({
        date: e.date,
        name: e.name,
        ...(e.before !== undefined ? { before: e.before } : {}),
        ...(e.after !== undefined ? { after: e.after } : {}),
      }));
    namedCache.set(key, out);
  }
  return out;
}

// Opening rules are shared by every series of a point: one memoised rule per point and weekday set.
const openRules = new Map<string, (d: string) => boolean>();

function isOpenOf(item: PanelItem, calendar: WorkCalendar): (d: string) => boolean {
  if (item.open && item.openFrom) {
    const open = item.open;
    const from = item.openFrom;
    return (d) => open[diffDays(from, d)] === 1;
  }
  const weekdays = item.openWeekdays ?? [true, true, true, true, true, false, false];
  const key = `${item.point ?? ''}|${weekdays.join(',')}`;
  let rule = openRules.get(key);
  if (!rule) {
    if (openRules.size > 10_000) openRules.clear();
    rule = calendarIsOpen(calendar, weekdays, item.point);
    openRules.set(key, rule);
  }
  return rule;
}

/** Forecasts every item of a task (called in a worker thread, or inline for small panels). */
export function forecastChunk(task: PanelTask): PanelItemResult[] {
  const calendar = calendarOf(task.calendar);
  return task.items.map((item) => {
    const isOpen = isOpenOf(item, calendar);
    const fitted = fitSeries(
      toHistory(item),
      {
        calendar,
        isOpen,
        holidays: holidaysOf(task.calendar, item.point),
        levelShifts: task.levelShifts,
        shape: item.shape,
        fallbackLevel: item.fallbackLevel,
      },
      {
        method: task.method,
        horizon: task.horizon,
        lastDate: task.lastDate,
        selectionOrigins: task.selectionOrigins,
        selectionStep: task.selectionStep,
        yearly: task.yearly,
      },
    );
    const fc = predictFitted(fitted, task.horizon, task.levels);
    return {
      id: item.id,
      dates: fc.dates,
      mean: fc.mean,
      variance: fc.variance,
      dispersion: fc.dispersion,
      calibration: fc.calibration,
      calibrationDays: fc.calibrationDays,
      quantiles: fc.quantiles,
      method: fc.method,
      warnings: fc.warnings,
      scores: fc.scores,
      nObs: fc.nObs,
    };
  });
}

export interface BacktestTask {
  calendar: CalendarSpec;
  horizon: number;
  origins: number;
  step: number;
  methods: MethodChoice[];
  levelShifts?: string[];
  /** Return every evaluated day (for holiday-window splits); off by default (large). */
  keepDays?: boolean;
  /** Explicit origins (first forecast days) instead of origins/step. */
  originDates?: string[];
  items: PanelItem[];
}

export interface BacktestItemResult {
  id: string;
  origins: string[];
  methods: Array<{
    method: MethodChoice;
    mase: number;
    smape: number;
    coverage: number;
    seconds: number;
    chosen: UsedMethod[];
    days?: EvaluatedDay[];
  }>;
}

/** Rolling-origin evaluation of every item of a task (worker thread or inline). */
export function backtestChunk(task: BacktestTask): BacktestItemResult[] {
  const calendar = calendarOf(task.calendar);
  return task.items.map((item) => {
    const ev = evaluateSeries(
      toHistory(item),
      {
        calendar,
        isOpen: isOpenOf(item, calendar),
        holidays: holidaysOf(task.calendar, item.point),
        levelShifts: task.levelShifts,
        shape: item.shape,
        fallbackLevel: item.fallbackLevel,
      },
      {
        horizon: task.horizon,
        origins: task.origins,
        step: task.step,
        methods: task.methods,
        originDates: task.originDates,
        clock: () => performance.now(),
      },
    );
    return {
      id: item.id,
      origins: ev.origins,
      methods: ev.methods.map((m) => ({
        method: m.method,
        mase: m.mase,
        smape: m.smape,
        coverage: m.coverage,
        seconds: m.seconds,
        chosen: m.chosen,
        days: task.keepDays ? m.days : undefined,
      })),
    };
  });
}
