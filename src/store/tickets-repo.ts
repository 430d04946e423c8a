import type { Field } from '../schemas/domain.ts';
import type { Ticket } from '../schemas/register.ts';
import { fieldId, fieldOf } from './codes.ts';
import type { Queryable } from './db.ts';

/** A ticket as the import writes it: local wall-clock timestamps `YYYY-MM-DD HH:MM:SS`. */
export interface TicketRecord {
  point: string;
  number: string;
  counter: string | null;
  field: Field;
  issued_at: string;
  called_at: string | null;
  finished_at: string | null;
  abandoned: boolean;
}

const COLS = [
  'point',
  'issued_on',
  'number',
  'counter',
  'field_id',
  'issued_at',
  'called_at',
  'finished_at',
  'abandoned',
] as const;
const LIST = COLS.join(', ');
const VALUE_COLS = COLS.slice(3);

const q = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);

export function ticketsToCsv(rows: Iterable<TicketRecord>): string {
  let out = '';
  for (const r of rows)
    out += `${q(r.point)},${r.issued_at.slice(0, 10)},${q(r.number)},${q(r.counter)},${fieldId(r.field)},${r.issued_at},${r.called_at ?? ''},${r.finished_at ?? ''},${r.abandoned}\n`;
  return out;
}

/** Upserts tickets by (point, day, number) in the caller's transaction; returns the rows inserted or changed. */
export async function upsertTicketsCsv(tx: Queryable, csv: string): Promise<number> {
  await tx.exec(
    `CREATE TEMP TABLE IF NOT EXISTS tickets_staging AS SELECT ${LIST} FROM tickets WITH NO DATA;
     TRUNCATE tickets_staging`,
  );
  await tx.copyCsv('tickets_staging', [...COLS], csv);
  const rows = await tx.query<{ n: number }>(
    `WITH up AS (
       INSERT INTO tickets (${LIST}) SELECT ${LIST} FROM tickets_staging
       ON CONFLICT (point, issued_on, number) DO UPDATE SET ${VALUE_COLS.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE (${VALUE_COLS.map((c) => `tickets.${c}`).join(', ')}) IS DISTINCT FROM (${VALUE_COLS.map((c) => `excluded.${c}`).join(', ')})
       RETURNING 1
     ) SELECT count(*)::int AS n FROM up`,
  );
  await tx.exec('TRUNCATE tickets_staging');
  return rows[0]?.n ?? 0;
}

export async function countTickets(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
  return row?.n ?? 0;
}

export interface TicketFilter {
  /** First and last day issued (inclusive). */
  from: string;
  to: string;
  point?: string;
  points?: string[];
}

function where(f: TicketFilter, params: unknown[]): string {
  params.push(f.from, f.to);
  const conds = ['issued_on >= $1::date', 'issued_on <= $2::date'];
  if (f.point) {
    params.push(f.point);
    conds.push(`point = $${params.length}`);
  }
  if (f.points?.length) {
    params.push(f.points);
    conds.push(`point = ANY($${params.length}::text[])`);
  }
  return conds.join(' AND ');
}

const ts = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS')`;

/** Tickets of a range in key order (tests and exports). */
export async function listTickets(db: Queryable, f: TicketFilter, limit = 100_000): Promise<Ticket[]> {
  const params: unknown[] = [];
  const w = where(f, params);
  const rows = await db.query<Omit<Ticket, 'field'> & { field_id: number }>(
    `SELECT point, number, counter, field_id, ${ts('issued_at')} AS issued_at, ${ts('called_at')} AS called_at,
       ${ts('finished_at')} AS finished_at, abandoned
     FROM tickets WHERE ${w} ORDER BY point, issued_at, number LIMIT ${Math.floor(limit)}`,
    params,
  );
  return rows.map(({ field_id, ...r }) => ({ ...r, field: fieldOf(field_id) }));
}

/**
 * Tickets issued per point, ISO weekday (1 = Monday) and hour of the day over a range, with the number of
 * distinct days that point has tickets on that weekday: `tickets / days` is the mean arrivals in that hour.
 */
export async function ticketArrivalsByHour(
  db: Queryable,
  f: TicketFilter,
): Promise<Array<{ point: string; weekday: number; hour: number; tickets: number; days: number }>> {
  const params: unknown[] = [];
  const w = where(f, params);
  return db.query(
    `WITH t AS (
       SELECT point, issued_on, extract(isodow FROM issued_on)::int AS weekday, extract(hour FROM issued_at)::int AS hour
       FROM tickets WHERE ${w}
     ), days AS (
       SELECT point, weekday, count(DISTINCT issued_on)::int AS days FROM t GROUP BY point, weekday
     )
     SELECT t.point, t.weekday, t.hour, count(*)::int AS tickets, d.days
     FROM t JOIN days d ON d.point = t.point AND d.weekday = t.weekday
     GROUP BY t.point, t.weekday, t.hour, d.days ORDER BY t.point, t.weekday, t.hour`,
    params,
  );
}

export interface TicketTimes {
  field: Field;
  tickets: number;
  served: number;
  abandoned: number;
  /** Wait from ticket to call, seconds, over tickets that were called. */
  wait_mean_sec: number | null;
  wait_p50_sec: number | null;
  wait_p90_sec: number | null;
  /** Service from call to finish, seconds, over tickets finished. */
  service_mean_sec: number | null;
  service_p50_sec: number | null;
}

/** Waits and service times per field (optionally one point) over a range. */
export async function ticketTimesByField(db: Queryable, f: TicketFilter): Promise<TicketTimes[]> {
  const params: unknown[] = [];
  const w = where(f, params);
  const rows = await db.query<Omit<TicketTimes, 'field'> & { field_id: number }>(
    `WITH t AS (
       SELECT field_id, abandoned, finished_at,
         extract(epoch FROM called_at - issued_at) AS wait, extract(epoch FROM finished_at - called_at) AS service
       FROM tickets WHERE ${w}
     )
     SELECT field_id, count(*)::int AS tickets, count(finished_at)::int AS served,
       count(*) FILTER (WHERE abandoned)::int AS abandoned,
       avg(wait)::float8 AS wait_mean_sec,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY wait)::float8 AS wait_p50_sec,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY wait)::float8 AS wait_p90_sec,
       avg(service)::float8 AS service_mean_sec,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY service)::float8 AS service_p50_sec
     FROM t GROUP BY field_id ORDER BY field_id`,
    params,
  );
  return rows.map(({ field_id, ...r }) => ({ field: fieldOf(field_id), ...r }));
}

/** Deletes every ticket. */
export async function clearTickets(db: Queryable): Promise<void> {
  await db.exec('TRUNCATE tickets');
}
