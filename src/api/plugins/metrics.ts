import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { JobRunner } from '../../jobs/types.ts';

/**
 * Prometheus metrics at /metrics: request latency by route, job durations and failures (from the job
 * runner's finished events), queue depth by state (read from the queues at each scrape).
 */
export function registerMetrics(
  app: FastifyInstance,
  jobs: JobRunner,
  opts: { processMetrics?: boolean } = {},
) {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'dieuphoi_' });
  const latency = new Histogram({
    name: 'dieuphoi_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: 'dieuphoi_job_duration_seconds',
    help: 'job run time (last attempt)',
    labelNames: ['queue', 'name', 'status'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: 'dieuphoi_job_failures_total',
    help: 'jobs that failed for good (after their retries)',
    labelNames: ['queue', 'name'],
    registers: [registry],
  });
  new Gauge({
    name: 'dieuphoi_queue_jobs',
    help: 'jobs per queue and state (queue depth: waiting + delayed + active)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const counts = await jobs.counts();
        for (const [queue, states] of Object.entries(counts))
          for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n ?? 0);
      } catch {
        // queue unreachable: /ready reports it; keep the scrape working
      }
    },
  });
  // Event-loop delay of the API thread (issue #18: job work must not stall it), over the time since the
  // previous scrape: p50, p99 and max of a 10 ms-resolution sampler, in seconds.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  app.addHook('onClose', async () => loop.disable());
  new Gauge({
    name: 'dieuphoi_event_loop_delay_seconds',
    help: 'event-loop delay of the API thread since the previous scrape (quantile: 0.5, 0.99, max)',
    labelNames: ['quantile'],
    registers: [registry],
    collect() {
      const s = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
      this.set({ quantile: '0.5' }, s(loop.percentile(50)));
      this.set({ quantile: '0.99' }, s(loop.percentile(99)));
      this.set({ quantile: 'max' }, s(loop.max));
      loop.reset();
    },
  });
  jobs.onFinished((e) => {
    jobSeconds.observe({ queue: e.queue, name: e.name, status: e.ok ? 'completed' : 'failed' }, e.seconds);
    if (!e.ok) jobFailures.inc({ queue: e.queue, name: e.name });
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? (reply.statusCode === 404 ? '404' : 'unknown');
    latency.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    '/metrics',
    {
      config: { permission: 'public' },
      schema: { tags: ['health'], summary: 'Prometheus metrics (text format)', hide: false },
    },
    async (_req, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
  return registry;
}
