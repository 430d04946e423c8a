import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { JobRunner } from '../../jobs/types.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache this GET route's 200 answers for READ_CACHE_MS (same URL, any reader). */
    cache?: boolean;
  }
  interface FastifyRequest {
    cacheHit?: boolean;
  }
}

/**
 * A short read-through cache of serialized GET answers (points, staff, forecasts, plans, calendar,
 * totals). The embedded store runs queries one at a time on the event loop (a plain query costs 1–30 ms on
 * PGlite), so hot reads would otherwise queue behind each other. It is cleared by every successful write
 * through this process and by every finished job; answers from other processes' writes are at most
 * `ttlMs` old. The key is checked before the cache (onRequest), and cached answers do not depend on the role.
 * They depend on the language of their texts (plugins/lang.ts), so the cache key is the language and the URL.
 */
export function registerReadCache(app: FastifyInstance, jobs: JobRunner, ttlMs: number): void {
  if (ttlMs <= 0) return;
  // At most 5,000 answers, each for ttlMs; lru-cache drops the least recently used beyond that.
  const cache = new LRUCache<string, { body: string; type: string }>({ max: 5000, ttl: ttlMs });
  const clear = () => cache.clear();
  jobs.onFinished(clear);

  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'GET' || !req.routeOptions.config?.cache) return;
    const key = cacheKey(req);
    const hit = cache.get(key);
    if (!hit) return;
    req.cacheHit = true;
    return reply.header('x-cache', 'hit').type(hit.type).send(hit.body);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'GET') {
      if (reply.statusCode < 400) clear();
      return payload;
    }
    if (
      req.cacheHit ||
      !req.routeOptions.config?.cache ||
      reply.statusCode !== 200 ||
      typeof payload !== 'string'
    )
      return payload;
    cache.set(cacheKey(req), {
      body: payload,
      type: String(reply.getHeader('content-type') ?? 'application/json'),
    });
    return payload;
  });
}

/** Same URL in another language is another answer. */
function cacheKey(req: FastifyRequest): string {
  return `${req.lang ?? 'en'} ${req.url}`;
}
