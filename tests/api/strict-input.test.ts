import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';

/** Strict input (api/plugins/strict-input.ts): no coercion beyond the schema, NUL and lone surrogates refused. */
describe('strict input: wrong JSON types and refused characters are 400 naming the field', () => {
  let db: Db;
  let t: TestApi;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db, { env: { RATE_LIMIT_PER_MINUTE: '0' } });
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  const post = (url: string, payload: unknown, role: 'admin' | 'planner' = 'admin') =>
    t.as(role, {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const fields = (body: string) =>
    ((JSON.parse(body) as { details?: Array<{ field: string }> }).details ?? []).map((d) => d.field);

  it('null is not false, true is not 1, "Infinity" is not a number, 123 is not a name', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/calendar/closures', { date: '2026-12-07', name: 'Sửa chữa', closed: null }, 'body/closed'],
      ['/forecasts', { horizon: true }, 'body/horizon'],
      ['/forecasts', { horizon: 'Infinity' }, 'body/horizon'],
      ['/forecasts', { horizon: '7' }, 'body/horizon'],
      ['/keys', { name: 123, role: 'viewer' }, 'body/name'],
    ];
    for (const [url, body, field] of cases) {
      const res = await post(url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}: ${res.body}`).toBe(400);
      expect(fields(res.body), `${url} ${JSON.stringify(body)}`).toContain(field);
    }
    expect((await db.query('SELECT 1 FROM calendar_events')).length).toBe(0);
    expect((await db.query(`SELECT 1 FROM api_keys WHERE name = '123'`)).length).toBe(0);
  });

  it('numbers and booleans still come from query strings as the schema declares them', async () => {
    const ok = await t.as('viewer', '/jobs?limit=5');
    expect(ok.statusCode).toBe(200);
    for (const q of ['limit=Infinity', 'limit=NaN', 'limit=5x']) {
      const res = await t.as('viewer', `/jobs?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(fields(res.body), q).toContain('querystring/limit');
    }
  });

  it('a NUL byte or a lone surrogate anywhere is 400 with the field, never 500', async () => {
    const nul = await post('/keys', { name: 'ops\u0000', role: 'viewer' });
    expect(nul.statusCode).toBe(400);
    expect(fields(nul.body)).toContain('body/name');
    expect(nul.body).toContain('U+0000');
    const lone = await post('/calendar/closures', { date: '2026-12-07', name: 'x\uD800', closed: true });
    expect(lone.statusCode).toBe(400);
    expect(fields(lone.body)).toContain('body/name');
    for (const url of ['/points/P001%00', '/plans/%00', '/scenarios/a%00b', '/jobs/%00']) {
      const res = await t.as('admin', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
    }
    const q = await t.as('viewer', '/volumes?from=2026-01-01%00&to=2026-01-02');
    expect(q.statusCode).toBeGreaterThanOrEqual(400);
    expect(q.statusCode).toBeLessThan(500);
  });

  it('every route of the OpenAPI document: NUL in each body field, path parameter and query: 0 × 5xx', async () => {
    const doc = (await t.app.inject('/docs/json')).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
          }
        >
      >;
    };
    let sent = 0;
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const url = path.replace(/\{[^}]+\}/g, 'x%00y');
        const m = method.toUpperCase() as 'GET';
        const props = op.requestBody?.content?.['application/json']?.schema?.properties ?? {};
        const payloads =
          m === 'GET' || m === 'DELETE'
            ? [undefined]
            : [
                JSON.stringify(Object.fromEntries(Object.keys(props).map((k) => [k, 'a\u0000b']))),
                JSON.stringify({ 'k\u0000': 1 }),
              ];
        for (const payload of payloads) {
          for (const u of [url, `${path.replace(/\{[^}]+\}/g, 'x')}?q=%00`]) {
            const res = await t.as('admin', {
              method: m,
              url: u,
              ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } }),
            });
            sent++;
            expect(res.statusCode, `${m} ${u} ${payload ?? ''}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          }
        }
      }
    expect(sent).toBeGreaterThan(60);
  });
});
