import type { Field } from '../schemas/domain.ts';
import { channelId, fieldOf } from './codes.ts';
import type { Queryable } from './db.ts';

/**
 * The register's daily aggregates for the supervision indicators (migration 014): register_daily (receipts by
 * channel and results per point and day), register_past_due (the days each late dossier stays pending past
 * due) and register_result_days (a histogram of days to result per unit, day finished and procedure).
 * The indicators (indicators-repo.ts) read only these, never the dossiers.
 */

const IN_PERSON = channelId('in_person');
const ONLINE = channelId('online');
const POSTAL = channelId('postal');

/**
 * The temp tables of days to recompute: the import's, or this file's own (days beyond the import's); or `every`
 * day, into empty aggregate tables (a first load: one pass per aggregate over the dossiers, no day filter).
 */
type DayTable = 'register_touched' | 'register_daily_days' | 'every';

/**
 * Recomputes the aggregates of the days noted in `register_touched` (by `upsertDossiers`, the bulk loads),
 * in the caller's transaction, before that table is emptied. Whole days: receipts of the dossiers received on
 * them, results of those finished on them, past-due intervals of those received on them (an import notes the
 * received day of every changed dossier, before and after the change, so an interval is never left stale).
 */
export async function refreshRegisterDaily(
  tx: Queryable,
  days: DayTable = 'register_touched',
): Promise<void> {
  const every = days === 'every';
  /** The rows of the days to recompute (`col` their day), and the aggregates' old rows of those days. */
  const on = (col: string) => (every ? `${col} IS NOT NULL` : `${col} IN (SELECT date FROM ${days})`);
  const clear = (table: string, col: string) =>
    every ? `TRUNCATE ${table}` : `DELETE FROM ${table} WHERE ${col} IN (SELECT date FROM ${days})`;
  await tx.exec(
    `${every ? '' : `CREATE TEMP TABLE IF NOT EXISTS ${days} (date date PRIMARY KEY) ON COMMIT DELETE ROWS;`}
     ${clear('register_daily', 'day')};
     INSERT INTO register_daily
     SELECT point, day, sum(received)::int, sum(in_person)::int, sum(online)::int, sum(postal)::int,
       sum(full_online)::int, sum(online_level_known)::int, sum(digitised)::int, sum(digitised_known)::int,
       sum(resolved)::int, sum(early)::int, sum(on_time)::int, sum(overdue)::int, sum(electronic)::int,
       sum(electronic_known)::int
     FROM (
       SELECT receiving_point AS point, received_on AS day, count(*) AS received,
         count(*) FILTER (WHERE channel_id = ${IN_PERSON}) AS in_person,
         count(*) FILTER (WHERE channel_id = ${ONLINE}) AS online,
         count(*) FILTER (WHERE channel_id = ${POSTAL}) AS postal,
         count(*) FILTER (WHERE channel_id = ${ONLINE} AND online_level = 'full') AS full_online,
         count(*) FILTER (WHERE channel_id = ${ONLINE} AND online_level IS NOT NULL) AS online_level_known,
         count(*) FILTER (WHERE channel_id = ${IN_PERSON} AND digitised) AS digitised,
         count(*) FILTER (WHERE channel_id = ${IN_PERSON} AND digitised IS NOT NULL) AS digitised_known,
         0 AS resolved, 0 AS early, 0 AS on_time, 0 AS overdue, 0 AS electronic, 0 AS electronic_known
       FROM dossiers WHERE ${on('received_on')}
       GROUP BY 1, 2
       UNION ALL
       SELECT competent_unit, finished_on, 0, 0, 0, 0, 0, 0, 0, 0, count(*),
         count(*) FILTER (WHERE timeliness = 'early'), count(*) FILTER (WHERE timeliness = 'on_time'),
         count(*) FILTER (WHERE timeliness = 'overdue'), count(*) FILTER (WHERE electronic_result),
         count(*) FILTER (WHERE electronic_result IS NOT NULL)
       FROM dossiers WHERE ${on('finished_on')} AND NOT withdrawn
       GROUP BY 1, 2
     ) x
     GROUP BY 1, 2;
     ${clear('register_past_due', 'received_on')};
     INSERT INTO register_past_due (unit, received_on, start_day, end_day, n)
     SELECT competent_unit, received_on, greatest(due_on + 1, received_on), finished_on, count(*)
     FROM dossiers
     WHERE ${on('received_on')} AND NOT withdrawn
       AND (finished_on IS NULL OR finished_on > greatest(due_on + 1, received_on))
     GROUP BY 1, 2, 3, 4;
     ${clear('register_result_days', 'finished_on')};
     INSERT INTO register_result_days (unit, finished_on, field_id, procedure_code, procedure_name, days, n, overdue)
     SELECT competent_unit, finished_on, field_id, procedure_code, procedure_name, finished_on - received_on,
       count(*), count(*) FILTER (WHERE timeliness = 'overdue')
     FROM dossiers WHERE ${on('finished_on')} AND NOT withdrawn
     GROUP BY 1, 2, 3, 4, 5, 6`,
  );
}

/**
 * Recomputes the aggregates of every register day outside `from`…`to` (every day when both are omitted), in the
 * caller's transaction: for bulk loads that bypassed the import (the benchmark's COPY) or whose volumes refresh
 * covers only part of the register (the sample's last 90 days: its report quarter is still a register for the
 * indicators).
 */
export async function refreshRegisterDailyBeyond(tx: Queryable, from?: string, to?: string): Promise<void> {
  await tx.exec(
    'CREATE TEMP TABLE IF NOT EXISTS register_daily_days (date date PRIMARY KEY) ON COMMIT DELETE ROWS',
  );
  await tx.query(
    `INSERT INTO register_daily_days (date)
     SELECT d FROM (SELECT received_on AS d FROM dossiers UNION SELECT finished_on FROM dossiers) x
     WHERE d IS NOT NULL AND ($1::date IS NULL OR d NOT BETWEEN $1::date AND $2::date)
     ON CONFLICT DO NOTHING`,
    [from ?? null, to ?? null],
  );
  await refreshRegisterDaily(tx, 'register_daily_days');
  await tx.exec('TRUNCATE register_daily_days');
}

/** Recomputes every day's aggregates, in the caller's transaction. */
export async function rebuildRegisterDaily(tx: Queryable): Promise<void> {
  await tx.exec('TRUNCATE register_daily, register_past_due, register_result_days');
  await refreshRegisterDailyBeyond(tx);
}

/** Finished dossiers and the overdue among them, by field, over the finishes `from`…`to` (register_result_days). */
export async function resolvedByField(
  db: Queryable,
  from: string,
  to: string,
): Promise<Array<{ field: Field; resolved: number; overdue: number }>> {
  const rows = await db.query<{ field_id: number; resolved: number; overdue: number }>(
    `SELECT field_id, sum(n)::int AS resolved, sum(overdue)::int AS overdue
     FROM register_result_days WHERE finished_on BETWEEN $1 AND $2 GROUP BY field_id ORDER BY field_id`,
    [from, to],
  );
  return rows.map((r) => ({ field: fieldOf(r.field_id), resolved: r.resolved, overdue: r.overdue }));
}
