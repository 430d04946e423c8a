import type { WorkCalendar } from '../core/calendar/index.ts';
import type { Point, Staff } from '../schemas/domain.ts';
import type { FieldsModel, StaffingModel } from '../schemas/models.ts';
import { REPORT_Q3_2025 } from './calibration.ts';
import { expectedLoadByPoint } from './history.ts';
import { enrichUnits, generateSyntheticUnits, type UnitRow } from './points.ts';
import { generateStaff, inheritedStaffWeights } from './staff.ts';

/** The seed of the committed sample data (data/points.csv, data/staff.csv) and of `init`'s history. */
export const DEFAULT_SEED = 20250701;

export interface DatasetOptions {
  seed: number;
  calendar: WorkCalendar;
  staffingModel: StaffingModel;
  fieldsModel: FieldsModel;
  /** a real unit list (e.g. hanoi-units.csv rows); synthetic Hanoi-shaped units when absent */
  units?: readonly UnitRow[];
  /** staff head count, default 1,500 */
  staffTotal?: number;
}

/**
 * Points and staff of a sample data set: units (given or synthetic) enriched into points, staff sized by
 * each point's expected workload in the calibration window. Independent of today's date.
 * @example const { points, staff } = sampleDataset({ seed: DEFAULT_SEED, calendar, staffingModel, fieldsModel })
 */
export function sampleDataset(o: DatasetOptions): { points: Point[]; staff: Staff[] } {
  const units = o.units ?? generateSyntheticUnits(o.seed);
  const points = enrichUnits(units, {
    openingHours: o.staffingModel.opening_hours as Point['opening_hours'],
  });
  const load = expectedLoadByPoint({
    points,
    from: REPORT_Q3_2025.from,
    until: REPORT_Q3_2025.to,
    seed: o.seed,
    calendar: o.calendar,
    staffingModel: o.staffingModel,
    fieldsModel: o.fieldsModel,
  });
  const minutes = Object.fromEntries(Object.entries(load).map(([code, l]) => [code, l.minutesPerDay]));
  const staff = generateStaff(points, inheritedStaffWeights(points, minutes, o.seed), o.seed, {
    total: o.staffTotal,
  });
  return { points, staff };
}
