import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertPoints } from '../../src/store/points-repo.ts';
import { pgliteBackend } from '../helpers/backends.ts';

describe('API foundation', () => {
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    await upsertPoints(db, [
      {
        code: 'P1',
        name: 'Hoàn Kiếm',
        type: 'ward',
        branch: 'Chi nhánh 1',
        lat: 21.03,
        lon: 105.85,
        population: 105301,
        area_km2: 1.91,
        counters: 4,
        min_staff: 2,
        opening_hours: { weekday: [['08:00', '12:00']], saturday: [] },
      },
    ]);
    app = await buildApp({ db, config: loadConfig({}), logger: createLogger('silent') });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('answers /health and /ready', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', database: 'ok' });
  });

  it('serves points with Vietnamese names intact', async () => {
    const res = await app.inject('/points');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ count: 1, points: [{ code: 'P1', name: 'Hoàn Kiếm' }] });
    expect((await app.inject('/points/P1')).json().name).toBe('Hoàn Kiếm');
  });

  it('answers errors as problem+json with a code', async () => {
    const res = await app.inject('/points/NOPE');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const bad = await app.inject('/points?colour=red');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('INPUT_INVALID');
  });

  it('/ready says 503 when the database is gone', async () => {
    const broken = await buildApp({
      db: { ...db, query: async () => Promise.reject(new Error('connection refused')) } as Db,
      config: loadConfig({}),
      logger: createLogger('silent'),
    });
    const res = await broken.inject('/ready');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable' });
    await broken.close();
  });
});
