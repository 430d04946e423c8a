import type { Config } from '../config.ts';
import { type Db, openDb } from '../store/db.ts';
import { establishIdentity, guardDb, prepareFolder, StoreGuard } from '../store/identity.ts';
import { analyseUnanalysed } from '../store/maintenance.ts';
import { hasMigrations, migrate } from '../store/migrate.ts';

export interface OpenedStore {
  /** The store behind its guard (every statement checks the store is still the one opened). */
  db: Db;
  guard: StoreGuard;
  /** This call created the store: the folder (or schema) never held one. */
  created: boolean;
}

/**
 * Opens the configured store (PGlite folder, or DATABASE_URL), brings its schema up to date and checks its
 * identity (store/identity.ts): a folder whose store was lost is refused unless `reset` (`init --reset`).
 * @throws DomainError STORE_UNAVAILABLE
 */
export async function openGuardedStore(config: Config, opts: { reset?: boolean } = {}): Promise<OpenedStore> {
  const dir = config.DATABASE_URL ? undefined : config.DATA_DIR;
  const embeddedDir = dir && !dir.startsWith('memory://') ? dir : undefined;
  const { fresh } = embeddedDir ? prepareFolder(embeddedDir, opts) : { fresh: false };
  const raw = await openDb({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    dataDir: config.DATA_DIR,
  });
  try {
    const wasEmpty = !(await hasMigrations(raw));
    await migrate(raw);
    await analyseUnanalysed(raw);
    const { identity, created } = await establishIdentity(raw, {
      dir: embeddedDir,
      fresh: fresh || wasEmpty,
    });
    const guard = new StoreGuard(identity, { kind: raw.kind, dir: embeddedDir });
    return { db: guardDb(raw, guard), guard, created };
  } catch (err) {
    await raw.close().catch(() => {});
    throw err;
  }
}

/** Opens the configured store (see openGuardedStore). */
export async function openStore(config: Config, opts: { reset?: boolean } = {}): Promise<Db> {
  return (await openGuardedStore(config, opts)).db;
}

/** Opens the store, runs `fn`, always closes it. */
export async function withStore<T>(
  config: Config,
  fn: (db: Db) => Promise<T>,
  opts: { reset?: boolean } = {},
): Promise<T> {
  const db = await openStore(config, opts);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
