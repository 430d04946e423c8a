/**
 * Stage 1: the weekly reallocation of staff-days across points, solved to proven optimality. This file
 * runs the three steps: diagnose (stage1-diagnose.ts: is the minimum staffing reachable?), solve each day
 * (stage1-solve.ts), explain (stage1-explain.ts).
 *
 * The days are independent, so each day is solved alone. For a day, staff of q working at p is a flow
 * H_q → S_p; each point's present staff n_p fills its counter slots (⌊r_p⌋ whole slots worth 1, one slot
 * worth the fractional part f_p) and the rest goes to the pooled processing. Because Σ n_p = A (staff are
 * conserved), unmet processing is max(0, E − K) with E = Σ min(r_p, n_p) and K = A − processing, so
 *
 *   objective = w_r·R + Σ c·x − w_r·E + w_v·max(0, E − K)          (R = Σ r_p)
 *
 * which stage1-solve.ts minimises by Lagrangian min-cost flows and a small branch-and-bound. Every bound
 * comes from dual potentials, independent of the primal algorithm; the objective is recomputed from the
 * moves alone (`evaluateMoves`).
 */
import type { Move, OptimizeProblem, OptimizeResult, Violation } from '../../schemas/optimize.ts';
import { evaluateMoves } from './evaluate.ts';
import { diagnoseDay } from './stage1-diagnose.ts';
import { explainStage1 } from './stage1-explain.ts';
import { buildTemplate, solveDay } from './stage1-solve.ts';
import { type TravelMatrix, travelMatrix } from './travel.ts';

export interface Stage1Options {
  /** branch-and-bound nodes allowed per day beyond the root (default 400) */
  maxBranchNodes?: number;
  /** travel matrix, when the caller already has it */
  matrix?: TravelMatrix;
}

/**
 * Solves the stage-1 reallocation to proven optimality (see the module comment). The input must already be
 * valid (`parseProblem`). Infeasible minimum staffing returns status "infeasible" with the groups of points
 * and days that cause it, and no moves.
 * @example solveStage1(parseProblem(JSON.parse(text))).status // "optimal"
 */
export function solveStage1(problem: OptimizeProblem, options: Stage1Options = {}): OptimizeResult {
  const matrix = options.matrix ?? travelMatrix(problem.points, problem.travel, problem.travel_minutes);
  const maxNodes = options.maxBranchNodes ?? 400;
  const { days, points } = problem;
  const stats = {
    points: points.length,
    days: days.length,
    arcs: matrix.fromIdx.length,
    flow_solves: 0,
    pivots: 0,
    branch_nodes: 0,
  };

  const violated: Violation[] = [];
  for (let d = 0; d < days.length; d++) violated.push(...diagnoseDay(problem, matrix, d));
  if (violated.length > 0) {
    return {
      status: 'infeasible',
      objective: null,
      bound: null,
      gap: null,
      moves: [],
      present: {},
      unmet_reception: {},
      unmet_processing: [],
      explanation: violated.map((v) => v.reason),
      violated,
      stats,
    };
  }

  const moves: Move[] = [];
  let bound = 0;
  let internal = 0;
  for (let d = 0; d < days.length; d++) {
    const t = buildTemplate(problem, matrix, d);
    const out = solveDay(t, problem.weights, maxNodes);
    stats.flow_solves += out.solves;
    stats.pivots += out.pivots;
    stats.branch_nodes += out.nodes;
    if (out.infeasible)
      throw new Error(`day ${days[d]} is infeasible although the diagnosis found no violation`);
    bound += out.bound;
    internal += out.exact;
    for (const mv of out.moves)
      moves.push({
        day: days[d]!,
        from: points[mv.q]!.id,
        to: points[mv.p]!.id,
        staff: mv.staff,
        minutes: matrix.minutes[mv.q * points.length + mv.p]!,
      });
  }
  const ev = evaluateMoves(problem, moves, matrix);
  if (ev.violations.length > 0) throw new Error(`solver produced an invalid plan: ${ev.violations[0]}`);
  if (Math.abs(ev.objective - internal) > 1e-6 * Math.max(1, Math.abs(ev.objective)))
    throw new Error(`objective mismatch: solver ${internal}, recomputed ${ev.objective}`);
  const objective = ev.objective;
  const gap = Math.max(0, objective - bound) / Math.max(1, Math.abs(objective));
  const result: OptimizeResult = {
    status: gap <= 1e-6 ? 'optimal' : 'feasible',
    objective,
    bound,
    gap,
    moves,
    present: ev.present,
    unmet_reception: ev.unmet_reception,
    unmet_processing: ev.unmet_processing,
    explanation: [],
    stats,
  };
  if (problem.local || problem.counter_slots) result.unmet_local = ev.unmet_local;
  result.explanation = explainStage1(problem, result, matrix);
  return result;
}
