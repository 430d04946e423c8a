import { createHash } from 'node:crypto';
import type { Config } from '../config.ts';
import { addDays } from '../core/calendar/dates.ts';
import { DomainError } from '../core/errors.ts';
import { channelOf, fieldOf } from '../store/codes.ts';
import type { Db, Queryable } from '../store/db.ts';
import { loadCalendarModel } from '../store/model-files.ts';
import { listPoints } from '../store/points-repo.ts';
import {
  type ForecastPanelOptions,
  forecastPanel,
  type PanelInputSeries,
  quantileName,
} from './forecast-panel.ts';

export interface ForecastRunRequest {
  /** Last day of history used; forecasts start the day after. */
  asOf: string;
  horizon: number;
  quantiles?: number[];
  method?: ForecastPanelOptions['method'];
  /** Limit to these points (default all). */
  points?: string[];
  /** Days of history to fit on (default 730). */
  historyDays?: number;
}

export type Progress = (pct: number, stage: string) => void | Promise<void>;

/** Deterministic, readable run id: the same request always names the same run (BullMQ-safe: no ':'). */
export function forecastRunId(req: ForecastRunRequest): string {
  const q = (req.quantiles ?? [0.1, 0.5, 0.9]).join('_');
  const scope = req.points?.length
    ? `p${createHash('sha1')
        .update([...req.points].sort().join(','))
        .digest('hex')
        .slice(0, 8)}`
    : 'all';
  return `fc-${req.asOf}-h${req.horizon}-${req.method ?? 'auto'}-q${q}-${scope}`;
}

/** Reads stored daily volumes as one series per point × channel × field (received counts). */
export async function loadHistorySeries(
  db: Queryable,
  from: string,
  to: string,
  points?: string[],
): Promise<PanelInputSeries[]> {
  const params: unknown[] = [from, to];
  let where = 'date >= $1 AND date <= $2';
  if (points?.length) {
    params.push(points);
    where += ' AND point = ANY($3::text[])';
  }
  const rows = await db.query<{
    point: string;
    channel_id: number;
    field_id: number;
    dates: string[];
    values: number[];
  }>(
    `SELECT point, channel_id, field_id, array_agg(date::text ORDER BY date) AS dates, array_agg(received ORDER BY date) AS values
     FROM daily_volumes WHERE ${where} GROUP BY point, channel_id, field_id ORDER BY point, channel_id, field_id`,
    params,
  );
  return rows.map((r) => ({
    key: { point: r.point, channel: channelOf(r.channel_id), field: fieldOf(r.field_id) },
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
  onProgress?: Progress,
): Promise<{ runId: string; series: number; rows: number; reused: boolean }> {
  const runId = forecastRunId(req);
  const [existing] = await db.query<{ status: string; n: number }>(
    `SELECT r.status, (SELECT count(*)::int FROM forecast_values v WHERE v.run_id = r.id) AS n FROM forecast_runs r WHERE r.id = $1`,
    [runId],
  );
  if (existing?.status === 'complete') {
    const [s] = await db.query<{ n: number }>(
      `SELECT (diagnostics->>'series')::int AS n FROM forecast_runs WHERE id = $1`,
      [runId],
    );
    return { runId, series: s?.n ?? 0, rows: existing.n, reused: true };
  }
  await onProgress?.(5, 'reading history');
  const from = addDays(req.asOf, -(req.historyDays ?? 730));
  const series = await loadHistorySeries(db, from, req.asOf, req.points);
  if (series.length === 0)
    throw new DomainError(
      'FORECAST_HISTORY_TOO_SHORT',
      `no stored volumes between ${from} and ${req.asOf}; import volumes first`,
    );
  const points = await listPoints(db);
  const branch = new Map(points.map((p) => [p.code, p.branch]));
  await onProgress?.(15, 'forecasting');
  const quantiles = req.quantiles ?? [0.1, 0.5, 0.9];
  const result = await forecastPanel(series, {
    horizon: req.horizon,
    quantiles,
    method: req.method ?? 'auto',
    calendar: { model: loadCalendarModel(config.MODELS_DIR) },
    asOf: req.asOf,
    branchOf: (p) => branch.get(p),
    reconcile: 'wls',
    includeAggregates: true,
  });
  await onProgress?.(85, 'saving');
  const level = (k: { point?: string; channel?: string; field?: string; branch?: string }) =>
    k.point && k.channel && k.field ? 'series' : k.point ? 'point' : k.branch ? 'branch' : 'city';
  let csv = '';
  for (const r of result.rows) {
    const q: Record<string, number> = {};
    for (const l of quantiles) q[String(l)] = r.quantiles[quantileName(l)] ?? Number.NaN;
    const lv = level(r);
    const pointCol = lv === 'branch' ? (r.branch ?? '') : (r.point ?? '');
    csv += `${runId},${lv},${csvText(pointCol)},${csvText(r.channel ?? '')},${csvText(r.field ?? '')},${r.date},${r.mean},${csvText(JSON.stringify(q))},${r.method}\n`;
  }
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM forecast_runs WHERE id = $1', [runId]);
    await tx.query(
      `INSERT INTO forecast_runs (id, as_of, horizon, method, quantiles, parameters, inputs, diagnostics, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'complete')`,
      [
        runId,
        req.asOf,
        req.horizon,
        req.method ?? 'auto',
        quantiles,
        JSON.stringify({ reconcile: 'wls', historyDays: req.historyDays ?? 730 }),
        JSON.stringify({ from, to: req.asOf, points: req.points ?? 'all', series: series.length }),
        JSON.stringify({
          series: series.length,
          methods: result.diagnostics.methods,
          warnings: result.diagnostics.warnings,
          seconds: result.diagnostics.seconds,
          workers: result.diagnostics.workers,
        }),
      ],
    );
    await tx.copyCsv(
      'forecast_values',
      ['run_id', 'level', 'point', 'channel', 'field', 'date', 'mean', 'quantiles', 'method'],
      csv,
    );
  });
  await onProgress?.(100, 'done');
  return { runId, series: series.length, rows: result.rows.length, reused: false };
}

/** Always quoted: in COPY's CSV format an unquoted empty value is NULL, a quoted one is ''. */
function csvText(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
