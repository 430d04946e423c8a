import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { type TestApi, testApi, waitFor } from '../helpers/api.ts';
import { type Backend, describeStores } from '../helpers/backends.ts';

type KeyRow = { id: string; name: string; last_used_at: string | null };

describeStores('API keys: last use', (backend: Backend) => {
  let db: Db;
  let t: TestApi;
  beforeAll(async () => {
    db = await backend.open();
    t = await testApi(db);
    // Every write of last_used_at, counted by the store itself.
    await db.query('CREATE TABLE key_touches (key_id text NOT NULL)');
    await db.query(`CREATE FUNCTION count_key_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO key_touches VALUES (NEW.id); RETURN NEW; END $$`);
    await db.query(`CREATE TRIGGER key_touch AFTER UPDATE OF last_used_at ON api_keys
      FOR EACH ROW EXECUTE FUNCTION count_key_touch()`);
  });
  afterAll(async () => {
    await t?.app.close();
    if (db) await backend.dispose(db);
  });

  const keyRow = async (name: string) =>
    ((await t.as('admin', '/keys')).json().keys as KeyRow[]).find((k) => k.name === name)!;
  const touches = async (name: string) =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM key_touches t JOIN api_keys k ON k.id = t.key_id WHERE k.name = $1`,
        [name],
      )
    )[0]!.n;

  it('shows when a key was last used, once it has been', async () => {
    expect((await keyRow('test viewer')).last_used_at).toBeNull();
    const before = Date.now();
    expect((await t.as('viewer', '/me')).statusCode).toBe(200);
    const used = await waitFor(async () => (await keyRow('test viewer')).last_used_at ?? undefined);
    expect(Date.parse(used)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(used)).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await keyRow('test planner')).last_used_at).toBeNull();
  });

  it('writes once for a burst of requests with the same key', async () => {
    expect(await touches('test planner')).toBe(0);
    const answers = await Promise.all(Array.from({ length: 25 }, () => t.as('planner', '/me')));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    await waitFor(async () => ((await touches('test planner')) > 0 ? true : undefined));
    // Every request has started its write (if any) before answering: a later query sees them all.
    for (let i = 0; i < 5; i++) await t.as('planner', '/points');
    expect(await touches('test planner')).toBe(1);
    // A refused request (the role may not) still counts as a use, within the same minute: no new write.
    expect((await t.as('planner', '/keys')).statusCode).toBe(403);
    expect(await touches('test planner')).toBe(1);
  });

  it('a failing write does not fail the request', async () => {
    const flaky = Object.create(db) as Db;
    flaky.query = (async (sql: string, params?: unknown[]) => {
      if (/last_used_at = now\(\)/.test(sql)) throw new Error('store cut off');
      return db.query(sql, params);
    }) as Db['query'];
    const t2 = await testApi(flaky, { points: false });
    try {
      const res = await t2.as('scheduler', '/me');
      expect(res.statusCode).toBe(200);
      expect(res.json().role).toBe('scheduler');
    } finally {
      await t2.app.close();
    }
  });
});
