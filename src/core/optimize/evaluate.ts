import type { Move, OptimizeProblem } from '../../schemas/optimize.ts';
import { localWork, minStaff, movableStaff, servedAt, slotValues, unmetLocalWeight } from './problem.ts';
import { type TravelMatrix, travelMatrix } from './travel.ts';

export interface PlanEvaluation {
  objective: number;
  /** objective parts: w·unmet reception, w·unmet local work, w·unmet processing, w·moves, w·travel minutes */
  parts: {
    unmet_reception: number;
    unmet_local: number;
    unmet_processing: number;
    moves: number;
    travel: number;
  };
  present: Record<string, number[]>;
  unmet_reception: Record<string, number[]>;
  /** local work (staff-days) left undone per point/day (all 0 without the work model's `local`) */
  unmet_local: Record<string, number[]>;
  unmet_processing: number[];
  moved_staff: number;
  travel_minutes: number;
  /** broken hard constraints (empty for a valid plan) */
  violations: string[];
}

/**
 * Recomputes the stage-1 objective and constraints from a list of moves alone (the independent check of a
 * solver's answer): present = available − out + in; the k-th present person staffs the k-th counter slot
 * (counters by day: served reception = min(reception, present)); the rest of their day does the point's local
 * work, and what remains goes to the pool: unmet processing = max(0, processing − Σ surplus).
 * @example evaluateMoves(problem, []).objective // the cost of moving nobody
 */
export function evaluateMoves(
  problem: OptimizeProblem,
  moves: ReadonlyArray<Pick<Move, 'day' | 'from' | 'to' | 'staff'>>,
  matrix: TravelMatrix = travelMatrix(problem.points, problem.travel, problem.travel_minutes),
): PlanEvaluation {
  const { days, points, weights: w } = problem;
  const n = points.length;
  const index = new Map(points.map((p, i) => [p.id, i]));
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const out = days.map(() => new Float64Array(n));
  const inn = days.map(() => new Float64Array(n));
  const violations: string[] = [];
  let moved = 0;
  let minutes = 0;
  for (const mv of moves) {
    const d = dayIndex.get(mv.day);
    const q = index.get(mv.from);
    const p = index.get(mv.to);
    if (d === undefined || q === undefined || p === undefined || q === p || !(mv.staff > 0)) {
      violations.push(`move ${JSON.stringify(mv)} names an unknown day or point, or moves nobody`);
      continue;
    }
    if (!Number.isInteger(mv.staff))
      violations.push(`move ${mv.from}→${mv.to} on ${mv.day}: staff is not an integer`);
    const t = matrix.minutes[q * n + p]!;
    if (!(t <= problem.travel.max_minutes))
      violations.push(
        `move ${mv.from}→${mv.to} on ${mv.day}: ${t.toFixed(1)} min exceeds ${problem.travel.max_minutes}`,
      );
    out[d]![q]! += mv.staff;
    inn[d]![p]! += mv.staff;
    moved += mv.staff;
    minutes += mv.staff * t;
  }
  const present: Record<string, number[]> = {};
  const unmetR: Record<string, number[]> = {};
  const unmetL: Record<string, number[]> = {};
  const unmetP: number[] = [];
  let sumUnmetR = 0;
  let sumUnmetL = 0;
  let sumUnmetP = 0;
  for (const pt of points) {
    present[pt.id] = [];
    unmetR[pt.id] = [];
    unmetL[pt.id] = [];
  }
  for (let d = 0; d < days.length; d++) {
    let surplus = 0;
    for (let i = 0; i < n; i++) {
      const id = points[i]!.id;
      const a = problem.available[id]![d]!;
      const o = out[d]![i]!;
      if (o > movableStaff(problem, id, d))
        violations.push(`${id} on ${days[d]}: ${o} moved away, only ${movableStaff(problem, id, d)} movable`);
      const np = a - o + inn[d]![i]!;
      if (np < minStaff(problem, i, d))
        violations.push(`${id} on ${days[d]}: ${np} present, minimum ${minStaff(problem, i, d)}`);
      const r = problem.reception[id]![d]!;
      const l = localWork(problem, id, d);
      const served = servedAt(slotValues(problem, id, d), l, np);
      surplus += served.surplus;
      present[id]!.push(np);
      const ur = Math.max(0, r - served.counter);
      unmetR[id]!.push(ur);
      sumUnmetR += ur;
      unmetL[id]!.push(l - served.local);
      sumUnmetL += l - served.local;
    }
    const v = Math.max(0, problem.processing[d]! - surplus);
    unmetP.push(v);
    sumUnmetP += v;
  }
  const parts = {
    unmet_reception: w.unmet_reception * sumUnmetR,
    unmet_local: unmetLocalWeight(w) * sumUnmetL,
    unmet_processing: w.unmet_processing * sumUnmetP,
    moves: w.move * moved,
    travel: w.travel_minute * minutes,
  };
  return {
    objective:
      parts.unmet_reception + parts.unmet_local + parts.unmet_processing + parts.moves + parts.travel,
    parts,
    present,
    unmet_reception: unmetR,
    unmet_local: unmetL,
    unmet_processing: unmetP,
    moved_staff: moved,
    travel_minutes: minutes,
    violations,
  };
}
