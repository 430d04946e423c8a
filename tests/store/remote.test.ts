import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { client, remoteDb, serveDb } from '../../src/store/remote.ts';

/**
 * A store reached through a MessagePort (store/remote.ts): the asking thread may die mid-transaction (a job
 * thread that crashed, or was terminated); its transaction must then be rolled back, not left open holding
 * the store (PGlite runs one transaction at a time: every other statement would wait for ever).
 */
describe('remote store over a MessagePort', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite('memory://');
    await db.exec('CREATE TABLE t (x int)');
  });
  afterAll(() => db.close());

  it('rolls back the open transaction of a port that closes, and the store answers again', async () => {
    const { port1, port2 } = new MessageChannel();
    serveDb(port1, db);
    const remote = remoteDb(client(port2), 'pglite');
    let inserted!: () => void;
    const insertedP = new Promise<void>((r) => {
      inserted = r;
    });
    const tx = remote.transaction(async (q) => {
      await q.query('INSERT INTO t VALUES (1), (2)');
      inserted();
      await new Promise(() => {}); // the asking side never commits: it dies here
    });
    tx.catch(() => {});
    await insertedP;
    port2.close();
    // Without the rollback this read would wait for the transaction for ever.
    const rows = await Promise.race([
      db.query<{ n: number }>('SELECT count(*)::int AS n FROM t'),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('store still held')), 5000)),
    ]);
    expect(rows).toEqual([{ n: 0 }]);
    await db.query('INSERT INTO t VALUES (3)');
    expect(await db.query('SELECT x FROM t')).toEqual([{ x: 3 }]);
    await db.query('DELETE FROM t');
  });

  it('requests still waiting when the answering side closes fail with STORE_UNAVAILABLE', async () => {
    const { port1, port2 } = new MessageChannel();
    // Nobody answers on port1.
    port1.on('message', () => {});
    const remote = remoteDb(client(port2), 'pglite');
    const waiting = remote.query('SELECT 1');
    port1.close();
    await expect(waiting).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(remote.query('SELECT 1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
