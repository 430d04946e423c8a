import type { Command } from 'commander';
import { toCsv } from '../../core/csv.ts';
import { METHODS, type MethodChoice } from '../../core/forecast/types.ts';
import { backtestPanel } from '../../usecases/backtest-panel.ts';
import { calendarMode, loadCalendar, loadSeries, methodList, positiveInt } from '../forecast-options.ts';
import { printJson } from '../output.ts';

interface BacktestFlags {
  input: string;
  horizon: number;
  origins: number;
  step: number;
  calendar: 'vn' | 'none';
  holidays?: string;
  methods: MethodChoice[];
  threads?: number;
  json?: boolean;
}

const round = (x: number, d = 3) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : '');

export function register(program: Command): void {
  program
    .command('backtest')
    .summary('compare forecast methods by rolling-origin backtest (MASE, sMAPE, coverage)')
    .description(
      'Rolling-origin backtest: for each origin (the last test window ends on the last date, earlier ones ' +
        '--step days apart) every method is refitted on the days before it and forecasts --horizon days. ' +
        'Prints per method: MASE (scaled by the in-sample seasonal naive of period 7), sMAPE (%), p10–p90 ' +
        'coverage, seconds per fit, and the methods used (what auto chose). Panels: means over series.',
    )
    .requiredOption('--input <file>', 'CSV of daily counts (date,value or a panel)')
    .option('--horizon <days>', 'days forecast from each origin', positiveInt('--horizon', 366), 14)
    .option('--origins <n>', 'number of origins', positiveInt('--origins', 100), 4)
    .option('--step <days>', 'days between origins', positiveInt('--step', 3660), 28)
    .option('--calendar <mode>', 'vn | none', calendarMode, 'vn')
    .option(
      '--holidays <file>',
      'holidays, closures and events of any country (each name its own before/on/after effect): date,name[,closed,points,before,after]',
    )
    .option('--methods <list>', 'methods to compare', methodList, [...METHODS, 'auto'] as MethodChoice[])
    .option('--threads <n>', 'worker threads (default: all cores)', (v) => Number(v))
    .option('--json', 'print JSON with per-series results')
    .action(async (flags: BacktestFlags) => {
      const parsed = loadSeries(flags.input);
      const result = await backtestPanel(parsed.series, {
        horizon: flags.horizon,
        origins: flags.origins,
        step: flags.step,
        methods: flags.methods,
        calendar: loadCalendar(flags.calendar, flags.holidays),
        threads: flags.threads,
      });
      if (flags.json) {
        printJson(result);
        return;
      }
      const header = ['method', 'mase', 'smape', 'coverage', 'seconds', 'used'];
      if (parsed.series.length > 1) header.splice(2, 0, 'mase_vs_snaive');
      const rows = result.summary.map((s) => {
        const used = Object.entries(s.chosen)
          .sort((a, b) => b[1]! - a[1]!)
          .map(([m, n]) => `${m}:${n}`)
          .join(' ');
        const row: unknown[] = [
          s.method,
          round(s.mase),
          round(s.smape, 2),
          round(s.coverage),
          round(s.seconds, 4),
          used,
        ];
        if (parsed.series.length > 1) row.splice(2, 0, round(s.relativeToSnaive));
        return row;
      });
      process.stdout.write(toCsv(header, rows));
    });
}
