import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { overdueRiskJobId } from '../../jobs/processors/alerts.ts';
import { nowInHanoi, refreshOverdueRisk } from '../../usecases/alerts.ts';
import { type AttendanceImportResult, importAttendance } from '../../usecases/import/attendance.ts';
import { fileSource } from '../../usecases/import/csv.ts';
import { type ImportKind, importCsv } from '../../usecases/import/import.ts';
import {
  formatOfName,
  importRegister,
  type RegisterImportResult,
  readMappingFile,
  todayInHanoi,
} from '../../usecases/import/register.ts';
import { withStore } from '../../usecases/runtime.ts';
import { importContext } from '../../usecases/sample-data.ts';
import { CliFailure, printJson } from '../output.ts';

interface ImportOpts {
  points?: string;
  staff?: string;
  volumes?: string;
  dossiers?: string;
  tickets?: string;
  attendance?: string;
  sheet?: string;
  mapping?: string;
  riskRefresh?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Import points, staff or daily volumes from CSV (UTF-8, BOM accepted), or the dossier register and queue ' +
        'tickets from CSV or Excel (.xlsx). Every row is validated first; a file with any bad row writes nothing ' +
        'and lists each bad row. Re-importing a file changes nothing; a later register export updates by code.',
    )
    .option(
      '--points <file>',
      'points: code,name,type,branch,lat,lon,population,area_km2,counters,min_staff[,weekday_hours,saturday_hours], or the official unit list code,name,type,population,area_km2,lat,lon[,source_note]',
    )
    .option('--staff <file>', 'staff: id,name,home_point,fields,fte,role[,active] (fields separated by ;)')
    .option('--volumes <file>', 'daily volumes: date,point,channel,field,received[,resolved,on_time,overdue]')
    .option(
      '--dossiers <file>',
      'dossier register (.csv or .xlsx) with Vietnamese headers (Mã hồ sơ, Mã thủ tục, Lĩnh vực, Nơi tiếp nhận, Cơ quan giải quyết, Hình thức nộp, Mức độ, Ngày tiếp nhận, Ngày hẹn trả, Ngày có kết quả, Ngày trả kết quả, Đã số hóa, Kết quả điện tử) or the English column names (docs/register.md)',
    )
    .option(
      '--tickets <file>',
      'queue tickets (.csv or .xlsx): point, number, counter, field, issued_at, called_at, finished_at, abandoned (or their Vietnamese headers)',
    )
    .option(
      '--attendance <file>',
      'attendance (.csv or .xlsx): Ngày / date, Mã cán bộ / staff_id, Điểm / point (code or name)[, Số giờ / hours][, Có mặt / present]',
    )
    .option('--sheet <name>', 'Excel: the sheet to read (default the first)')
    .option(
      '--mapping <file.json>',
      'header/value mapping of --dossiers, --tickets or --attendance (models/import/*.json format, of that kind)',
    )
    .option('--no-risk-refresh', 'dossiers: do not refresh the overdue-risk list after the import')
    .option('--json', 'print the result as JSON')
    .action(async (opts: ImportOpts) => {
      const files = (['points', 'staff', 'volumes'] as const).filter((k) => opts[k]);
      const registers = (['dossiers', 'tickets'] as const).filter((k) => opts[k]);
      if (files.length + registers.length === 0 && !opts.attendance)
        throw new CliFailure('give --points, --staff, --volumes, --dossiers, --tickets or --attendance FILE');
      if (opts.mapping && registers.length + (opts.attendance ? 1 : 0) !== 1)
        throw new CliFailure('--mapping applies to one of --dossiers, --tickets or --attendance');
      const mapping = opts.mapping ? readMappingFile(opts.mapping) : undefined;
      const config = loadConfig();
      const riskLines: string[] = [];
      const results = await withStore(config, async (db) => {
        const out: Array<
          | { kind: string; rows: number; changed: number; seconds: number }
          | RegisterImportResult
          | AttendanceImportResult
        > = [];
        // Points first: staff, volumes and the register refer to them.
        for (const kind of files as ImportKind[]) {
          out.push(await importCsv(db, kind, fileSource(opts[kind]!), importContext(config)));
        }
        for (const kind of registers) {
          const file = opts[kind]!;
          const r: RegisterImportResult & { risk_refresh?: string } = await importRegister(
            db,
            kind,
            fileSource(file),
            {
              format: formatOfName(file),
              sheet: opts.sheet,
              mapping,
              today: todayInHanoi(),
              modelsDir: config.MODELS_DIR,
            },
          );
          // As after an import job (issue #15): the overdue-risk list is refreshed, here and now.
          if (kind === 'dossiers' && opts.riskRefresh !== false) {
            const asOf = nowInHanoi();
            const id = overdueRiskJobId({ asOf, after: `cli-${resolve(file)}-${Date.now()}` });
            const risk = await refreshOverdueRisk(db, config, { asOf, backtest: true, id });
            r.risk_refresh = risk.id;
            riskLines.push(
              `overdue risk: ${risk.pending} pending dossiers scored (${risk.seconds.toFixed(2)} s)`,
            );
          }
          out.push(r);
        }
        // Attendance last: it names staff and points.
        if (opts.attendance)
          out.push(
            await importAttendance(db, fileSource(opts.attendance), {
              format: formatOfName(opts.attendance),
              sheet: opts.sheet,
              ...(mapping ? { mapping } : {}),
              today: todayInHanoi(),
              modelsDir: config.MODELS_DIR,
            }),
          );
        return out;
      });
      if (opts.json) printJson(results);
      else
        for (const r of results) {
          process.stdout.write(
            `${r.kind}: ${r.rows} rows read, ${r.changed} inserted or changed (${r.seconds.toFixed(2)} s)\n`,
          );
          if ('warnings_total' in r && r.warnings_total > 0)
            process.stdout.write(`  ${r.warnings_total} rows with a warning (--json lists them)\n`);
        }
      if (!opts.json) for (const line of riskLines) process.stdout.write(`${line}\n`);
    });
}
