import type { Queryable } from './db.ts';
import { IDENTITY_KEY, SAMPLE_SEED_KEY } from './identity.ts';
import { setMeta } from './meta-repo.ts';

/** Whole-store statements: the readiness probe and `init --reset`. */

/** One round trip to the database (throws when it is unreachable). */
export async function pingStore(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

/**
 * Empties the planning data (points, staff, volumes, the register and everything derived from it — daily
 * aggregates, overdue risks —, attendance, calendar events, runs, plans, jobs); keeps API keys, the
 * audit log, uploads, scenarios and the store's identity, and marks the sample data as to be loaded again.
 */
export async function resetStore(db: Queryable): Promise<void> {
  await db.exec(
    'TRUNCATE plan_moves, plans, forecast_values, forecast_runs, daily_volumes, dossiers, register_volumes, register_coverage, register_daily, register_past_due, register_result_days, overdue_risks, overdue_risk_refreshes, tickets, attendance, staff, points, calendar_events, job_history CASCADE',
  );
  await db.query('DELETE FROM meta WHERE key <> $1', [IDENTITY_KEY]);
  await setMeta(db, SAMPLE_SEED_KEY, { state: 'pending' });
}
