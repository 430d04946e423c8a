import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../../src/core/calendar/calendar.ts';
import { render, renderTexts } from '../../../src/core/messages.ts';
import { evaluateMoves } from '../../../src/core/optimize/evaluate.ts';
import {
  buildWeeklyPlan,
  planningDays,
  planToCsv,
  type WeeklyPlanInput,
} from '../../../src/core/optimize/weekly-plan.ts';
import type { Point, Staff } from '../../../src/schemas/domain.ts';
import type { ForecastRow } from '../../../src/schemas/plan.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadOptimizeModel,
  loadStaffingModel,
} from '../../../src/store/model-files.ts';

const models = { fields: loadFieldsModel(), staffing: loadStaffingModel(), optimize: loadOptimizeModel() };
const calendar = new WorkCalendar(loadCalendarModel());
const hours = models.staffing.opening_hours;
const point = (code: string, lat: number, lon: number, over: Partial<Point> = {}): Point => ({
  code,
  name: code,
  type: 'ward',
  branch: 'B1',
  lat,
  lon,
  population: 50_000,
  area_km2: 3,
  counters: 4,
  min_staff: 2,
  opening_hours: hours,
  ...over,
});
// HK is busy, BD quiet and 4.8 min away, CG 12.6 min from BD.
const points = [point('HK', 21.03, 105.85), point('BD', 21.038, 105.838), point('CG', 21.03, 105.8)];
const staffOf = (home: string, k: number, lead = true): Staff[] =>
  Array.from({ length: k }, (_, i) => ({
    id: `${home}-${i}`,
    name: `Staff ${home} ${i}`,
    home_point: home,
    fields: i % 2 ? ['land', 'civil_status'] : ['civil_status', 'certification'],
    fte: 1,
    role: lead && i === 0 ? 'point_lead' : 'staff',
    active: true,
  }));
const staff = [...staffOf('HK', 3), ...staffOf('BD', 8), ...staffOf('CG', 6)];
const week = planningDays('2026-01-07', points, calendar);
const rows: ForecastRow[] = [];
for (const date of week) {
  const sat = date === '2026-01-10';
  rows.push({ date, point: 'HK', channel: 'in_person', field: 'civil_status', mean: sat ? 30 : 140 });
  rows.push({ date, point: 'HK', channel: 'online', field: 'land', mean: sat ? 0 : 20 });
  rows.push({ date, point: 'BD', channel: 'in_person', field: 'certification', mean: sat ? 5 : 20 });
  rows.push({ date, point: 'CG', channel: 'in_person', field: 'civil_status', mean: sat ? 5 : 25 });
}
const input: WeeklyPlanInput = { week: '2026-01-07', points, staff, forecastRows: rows, models, calendar };

describe('weekly plan pipeline', () => {
  const plan = buildWeeklyPlan(input);

  it('plans Monday to Saturday of the week', () => {
    expect(plan.days).toEqual([
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-01-10',
    ]);
    expect(plan.week_label).toBe('2026-W02');
  });

  it('solves stage 1 optimally and staffs every move by name', () => {
    expect(plan.stage1.status).toBe('optimal');
    expect(plan.roster.unfilled).toEqual([]);
    const total = plan.stage1.moves.reduce((s, m) => s + m.staff, 0);
    expect(total).toBeGreaterThan(0);
    expect(plan.roster.moves).toHaveLength(total);
    for (const m of plan.roster.moves) {
      expect(m.to).toBe('HK');
      expect(m.staff_id).not.toBe('BD-0'); // the point lead stays
      expect(render(m.reason, 'en')).toContain('HK lacks');
    }
    const perPerson = new Map<string, number>();
    for (const m of plan.roster.moves) perPerson.set(m.staff_id, (perPerson.get(m.staff_id) ?? 0) + 1);
    for (const v of perPerson.values()) expect(v).toBeLessThanOrEqual(2);
  });

  it('reports KPIs that follow from the roster: better service, less unmet work', () => {
    const k = plan.kpis;
    expect(k.service_level.after).toBeGreaterThan(k.service_level.before);
    expect(k.unmet_hours.reception_after).toBeLessThan(k.unmet_hours.reception_before);
    expect(k.moves).toBe(plan.roster.moves.length);
    const hk = k.utilisation.find((u) => u.point === 'HK')!;
    expect(hk.after!).toBeLessThan(hk.before!);
    const ev = evaluateMoves(plan.problem, plan.stage1.moves);
    expect(ev.objective).toBeCloseTo(plan.stage1.objective!, 9);
    expect(renderTexts(plan.explanation, 'en').join('\n')).toMatch(/expected counter service level/);
  });

  it('exports one CSV row per person and day', () => {
    const csv = planToCsv(plan);
    expect(csv.rows).toHaveLength(staff.length * plan.days.length);
    const moved = csv.rows.filter((r) => r[6] === 'moved');
    expect(moved).toHaveLength(plan.roster.moves.length);
    expect(String(moved[0]![8])).toMatch(/lacks/);
  });

  it('re-plans when people cannot take the moves (personal travel limits) instead of leaving them unfilled', () => {
    const limits = Object.fromEntries(staff.filter((s) => s.home_point === 'BD').map((s) => [s.id, 3]));
    const p = buildWeeklyPlan({ ...input, travelLimits: limits });
    expect(p.roster.unfilled).toEqual([]);
    expect(p.roster.moves.every((m) => m.from !== 'BD')).toBe(true);
    expect(p.roster.moves.some((m) => m.from === 'CG')).toBe(true);
    expect(renderTexts(p.explanation, 'en').join('\n')).toMatch(/re-solved/);
  });

  it('respects leave: people on leave are neither available nor moved', () => {
    const leave = staff
      .filter((s) => s.home_point === 'BD')
      .map((s) => ({ staff_id: s.id, from: '2026-01-05', to: '2026-01-05' }));
    const p = buildWeeklyPlan({ ...input, leave });
    expect(p.problem.available.BD![0]).toBe(0);
    expect(p.roster.moves.filter((m) => m.date === '2026-01-05' && m.from === 'BD')).toEqual([]);
    expect(
      p.roster.entries
        .filter((e) => e.date === '2026-01-05' && e.home_point === 'BD')
        .every((e) => e.status === 'leave'),
    ).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildWeeklyPlan(input))).toBe(JSON.stringify(plan));
  });
});
