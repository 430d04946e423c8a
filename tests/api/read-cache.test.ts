import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerReadCache } from '../../src/api/plugins/read-cache.ts';
import type { FinishedEvent, JobRunner } from '../../src/jobs/types.ts';

/**
 * The read cache (api/plugins/read-cache.ts) in front of a store that is busy: one read per URL at a time
 * goes to the store, the others wait for its answer; an expired answer is served while one reader refreshes
 * it; writes and finished jobs forget every answer. No timings: a gate stands for the busy store.
 */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

async function appWithCache() {
  let clock = 0;
  const listeners: Array<(e: FinishedEvent) => void> = [];
  const jobs = { onFinished: (l: (e: FinishedEvent) => void) => listeners.push(l) } as unknown as JobRunner;
  const app = Fastify();
  registerReadCache(app, jobs, 1000, { maxStaleMs: 10_000, now: () => clock });
  let version = 1;
  let reads = 0;
  let store = gate();
  store.open();
  app.get('/thing', { config: { cache: true } }, async () => {
    reads++;
    await store.opened;
    return { version };
  });
  app.post('/thing', async () => {
    version++;
    return { version };
  });
  await app.ready();
  return {
    app,
    reads: () => reads,
    /** The store holds its next reads until `open()`. */
    busy() {
      store = gate();
      return store;
    },
    tick: (ms: number) => {
      clock += ms;
    },
    finishJob: (child = false) => {
      for (const l of listeners)
        l({ queue: 'forecast', name: 'run', ok: true, seconds: 1, ...(child ? { child } : {}) });
    },
    setVersion: (v: number) => {
      version = v;
    },
  };
}

describe('read cache', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('sends one read per URL to a busy store; the readers that missed meanwhile get its answer', async () => {
    const t = await appWithCache();
    app = t.app;
    const store = t.busy();
    const answers = Array.from({ length: 8 }, () => t.app.inject('/thing'));
    await new Promise((r) => setImmediate(r));
    store.open();
    const res = await Promise.all(answers);
    expect(t.reads()).toBe(1);
    expect(res.map((r) => r.json().version)).toEqual(Array(8).fill(1));
    expect(res.filter((r) => r.headers['x-cache'] === undefined)).toHaveLength(1);
  });

  it('serves an expired answer while one reader refreshes it from a busy store', async () => {
    const t = await appWithCache();
    app = t.app;
    expect((await t.app.inject('/thing')).json().version).toBe(1);
    t.setVersion(2); // another process wrote: this one learns it at the refresh
    t.tick(1500);
    const store = t.busy();
    const order: string[] = [];
    const refresher = t.app.inject('/thing').then((r) => {
      order.push(`refresh ${r.json().version}`);
      return r;
    });
    await new Promise((r) => setImmediate(r));
    const stale = await t.app.inject('/thing');
    order.push(`stale ${stale.json().version}`);
    expect(stale.headers['x-cache']).toBe('stale');
    store.open();
    await refresher;
    expect(order).toEqual(['stale 1', 'refresh 2']);
    const fresh = await t.app.inject('/thing');
    expect(fresh.headers['x-cache']).toBe('hit');
    expect(fresh.json().version).toBe(2);
    expect(t.reads()).toBe(2);
  });

  it('serves no answer older than a write or a finished job, nor one too old', async () => {
    const t = await appWithCache();
    app = t.app;
    await t.app.inject('/thing');
    // A write through this process: the next read is answered from the store, even while it is busy.
    await t.app.inject({ method: 'POST', url: '/thing' });
    let store = t.busy();
    let next = t.app.inject('/thing');
    await new Promise((r) => setImmediate(r));
    store.open();
    expect((await next).json().version).toBe(2);
    // A finished job: the same.
    t.setVersion(3);
    t.finishJob();
    store = t.busy();
    next = t.app.inject('/thing');
    const second = t.app.inject('/thing');
    await new Promise((r) => setImmediate(r));
    store.open();
    expect((await next).json().version).toBe(3);
    expect((await second).json().version).toBe(3);
    // Past maxStaleMs an answer is not served at all: readers wait for the refresh.
    t.setVersion(4);
    t.tick(20_000);
    store = t.busy();
    next = t.app.inject('/thing');
    const late = t.app.inject('/thing');
    await new Promise((r) => setImmediate(r));
    store.open();
    expect((await next).json().version).toBe(4);
    expect((await late).json().version).toBe(4);
  });

  it('does not keep an answer read before a write that landed while it was read', async () => {
    const t = await appWithCache();
    app = t.app;
    const store = t.busy();
    const before = t.app.inject('/thing');
    await new Promise((r) => setImmediate(r));
    await t.app.inject({ method: 'POST', url: '/thing' }); // version 2, while the read of version 1 waits
    t.setVersion(1); // what that read will answer
    store.open();
    expect((await before).json().version).toBe(1);
    t.setVersion(2);
    const after = await t.app.inject('/thing');
    expect(after.headers['x-cache']).toBeUndefined();
    expect(after.json().version).toBe(2);
  });

  it("keeps its answers when a fan-out's branch finishes, and forgets them when the fan-out ends", async () => {
    const t = await appWithCache();
    app = t.app;
    await t.app.inject('/thing');
    t.setVersion(2);
    t.finishJob(true);
    const during = await t.app.inject('/thing');
    expect(during.headers['x-cache']).toBe('hit');
    expect(during.json().version).toBe(1);
    t.finishJob(false);
    const after = await t.app.inject('/thing');
    expect(after.headers['x-cache']).toBeUndefined();
    expect(after.json().version).toBe(2);
  });
});
