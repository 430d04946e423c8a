import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { isIsoDate } from '../../core/calendar/dates.ts';
import { csvLine } from '../../core/csv.ts';
import { POINTS_CSV_COLUMNS, STAFF_CSV_COLUMNS, VOLUMES_CSV_COLUMNS } from '../../schemas/csv.ts';
import { listPoints } from '../../store/points-repo.ts';
import { listStaff } from '../../store/staff-repo.ts';
import { iterateVolumes } from '../../store/volumes-repo.ts';
import { exportDossiers } from '../../usecases/register-export.ts';
import { withStore } from '../../usecases/runtime.ts';
import { CliFailure } from '../output.ts';

const hours = (sessions: Array<[string, string]> | string[][]) =>
  sessions.map((s) => `${s[0]}-${s[1]}`).join(';');

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line)) await new Promise((r) => out.once('drain', r));
}

export function register(program: Command): void {
  program
    .command('export')
    .description(
      'Export points, staff or daily volumes as CSV, or the dossier register as CSV or Excel, in the format `import` reads (stdout by default)',
    )
    .option('--points', 'export points')
    .option('--staff', 'export staff')
    .option(
      '--volumes',
      'export daily volumes (the register where it covers a point and day, else the daily counts)',
    )
    .option('--dossiers', 'export the dossier register (received in --from…--to)')
    .option('--format <format>', 'dossiers: csv (default) or xlsx', 'csv')
    .option('--from <date>', 'volumes, dossiers: first date (YYYY-MM-DD)')
    .option('--to <date>', 'volumes, dossiers: last date (YYYY-MM-DD)')
    .option('--point <code>', 'volumes: one point only; dossiers: one receiving point')
    .option('--output <file>', 'write to this file instead of stdout')
    .action(
      async (opts: {
        points?: boolean;
        staff?: boolean;
        volumes?: boolean;
        dossiers?: boolean;
        format: string;
        from?: string;
        to?: string;
        point?: string;
        output?: string;
      }) => {
        const kinds = (['points', 'staff', 'volumes', 'dossiers'] as const).filter((k) => opts[k]);
        if (kinds.length !== 1)
          throw new CliFailure('give exactly one of --points, --staff, --volumes, --dossiers');
        const format = opts.format;
        if (format !== 'csv' && format !== 'xlsx') throw new CliFailure('--format is csv or xlsx');
        if (format === 'xlsx' && kinds[0] !== 'dossiers')
          throw new CliFailure('--format xlsx applies to --dossiers');
        for (const [name, d] of [
          ['--from', opts.from],
          ['--to', opts.to],
        ] as const)
          if (d !== undefined && !isIsoDate(d)) throw new CliFailure(`${name} must be a date YYYY-MM-DD`);
        if (format === 'xlsx' && !opts.output) throw new CliFailure('--format xlsx needs --output FILE.xlsx');
        const out: Writable = opts.output ? createWriteStream(opts.output) : process.stdout;
        const row = (cells: unknown[]) => write(out, `${csvLine(cells)}\n`);
        await withStore(loadConfig(), async (db) => {
          if (kinds[0] === 'points') {
            await row([...POINTS_CSV_COLUMNS]);
            for (const p of await listPoints(db))
              await row([
                p.code,
                p.name,
                p.type,
                p.branch,
                p.lat,
                p.lon,
                p.population,
                p.area_km2,
                p.counters,
                p.min_staff,
                hours(p.opening_hours.weekday),
                hours(p.opening_hours.saturday),
              ]);
          } else if (kinds[0] === 'staff') {
            await row([...STAFF_CSV_COLUMNS]);
            for (const s of await listStaff(db))
              await row([
                s.id,
                s.name,
                s.home_point,
                s.fields.join(';'),
                s.fte,
                s.role,
                s.active,
                (s.skills ?? []).join(';'),
              ]);
          } else if (kinds[0] === 'dossiers') {
            await exportDossiers(db, { from: opts.from, to: opts.to, point: opts.point }, format, out);
            return;
          } else {
            await row([...VOLUMES_CSV_COLUMNS]);
            for await (const v of iterateVolumes(db, { from: opts.from, to: opts.to, point: opts.point }))
              await row([v.date, v.point, v.channel, v.field, v.received, v.resolved, v.on_time, v.overdue]);
          }
        });
        if (opts.output) {
          const file = out as ReturnType<typeof createWriteStream>;
          // The xlsx writer ends its stream itself: wait for the file to be closed.
          if (file.writableEnded)
            await new Promise<void>((r) => (file.closed ? r() : file.once('close', () => r())));
          else await new Promise<void>((r) => file.end(() => r()));
        }
      },
    );
}
