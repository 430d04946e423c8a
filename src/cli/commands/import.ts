import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { fileSource } from '../../usecases/import/csv.ts';
import { type ImportKind, importCsv } from '../../usecases/import/import.ts';
import { withStore } from '../../usecases/runtime.ts';
import { importContext } from '../../usecases/sample-data.ts';
import { CliFailure, printJson } from '../output.ts';

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Import points, staff or daily volumes from CSV (UTF-8, BOM accepted). Every row is validated first;\n' +
        'a file with any bad row writes nothing and lists each bad row. Re-importing a file changes nothing.',
    )
    .option(
      '--points <file>',
      'points: code,name,type,branch,lat,lon,population,area_km2,counters,min_staff[,weekday_hours,saturday_hours], or the official unit list code,name,type,population,area_km2,lat,lon[,source_note]',
    )
    .option('--staff <file>', 'staff: id,name,home_point,fields,fte,role[,active] (fields separated by ;)')
    .option('--volumes <file>', 'daily volumes: date,point,channel,field,received[,resolved,on_time,overdue]')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { points?: string; staff?: string; volumes?: string; json?: boolean }) => {
      const files = (['points', 'staff', 'volumes'] as const).filter((k) => opts[k]);
      if (files.length === 0) throw new CliFailure('give --points, --staff or --volumes FILE.csv');
      const config = loadConfig();
      const results = await withStore(config, async (db) => {
        const out = [];
        // Points first: staff and volumes refer to them.
        for (const kind of files as ImportKind[]) {
          out.push(await importCsv(db, kind, fileSource(opts[kind]!), importContext(config)));
        }
        return out;
      });
      if (opts.json) printJson(results);
      else
        for (const r of results)
          process.stdout.write(
            `${r.kind}: ${r.rows} rows read, ${r.changed} inserted or changed (${r.seconds.toFixed(2)} s)\n`,
          );
    });
}
