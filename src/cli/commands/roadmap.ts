import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { renderTexts } from '../../core/messages.ts';
import { RoadmapRequest } from '../../schemas/establishment.ts';
import { parseOrThrow } from '../../schemas/validate.ts';
import { getRoadmap, roadmapCsv, roadmapXlsx, runRoadmap } from '../../usecases/roadmap.ts';
import { withStore } from '../../usecases/runtime.ts';
import { cliLang } from '../lang.ts';
import { CliFailure, jsonText } from '../output.ts';

/** `roadmap --quarters 4 [--max-transfers N] [--json|--csv|--xlsx FILE]`: the establishment roadmap from the store. */
export function register(program: Command): void {
  program
    .command('roadmap')
    .description(
      'Establishment roadmap (lộ trình biên chế): permanent transfers quarter by quarter that minimise the daily ' +
        'lending and unmet work left, proven optimal and verified; saved as a draft. Prints a summary and the ' +
        'trade-off curve, or --json, --csv (transfers) or --xlsx FILE.',
    )
    .option('--quarters <N>', 'number of quarters', '4')
    .option('--max-transfers <N>', 'transfers per quarter city-wide (default: models/establishment.json)')
    .option('--start <QUARTER>', 'first quarter, e.g. 2026-Q2 (default: after the last stored volume)')
    .option('--json', 'print the roadmap JSON')
    .option('--csv', 'print the transfers as CSV')
    .option('--xlsx <FILE>', 'write an Excel workbook (transfers, curve, utilisation)')
    .action(
      async (opts: {
        quarters: string;
        maxTransfers?: string;
        start?: string;
        json?: boolean;
        csv?: boolean;
        xlsx?: string;
      }) => {
        if ([opts.json, opts.csv, opts.xlsx].filter(Boolean).length > 1)
          throw new CliFailure('give one of --json, --csv, --xlsx');
        const req = parseOrThrow(
          RoadmapRequest,
          {
            quarters: Number(opts.quarters),
            ...(opts.maxTransfers !== undefined ? { max_transfers: Number(opts.maxTransfers) } : {}),
            ...(opts.start ? { start: opts.start } : {}),
          },
          'roadmap options',
        );
        const lang = cliLang();
        const config = loadConfig();
        const stored = await withStore(config, async (db) => {
          const r = await runRoadmap(db, config, req);
          return getRoadmap(db, r.id);
        });
        const result = stored.result;
        if (opts.json) {
          process.stdout.write(jsonText(renderTexts({ ...stored, result }, lang)));
          return;
        }
        if (opts.csv) {
          process.stdout.write(roadmapCsv(result, lang));
          return;
        }
        if (opts.xlsx) {
          writeFileSync(opts.xlsx, await roadmapXlsx(result, lang));
          process.stderr.write(`wrote ${opts.xlsx}\n`);
        }
        const r = result.roadmap;
        process.stdout.write(
          `${stored.id}  ${stored.status}  solver ${r.status}  ${r.staff} staff, ${r.movable} movable\n`,
        );
        for (const q of r.quarters)
          process.stdout.write(
            `${q.label}  ${q.status}  objective ${q.objective.toFixed(3)} (bound ${q.bound.toFixed(3)})  ` +
              `${q.transfers.length} transfers  deficit ${q.deficit_before.toFixed(1)} → ${q.deficit_after.toFixed(1)} staff-h/day\n`,
          );
        process.stdout.write('transfers/quarter  used  residual deficit (Σ quarters)  as they were\n');
        for (const c of result.curve)
          process.stdout.write(
            `${String(c.max_transfers).padStart(17)}  ${String(c.transfers).padStart(4)}  ${c.residual_deficit.toFixed(1).padStart(30)}  ${c.deficit_without.toFixed(1)}\n`,
          );
      },
    );
}
