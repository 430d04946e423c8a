import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { csvLine } from '../../core/csv.ts';
import { POINTS_CSV_COLUMNS, STAFF_CSV_COLUMNS, VOLUMES_CSV_COLUMNS } from '../../schemas/csv.ts';
import { listPoints } from '../../store/points-repo.ts';
import { listStaff } from '../../store/staff-repo.ts';
import { iterateVolumes } from '../../store/volumes-repo.ts';
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
      'Export points, staff or daily volumes as CSV in the same format `import` reads (stdout by default)',
    )
    .option('--points', 'export points')
    .option('--staff', 'export staff')
    .option('--volumes', 'export daily volumes')
    .option('--from <date>', 'volumes: first date (YYYY-MM-DD)')
    .option('--to <date>', 'volumes: last date (YYYY-MM-DD)')
    .option('--point <code>', 'volumes: one point only')
    .option('--output <file>', 'write to this file instead of stdout')
    .action(
      async (opts: {
        points?: boolean;
        staff?: boolean;
        volumes?: boolean;
        from?: string;
        to?: string;
        point?: string;
        output?: string;
      }) => {
        const kinds = (['points', 'staff', 'volumes'] as const).filter((k) => opts[k]);
        if (kinds.length !== 1) throw new CliFailure('give exactly one of --points, --staff, --volumes');
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
          } else {
            await row([...VOLUMES_CSV_COLUMNS]);
            for await (const v of iterateVolumes(db, { from: opts.from, to: opts.to, point: opts.point }))
              await row([v.date, v.point, v.channel, v.field, v.received, v.resolved, v.on_time, v.overdue]);
          }
        });
        if (opts.output) await new Promise((r) => (out as ReturnType<typeof createWriteStream>).end(r));
      },
    );
}
