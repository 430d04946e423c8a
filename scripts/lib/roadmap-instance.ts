/**
 * Hanoi-sized roadmap instances for the benchmark and the tests: the sample's points (real unit list when
 * present, branches by the sample generator) and staff "as they were" (src/sample), a forecast week shaped
 * like bench-optimize's (synthetic-week.ts), its staffing requirements on the work model, and a per-point trend over the
 * quarters (deterministic for the seed). Also small random instances.
 */
import { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import { addDays } from '../../src/core/calendar/dates.ts';
import type { Mip } from '../../src/core/establishment/mip.ts';
import { type MoveGroup, type QuarterPoint, quarterMip } from '../../src/core/establishment/quarter.ts';
import type { EstablishmentInput, Roadmap } from '../../src/core/establishment/roadmap.ts';
import { workloadFromRequirements } from '../../src/core/establishment/workload.ts';
import { travelMinutesFormula } from '../../src/core/optimize/travel.ts';
import { staffRequirements } from '../../src/core/staffing/requirements.ts';
import { sampleDataset } from '../../src/sample/dataset.ts';
import { FIELDS, type Field } from '../../src/schemas/domain.ts';
import type { EstablishmentRules, WorkloadCell } from '../../src/schemas/establishment.ts';
import { EstablishmentRules as RulesSchema } from '../../src/schemas/establishment.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadModelFile,
  loadOptimizeModel,
  loadStaffingModel,
  loadWorkTypesModel,
} from '../../src/store/model-files.ts';
import { mulberry32 } from './mulberry32.ts';
import { findSharedData, readUnits, syntheticWeek } from './synthetic-week.ts';

export const loadRules = (): EstablishmentRules => loadModelFile(RulesSchema, 'establishment.json');

const QUARTER_STARTS = ['2026-04-01', '2026-07-01', '2026-10-01', '2027-01-01', '2027-04-01', '2027-07-01'];
const quarterLabel = (start: string) => `${start.slice(0, 4)}-Q${(Number(start.slice(5, 7)) + 2) / 3}`;

/** The Hanoi instance: 126 points, ~1,500 staff, `quarters` quarters. */
export function hanoiInstance(quarters = 4, seed = 2026): { input: EstablishmentInput; source: string } {
  const staffingModel = loadStaffingModel();
  const fieldsModel = loadFieldsModel();
  const optimize = loadOptimizeModel();
  const calendar = new WorkCalendar(loadCalendarModel());
  const csv = findSharedData('hanoi-units.csv');
  const units = csv ? readUnits(csv) : undefined;
  const { points, staff } = sampleDataset({
    seed: 20250701,
    calendar,
    staffingModel,
    fieldsModel,
    units: units?.map((u) => ({ ...u })),
  });
  const monday = '2026-03-02';
  const week = syntheticWeek(
    points.map((p) => ({ ...p, province: '01' })),
    { seed, monday, staffTotal: staff.length, dossiersPerWorkday: 8000, staffing: staffingModel, calendar },
  );
  const days = Array.from({ length: 6 }, (_, i) => addDays(monday, i));
  // The work model, as the product's roadmap reads it: the Center's own work, not the communes' appraisal.
  const workTypes = loadWorkTypesModel();
  const req = staffRequirements(days, points, week.forecast, fieldsModel, staffingModel, calendar, {
    workTypes,
  });
  const rules = loadRules();
  const r = mulberry32(seed + 1);
  // Trend per point and quarter: −3 % … +6 % a quarter (new urban areas grow, old centres shrink).
  const growth = Object.fromEntries(points.map((p) => [p.code, -0.03 + 0.09 * r()]));
  const workload: WorkloadCell[] = [];
  for (let q = 0; q < quarters; q++) {
    const factor = Object.fromEntries(points.map((p) => [p.code, (1 + growth[p.code]!) ** (q + 1)]));
    workload.push(
      ...workloadFromRequirements(
        req,
        week.forecast,
        fieldsModel,
        rules.productive_hours_per_day,
        q,
        factor,
        workTypes,
      ),
    );
  }
  return {
    input: {
      quarters: QUARTER_STARTS.slice(0, quarters).map((start) => ({ label: quarterLabel(start), start })),
      points,
      staff,
      workload,
      rules,
      travel: optimize.travel,
    },
    source: csv ? 'shared/data/hanoi-units.csv' : 'generated units',
  };
}

/** A random instance: `nPoints` points in `branches` branches within ~20 km, staff imbalanced against work. */
export function randomInstance(
  seed: number,
  opts: { points?: number; branches?: number; quarters?: number; rules?: Partial<EstablishmentRules> } = {},
): EstablishmentInput {
  const r = mulberry32(seed);
  const nP = opts.points ?? 12;
  const nB = opts.branches ?? 2;
  const points = Array.from({ length: nP }, (_, i) => ({
    code: `P${String(i + 1).padStart(2, '0')}`,
    branch: `B${(i % nB) + 1}`,
    lat: 21 + 0.12 * r(),
    lon: 105.8 + 0.12 * r(),
    min_staff: 2,
  }));
  const staff = points.flatMap((p) => {
    const n = 2 + Math.floor(r() * 8);
    return Array.from({ length: n }, (_, k) => {
      const fields = new Set<Field>();
      while (fields.size < 2) fields.add(FIELDS[Math.floor(r() * FIELDS.length)]!);
      return {
        id: `${p.code}-${k}`,
        home_point: p.code,
        home_commune: r() < 0.2 ? points[Math.floor(r() * nP)]!.code : p.code,
        fields: [...fields],
        fte: r() < 0.2 ? 0.5 : 1,
        role: k === 0 ? ('point_lead' as const) : ('staff' as const),
        active: true,
      };
    });
  });
  const nQ = opts.quarters ?? 2;
  const workload: WorkloadCell[] = [];
  for (let q = 0; q < nQ; q++)
    for (const p of points)
      for (const skill of ['land', 'civil_status'] as const)
        workload.push({
          point: p.code,
          quarter: q,
          work_type: 'counter',
          skill,
          staff_hours_per_day: Math.round(r() * 30 * 10) / 10,
        });
  const rules: EstablishmentRules = {
    ...loadRules(),
    max_transfers_per_quarter: 6,
    max_transfers_per_point: 2,
    max_travel_minutes: 40,
    ...opts.rules,
  };
  return {
    quarters: QUARTER_STARTS.slice(0, nQ).map((start) => ({ label: quarterLabel(start), start })),
    points,
    staff,
    workload,
    rules,
    travel: loadOptimizeModel().travel,
  };
}

/**
 * The whole quarter as ONE MIP (no decomposition, city-wide N), built here from the staff independently of
 * the roadmap's own grouping, with the earlier quarters' transfers applied: what HiGHS solves for comparison.
 */
export function wholeQuarterMip(input: EstablishmentInput, roadmap: Roadmap, q: number): Mip {
  const { rules, points } = input;
  const home = new Map(input.staff.map((s) => [s.id, s.home_point]));
  const moved = new Set<string>();
  for (const earlier of roadmap.quarters.slice(0, q))
    for (const t of earlier.transfers) {
      home.set(t.staff_id, t.to);
      moved.add(t.staff_id);
    }
  const idx = new Map(points.map((p, i) => [p.code, i]));
  const hours = points.map(() => 0);
  const head = points.map(() => 0);
  const groups = new Map<string, MoveGroup>();
  for (const s of input.staff) {
    if (!s.active) continue;
    const at = idx.get(home.get(s.id)!)!;
    const h = s.fte * rules.productive_hours_per_day;
    hours[at]! += h;
    head[at]!++;
    const movable =
      s.role !== 'point_lead' &&
      !rules.protected_staff.includes(s.id) &&
      s.fte >= rules.min_fte_to_transfer &&
      !moved.has(s.id);
    if (!movable) continue;
    const commune = s.home_commune ?? s.home_point;
    const key = `${at}|${commune}|${h}`;
    const c = input.points[idx.get(commune)!]!;
    const g = groups.get(key) ?? {
      from: at,
      home_commune: commune,
      hours: h,
      count: 0,
      to: points
        .map((p, r) => ({ point: r, minutes: travelMinutesFormula(c, p, input.travel), branch: p.branch }))
        .filter(
          (t) =>
            t.point !== at &&
            t.minutes <= rules.max_travel_minutes &&
            (!rules.within_branch || t.branch === points[at]!.branch),
        )
        .map(({ point, minutes }) => ({ point, minutes })),
    };
    g.count++;
    groups.set(key, g);
  }
  const need = points.map(() => 0);
  for (const w of input.workload) if (w.quarter === q) need[idx.get(w.point)!]! += w.staff_hours_per_day;
  const qp: QuarterPoint[] = points.map((p, i) => ({
    code: p.code,
    need: need[i]!,
    hours: hours[i]!,
    head: head[i]!,
    min_staff: p.min_staff,
  }));
  return quarterMip(
    qp,
    [...groups.values()].filter((g) => g.to.length > 0),
    { total: rules.max_transfers_per_quarter, perPoint: rules.max_transfers_per_point },
    rules.weights,
  ).mip;
}
