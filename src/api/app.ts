import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Config } from '../config.ts';
import { render } from '../core/messages.ts';
import { InlineRunner } from '../jobs/inline.ts';
import { PROCESSORS } from '../jobs/processors/index.ts';
import type { BullMqRunner } from '../jobs/queues.ts';
import type { JobRunner } from '../jobs/types.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { type DemoKeys, KeyVerifier } from '../usecases/api-keys.ts';
import { webPlugin } from '../web/plugin.ts';
import { registerErrorHandler, titleOf } from './error-handler.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerDocs } from './plugins/docs.ts';
import { registerLang, requestLang } from './plugins/lang.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerReadCache } from './plugins/read-cache.ts';
import { JSON_BODY_LIMIT, registerSecurity } from './plugins/security.ts';
import { registerStrictInput } from './plugins/strict-input.ts';
import { accessRoutes } from './routes/access.ts';
import { alertRoutes } from './routes/alerts.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { dossierRoutes } from './routes/dossiers.ts';
import { forecastRoutes } from './routes/forecasts.ts';
import { healthRoutes } from './routes/health.ts';
import { indicatorRoutes } from './routes/indicators.ts';
import { jobRoutes } from './routes/jobs.ts';
import { planRoutes } from './routes/plans.ts';
import { pointRoutes } from './routes/points.ts';
import { roadmapRoutes } from './routes/roadmaps.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import { staffRoutes } from './routes/staff.ts';
import { volumeRoutes } from './routes/volumes.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /**
   * Reported by /ready: `loading` while the sample data is still loading in the background (status `loading`),
   * `pending` while the sample bootstrap's first forecast and plan run once it is in (status `ready`).
   */
  state?: { loading?: string; pending?: string };
  /** The job API; default: an in-process runner closed with the app. */
  jobs: JobRunner;
  verifier: KeyVerifier;
  /** Embedded demo mode: the demo key of each role (served at /auth/demo-keys). */
  demoKeys?: DemoKeys;
  /** Process metrics (CPU, memory, event loop) in /metrics: the server, not tests. */
  processMetrics?: boolean;
}

export type AppOptions = Omit<AppDeps, 'jobs' | 'verifier'> & Partial<Pick<AppDeps, 'jobs' | 'verifier'>>;

/** Builds the fastify app without listening (tests use `app.inject`). */
/** The app as routes see it: request parts typed from their TypeBox schemas. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const ownRunner = !opts.jobs;
  const deps: AppDeps = {
    ...opts,
    jobs:
      opts.jobs ??
      new InlineRunner({ db: opts.db, config: opts.config, logger: opts.logger, processors: PROCESSORS }),
    verifier: opts.verifier ?? new KeyVerifier(opts.db),
  };
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: () => crypto.randomUUID(),
    // A malformed URL (bad percent-encoding) is refused before routing: answer it as a problem too.
    frameworkErrors: (err, req, res) => {
      const reply = res as unknown as FastifyReply;
      const lang = requestLang(req);
      reply
        .status(400)
        .header('content-language', lang)
        .type('application/problem+json')
        .send({
          type: 'about:blank#INPUT_INVALID',
          title: titleOf('INPUT_INVALID', lang),
          status: 400,
          statusCode: 400,
          code: 'INPUT_INVALID',
          error: 'INPUT_INVALID',
          message: render({ key: 'api.malformed', params: { error: err.message } }, lang),
          requestId: req.id,
        });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerLang(app);
  registerErrorHandler(app);
  // Strict input (plugins/strict-input.ts): TypeBox validation, no coercion beyond the schema, no NUL bytes.
  registerStrictInput(app);
  await registerSecurity(app, deps.config);
  await registerDocs(app);
  registerAuth(app, { db: deps.db, verifier: deps.verifier });
  // Before every write: the store is still the one opened (store/identity.ts), else 503 STORE_UNAVAILABLE.
  const guard = deps.db.guard;
  if (guard)
    app.addHook('onRequest', async (req) => {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS')
        await guard.check(deps.db);
    });
  registerMetrics(app, deps.jobs, { processMetrics: deps.processMetrics });
  registerReadCache(app, deps.jobs, deps.config.READ_CACHE_MS);
  for (const routes of [
    healthRoutes,
    accessRoutes,
    pointRoutes,
    staffRoutes,
    volumeRoutes,
    dossierRoutes,
    calendarRoutes,
    forecastRoutes,
    planRoutes,
    roadmapRoutes,
    scenarioRoutes,
    jobRoutes,
    indicatorRoutes,
    alertRoutes,
  ]) {
    await app.register(routes, deps);
  }
  // The dashboard (docs/dashboard.md): page shell and assets, public; everything it shows comes from the routes above.
  await app.register(webPlugin);
  if (deps.jobs.kind === 'bullmq') {
    const { registerBoard } = await import('./plugins/board.ts');
    await registerBoard(app, deps.jobs as BullMqRunner);
  }
  if (ownRunner) app.addHook('onClose', async () => deps.jobs.close());
  return app;
}
