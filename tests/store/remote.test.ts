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

  it('COPYs bytes, handing a buffer they fill alone over and cloning a view into a larger one', async () => {
    const { port1, port2 } = new MessageChannel();
    serveDb(port1, db);
    const remote = remoteDb(client(port2), 'pglite');
    await db.exec('CREATE TABLE names (n int, name text)');
    const whole = new TextEncoder().encode('1,"Phường Hoàn Kiếm"\n2,"Xã Sóc Sơn, ""Đông"""\n');
    await remote.copyCsv('names', ['n', 'name'], whole);
    // Handed over: the sending side's buffer is detached (it was not copied).
    expect(whole.byteLength).toBe(0);
    const pooled = Buffer.from('3,"Ba Đình"\n'); // a view into Node's shared pool: cloned, still readable here
    await remote.copyCsv('names', ['n', 'name'], pooled);
    expect(pooled.toString()).toBe('3,"Ba Đình"\n');
    expect(await db.query('SELECT n, name FROM names ORDER BY n')).toEqual([
      { n: 1, name: 'Phường Hoàn Kiếm' },
      { n: 2, name: 'Xã Sóc Sơn, "Đông"' },
      { n: 3, name: 'Ba Đình' },
    ]);
    port2.close();
  });
});
