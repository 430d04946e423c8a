import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { BullMqRunner } from '../../jobs/queues.ts';
import { QUEUES } from '../../jobs/types.ts';

/** The bull-board queue UI at /admin/queues (the auth hook requires the admin role under /admin/). */
export async function registerBoard(app: FastifyInstance, runner: BullMqRunner): Promise<void> {
  const adapter = new FastifyAdapter();
  adapter.setBasePath('/admin/queues');
  createBullBoard({
    queues: QUEUES.map((q) => new BullMQAdapter(runner.queue(q))),
    // @bull-board/fastify pins its own copy of @bull-board/api: same shape, separate declarations.
    serverAdapter: adapter as never,
  });
  await app.register(adapter.registerPlugin() as never, { prefix: '/admin/queues' });
}
