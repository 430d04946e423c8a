import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { resetStore } from '../../store/maintenance.ts';
import { withStore } from '../../usecases/runtime.ts';
import { loadSampleData } from '../../usecases/sample-data.ts';
import { CliFailure, printJson } from '../output.ts';

export function register(program: Command): void {
  program
    .command('init')
    .description(
      'Create or migrate the store and load the sample data where it is empty: points (data/points.csv, or ' +
        '--points FILE such as the official hanoi-units.csv), staff (data/staff.csv or generated for the points) ' +
        "and a daily history from 2024-01-01 calibrated to the Center's Q3 2025 report.",
    )
    .option('--points <file>', 'points CSV (full format or the official unit list)')
    .option('--staff <file>', 'staff CSV')
    .option('--from <date>', 'first day of the generated history (default 2024-01-01)')
    .option('--until <date>', 'last day of the generated history (default: yesterday, Asia/Ho_Chi_Minh)')
    .option('--seed <n>', 'random seed of the generated data', (v) => Number(v))
    .option('--no-history', 'skip the generated daily history')
    .option(
      '--reset',
      'empty the store first (all points, staff, volumes, forecasts and plans); also starts a new store in a folder whose store was lost',
    )
    .option('--json', 'print the result as JSON')
    .action(
      async (opts: {
        points?: string;
        staff?: string;
        from?: string;
        until?: string;
        seed?: number;
        history: boolean;
        reset?: boolean;
        json?: boolean;
      }) => {
        if (opts.seed !== undefined && !Number.isSafeInteger(opts.seed))
          throw new CliFailure('--seed must be an integer');
        for (const [flag, v] of [
          ['--from', opts.from],
          ['--until', opts.until],
        ] as const)
          if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v))
            throw new CliFailure(`${flag} must be YYYY-MM-DD`);
        const config = loadConfig();
        // --reset also starts a new store in a folder whose store was lost (store/identity.ts).
        const result = await withStore(
          config,
          async (db) => {
            if (opts.reset) await resetStore(db);
            const r = await loadSampleData(db, config, {
              pointsFile: opts.points,
              staffFile: opts.staff,
              from: opts.from,
              until: opts.until,
              seed: opts.seed,
              history: opts.history,
            });
            const history = r.history ? await r.history() : undefined;
            const register = r.register ? await r.register() : undefined;
            return {
              points: r.points,
              staff: r.staff,
              history_rows: history?.rows ?? 0,
              seconds: history?.seconds ?? 0,
              register_dossiers: register?.dossiers ?? 0,
              register_tickets: register?.tickets ?? 0,
              register_seconds: register?.seconds ?? 0,
            };
          },
          { reset: opts.reset },
        );
        if (opts.json) printJson(result);
        else
          process.stdout.write(
            `store ready: ${result.points} points, ${result.staff} staff, ${result.history_rows} history rows generated` +
              `${result.history_rows ? ` in ${result.seconds.toFixed(1)} s` : ''}` +
              `${result.register_dossiers ? `, register of ${result.register_dossiers} dossiers and ${result.register_tickets} tickets in ${result.register_seconds.toFixed(1)} s` : ''}\n`,
          );
      },
    );
}
