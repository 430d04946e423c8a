import { availableParallelism } from 'node:os';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { InlineRunner } from './inline.ts';
import { PROCESSORS } from './processors/index.ts';
import { BullMqRunner } from './queues.ts';
import { type JobRunner, type Processors, QUEUES } from './types.ts';

/** BullMQ when REDIS_URL is set, else the same processors in this process. */
export function createJobRunner(deps: {
  db: Db;
  config: Config;
  logger: Logger;
  processors?: Processors;
}): JobRunner {
  return deps.config.REDIS_URL
    ? new BullMqRunner(deps.config, deps.logger)
    : new InlineRunner({
        ...deps,
        processors: deps.processors ?? PROCESSORS,
        // The default processors run in worker threads, off the API's event loop (jobs/thread.ts).
        threads: deps.processors ? 0 : Math.min(QUEUES.length, Math.max(2, availableParallelism())),
      });
}
