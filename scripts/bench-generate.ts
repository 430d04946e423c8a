/**
 * Speed of the sample history generator: rows per second for 2024-01-01..UNTIL on the synthetic points and,
 * when available, the real Hanoi units (DIEUPHOI_POINTS_CSV or ../shared/data/hanoi-units.csv).
 *
 *   node --import tsx scripts/bench-generate.ts [--until 2026-11-24] [--seed N]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { WorkCalendar } from '../src/core/calendar/index.ts';
import { csvLine } from '../src/core/csv.ts';
import {
  buildHistoryModel,
  calibrationFigures,
  DEFAULT_SEED,
  enrichUnits,
  generateHistory,
  generateSyntheticPoints,
  type UnitRow,
  volumeCsvRecord,
} from '../src/sample/index.ts';
import type { DailyVolume, Point } from '../src/schemas/domain.ts';
import { loadCalendarModel, loadFieldsModel, loadStaffingModel } from '../src/store/model-files.ts';

const { values } = parseArgs({
  options: {
    until: { type: 'string', default: '2026-11-24' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
  },
});
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const staffingModel = loadStaffingModel();
const fieldsModel = loadFieldsModel();
const calendar = new WorkCalendar(loadCalendarModel());
const seed = Number(values.seed);
const openingHours = staffingModel.opening_hours;

const sets: Array<[string, Point[]]> = [['synthetic', generateSyntheticPoints(seed, { openingHours })]];
const realPath = resolve(
  process.env.DIEUPHOI_POINTS_CSV || join(repo, '..', 'shared', 'data', 'hanoi-units.csv'),
);
if (existsSync(realPath))
  sets.push([
    'hanoi-units.csv',
    enrichUnits(parse(readFileSync(realPath), { columns: true }) as UnitRow[], { openingHours }),
  ]);

const table: Array<Record<string, string | number>> = [];
for (const [name, points] of sets) {
  const opts = {
    points,
    from: '2024-01-01',
    until: values.until,
    seed,
    calendar,
    staffingModel,
    fieldsModel,
  };
  let t = performance.now();
  buildHistoryModel(opts);
  const modelSec = (performance.now() - t) / 1000;
  t = performance.now();
  let rows = 0;
  const window: DailyVolume[] = [];
  for (const r of generateHistory(opts)) {
    rows++;
    if (r.date >= '2025-07-01' && r.date <= '2025-09-30') window.push(r);
  }
  const genSec = (performance.now() - t) / 1000;
  t = performance.now();
  let bytes = 0;
  for (const r of generateHistory(opts)) bytes += csvLine(volumeCsvRecord(r)).length + 1;
  const csvSec = (performance.now() - t) / 1000;
  const f = calibrationFigures(window);
  table.push({
    points: name,
    rows,
    'model s': modelSec.toFixed(2),
    'generate s': genSec.toFixed(2),
    'rows/s': Math.round(rows / genSec),
    'as CSV rows/s': Math.round(rows / csvSec),
    'CSV MB': (bytes / 1e6).toFixed(0),
    received: f.received,
    'online %': (100 * f.channelShare.online).toFixed(2),
    'resolved %': (100 * f.resolvedShare).toFixed(2),
    'on time %': (100 * f.onTimeShareOfResolved).toFixed(3),
  });
}
console.table(table);
