import { createHash } from 'node:crypto';
import { mean } from 'simple-statistics';
import type { Config } from '../config.ts';
import { addDays } from '../core/calendar/dates.ts';
import { DomainError } from '../core/errors.ts';
import { msg } from '../core/messages.ts';
import { FORECAST_LEVELS, type ForecastLevel, type ForecastRunInfo } from '../schemas/forecast-read.ts';
import type { LocalEvent } from '../schemas/models.ts';
import type { ForecastRow } from '../schemas/plan.ts';
import type { Db, Queryable } from '../store/db.ts';
import {
  type ForecastValueRow,
  findForecastRunInfo,
  findForecastRunState,
  forecastSeriesOnDays,
  forecastSeriesValues,
  forecastTotalsWithActuals,
  forecastValuesAt,
  latestCompleteRunId,
  saveForecastRun,
} from '../store/forecast-runs-repo.ts';
import { refreshStatistics } from '../store/maintenance.ts';
import { loadCalendarModel } from '../store/model-files.ts';
import { listPoints } from '../store/points-repo.ts';
import { receivedSeries } from '../store/volumes-repo.ts';
import {
  type ForecastPanelOptions,
  forecastPanel,
  type PanelInputSeries,
  quantileName,
} from './forecast-panel.ts';
import type { Progress, Stage } from './progress.ts';

export interface ForecastRunRequest {
  /** Last day of history used; forecasts start the day after. */
  asOf: string;
  horizon: number;
  quantiles?: number[];
  method?: ForecastPanelOptions['method'];
  /** Limit to these points (default all). */
  points?: string[];
  /** Days of history to fit on (default 730; 1,095 with `yearly`, which needs two years before its backtest). */
  historyDays?: number;
  /** Named holidays of any country on top of the Vietnamese calendar (closed ones close the points). */
  holidays?: LocalEvent[];
  /** Let `auto` add the yearly term where a series has two years of history. */
  yearly?: boolean;
}

/** Deterministic, readable run id: the same request always names the same run (BullMQ-safe: no ':'). */
export function forecastRunId(req: ForecastRunRequest): string {
  const q = (req.quantiles ?? [0.1, 0.5, 0.9]).join('_');
  const scope = req.points?.length
    ? `p${createHash('sha1')
        .update([...req.points].sort().join(','))
        .digest('hex')
        .slice(0, 8)}`
    : 'all';
  const extra = `${req.yearly ? '-yearly' : ''}${
    req.holidays?.length
      ? `-hol${createHash('sha1').update(JSON.stringify(req.holidays)).digest('hex').slice(0, 8)}`
      : ''
  }`;
  return `fc-${req.asOf}-h${req.horizon}-${req.method ?? 'auto'}-q${q}${extra}-${scope}`;
}

/** Reads stored daily volumes as one series per point × channel × field (received counts). */
export async function loadHistorySeries(
  db: Queryable,
  from: string,
  to: string,
  points?: string[],
): Promise<PanelInputSeries[]> {
  const rows = await receivedSeries(db, from, to, points);
  return rows.map((r) => ({
    key: { point: r.point, channel: r.channel, field: r.field },
    history: r.dates.map((date, i) => ({ date, value: r.values[i]! })),
  }));
}

/**
 * Forecasts every stored series from `asOf` and saves a versioned run (parameters, inputs, values). Idempotent:
 * a complete run with the same id is returned as it is; a partial one (a crash) is replaced in one transaction.
 */
export async function runForecastFromStore(
  db: Db,
  config: Pick<Config, 'MODELS_DIR'>,
  req: ForecastRunRequest,
  onProgress?: Progress<Stage>,
): Promise<{ runId: string; series: number; rows: number; reused: boolean }> {
  const runId = forecastRunId(req);
  const existing = await findForecastRunState(db, runId);
  if (existing?.status === 'complete')
    return { runId, series: existing.series, rows: existing.values, reused: true };
  await onProgress?.(5, 'reading history');
  const historyDays = req.historyDays ?? (req.yearly ? 1095 : 730);
  const from = addDays(req.asOf, -historyDays);
  const series = await loadHistorySeries(db, from, req.asOf, req.points);
  if (series.length === 0)
    throw new DomainError('FORECAST_HISTORY_TOO_SHORT', msg('forecast.no_volumes', { from, asOf: req.asOf }));
  const points = await listPoints(db);
  const branch = new Map(points.map((p) => [p.code, p.branch]));
  await onProgress?.(15, 'forecasting');
  const quantiles = req.quantiles ?? [0.1, 0.5, 0.9];
  const result = await forecastPanel(series, {
    horizon: req.horizon,
    quantiles,
    method: req.method ?? 'auto',
    calendar: { model: loadCalendarModel(config.MODELS_DIR), local: req.holidays ?? [] },
    asOf: req.asOf,
    yearly: req.yearly,
    branchOf: (p) => branch.get(p),
    reconcile: 'wls',
    includeAggregates: true,
  });
  await onProgress?.(85, 'saving');
  const level = (k: { point?: string; channel?: string; field?: string; branch?: string }) =>
    k.point && k.channel && k.field ? 'series' : k.point ? 'point' : k.branch ? 'branch' : 'city';
  const values: Array<ForecastValueRow & { method: string }> = [];
  for (const r of result.rows) {
    const q: Record<string, number> = {};
    for (const l of quantiles) q[String(l)] = r.quantiles[quantileName(l)] ?? Number.NaN;
    const lv = level(r);
    values.push({
      level: lv,
      point: lv === 'branch' ? (r.branch ?? '') : (r.point ?? ''),
      channel: r.channel ?? '',
      field: r.field ?? '',
      date: r.date,
      mean: r.mean,
      quantiles: q,
      method: r.method,
    });
  }
  // City totals by channel and by field, summed once here so reads of the run never touch the series rows.
  for (const a of cityTotals(values.filter((v) => v.level === 'series')))
    values.push({ ...a, point: '', method: 'aggregate' });
  // Written in short steps and made visible at once (saveForecastRun): readers never wait for the whole run.
  await saveForecastRun(
    db,
    {
      id: runId,
      asOf: req.asOf,
      horizon: req.horizon,
      method: req.method ?? 'auto',
      quantiles,
      parameters: {
        reconcile: 'wls',
        historyDays,
        ...(req.holidays?.length ? { holidays: req.holidays } : {}),
        ...(req.yearly ? { yearly: true } : {}),
      },
      // `all` when the list names every point: such a run can be "the latest" (store/forecast-runs-repo.ts).
      inputs: {
        from,
        to: req.asOf,
        points: req.points && points.some((p) => !req.points!.includes(p.code)) ? req.points : 'all',
        series: series.length,
      },
      diagnostics: {
        series: series.length,
        methods: result.diagnostics.methods,
        calibration: result.diagnostics.calibration,
        warnings: result.diagnostics.warnings,
        seconds: result.diagnostics.seconds,
        workers: result.diagnostics.workers,
      },
    },
    values,
  );
  await refreshStatistics(db, ['forecast_values', 'forecast_runs'], values.length);
  await onProgress?.(100, 'done');
  return { runId, series: series.length, rows: result.rows.length, reused: false };
}

export type { ForecastRunInfo } from '../schemas/forecast-read.ts';

export type { ForecastValueRow } from '../store/forecast-runs-repo.ts';

/** z of the 10% / 90% quantiles of a normal: aggregates of independent rows get mean ± 1.2816 σ. */
const Z90 = 1.2815515655446004;

/** Sums rows by a key; quantiles of the sum by a normal approximation with summed variances (independence). */
function aggregate(
  rows: ForecastValueRow[],
  level: string,
  keyOf: (r: ForecastValueRow) => Partial<ForecastValueRow>,
) {
  const acc = new Map<
    string,
    { key: Partial<ForecastValueRow>; date: string; mean: number; variance: number }
  >();
  for (const r of rows) {
    const key = keyOf(r);
    const id = `${JSON.stringify(key)}|${r.date}`;
    const sd = ((r.quantiles['0.9'] ?? r.mean) - (r.quantiles['0.1'] ?? r.mean)) / (2 * Z90);
    const a = acc.get(id) ?? { key, date: r.date, mean: 0, variance: 0 };
    a.mean += r.mean;
    a.variance += sd * sd;
    acc.set(id, a);
  }
  return [...acc.values()].map((a) => {
    const sd = Math.sqrt(a.variance);
    return {
      level,
      point: '',
      channel: '',
      field: '',
      ...a.key,
      date: a.date,
      mean: a.mean,
      quantiles: { '0.1': Math.max(0, a.mean - Z90 * sd), '0.5': a.mean, '0.9': a.mean + Z90 * sd },
    } as ForecastValueRow;
  });
}

/** City totals by channel (`city_channel`) and by field (`city_field`) of series rows. */
function cityTotals(series: ForecastValueRow[]): ForecastValueRow[] {
  return [
    ...aggregate(series, 'city_channel', (r) => ({ channel: r.channel })),
    ...aggregate(series, 'city_field', (r) => ({ field: r.field })),
  ];
}

/** What a read returns unless asked otherwise: everything but the per-channel point rows and the series. */
export const DEFAULT_FORECAST_LEVELS: readonly ForecastLevel[] = [
  'city',
  'city_channel',
  'city_field',
  'branch',
  'point',
];

/** The levels whose rows belong to one point (what `point` filters, and reads by default). */
const POINT_LEVELS: readonly ForecastLevel[] = ['point', 'point_channel', 'series'];

/** The read level of a stored row. */
function readLevel(r: ForecastValueRow): ForecastLevel {
  return r.level === 'point' && r.channel ? 'point_channel' : (r.level as ForecastLevel);
}

/**
 * A stored forecast run with the rows of the given levels (default {@link DEFAULT_FORECAST_LEVELS}), each row
 * labelled with its read level. `point` keeps only that point's rows at the point levels (point,
 * point_channel, series); with `point` and no levels, it reads all three for that point.
 */
export async function getForecastRun(
  db: Queryable,
  runId: string,
  opts: { levels?: readonly ForecastLevel[]; point?: string } = {},
): Promise<{ run: ForecastRunInfo; levels: ForecastLevel[]; values: ForecastValueRow[] } | undefined> {
  const run = await findForecastRunInfo(db, runId);
  if (!run) return undefined;
  const asked = opts.levels ?? (opts.point ? POINT_LEVELS : DEFAULT_FORECAST_LEVELS);
  const levels = FORECAST_LEVELS.filter((l) => asked.includes(l));
  const values = await forecastValuesAt(db, runId, levels, { point: opts.point, pointLevels: POINT_LEVELS });
  for (const v of values) v.level = readLevel(v);
  // Runs saved before city totals by channel and field were stored get them summed from the series here.
  const missing = (['city_channel', 'city_field'] as const).filter(
    (l) => levels.includes(l) && !values.some((v) => v.level === l),
  );
  if (missing.length) {
    const series = await forecastSeriesValues(db, runId);
    values.push(...cityTotals(series).filter((r) => missing.includes(r.level as 'city_channel')));
  }
  return { run, levels, values };
}

/** The id of the most recent complete run (latest as-of date, then latest created). */
export async function latestForecastRunId(db: Queryable): Promise<string | undefined> {
  return latestCompleteRunId(db);
}

/** Latest complete forecast run whose horizon covers all `days`. */
export async function findForecastRun(db: Queryable, days: string[]): Promise<string | undefined> {
  return latestCompleteRunId(db, { from: days[0]!, to: days[days.length - 1]! });
}

/** Series-level forecast rows of a run on the given days, quantiles named p10/p50/p90. */
export async function loadForecastRows(db: Queryable, runId: string, days: string[]): Promise<ForecastRow[]> {
  const rows = await forecastSeriesOnDays(db, runId, days);
  return rows.map((r) => ({
    date: r.date,
    point: r.point,
    channel: r.channel as ForecastRow['channel'],
    field: r.field as ForecastRow['field'],
    mean: Math.max(0, r.mean),
    quantiles: Object.fromEntries(
      Object.entries(r.quantiles)
        .filter(([l]) => Number(l) * 100 === Math.round(Number(l) * 100))
        .map(([l, v]) => [`p${Math.round(Number(l) * 100)}`, Math.max(0, v)]),
    ),
  }));
}

/** The most recent complete run, read as {@link getForecastRun} does. */
export async function latestForecastRun(
  db: Queryable,
  opts: { levels?: readonly ForecastLevel[]; point?: string } = {},
) {
  const id = await latestForecastRunId(db);
  return id ? getForecastRun(db, id, opts) : undefined;
}

/**
 * A run against the volumes received since: the city and point totals with the actual count where the day
 * is stored, plus MAE and the share of actuals inside p10–p90.
 */
export async function forecastVsActuals(db: Queryable, runId: string) {
  const run = await findForecastRunInfo(db, runId);
  if (!run) return undefined;
  const rows = await forecastTotalsWithActuals(db, run);
  // Closed days have no stored rows: an actual of 0 there, not missing, when the forecast says closed (mean 0).
  const compared = rows.filter((r) => r.actual !== null);
  const summary = (level: string) => {
    const rs = compared.filter((r) => r.level === level);
    if (rs.length === 0) return { n: 0, mae: null, coverage_p10_p90: null };
    const mae = mean(rs.map((r) => Math.abs((r.actual ?? 0) - r.mean)));
    const inside = rs.filter(
      (r) =>
        (r.actual ?? 0) >= (r.quantiles['0.1'] ?? -1) &&
        (r.actual ?? 0) <= (r.quantiles['0.9'] ?? Number.POSITIVE_INFINITY),
    ).length;
    return { n: rs.length, mae, coverage_p10_p90: inside / rs.length };
  };
  return { run, rows, summary: { city: summary('city'), point: summary('point') } };
}
