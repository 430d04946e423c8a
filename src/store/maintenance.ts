import type { Queryable } from './db.ts';

/** Whole-store statements: the readiness probe and `init --reset`. */

/** One round trip to the database (throws when it is unreachable). */
export async function pingStore(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

/** Empties the planning data (points, staff, volumes, calendar events, runs, plans, jobs); keeps API keys, the audit log, uploads and scenarios. */
export async function resetStore(db: Queryable): Promise<void> {
  await db.exec(
    'TRUNCATE plan_moves, plans, forecast_values, forecast_runs, daily_volumes, staff, points, calendar_events, meta, job_history CASCADE',
  );
}
