import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DomainError } from '../core/errors.ts';
import { msg } from '../core/messages.ts';
import type { CopyData, CopyFormat, Db, Queryable } from './db.ts';
import { ident } from './db.ts';

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    // DATE and timestamps stay strings (see pglite.ts); everything else uses pg's defaults.
    if (oid === 1082 || oid === 1114 || oid === 1184) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

function unavailable(err: unknown): never {
  const e = err as { code?: string; message?: string };
  // Connection-level failures (refused, reset, DNS, terminated) map to a clean domain error.
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(
      e.code ?? '',
    ) ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(
      e.message ?? '',
    )
  ) {
    throw new DomainError('STORE_UNAVAILABLE', msg('store.unreachable', { error: String(e.message) }));
  }
  throw err;
}

function wrap(c: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      try {
        const res = await c.query({ text: sql, values: params, types });
        return res.rows as T[];
      } catch (err) {
        return unavailable(err);
      }
    },
    async exec(sql: string) {
      try {
        await c.query(sql);
      } catch (err) {
        unavailable(err);
      }
    },
    async copyCsv(table: string, columns: string[], csv: CopyData, format: CopyFormat = 'csv') {
      const run = async (client: pg.PoolClient) => {
        const sql = `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN WITH (FORMAT ${format === 'binary' ? 'binary' : 'csv'})`;
        const data =
          typeof csv === 'string' || Buffer.isBuffer(csv)
            ? csv
            : Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength);
        await pipeline(Readable.from([data]), client.query(copyFrom(sql)));
      };
      if (c instanceof pg.Pool) {
        const client = await c.connect();
        try {
          await run(client);
        } finally {
          client.release();
        }
      } else {
        await run(c);
      }
    },
  };
}

export async function openPg(url: string, schema?: string): Promise<Db> {
  const options = schema ? `-c search_path=${schema}` : undefined;
  const pool = new pg.Pool({ connectionString: url, options, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', () => {});
  if (schema) {
    const setup = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await setup.connect();
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
    } catch (err) {
      unavailable(err);
    } finally {
      await setup.end().catch(() => {});
    }
  }
  const base = wrap(pool);
  return {
    kind: 'pg',
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        return unavailable(err);
      }
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
