import type { OverdueRisk, RiskDossier } from '../core/supervise/overdue-risk.ts';
import { fieldId, fieldOf } from './codes.ts';
import { type Db, type Queryable, rowsAsJson } from './db.ts';

/** Register rows as the overdue-risk estimator reads them (usecases/alerts.ts). */
export interface RiskSourceRow extends RiskDossier {
  receiving_point: string;
  procedure_code: string | null;
  procedure_name: string | null;
  field_id: number;
}

const ts = (day: unknown, time: unknown): string => {
  const d = day instanceof Date ? day.toISOString().slice(0, 10) : String(day).slice(0, 10);
  return time ? `${d} ${String(time).slice(0, 5)}` : d;
};
const iso = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/**
 * Dossiers received from `since` on (the history the estimator learns from) plus every dossier still without
 * a result, whenever received; withdrawn ones are left out.
 */
export async function riskSource(db: Queryable, since: string): Promise<RiskSourceRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT code, procedure_code, procedure_name, field_id, receiving_point, competent_unit,
       received_on, received_time, due_on, finished_on, finished_time
     FROM dossiers
     WHERE NOT withdrawn AND (received_on >= $1 OR finished_on IS NULL)`,
    [since],
  );
  return rows.map(toRiskRow);
}

function toRiskRow(r: Record<string, unknown>): RiskSourceRow {
  {
    const field = fieldOf(Number(r.field_id));
    const code = r.procedure_code === null ? null : String(r.procedure_code);
    const name = r.procedure_name === null ? null : String(r.procedure_name);
    return {
      code: String(r.code),
      procedure: code ?? `${field}:${name ?? ''}`,
      procedure_code: code,
      procedure_name: name,
      field,
      field_id: Number(r.field_id),
      receiving_point: String(r.receiving_point),
      competent_unit: String(r.competent_unit),
      received_at: ts(r.received_on, r.received_time),
      due_at: iso(r.due_on),
      finished_at: r.finished_on === null ? null : ts(r.finished_on, r.finished_time),
      same_day: false,
    };
  }
}

/** A scan of the register for the estimator: its history as it stood at `cutoff`, on the working clock. */
export interface RiskScan {
  /** history from this day (every dossier still without a result is read, whenever received) */
  since: string;
  /** local `YYYY-MM-DD HH:MM`: results after it are not known yet (core `censoring`) */
  cutoff: string;
  /** where a dossier without a known result is censored: working days and working hours on the clock */
  days: number;
  hours: number;
  /** the working clock as a table (core `WorkClock.table`) */
  clock: { base: string; cum: ArrayLike<number> };
  /** procedure codes decided the same day (measured in working hours) */
  sameDay: readonly string[];
}

/** Minutes of the day of a `time` column as the estimator reads it (`HH:MM`, seconds dropped). */
const minutesOf = (col: string) => `(date_part('hour', ${col}) * 60 + date_part('minute', ${col}))`;

/**
 * The source rows (as riskSource reads them) with, per row, whether it counts at the cutoff (received by then)
 * whether its result is known by then, and whether its procedure is decided the same day. Parameters $1
 * since, $2 cutoff day, $3 cutoff minutes of the day, $4 same-day procedure codes.
 */
const SCAN = `
  FROM dossiers d
  CROSS JOIN LATERAL (SELECT
    (d.received_on < $2::date OR (d.received_on = $2::date
      AND (d.received_time IS NULL OR ${minutesOf('d.received_time')} <= $3::float8))) AS counted,
    (d.finished_on IS NOT NULL AND (d.finished_on < $2::date OR (d.finished_on = $2::date
      AND (d.finished_time IS NULL OR ${minutesOf('d.finished_time')} <= $3::float8)))) AS known,
    coalesce(d.procedure_code = ANY($4::text[]), false) AS same_day) c
  WHERE NOT d.withdrawn AND (d.received_on >= $1::date OR d.finished_on IS NULL)`;

function scanParams(q: RiskScan): unknown[] {
  const [day, time = '23:59'] = q.cutoff.split(' ') as [string, string?];
  return [q.since, day, Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))];
}

/**
 * Working hours up to a local day and time, as core `WorkClock.h` counts them, in SQL: `w` working days up to
 * the day (index `i` into the clock table `$6`), 8 a day, 08:00–12:00 and 13:00–17:00; a day off counts as the
 * end of the working day before. Same float operations in the same order (IEEE doubles on both sides).
 */
function hoursSql(i: string, w: string, time: string): string {
  const hh = `(CASE WHEN ${time} IS NULL THEN 8::float8 ELSE date_part('hour', ${time}) + date_part('minute', ${time}) / 60 END)`;
  return `(CASE WHEN ${w} - ($6::int[])[${i} - 1] = 0 THEN (${w} * 8)::float8
    ELSE ((${w} - 1) * 8)::float8 + (SELECT CASE WHEN x <= 8 THEN 0 WHEN x <= 12 THEN x - 8 WHEN x <= 13 THEN 4
      WHEN x <= 17 THEN x - 9 ELSE 8 END FROM (SELECT ${hh} AS x) hh) END)`;
}

export interface RiskHistogramRows {
  /** source rows read (received after the cutoff too), as riskSource would return */
  history: number;
  /** per stratum of the finest key and time: [same day, procedure code, procedure name (no code), field id, competent unit, time, events, censored] */
  rows: Array<[boolean, string | null, string | null, number, string, number, number, number]>;
}

/**
 * The time to result of the register's history counted in the store (one row per finest stratum and time
 * instead of one per dossier; core `RiskHistogram`): for a dossier received by the cutoff, the working days
 * (working hours for same-day procedures) from receipt to its result if known by the cutoff (an event), else to
 * the cutoff (censored); `W` read from the clock table, as core `RiskModel.fit` counts them. Read as one JSON
 * text; floats cross exactly (shortest round-trip output).
 */
export async function riskHistogram(db: Queryable, q: RiskScan): Promise<RiskHistogramRows> {
  const ri = `(d.received_on - $5::date + 1)`;
  const fi = `(d.finished_on - $5::date + 1)`;
  const wr = `($6::int[])[${ri}]`;
  const wf = `($6::int[])[${fi}]`;
  const sql = `
    SELECT json_agg(json_build_array(same_day, procedure_code, pname, field_id, competent_unit, t, ev, ce)) FILTER (WHERE t IS NOT NULL)::text AS j,
      coalesce(sum(n), 0)::bigint AS history
    FROM (
      SELECT c.same_day, d.procedure_code, CASE WHEN d.procedure_code IS NULL THEN d.procedure_name END AS pname,
        d.field_id, d.competent_unit,
        CASE WHEN NOT c.counted THEN NULL
          WHEN c.same_day THEN greatest(0::float8,
            (CASE WHEN c.known THEN ${hoursSql(fi, wf, 'd.finished_time')} ELSE $8::float8 END)
            - ${hoursSql(ri, wr, 'd.received_time')})
          ELSE greatest(0, (CASE WHEN c.known THEN ${wf} ELSE $7::int END) - ${wr})::float8 END AS t,
        count(*) FILTER (WHERE c.counted AND c.known)::int AS ev,
        count(*) FILTER (WHERE c.counted AND NOT c.known)::int AS ce,
        count(*) AS n
      ${SCAN}
      GROUP BY 1, 2, 3, 4, 5, 6
    ) g`;
  const [row] = await db.query<{ j: string | null; history: number | string }>(sql, [
    ...scanParams(q),
    [...q.sameDay],
    q.clock.base,
    Array.from(q.clock.cum),
    q.days,
    q.hours,
  ]);
  return {
    history: Number(row?.history ?? 0),
    rows: row?.j ? (JSON.parse(row.j) as RiskHistogramRows['rows']) : [],
  };
}

/**
 * Settings of a transaction that reads the risk scans: the histogram's hash aggregate (~240,000 keys on
 * 1,000,000 dossiers) in memory; with the default 4 MB the planner sorts the whole register through an index
 * instead (measured 20 s against ~3).
 */
export async function prepareRiskScan(tx: Queryable): Promise<void> {
  await tx.exec("SET LOCAL work_mem = '64MB'");
}

/** The source rows pending at the cutoff (received by then, no result known by then), in the store's order. */
export async function riskPending(db: Queryable, q: RiskScan): Promise<RiskSourceRow[]> {
  const rows = await rowsAsJson(
    db,
    `SELECT d.code, d.procedure_code, d.procedure_name, d.field_id, d.receiving_point, d.competent_unit,
       d.received_on, d.received_time, d.due_on, d.finished_on, d.finished_time, c.same_day
     ${SCAN} AND c.counted AND NOT c.known`,
    [...scanParams(q), [...q.sameDay]],
  );
  return rows.map((r) => {
    const row = toRiskRow(r);
    row.same_day = r.same_day === true;
    return row;
  });
}

/** The first day the estimator's source rows reach back to: `since`, or the receipt of an older pending one. */
export async function riskSourceStart(db: Queryable, since: string): Promise<string> {
  const [row] = await db.query<{ first: string }>(
    `SELECT least($1::date, (SELECT min(received_on) FROM dossiers
       WHERE received_on < $1::date AND finished_on IS NULL AND NOT withdrawn))::text AS first`,
    [since],
  );
  return row?.first ?? since;
}

const COLUMNS = [
  'code',
  'as_of',
  'receiving_point',
  'competent_unit',
  'field_id',
  'procedure_code',
  'procedure_name',
  'received_on',
  'due_on',
  'unit',
  'left_units',
  'left_hours',
  'elapsed',
  'probability',
  'stratum',
  'at_risk',
];

/** Replaces the stored risks by `risks` (one transaction: readers see the old list or the new one). */
export async function replaceOverdueRisks(
  db: Db,
  asOf: string,
  risks: ReadonlyArray<{ risk: OverdueRisk; dossier: RiskSourceRow }>,
  refresh: { id: string; history: number; seconds: number; calibration: unknown },
): Promise<void> {
  // COPY takes raw CSV values: quote every text, never neutralise (these are data, not a spreadsheet).
  const q = (v: unknown) => (v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);
  const lines = risks.map(({ risk: r, dossier: d }) =>
    [
      q(d.code),
      q(asOf),
      q(d.receiving_point),
      q(d.competent_unit),
      d.field_id,
      q(d.procedure_code),
      q(d.procedure_name),
      d.received_at.slice(0, 10),
      d.due_at,
      r.unit,
      r.left,
      r.unit === 'days' ? r.left * 8 : r.left,
      r.elapsed,
      r.probability,
      r.stratum,
      r.at_risk,
    ].join(','),
  );
  await db.transaction(async (tx) => {
    await tx.exec('DELETE FROM overdue_risks');
    if (lines.length) await tx.copyCsv('overdue_risks', COLUMNS, `${lines.join('\n')}\n`);
    await tx.query(
      `INSERT INTO overdue_risk_refreshes (id, as_of, pending, history, seconds, calibration)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET as_of = EXCLUDED.as_of, pending = EXCLUDED.pending,
         history = EXCLUDED.history, seconds = EXCLUDED.seconds, calibration = EXCLUDED.calibration,
         created_at = now()`,
      [
        refresh.id,
        asOf,
        lines.length,
        refresh.history,
        refresh.seconds,
        JSON.stringify(refresh.calibration ?? null),
      ],
    );
  });
}

export interface StoredRisk {
  code: string;
  receiving_point: string;
  competent_unit: string;
  field: string;
  procedure_code: string | null;
  procedure_name: string | null;
  received_on: string;
  due_on: string;
  unit: 'days' | 'hours';
  left: number;
  probability: number;
  stratum: string;
  at_risk: number;
}

export interface RiskFilter {
  point?: string;
  field?: string;
  minProbability?: number;
  limit?: number;
}

function where(f: RiskFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  if (f.point) {
    params.push(f.point);
    parts.push(`(competent_unit = $${params.length} OR receiving_point = $${params.length})`);
  }
  if (f.field) {
    params.push(fieldId(f.field as Parameters<typeof fieldId>[0]));
    parts.push(`field_id = $${params.length}`);
  }
  if (f.minProbability !== undefined) {
    params.push(f.minProbability);
    parts.push(`probability >= $${params.length}`);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Stored risks, nearest to the deadline first, then the most probable miss. */
export async function listOverdueRisks(
  db: Queryable,
  f: RiskFilter,
): Promise<{ total: number; items: StoredRisk[] }> {
  const w = where(f);
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM overdue_risks ${w.sql}`,
    w.params,
  );
  const rows = await db.query<Record<string, unknown>>(
    `SELECT code, receiving_point, competent_unit, field_id, procedure_code, procedure_name, received_on, due_on,
       unit, left_units, probability, stratum, at_risk
     FROM overdue_risks ${w.sql}
     ORDER BY left_hours, probability DESC, code
     LIMIT ${Math.max(1, Math.min(100_000, f.limit ?? 500))}`,
    w.params,
  );
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      code: String(r.code),
      receiving_point: String(r.receiving_point),
      competent_unit: String(r.competent_unit),
      field: fieldOf(Number(r.field_id)),
      procedure_code: r.procedure_code === null ? null : String(r.procedure_code),
      procedure_name: r.procedure_name === null ? null : String(r.procedure_name),
      received_on: iso(r.received_on),
      due_on: iso(r.due_on),
      unit: String(r.unit) as 'days' | 'hours',
      left: Number(r.left_units),
      probability: Number(r.probability),
      stratum: String(r.stratum),
      at_risk: Number(r.at_risk),
    })),
  };
}

/** Per competent unit: pending dossiers, those likely to miss (≥ threshold) and those already past due. */
export async function overdueRiskCounts(
  db: Queryable,
  threshold = 0.5,
): Promise<Array<{ point: string; pending: number; at_risk: number; past_due: number }>> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT competent_unit AS point, count(*)::int AS pending,
       count(*) FILTER (WHERE probability >= $1 AND left_hours > 0)::int AS at_risk,
       count(*) FILTER (WHERE left_hours <= 0)::int AS past_due
     FROM overdue_risks GROUP BY competent_unit ORDER BY competent_unit`,
    [threshold],
  );
  return rows.map((r) => ({
    point: String(r.point),
    pending: Number(r.pending),
    at_risk: Number(r.at_risk),
    past_due: Number(r.past_due),
  }));
}

export async function latestRiskRefresh(db: Queryable): Promise<
  | {
      id: string;
      as_of: string;
      created_at: string;
      pending: number;
      history: number;
      seconds: number;
      calibration: unknown;
    }
  | undefined
> {
  const [r] = await db.query<Record<string, unknown>>(
    'SELECT id, as_of, created_at, pending, history, seconds, calibration FROM overdue_risk_refreshes ORDER BY created_at DESC LIMIT 1',
  );
  if (!r) return undefined;
  return {
    id: String(r.id),
    as_of: String(r.as_of),
    created_at: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
    pending: Number(r.pending),
    history: Number(r.history),
    seconds: Number(r.seconds),
    calibration: r.calibration ?? null,
  };
}
