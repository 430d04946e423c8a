import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { PROCESSORS } from './processors/index.ts';
import { BullMqRunner, redisConnection } from './queues.ts';
import { execute, JobFailure } from './run.ts';
import { type Processors, QUEUES, type QueueName } from './types.ts';

export interface WorkerOptions {
  db: Db;
  config: Config;
  logger: Logger;
  queues?: QueueName[];
  /** Jobs run at once per queue in this process. */
  concurrency?: number;
  processors?: Processors;
}

export interface WorkerHandle {
  queues: QueueName[];
  /** Stops taking jobs and waits for the running ones to finish (graceful drain). */
  close(): Promise<void>;
}

/**
 * BullMQ workers for the given queues in this process. Start any number of them, on any number of
 * machines: Redis hands each job to one worker; a worker that dies loses its lock after JOB_LOCK_MS and
 * another takes the job over (its processors are idempotent). Permanent failures (decided by the error's
 * code) become UnrecoverableError so BullMQ does not retry them.
 */
export async function startWorkers(opts: WorkerOptions): Promise<WorkerHandle> {
  const { config, db, logger } = opts;
  if (!config.REDIS_URL) throw new Error('workers need REDIS_URL');
  const queues = opts.queues ?? [...QUEUES];
  const processors = opts.processors ?? PROCESSORS;
  const producer = new BullMqRunner(config, logger);
  const log = logger.child({ module: 'jobs.worker' });
  let lastErrorLog = 0;
  const workers = queues.map((name) => {
    const processor = processors[name];
    if (!processor) throw new Error(`no processor for queue ${name}`);
    const w = new Worker(
      name,
      async (job: Job) => {
        try {
          return await execute(processor, job.data, {
            db,
            config,
            logger,
            job: { id: job.id!, name: job.name, queue: name, attempt: job.attemptsMade + 1 },
            progress: async (pct, stage) => {
              await job.updateProgress({ pct: Math.max(0, Math.min(100, Math.round(pct))), stage });
            },
            enqueue: (req) => producer.enqueue(req),
            childResults: async () => {
              const values = await job.getChildrenValues();
              return Object.fromEntries(
                Object.entries(values).map(([k, v]) => [k.slice(k.lastIndexOf(':') + 1), v]),
              );
            },
          });
        } catch (err) {
          if (err instanceof JobFailure && err.permanent) throw new UnrecoverableError(err.reason);
          throw new Error(err instanceof JobFailure ? err.reason : String(err));
        }
      },
      {
        connection: redisConnection(config.REDIS_URL!, 'worker'),
        prefix: config.QUEUE_PREFIX,
        concurrency: opts.concurrency ?? 1,
        lockDuration: config.JOB_LOCK_MS,
        // Look for jobs whose worker died at half the lock time.
        stalledInterval: Math.max(500, Math.floor(config.JOB_LOCK_MS / 2)),
        maxStalledCount: 2,
      },
    );
    w.on('error', (err) => {
      const now = Date.now();
      if (now - lastErrorLog > 10_000) {
        lastErrorLog = now;
        log.warn({ err: err.message, queue: name }, 'worker connection error');
      }
    });
    return w;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log.info({ queues, concurrency: opts.concurrency ?? 1 }, 'workers ready');
  let closing: Promise<void> | undefined;
  return {
    queues,
    close() {
      closing ??= (async () => {
        await Promise.allSettled(workers.map((w) => w.close()));
        await producer.close();
        log.info('workers drained');
      })();
      return closing;
    },
  };
}
