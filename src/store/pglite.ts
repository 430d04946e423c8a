import { mkdirSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { WorkerPool } from '../parallel/pool.ts';
import type { CopyData, CopyFormat, Db, Queryable } from './db.ts';
import { ident } from './db.ts';
import { client, remoteDb } from './remote.ts';

// Keep DATE and TIMESTAMPTZ as text: the domain works on ISO strings, never Date objects.
const parsers = { 1082: (v: string) => v, 1184: (v: string) => v, 1114: (v: string) => v };

function wrap(q: PGlite | Transaction): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await q.query<T>(sql, params);
      return res.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
    async copyCsv(table: string, columns: string[], csv: CopyData, format: CopyFormat = 'csv') {
      await q.query(
        `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM '/dev/blob' WITH (FORMAT ${format === 'binary' ? 'binary' : 'csv'})`,
        [],
        { blob: new Blob([csv]) },
      );
    },
  };
}

export async function openPglite(dataDir: string, schema?: string): Promise<Db> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { parsers });
  if (schema)
    await pg.exec(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}; SET search_path TO ${ident(schema)}`);
  const base = wrap(pg);
  return {
    kind: 'pglite',
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return pg.transaction((tx) => fn(wrap(tx)));
    },
    async close() {
      await pg.close();
    },
  };
}

/**
 * The embedded store in its own worker thread (pglite-thread.ts): the same Db, every statement a message.
 * What this thread keeps is the cheap part (posting the SQL, receiving the rows).
 */
export async function openPgliteThread(dataDir: string, schema?: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const pool = new WorkerPool(new URL('./pglite-thread.ts', import.meta.url), 1);
  const { port1: mine, port2: theirs } = new MessageChannel();
  const serving = pool.runTransfer<void>('serveStore', [{ dataDir, schema, port: theirs }], [theirs]);
  const call = client(mine);
  let closed = false;
  const db = remoteDb(call, 'pglite', async () => {
    if (closed) return;
    closed = true;
    await call({ op: 'close' }).catch(() => {});
    await serving.catch(() => {});
    mine.close();
    await pool.close();
  });
  try {
    // The first answer says the store is open; a store that cannot open fails the thread's call instead.
    await Promise.race([
      db.query('SELECT 1'),
      serving.then(() => Promise.reject(new Error('store thread ended'))),
    ]);
  } catch (err) {
    mine.close();
    await pool.close();
    throw err;
  }
  return db;
}
