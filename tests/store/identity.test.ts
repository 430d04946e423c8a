import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { openDb } from '../../src/store/db.ts';
import { IDENTITY_FILE, LOST_FILE } from '../../src/store/identity.ts';
import { listPoints } from '../../src/store/points-repo.ts';
import { openGuardedStore } from '../../src/usecases/runtime.ts';
import { ensureSampleData } from '../../src/usecases/sample-data.ts';
import { testApi } from '../helpers/api.ts';
import { databaseUrl, requireServices } from '../helpers/backends.ts';

const silent = createLogger('silent');
const closure = { date: '2026-05-04', name: 'Sửa chữa trụ sở', closed: true };

describe('the embedded store knows itself', () => {
  const roots: string[] = [];
  const folder = () => {
    const root = mkdtempSync(join(tmpdir(), 'dp-ident-'));
    roots.push(root);
    return join(root, 'store');
  };
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });
  const cfg = (dir: string) => loadConfig({ DATA_DIR: dir, RATE_LIMIT_PER_MINUTE: '0' });

  it('records an id at creation, in the folder and in the store, and finds the same id again', async () => {
    const dir = folder();
    const a = await openGuardedStore(cfg(dir));
    expect(a.created).toBe(true);
    const id = a.guard.identity.id;
    expect(JSON.parse(readFileSync(join(dir, IDENTITY_FILE), 'utf8')).id).toBe(id);
    await a.db.close();
    const b = await openGuardedStore(cfg(dir));
    expect(b.created).toBe(false);
    expect(b.guard.identity.id).toBe(id);
    await b.db.close();
  });

  it('a deleted folder: /ready 503, writes 503 STORE_UNAVAILABLE, a tombstone; the next open is refused until init --reset', async () => {
    const dir = folder();
    const { db, guard } = await openGuardedStore(cfg(dir));
    const lost: string[] = [];
    guard.onLost((r) => lost.push(r));
    const api = await testApi(db, { config: cfg(dir) });
    expect((await api.as(undefined, '/ready')).statusCode).toBe(200);
    expect(
      (await api.as('planner', { method: 'POST', url: '/calendar/closures', payload: closure })).statusCode,
    ).toBe(201);
    rmSync(dir, { recursive: true, force: true });
    const ready = await api.as(undefined, '/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().database).toMatch(/vanished/);
    const write = await api.as('planner', { method: 'POST', url: '/calendar/closures', payload: closure });
    expect(write.statusCode).toBe(503);
    expect(write.json().code).toBe('STORE_UNAVAILABLE');
    // Reads do not answer from a store that is gone either, and liveness still answers.
    expect((await api.as('viewer', '/points')).statusCode).toBe(503);
    expect((await api.as(undefined, '/health')).statusCode).toBe(200);
    expect(lost).toHaveLength(1);
    expect(existsSync(join(dir, LOST_FILE))).toBe(true);
    await api.app.close();
    await expect(openGuardedStore(cfg(dir))).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringMatching(/was lost at .*init --reset/),
    });
    const fresh = await openGuardedStore(cfg(dir), { reset: true });
    expect(fresh.created).toBe(true);
    expect(fresh.guard.identity.id).not.toBe(guard.identity.id);
    await fresh.db.close();
  });

  it('a swapped folder (another in its place, even a copy of it) makes the store lost', async () => {
    const dir = folder();
    const { db, guard } = await openGuardedStore(cfg(dir));
    const api = await testApi(db, { config: cfg(dir) });
    // A copy of the very same folder: same identity file, but the open store's files are elsewhere now.
    cpSync(dir, `${dir}.copy`, { recursive: true });
    renameSync(dir, `${dir}.old`);
    renameSync(`${dir}.copy`, dir);
    const ready = await api.as(undefined, '/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().database).toMatch(/replaced/);
    const write = await api.as('planner', { method: 'POST', url: '/calendar/closures', payload: closure });
    expect(write.json().code).toBe('STORE_UNAVAILABLE');
    expect(guard.lost).toMatch(/replaced/);
    // No tombstone: the folder in place holds a store, which a restart opens as it is.
    expect(existsSync(join(dir, LOST_FILE))).toBe(false);
    await api.app.close();
  });

  it('another store’s folder put in place (another id) makes the store lost', async () => {
    const dir = folder();
    const other = folder();
    const o = await openGuardedStore(cfg(other));
    await o.db.close();
    const { db, guard } = await openGuardedStore(cfg(dir));
    renameSync(dir, `${dir}.old`);
    renameSync(other, dir);
    expect(() => guard.assertUsable(false)).toThrow(/STORE_UNAVAILABLE|lost/);
    expect(guard.lost).toMatch(/replaced|now holds store/);
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('an identity file naming another store than the one inside is refused at open', async () => {
    const a = folder();
    const b = folder();
    for (const d of [a, b]) await (await openGuardedStore(cfg(d))).db.close();
    cpSync(join(a, IDENTITY_FILE), join(b, IDENTITY_FILE));
    await expect(openGuardedStore(cfg(b))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('never re-seeds a store it once had: an emptied store stays empty; a new one is seeded once', async () => {
    const dir = folder();
    const config = loadConfig({ DATA_DIR: dir, SAMPLE_HISTORY_UNTIL: '2024-01-31' });
    const a = await openGuardedStore(config);
    const sample = await ensureSampleData(a.db, config, silent);
    expect(sample?.points).toBeGreaterThan(100);
    await sample?.history?.();
    await sample?.register?.();
    await a.db.exec('TRUNCATE plan_moves, plans, staff, points, daily_volumes CASCADE');
    expect(await ensureSampleData(a.db, config, silent)).toBeUndefined();
    await a.db.close();
    const b = await openGuardedStore(config);
    expect(await ensureSampleData(b.db, config, silent)).toBeUndefined();
    expect(await listPoints(b.db)).toHaveLength(0);
    await b.db.close();
  });
});

const pgSuite = databaseUrl ? describe : requireServices ? describe : describe.skip;
pgSuite('the PostgreSQL store knows itself', () => {
  it('a schema dropped or replaced under the server: /ready 503, writes 503 STORE_UNAVAILABLE', async () => {
    if (!databaseUrl) throw new Error('DATABASE_URL is not set but DIEUPHOI_REQUIRE_SERVICES=1');
    const schema = `t_ident_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const admin = await openDb({ databaseUrl });
    try {
      const { db, guard, created } = await openGuardedStore(config);
      expect(created).toBe(true);
      const api = await testApi(db, { config });
      expect((await api.as(undefined, '/ready')).statusCode).toBe(200);
      await admin.exec(`DROP SCHEMA "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
      const ready = await api.as(undefined, '/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json().database).toMatch(/gone/);
      const write = await api.as('planner', { method: 'POST', url: '/calendar/closures', payload: closure });
      expect(write.statusCode).toBe(503);
      expect(write.json().code).toBe('STORE_UNAVAILABLE');
      expect(guard.lost).toBeDefined();
      await api.app.close();

      // Replaced by another store (migrated, its own identity): lost too.
      const again = await openGuardedStore(config);
      const other = loadConfig({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: `${schema}_b` });
      const b = await openGuardedStore(other);
      await b.db.close();
      await admin.exec(`DROP SCHEMA "${schema}" CASCADE; ALTER SCHEMA "${schema}_b" RENAME TO "${schema}"`);
      await expect(again.guard.check(again.db)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(again.guard.lost).toMatch(/replaced/);
      await again.db.close();
    } finally {
      await admin.exec(
        `DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_b" CASCADE`,
      );
      await admin.close();
    }
  });
});
