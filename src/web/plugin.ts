import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Hand-written ES modules, CSS and the page shell: served as they are, no build step. */
export const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'public');
/** chart.js ships a UMD bundle; serving it from node_modules keeps the page offline (no CDN). */
const CHART_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'));

// Only plain asset names below public/: no dot-segments, no hidden files, no query tricks.
const ASSET = /^(?:[a-z0-9_-]+\/)*[a-z0-9_-]+\.(?:js|css|svg|ico|png)$/;

// The dashboard's own files need no key (the API behind them does); `permission` is read by the auth hook.
const PUBLIC = { permission: 'public' } as Record<string, unknown>;
// Not API routes: left out of the OpenAPI document (`hide` is read by @fastify/swagger).
const HIDDEN = { hide: true } as Record<string, unknown>;

/**
 * The dashboard: `/` serves the page shell, `/web/*` its modules and styles, `/web/vendor/chart.umd.min.js`
 * chart.js. Everything the page shows comes from the API with the user's key.
 */
export async function webPlugin(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: PUBLIC_DIR, serve: false });
  // Modules change with each release: revalidate by ETag on every load (cheap, never stale).
  const noCache = { cacheControl: false };

  app.get('/', { config: PUBLIC, schema: HIDDEN }, (_req, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', noCache),
  );
  app.get('/web/vendor/chart.umd.min.js', { config: PUBLIC, schema: HIDDEN }, (_req, reply) =>
    reply.header('cache-control', 'public, max-age=86400').sendFile('chart.umd.min.js', CHART_DIR, noCache),
  );
  app.get('/web/*', { config: PUBLIC, schema: HIDDEN }, (req, reply) => {
    const path = (req.params as { '*': string })['*'];
    if (!ASSET.test(path)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile(path, noCache);
  });
}
