import Type from 'typebox';
import { pingStore } from '../../store/maintenance.ts';
import type { App, AppDeps } from '../app.ts';

const Health = Type.Object({ status: Type.Literal('ok', { description: 'the process is up' }) });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable'), Type.Literal('loading')]),
  database: Type.String({ description: 'ok, or the reason it is unreachable' }),
  queue: Type.String({ description: 'ok (bullmq or inline), or the reason Redis is unreachable' }),
  loading: Type.Optional(Type.String({ description: 'what is still loading' })),
  pending: Type.Optional(
    Type.String({
      description: 'work a fresh sample store still runs once ready (its first forecast and weekly plan)',
    }),
  ),
});

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function healthRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/health',
    {
      config: { permission: 'public' },
      schema: { tags: ['health'], summary: 'Liveness', security: [], response: { 200: Health } },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['health'],
        summary:
          'Readiness: database reachable and still the store opened (folder, identity), job queue reachable (503 otherwise)',
        security: [],
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_req, reply) => {
      const [db, queue] = await Promise.allSettled([
        // With its guard: the folder, its identity file and the identity inside the store (store/identity.ts).
        within(3000, deps.db.guard ? deps.db.guard.check(deps.db) : pingStore(deps.db)),
        within(3000, deps.jobs.ping()),
      ]);
      const database = db.status === 'fulfilled' ? 'ok' : (db.reason as Error).message;
      const q = queue.status === 'fulfilled' ? `ok (${deps.jobs.kind})` : (queue.reason as Error).message;
      if (db.status === 'rejected' || queue.status === 'rejected') {
        return reply.status(503).send({ status: 'unavailable' as const, database, queue: q });
      }
      const loading = deps.state?.loading;
      const pending = deps.state?.pending;
      return {
        status: loading ? ('loading' as const) : ('ready' as const),
        database,
        queue: q,
        ...(loading ? { loading } : {}),
        ...(pending ? { pending } : {}),
      };
    },
  );
}
