import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { toCsv } from '../../core/csv.ts';
import { renderTexts } from '../../core/messages.ts';
import {
  type IndicatorRequest,
  indicatorReport,
  indicatorTable,
  indicatorXlsx,
} from '../../usecases/indicators.ts';
import { withStore } from '../../usecases/runtime.ts';
import { cliLang } from '../lang.ts';
import { CliFailure, jsonText } from '../output.ts';

const LEVELS = ['point', 'branch', 'city'];
const PERIODS = ['day', 'week', 'month', 'quarter'];

/** `indicators --level L --period P --from D --to D [--point CODE] [--json|--csv|--xlsx FILE]`. */
export function register(program: Command): void {
  program
    .command('indicators')
    .description(
      'Supervision indicators (Decision 766/QĐ-TTg) per point, branch or city and day, week, month or quarter, ' +
        'from the dossier register and tickets (daily counts where there is no register), with the rank of points. ' +
        'CSV (default), --json or --xlsx FILE.',
    )
    .requiredOption('--from <DATE>', 'first day')
    .requiredOption('--to <DATE>', 'last day')
    .option('--level <LEVEL>', 'point | branch | city', 'city')
    .option('--period <PERIOD>', 'day | week | month | quarter', 'month')
    .option('--point <CODE>', 'only this point')
    .option('--json', 'print the report JSON')
    .option('--csv', 'print one CSV row per key and period (default)')
    .option('--xlsx <FILE>', 'write an Excel workbook (values, ranks, days by procedure, definitions)')
    .action(
      async (opts: {
        from: string;
        to: string;
        level: string;
        period: string;
        point?: string;
        json?: boolean;
        csv?: boolean;
        xlsx?: string;
      }) => {
        if ([opts.json, opts.csv, opts.xlsx].filter(Boolean).length > 1)
          throw new CliFailure('give one of --json, --csv, --xlsx');
        if (!LEVELS.includes(opts.level)) throw new CliFailure(`--level must be one of ${LEVELS.join(', ')}`);
        if (!PERIODS.includes(opts.period))
          throw new CliFailure(`--period must be one of ${PERIODS.join(', ')}`);
        const req = {
          level: opts.level,
          period: opts.period,
          from: opts.from,
          to: opts.to,
          ...(opts.point ? { point: opts.point } : {}),
        } as IndicatorRequest;
        const lang = cliLang();
        const report = await withStore(loadConfig(), (db) => indicatorReport(db, req));
        if (opts.json) {
          process.stdout.write(jsonText(report));
          return;
        }
        if (opts.xlsx) {
          writeFileSync(opts.xlsx, await indicatorXlsx(report, lang));
          process.stderr.write(`wrote ${opts.xlsx}\n`);
          return;
        }
        const { header, rows } = indicatorTable(report);
        process.stdout.write(toCsv(header, renderTexts(rows, lang)));
      },
    );
}
