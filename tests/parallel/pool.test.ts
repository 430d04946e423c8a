import { afterAll, describe, expect, it } from 'vitest';
import { WorkerExitedError, WorkerPool } from '../../src/parallel/pool.ts';
import { niceness } from './fixture-module.ts';

const fixture = new URL('./fixture-module.ts', import.meta.url);

describe('WorkerPool', () => {
  const pool = new WorkerPool(fixture, 2);
  afterAll(() => pool.close());

  it('runs TypeScript exports in worker threads, results in input order', async () => {
    expect(await pool.map('square', [1, 2, 3, 4, 5])).toEqual([1, 4, 9, 16, 25]);
  });

  it('carries domain error codes back across the thread boundary', async () => {
    await expect(pool.run('fail')).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      details: [{ field: '/x' }],
    });
  });
});

describe('WorkerPool with a worker that dies', () => {
  it('fails the call the worker was running and replaces the worker: the pool keeps its size', async () => {
    const pool = new WorkerPool(fixture, 1);
    try {
      expect(await pool.run('square', 3)).toBe(9);
      const [before] = pool.threadIds();
      const crashed = pool.run('crash', 7);
      // Queued behind the crash: runs on the replacement.
      const next = pool.run('square', 4);
      await expect(crashed).rejects.toBeInstanceOf(WorkerExitedError);
      await expect(crashed).rejects.toMatchObject({ code: 'WORKER_EXITED', exitCode: 7 });
      expect(await next).toBe(16);
      expect(pool.replaced).toBe(1);
      expect(pool.threadIds()).toHaveLength(1);
      expect(pool.threadIds()[0]).not.toBe(before);
    } finally {
      await pool.close();
    }
  });

  it('an uncaught error in a worker fails its call with the error, and the next calls still run', async () => {
    const pool = new WorkerPool(fixture, 2);
    try {
      const results = await Promise.allSettled([
        pool.run('throwLater'),
        pool.run('square', 2),
        pool.run('throwLater'),
        pool.run('square', 5),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
      const err = (results[0] as PromiseRejectedResult).reason as WorkerExitedError;
      expect(err.message).toContain('boom in the worker');
      expect(err.msg.key).toBe('job.worker_exited');
      expect(await pool.map('square', [1, 2, 3])).toEqual([1, 4, 9]);
      expect(pool.replaced).toBe(2);
      expect(pool.threadIds()).toHaveLength(2);
    } finally {
      await pool.close();
    }
  });

  it('a closed pool refuses calls and does not restart its workers', async () => {
    const pool = new WorkerPool(fixture, 1);
    expect(await pool.run('square', 2)).toBe(4);
    await pool.close();
    await expect(pool.run('square', 2)).rejects.toThrow('closed');
    expect(pool.replaced).toBe(0);
    expect(pool.threadIds()).toHaveLength(0);
  });
});

describe.runIf(process.platform === 'linux')('WorkerPool nice', () => {
  it("lowers its threads' priority, not this thread's", async () => {
    const pool = new WorkerPool(fixture, 2, { nice: 7 });
    try {
      expect(await pool.map('niceness', [0, 1])).toEqual([7, 7]);
      // This thread keeps its own.
      expect(await niceness()).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
