import { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import { planningDays, type WeeklyPlanInput } from '../../src/core/optimize/weekly-plan.ts';
import type { Point, Staff } from '../../src/schemas/domain.ts';
import type { ForecastRow } from '../../src/schemas/plan.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadOptimizeModel,
  loadStaffingModel,
} from '../../src/store/model-files.ts';

/**
 * A small week (the same as tests/core/optimize/weekly-plan.test.ts): HK is busy, BD quiet and 4.8 min away,
 * CG 12.6 min from BD; the optimiser moves BD staff to HK.
 */
export function weeklyPlanFixture(): WeeklyPlanInput {
  const models = { fields: loadFieldsModel(), staffing: loadStaffingModel(), optimize: loadOptimizeModel() };
  const calendar = new WorkCalendar(loadCalendarModel());
  const hours = models.staffing.opening_hours;
  const point = (code: string, name: string, lat: number, lon: number): Point => ({
    code,
    name,
    type: 'ward',
    branch: 'B1',
    lat,
    lon,
    population: 50_000,
    area_km2: 3,
    counters: 4,
    min_staff: 2,
    opening_hours: hours,
  });
  const points = [
    point('HK', 'Hoàn Kiếm', 21.03, 105.85),
    point('BD', 'Ba Đình', 21.038, 105.838),
    point('CG', 'Cầu Giấy', 21.03, 105.8),
  ];
  const staffOf = (home: string, k: number): Staff[] =>
    Array.from({ length: k }, (_, i) => ({
      id: `${home}-${i}`,
      name: `Cán bộ ${home} ${i}`,
      home_point: home,
      fields: i % 2 ? ['land', 'civil_status'] : ['civil_status', 'certification'],
      fte: 1,
      role: i === 0 ? 'point_lead' : 'staff',
      active: true,
    }));
  const staff = [...staffOf('HK', 3), ...staffOf('BD', 8), ...staffOf('CG', 6)];
  const rows: ForecastRow[] = [];
  for (const date of planningDays('2026-01-07', points, calendar)) {
    const sat = date === '2026-01-10';
    rows.push({ date, point: 'HK', channel: 'in_person', field: 'civil_status', mean: sat ? 30 : 140 });
    rows.push({ date, point: 'HK', channel: 'online', field: 'land', mean: sat ? 0 : 20 });
    rows.push({ date, point: 'BD', channel: 'in_person', field: 'certification', mean: sat ? 5 : 20 });
    rows.push({ date, point: 'CG', channel: 'in_person', field: 'civil_status', mean: sat ? 5 : 25 });
  }
  return { week: '2026-01-07', points, staff, forecastRows: rows, models, calendar };
}
