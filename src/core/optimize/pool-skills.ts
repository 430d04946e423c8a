/**
 * Pooled work by skill: stage 1 pools the Center's poolable work (online and postal acceptance) as one total a
 * day; here a max flow checks, day by day, that the staff-days left over at each point after its counters and
 * local work can take each field's share with people who have that field's skill (and the work type among
 * their skills). What cannot be matched is reported per day and field: the plan does not claim it done.
 */
import type { Field, Staff } from '../../schemas/domain.ts';
import type { OptimizeProblem } from '../../schemas/optimize.ts';
import type { WorkTypesModel } from '../../schemas/work-types.ts';
import { mayDo } from '../staffing/work-types.ts';
import { MaxFlow } from './max-flow.ts';
import { localWork, servedAt, slotValues } from './problem.ts';

/** Capacities in millionths of a staff-day, so that the max flow adds integers exactly. */
const UNIT = 1e6;

/**
 * Pooled staff-days per day and field that the spare time of skilled present staff cannot take.
 * @param present staff present per point and day (the plan's)
 * @param where each person's work point per day (null: not working)
 * @example poolSkillShortfalls(problem, byField, present, staff, where, model) // [{ date, field: 'land', staff_days: 1.5 }]
 */
export function poolSkillShortfalls(
  problem: OptimizeProblem,
  byField: Readonly<Partial<Record<Field, number[]>>>,
  present: Readonly<Record<string, number[]>>,
  staff: ReadonlyArray<Staff>,
  where: (staffId: string, d: number) => string | null,
  model: WorkTypesModel,
): Array<{ date: string; field: Field; staff_days: number }> {
  const fields = (Object.keys(byField) as Field[]).filter((f) => (byField[f] ?? []).some((v) => v > 0));
  if (fields.length === 0) return [];
  const n = problem.points.length;
  const pIdx = new Map(problem.points.map((p, i) => [p.id, i]));
  const out: Array<{ date: string; field: Field; staff_days: number }> = [];
  for (let d = 0; d < problem.days.length; d++) {
    // Skilled people present per point and field.
    const skilled = fields.map(() => new Float64Array(n));
    for (const s of staff) {
      if (!s.active || s.role === 'specialist') continue;
      const wp = where(s.id, d);
      const p = wp === null ? undefined : pIdx.get(wp);
      if (p === undefined) continue;
      fields.forEach((f, fi) => {
        if (mayDo(model, s, 'online_acceptance', f)) skilled[fi]![p]! += 1;
      });
    }
    const S = 0;
    const T = 1 + fields.length + n;
    const g = new MaxFlow(T + 1);
    const demandArcs = fields.map((f, fi) => g.addArc(S, 1 + fi, Math.round((byField[f]![d] ?? 0) * UNIT)));
    for (let p = 0; p < n; p++) {
      const id = problem.points[p]!.id;
      const spare = servedAt(
        slotValues(problem, id, d),
        localWork(problem, id, d),
        present[id]?.[d] ?? 0,
      ).surplus;
      if (spare <= 0) continue;
      const cap = Math.round(spare * UNIT);
      g.addArc(1 + fields.length + p, T, cap);
      fields.forEach((_, fi) => {
        const k = skilled[fi]![p]!;
        if (k > 0) g.addArc(1 + fi, 1 + fields.length + p, Math.min(cap, Math.round(k * UNIT)));
      });
    }
    g.run(S, T);
    fields.forEach((f, fi) => {
      const unmet = ((byField[f]![d] ?? 0) * UNIT - g.flowOn(demandArcs[fi]!)) / UNIT;
      if (unmet > 1e-6) out.push({ date: problem.days[d]!, field: f, staff_days: unmet });
    });
  }
  return out;
}
