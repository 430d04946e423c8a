import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { openDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';

/** CI sets this: a test that needs a real service and cannot reach it fails instead of skipping. */
export const requireServices = process.env.DIEUPHOI_REQUIRE_SERVICES === '1';
export const databaseUrl = process.env.DATABASE_URL || undefined;
export const redisUrl = process.env.REDIS_URL || undefined;

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty store (own PGlite in memory, or own schema on the server). */
  open(): Promise<Db>;
  /** Closes it and drops the schema. */
  dispose(db: Db): Promise<void>;
}

const schemas = new WeakMap<Db, string>();

/** Empties every data table (keeps the migrated schema and the seeded code tables): faster than a new store. */
export async function resetStore(db: Db): Promise<void> {
  await db.exec(
    'TRUNCATE daily_volumes, dossiers, register_volumes, register_coverage, register_daily, register_past_due, register_result_days, overdue_risks, overdue_risk_refreshes, tickets, attendance, staff, points, calendar_events, forecast_values, forecast_runs, plan_moves, plans, meta, api_keys, audit_log, uploads, scenarios, simulation_runs, job_history, roadmaps, staff_history CASCADE',
  );
}

export const pgliteBackend: Backend = {
  name: 'pglite',
  async open() {
    const db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    return db;
  },
  async dispose(db) {
    await db.close();
  },
};

export const postgresBackend: Backend = {
  name: 'postgres',
  async open() {
    const schema = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const db = await openDb({ databaseUrl, schema });
    schemas.set(db, schema);
    await migrate(db);
    return db;
  },
  async dispose(db) {
    const schema = schemas.get(db);
    if (schema) await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  },
};

/**
 * Runs the same suite on PGlite and, when DATABASE_URL is set, on the real server. Without it the
 * Postgres suite is skipped — except under DIEUPHOI_REQUIRE_SERVICES=1 (CI), where that is a failure.
 */
export function describeStores(title: string, suite: (backend: Backend) => void): void {
  describe(`${title} [pglite]`, () => suite(pgliteBackend));
  if (databaseUrl) {
    describe(`${title} [postgres]`, () => suite(postgresBackend));
  } else if (requireServices) {
    describe(`${title} [postgres]`, () => {
      it('needs DATABASE_URL (DIEUPHOI_REQUIRE_SERVICES=1)', () => {
        throw new Error(
          'DATABASE_URL is not set but DIEUPHOI_REQUIRE_SERVICES=1: the Postgres suite cannot run',
        );
      });
    });
  } else {
    describe.skip(`${title} [postgres] (set DATABASE_URL to run)`, () => suite(postgresBackend));
  }
}
