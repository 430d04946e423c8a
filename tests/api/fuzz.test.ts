import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';

/** Every table a request could write to (the audit log records refused writes on purpose). */
const TABLES = [
  'points',
  'staff',
  'daily_volumes',
  'calendar_events',
  'forecast_runs',
  'plans',
  'plan_moves',
  'api_keys',
  'uploads',
  'scenarios',
  'simulation_runs',
];

interface Route {
  method: string;
  url: string;
  body?: { properties?: Record<string, { type?: string }> };
  query: boolean;
}

/** A value of the wrong JSON type for a schema type. */
const wrong = (type?: string): unknown =>
  type === 'string'
    ? 12345
    : type === 'integer' || type === 'number'
      ? 'many'
      : type === 'boolean'
        ? 'yes'
        : type === 'array'
          ? { a: 1 }
          : type === 'object'
            ? 7
            : [[]];

describe('fuzzing every route with malformed requests: 4xx, never 5xx, nothing written', () => {
  let db: Db;
  let t: TestApi;
  let routes: Route[];
  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(
        TABLES.map(async (tb) => [
          tb,
          (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tb}`))[0]!.n,
        ]),
      ),
    );
  let before: Record<string, number>;

  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db, { env: { RATE_LIMIT_PER_MINUTE: '0', UPLOAD_LIMIT_MB: '1' } });
    const doc = (await t.app.inject('/docs/json')).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content?: Record<string, { schema?: Route['body'] }> };
            parameters?: Array<{ in: string }>;
          }
        >
      >;
    };
    routes = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        routes.push({
          method: method.toUpperCase(),
          url: path.replace(/\{[^}]+\}/g, 'x'),
          body: op.requestBody?.content?.['application/json']?.schema,
          query: (op.parameters ?? []).some((p) => p.in === 'query'),
        });
      }
    }
    before = await snapshot();
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  const send = (method: string, url: string, payload: string | Buffer, contentType = 'application/json') =>
    t.as('admin', { method: method as 'POST', url, headers: { 'content-type': contentType }, payload });

  const expect4xx = (
    res: { statusCode: number; body: string; headers: Record<string, unknown> },
    what: string,
  ) => {
    expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
    expect(String(res.headers['content-type']), what).toMatch(/application\/problem\+json/);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  };

  it('finds the routes in the OpenAPI document', () => {
    expect(routes.filter((r) => r.method !== 'GET').length).toBeGreaterThanOrEqual(14);
  });

  it('wrong types, non-objects, unknown fields and invalid UTF-8 in JSON bodies', async () => {
    for (const r of routes.filter((x) => x.method !== 'GET' && x.body)) {
      const props = r.body!.properties ?? {};
      const bodies: Array<string | Buffer> = [
        JSON.stringify(Object.fromEntries(Object.entries(props).map(([k, s]) => [k, wrong(s.type)]))),
        '[]',
        '"text"',
        '42',
        'null',
        '{"unexpected": true}',
        '{"a":',
        '{"__proto__": {"admin": true}}',
        Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
      ];
      for (const body of bodies)
        expect4xx(await send(r.method, r.url, body), `${r.method} ${r.url} ${String(body).slice(0, 40)}`);
      expect4xx(await send(r.method, r.url, '<x/>', 'application/xml'), `${r.method} ${r.url} xml`);
    }
  });

  it('huge payloads are refused with 413 before they are parsed', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), edits: [] });
    for (const r of routes.filter((x) => x.method === 'POST')) {
      const res = await send(r.method, r.url, huge);
      expect4xx(res, `${r.url} huge`);
    }
    for (const kind of ['points', 'staff', 'volumes']) {
      const csv = `date,point,channel,field,received\n${'2026-01-05,P1,online,land,1\n'.repeat(60_000)}`;
      const res = await send('POST', `/${kind}`, csv, 'text/csv');
      expect(res.statusCode).toBe(413);
      expect4xx(res, `${kind} huge csv`);
    }
  });

  it('CSV uploads with invalid UTF-8, a binary file, no rows or the wrong header', async () => {
    const bodies = [
      Buffer.concat([
        Buffer.from('date,point,channel,field,received\n2026-01-05,P1,online,land,'),
        Buffer.from([0xff, 0xfe, 0x0a]),
      ]),
      Buffer.from([0x00, 0x01, 0x02, 0xff, 0x89, 0x50, 0x4e, 0x47]),
      Buffer.from('date,point,channel,field,received\n'),
      Buffer.from(''),
      Buffer.from('a,b\n1,2\n'),
      Buffer.from('date,point,channel,field,received\n"unclosed,P1,online,land,1\n'),
    ];
    for (const kind of ['points', 'staff', 'volumes'])
      for (const body of bodies)
        expect4xx(
          await send('POST', `/${kind}`, body, 'text/csv'),
          `${kind} csv ${body.subarray(0, 20).toString('hex')}`,
        );
  });

  it('malformed query strings and path parameters', async () => {
    for (const r of routes.filter((x) => x.method === 'GET' && x.query)) {
      for (const q of [
        '?from=%FF%FE&to=[]',
        '?limit=-1&limit=abc',
        '?unknown=1',
        `?from=${'9'.repeat(5000)}`,
      ])
        expect4xx(await t.as('admin', `${r.url}${q}`), `GET ${r.url}${q}`);
    }
    for (const url of [
      '/points/%FF',
      '/jobs/a:b',
      '/jobs/%00',
      `/plans/${'x'.repeat(300)}`,
      '/calendar/closures/not-a-date/x',
    ])
      expect4xx(await t.as('admin', { method: url.startsWith('/calendar') ? 'DELETE' : 'GET', url }), url);
  });

  it('random JSON values on every write route', async () => {
    const writes = routes.filter((r) => r.method !== 'GET' && r.body);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), fc.jsonValue({ maxDepth: 3 }), async (r, value) => {
        const res = await send(r.method, r.url, JSON.stringify(value));
        // A random value may happen to be valid (e.g. {} for POST /forecasts): then it is not a 5xx either.
        expect(res.statusCode, `${r.method} ${r.url} ${JSON.stringify(value).slice(0, 100)}`).toBeLessThan(
          500,
        );
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('nothing was written by any of it', async () => {
    const after = await snapshot();
    // Random values may have made valid scenarios or jobs; the tables that malformed input must never touch:
    for (const tb of [
      'points',
      'staff',
      'daily_volumes',
      'calendar_events',
      'forecast_runs',
      'plans',
      'plan_moves',
      'uploads',
      'simulation_runs',
    ])
      expect(after[tb], tb).toBe(before[tb]);
    expect(after.api_keys).toBe(before.api_keys);
  });
});
