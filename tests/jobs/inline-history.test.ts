import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { InlineRunner } from '../../src/jobs/inline.ts';
import type { Processors } from '../../src/jobs/types.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { waitFor } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';

const config = loadConfig({ JOB_BACKOFF_MS: '10' });
const logger = createLogger('silent');

/**
 * Processors whose `hang` jobs never finish their first attempt: the runner that takes one stands for a
 * process that died mid-job. A later attempt (after the restart) completes.
 */
function processors(runs: string[]): Processors {
  return {
    import: async (data, ctx) => {
      runs.push(`${ctx.job.id}#${ctx.job.attempt}`);
      if (ctx.job.name === 'hang' && ctx.job.attempt === 1) await new Promise(() => {});
      if (ctx.job.name === 'bad') throw Object.assign(new Error('row 2 is bad'), { code: 'INPUT_INVALID' });
      if (ctx.job.name === 'sum') return { children: Object.keys(await ctx.childResults()).sort() };
      return { n: (data as { n: number }).n * 2 };
    },
  };
}

const stateIn = (db: Db, id: string) =>
  db.query<{ state: string }>('SELECT state FROM job_history WHERE id = $1', [id]).then((r) => r[0]?.state);

describe('in-process jobs survive a restart (job_history in the store)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await pgliteBackend.open();
  });
  afterAll(() => db.close());

  it('lists finished jobs after a restart, keeps a repeated trigger as one job, and re-runs the interrupted', async () => {
    const firstRuns: string[] = [];
    const first = new InlineRunner({ db, config, logger, processors: processors(firstRuns) });
    await first.enqueue({ queue: 'import', name: 'echo', id: 'import-done', data: { n: 21 } });
    await first.enqueue({ queue: 'import', name: 'bad', id: 'import-bad', data: {} });
    await first.enqueue({ queue: 'import', name: 'hang', id: 'import-hung', data: {} });
    await first.enqueue({ queue: 'import', name: 'echo', id: 'import-queued', data: { n: 5 } });
    await waitFor(async () => ((await stateIn(db, 'import-hung')) === 'active' ? true : undefined));
    expect(await stateIn(db, 'import-done')).toBe('completed');
    expect(await stateIn(db, 'import-bad')).toBe('failed');
    expect(await stateIn(db, 'import-queued')).toBe('waiting');
    // The first process "dies" here: it is never closed, and its hung job never ends.

    const runs: string[] = [];
    const second = new InlineRunner({ db, config, logger, processors: processors(runs) });
    const done = await second.get('import-done');
    expect(done).toMatchObject({ state: 'completed', result: { n: 42 }, attempts: 1 });
    expect(await second.get('import-bad')).toMatchObject({
      state: 'failed',
      error: { code: 'INPUT_INVALID', message: 'row 2 is bad' },
    });
    const again = await second.enqueue({ queue: 'import', name: 'echo', id: 'import-done', data: { n: 1 } });
    expect(again.created).toBe(false);
    // The queued job runs once, now; the interrupted one is run again as its second attempt.
    const queued = await waitFor(async () => {
      const j = await second.get('import-queued');
      return j?.state === 'completed' ? j : undefined;
    });
    expect(queued.result).toEqual({ n: 10 });
    const hung = await waitFor(async () => {
      const j = await second.get('import-hung');
      return j?.state === 'completed' ? j : undefined;
    });
    expect(hung.attempts).toBe(2);
    expect(runs).toContain('import-hung#2');
    expect(runs).not.toContain('import-done#1');
    expect((await second.list()).map((j) => j.id).sort()).toEqual([
      'import-bad',
      'import-done',
      'import-hung',
      'import-queued',
    ]);
    expect(firstRuns).not.toContain('import-queued#1');
  });

  it('a parent whose process died waits for its unfinished children, then runs', async () => {
    await db.exec('TRUNCATE job_history');
    const first = new InlineRunner({ db, config, logger, processors: processors([]) });
    await first.enqueue({
      queue: 'import',
      name: 'sum',
      id: 'import-parent',
      data: {},
      children: [
        { queue: 'import', name: 'echo', id: 'import-child-a', data: { n: 1 } },
        { queue: 'import', name: 'hang', id: 'import-child-b', data: {} },
      ],
    });
    await waitFor(async () => ((await stateIn(db, 'import-child-b')) === 'active' ? true : undefined));
    expect(await stateIn(db, 'import-parent')).toBe('waiting-children');

    // After the restart the hung child's second attempt completes, and then the parent runs.
    const runs: string[] = [];
    const second = new InlineRunner({ db, config, logger, processors: processors(runs) });
    const parent = await waitFor(async () => {
      const j = await second.get('import-parent');
      return j?.state === 'completed' ? j : undefined;
    });
    expect(parent.result).toEqual({ children: ['import-child-a', 'import-child-b'] });
    expect(runs).not.toContain('import-child-a#1');
    expect(runs).toContain('import-child-b#2');
    await second.close();
    expect(await stateIn(db, 'import-parent')).toBe('completed');
  });
});
