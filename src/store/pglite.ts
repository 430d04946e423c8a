import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.ts';
import { ident } from './db.ts';

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
    async copyCsv(table: string, columns: string[], csv: string) {
      await q.query(
        `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`,
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
