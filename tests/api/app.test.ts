import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';

describe('API foundation', () => {
  let db: Db;
  let t: TestApi;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db);
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  it('answers /health and /ready without a key', async () => {
    expect((await t.app.inject('/health')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', database: 'ok', queue: 'ok (inline)' });
  });

  it('serves points with Vietnamese names intact', async () => {
    const res = await t.as('viewer', '/points');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      count: 2,
      points: [{ code: 'P1', name: 'Hoàn Kiếm' }, { code: 'P2' }],
    });
    expect((await t.as('viewer', '/points/P1')).json().name).toBe('Hoàn Kiếm');
    expect((await t.as('viewer', '/points?branch=Chi%20nh%C3%A1nh%202')).json().count).toBe(1);
  });

  it('answers errors as problem+json with a code', async () => {
    const res = await t.as('viewer', '/points/NOPE');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const bad = await t.as('viewer', '/points?colour=red');
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
    expect(res.json()).toMatchObject({ status: 'unavailable', database: 'connection refused' });
    await broken.close();
  });

  it('publishes an OpenAPI 3 document with every route and bearer security', async () => {
    const res = await t.app.inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const path of [
      '/points',
      '/staff',
      '/volumes',
      '/calendar',
      '/forecasts',
      '/plans',
      '/simulations',
      '/jobs/{id}',
      '/keys',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    // Request bodies carry their schema (with descriptions) into the document.
    expect(
      doc.paths['/calendar/closures'].post.requestBody.content['application/json'].schema.properties.name
        .description,
    ).toBeTruthy();
  });

  it('sends security headers', async () => {
    const res = await t.app.inject('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
