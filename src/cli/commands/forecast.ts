import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { isIsoDate } from '../../core/calendar/dates.ts';
import { toCsv } from '../../core/csv.ts';
import { keyId } from '../../core/forecast/panel.ts';
import type { MethodChoice } from '../../core/forecast/types.ts';
import { render } from '../../core/messages.ts';
import { forecastPanel, quantileName, type ReconcileMode } from '../../usecases/forecast-panel.ts';
import { runForecastFromStore } from '../../usecases/forecast-run.ts';
import { withStore } from '../../usecases/runtime.ts';
import {
  calendarMode,
  loadCalendar,
  loadSeries,
  methodChoice,
  positiveInt,
  quantileList,
} from '../forecast-options.ts';
import { cliLang } from '../lang.ts';
import { CliFailure, printJson } from '../output.ts';

interface ForecastFlags {
  input?: string;
  horizon: number;
  calendar: 'vn' | 'none';
  holidays?: string;
  method: MethodChoice;
  quantiles: number[];
  output?: string;
  reconcile: ReconcileMode;
  fromStore?: boolean;
  asOf?: string;
  threads?: number;
  json?: boolean;
  yearly?: boolean;
}

function reconcileMode(v: string): ReconcileMode {
  if (v === 'wls' || v === 'bottom_up' || v === 'none') return v;
  throw new CliFailure('--reconcile must be wls, bottom_up or none');
}

export function register(program: Command): void {
  program
    .command('forecast')
    .summary('forecast daily dossier counts per series: mean and quantiles')
    .description(
      'Forecast daily dossier counts with mean and quantiles. Input: `date,value` (one series) or a long ' +
        'panel `date,point,channel,field,count` (any subset of the key columns). Output CSV: the key columns, ' +
        'date, mean, one column per quantile (p10, p50, p90 …), method. Forecast days follow the last input date.',
    )
    .option('--input <file>', 'CSV of daily counts')
    .requiredOption('--horizon <days>', 'days to forecast', positiveInt('--horizon', 366))
    .option(
      '--calendar <mode>',
      'vn: Vietnamese holidays, Tết and make-up days; none: plain weekdays',
      calendarMode,
      'vn',
    )
    .option(
      '--holidays <file>',
      'holidays, closures and events of any country (each name its own before/on/after effect): date,name[,closed,points,before,after]',
    )
    .option(
      '--method <method>',
      'auto (backtest selection) | snaive | ets | theta | glm | ensemble | yearly',
      methodChoice,
      'auto',
    )
    .option('--quantiles <levels>', 'comma-separated quantile levels', quantileList, [0.1, 0.5, 0.9])
    .option(
      '--reconcile <mode>',
      'panels: wls | bottom_up | none (totals add up under wls and bottom_up)',
      reconcileMode,
      'wls',
    )
    .option('--output <file>', 'write the CSV here instead of stdout')
    .option('--from-store', 'forecast every stored series (needs the store; see --as-of)')
    .option('--as-of <date>', 'forecast from this date: later input rows are ignored')
    .option('--threads <n>', 'worker threads (default: all cores)', (v) => Number(v))
    .option('--json', 'print JSON (rows and diagnostics) instead of CSV')
    .option(
      '--yearly',
      'let auto add a day-of-year profile to series with two years of history when it wins a backtest across the year',
    )
    .action(async (flags: ForecastFlags) => {
      if (flags.asOf !== undefined && !isIsoDate(flags.asOf))
        throw new CliFailure('--as-of must be a date YYYY-MM-DD');
      if (flags.fromStore) {
        if (!flags.asOf)
          throw new CliFailure('--from-store needs --as-of DATE (the last day of history to use)');
        if (flags.input) throw new CliFailure('give either --input or --from-store, not both');
        const config = loadConfig();
        const asOf = flags.asOf;
        const run = await withStore(config, (db) =>
          runForecastFromStore(
            db,
            config,
            {
              asOf,
              horizon: flags.horizon,
              quantiles: flags.quantiles,
              method: flags.method,
            },
            (pct, stage) => {
              if (!flags.json) process.stderr.write(`${String(Math.round(pct)).padStart(3)}% ${stage}\n`);
            },
          ),
        );
        if (flags.json) printJson(run);
        else
          process.stdout.write(
            `forecast run ${run.runId}: ${run.series} series, ${run.rows} rows${run.reused ? ' (already stored, reused)' : ' saved'}\n`,
          );
        return;
      }
      if (!flags.input) throw new CliFailure('give --input FILE.csv (or --from-store)');
      const parsed = loadSeries(flags.input, flags.asOf);
      const result = await forecastPanel(parsed.series, {
        horizon: flags.horizon,
        quantiles: flags.quantiles,
        method: flags.method,
        calendar: loadCalendar(flags.calendar, flags.holidays),
        asOf: flags.asOf,
        reconcile: parsed.series.length > 1 ? flags.reconcile : 'none',
        threads: flags.threads,
        yearly: flags.yearly,
      });
      const lang = cliLang();
      for (const s of result.diagnostics.series)
        for (const w of s.warnings)
          process.stderr.write(
            `warning: ${parsed.keyColumns.length ? `${keyId(s.key)}: ` : ''}${render(w.message, lang)}\n`,
          );
      if (flags.json) {
        printJson(result);
        return;
      }
      const qNames = flags.quantiles.map(quantileName);
      const header = [...parsed.keyColumns, 'date', 'mean', ...qNames, 'method'];
      const csv = toCsv(
        header,
        result.rows.map((r) => [
          ...parsed.keyColumns.map((k) => r[k]),
          r.date,
          Math.round(r.mean * 1000) / 1000,
          ...qNames.map((q) => Math.round(r.quantiles[q]! * 1000) / 1000),
          r.method,
        ]),
      );
      if (flags.output) writeFileSync(flags.output, csv);
      else process.stdout.write(csv);
    });
}
