import { availableParallelism } from 'node:os';
import { addDays, dateRange } from '../core/calendar/dates.ts';
import { DomainError } from '../core/errors.ts';
import { bandQuantiles } from '../core/forecast/distribution.ts';
import {
  buildHierarchy,
  type HierarchyNode,
  keyId,
  leavesUnder,
  type PanelKey,
  sumHistories,
} from '../core/forecast/panel.ts';
import { reconcileTree, type TreeNode } from '../core/forecast/reconcile.ts';
import type {
  ForecastWarning,
  IntervalCalibration,
  MethodChoice,
  MethodName,
  UsedMethod,
} from '../core/forecast/types.ts';
import { msg } from '../core/messages.ts';
import { WorkerPool } from '../parallel/pool.ts';
import type { CalendarModel, LocalEvent } from '../schemas/models.ts';
import {
  type CalendarSpec,
  forecastChunk,
  type PanelItem,
  type PanelItemResult,
  type PanelTask,
} from './forecast-panel-worker.ts';
import {
  checkHistory,
  type ItemContext,
  lastDateOf,
  openSpec,
  openWeekdaysByPoint,
  type PanelInputSeries,
  packHistory,
  seriesItems,
} from './panel-items.ts';

export type { PanelKey } from '../core/forecast/panel.ts';
export type { PanelInputSeries } from './panel-items.ts';

export type ReconcileMode = 'none' | 'bottom_up' | 'wls';

export interface ForecastPanelOptions {
  /** Days to forecast after the last date. */
  horizon: number;
  /** Quantile levels (default 0.1, 0.5, 0.9). */
  quantiles?: number[];
  method?: MethodChoice;
  /** The calendar as data (rebuilt in each worker): `models/calendar/vn-official.json`, local events, mode. */
  calendar: { model: CalendarModel; local?: LocalEvent[]; mode?: 'vn' | 'none' };
  /**
   * Whether the series' point is open on a date. Default: the calendar (holidays, make-up days, local
   * closures) with the point's open weekdays inferred from its history. Called in this thread for every
   * day of every series (and, under `wls`, of every aggregate key such as `{ point }`, `{ branch }`, `{}`):
   * keep it cheap.
   */
  isOpen?: (key: PanelKey, date: string) => boolean;
  /** Forecasts start the day after this date (default: the last date of any series). */
  asOf?: string;
  /** Branch of each point, for the branch level of the hierarchy. */
  branchOf?: (point: string) => string | undefined;
  /**
   * `wls` (default): aggregates are forecast too and combined with their children's forecasts by
   * variance-weighted least squares; `bottom_up`: aggregates are sums; `none`: no hierarchy.
   */
  reconcile?: ReconcileMode;
  /** Also return rows for the aggregate nodes (point, branch, city totals …). */
  includeAggregates?: boolean;
  /** Level-shift dates (default 2025-07-01 with the `vn` calendar). */
  levelShifts?: string[];
  /** Let `auto` consider the yearly term where a series has two years of history (default false). */
  yearly?: boolean;
  /** Worker threads (default: the machine's cores; 0 runs inline, as does a panel of < 24 series). */
  threads?: number;
  /** An existing pool over `forecast-panel-worker.ts` to reuse (it is not closed). */
  pool?: WorkerPool;
  /** Kept for reproducibility records: the forecasts are deterministic and use no randomness. */
  seed?: number;
  /** Series per worker task (default 16). */
  chunkSize?: number;
}

export interface PanelRow extends PanelKey {
  date: string;
  mean: number;
  quantiles: Record<string, number>;
  method: UsedMethod | 'aggregate';
}

export interface SeriesDiagnostics {
  key: PanelKey;
  method: UsedMethod;
  nObs: number;
  /** Interval dispersion (NB2 1/θ) from the backtest. */
  dispersion: number;
  /**
   * What the interval width was calibrated on (`backtest` ≥ 20 out-of-sample days, `short_backtest` fewer,
   * with a warning; `in_sample` without a backtest) and on how many backtest days.
   */
  calibration: IntervalCalibration;
  calibrationDays: number;
  /** Backtest MAE per candidate method. */
  scores: Partial<Record<MethodName, number>>;
  warnings: ForecastWarning[];
}

export interface PanelForecast {
  rows: PanelRow[];
  dates: string[];
  diagnostics: {
    series: SeriesDiagnostics[];
    /** Input series per method used. */
    methods: Partial<Record<UsedMethod, number>>;
    /** Input series per interval calibration (see {@link SeriesDiagnostics.calibration}). */
    calibration: Partial<Record<IntervalCalibration, number>>;
    warnings: number;
    reconcile: ReconcileMode;
    /** Aggregate nodes forecast in addition to the input series. */
    aggregatesFitted: number;
    workers: number;
    seconds: number;
    /** Wall-clock split: preparing items, fitting (pool start included), reconciling and building rows. */
    timings: { prepareSeconds: number; fitSeconds: number; reconcileSeconds: number };
  };
}

/** Column name of a quantile level: 0.1 → `p10`, 0.025 → `p2.5`. */
export function quantileName(level: number): string {
  return `p${Number((level * 100).toFixed(6))}`;
}

/**
 * Forecasts a panel of daily series (point × channel × field, any subset of keys) `horizon` days ahead:
 * each series by its own rolling-origin model selection, in worker threads; then reconciled over the
 * hierarchy field → channel → point → branch → city so totals add up; rows with mean, quantiles, method.
 * Series with fewer than 14 observed open days borrow the weekday shape of the series with the same
 * channel and field (a new point), with a warning in the diagnostics.
 * @throws DomainError INPUT_INVALID for duplicate keys or dates, values that are not counts, bad levels.
 * @example await forecastPanel([{ key: { point: 'P1' }, history }], { horizon: 14, calendar: { model } })
 */
export async function forecastPanel(
  series: readonly PanelInputSeries[],
  opts: ForecastPanelOptions,
): Promise<PanelForecast> {
  const t0 = performance.now();
  const levels = opts.quantiles ?? [0.1, 0.5, 0.9];
  for (const l of levels)
    if (!(l > 0 && l < 1))
      throw new DomainError('INPUT_INVALID', msg('forecast.quantile', { level: String(l) }), [
        { field: 'quantiles', value: l, reason: msg('forecast.quantile_reason') },
      ]);
  if (!(Number.isInteger(opts.horizon) && opts.horizon >= 1 && opts.horizon <= 366))
    throw new DomainError('INPUT_INVALID', msg('forecast.horizon', { horizon: String(opts.horizon) }), [
      { field: 'horizon', value: opts.horizon, reason: msg('forecast.horizon_reason') },
    ]);
  const reconcile = opts.reconcile ?? 'wls';
  const asOf = opts.asOf;
  // Data after the as-of date are not known yet at that date: drop them everywhere (fits, shapes, sums).
  const histories = series.map((s) => {
    const h = checkHistory(s.key, s.history);
    return asOf ? h.filter((p) => p.date <= asOf) : h;
  });
  const lastDate = asOf ?? lastDateOf(histories);
  if (!lastDate) throw new DomainError('FORECAST_HISTORY_TOO_SHORT', msg('forecast.no_dates'), []);

  const keys = series.map((s) => s.key);
  const nodes = buildHierarchy(keys, opts.branchOf);
  const itemCtx: ItemContext = {
    lastDate,
    horizon: opts.horizon,
    isOpen: opts.isOpen,
    openByPoint: openWeekdaysByPoint(keys, histories),
  };

  // Items to fit: every input series, plus the aggregate nodes under `wls`.
  const items: PanelItem[] = seriesItems(series, histories, itemCtx);
  let aggregatesFitted = 0;
  if (reconcile === 'wls')
    for (const node of nodes.values()) {
      if (node.series !== undefined || node.children.length === 0) continue;
      const leafIdx = leavesUnder(nodes, node.id);
      if (leafIdx.length < 2) continue;
      const h = sumHistories(leafIdx.map((i) => histories[i]!));
      items.push({ ...packHistory(node.id, h), point: node.key.point, ...openSpec(node.key, h, itemCtx) });
      aggregatesFitted++;
    }

  const t1 = performance.now();
  const spec: CalendarSpec = {
    model: opts.calendar.model,
    local: opts.calendar.local ?? [],
    mode: opts.calendar.mode ?? 'vn',
  };
  const base: Omit<PanelTask, 'items'> = {
    calendar: spec,
    horizon: opts.horizon,
    levels,
    method: opts.method ?? 'auto',
    lastDate,
    levelShifts: opts.levelShifts,
    yearly: opts.yearly,
  };
  const chunkSize = opts.chunkSize ?? 16;
  const tasks: PanelTask[] = [];
  for (let i = 0; i < items.length; i += chunkSize)
    tasks.push({ ...base, items: items.slice(i, i + chunkSize) });
  const threads = opts.threads ?? availableParallelism();
  let results: PanelItemResult[];
  let workers = 0;
  if (opts.pool || (threads > 0 && items.length >= 24)) {
    const pool = opts.pool ?? new WorkerPool(new URL('./forecast-panel-worker.ts', import.meta.url), threads);
    workers = pool.size;
    try {
      results = (await pool.map<PanelTask, PanelItemResult[]>('forecastChunk', tasks)).flat();
    } finally {
      if (!opts.pool) await pool.close();
    }
  } else {
    results = tasks.flatMap((t) => forecastChunk(t));
  }
  const t2 = performance.now();
  const byId = new Map(results.map((r) => [r.id, r]));
  const dates = results[0]?.dates ?? dateRange(addDays(lastDate, 1), addDays(lastDate, opts.horizon));

  // Reconcile means over the tree; each node keeps its own dispersion (leaves) or variance (aggregates).
  const final = new Map<string, { mean: number[]; variance: number[] }>();
  if (reconcile === 'none') {
    for (const r of results) final.set(r.id, { mean: r.mean, variance: r.variance });
  } else {
    const treeNodes: TreeNode[] = [...nodes.values()].map((n: HierarchyNode) => {
      const r = byId.get(n.id);
      return { id: n.id, parent: n.parent, base: r ? { mean: r.mean, variance: r.variance } : undefined };
    });
    for (const [id, r] of reconcileTree(treeNodes, opts.horizon)) final.set(id, r);
  }

  const names = levels.map(quantileName);
  const rows: PanelRow[] = [];
  const emit = (id: string, key: PanelKey, method: PanelRow['method'], dispersion?: number) => {
    const f = final.get(id)!;
    for (let k = 0; k < opts.horizon; k++) {
      const mu = f.mean[k]!;
      const d =
        dispersion !== undefined ? dispersion : mu > 0 ? Math.max(0, (f.variance[k]! - mu) / (mu * mu)) : 0;
      const q = bandQuantiles(mu, d, levels);
      const quantiles: Record<string, number> = {};
      names.forEach((n, i) => {
        quantiles[n] = q[i]!;
      });
      rows.push({ ...key, date: dates[k]!, mean: mu, quantiles, method });
    }
  };
  const diag: SeriesDiagnostics[] = [];
  const methods: Partial<Record<UsedMethod, number>> = {};
  const calibration: Partial<Record<IntervalCalibration, number>> = {};
  let warnings = 0;
  series.forEach((s) => {
    const id = keyId(s.key);
    const r = byId.get(id)!;
    const node = nodes.get(id)!;
    // An input series that is also a parent (a panel giving totals too) reports its reconciled sum.
    emit(id, s.key, r.method, node.children.length === 0 ? r.dispersion : undefined);
    diag.push({
      key: s.key,
      method: r.method,
      nObs: r.nObs,
      dispersion: r.dispersion,
      calibration: r.calibration,
      calibrationDays: r.calibrationDays,
      scores: r.scores,
      warnings: r.warnings,
    });
    methods[r.method] = (methods[r.method] ?? 0) + 1;
    calibration[r.calibration] = (calibration[r.calibration] ?? 0) + 1;
    warnings += r.warnings.length;
  });
  if (opts.includeAggregates && reconcile !== 'none')
    for (const node of nodes.values()) if (node.series === undefined) emit(node.id, node.key, 'aggregate');

  return {
    rows,
    dates,
    diagnostics: {
      series: diag,
      methods,
      calibration,
      warnings,
      reconcile,
      aggregatesFitted,
      workers,
      seconds: (performance.now() - t0) / 1000,
      timings: {
        prepareSeconds: (t1 - t0) / 1000,
        fitSeconds: (t2 - t1) / 1000,
        reconcileSeconds: (performance.now() - t2) / 1000,
      },
    },
  };
}
