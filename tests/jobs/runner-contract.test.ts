import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import { DomainError } from '../../src/core/errors.ts';
import { InlineRunner } from '../../src/jobs/inline.ts';
import { BullMqRunner } from '../../src/jobs/queues.ts';
import { type JobRunner, type JobView, type Processors, QUEUES } from '../../src/jobs/types.ts';
import { startWorkers, type WorkerHandle } from '../../src/jobs/worker.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { waitFor } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';
import { describeRedis, uniquePrefix } from '../helpers/redis.ts';

/**
 * Test processors on the import queue: they exercise the job machinery (progress, retries, permanent
 * failures by code, flows); the real processors are tested through the API and the fault tests.
 */
const tries = new Map<string, number>();
const processors: Processors = {
  import: async (data, ctx) => {
    const d = data as { n?: number; failTimes?: number; ms?: number };
    tries.set(ctx.job.id, (tries.get(ctx.job.id) ?? 0) + 1);
    switch (ctx.job.name) {
      case 'echo':
        await ctx.progress(50, 'forecasting');
        return { doubled: (d.n ?? 0) * 2, attempt: ctx.job.attempt };
      case 'flaky':
        if ((tries.get(ctx.job.id) ?? 0) <= (d.failTimes ?? 0))
          throw new Error('connection reset (transient)');
        return { ok: true, attempt: ctx.job.attempt };
      case 'invalid':
        // A plain object with a domain code, as errors look after crossing Redis: permanent by code.
        throw Object.assign(new Error('row 3 is bad'), {
          code: 'INPUT_INVALID',
          details: [{ line: 3, reason: 'bad' }],
        });
      case 'unavailable':
        throw new DomainError('STORE_UNAVAILABLE', 'database down');
      case 'slow':
        await ctx.progress(10, 'simulating');
        await new Promise((r) => setTimeout(r, d.ms ?? 300));
        await ctx.progress(90, 'saving');
        return { slept: d.ms ?? 300 };
      case 'sum': {
        const children = await ctx.childResults();
        return {
          total: Object.values(children).reduce((s: number, r) => s + (r as { doubled: number }).doubled, 0),
          children: Object.keys(children).sort(),
        };
      }
      default:
        throw new DomainError('INPUT_INVALID', `unknown ${ctx.job.name}`);
    }
  },
};

const finished = (id: string, runner: JobRunner) =>
  waitFor(async () => {
    const j = await runner.get(id);
    return j && (j.state === 'completed' || j.state === 'failed') ? j : undefined;
  });

function contract(name: string, setup: () => Promise<{ runner: JobRunner; teardown: () => Promise<void> }>) {
  describe(`job runner contract [${name}]`, () => {
    let runner: JobRunner;
    let teardown: () => Promise<void>;
    beforeAll(async () => {
      ({ runner, teardown } = await setup());
    });
    afterAll(async () => teardown());

    it('runs a job: progress, result, timestamps; the same id twice is one job', async () => {
      const first = await runner.enqueue({
        queue: 'import',
        name: 'echo',
        id: `import-echo-${name}`,
        data: { n: 21 },
      });
      expect(first.created).toBe(true);
      expect(['waiting', 'active', 'completed']).toContain(first.job.state);
      const again = await runner.enqueue({
        queue: 'import',
        name: 'echo',
        id: `import-echo-${name}`,
        data: { n: 99 },
      });
      expect(again.created).toBe(false);
      const done = await finished(`import-echo-${name}`, runner);
      expect(done).toMatchObject({
        state: 'completed',
        result: { doubled: 42, attempt: 1 },
        attempts: 1,
        queue: 'import',
      });
      expect(done.progress.pct).toBe(100);
      expect(done.data).toEqual({ n: 21 });
      expect(done.finishedAt! >= done.startedAt!).toBe(true);
      expect(tries.get(`import-echo-${name}`)).toBe(1);
    });

    it('concurrent triggers of the same job give one job', async () => {
      const id = `import-race-${name}`;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          runner.enqueue({
            queue: 'import',
            name: 'echo',
            id,
            data: { n: i, requested: { by: 't', requestId: `r${i}` } },
          }),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.job.id))).toEqual(new Set([id]));
      const done = await finished(id, runner);
      expect(done.state).toBe('completed');
      expect(tries.get(id)).toBe(1);
    });

    it('retries transient failures with backoff, then succeeds', async () => {
      const id = `import-flaky-${name}`;
      await runner.enqueue({ queue: 'import', name: 'flaky', id, data: { failTimes: 2 } });
      const done = await finished(id, runner);
      expect(done).toMatchObject({ state: 'completed', attempts: 3, result: { ok: true, attempt: 3 } });
    });

    it('keeps the reason of a job that failed after its retries, and retries it on request', async () => {
      const id = `import-unavailable-${name}`;
      await runner.enqueue({ queue: 'import', name: 'unavailable', id, data: {} });
      const failed = await finished(id, runner);
      expect(failed).toMatchObject({
        state: 'failed',
        attempts: 3,
        error: { code: 'STORE_UNAVAILABLE', message: 'database down' },
      });
      const retried = await runner.retry(id);
      expect(['waiting', 'active', 'failed', 'delayed']).toContain(retried.state);
      await waitFor(async () => ((tries.get(id) ?? 0) >= 6 ? true : undefined));
      expect((await finished(id, runner)).state).toBe('failed');
    });

    it('does not retry an invalid input (decided by the error code), and keeps its details', async () => {
      const id = `import-invalid-${name}`;
      await runner.enqueue({ queue: 'import', name: 'invalid', id, data: {} });
      const failed = await finished(id, runner);
      expect(failed).toMatchObject({
        state: 'failed',
        attempts: 1,
        error: { code: 'INPUT_INVALID', message: 'row 3 is bad', details: [{ line: 3, reason: 'bad' }] },
      });
      expect(tries.get(id)).toBe(1);
      await expect(runner.retry(`import-echo-${name}`)).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(runner.retry('import-nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('shows progress while a job runs', async () => {
      const id = `import-slow-${name}`;
      await runner.enqueue({ queue: 'import', name: 'slow', id, data: { ms: 600 } });
      const mid = await waitFor(async () => {
        const j = await runner.get(id);
        return j?.state === 'active' && j.progress.pct === 10 ? j : undefined;
      });
      expect(mid.progress).toEqual({ pct: 10, stage: 'simulating' });
      expect((await finished(id, runner)).result).toEqual({ slept: 600 });
    });

    it('fans out as child jobs and aggregates them in the parent', async () => {
      const parent = `import-sum-${name}`;
      const out = await runner.enqueue({
        queue: 'import',
        name: 'sum',
        id: parent,
        data: {},
        children: [1, 2, 3].map((n) => ({
          queue: 'import' as const,
          name: 'echo',
          id: `import-child-${name}-${n}`,
          data: { n },
        })),
      });
      expect(out.created).toBe(true);
      const done = await finished(parent, runner);
      expect(done.result).toEqual({ total: 12, children: [1, 2, 3].map((n) => `import-child-${name}-${n}`) });
      expect((await runner.get(`import-child-${name}-2`))?.parent).toBe(parent);
    });

    it('lists jobs and counts them per queue and state', async () => {
      const jobs: JobView[] = await runner.list({ queue: 'import', state: 'failed' });
      expect(jobs.map((j) => j.id)).toContain(`import-invalid-${name}`);
      const counts = await runner.counts();
      expect(Object.keys(counts).sort()).toEqual([...QUEUES].sort());
      expect(counts.import.completed).toBeGreaterThanOrEqual(5);
      await expect(runner.ping()).resolves.toBeUndefined();
    });

    it('installs the cron schedules and reports their next run', async () => {
      await runner.installSchedules([
        {
          id: 'nightly-forecast',
          queue: 'forecast',
          name: 'nightly',
          cron: '0 1 * * *',
          tz: 'Asia/Ho_Chi_Minh',
        },
        { id: 'weekly-plan', queue: 'plan', name: 'weekly', cron: 'off', tz: 'Asia/Ho_Chi_Minh' },
      ]);
      const s = await runner.schedules();
      expect(s).toHaveLength(1);
      expect(s[0]).toMatchObject({
        id: 'nightly-forecast',
        queue: 'forecast',
        cron: '0 1 * * *',
        tz: 'Asia/Ho_Chi_Minh',
      });
      // 01:00 in Hanoi is 18:00 UTC.
      expect(s[0]!.next).toMatch(/T18:00:00\.000Z$/);
      await runner.installSchedules([
        { id: 'nightly-forecast', queue: 'forecast', name: 'nightly', cron: 'off', tz: 'Asia/Ho_Chi_Minh' },
      ]);
      expect(await runner.schedules()).toHaveLength(0);
    });
  });
}

let db: Db;
const logger = createLogger('silent');
beforeAll(async () => {
  db = await pgliteBackend.open();
});
afterAll(async () => db?.close());

contract('inline', async () => {
  const config = loadConfig({ JOB_BACKOFF_MS: '20' });
  const runner = new InlineRunner({ db, config, logger, processors });
  return { runner, teardown: () => runner.close() };
});

describeRedis('BullMQ', (url) => {
  contract('bullmq', async () => {
    const config: Config = loadConfig({
      REDIS_URL: url,
      QUEUE_PREFIX: uniquePrefix('contract'),
      JOB_BACKOFF_MS: '20',
      JOB_LOCK_MS: '5000',
    });
    const runner = new BullMqRunner(config, logger);
    const workers: WorkerHandle = await startWorkers({
      db,
      config,
      logger,
      queues: ['import'],
      processors,
      concurrency: 2,
    });
    return {
      runner,
      teardown: async () => {
        await workers.close();
        for (const q of QUEUES) await runner.queue(q).obliterate({ force: true });
        await runner.close();
      },
    };
  });
});

describe('in-process schedules', () => {
  it('fires a cron trigger once in its minute (Asia/Ho_Chi_Minh)', async () => {
    const seen: string[] = [];
    const runner = new InlineRunner({
      db,
      config: loadConfig({}),
      logger,
      processors: { forecast: async (_d, ctx) => seen.push(ctx.job.id) },
    });
    await runner.installSchedules([
      {
        id: 'nightly-forecast',
        queue: 'forecast',
        name: 'nightly',
        cron: '0 1 * * *',
        tz: 'Asia/Ho_Chi_Minh',
      },
    ]);
    runner.tick(Date.parse('2026-11-25T17:59:30Z')); // 00:59 in Hanoi: nothing
    runner.tick(Date.parse('2026-11-25T18:00:10Z')); // 01:00
    runner.tick(Date.parse('2026-11-25T18:00:50Z')); // same minute again: once only
    await waitFor(async () => (seen.length ? true : undefined));
    await runner.close();
    expect(seen).toEqual(['forecast-nightly-forecast-2026-11-26-01-00']);
  });
});
