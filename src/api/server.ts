import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../usecases/runtime.ts';
import { ensureSampleData } from '../usecases/sample-data.ts';
import { buildApp } from './app.ts';

/**
 * Runs the service: migrate, load sample points and staff when the store is empty (so /points answers at
 * once), listen, then generate the sample history in the background (reported by /ready). SIGTERM/SIGINT
 * close the server and the store gracefully.
 */
export async function startServer(config: Config, opts: { loadSample?: boolean } = {}) {
  const logger = createLogger(config.LOG_LEVEL);
  const db = await openStore(config);
  const state: { loading?: string } = {};
  const abort = new AbortController();
  const sample =
    opts.loadSample !== false ? await ensureSampleData(db, config, logger, abort.signal) : undefined;
  const app = await buildApp({ db, config, logger, state });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  process.stdout.write(
    `dieuphoi is serving on ${address}  (store: ${db.kind === 'pg' ? 'PostgreSQL' : config.DATA_DIR})\n`,
  );
  let historyDone: Promise<unknown> | undefined;
  if (sample?.history) {
    state.loading = 'sample history';
    historyDone = sample
      .history()
      .then((r) => {
        logger.info({ rows: r.rows, seconds: r.seconds }, 'sample history loaded');
      })
      .catch((err) => logger.error({ err }, 'sample history failed to load'))
      .finally(() => {
        state.loading = undefined;
      });
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    abort.abort();
    await historyDone?.catch(() => {});
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return { app, db, address };
}
