import { type OverdueRisk, type RiskDossier, WorkClock } from '../core/supervise/overdue-risk.ts';
import { fieldId, fieldOf } from './codes.ts';
import type { Db, Queryable } from './db.ts';

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

/** Query parameters numbered as they are added (`$1`, `$2`, …): a query passes only those it uses. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * Scans read together share their history window, clock and same-day codes (one pass over the register serves
 * every cutoff: the live fit and the backtest's fit as of 30 days before).
 */
function sameSource(scans: readonly RiskScan[]): RiskScan {
  const [q, ...rest] = scans;
  if (!q) throw new Error('risk scan: at least one cutoff');
  const same = (a: ArrayLike<unknown>, b: ArrayLike<unknown>) =>
    a === b || (a.length === b.length && Array.prototype.every.call(a, (x, i) => x === b[i]));
  for (const r of rest)
    if (
      r.since !== q.since ||
      r.clock.base !== q.clock.base ||
      !same(r.clock.cum, q.clock.cum) ||
      !same(r.sameDay, q.sameDay)
    )
      throw new Error('risk scans read together must share since, clock and same-day codes');
  return q;
}

/**
 * The source rows (as riskSource reads them) with, per row and per cutoff `i` of `scans`, whether it counts at
 * that cutoff (`counted<i>`: received by then) and whether its result is known by then (`known<i>`), and whether
 * its procedure is decided the same day.
 */
function scanSql(scans: readonly RiskScan[], p: Params): string {
  const q = sameSource(scans);
  const since = p.add(q.since);
  const sameDay = p.add([...q.sameDay]);
  const flags = scans.map((s, i) => {
    const [day, time = '23:59'] = s.cutoff.split(' ') as [string, string?];
    const dd = p.add(day);
    const mm = p.add(Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)));
    return `(d.received_on < ${dd}::date OR (d.received_on = ${dd}::date
      AND (d.received_time IS NULL OR ${minutesOf('d.received_time')} <= ${mm}::float8))) AS counted${i},
    (d.finished_on IS NOT NULL AND (d.finished_on < ${dd}::date OR (d.finished_on = ${dd}::date
      AND (d.finished_time IS NULL OR ${minutesOf('d.finished_time')} <= ${mm}::float8)))) AS known${i}`;
  });
  return `
  FROM dossiers d
  CROSS JOIN LATERAL (SELECT ${flags.join(',\n    ')},
    coalesce(d.procedure_code = ANY(${sameDay}::text[]), false) AS same_day) c
  WHERE NOT d.withdrawn AND (d.received_on >= ${since}::date OR d.finished_on IS NULL)`;
}

/**
 * Working hours up to a local day and time, as core `WorkClock.h` counts them, in SQL: `w` working days up to
 * the day (index `i` into the clock table `cum`), 8 a day; on a working day plus the hours within it up to the
 * time's minute (`within`: core `WorkClock.withinByMinute`, the same doubles; no time reads as 08:00); a day off
 * counts as the end of the working day before. Same float operations in the same order (IEEE doubles on both
 * sides). A table lookup, not a subquery: this runs for every same-day dossier of the register.
 */
function hoursSql(cum: string, within: string, i: string, w: string, time: string): string {
  return `(CASE WHEN ${w} - (${cum}::int[])[${i} - 1] = 0 THEN (${w} * 8)::float8
    ELSE ((${w} - 1) * 8)::float8 + (${within}::float8[])[coalesce(floor(date_part('epoch', ${time}) / 60)::int, 480) + 1] END)`;
}

/** The counts of one finest stratum key (procedure, competent unit) of a cutoff's history, per time. */
export interface RiskKeyCounts {
  same_day: boolean;
  procedure_code: string | null;
  /** the procedure's name when it has no code (then name and field make the key) */
  procedure_name: string | null;
  field_id: number;
  competent_unit: string;
  /** distinct times, in no order; `events[k]` results and `censored[k]` pending dossiers at `times[k]` */
  times: number[];
  events: number[];
  censored: number[];
}

/**
 * The time to result of the register's history counted in the store (one row per finest stratum and time
 * instead of one per dossier; core `RiskHistogram`), for several cutoffs in one pass over the register (the
 * live fit and the backtest's fit as of 30 days before): per cutoff, a dossier received by it is an event at the
 * working days (working hours for same-day procedures) from receipt to its result if that was known by the
 * cutoff, else censored at the time it had spent by the cutoff; `W` read from the clock table, as core
 * `RiskModel.fit` counts them. The rows are grouped by the finest key and every cutoff's time, so a dossier whose
 * result was known at every cutoff lands in one group; a cutoff's counts of a time may be spread over several
 * groups (one per time at the other cutoffs): the same sums, the same curves. Read as one JSON text; floats
 * cross exactly (shortest round-trip output). `rows[i]` holds cutoff `i`'s.
 */
export async function riskHistograms(
  db: Queryable,
  scans: readonly RiskScan[],
): Promise<{ history: number; keys: RiskKeyCounts[][] }> {
  const p = new Params();
  const from = scanSql(scans, p);
  const q = sameSource(scans);
  const base = p.add(q.clock.base);
  const cum = p.add(Array.from(q.clock.cum));
  const within = p.add(Array.from(WorkClock.withinByMinute()));
  const ri = `(d.received_on - ${base}::date + 1)`;
  const fi = `(d.finished_on - ${base}::date + 1)`;
  const wr = `(${cum}::int[])[${ri}]`;
  const wf = `(${cum}::int[])[${fi}]`;
  const times = scans.map((s, i) => {
    const days = p.add(s.days);
    const hours = p.add(s.hours);
    return `CASE WHEN NOT c.counted${i} THEN NULL
          WHEN c.same_day THEN greatest(0::float8,
            (CASE WHEN c.known${i} THEN ${hoursSql(cum, within, fi, wf, 'd.finished_time')} ELSE ${hours}::float8 END)
            - ${hoursSql(cum, within, ri, wr, 'd.received_time')})
          ELSE greatest(0, (CASE WHEN c.known${i} THEN ${wf} ELSE ${days}::int END) - ${wr})::float8 END AS t${i},
        count(*) FILTER (WHERE c.counted${i} AND c.known${i})::int AS ev${i},
        count(*) FILTER (WHERE c.counted${i} AND NOT c.known${i})::int AS ce${i}`;
  });
  // Whether a procedure is decided the same day follows from its code: read here, not grouped by. Per finest key,
  // each column's values as one array text (JSON built value by value costs PGlite ~1.5 s for ~300,000 rows).
  const arrays = scans.flatMap((_, i) => [
    `array_agg(t${i})::text`,
    `array_agg(ev${i})::text`,
    `array_agg(ce${i})::text`,
  ]);
  const sql = `
    SELECT json_agg(json_build_array(code, pname, fid, unit, ${arrays.map((_, k) => `a${k}`).join(', ')}))::text AS j,
      coalesce(sum(n), 0)::bigint AS history
    FROM (
      SELECT code, pname, fid, unit, ${arrays.map((a, k) => `${a} AS a${k}`).join(', ')}, sum(n) AS n
      FROM (
        SELECT d.procedure_code AS code, CASE WHEN d.procedure_code IS NULL THEN d.procedure_name END AS pname,
          d.field_id AS fid, d.competent_unit AS unit,
          ${times.join(',\n          ')},
          count(*) AS n
        ${from}
        GROUP BY 1, 2, 3, 4, ${scans.map((_, i) => 5 + 3 * i).join(', ')}
      ) g
      GROUP BY 1, 2, 3, 4
    ) k`;
  const [row] = await db.query<{ j: string | null; history: number | string }>(sql, p.values);
  type Keyed = [string | null, string | null, number, string, ...string[]];
  const keyed = row?.j ? (JSON.parse(row.j) as Keyed[]) : [];
  // `{1,2.5,NULL}`: float8 and int output, shortest round trip (Number reads the same double back).
  const numbers = (text: string) => text.slice(1, -1).split(',');
  const sameDay = new Set(q.sameDay);
  const out: RiskKeyCounts[][] = scans.map(() => []);
  for (const [code, pname, fid, unit, ...cols] of keyed) {
    const same_day = code !== null && sameDay.has(code);
    for (let i = 0; i < scans.length; i++) {
      const ts = numbers(cols[3 * i]!);
      const evs = numbers(cols[3 * i + 1]!);
      const ces = numbers(cols[3 * i + 2]!);
      const c: RiskKeyCounts = {
        same_day,
        procedure_code: code,
        procedure_name: pname,
        field_id: fid,
        competent_unit: unit,
        times: [],
        events: [],
        censored: [],
      };
      for (let k = 0; k < ts.length; k++)
        if (ts[k] !== 'NULL') {
          c.times.push(Number(ts[k]));
          c.events.push(Number(evs[k]));
          c.censored.push(Number(ces[k]));
        }
      if (c.times.length) out[i]!.push(c);
    }
  }
  return { history: Number(row?.history ?? 0), keys: out };
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
  return (await riskPendingAt(db, [q]))[0]!;
}

/**
 * The source rows pending at each cutoff of `scans` (`riskPending` of each) read in one pass: `[i]` holds those
 * of cutoff `i`, in the store's order (a dossier pending at two cutoffs is the same object in both lists).
 */
export async function riskPendingAt(db: Queryable, scans: readonly RiskScan[]): Promise<RiskSourceRow[][]> {
  const p = new Params();
  const from = scanSql(scans, p);
  const flags = scans.map((_, i) => `(c.counted${i} AND NOT c.known${i})`);
  // Positional arrays, not records: half the JSON text (~0.3 CPU-s less on ~110,000 rows in PGlite).
  const names = [
    'code',
    'procedure_code',
    'procedure_name',
    'field_id',
    'receiving_point',
    'competent_unit',
    'received_on',
    'received_time',
    'due_on',
    'finished_on',
    'finished_time',
  ];
  const [res] = await db.query<{ j: string | null }>(
    `SELECT json_agg(json_build_array(${names.map((n) => `d.${n}`).join(', ')}, c.same_day, ${flags.join(', ')}))::text AS j
     ${from} AND (${flags.join(' OR ')})`,
    p.values,
  );
  const rows = res?.j ? (JSON.parse(res.j) as unknown[][]) : [];
  const out: RiskSourceRow[][] = scans.map(() => []);
  for (const a of rows) {
    const r: Record<string, unknown> = {};
    for (let k = 0; k < names.length; k++) r[names[k]!] = a[k];
    const row = toRiskRow(r);
    row.same_day = a[names.length] === true;
    for (let i = 0; i < scans.length; i++) if (a[names.length + 1 + i] === true) out[i]!.push(row);
  }
  return out;
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
  const q = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const t = String(v);
    return t.includes('"') ? `"${t.replace(/"/g, '""')}"` : `"${t}"`;
  };
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
  // The embedded store has no autovacuum: without this every refresh would leave the last list's rows dead
  // in the table and its indexes (~57,000 a night on the sample), growing them for ever; and the list would
  // never have the planner's statistics (maintenance.ts refreshStatistics says why they matter).
  if (db.kind === 'pglite') await db.exec('VACUUM ANALYZE overdue_risks');
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
