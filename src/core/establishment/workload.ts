/**
 * Expected workload of the roadmap from the staffing requirements of a planning week: staff-hours per
 * working day by point, work type and skill (the dossier fields). On the work model (models/work-types.json,
 * as the weekly plan uses it) only the Center's own work counts: `counter` is the work done at the point
 * (counters by the hour, digitisation and coordination within the day), `processing` the pooled acceptance
 * of online and postal dossiers the point receives; the competent units' appraisal and decision is done by
 * their specialists, whom the roadmap never transfers, so it is left out. Without the work model: the old
 * two-type requirements (counter reception, every back-office minute as processing).
 */
import type { Field } from '../../schemas/domain.ts';
import type { WorkloadCell, WorkType } from '../../schemas/establishment.ts';
import type { FieldsModel } from '../../schemas/models.ts';
import type { ForecastRow } from '../../schemas/plan.ts';
import { WORK_TYPE_IDS, type WorkTypesModel } from '../../schemas/work-types.ts';
import type { Requirements } from '../staffing/requirements.ts';
import { centerWork, dossierMinutes } from '../staffing/work-types.ts';

/** Minutes per dossier of a (field, channel) for each roadmap work type, by the model in use. */
type MinutesOf = (row: ForecastRow) => Record<WorkType, number>;

function oldModelMinutes(fields: FieldsModel): MinutesOf {
  return (r) => {
    const std = fields.fields[r.field].standard_minutes[r.channel];
    return {
      counter: r.channel === 'in_person' ? std.reception : 0,
      processing: std.processing + (r.channel === 'in_person' ? 0 : std.reception),
    };
  };
}

function workModelMinutes(fields: FieldsModel, model: WorkTypesModel): MinutesOf {
  const center = WORK_TYPE_IDS.filter((id) => centerWork(model, id));
  const atPoint = center.filter((id) => model.work_types[id].where === 'receiving_point');
  const pooled = center.filter((id) => model.work_types[id].where !== 'receiving_point');
  const sum = (ids: typeof center, r: ForecastRow) =>
    ids.reduce((s, id) => s + dossierMinutes(model, fields, id, r.field, r.channel), 0);
  return (r) => ({ counter: sum(atPoint, r), processing: sum(pooled, r) });
}

/**
 * Workload cells of one quarter from a week's requirements: each point's counter (with its local work on the
 * work model) and pooled staff-days averaged over the week's working days (days with any counter demand),
 * × productive hours, split by field in proportion to the forecast's minutes of that work type at the point,
 * × the point's factor (trend of the quarter; default 1). Pass the work model the requirements were built on.
 * @example workloadFromRequirements(req, rows, fields, 6.8, 0, {}, workTypes)
 */
export function workloadFromRequirements(
  req: Requirements,
  rows: ReadonlyArray<ForecastRow>,
  fields: FieldsModel,
  productiveHoursPerDay: number,
  quarter: number,
  factor: Readonly<Record<string, number>> = {},
  workTypes?: WorkTypesModel,
): WorkloadCell[] {
  const days = new Set(req.days);
  const workdays = req.days.filter((_, d) => Object.values(req.reception).some((v) => v[d]! > 0));
  const nDays = Math.max(1, workdays.length);
  const minutesOf = workTypes ? workModelMinutes(fields, workTypes) : oldModelMinutes(fields);
  const share = new Map<string, Record<WorkType, Map<Field, number>>>();
  for (const r of rows) {
    if (!days.has(r.date)) continue;
    const m = minutesOf(r);
    const s = share.get(r.point) ?? { counter: new Map(), processing: new Map() };
    for (const type of ['counter', 'processing'] as const)
      if (m[type] > 0) s[type].set(r.field, (s[type].get(r.field) ?? 0) + r.mean * m[type]);
    share.set(r.point, s);
  }
  const sumOf = (v: readonly number[] | undefined) => (v ?? []).reduce((a, b) => a + b, 0);
  const out: WorkloadCell[] = [];
  for (const point of Object.keys(req.reception).sort()) {
    const f = factor[point] ?? 1;
    const total: Record<WorkType, number> = {
      counter: sumOf(req.reception[point]) + sumOf(req.local?.[point]),
      processing: sumOf(req.processing_by_point[point]),
    };
    for (const type of ['counter', 'processing'] as const) {
      const hours = (total[type] / nDays) * productiveHoursPerDay * f;
      if (!(hours > 0)) continue;
      const byField = share.get(point)?.[type] ?? new Map<Field, number>();
      const sum = [...byField.values()].reduce((a, b) => a + b, 0);
      if (sum <= 0) {
        out.push({ point, quarter, work_type: type, skill: 'other', staff_hours_per_day: hours });
        continue;
      }
      for (const [skill, m] of [...byField].sort((a, b) => a[0].localeCompare(b[0])))
        if (m > 0)
          out.push({ point, quarter, work_type: type, skill, staff_hours_per_day: (hours * m) / sum });
    }
  }
  return out;
}
