import type { LocalEvent } from '../schemas/models.ts';
import type { Queryable } from './db.ts';

/** Local events of the calendar (closures, extra days): every statement on `calendar_events`. */

export async function listLocalEvents(
  db: Queryable,
  opts: { from?: string; to?: string; closedOnly?: boolean } = {},
): Promise<LocalEvent[]> {
  const where: string[] = opts.closedOnly ? ['closed'] : [];
  const params: unknown[] = [];
  if (opts.from) {
    params.push(opts.from);
    where.push(`date >= $${params.length}`);
  }
  if (opts.to) {
    params.push(opts.to);
    where.push(`date <= $${params.length}`);
  }
  const rows = await db.query<{ date: string; name: string; closed: boolean; points: string[] | null }>(
    `SELECT date, name, closed, points FROM calendar_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY date, name`,
    params,
  );
  return rows.map((r) => ({
    date: r.date,
    name: r.name,
    closed: r.closed,
    ...(r.points ? { points: r.points } : {}),
  }));
}

/** Inserts or replaces the event with this (date, name); returns whether it was new. */
export async function upsertLocalEvent(db: Queryable, e: LocalEvent): Promise<boolean> {
  const [row] = await db.query<{ inserted: boolean }>(
    `INSERT INTO calendar_events (date, name, closed, points) VALUES ($1, $2, $3, $4)
     ON CONFLICT (date, name) DO UPDATE SET closed = excluded.closed, points = excluded.points
     RETURNING (xmax = 0) AS inserted`,
    [e.date, e.name, e.closed, e.points ?? null],
  );
  return row?.inserted ?? false;
}

export async function deleteLocalEvent(db: Queryable, date: string, name: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM calendar_events WHERE date = $1 AND name = $2 RETURNING 1', [
    date,
    name,
  ]);
  return rows.length > 0;
}
