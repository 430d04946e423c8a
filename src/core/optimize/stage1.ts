/**
 * Stage 1: the weekly reallocation of staff-days across points (issue #5), solved to proven optimality.
 *
 * The days are independent, so each day is solved alone. For a day, staff of q working at p is a flow
 * H_q → S_p; each point's present staff n_p fills its counter slots (⌊r_p⌋ whole slots worth 1, one slot
 * worth the fractional part f_p) and the rest goes to the pooled processing. Because Σ n_p = A (staff are
 * conserved), unmet processing is max(0, E − K) with E = Σ min(r_p, n_p) and K = A − processing, so
 *
 *   objective = w_r·R + Σ c·x − w_r·E + w_v·max(0, E − K)          (R = Σ r_p)
 *
 * For a fixed λ ∈ [w_r − w_v, w_r], min Σ c·x − λ·E is a plain min-cost flow with integral optimum
 * (network simplex). Its value minus (w_r − λ)·K is a Lagrangian lower bound; the best λ (found by
 * Newton's method on the two bracketing lines) gives the LP relaxation. Usually one solve already settles
 * the day (E ≤ K: the pool is not short, or E ≥ K: it is short everywhere). When the optimum sits exactly
 * at the pool's breakpoint with fractional slots, integrality can be lost (it is a subset-sum in disguise):
 * a small branch-and-bound on arc bounds closes it, with a node limit after which the day is reported
 * "feasible" with its gap. Every bound comes from dual potentials (`dualBound`), independent of the primal
 * algorithm; the objective is recomputed from the moves alone (`evaluateMoves`).
 */
import type { Move, OptimizeProblem, OptimizeResult, Violation } from '../../schemas/optimize.ts';
import { isoWeekday } from '../calendar/dates.ts';
import { type MessageKey, type Msg, msg, reasonOf, render } from '../messages.ts';
import { evaluateMoves } from './evaluate.ts';
import { MaxFlow } from './max-flow.ts';
import { dualBound, FlowNetwork, solveMinCostFlow, type WarmStart } from './network-simplex.ts';
import { minStaff, movableStaff } from './problem.ts';
import { type TravelMatrix, travelMatrix } from './travel.ts';

export interface Stage1Options {
  /** branch-and-bound nodes allowed per day beyond the root (default 400) */
  maxBranchNodes?: number;
  /** travel matrix, when the caller already has it */
  matrix?: TravelMatrix;
}

enum Kind {
  Home = 0,
  Pool = 1,
  Move = 2,
  Through = 3,
  Full = 4,
  Frac = 5,
  Surplus = 6,
  Total = 7,
}

/** One day's network without λ: cost = cConst + λ·cLam. */
interface DayTemplate {
  nodes: number;
  supply: number[];
  from: number[];
  to: number[];
  lo: number[];
  hi: number[];
  cConst: number[];
  cLam: number[];
  kind: Kind[];
  /** point index (q for Home/Pool/Move, p otherwise) */
  a1: number[];
  /** destination p for Move arcs */
  a2: number[];
  R: number;
  A: number;
  K: number;
  r: Float64Array;
  P: number;
  /** everyone at home, all present staff on the surplus arcs: a basis to warm-start from (null if below min) */
  home: WarmStart | null;
  /** a bound on each arc's flow in any feasible solution (for the dual certificate) */
  flowBound: Float64Array;
}

interface FlowEval {
  flow: Float64Array;
  E: number;
  C: number;
  /** exact objective of the present staff this flow gives (canonical slot filling) */
  exact: number;
  lb: number;
  lambda: number;
}

interface DayOutcome {
  moves: Array<{ q: number; p: number; staff: number }>;
  exact: number;
  bound: number;
  solves: number;
  pivots: number;
  nodes: number;
}

/** A day as a message: "Monday 2026-01-05", "thứ Hai 05/01/2026". */
export function dayMsg(iso: string): Msg {
  return msg('day.label', { weekday: msg(`weekday.${isoWeekday(iso)}` as MessageKey), date: iso });
}

/** "Monday 2026-01-05" */
export function dayLabel(iso: string): string {
  return render(dayMsg(iso), 'en');
}

function buildTemplate(problem: OptimizeProblem, matrix: TravelMatrix, d: number): DayTemplate {
  const { points, weights: w } = problem;
  const n = points.length;
  const H = (q: number) => q;
  const M = (q: number) => n + q;
  const Sin = (p: number) => 2 * n + p;
  const Sout = (p: number) => 3 * n + p;
  const RN = 4 * n;
  const T = 4 * n + 1;
  const t: DayTemplate = {
    nodes: 4 * n + 2,
    supply: new Array(4 * n + 2).fill(0),
    from: [],
    to: [],
    lo: [],
    hi: [],
    cConst: [],
    cLam: [],
    kind: [],
    a1: [],
    a2: [],
    R: 0,
    A: 0,
    K: 0,
    r: new Float64Array(n),
    P: problem.processing[d]!,
    home: null,
    flowBound: new Float64Array(0),
  };
  const arc = (
    k: Kind,
    f: number,
    to: number,
    lo: number,
    hi: number,
    cc: number,
    cl: number,
    a1: number,
    a2 = -1,
  ) => {
    t.from.push(f);
    t.to.push(to);
    t.lo.push(lo);
    t.hi.push(hi);
    t.cConst.push(cc);
    t.cLam.push(cl);
    t.kind.push(k);
    t.a1.push(a1);
    t.a2.push(a2);
  };
  const INF = Number.POSITIVE_INFINITY;
  for (let q = 0; q < n; q++) {
    const a = problem.available[points[q]!.id]![d]!;
    t.supply[H(q)] = a;
    t.A += a;
    arc(Kind.Home, H(q), Sin(q), 0, INF, 0, 0, q);
    const mov = movableStaff(problem, points[q]!.id, d);
    if (mov > 0) arc(Kind.Pool, H(q), M(q), 0, mov, 0, 0, q);
  }
  for (let k = 0; k < matrix.fromIdx.length; k++) {
    const q = matrix.fromIdx[k]!;
    const p = matrix.toIdx[k]!;
    if (movableStaff(problem, points[q]!.id, d) <= 0) continue;
    const minutes = matrix.minutes[q * n + p]!;
    arc(Kind.Move, M(q), Sin(p), 0, INF, w.move + w.travel_minute * minutes, 0, q, p);
  }
  for (let p = 0; p < n; p++) {
    const r = problem.reception[points[p]!.id]![d]!;
    t.r[p] = r;
    t.R += r;
    const whole = Math.floor(r);
    const f = r - whole;
    arc(Kind.Through, Sin(p), Sout(p), minStaff(problem, p, d), INF, 0, 0, p);
    if (whole > 0) arc(Kind.Full, Sout(p), RN, 0, whole, 0, -1, p);
    if (f > 1e-12) arc(Kind.Frac, Sout(p), T, 0, 1, 0, -f, p);
    arc(Kind.Surplus, Sout(p), T, 0, INF, 0, 0, p);
  }
  arc(Kind.Total, RN, T, 0, INF, 0, 0, -1);
  t.supply[T] = -t.A;
  t.K = t.A - t.P;

  // Warm start: H_q –home→ S_in_q –through→ S_out_q –surplus→ T, the rest hung from the artificial root.
  const treeArc = new Int32Array(t.nodes).fill(-1);
  const flow0 = new Float64Array(t.kind.length);
  let homeFeasible = true;
  for (let e = 0; e < t.kind.length; e++) {
    const k = t.kind[e]!;
    const i = t.a1[e]!;
    const a = t.supply[H(i)]!;
    if (k === Kind.Home) {
      treeArc[H(i)] = e;
      flow0[e] = a;
    } else if (k === Kind.Through) {
      treeArc[Sin(i)] = e;
      flow0[e] = a;
      if (a < t.lo[e]!) homeFeasible = false;
    } else if (k === Kind.Surplus) {
      treeArc[Sout(i)] = e;
      flow0[e] = a;
    }
  }
  if (homeFeasible) t.home = { treeArc, flow: flow0 };
  // Implied flow bounds: q's staff out of H_q (and M_q) are at most available (movable); anything else ≤ A.
  t.flowBound = Float64Array.from(t.kind, (k, e) => {
    if (k === Kind.Home) return t.supply[H(t.a1[e]!)]!;
    if (k === Kind.Pool || k === Kind.Move) return movableStaff(problem, points[t.a1[e]!]!.id, d);
    return t.A;
  });
  return t;
}

/** Exact objective of the present staff n (from a flow) and move cost C. */
function exactDayObjective(t: DayTemplate, flow: Float64Array, w: OptimizeProblem['weights']): number {
  let C = 0;
  let unmetR = 0;
  let surplus = 0;
  for (let e = 0; e < t.kind.length; e++) {
    const k = t.kind[e]!;
    if (k === Kind.Move) C += t.cConst[e]! * flow[e]!;
    else if (k === Kind.Through) {
      const np = flow[e]!;
      const r = t.r[t.a1[e]!]!;
      const served = Math.min(r, np);
      unmetR += r - served;
      surplus += np - served;
    }
  }
  return w.unmet_reception * unmetR + w.unmet_processing * Math.max(0, t.P - surplus) + C;
}

function solveDay(
  t: DayTemplate,
  w: OptimizeProblem['weights'],
  maxNodes: number,
): DayOutcome & { infeasible?: boolean } {
  const wr = w.unmet_reception;
  const wv = w.unmet_processing;
  const m = t.kind.length;
  let solves = 0;
  let pivots = 0;

  const solveAt = (lambda: number, bounds: Map<number, [number, number]>): FlowEval | null => {
    const net = new FlowNetwork();
    for (let v = 0; v < t.nodes; v++) net.addNode(t.supply[v]!);
    for (let e = 0; e < m; e++) {
      const b = bounds.get(e);
      net.addArc(
        t.from[e]!,
        t.to[e]!,
        b ? b[0] : t.lo[e]!,
        b ? b[1] : t.hi[e]!,
        t.cConst[e]! + lambda * t.cLam[e]!,
      );
    }
    const sol = solveMinCostFlow(net, bounds.size === 0 && t.home ? { warmStart: t.home } : {});
    solves++;
    pivots += sol.pivots;
    if (sol.status !== 'optimal') return null;
    let E = 0;
    let C = 0;
    for (let e = 0; e < m; e++) {
      E -= t.cLam[e]! * sol.flow[e]!;
      C += t.cConst[e]! * sol.flow[e]!;
    }
    const D = dualBound(net, sol.potential, t.flowBound, sol.flow);
    return {
      flow: sol.flow,
      E,
      C,
      exact: exactDayObjective(t, sol.flow, w),
      lb: wr * t.R + D - (wr - lambda) * t.K,
      lambda,
    };
  };
  // Value of flow x's Lagrangian line at λ: w_r·R + C − λE − (w_r − λ)K.
  const line = (x: FlowEval, lambda: number) => wr * t.R + x.C - lambda * x.E - (wr - lambda) * t.K;

  let best: FlowEval | null = null;
  const offer = (x: FlowEval) => {
    if (!best || x.exact < best.exact) best = x;
  };
  const tolE = 1e-9 * (1 + t.A);

  interface Relaxed {
    lb: number;
    branch?: { arc: number; value: number };
  }
  const relax = (bounds: Map<number, [number, number]>): Relaxed | null => {
    const hi = solveAt(wr, bounds);
    if (!hi) return null;
    offer(hi);
    if (wv === 0 || hi.E <= t.K + tolE) return { lb: hi.lb };
    const lo = solveAt(wr - wv, bounds)!;
    offer(lo);
    let lb = Math.max(hi.lb, lo.lb);
    if (lo.E >= t.K - tolE) return { lb };
    let L = lo;
    let U = hi;
    for (let iter = 0; iter < 100; iter++) {
      // Intersection of the two lines: slopes (K − E) of opposite signs.
      const lam = Math.min(wr, Math.max(wr - wv, (line(U, 0) - line(L, 0)) / (t.K - L.E - (t.K - U.E))));
      const mid = solveAt(lam, bounds)!;
      offer(mid);
      lb = Math.max(lb, mid.lb);
      if (Math.abs(mid.E - t.K) <= tolE) return { lb }; // an integral flow exactly at the breakpoint
      if (line(mid, lam) >= line(L, lam) - 1e-9 * (1 + Math.abs(line(L, lam)))) break;
      if (mid.E < t.K) L = mid;
      else U = mid;
    }
    // LP optimum: θ·L + (1 − θ)·U with E = K. Branch on an arc it leaves fractional.
    const theta = (U.E - t.K) / (U.E - L.E);
    let choice = -1;
    let choiceValue = 0;
    let choiceRank = 99;
    // Branching priority by arc kind: the total of whole slots, then fractional slots, throughputs, moves.
    const rank = [6, 6, 3, 2, 4, 1, 5, 0];
    const mix = new Float64Array(m);
    let integral = true;
    for (let e = 0; e < m; e++) {
      const v = theta * L.flow[e]! + (1 - theta) * U.flow[e]!;
      mix[e] = v;
      const frac = Math.abs(v - Math.round(v));
      if (frac > 1e-7) {
        integral = false;
        const rk = rank[t.kind[e]!]!;
        if (rk < choiceRank) {
          choiceRank = rk;
          choice = e;
          choiceValue = v;
        }
      }
    }
    if (integral) {
      const rounded = mix.map((v) => Math.round(v));
      let C = 0;
      let E = 0;
      for (let e = 0; e < m; e++) {
        C += t.cConst[e]! * rounded[e]!;
        E -= t.cLam[e]! * rounded[e]!;
      }
      offer({ flow: rounded, E, C, exact: exactDayObjective(t, rounded, w), lb, lambda: Number.NaN });
      return { lb };
    }
    return { lb, branch: { arc: choice, value: choiceValue } };
  };

  const root = relax(new Map());
  if (!root)
    return { moves: [], exact: Number.NaN, bound: Number.NaN, solves, pivots, nodes: 0, infeasible: true };
  const tolOf = () => 1e-7 * Math.max(1, Math.abs(best!.exact));
  const leafBounds: number[] = [];
  const open: Array<{
    lb: number;
    bounds: Map<number, [number, number]>;
    branch: { arc: number; value: number };
  }> = [];
  if (root.branch && root.lb < best!.exact - tolOf())
    open.push({ lb: root.lb, bounds: new Map(), branch: root.branch });
  else leafBounds.push(root.lb);
  let nodes = 0;
  while (open.length > 0 && nodes < maxNodes) {
    let bi = 0;
    for (let i = 1; i < open.length; i++) if (open[i]!.lb < open[bi]!.lb) bi = i;
    const node = open.splice(bi, 1)[0]!;
    if (node.lb >= best!.exact - tolOf()) {
      leafBounds.push(node.lb);
      continue;
    }
    const { arc, value } = node.branch;
    const cur = node.bounds.get(arc) ?? [t.lo[arc]!, t.hi[arc]!];
    for (const nb of [
      [cur[0], Math.floor(value)],
      [Math.ceil(value), cur[1]],
    ] as Array<[number, number]>) {
      if (nb[0] > nb[1]) continue;
      nodes++;
      const bounds = new Map(node.bounds);
      bounds.set(arc, nb);
      const child = relax(bounds);
      if (!child) continue; // infeasible branch: contains no solution
      const lb = Math.max(child.lb, node.lb);
      if (child.branch && lb < best!.exact - tolOf()) open.push({ lb, bounds, branch: child.branch });
      else leafBounds.push(lb);
    }
  }
  for (const o of open) leafBounds.push(o.lb);
  const finalBest = best as FlowEval | null;
  const bound = Math.min(finalBest!.exact, ...leafBounds);
  const moves: DayOutcome['moves'] = [];
  for (let e = 0; e < m; e++)
    if (t.kind[e] === Kind.Move && finalBest!.flow[e]! > 0)
      moves.push({ q: t.a1[e]!, p: t.a2[e]!, staff: finalBest!.flow[e]! });
  return { moves, exact: finalBest!.exact, bound, solves, pivots, nodes };
}

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
      ...reasonOf('stage1.infeasible', {
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

/**
 * The reason a manager reads for a move, e.g.
 * "P017 lacks 3.2 counter staff on Monday 2026-01-05; P021 has 4 spare, 12 min away".
 */
export function moveReason(
  problem: OptimizeProblem,
  d: number,
  fromId: string,
  toId: string,
  minutes: number,
): string {
  return render(moveReasonMsg(problem, d, fromId, toId, minutes), 'en');
}

/** `moveReason` as a catalogue message (core/messages.ts). */
export function moveReasonMsg(
  problem: OptimizeProblem,
  d: number,
  fromId: string,
  toId: string,
  minutes: number,
): Msg {
  const name = (id: string) => problem.points.find((p) => p.id === id)?.name ?? id;
  const pIdx = problem.points.findIndex((p) => p.id === toId);
  const lack = problem.reception[toId]![d]! - problem.available[toId]![d]!;
  const minNeed = minStaff(problem, pIdx, d) - problem.available[toId]![d]!;
  const spare = problem.available[fromId]![d]! - problem.reception[fromId]![d]!;
  const day = dayMsg(problem.days[d]!);
  const need =
    lack > 0
      ? msg('move.lacks', { point: name(toId), lack, day })
      : minNeed > 0
        ? msg('move.below_min', { point: name(toId), staff: minNeed, day })
        : msg('move.can_use', { point: name(toId), day });
  const give =
    spare >= 1
      ? msg('move.spare', { point: name(fromId), spare: Math.floor(spare * 10) / 10 })
      : msg('move.can_cover', { point: name(fromId) });
  return msg('move.reason', { need, give, minutes: Math.round(minutes) });
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
      explanation_msgs: violated.map((v) => v.reason_msg!),
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
  result.explanation_msgs = explainStage1Msgs(problem, result, matrix);
  result.explanation = result.explanation_msgs.map((m) => render(m, 'en'));
  return result;
}

/** Readable summary: totals, one line per day, and the reason of each move (largest first, up to 40). */
export function explainStage1(
  problem: OptimizeProblem,
  result: OptimizeResult,
  matrix?: TravelMatrix,
): string[] {
  return explainStage1Msgs(problem, result, matrix).map((m) => render(m, 'en'));
}

/** `explainStage1` as catalogue messages (core/messages.ts), one per line. */
export function explainStage1Msgs(
  problem: OptimizeProblem,
  result: OptimizeResult,
  matrix?: TravelMatrix,
): Msg[] {
  const lines: Msg[] = [];
  const before = evaluateMoves(problem, [], matrix);
  const moved = result.moves.reduce((s, m) => s + m.staff, 0);
  const minutes = result.moves.reduce((s, m) => s + m.staff * m.minutes, 0);
  lines.push(
    msg('stage1.summary', {
      status: msg(`stage1.status.${result.status}`),
      objective: result.objective ?? 0,
      bound: result.bound ?? 0,
      before: before.objective,
      moved,
      minutes: Math.round(minutes),
    }),
  );
  problem.days.forEach((day, d) => {
    const dm = result.moves.filter((m) => m.day === day);
    const ur = Object.values(result.unmet_reception).reduce((s, a) => s + a[d]!, 0);
    const urBefore = Object.values(before.unmet_reception).reduce((s, a) => s + a[d]!, 0);
    lines.push(
      msg('stage1.day', {
        day: dayMsg(day),
        moved: dm.reduce((s, m) => s + m.staff, 0),
        short: ur,
        shortBefore: urBefore,
        processing: result.unmet_processing[d] ?? 0,
        processingBefore: before.unmet_processing[d]!,
      }),
    );
  });
  const dayIdx = new Map(problem.days.map((d, i) => [d, i]));
  const sorted = [...result.moves].sort((a, b) => b.staff - a.staff || a.day.localeCompare(b.day));
  for (const mv of sorted.slice(0, 40))
    lines.push(
      msg('stage1.move', {
        staff: mv.staff,
        from: mv.from,
        to: mv.to,
        date: mv.day,
        reason: moveReasonMsg(problem, dayIdx.get(mv.day)!, mv.from, mv.to, mv.minutes),
      }),
    );
  if (sorted.length > 40) lines.push(msg('stage1.more', { count: sorted.length - 40 }));
  return lines;
}
