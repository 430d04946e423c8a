import { FORECAST_LEVELS, type ForecastLevel, type ForecastRunInfo } from '../schemas/forecast-read.ts';
import type { Db, Queryable } from './db.ts';

/** The forecast runs and their values: every statement on `forecast_runs` and `forecast_values`. */

export interface ForecastRunSummary {
  id: string;
  created_at: string;
  as_of: string;
  horizon: number;
  method: string;
  quantiles: number[];
  status: string;
}

/** A stored forecast value; `level` is the stored level (points' channel rows are stored as 'point'). */
export interface ForecastValueRow {
  level: string;
  point: string;
  channel: string;
  field: string;
  date: string;
  mean: number;
  quantiles: Record<string, number>;
}

/** What a new run is saved with. */
export interface NewForecastRun {
  id: string;
  asOf: string;
  horizon: number;
  method: string;
  quantiles: number[];
  parameters: unknown;
  inputs: unknown;
  diagnostics: unknown;
}

const RUN_COLS = `id, created_at::text AS created_at, as_of::text AS as_of, horizon, method, quantiles, diagnostics`;
const VALUE_COLS = 'level, point, channel, field, date::text AS date, mean, quantiles';

/** Forecast runs, newest first. */
export async function listForecastRuns(db: Queryable, limit = 50): Promise<ForecastRunSummary[]> {
  return db.query<ForecastRunSummary>(
    `SELECT id, created_at, as_of, horizon, method, quantiles, status FROM forecast_runs
     ORDER BY as_of DESC, created_at DESC LIMIT $1`,
    [limit],
  );
}

/**
 * The id of the latest complete run over every point (latest as-of date, then latest created); with
 * `covering`, the latest whose forecast days (after its as-of date, up to as-of + horizon) include `from`…`to`.
 * A run of some points only (`points` given, or one branch of a fan-out) is not "the latest" while a run over
 * every point exists (the dashboard would show one branch as the city), and never the run of a plan
 * (`covering`: it would see no demand at the other points); such runs are read by their id.
 */
export async function latestCompleteRunId(
  db: Queryable,
  covering?: { from: string; to: string },
): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    `SELECT id FROM forecast_runs WHERE status = 'complete'
       AND ($1::date IS NULL OR (as_of < $1::date AND as_of + horizon >= $2::date
         AND coalesce(inputs->>'points', 'all') = 'all'))
     ORDER BY coalesce(inputs->>'points', 'all') = 'all' DESC, as_of DESC, created_at DESC LIMIT 1`,
    [covering?.from ?? null, covering?.to ?? null],
  );
  return row?.id;
}

/** A run's status, series count and stored value rows, if it is stored. */
export async function findForecastRunState(
  db: Queryable,
  id: string,
): Promise<{ status: string; series: number; values: number } | undefined> {
  const [row] = await db.query<{ status: string; series: number | null; n_values: number }>(
    `SELECT r.status, (r.diagnostics->>'series')::int AS series,
       (SELECT count(*)::int FROM forecast_values v WHERE v.run_id = r.id) AS n_values
     FROM forecast_runs r WHERE r.id = $1`,
    [id],
  );
  return row ? { status: row.status, series: row.series ?? 0, values: row.n_values } : undefined;
}

/**
 * Replaces a run (a partial one left by a crash included) by a complete one with its values, in the caller's
 * transaction. Values go in with one COPY. For big runs written while the store serves readers, see
 * {@link saveForecastRun}.
 */
export async function replaceForecastRun(
  tx: Queryable,
  run: NewForecastRun,
  values: Iterable<ForecastValueRow & { method: string }>,
): Promise<void> {
  await insertRun(tx, run, 'complete');
  await tx.copyCsv('forecast_values', VALUE_COPY_COLS, valuesCsv(run.id, values).join(''));
}

/** Value rows per COPY statement of {@link saveForecastRun}. */
export const VALUES_PER_COPY = 1000;

/**
 * Saves a run without holding the store for the whole write: the run is written as `writing` (no read sees
 * it: reads go through complete runs only), its values in COPYs of `rowsPerCopy` rows each committed on its
 * own, then one UPDATE flips it to `complete` — the version flip that makes the run visible, all at once.
 * On the embedded store a transaction holds the store (PGlite runs one connection: every other statement
 * waits for its COMMIT), so one transaction around a 100,000-row run held every reader for seconds; here a
 * reader waits at most for one COPY. A write that fails deletes what it wrote; a process that dies mid-write
 * leaves a `writing` run that no read sees and that the next save of the same id replaces.
 *
 * @param opts.rowsPerCopy rows per COPY (default {@link VALUES_PER_COPY})
 * @param opts.afterCopy called after each COPY (tests: a failure mid-write)
 */
export async function saveForecastRun(
  db: Db,
  run: NewForecastRun,
  values: Iterable<ForecastValueRow & { method: string }>,
  opts: { rowsPerCopy?: number; afterCopy?: (n: number) => Promise<void> } = {},
): Promise<void> {
  // The CSV is made before the first statement: no statement waits for it.
  const chunks = valuesCsv(run.id, values, opts.rowsPerCopy ?? VALUES_PER_COPY);
  await db.transaction((tx) => insertRun(tx, run, 'writing'));
  try {
    for (let i = 0; i < chunks.length; i++) {
      await db.copyCsv('forecast_values', VALUE_COPY_COLS, chunks[i]!);
      await opts.afterCopy?.(i + 1);
    }
    const done = await db.query(
      "UPDATE forecast_runs SET status = 'complete' WHERE id = $1 AND status = 'writing' RETURNING id",
      [run.id],
    );
    if (done.length !== 1) throw new Error(`forecast run ${run.id} was replaced while it was written`);
  } catch (err) {
    await db
      .query("DELETE FROM forecast_runs WHERE id = $1 AND status = 'writing'", [run.id])
      .catch(() => {});
    throw err;
  }
}

async function insertRun(tx: Queryable, run: NewForecastRun, status: 'complete' | 'writing') {
  await tx.query('DELETE FROM forecast_runs WHERE id = $1', [run.id]);
  await tx.query(
    `INSERT INTO forecast_runs (id, as_of, horizon, method, quantiles, parameters, inputs, diagnostics, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      run.id,
      run.asOf,
      run.horizon,
      run.method,
      run.quantiles,
      JSON.stringify(run.parameters),
      JSON.stringify(run.inputs),
      JSON.stringify(run.diagnostics),
      status,
    ],
  );
}

const VALUE_COPY_COLS = [
  'run_id',
  'level',
  'point',
  'channel',
  'field',
  'date',
  'mean',
  'quantiles',
  'method',
];

/** The values as COPY CSV, `rowsPerChunk` rows a text. */
function valuesCsv(
  runId: string,
  values: Iterable<ForecastValueRow & { method: string }>,
  rowsPerChunk = Number.POSITIVE_INFINITY,
): string[] {
  const chunks: string[] = [];
  let csv = '';
  let n = 0;
  for (const v of values) {
    csv += `${runId},${v.level},${csvText(v.point)},${csvText(v.channel)},${csvText(v.field)},${v.date},${v.mean},${csvText(JSON.stringify(v.quantiles))},${v.method}\n`;
    if (++n >= rowsPerChunk) {
      chunks.push(csv);
      csv = '';
      n = 0;
    }
  }
  if (csv) chunks.push(csv);
  return chunks;
}

/** Always quoted: in COPY's CSV format an unquoted empty value is NULL, a quoted one is ''. */
function csvText(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

export async function findForecastRunInfo(db: Queryable, id: string): Promise<ForecastRunInfo | undefined> {
  // A run still being written (saveForecastRun) is not there yet for readers.
  const [run] = await db.query<ForecastRunInfo>(
    `SELECT ${RUN_COLS} FROM forecast_runs WHERE id = $1 AND status = 'complete'`,
    [id],
  );
  return run;
}

/** SQL condition of each read level over the stored rows (points' channel rows are stored as level 'point'). */
const LEVEL_SQL: Record<ForecastLevel, string> = {
  city: "level = 'city'",
  city_channel: "level = 'city_channel'",
  city_field: "level = 'city_field'",
  branch: "level = 'branch'",
  point: "level = 'point' AND channel = '' AND field = ''",
  point_channel: "level = 'point' AND channel <> ''",
  series: "level = 'series'",
};

/**
 * A run's values at the given read levels (in {@link FORECAST_LEVELS} order of conditions); at the levels in
 * `pointLevels`, only the rows of `point` when it is given. Rows keep their stored level.
 */
export async function forecastValuesAt(
  db: Queryable,
  runId: string,
  levels: readonly ForecastLevel[],
  opts: { point?: string; pointLevels?: readonly ForecastLevel[] } = {},
): Promise<ForecastValueRow[]> {
  const params: unknown[] = [runId];
  const conditions = FORECAST_LEVELS.filter((l) => levels.includes(l)).map((l) => {
    if (!opts.point || !opts.pointLevels?.includes(l)) return `(${LEVEL_SQL[l]})`;
    params[1] = opts.point;
    return `(${LEVEL_SQL[l]} AND point = $2)`;
  });
  if (conditions.length === 0) return [];
  return db.query<ForecastValueRow>(
    `SELECT ${VALUE_COLS} FROM forecast_values
     WHERE run_id = $1 AND (${conditions.join(' OR ')}) ORDER BY level, point, channel, field, date`,
    params,
  );
}

/** A run's series rows (point × channel × field), all days. */
export async function forecastSeriesValues(db: Queryable, runId: string): Promise<ForecastValueRow[]> {
  return db.query<ForecastValueRow>(
    `SELECT ${VALUE_COLS} FROM forecast_values WHERE run_id = $1 AND level = 'series'`,
    [runId],
  );
}

/** A run's series rows on the given days, ordered by point, date, channel, field. */
export async function forecastSeriesOnDays(
  db: Queryable,
  runId: string,
  days: string[],
): Promise<ForecastValueRow[]> {
  return db.query<ForecastValueRow>(
    `SELECT ${VALUE_COLS} FROM forecast_values
     WHERE run_id = $1 AND level = 'series' AND date = ANY($2::date[]) ORDER BY point, date, channel, field`,
    [runId, days],
  );
}

/**
 * A run's city and point totals beside the volumes received on those days (`actual`: null where the day is
 * not stored).
 */
export async function forecastTotalsWithActuals(
  db: Queryable,
  run: Pick<ForecastRunInfo, 'id' | 'as_of' | 'horizon'>,
): Promise<Array<ForecastValueRow & { actual: number | null }>> {
  return db.query<ForecastValueRow & { actual: number | null }>(
    `WITH actual_point AS (
       SELECT point, date, sum(received)::float8 AS actual FROM volume_rows
       WHERE date > $2::date AND date <= $2::date + $3::int GROUP BY point, date
     ), actual_city AS (SELECT date, sum(actual) AS actual FROM actual_point GROUP BY date)
     SELECT v.level, v.point, v.channel, v.field, v.date::text AS date, v.mean, v.quantiles,
       CASE WHEN v.level = 'city' THEN c.actual ELSE p.actual END AS actual
     FROM forecast_values v
     LEFT JOIN actual_point p ON v.level = 'point' AND p.point = v.point AND p.date = v.date
     LEFT JOIN actual_city c ON v.level = 'city' AND c.date = v.date
     WHERE v.run_id = $1 AND v.level IN ('city', 'point') AND v.channel = '' AND v.field = ''
     ORDER BY v.level, v.point, v.date`,
    [run.id, run.as_of, run.horizon],
  );
}

const dayOf = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export interface BandRow {
  point: string;
  date: string;
  run_id: string;
  run_as_of: string;
  mean: number;
  p10: number | null;
  p90: number | null;
  actual: number;
}

/**
 * Per point and day of `from..to`: the newest complete forecast run made before the day (as of an earlier
 * day) that has the point's total, its mean and p10–p90, and the dossiers received that day (the register's
 * volumes where it covers the day, else daily counts: the `volume_rows` view when it exists).
 */
export async function forecastBandRows(
  db: Queryable,
  from: string,
  to: string,
  point?: string,
): Promise<BandRow[]> {
  const [v] = await db.query<{ ok: boolean }>(`SELECT to_regclass('volume_rows') IS NOT NULL AS ok`);
  const volumes = v?.ok ? 'volume_rows' : 'daily_volumes';
  const params: unknown[] = [from, to];
  const pf = point ? `AND fv.point = $${params.push(point)}` : '';
  const rows = await db.query<Record<string, unknown>>(
    `WITH f AS (
       SELECT DISTINCT ON (fv.point, fv.date) fv.point, fv.date, fv.mean, fv.quantiles, r.id AS run_id, r.as_of
       FROM forecast_values fv JOIN forecast_runs r ON r.id = fv.run_id
       WHERE fv.level = 'point' AND r.status = 'complete' AND r.as_of < fv.date
         AND fv.date BETWEEN $1 AND $2 ${pf}
       ORDER BY fv.point, fv.date, r.as_of DESC, r.created_at DESC
     ), a AS (
       SELECT point, date, sum(received) AS actual FROM ${volumes} WHERE date BETWEEN $1 AND $2 GROUP BY 1, 2
     )
     SELECT f.point, f.date, f.run_id, f.as_of, f.mean, f.quantiles, coalesce(a.actual, 0) AS actual
     FROM f LEFT JOIN a ON a.point = f.point AND a.date = f.date
     ORDER BY f.point, f.date`,
    params,
  );
  return rows.map((r) => {
    const qs = (typeof r.quantiles === 'string' ? JSON.parse(r.quantiles) : r.quantiles) as Record<
      string,
      number
    >;
    const q = (k: string) => (qs && qs[k] !== undefined ? Number(qs[k]) : null);
    return {
      point: String(r.point),
      date: dayOf(r.date),
      run_id: String(r.run_id),
      run_as_of: dayOf(r.as_of),
      mean: Number(r.mean),
      p10: q('0.1'),
      p90: q('0.9'),
      actual: Number(r.actual),
    };
  });
}
