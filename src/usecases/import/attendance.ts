import { DomainError, type ErrorDetail } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import type { AttendanceRecord } from '../../core/supervise/attendance.ts';
import type { ImportMapping } from '../../schemas/register.ts';
import { upsertAttendance } from '../../store/attendance-repo.ts';
import type { Db } from '../../store/db.ts';
import { loadImportMapping } from '../../store/model-files.ts';
import { listPoints } from '../../store/points-repo.ts';
import { listStaff } from '../../store/staff-repo.ts';
import type { ByteSource } from './csv.ts';
import { mappingKindMismatch } from './mappings.ts';
import { invalid, PointIndex, placeMsg, RegisterRowCheck, Seen, valueMaps } from './register.ts';
import { type HeaderNames, readRegister, type SourceFormat } from './register-source.ts';

export interface AttendanceImportOptions {
  format: SourceFormat;
  /** Excel: the sheet to read (default the first). */
  sheet?: string;
  /**
   * Another time-keeping sheet's headers and values (models/import/*.json format, kind `attendance`); default
   * `models/import/attendance-default.json`. The English column names are understood with any mapping.
   */
  mapping?: ImportMapping;
  /** Today in Asia/Ho_Chi_Minh: a day after it is refused. */
  today: string;
  modelsDir?: string;
}

export interface AttendanceImportResult {
  kind: 'attendance';
  rows: number;
  /** rows inserted or changed (0 when re-importing the same file) */
  changed: number;
  seconds: number;
}

/**
 * Imports an attendance file (CSV or XLSX; Vietnamese headers — Ngày, Mã cán bộ, Điểm, Số giờ, Có mặt — or the
 * English column names, models/import/attendance-default.json) with the register's reader and row checks: every
 * bad row named (line, or sheet and row; column, value, reason) and nothing written unless the whole file is
 * clean; unknown staff or points are errors; a re-import upserts by day and person (the same file changes
 * nothing). A row without `Có mặt` is present, unless its hours are 0. Another sheet's layout is read with
 * `opts.mapping` (its values added to the default's: Có mặt / Vắng still read).
 * @throws DomainError IMPORT_INVALID; INPUT_INVALID for a mapping of another kind
 */
export async function importAttendance(
  db: Db,
  source: ByteSource,
  opts: AttendanceImportOptions,
): Promise<AttendanceImportResult> {
  const started = performance.now();
  const fallback = loadImportMapping('import/attendance-default.json', opts.modelsDir);
  const given = opts.mapping ?? fallback;
  if (given.kind !== 'attendance')
    throw new DomainError('INPUT_INVALID', mappingKindMismatch(given.kind, 'attendance'));
  // As for the registers: the English column names are always understood (an export reads back).
  const columns = { ...given.columns };
  for (const c of Object.keys(fallback.columns)) columns[c] = [...(columns[c] ?? []), c];
  const mapping: ImportMapping = { ...given, columns };
  const values = valueMaps(given, opts.mapping ? fallback : undefined);
  const points = new PointIndex(await listPoints(db));
  const staff = new Set((await listStaff(db)).map((s) => s.id));
  const names: HeaderNames = new Map();
  const errors: ErrorDetail[] = [];
  const seen = new Seen();
  const records: AttendanceRecord[] = [];
  let rows = 0;
  for await (const batch of readRegister(
    source,
    { format: opts.format, sheet: opts.sheet, mapping, required: ['date', 'staff_id', 'point'] },
    names,
  ))
    for (const row of batch) {
      rows++;
      const c = new RegisterRowCheck(row, names, values);
      const dt = c.dayTime('date', { required: true });
      if (dt && dt.day > opts.today) c.fail('date', 'import.future', { today: opts.today });
      const id = c.text('staff_id', { required: true, max: 100 });
      if (id !== null && !staff.has(id)) c.fail('staff_id', 'import.unknown_staff');
      const point = c.has('point') ? c.point('point', points) : c.fail('point', 'import.empty');
      let hours: number | null = null;
      if (c.has('hours')) {
        const h = Number(String(row.values.hours).replace(',', '.'));
        if (!Number.isFinite(h) || h < 0 || h > 24) c.fail('hours', 'import.attendance_hours');
        else hours = h;
      }
      const present = c.bool('present') ?? (hours === null || hours > 0);
      if (c.errors.length) {
        errors.push(...c.errors);
        continue;
      }
      const first = seen.check(`${dt!.day}|${id}`, row.at);
      if (first) {
        c.fail('staff_id', 'import.duplicate_attendance', { first: placeMsg(first) });
        errors.push(...c.errors);
        continue;
      }
      records.push({ day: dt!.day, staff_id: id!, point: point!, present, hours });
    }
  if (rows === 0)
    throw new DomainError('IMPORT_INVALID', msg('import.no_rows', { kind: msg('import.kind.attendance') }));
  if (errors.length) throw invalid('attendance', errors);
  const changed = await db.transaction((tx) => upsertAttendance(tx, records));
  return { kind: 'attendance', rows, changed, seconds: (performance.now() - started) / 1000 };
}
