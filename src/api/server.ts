import type { Config } from '../config.ts';
import { addDays, mondayOf } from '../core/calendar/dates.ts';
import { forecastJobId, planJobId } from '../jobs/ids.ts';
import { createJobRunner } from '../jobs/runner.ts';
import { scheduleList } from '../jobs/schedules.ts';
import type { JobRunner } from '../jobs/types.ts';
import type { WorkerHandle } from '../jobs/worker.ts';
import { createLogger, type Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { type DemoKeys, ensureDemoKeys, KeyVerifier } from '../usecases/api-keys.ts';
import { planUsecases } from '../usecases/pending.ts';
import { openGuardedStore } from '../usecases/runtime.ts';
import { ensureSampleData } from '../usecases/sample-data.ts';
import { buildApp } from './app.ts';

/** Demo keys only on the embedded store (no DATABASE_URL), unless DEMO_KEYS=off. */
export function isDemoMode(config: Config): boolean {
  return !config.DATABASE_URL && config.DEMO_KEYS === 'auto';
}

/**
 * Runs the service: migrate, load sample points and staff when the store is empty (so /points answers at
 * once), the job runner (BullMQ with REDIS_URL — with workers in this process unless `workers: false` — or
 * in-process), the schedules, demo keys in demo mode, listen, then generate the sample history in the
 * background (reported by /ready). SIGTERM/SIGINT stop taking requests and jobs, let running jobs finish,
 * and close the store.
 */
export async function startServer(config: Config, opts: { loadSample?: boolean; workers?: boolean } = {}) {
  const logger = createLogger(config.LOG_LEVEL);
  const { db, guard, created } = await openGuardedStore(config);
  logger.info({ store: guard.identity.id, created }, created ? 'new store created' : 'store opened');
  // A lost store (store/identity.ts) is never silent: 503s at once, an error in the log, then an exit with
  // code 75 (EX_TEMPFAIL) after STORE_LOST_EXIT_MS so that the supervisor restarts the service.
  let lostExit: NodeJS.Timeout | undefined;
  guard.onLost((reason) => {
    logger.error(
      { store: guard.identity.id, reason, exitInMs: config.STORE_LOST_EXIT_MS },
      'store lost: every request that needs it answers 503 STORE_UNAVAILABLE; exiting',
    );
    lostExit = setTimeout(() => void shutdown('store lost', 75), config.STORE_LOST_EXIT_MS);
  });
  const storeCheck = setInterval(() => void guard.check(db).catch(() => {}), config.STORE_CHECK_MS);
  storeCheck.unref();
  const state: { loading?: string; pending?: string } = {};
  const abort = new AbortController();
  const sample =
    opts.loadSample !== false ? await ensureSampleData(db, config, logger, abort.signal) : undefined;
  const jobs = createJobRunner({ db, config, logger });
  await jobs.installSchedules(scheduleList(config));
  let workers: WorkerHandle | undefined;
  if (jobs.kind === 'bullmq' && opts.workers !== false) {
    const { startWorkers } = await import('../jobs/worker.ts');
    workers = await startWorkers({ db, config, logger });
  }
  let demoKeys: DemoKeys | undefined;
  if (isDemoMode(config)) demoKeys = await ensureDemoKeys(db, config.DATA_DIR, created ? undefined : logger);
  const app = await buildApp({
    db,
    config,
    logger,
    state,
    jobs,
    verifier: new KeyVerifier(db),
    demoKeys,
    processMetrics: true,
  });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  process.stdout.write(
    `dieuphoi is serving on ${address}  (store: ${db.kind === 'pg' ? 'PostgreSQL' : config.DATA_DIR}; jobs: ${
      jobs.kind === 'bullmq' ? `BullMQ${workers ? ' with workers in this process' : ''}` : 'in-process'
    })\n  API docs: ${address}/docs\n`,
  );
  if (demoKeys) {
    process.stdout.write(
      `  demo mode: API keys by role (also in ${config.DATA_DIR}/demo-keys.json and GET /auth/demo-keys):\n${Object.entries(
        demoKeys,
      )
        .map(([role, key]) => `    ${role.padEnd(9)} ${key}\n`)
        .join('')}  e.g. curl -H 'Authorization: Bearer ${demoKeys.viewer}' ${address}/points\n`,
    );
  }
  let historyDone: Promise<unknown> | undefined;
  if (sample?.register && !sample.history) {
    state.loading = 'sample register';
    historyDone = sample
      .register()
      .catch((err) => logger.error({ err }, 'sample register failed to load'))
      .finally(() => {
        state.loading = undefined;
      });
  } else if (sample?.history) {
    state.loading = 'sample history';
    historyDone = sample
      .history()
      .then(async (r) => {
        logger.info({ rows: r.rows, seconds: r.seconds }, 'sample history loaded');
        // Ready once the data is in: the register alone has both cores (the sample worker generates it while
        // this thread writes it); the first forecast and plan run after it and the dashboard shows them when
        // they land (/ready says so in `pending`).
        if (sample.register) {
          state.loading = 'sample register';
          await sample.register().catch((err) => logger.error({ err }, 'sample register failed to load'));
        }
        state.loading = undefined;
        state.pending = 'first forecast and weekly plan';
        await bootstrapSampleRuns(db, jobs, config, logger, abort.signal, sample.until);
      })
      .catch((err) => logger.error({ err }, 'sample history failed to load'))
      .finally(() => {
        state.loading = undefined;
        state.pending = undefined;
      });
  }
  let closing = false;
  /**
   * Stops taking requests and jobs, lets the running ones finish for at most SHUTDOWN_TIMEOUT_MS, closes the
   * store and exits with `code`. Past the deadline the process exits anyway (code 1, or `code` if non-zero):
   * an interrupted job is still `active` in the job history and runs again at the next start, and the store
   * recovers from its write-ahead log as after kill -9. The deadline timer is not unref'd: it fires even
   * when a job keeps the event loop busy with work (the job work itself runs in worker threads).
   */
  const shutdown = async (reason: string, code = 0) => {
    if (closing) return;
    closing = true;
    logger.info({ reason }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error(
        { reason, timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
        'shutdown did not finish in time: exiting with work in flight (interrupted jobs run again at the next start)',
      );
      process.exit(code || 1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    clearInterval(storeCheck);
    clearTimeout(lostExit);
    try {
      abort.abort();
      await app.close();
      await workers?.close();
      await jobs.close();
      await historyDone?.catch(() => {});
      // A lost embedded store is not closed: closing writes a checkpoint into a folder that is gone.
      if (!guard.lost) await db.close();
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      code ||= 1;
    }
    clearTimeout(deadline);
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return { app, db, address, jobs, demoKeys };
}

/**
 * A fresh sample store gets what the nightly and weekly schedules would have made by now — the forecast as
 * of yesterday and next week's draft plan — as ordinary deterministic jobs, so the dashboard shows real
 * results right after `npm start`. The plan waits for the forecast so it plans on that run.
 */
async function bootstrapSampleRuns(
  db: Db,
  jobs: JobRunner,
  config: Config,
  logger: Logger,
  signal: AbortSignal,
  asOf: string,
) {
  const data = { asOf, horizon: config.FORECAST_HORIZON_DAYS };
  const requested = { by: 'startup', requestId: 'sample-bootstrap' };
  const forecast = await jobs.enqueue({
    queue: 'forecast',
    name: 'run',
    id: forecastJobId(data),
    data: { ...data, requested },
  });
  await settled(jobs, forecast.job.id, signal);
  if (signal.aborted) return;
  const week = addDays(mondayOf(addDays(asOf, 1)), 7);
  const plan = await jobs.enqueue({
    queue: 'plan',
    name: 'draft',
    id: planJobId({ week, inputs: await planUsecases(config).planInputsKey(db, week) }),
    data: { week, requested },
  });
  logger.info({ forecast: forecast.job.id, plan: plan.job.id }, 'sample forecast and plan jobs enqueued');
  await settled(jobs, plan.job.id, signal);
}

/** Waits until the job is completed or failed (or gone, or `signal` aborts). */
async function settled(jobs: JobRunner, id: string, signal: AbortSignal): Promise<void> {
  for (;;) {
    if (signal.aborted) return;
    const j = await jobs.get(id);
    if (!j || j.state === 'completed' || j.state === 'failed') return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
