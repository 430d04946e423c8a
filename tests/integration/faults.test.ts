import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/config.ts';
import { forecastJobId, importJobId } from '../../src/jobs/ids.ts';
import { BullMqRunner } from '../../src/jobs/queues.ts';
import { type EnqueueRequest, type JobView, type Processors, QUEUES } from '../../src/jobs/types.ts';
import { startWorkers } from '../../src/jobs/worker.ts';
import { createLogger } from '../../src/logger.ts';
import { type Db, openDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { upsertPoints } from '../../src/store/points-repo.ts';
import { saveUpload } from '../../src/store/uploads-repo.ts';
import { createApiKey } from '../../src/usecases/api-keys.ts';
import { forecastRunId } from '../../src/usecases/forecast-run.ts';
import { TEST_POINTS, waitFor } from '../helpers/api.ts';
import { databaseUrl, redisUrl, requireServices } from '../helpers/backends.ts';
import { freePort, startCli, stopChild, TcpProxy } from '../helpers/procs.ts';
import { uniquePrefix } from '../helpers/redis.ts';

/**
 * Fault tests against the real PostgreSQL and Redis (CI): a worker killed mid-job, Redis restarted
 * mid-run, PostgreSQL cut off, racing triggers. Each test uses its own queue prefix, its own Postgres schema,
 * its own redis-server (for the restart) and its own TCP proxy (for the cut), so the shared services stay up
 * for the other test files.
 */
function describeServices(title: string, suite: () => void) {
  if (databaseUrl && redisUrl) describe(title, suite);
  else if (requireServices)
    describe(title, () => {
      it('needs DATABASE_URL and REDIS_URL (DIEUPHOI_REQUIRE_SERVICES=1)', () => {
        throw new Error('DATABASE_URL and REDIS_URL must be set when DIEUPHOI_REQUIRE_SERVICES=1');
      });
    });
  else describe.skip(`${title} (set DATABASE_URL and REDIS_URL to run)`, suite);
}

const logger = createLogger('silent');
const finished = (runner: BullMqRunner, id: string, ms = 90_000) =>
  waitFor<JobView>(
    async () => {
      const j = await runner.get(id).catch(() => undefined);
      return j && (j.state === 'completed' || j.state === 'failed') ? j : undefined;
    },
    ms,
    100,
  );

describeServices('fault tolerance', () => {
  const schema = `t_faults_${Math.random().toString(36).slice(2, 10)}`;
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ databaseUrl, schema });
    await migrate(db);
    await upsertPoints(db, TEST_POINTS);
  });
  afterAll(async () => {
    await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  });

  /**
   * Starts a worker process on the job's queue, enqueues the job, kills the worker with SIGKILL once the job
   * is active at `killAtPct` percent or more, starts a second worker, and waits for the job to end. Returns
   * the job as it was when the worker died and as it ended; the queues are emptied afterwards.
   */
  async function killWorkerMidJob(
    name: string,
    job: EnqueueRequest,
    opts: { killAtPct: number; activeMs: number; finishMs?: number },
  ): Promise<{ mid: JobView; done: JobView }> {
    const env = {
      REDIS_URL: redisUrl!,
      DATABASE_URL: databaseUrl!,
      DATABASE_SCHEMA: schema,
      QUEUE_PREFIX: uniquePrefix(name),
      JOB_LOCK_MS: '4000',
    };
    const runner = new BullMqRunner(loadConfig(env), logger);
    let a: ChildProcess | undefined;
    let b: ChildProcess | undefined;
    try {
      a = await startCli(['worker', '--queues', job.queue], env);
      await runner.enqueue(job);
      const mid = await waitFor(
        async () => {
          const j = await runner.get(job.id);
          return j?.state === 'active' && j.progress.pct >= opts.killAtPct ? j : undefined;
        },
        opts.activeMs,
        20,
      );
      a.kill('SIGKILL');
      b = await startCli(['worker', '--queues', job.queue], env);
      return { mid, done: await finished(runner, job.id, opts.finishMs) };
    } finally {
      await stopChild(a);
      await stopChild(b, 'SIGTERM');
      for (const q of QUEUES)
        await runner
          .queue(q)
          .obliterate({ force: true })
          .catch(() => {});
      await runner.close();
    }
  }

  it('kill -9 of a worker in the middle of an import: another worker finishes it, the rows are stored once', async () => {
    // ~100,000 rows (3.5 MB): long enough to be killed while validating.
    const days = 2500;
    const combos = TEST_POINTS.flatMap((p) =>
      ['in_person', 'online', 'postal'].flatMap((c) =>
        [
          'land',
          'social_policy',
          'civil_status',
          'certification',
          'business_household',
          'construction',
          'other',
        ].map((f) => `${p.code},${c},${f}`),
      ),
    );
    const lines = ['date,point,channel,field,received'];
    let expectedSum = 0;
    for (let d = 0; d < days; d++) {
      const date = new Date(Date.UTC(2000, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
      combos.forEach((k, i) => {
        const n = (d + i) % 17;
        expectedSum += n;
        const [point, channel, field] = k.split(',');
        lines.push(`${date},${point},${channel},${field},${n}`);
      });
    }
    const rows = days * combos.length;
    const uploadId = await saveUpload(db, 'volumes', Buffer.from(`${lines.join('\n')}\n`));
    const id = importJobId('volumes', uploadId.slice('volumes-'.length));
    const { mid, done } = await killWorkerMidJob(
      'kill',
      { queue: 'import', name: 'run', id, data: { kind: 'volumes', uploadId } },
      { killAtPct: 10, activeMs: 60_000 },
    );
    expect(mid.progress.stage).toMatch(/validating|writing/);
    expect(done.state, JSON.stringify(done.error)).toBe('completed');
    expect(done.result).toMatchObject({ kind: 'volumes', rows, changed: rows });
    const [stored] = await db.query<{ n: number; s: number }>(
      'SELECT count(*)::int AS n, sum(received)::int AS s FROM daily_volumes',
    );
    expect(stored).toEqual({ n: rows, s: expectedSum });
  });

  it('kill -9 of a worker in the middle of a forecast: another worker finishes it, one run is stored', async () => {
    // 40 points × 21 series × 2 years: several seconds of fitting, so the worker dies while forecasting.
    const points = Array.from({ length: 40 }, (_, i) => ({
      ...TEST_POINTS[i % 2]!,
      code: `F${String(i).padStart(2, '0')}`,
      name: `Điểm dự báo ${i}`,
    }));
    await upsertPoints(db, points);
    let csv = '';
    const start = Date.UTC(2024, 0, 1);
    for (let d = 0; d < 730; d++) {
      const day = new Date(start + d * 86_400_000);
      if (day.getUTCDay() === 0) continue;
      const date = day.toISOString().slice(0, 10);
      points.forEach((p, i) => {
        for (let c = 1; c <= 3; c++)
          for (let f = 1; f <= 7; f++)
            csv += `${p.code},${date},${c},${f},${3 + ((d * 7 + i * 3 + c * 5 + f) % 11)},0,0,0\n`;
      });
    }
    await db.copyCsv(
      'daily_volumes',
      ['point', 'date', 'channel_id', 'field_id', 'received', 'resolved', 'on_time', 'overdue'],
      csv,
    );
    const request = { asOf: '2025-12-30', horizon: 7, points: points.map((p) => p.code) };
    const { mid, done } = await killWorkerMidJob(
      'killfc',
      {
        queue: 'forecast',
        name: 'run',
        id: forecastJobId(request),
        data: { ...request, requested: { by: 'test', requestId: 'kill' } },
      },
      { killAtPct: 15, activeMs: 90_000, finishMs: 180_000 },
    );
    expect(mid.progress.stage).toBe('forecasting');
    expect(done.state, JSON.stringify(done.error)).toBe('completed');
    const runId = forecastRunId(request);
    expect(done.result).toMatchObject({ runId, series: 40 * 21 });
    const runs = await db.query<{ id: string; status: string }>('SELECT id, status FROM forecast_runs');
    expect(runs).toEqual([{ id: runId, status: 'complete' }]);
    const [values] = await db.query<{ n: number; keys: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT (point, channel, field, date))::int AS keys
       FROM forecast_values WHERE run_id = $1 AND level = 'series'`,
      [runId],
    );
    expect(values).toEqual({ n: 40 * 21 * 7, keys: 40 * 21 * 7 });
  }, 300_000);

  it('Redis restarted during a run: the workers reconnect and the run completes', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'dp-redis-'));
    // Our own redis-server (append-only file on, so the queue survives its restart); the shared one stays up.
    const startRedis = async () => {
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
          '--dir',
          dir,
        ],
        {
          stdio: 'ignore',
        },
      );
      await waitFor(
        async () => {
          const p = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] });
          let out = '';
          p.stdout.on('data', (d) => {
            out += d;
          });
          await new Promise((r) => p.once('exit', r));
          return out.includes('PONG') ? true : undefined;
        },
        10_000,
        100,
      );
      return child;
    };
    let redis = await startRedis();
    const config = loadConfig({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      QUEUE_PREFIX: uniquePrefix('restart'),
      JOB_LOCK_MS: '3000',
      JOB_BACKOFF_MS: '100',
    });
    const runs: string[] = [];
    const processors: Processors = {
      import: async (data, ctx) => {
        runs.push(ctx.job.id);
        for (let i = 1; i <= 20; i++) {
          await new Promise((r) => setTimeout(r, 100));
          await ctx.progress(i * 5, 'writing');
        }
        return { n: (data as { n: number }).n };
      },
    };
    const runner = new BullMqRunner(config, logger);
    const workers = await startWorkers({ db, config, logger, queues: ['import'], processors });
    try {
      await runner.enqueue({ queue: 'import', name: 'slow', id: 'import-during-restart', data: { n: 1 } });
      await waitFor(async () =>
        ((await runner.get('import-during-restart'))?.progress.pct ?? 0) >= 20 ? true : undefined,
      );
      await stopChild(redis, 'SIGTERM'); // a clean shutdown, as a restart does
      await new Promise((r) => setTimeout(r, 1000));
      redis = await startRedis();
      const done = await finished(runner, 'import-during-restart', 60_000);
      expect(done).toMatchObject({ state: 'completed', result: { n: 1 } });
      // The workers are back for new work too.
      await runner.enqueue({ queue: 'import', name: 'slow', id: 'import-after-restart', data: { n: 2 } });
      expect((await finished(runner, 'import-after-restart', 60_000)).result).toEqual({ n: 2 });
    } finally {
      await workers.close();
      await runner.close();
      await stopChild(redis, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL unreachable: /ready 503, requests fail cleanly with 503, and the service recovers', async () => {
    const target = new URL(databaseUrl!);
    const proxy = new TcpProxy(await freePort(), {
      host: target.hostname,
      port: Number(target.port || 5432),
    });
    await proxy.restore();
    const viaProxy = new URL(databaseUrl!);
    viaProxy.port = String(proxy.port);
    const proxied = await openDb({ databaseUrl: viaProxy.toString(), schema });
    // No read cache: it would (rightly) keep answering recent reads during the outage; this checks the store path.
    const config = loadConfig({
      REDIS_URL: redisUrl!,
      QUEUE_PREFIX: uniquePrefix('pgcut'),
      RATE_LIMIT_PER_MINUTE: '0',
      READ_CACHE_MS: '0',
    });
    const runner = new BullMqRunner(config, logger);
    const { key } = await createApiKey(db, { name: 'pg cut', role: 'planner' });
    const app = await buildApp({ db: proxied, config, logger, jobs: runner });
    const auth = { authorization: `Bearer ${key}` };
    try {
      expect((await app.inject('/ready')).statusCode).toBe(200);
      expect((await app.inject({ url: '/points', headers: auth })).statusCode).toBe(200);
      await proxy.cut();
      const ready = await app.inject('/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', queue: 'ok (bullmq)' });
      for (const req of [
        { url: '/points', headers: auth },
        {
          url: '/calendar/closures',
          method: 'POST' as const,
          headers: { ...auth, 'content-type': 'application/json' },
          payload: '{"date":"2026-03-02","name":"x","closed":true}',
        },
      ]) {
        const res = await app.inject(req);
        expect(res.statusCode).toBe(503);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(res.json().code).toBe('STORE_UNAVAILABLE');
        expect(res.body).not.toMatch(/\.ts:\d+/);
      }
      await proxy.restore();
      await waitFor(
        async () => ((await app.inject('/ready')).statusCode === 200 ? true : undefined),
        30_000,
        200,
      );
      const points = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM points');
      expect((await app.inject({ url: '/points', headers: auth })).json().count).toBe(points[0]!.n);
    } finally {
      await app.close();
      await proxied.close().catch(() => {});
      await proxy.cut();
      await runner.close();
    }
  });

  it('Redis unreachable: /ready 503 and job triggers fail cleanly with 503', async () => {
    const config = loadConfig({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      QUEUE_PREFIX: 'none',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const runner = new BullMqRunner(config, logger);
    const { key } = await createApiKey(db, { name: 'no redis', role: 'scheduler' });
    const app = await buildApp({ db, config, logger, jobs: runner });
    try {
      const ready = await app.inject('/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ database: 'ok' });
      const res = await app.inject({
        url: '/forecasts',
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        payload: '{"asOf":"2026-01-04"}',
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('QUEUE_UNAVAILABLE');
    } finally {
      await app.close();
      await runner.close();
    }
  });

  it('two API replicas triggering the same forecast at once: one job', async () => {
    const config = loadConfig({
      REDIS_URL: redisUrl!,
      QUEUE_PREFIX: uniquePrefix('race'),
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const runners = [new BullMqRunner(config, logger), new BullMqRunner(config, logger)];
    const { key } = await createApiKey(db, { name: 'race', role: 'scheduler' });
    const apps = await Promise.all(runners.map((jobs) => buildApp({ db, config, logger, jobs })));
    try {
      const responses = await Promise.all(
        [0, 1, 0, 1, 0, 1].map((i) =>
          apps[i]!.inject({
            url: '/forecasts',
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            payload: '{"asOf":"2026-01-04","horizon":14}',
          }),
        ),
      );
      const bodies = responses.map((r) => r.json());
      expect(new Set(bodies.map((b) => b.job.id))).toEqual(new Set(['forecast-2026-01-04-h14-all']));
      expect(bodies.filter((b) => b.created)).toHaveLength(1);
      expect((await runners[0]!.list({ queue: 'forecast' })).length).toBe(1);
    } finally {
      for (const a of apps) await a.close();
      for (const q of QUEUES) await runners[0]!.queue(q).obliterate({ force: true });
      for (const r of runners) await r.close();
    }
  });
});
