import type { Command } from 'commander';
import { startServer } from '../../api/server.ts';
import { loadConfig } from '../../config.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'Start the service: migrate the store, load the Hanoi sample data when the store is empty, serve the API ' +
        'and the dashboard on PORT (default 3000). This is what `npm start` runs.',
    )
    .option('--port <n>', 'port (overrides PORT)')
    .option('--host <addr>', 'bind address (overrides HOST, default 127.0.0.1)')
    .option('--no-sample', 'do not load sample data into an empty store')
    .option('--no-workers', 'with REDIS_URL: only enqueue jobs; `dieuphoi worker` processes run them')
    .action(async (opts: { port?: string; host?: string; sample: boolean; workers: boolean }) => {
      const config = loadConfig({
        ...process.env,
        ...(opts.port ? { PORT: opts.port } : {}),
        ...(opts.host ? { HOST: opts.host } : {}),
      });
      await startServer(config, { loadSample: opts.sample, workers: opts.workers });
    });
}
