/**
 * Expected workload of the roadmap from the staffing requirements of a planning week: staff-hours per
 * working day by point, work type and skill. Today the skills are the dossier fields and the work types
 * the two of the requirements (counter, processing); a richer work model fills the same `WorkloadCell`s.
 */
import type { Field } from '../../schemas/domain.ts';
import type { WorkloadCell, WorkType } from '../../schemas/establishment.ts';
import type { FieldsModel } from '../../schemas/models.ts';
import type { ForecastRow } from '../../schemas/plan.ts';
import type { Requirements } from '../staffing/requirements.ts';

/**
 * Workload cells of one quarter from a week's requirements: each point's counter and own processing
 * staff-days averaged over the week's working days (days with any counter demand), × productive hours, split
 * by field in proportion to the forecast's minutes of that work type at the point, × the point's factor
 * (trend of the quarter; default 1).
 * @example workloadFromRequirements(req, rows, fields, 6.8, 0)
 */
export function workloadFromRequirements(
  req: Requirements,
  rows: ReadonlyArray<ForecastRow>,
  fields: FieldsModel,
  productiveHoursPerDay: number,
  quarter: number,
  factor: Readonly<Record<string, number>> = {},
): WorkloadCell[] {
  const days = new Set(req.days);
  const workdays = req.days.filter((_, d) => Object.values(req.reception).some((v) => v[d]! > 0));
  const nDays = Math.max(1, workdays.length);
  const share = new Map<string, Record<WorkType, Map<Field, number>>>();
  for (const r of rows) {
    if (!days.has(r.date)) continue;
    const std = fields.fields[r.field].standard_minutes[r.channel];
    const s = share.get(r.point) ?? { counter: new Map(), processing: new Map() };
    if (r.channel === 'in_person')
      s.counter.set(r.field, (s.counter.get(r.field) ?? 0) + r.mean * std.reception);
    const back = r.mean * (std.processing + (r.channel === 'in_person' ? 0 : std.reception));
    s.processing.set(r.field, (s.processing.get(r.field) ?? 0) + back);
    share.set(r.point, s);
  }
  const out: WorkloadCell[] = [];
  for (const point of Object.keys(req.reception).sort()) {
    const f = factor[point] ?? 1;
    const total: Record<WorkType, number> = {
      counter: req.reception[point]!.reduce((a, b) => a + b, 0),
      processing: (req.processing_by_point[point] ?? []).reduce((a, b) => a + b, 0),
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
