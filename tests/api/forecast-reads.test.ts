import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip, EncodedAnswerCache } from '../../src/api/plugins/encoded-cache.ts';
import { loadConfig } from '../../src/config.ts';
import { FORECAST_LEVELS, ForecastLevelSchema } from '../../src/schemas/forecast-read.ts';
import type { Db } from '../../src/store/db.ts';
import { listPoints } from '../../src/store/points-repo.ts';
import { runForecastFromStore } from '../../src/usecases/forecast-run.ts';
import { loadSampleData } from '../../src/usecases/sample-data.ts';
import { type TestApi, testApi, waitFor } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';

const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '0', JOB_BACKOFF_MS: '10' });

interface SeriesView {
  run: { id: string; as_of: string; quantiles: number[] };
  layout: 'series';
  levels: string[];
  dates: string[];
  series: Array<{
    level: string;
    point: string;
    branch: string;
    channel: string;
    field: string;
    mean: Array<number | null>;
    quantiles: Record<string, Array<number | null>>;
  }>;
}

describe('reading forecast runs through the API', () => {
  let db: Db;
  let t: TestApi;
  let points: string[];
  let runId: string;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    const r = await loadSampleData(db, config, { from: '2025-06-01', until: '2025-09-26' });
    await r.history?.();
    points = (await listPoints(db)).slice(0, 4).map((p) => p.code);
    t = await testApi(db, { config, points: false });
    runId = (await runForecastFromStore(db, config, { asOf: '2025-09-19', horizon: 7, points })).runId;
  }, 240_000);
  afterAll(async () => {
    await t?.app.close();
    await db?.close();
  });

  it('the schema and the use case know the same levels', () => {
    expect(ForecastLevelSchema.anyOf.map((s: { const: string }) => s.const)).toEqual([...FORECAST_LEVELS]);
  });

  it('answers the totals by default, one entry per series over the run’s days, numbers as stored', async () => {
    const res = await t.as('viewer', `/forecasts/${runId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as SeriesView;
    expect(body.layout).toBe('series');
    expect(body.levels).toEqual(['city', 'city_channel', 'city_field', 'branch', 'point']);
    expect(body.dates).toEqual([
      '2025-09-20',
      '2025-09-21',
      '2025-09-22',
      '2025-09-23',
      '2025-09-24',
      '2025-09-25',
      '2025-09-26',
    ]);
    const count = (level: string) => body.series.filter((s) => s.level === level).length;
    expect(count('city')).toBe(1);
    expect(count('city_channel')).toBe(3);
    expect(count('city_field')).toBe(7);
    expect(count('point')).toBe(4);
    expect(count('point_channel') + count('series')).toBe(0);
    const branches = body.series.filter((s) => s.level === 'branch');
    expect(branches.length).toBeGreaterThan(0);
    for (const b of branches) expect(b.branch).toMatch(/^Chi nhánh/);
    for (const s of body.series) {
      expect(s.mean).toHaveLength(7);
      expect(Object.keys(s.quantiles)).toEqual(['0.1', '0.5', '0.9']);
    }
    // Every number is the stored one to 0.01.
    const stored = await db.query<{ date: string; mean: number; quantiles: Record<string, number> }>(
      `SELECT date::text AS date, mean, quantiles FROM forecast_values
       WHERE run_id = $1 AND level = 'point' AND point = $2 AND channel = '' ORDER BY date`,
      [runId, points[1]],
    );
    const mine = body.series.find((s) => s.level === 'point' && s.point === points[1])!;
    expect(stored).toHaveLength(7);
    stored.forEach((r, i) => {
      expect(mine.mean[i]).toBeCloseTo(r.mean, 2);
      expect(mine.quantiles['0.9']![i]).toBeCloseTo(r.quantiles['0.9']!, 2);
    });
    // Reconciled: the city is the sum of its points on every day.
    const city = body.series.find((s) => s.level === 'city')!;
    body.dates.forEach((_, i) => {
      const sum = body.series.filter((s) => s.level === 'point').reduce((a, s) => a + s.mean[i]!, 0);
      expect(city.mean[i]).toBeCloseTo(sum, 1);
    });
  });

  it('layout=rows gives the same numbers, one row per series and day', async () => {
    const series = (await t.as('viewer', `/forecasts/${runId}`)).json() as SeriesView;
    const rows = (await t.as('viewer', `/forecasts/${runId}?layout=rows`)).json() as {
      layout: string;
      values: Array<{ level: string; point: string; branch: string; date: string; mean: number }>;
    };
    expect(rows.layout).toBe('rows');
    expect(rows.values).toHaveLength(series.series.length * series.dates.length);
    for (const s of series.series)
      series.dates.forEach((date, i) => {
        const row = rows.values.find(
          (r) =>
            r.level === s.level &&
            r.point === s.point &&
            r.branch === s.branch &&
            (r as unknown as { channel: string }).channel === s.channel &&
            (r as unknown as { field: string }).field === s.field &&
            r.date === date,
        );
        expect(row?.mean).toBe(s.mean[i]);
      });
  });

  it('picks levels and one point; an unknown level is a 400 naming it', async () => {
    const one = (await t.as('viewer', `/forecasts/${runId}?point=${points[2]}`)).json() as SeriesView;
    expect(one.levels).toEqual(['point', 'point_channel', 'series']);
    expect(new Set(one.series.map((s) => s.point))).toEqual(new Set([points[2]]));
    expect(one.series.filter((s) => s.level === 'point')).toHaveLength(1);
    expect(one.series.filter((s) => s.level === 'point_channel').length).toBeGreaterThanOrEqual(2);
    const stored = await db.query<{ n: number }>(
      `SELECT count(DISTINCT (channel, field))::int AS n FROM forecast_values WHERE run_id = $1 AND level = 'series' AND point = $2`,
      [runId, points[2]],
    );
    expect(one.series.filter((s) => s.level === 'series')).toHaveLength(stored[0]!.n);

    const all = (await t.as('viewer', `/forecasts/${runId}?level=series,city`)).json() as SeriesView;
    expect(all.levels).toEqual(['city', 'series']);
    expect(new Set(all.series.filter((s) => s.level === 'series').map((s) => s.point))).toEqual(
      new Set(points),
    );

    const bad = await t.as('viewer', `/forecasts/${runId}?level=city,district`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([
      expect.objectContaining({ field: 'querystring/level', value: 'district' }),
    ]);
    expect((await t.as('viewer', `/forecasts/${runId}?layout=wide`)).statusCode).toBe(400);
    expect((await t.as('viewer', '/forecasts/fc-none')).statusCode).toBe(404);
  });

  it('gzips when asked, answers 304 to a current ETag, and needs a key', async () => {
    const plain = await t.as('viewer', `/forecasts/${runId}`);
    const etag = String(plain.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const zipped = await t.as('viewer', {
      url: `/forecasts/${runId}`,
      headers: { 'accept-encoding': 'br;q=1, gzip;q=0.8' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(String(zipped.headers.vary)).toMatch(/Accept-Encoding/i);
    expect(zipped.headers.etag).toBe(etag);
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    const again = await t.as('viewer', { url: `/forecasts/${runId}`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await t.as('viewer', {
      url: `/forecasts/${runId}?layout=rows`,
      headers: { 'if-none-match': etag },
    });
    expect(other.statusCode).toBe(200);
    expect((await t.as(undefined, `/forecasts/${runId}`)).statusCode).toBe(401);
  });

  it('compares a run with the dossiers received since: point totals against their actual counts', async () => {
    const res = await t.as('viewer', `/forecasts/${runId}/actuals`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Omit<SeriesView, 'series'> & {
      series: Array<SeriesView['series'][number] & { actual: Array<number | null> }>;
      summary: Record<'city' | 'point', { n: number; mae: number; coverage_p10_p90: number }>;
    };
    expect(body.levels).toEqual(['city', 'point']);
    expect(body.series.map((s) => s.level)).toEqual(['city', 'point', 'point', 'point', 'point']);
    const received = await db.query<{ point: string; date: string; n: number }>(
      `SELECT point, date::text AS date, sum(received)::int AS n FROM daily_volumes
       WHERE point = ANY($1::text[]) AND date > '2025-09-19' AND date <= '2025-09-26' GROUP BY point, date`,
      [points],
    );
    expect(received.length).toBeGreaterThan(0);
    let absError = 0;
    for (const r of received) {
      const s = body.series.find((x) => x.level === 'point' && x.point === r.point)!;
      const i = body.dates.indexOf(r.date);
      expect(s.actual[i]).toBe(r.n);
      absError += Math.abs(r.n - s.mean[i]!);
    }
    // Every compared day is a point total against that point's whole count (not a channel's forecast).
    expect(body.summary.point.n).toBe(received.length);
    expect(body.summary.point.mae).toBeCloseTo(absError / received.length, 1);
    expect(body.summary.point.coverage_p10_p90).toBeGreaterThanOrEqual(0);
    expect(body.summary.point.coverage_p10_p90).toBeLessThanOrEqual(1);
  });

  it('/forecasts/latest names its run and follows a newer run as soon as its job finishes', async () => {
    const latest = await t.as('viewer', '/forecasts/latest');
    expect(latest.statusCode).toBe(200);
    expect(latest.headers['content-location']).toBe(`/forecasts/${runId}`);
    expect(latest.body).toBe((await t.as('viewer', `/forecasts/${runId}`)).body);

    const job = await t.as('scheduler', {
      method: 'POST',
      url: '/forecasts',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ asOf: '2025-09-24', horizon: 2, points }),
    });
    expect(job.statusCode).toBe(202);
    const id = job.json().job.id as string;
    await waitFor(async () => {
      const j = (await t.as('viewer', `/jobs/${id}`)).json();
      return j.state === 'completed' ? j : undefined;
    }, 120_000);
    const newer = (await t.as('viewer', '/forecasts/latest')).json() as SeriesView;
    expect(newer.run.as_of).toBe('2025-09-24');
    expect(newer.dates).toEqual(['2025-09-25', '2025-09-26']);
  });
});

describe('answers kept encoded', () => {
  it('knows which clients take gzip', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('drops the least recently used answers beyond its byte budget', () => {
    const big = { text: 'x'.repeat(3000) };
    const one = new EncodedAnswerCache(10_000).put('a', big);
    const size = one.json.length + one.gzip.length;
    const cache = new EncodedAnswerCache(size * 2 + 10);
    cache.put('a', big);
    cache.put('b', big);
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.put('c', big);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(2);
    // An answer larger than the whole budget is served but not kept.
    new EncodedAnswerCache(10).put('z', big);
    const tiny = new EncodedAnswerCache(10);
    tiny.put('z', big);
    expect(tiny.size).toBe(0);
  });
});
