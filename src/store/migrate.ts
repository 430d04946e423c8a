import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** `NNN-name.sql` files in order. */
export function listMigrations(dir = MIGRATIONS_DIR): Array<{ version: string; sql: string }> {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/** Whether the store was ever migrated: a schema (or folder) that never held a store has no migrations table. */
export async function hasMigrations(db: Db): Promise<boolean> {
  const rows = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'",
  );
  return (rows[0]?.n ?? 0) > 0;
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that several
 * processes starting at once (API + workers) migrate exactly once. Returns the versions applied.
 */
export async function migrate(db: Db): Promise<string[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied: string[] = [];
  for (const m of listMigrations()) {
    const done = await db.transaction(async (tx) => {
      // 0x64696575 = "dieu": one lock id for all dieuphoi migrations in this database.
      await tx.query('SELECT pg_advisory_xact_lock(1684628853)');
      const [row] = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (row) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
