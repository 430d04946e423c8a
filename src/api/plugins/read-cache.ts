import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { JobRunner } from '../../jobs/types.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache this GET route's 200 answers for READ_CACHE_MS (same URL, any reader). */
    cache?: boolean;
  }
  interface FastifyRequest {
    cacheHit?: boolean;
    /** The cache's state when this request missed it: whether (and where) its answer may be kept. */
    cacheFill?: { key: string; epoch: number; done: (a: CachedAnswer | undefined) => void };
  }
}

/** One serialized answer and when it was made. */
export interface CachedAnswer {
  body: string;
  type: string;
  at: number;
}

/**
 * A short read-through cache of serialized GET answers (points, staff, forecasts, plans, calendar, totals).
 * The store answers one statement at a time (the embedded store in its own thread), so hot reads would
 * otherwise queue behind each other and behind the jobs' statements.
 *
 * - An answer is fresh for `ttlMs`. It is forgotten at every successful write through this process and every
 *   finished job (read-your-writes: the next read after them is answered from the store), except the children
 *   of a flow (the branches of a fan-out: their parent's end forgets them); answers from other processes'
 *   writes and from a flow's children are at most `ttlMs` old, plus the time one read takes to refresh them.
 * - One read per URL at a time goes to the store (single flight): readers that miss while it runs wait for its
 *   answer instead of each sending the same statements, so a cleared cache costs one query per URL, not one
 *   per waiting reader.
 * - An answer past `ttlMs` (not forgotten by a write or a job) is still served while one reader refreshes it,
 *   for at most `maxStaleMs`: the other readers do not wait for a store that is busy with a job's statement.
 *
 * The key is checked before the cache (onRequest), and cached answers do not depend on the role. They depend
 * on the language of their texts (plugins/lang.ts), so the cache key is the language and the URL.
 */
export function registerReadCache(
  app: FastifyInstance,
  jobs: JobRunner,
  ttlMs: number,
  opts: { maxStaleMs?: number; now?: () => number } = {},
): void {
  if (ttlMs <= 0) return;
  const now = opts.now ?? (() => performance.now());
  const maxStaleMs = opts.maxStaleMs ?? Math.max(10 * ttlMs, 30_000);
  // At most 5,000 answers; lru-cache drops the least recently used beyond that. Ages are checked here.
  const cache = new LRUCache<string, CachedAnswer>({ max: 5000 });
  /** The reads in flight to the store, one per key: the readers that miss meanwhile wait for it. */
  const inflight = new Map<string, Promise<CachedAnswer | undefined>>();
  /** Bumped by every clear: an answer read before a write or a finished job is not kept after it. */
  let epoch = 0;
  const clear = () => {
    epoch++;
    cache.clear();
    inflight.clear();
  };
  // A fan-out's children (one per branch) finish one after another while the others still run: each of their
  // runs is read within ttlMs like another process's write, and the flow's end (its parent) forgets every answer.
  jobs.onFinished((e) => {
    if (!e.child) clear();
  });

  const send = (reply: FastifyReply, a: CachedAnswer, how: string) =>
    reply.header('x-cache', how).type(a.type).send(a.body);

  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'GET' || !req.routeOptions.config?.cache) return;
    const key = cacheKey(req);
    const hit = cache.get(key);
    const age = hit ? now() - hit.at : Number.POSITIVE_INFINITY;
    if (hit && age <= ttlMs) {
      req.cacheHit = true;
      return send(reply, hit, 'hit');
    }
    const running = inflight.get(key);
    if (running && hit && age <= maxStaleMs) {
      req.cacheHit = true;
      return send(reply, hit, 'stale');
    }
    if (running) {
      const answer = await running;
      if (answer) {
        req.cacheHit = true;
        return send(reply, answer, 'hit');
      }
      // The read it waited for failed or was forgotten by a write: this one goes to the store itself.
    }
    let done!: (a: CachedAnswer | undefined) => void;
    const p = new Promise<CachedAnswer | undefined>((r) => {
      done = r;
    });
    inflight.set(key, p);
    const mine = epoch;
    req.cacheFill = {
      key,
      epoch: mine,
      done: (a) => {
        if (inflight.get(key) === p) inflight.delete(key);
        done(a);
      },
    };
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'GET') {
      if (reply.statusCode < 400) clear();
      return payload;
    }
    const fill = req.cacheFill;
    if (!fill) return payload;
    req.cacheFill = undefined;
    if (reply.statusCode !== 200 || typeof payload !== 'string' || fill.epoch !== epoch) {
      fill.done(undefined);
      return payload;
    }
    const answer = {
      body: payload,
      type: String(reply.getHeader('content-type') ?? 'application/json'),
      at: now(),
    };
    cache.set(fill.key, answer);
    fill.done(answer);
    return payload;
  });

  // A read that ended without an answer to keep (an error before onSend, a closed connection) frees its key.
  app.addHook('onResponse', async (req) => {
    req.cacheFill?.done(undefined);
    req.cacheFill = undefined;
  });
  app.addHook('onRequestAbort', async (req) => {
    req.cacheFill?.done(undefined);
    req.cacheFill = undefined;
  });
}

/** Same URL in another language is another answer. */
function cacheKey(req: FastifyRequest): string {
  return `${req.lang ?? 'en'} ${req.url}`;
}
