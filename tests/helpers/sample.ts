import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { WorkCalendar } from '../../src/core/calendar/index.ts';
import type { UnitRow } from '../../src/sample/points.ts';
import { loadCalendarModel, loadFieldsModel, loadStaffingModel } from '../../src/store/model-files.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The real unit list: `DIEUPHOI_POINTS_CSV`, else `../shared/data/hanoi-units.csv` next to the repo. */
export const realUnitsPath = resolve(
  process.env.DIEUPHOI_POINTS_CSV || join(repo, '..', 'shared', 'data', 'hanoi-units.csv'),
);
export const hasRealUnits = existsSync(realUnitsPath);

/** Rows of the real unit list, parsed as the CLI would (strings, BOM dropped). Read from shared/, never copied. */
export function readRealUnits(): UnitRow[] {
  return parse(readFileSync(realUnitsPath), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  }) as UnitRow[];
}

export function sampleModels() {
  const staffingModel = loadStaffingModel();
  const fieldsModel = loadFieldsModel();
  const calendar = new WorkCalendar(loadCalendarModel());
  const openingHours = staffingModel.opening_hours;
  return { staffingModel, fieldsModel, calendar, openingHours };
}
