import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { AppDeps } from '../app.ts';

const Health = Type.Object({ status: Type.Literal('ok', { description: 'the process is up' }) });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable'), Type.Literal('loading')]),
  database: Type.String({ description: 'ok, or the reason it is unreachable' }),
  loading: Type.Optional(Type.String({ description: 'what is still loading' })),
});

export async function healthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness', response: { 200: Health } } },
    async () => ({
      status: 'ok' as const,
    }),
  );
  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: database reachable',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_req, reply) => {
      try {
        await deps.db.query('SELECT 1');
      } catch (err) {
        return reply.status(503).send({ status: 'unavailable' as const, database: (err as Error).message });
      }
      const loading = deps.state?.loading;
      return {
        status: loading ? ('loading' as const) : ('ready' as const),
        database: 'ok',
        ...(loading ? { loading } : {}),
      };
    },
  );
}
