import type { Config } from '../config.ts';
import { type Db, openDb } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';

/** Opens the configured store (PGlite folder, or DATABASE_URL) and brings its schema up to date. */
export async function openStore(config: Config): Promise<Db> {
  const db = await openDb({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    dataDir: config.DATA_DIR,
  });
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return db;
}

/** Opens the store, runs `fn`, always closes it. */
export async function withStore<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openStore(config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
