/** Stage 1's infeasibility diagnosis: which groups of points cannot reach their minimum staff, and why. */
import type { OptimizeProblem, Violation } from '../../schemas/optimize.ts';
import { msg } from '../messages.ts';
import { MaxFlow } from './max-flow.ts';
import { minStaff, movableStaff } from './problem.ts';
import { dayMsg } from './stage1-explain.ts';
import type { TravelMatrix } from './travel.ts';

/**
 * Groups of points whose minimum staffing cannot be met on day d (Hall violators of the max flow from home
 * staff to minimum requirements), or [] when the day is feasible.
 */
export function diagnoseDay(problem: OptimizeProblem, matrix: TravelMatrix, d: number): Violation[] {
  const { points } = problem;
  const n = points.length;
  let need = 0;
  let short = false;
  for (let p = 0; p < n; p++) {
    const m = minStaff(problem, p, d);
    need += m;
    if (m > problem.available[points[p]!.id]![d]!) short = true;
  }
  if (!short) return [];
  // s → H_q (available) → S_q (stay) | M_q (movable) → S_p → t (min staff)
  const s = 3 * n;
  const tt = 3 * n + 1;
  const g = new MaxFlow(3 * n + 2);
  const sinkArcs: number[] = [];
  for (let q = 0; q < n; q++) {
    const id = points[q]!.id;
    g.addArc(s, q, problem.available[id]![d]!);
    g.addArc(q, 2 * n + q, Number.POSITIVE_INFINITY);
    g.addArc(q, n + q, movableStaff(problem, id, d));
  }
  for (let k = 0; k < matrix.fromIdx.length; k++)
    g.addArc(n + matrix.fromIdx[k]!, 2 * n + matrix.toIdx[k]!, Number.POSITIVE_INFINITY);
  for (let p = 0; p < n; p++) sinkArcs.push(g.addArc(2 * n + p, tt, minStaff(problem, p, d)));
  const flow = g.run(s, tt);
  if (flow >= need) return [];
  const reach = g.reachesSink(tt);
  const group: string[] = [];
  const shortPts: string[] = [];
  let groupMin = 0;
  let groupFlow = 0;
  for (let p = 0; p < n; p++) {
    if (!reach[2 * n + p]) continue;
    const m = minStaff(problem, p, d);
    if (m === 0) continue;
    group.push(points[p]!.id);
    groupMin += m;
    const got = g.flowOn(sinkArcs[p]!);
    groupFlow += got;
    if (got < m) shortPts.push(points[p]!.id);
  }
  return [
    {
      day: problem.days[d]!,
      points: group,
      short_points: shortPts,
      min_staff: groupMin,
      reachable: groupFlow,
      reason: msg('stage1.infeasible', {
        day: dayMsg(problem.days[d]!),
        points: group.join(', '),
        min: groupMin,
        reachable: groupFlow,
        minutes: problem.travel.max_minutes,
        short: shortPts.join(', '),
      }),
    },
  ];
}
