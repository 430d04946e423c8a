import type { Channel, Field } from '../schemas/domain.ts';
import type { Dossier, DossierStatus, Timeliness } from '../schemas/register.ts';
import { channelId, channelOf, fieldId, fieldOf } from './codes.ts';
import type { BinaryCopy } from './copy-bytes.ts';
import type { Queryable } from './db.ts';
import { refreshRegisterDaily } from './register-daily-repo.ts';

/** A dossier as the import writes it: local days with their optional local times (HH:MM:SS). */
export interface DossierRecord {
  code: string;
  procedure_code: string | null;
  procedure_name: string | null;
  field: Field;
  channel: Channel;
  online_level: 'full' | 'partial' | null;
  receiving_point: string;
  competent_unit: string;
  received_on: string;
  received_time: string | null;
  due_on: string;
  due_time: string | null;
  due_computed: boolean;
  finished_on: string | null;
  finished_time: string | null;
  returned_on: string | null;
  returned_time: string | null;
  digitised: boolean | null;
  electronic_result: boolean | null;
  withdrawn: boolean;
}

const COLS = [
  'code',
  'procedure_code',
  'procedure_name',
  'field_id',
  'channel_id',
  'online_level',
  'receiving_point',
  'competent_unit',
  'received_on',
  'received_time',
  'due_on',
  'due_time',
  'due_computed',
  'finished_on',
  'finished_time',
  'returned_on',
  'returned_time',
  'digitised',
  'electronic_result',
  'withdrawn',
] as const;

/** One dossier as a binary COPY row (copy-bytes.ts), in the staging column order. */
export function encodeDossier(w: BinaryCopy, r: DossierRecord): void {
  w.row(20);
  w.text(r.code);
  w.text(r.procedure_code);
  w.text(r.procedure_name);
  w.int2(fieldId(r.field));
  w.int2(channelId(r.channel));
  w.text(r.online_level);
  w.text(r.receiving_point);
  w.text(r.competent_unit);
  w.date(r.received_on);
  w.time(r.received_time);
  w.date(r.due_on);
  w.time(r.due_time);
  w.bool(r.due_computed);
  w.date(r.finished_on);
  w.time(r.finished_time);
  w.date(r.returned_on);
  w.time(r.returned_time);
  w.bool(r.digitised);
  w.bool(r.electronic_result);
  w.bool(r.withdrawn);
}

/** The column order of `encodeDossier` (for a straight COPY into an empty table: register-bulk-repo.ts). */
export const DOSSIER_STAGING_COLUMNS: readonly string[] = COLS;

const LIST = COLS.join(', ');
const DIFF = `(${COLS.slice(1)
  .map((c) => `dossiers.${c}`)
  .join(', ')}) IS DISTINCT FROM (${COLS.slice(1)
  .map((c) => `excluded.${c}`)
  .join(', ')})`;

/**
 * Upserts dossiers by code through a COPY into a staging table, in the caller's transaction, and notes the days
 * whose daily aggregates change (the received and finished days of every new or changed dossier, before and
 * after the change). Returns how many dossiers were inserted or changed (0 when re-importing the same file).
 * Call `refreshRegisterVolumes` once after the last batch.
 */
export async function upsertDossiers(tx: Queryable, copy: Uint8Array): Promise<number> {
  await tx.exec(
    `CREATE TEMP TABLE IF NOT EXISTS dossiers_staging AS SELECT ${LIST} FROM dossiers WITH NO DATA;
     CREATE TEMP TABLE IF NOT EXISTS register_touched (date date PRIMARY KEY) ON COMMIT DELETE ROWS`,
  );
  await tx.exec('TRUNCATE dossiers_staging');
  await tx.copyCsv('dossiers_staging', [...COLS], copy, 'binary');
  // The days a changed dossier leaves (its stored received and finished days).
  await tx.query(
    `INSERT INTO register_touched (date)
     SELECT DISTINCT d FROM dossiers_staging s JOIN dossiers o ON o.code = s.code,
       unnest(ARRAY[o.received_on, o.finished_on]) AS d
     WHERE d IS NOT NULL AND (${COLS.slice(1)
       .map((c) => `o.${c}`)
       .join(', ')}) IS DISTINCT FROM (${COLS.slice(1)
       .map((c) => `s.${c}`)
       .join(', ')})
     ON CONFLICT DO NOTHING`,
  );
  const rows = await tx.query<{ n: number }>(
    `WITH up AS (
       INSERT INTO dossiers (${LIST}) SELECT ${LIST} FROM dossiers_staging
       ON CONFLICT (code) DO UPDATE SET ${COLS.slice(1)
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}
       WHERE ${DIFF}
       RETURNING received_on, finished_on
     ), days AS (
       INSERT INTO register_touched (date)
       SELECT DISTINCT d FROM up, unnest(ARRAY[up.received_on, up.finished_on]) AS d WHERE d IS NOT NULL
       ON CONFLICT DO NOTHING
     ) SELECT count(*)::int AS n FROM up`,
  );
  await tx.exec('TRUNCATE dossiers_staging');
  return rows[0]?.n ?? 0;
}

/**
 * Recomputes the register's daily volumes of the days `upsertDossiers` touched (whole days, every point:
 * received at the receiving point, processing at the competent unit on the day received, resolved / on time /
 * overdue at the competent unit on the day finished; withdrawn dossiers are never resolved) and the indicators'
 * daily aggregates of those days (register-daily-repo.ts), then the days each
 * point's register covers. Returns the number of days recomputed.
 */
export async function refreshRegisterVolumes(tx: Queryable): Promise<number> {
  await tx.exec(
    'CREATE TEMP TABLE IF NOT EXISTS register_touched (date date PRIMARY KEY) ON COMMIT DELETE ROWS',
  );
  const [touched] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM register_touched');
  if (!touched?.n) return 0;
  await refreshRegisterDaily(tx);
  await tx.exec(
    `DELETE FROM register_volumes WHERE date IN (SELECT date FROM register_touched);
     ${volumesOf((col) => `${col} IN (SELECT date FROM register_touched)`)};
     ${COVERAGE};
     TRUNCATE register_touched`,
  );
  return touched.n;
}

/**
 * The INSERT of register_volumes for the dossiers whose day passes `on(column)` (received at the receiving point,
 * processing at the competent unit on the day received, resolved / on time / overdue at the competent unit on
 * the day finished; withdrawn dossiers are never resolved).
 */
function volumesOf(on: (col: 'received_on' | 'finished_on') => string): string {
  return `INSERT INTO register_volumes (point, date, channel_id, field_id, received, processing, resolved, on_time, overdue)
     SELECT point, date, channel_id, field_id, sum(received)::int, sum(processing)::int, sum(resolved)::int,
       sum(on_time)::int, sum(overdue)::int
     FROM (
       SELECT receiving_point AS point, received_on AS date, channel_id, field_id, count(*) AS received,
         0 AS processing, 0 AS resolved, 0 AS on_time, 0 AS overdue
       FROM dossiers WHERE ${on('received_on')}
       GROUP BY 1, 2, 3, 4
       UNION ALL
       SELECT competent_unit, received_on, channel_id, field_id, 0, count(*), 0, 0, 0
       FROM dossiers WHERE ${on('received_on')}
       GROUP BY 1, 2, 3, 4
       UNION ALL
       SELECT competent_unit, finished_on, channel_id, field_id, 0, 0, count(*),
         count(*) FILTER (WHERE timeliness <> 'overdue'), count(*) FILTER (WHERE timeliness = 'overdue')
       FROM dossiers WHERE ${on('finished_on')} AND NOT withdrawn
       GROUP BY 1, 2, 3, 4
     ) x
     GROUP BY point, date, channel_id, field_id`;
}

/** Receipt days further apart than this end a span of the register's coverage (migration 013). */
export const COVERAGE_GAP_DAYS = 14;

/**
 * The spans of days each point's register covers, from its daily volumes (migration 013): runs of receipt days
 * (received or processing) with gaps of at most COVERAGE_GAP_DAYS; a point's newest span runs on to its last
 * register day, the older ones end on their last receipt.
 */
const COVERAGE = `DELETE FROM register_coverage;
     INSERT INTO register_coverage (point, first_day, last_day)
     WITH days AS (
       SELECT point, date, bool_or(received > 0 OR processing > 0) AS receipt
       FROM register_volumes GROUP BY point, date
     ), receipts AS (
       SELECT point, date, lag(date) OVER (PARTITION BY point ORDER BY date) AS prev FROM days WHERE receipt
     ), numbered AS (
       SELECT point, date,
         count(*) FILTER (WHERE prev IS NULL OR date - prev > ${COVERAGE_GAP_DAYS})
           OVER (PARTITION BY point ORDER BY date) AS span
       FROM receipts
     ), spans AS (
       SELECT point, span, min(date) AS first_day, max(date) AS last_day,
         max(span) OVER (PARTITION BY point) AS newest
       FROM numbered GROUP BY point, span
     )
     SELECT s.point, s.first_day,
       CASE WHEN s.span = s.newest THEN (SELECT max(d.date) FROM days d WHERE d.point = s.point) ELSE s.last_day END
     FROM spans s`;

/** Recomputes the coverage's spans from register_volumes, in the caller's transaction (migration 013). */
export async function refreshRegisterCoverage(tx: Queryable): Promise<void> {
  await tx.exec(COVERAGE);
}

/**
 * The register's daily volumes of every day and its coverage, in the caller's transaction, into empty
 * register_volumes (a first load: no days noted, no day filter). Returns the days the register covers (summed
 * over the distinct days of the spans).
 */
export async function buildRegisterVolumes(tx: Queryable): Promise<number> {
  await tx.exec(`TRUNCATE register_volumes;
     ${volumesOf((col) => `${col} IS NOT NULL`)};
     ${COVERAGE}`);
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(DISTINCT d)::int AS n FROM register_coverage c,
       generate_series(c.first_day, c.last_day, interval '1 day') AS d`,
  );
  return row?.n ?? 0;
}

/**
 * Recomputes the register's daily volumes of every day (after a bulk load that bypassed `upsertDossiers`,
 * e.g. the generated sample), in the caller's transaction. Returns the number of days recomputed.
 */
export async function rebuildRegisterVolumes(tx: Queryable): Promise<number> {
  await tx.exec(
    `CREATE TEMP TABLE IF NOT EXISTS register_touched (date date PRIMARY KEY) ON COMMIT DELETE ROWS;
     TRUNCATE register_volumes;
     INSERT INTO register_touched (date)
       SELECT received_on FROM dossiers UNION SELECT finished_on FROM dossiers WHERE finished_on IS NOT NULL
     ON CONFLICT DO NOTHING`,
  );
  return refreshRegisterVolumes(tx);
}

export async function countDossiers(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dossiers');
  return row?.n ?? 0;
}

/** Codes of these dossiers already stored (to tell an insert from an update in a report). */
export async function storedDossierCodes(db: Queryable, codes: string[]): Promise<Set<string>> {
  const rows = await db.query<{ code: string }>('SELECT code FROM dossiers WHERE code = ANY($1::text[])', [
    codes,
  ]);
  return new Set(rows.map((r) => r.code));
}

interface DossierDbRow {
  code: string;
  procedure_code: string | null;
  procedure_name: string | null;
  field_id: number;
  channel_id: number;
  online_level: 'full' | 'partial' | null;
  receiving_point: string;
  competent_unit: string;
  received_on: string;
  received_time: string | null;
  due_on: string;
  due_time: string | null;
  due_computed: boolean;
  finished_on: string | null;
  finished_time: string | null;
  returned_on: string | null;
  returned_time: string | null;
  digitised: boolean | null;
  electronic_result: boolean | null;
  withdrawn: boolean;
  status: DossierStatus;
  timeliness: Timeliness | null;
}

/** `2025-07-01` or `2025-07-01T08:30` (seconds only when not zero). */
function dayTime(day: string, time: string | null): string {
  if (time === null) return day;
  const t = time.endsWith(':00') ? time.slice(0, 5) : time.slice(0, 8);
  return `${day}T${t}`;
}

function toDossier(r: DossierDbRow): Dossier {
  return {
    code: r.code,
    procedure_code: r.procedure_code,
    procedure_name: r.procedure_name,
    field: fieldOf(r.field_id),
    channel: channelOf(r.channel_id),
    online_level: r.online_level,
    receiving_point: r.receiving_point,
    competent_unit: r.competent_unit,
    received_at: dayTime(r.received_on, r.received_time),
    due_at: dayTime(r.due_on, r.due_time),
    due_computed: r.due_computed,
    finished_at: r.finished_on === null ? null : dayTime(r.finished_on, r.finished_time),
    returned_at: r.returned_on === null ? null : dayTime(r.returned_on, r.returned_time),
    digitised: r.digitised,
    electronic_result: r.electronic_result,
    withdrawn: r.withdrawn,
    status: r.status,
    timeliness: r.timeliness,
  };
}

const SELECT = `SELECT ${LIST}, status, timeliness FROM dossiers`;

export async function getDossier(db: Queryable, code: string): Promise<Dossier | undefined> {
  const [row] = await db.query<DossierDbRow>(`${SELECT} WHERE code = $1`, [code]);
  return row ? toDossier(row) : undefined;
}

export interface DossierFilter {
  /** Receiving point. */
  point?: string;
  competent_unit?: string;
  field?: Field;
  status?: DossierStatus;
  /** First and last day received. */
  from?: string;
  to?: string;
}

function filterSql(f: DossierFilter, params: unknown[]): string[] {
  const conds: string[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    conds.push(sql.replace('?', `$${params.length}`));
  };
  if (f.point) add('receiving_point = ?', f.point);
  if (f.competent_unit) add('competent_unit = ?', f.competent_unit);
  if (f.field) add('field_id = ?', fieldId(f.field));
  if (f.status) add('status = ?', f.status);
  if (f.from) add('received_on >= ?::date', f.from);
  if (f.to) add('received_on <= ?::date', f.to);
  return conds;
}

/**
 * One page of dossiers, newest received first (then code descending); `before` is the code of the last
 * dossier of the previous page (keyset paging: stable while new dossiers arrive).
 */
export async function listDossiers(
  db: Queryable,
  f: DossierFilter & { before?: string },
  limit: number,
): Promise<Dossier[]> {
  const params: unknown[] = [];
  const conds = filterSql(f, params);
  if (f.before) {
    params.push(f.before);
    conds.push(
      `(received_on, code) < (SELECT received_on, code FROM dossiers WHERE code = $${params.length})`,
    );
  }
  params.push(limit);
  const rows = await db.query<DossierDbRow>(
    `${SELECT} ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
     ORDER BY received_on DESC, code DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toDossier);
}

/** Dossiers received in a range, oldest first, read in pages so an export never holds the table in memory. */
export async function* iterateDossiers(
  db: Queryable,
  f: DossierFilter = {},
  pageSize = 20_000,
): AsyncGenerator<Dossier> {
  let after: [string, string] | undefined;
  for (;;) {
    const params: unknown[] = [];
    const conds = filterSql(f, params);
    if (after) {
      params.push(...after);
      conds.push(`(received_on, code) > ($${params.length - 1}::date, $${params.length})`);
    }
    const rows = await db.query<DossierDbRow>(
      `${SELECT} ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
       ORDER BY received_on, code LIMIT ${pageSize}`,
      params,
    );
    for (const r of rows) yield toDossier(r);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = [last.received_on, last.code];
  }
}

/** Deletes the register and its daily volumes (the sample reload). */
export async function clearDossiers(db: Queryable): Promise<void> {
  await db.exec('TRUNCATE dossiers, register_volumes, register_coverage');
}

/** The register's daily rows of a range (received at the receiving point, processing and resolved at the competent unit). */
export async function registerVolumeRows(
  db: Queryable,
  from: string,
  to: string,
): Promise<
  Array<{
    point: string;
    date: string;
    channel: Channel;
    field: Field;
    received: number;
    processing: number;
    resolved: number;
    on_time: number;
    overdue: number;
  }>
> {
  const rows = await db.query<{
    point: string;
    date: string;
    channel_id: number;
    field_id: number;
    received: number;
    processing: number;
    resolved: number;
    on_time: number;
    overdue: number;
  }>(
    `SELECT point, date, channel_id, field_id, received, processing, resolved, on_time, overdue FROM register_volumes
     WHERE date BETWEEN $1::date AND $2::date ORDER BY date, point, channel_id, field_id`,
    [from, to],
  );
  return rows.map(({ channel_id, field_id, ...r }) => ({
    ...r,
    channel: channelOf(channel_id),
    field: fieldOf(field_id),
  }));
}

/** The spans of days each point's register covers (migration 013), by point and first day. */
export async function registerCoverage(
  db: Queryable,
): Promise<Array<{ point: string; first_day: string; last_day: string }>> {
  return db.query('SELECT point, first_day, last_day FROM register_coverage ORDER BY point, first_day');
}
