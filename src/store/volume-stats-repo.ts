import type { DailyVolume } from '../schemas/domain.ts';
import type { Queryable } from './db.ts';

export interface VolumeQuery {
  from: string;
  to: string;
  point?: string;
  branch?: string;
}

function where(q: VolumeQuery, params: unknown[]): string {
  const conds = ['v.date >= $1', 'v.date <= $2'];
  params.push(q.from, q.to);
  if (q.point) {
    params.push(q.point);
    conds.push(`v.point = $${params.length}`);
  }
  if (q.branch) {
    params.push(q.branch);
    conds.push(`v.point IN (SELECT code FROM points WHERE branch = $${params.length})`);
  }
  return conds.join(' AND ');
}

/** Volume rows of a range, in key order, at most `limit`. */
export async function volumeRows(db: Queryable, q: VolumeQuery, limit: number): Promise<DailyVolume[]> {
  const params: unknown[] = [];
  const w = where(q, params);
  params.push(limit);
  return db.query<DailyVolume>(
    `SELECT v.date, v.point, c.code AS channel, f.code AS field, v.received, v.resolved, v.on_time, v.overdue
     FROM volume_rows v JOIN channels c ON c.id = v.channel_id JOIN fields f ON f.id = v.field_id
     WHERE ${w} ORDER BY v.date, v.point, v.channel_id, v.field_id LIMIT $${params.length}`,
    params,
  );
}

export type TotalsBy = 'date' | 'channel' | 'field' | 'point';

/** Received/resolved/on-time/overdue totals per date (and channel, field or point). */
export async function volumeTotals(
  db: Queryable,
  q: VolumeQuery,
  by: TotalsBy,
): Promise<
  Array<{ date: string; key: string; received: number; resolved: number; on_time: number; overdue: number }>
> {
  const params: unknown[] = [];
  const w = where(q, params);
  const key = by === 'channel' ? 'c.code' : by === 'field' ? 'f.code' : by === 'point' ? 'v.point' : "''";
  return db.query(
    `SELECT v.date, ${key} AS key, sum(v.received)::int AS received, sum(v.resolved)::int AS resolved,
       sum(v.on_time)::int AS on_time, sum(v.overdue)::int AS overdue
     FROM volume_rows v JOIN channels c ON c.id = v.channel_id JOIN fields f ON f.id = v.field_id
     WHERE ${w} GROUP BY v.date${by === 'date' ? '' : `, ${key}`} ORDER BY v.date, 2`,
    params,
  );
}
