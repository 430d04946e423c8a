import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { webPlugin } from '../web/plugin.ts';
import { registerErrorHandler } from './error-handler.ts';
import { healthRoutes } from './routes/health.ts';
import { pointRoutes } from './routes/points.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /** Reported by /ready while the sample history is still loading in the background. */
  state?: { loading?: string };
}

/** Builds the fastify app without listening (tests use `app.inject`). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 32 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    // Strict: unknown properties are errors (not silently dropped), and every invalid field is reported.
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array' } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  registerErrorHandler(app);
  await app.register(healthRoutes, deps);
  await app.register(pointRoutes, deps);
  await app.register(webPlugin);
  return app;
}
