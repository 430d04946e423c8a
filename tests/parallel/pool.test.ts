import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/parallel/pool.ts';

describe('WorkerPool', () => {
  const pool = new WorkerPool(new URL('./fixture-module.ts', import.meta.url), 2);
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
