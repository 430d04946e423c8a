import { ident, type Queryable } from './db.ts';
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

/** The register's tables an import writes: the dossiers and what is derived from them. */
export const DOSSIER_TABLES = [
  'dossiers',
  'register_volumes',
  'register_coverage',
  'register_daily',
  'register_past_due',
  'register_result_days',
] as const;

/**
 * Gives the planner statistics on `tables` after a write of `changed` rows, on the embedded store. PGlite runs
 * PostgreSQL in single-user mode, without autovacuum, so nothing ever ANALYZEd its tables: every plan was built
 * on default guesses (6,453 rows for any date range of the sample's 1,290,600 dossiers), and some picked a bitmap
 * scan of a whole month where an index read 100 rows — measured on the sample register, the dossier list's
 * "returned in August" page took 158 ms, 5.5 ms once analysed. A table is analysed when it never was, or
 * when the write changed more than autovacuum's own threshold (50 rows + 10% of the table). A server has its
 * autovacuum for that: nothing is done there.
 */
export async function refreshStatistics(
  db: Queryable & { readonly kind: 'pglite' | 'pg' },
  tables: readonly string[],
  changed = Number.POSITIVE_INFINITY,
): Promise<string[]> {
  if (db.kind !== 'pglite' || changed <= 0) return [];
  const state = await db.query<{ table: string; tuples: number; analysed: boolean }>(
    `SELECT c.relname AS table, c.reltuples::float8 AS tuples,
       EXISTS (SELECT 1 FROM pg_stats s WHERE s.schemaname = n.nspname AND s.tablename = c.relname) AS analysed
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relname = ANY($1::text[])`,
    [[...tables]],
  );
  const due = state
    .filter((t) => !t.analysed || changed > 50 + 0.1 * Math.max(t.tuples, 0))
    .map((t) => t.table)
    .sort();
  if (due.length) await db.exec(`ANALYZE ${due.map(ident).join(', ')}`);
  return due;
}

/**
 * The tables holding rows that were never analysed — a store written before refreshStatistics, or by a path
 * that does not call it — analysed once, when the store opens (embedded store only; ~1.5 s for the whole
 * sample store, a catalogue query afterwards).
 */
export async function analyseUnanalysed(
  db: Queryable & { readonly kind: 'pglite' | 'pg' },
): Promise<string[]> {
  if (db.kind !== 'pglite') return [];
  const rows = await db.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND pg_relation_size(c.oid) > 0
       AND NOT EXISTS (SELECT 1 FROM pg_stats s WHERE s.schemaname = n.nspname AND s.tablename = c.relname)
     ORDER BY 1`,
  );
  const due = rows.map((r) => r.table);
  if (due.length) await db.exec(`ANALYZE ${due.map(ident).join(', ')}`);
  return due;
}
