/** Worker-side of `bench:optimize`: plans one province (requirements → stage 1 → stage 2) and times it. */
import { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import { addDays } from '../../src/core/calendar/dates.ts';
import { buildWeeklyPlan } from '../../src/core/optimize/weekly-plan.ts';
import type { CalendarModel, FieldsModel, OptimizeModel, StaffingModel } from '../../src/schemas/models.ts';
import type { WorkTypesModel } from '../../src/schemas/work-types.ts';
import { syntheticWeek, type Unit } from './synthetic-week.ts';

export interface ProvinceJob {
  province: string;
  units: Unit[];
  seed: number;
  monday: string;
  staffTotal: number;
  dossiersPerWorkday: number;
  demandSd: number;
  staffSd: number;
  models: {
    calendar: CalendarModel;
    fields: FieldsModel;
    staffing: StaffingModel;
    optimize: OptimizeModel;
    workTypes?: WorkTypesModel;
  };
}

export interface ProvinceResult {
  province: string;
  points: number;
  staff: number;
  arcs: number;
  seconds: { requirements: number; stage1: number; stage2: number; total: number };
  repairs: number;
  status: string;
  objective: number;
  bound: number;
  moves: number;
  unfilled: number;
}

export function planProvince(job: ProvinceJob): ProvinceResult {
  const calendar = new WorkCalendar(job.models.calendar);
  const week = syntheticWeek(job.units, {
    seed: job.seed,
    monday: job.monday,
    staffTotal: job.staffTotal,
    dossiersPerWorkday: job.dossiersPerWorkday,
    staffing: job.models.staffing,
    calendar,
    demandSd: job.demandSd,
    staffSd: job.staffSd,
  });
  const plan = buildWeeklyPlan({
    week: job.monday,
    days: [0, 1, 2, 3, 4, 5].map((i) => addDays(job.monday, i)),
    points: week.points,
    staff: week.staff,
    forecastRows: week.forecast,
    models: job.models,
    calendar,
    leave: week.leave,
    clock: () => performance.now(),
  });
  const t = plan.timings!;
  return {
    province: job.province,
    points: plan.problem.points.length,
    staff: week.staff.length,
    arcs: plan.stage1.stats.arcs,
    seconds: {
      requirements: t.requirements_ms / 1000,
      stage1: t.stage1_ms / 1000,
      stage2: t.stage2_ms / 1000,
      total: t.total_ms / 1000,
    },
    repairs: t.repairs,
    status: plan.stage1.status,
    objective: plan.stage1.objective ?? Number.NaN,
    bound: plan.stage1.bound ?? Number.NaN,
    moves: plan.kpis.moves,
    unfilled: plan.kpis.unfilled_moves,
  };
}
