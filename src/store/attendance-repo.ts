import type { AttendanceRecord } from '../core/supervise/attendance.ts';
import { type Queryable, rowsAsJson } from './db.ts';

const BATCH = 5000;

/** Upserts attendance by (day, staff); returns the rows inserted or changed (an identical row is left alone). */
export async function upsertAttendance(tx: Queryable, records: readonly AttendanceRecord[]): Promise<number> {
  let changed = 0;
  for (let i = 0; i < records.length; i += BATCH) {
    const rows = await tx.query<{ n: number }>(
      `WITH up AS (
         INSERT INTO attendance (day, staff_id, point, present, hours)
         SELECT day, staff_id, point, present, hours
         FROM json_to_recordset($1::json) AS x(day date, staff_id text, point text, present boolean, hours float8)
         ON CONFLICT (day, staff_id) DO UPDATE SET point = EXCLUDED.point, present = EXCLUDED.present,
           hours = EXCLUDED.hours
         WHERE (attendance.point, attendance.present, attendance.hours)
           IS DISTINCT FROM (EXCLUDED.point, EXCLUDED.present, EXCLUDED.hours)
         RETURNING 1)
       SELECT count(*)::int AS n FROM up`,
      [JSON.stringify(records.slice(i, i + BATCH))],
    );
    changed += Number(rows[0]?.n ?? 0);
  }
  return changed;
}

/** Attendance records of `from..to` (days, inclusive). */
export async function listAttendance(db: Queryable, from: string, to: string): Promise<AttendanceRecord[]> {
  const rows = await rowsAsJson<AttendanceRecord>(
    db,
    'SELECT day, staff_id, point, present, hours FROM attendance WHERE day BETWEEN $1::date AND $2::date ORDER BY day, staff_id',
    [from, to],
  );
  return rows;
}
