/**
 * Job processors in a worker thread (the module the in-process runner's WorkerPool loads, see inline.ts):
 * the job runs here as it would in a BullMQ worker process, so its CPU-heavy work (forecasts, backtests,
 * optimisation, simulation, parsing an import) never holds the API's event loop. The store stays with the
 * API process's Db (the embedded store can be opened once) and is reached through a MessagePort
 * (store/remote.ts), as are progress reports, enqueues and child results.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { client, type Op, remoteDb, serveDb } from '../store/remote.ts';
import { PROCESSORS } from './processors/index.ts';
import type { ProcessorContext, QueueName } from './types.ts';

/** The API thread's side: answers a job thread's requests on `port` with the job's real context. */
export function serveJobPort(port: MessagePort, ctx: ProcessorContext): void {
  serveDb(port, ctx.db, async (m: Op) => {
    switch (m.op) {
      case 'progress':
        return ctx.progress(m.pct, m.stage as Parameters<ProcessorContext['progress']>[1]);
      case 'enqueue':
        return ctx.enqueue(m.req as Parameters<ProcessorContext['enqueue']>[0]);
      case 'children':
        return ctx.childResults();
      default:
        throw new Error(`unknown request ${m.op}`);
    }
  });
}

export interface ThreadJob {
  queue: QueueName;
  name: string;
  data: unknown;
  job: ProcessorContext['job'];
  config: Config;
  dbKind: Db['kind'];
  port: MessagePort;
}

/** Runs one job's processor in this (worker) thread. Exported for the WorkerPool. */
export async function runJob(j: ThreadJob): Promise<unknown> {
  const call = client(j.port);
  const processor = PROCESSORS[j.queue];
  if (!processor) throw new Error(`no processor for queue ${j.queue}`);
  const logger = createLogger(j.config.LOG_LEVEL).child({
    module: `jobs.${j.queue}`,
    jobId: j.job.id,
    thread: 'worker',
  });
  try {
    return await processor(j.data, {
      db: remoteDb(call, j.dbKind),
      config: j.config,
      logger,
      job: j.job,
      progress: (pct, stage) => call({ op: 'progress', pct, stage }),
      enqueue: (req) => call({ op: 'enqueue', req }),
      childResults: () => call({ op: 'children' }),
    });
  } finally {
    j.port.close();
  }
}

/** A fresh channel for one job: `mine` stays in the API thread, `theirs` moves to the job thread. */
export function jobChannel(): { mine: MessagePort; theirs: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  return { mine: port1, theirs: port2 };
}
