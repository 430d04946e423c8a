import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { QUEUES, type QueueName } from '../../jobs/types.ts';
import { createLogger } from '../../logger.ts';
import { openStore } from '../../usecases/runtime.ts';
import { CliFailure } from '../output.ts';

export function register(program: Command): void {
  program
    .command('worker')
    .description(
      'Run job processors (BullMQ on REDIS_URL) for the given queues. Start as many as you like, on any number ' +
        'of machines sharing REDIS_URL and DATABASE_URL. SIGTERM/SIGINT: stop taking jobs, finish the running ' +
        'ones, exit 0. Without REDIS_URL there is nothing to do: `serve` runs jobs in-process.',
    )
    .option('--queues <list>', `comma-separated queues (${QUEUES.join(',')})`, QUEUES.join(','))
    .option('--concurrency <n>', 'jobs at once per queue in this process', '1')
    .action(async (opts: { queues: string; concurrency: string }) => {
      const queues = opts.queues
        .split(',')
        .map((q) => q.trim())
        .filter(Boolean);
      const unknown = queues.filter((q) => !(QUEUES as readonly string[]).includes(q));
      if (unknown.length || queues.length === 0)
        throw new CliFailure(
          `unknown queue ${unknown.join(', ') || '(none)'}; choose from ${QUEUES.join(', ')}`,
        );
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw new CliFailure('--concurrency must be an integer from 1 to 64');
      const config = loadConfig();
      if (!config.REDIS_URL)
        throw new CliFailure('worker needs REDIS_URL (without it, `serve` runs jobs in-process)');
      const logger = createLogger(config.LOG_LEVEL);
      const db = await openStore(config);
      const { startWorkers } = await import('../../jobs/worker.ts');
      const handle = await startWorkers({ db, config, logger, queues: queues as QueueName[], concurrency });
      process.stdout.write(`worker ready: queues ${queues.join(',')}, concurrency ${concurrency}\n`);
      await new Promise<void>((resolve) => {
        const stop = async (signal: string) => {
          logger.info({ signal }, 'worker draining');
          await handle.close();
          await db.close();
          resolve();
        };
        process.once('SIGTERM', () => void stop('SIGTERM'));
        process.once('SIGINT', () => void stop('SIGINT'));
      });
      process.stdout.write('worker stopped\n');
      // Redis client reconnect timers may outlive a close when Redis is gone: the drain is done, leave.
      process.exit(0);
    });
}
