import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../../src/core/calendar/calendar.ts';
import { workloadFromRequirements } from '../../../src/core/establishment/workload.ts';
import { staffRequirements } from '../../../src/core/staffing/requirements.ts';
import type { WorkloadCell } from '../../../src/schemas/establishment.ts';
import type { ForecastRow } from '../../../src/schemas/plan.ts';
import type { WorkTypesModel } from '../../../src/schemas/work-types.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadStaffingModel,
  loadWorkTypesModel,
} from '../../../src/store/model-files.ts';

const fields = loadFieldsModel();
const staffing = loadStaffingModel();
const calendar = new WorkCalendar(loadCalendarModel());
const workTypes = loadWorkTypesModel();
const WEEK = ['2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16', '2026-01-17'];
const points = [
  { code: 'A', opening_hours: staffing.opening_hours },
  { code: 'B', opening_hours: staffing.opening_hours },
];
const rows: ForecastRow[] = WEEK.slice(0, 5).flatMap((date) => [
  { date, point: 'A', channel: 'in_person', field: 'land', mean: 30 },
  { date, point: 'A', channel: 'online', field: 'land', mean: 40 },
  { date, point: 'B', channel: 'in_person', field: 'civil_status', mean: 12 },
  { date, point: 'B', channel: 'online', field: 'social_policy', mean: 8 },
]);
const hoursOf = (cells: WorkloadCell[], type: 'counter' | 'processing', point?: string) =>
  cells
    .filter((c) => c.work_type === type && (point === undefined || c.point === point))
    .reduce((s, c) => s + c.staff_hours_per_day, 0);

function roadmapWorkload(model: WorkTypesModel): WorkloadCell[] {
  const req = staffRequirements(WEEK, points, rows, fields, staffing, calendar, { workTypes: model });
  return workloadFromRequirements(req, rows, fields, 6.8, 0, {}, model);
}

describe('the roadmap workload on the work model', () => {
  it("holds the Center's counter, local and pooled work, split by field, and not the communes' appraisal", () => {
    const req = staffRequirements(WEEK, points, rows, fields, staffing, calendar, { workTypes });
    const cells = workloadFromRequirements(req, rows, fields, 6.8, 0, {}, workTypes);
    const sum = (v: number[] | undefined) => (v ?? []).reduce((a, b) => a + b, 0);
    const workdays = WEEK.filter((_, d) => points.some((p) => req.reception[p.code]![d]! > 0)).length;
    for (const p of ['A', 'B']) {
      expect(hoursOf(cells, 'counter', p)).toBeCloseTo(
        ((sum(req.reception[p]) + sum(req.local![p])) / workdays) * 6.8,
        9,
      );
      expect(hoursOf(cells, 'processing', p)).toBeCloseTo(
        (sum(req.processing_by_point[p]) / workdays) * 6.8,
        9,
      );
    }
    // B's pooled work is its online social-policy acceptance only; its counters serve civil status only.
    expect(cells.filter((c) => c.point === 'B' && c.work_type === 'processing').map((c) => c.skill)).toEqual([
      'social_policy',
    ]);
    expect(cells.filter((c) => c.point === 'B' && c.work_type === 'counter').map((c) => c.skill)).toEqual([
      'civil_status',
    ]);
    // Appraisal exists in the requirements, and is larger than the Center's pooled work here…
    const appraisal = Object.values(req.appraisal!).flatMap((u) => Object.values(u).map(sum));
    expect(appraisal.reduce((a, b) => a + b, 0)).toBeGreaterThan(sum(req.processing));
    // …yet ten times the appraisal minutes leave the roadmap's workload as it was.
    const heavier: WorkTypesModel = structuredClone(workTypes);
    heavier.work_types.appraisal.share *= 10;
    expect(roadmapWorkload(heavier)).toEqual(roadmapWorkload(workTypes));
  });

  it('without the work model keeps the old two-type workload (every back-office minute as processing)', () => {
    const req = staffRequirements(WEEK, points, rows, fields, staffing, calendar);
    const old = workloadFromRequirements(req, rows, fields, 6.8, 0);
    const wm = roadmapWorkload(workTypes);
    expect(hoursOf(old, 'processing')).toBeGreaterThan(hoursOf(wm, 'processing'));
  });
});
