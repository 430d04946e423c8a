/**
 * Stage 1, one day: the day's network, and its solution to proven optimality (see stage1.ts for the model).
 *
 * For a fixed λ ∈ [w_r − w_v, w_r], min Σ c·x − λ·E is a plain min-cost flow with integral optimum
 * (network simplex). Its value minus (w_r − λ)·K is a Lagrangian lower bound; the best λ (found by
 * Newton's method on the two bracketing lines) gives the LP relaxation. Usually one solve already settles
 * the day (E ≤ K: the pool is not short, or E ≥ K: it is short everywhere). When the optimum sits exactly
 * at the pool's breakpoint with fractional slots, integrality can be lost (it is a subset-sum in disguise):
 * a small branch-and-bound on arc bounds closes it, with a node limit after which the day is reported
 * "feasible" with its gap. Every bound comes from dual potentials (`dualBound`), independent of the primal
 * algorithm.
 */
import type { OptimizeProblem } from '../../schemas/optimize.ts';
import { dualBound, FlowNetwork, solveMinCostFlow, type WarmStart } from './network-simplex.ts';
import { localWork, minStaff, movableStaff, servedAt, slotValues, unmetLocalWeight } from './problem.ts';
import type { TravelMatrix } from './travel.ts';

enum Kind {
  Home = 0,
  Pool = 1,
  Move = 2,
  Through = 3,
  Full = 4,
  Frac = 5,
  Surplus = 6,
  Total = 7,
  /** people doing only local work (work model) */
  Local = 8,
}

/**
 * Branching priority by arc kind, indexed by Kind (lower first): the total of whole slots, then fractional
 * slots, moves, throughputs, whole slots, surplus, and home and pool arcs last.
 */
const BRANCH_RANK: readonly number[] = [6, 6, 3, 2, 4, 1, 5, 0, 1];

/** One day's network without λ: cost = cConst + λ·cLam. */
export interface DayTemplate {
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
  /** total local work (staff-days) */
  L: number;
  A: number;
  K: number;
  r: Float64Array;
  /** counter slot values per point (first counter first) */
  slots: number[][];
  /** local work per point, staff-days */
  local: Float64Array;
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

export interface DayOutcome {
  moves: Array<{ q: number; p: number; staff: number }>;
  exact: number;
  bound: number;
  solves: number;
  pivots: number;
  nodes: number;
  infeasible?: boolean;
}

/** Arc bounds a branch-and-bound node overrides: arc → [lower, upper]. */
type Bounds = Map<number, [number, number]>;

interface Relaxed {
  lb: number;
  branch?: { arc: number; value: number };
}

/**
 * Day d's network: H_q (home staff) → S_in_p directly or through M_q (the movable pool) along the allowed
 * moves; S_in_p → S_out_p (at least the minimum staff) → whole counter slots (via RN), the fractional slot
 * or surplus → T.
 */
export function buildTemplate(problem: OptimizeProblem, matrix: TravelMatrix, d: number): DayTemplate {
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
    L: 0,
    A: 0,
    K: 0,
    r: new Float64Array(n),
    slots: [],
    local: new Float64Array(n),
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
  // A person's marginal value at λ: λ·(counter share v) + (λ − δ)·(local work absorbed a), δ = w_r − w_l; it
  // never rises from one person to the next (v falls, local is filled first), so parallel arcs fill in order.
  const delta = w.unmet_reception - unmetLocalWeight(w);
  for (let p = 0; p < n; p++) {
    const id = points[p]!.id;
    const r = problem.reception[id]![d]!;
    const slots = slotValues(problem, id, d);
    const l = localWork(problem, id, d);
    t.r[p] = r;
    t.R += r;
    t.slots.push(slots);
    t.local[p] = l;
    t.L += l;
    arc(Kind.Through, Sin(p), Sout(p), minStaff(problem, p, d), INF, 0, 0, p);
    let whole = 0;
    while (whole < slots.length && slots[whole]! >= 1 - 1e-12) whole++;
    if (whole > 0) arc(Kind.Full, Sout(p), RN, 0, whole, 0, -1, p);
    let rest = l;
    for (let k = whole; k < slots.length; k++) {
      const v = slots[k]!;
      const a = Math.min(1 - v, rest);
      rest -= a;
      arc(Kind.Frac, Sout(p), T, 0, 1, delta * a, -(v + a), p);
    }
    if (rest > 1e-12) {
      const wholeL = Math.floor(rest + 1e-12);
      if (wholeL > 0) arc(Kind.Local, Sout(p), T, 0, wholeL, delta, -1, p);
      const fr = rest - wholeL;
      if (fr > 1e-12) arc(Kind.Frac, Sout(p), T, 0, 1, delta * fr, -fr, p);
    }
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
  let unmetL = 0;
  let surplus = 0;
  for (let e = 0; e < t.kind.length; e++) {
    const k = t.kind[e]!;
    if (k === Kind.Move) C += t.cConst[e]! * flow[e]!;
    else if (k === Kind.Through) {
      const p = t.a1[e]!;
      const served = servedAt(t.slots[p]!, t.local[p]!, flow[e]!);
      unmetR += Math.max(0, t.r[p]! - served.counter);
      unmetL += t.local[p]! - served.local;
      surplus += served.surplus;
    }
  }
  return (
    w.unmet_reception * unmetR +
    unmetLocalWeight(w) * unmetL +
    w.unmet_processing * Math.max(0, t.P - surplus) +
    C
  );
}

/**
 * Solves one day: the Lagrangian relaxation at the root, then branch-and-bound on arc bounds while a node's
 * bound is below the best exact objective found (at most `maxNodes` nodes beyond the root).
 */
export function solveDay(t: DayTemplate, w: OptimizeProblem['weights'], maxNodes: number): DayOutcome {
  return new DaySolver(t, w).solve(maxNodes);
}

/** One day's solve: counts the flow solves and pivots, and keeps the best flow found (by exact objective). */
class DaySolver {
  private readonly wr: number;
  private readonly wv: number;
  private readonly wl: number;
  private readonly m: number;
  private readonly tolE: number;
  private solves = 0;
  private pivots = 0;
  private best: FlowEval | null = null;

  constructor(
    private readonly t: DayTemplate,
    private readonly w: OptimizeProblem['weights'],
  ) {
    this.wr = w.unmet_reception;
    this.wv = w.unmet_processing;
    this.wl = unmetLocalWeight(w);
    this.m = t.kind.length;
    this.tolE = 1e-9 * (1 + t.A);
  }

  solve(maxNodes: number): DayOutcome {
    const root = this.relax(new Map());
    if (!root)
      return {
        moves: [],
        exact: Number.NaN,
        bound: Number.NaN,
        solves: this.solves,
        pivots: this.pivots,
        nodes: 0,
        infeasible: true,
      };
    const { leafBounds, nodes } = this.branchAndBound(root, maxNodes);
    const best = this.best!;
    const bound = Math.min(best.exact, ...leafBounds);
    return {
      moves: this.movesOf(best.flow),
      exact: best.exact,
      bound,
      solves: this.solves,
      pivots: this.pivots,
      nodes,
    };
  }

  /** The min-cost flow at λ under the given arc bounds, with its Lagrangian lower bound; null when infeasible. */
  private solveAt(lambda: number, bounds: Bounds): FlowEval | null {
    const { t, m } = this;
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
    this.solves++;
    this.pivots += sol.pivots;
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
      exact: exactDayObjective(t, sol.flow, this.w),
      lb: this.wr * t.R + this.wl * t.L + D - (this.wr - lambda) * t.K,
      lambda,
    };
  }

  /** Value of flow x's Lagrangian line at λ: w_r·R + C − λE − (w_r − λ)K. */
  private line(x: FlowEval, lambda: number): number {
    return this.wr * this.t.R + this.wl * this.t.L + x.C - lambda * x.E - (this.wr - lambda) * this.t.K;
  }

  private offer(x: FlowEval): void {
    if (!this.best || x.exact < this.best.exact) this.best = x;
  }

  private tolerance(): number {
    return 1e-7 * Math.max(1, Math.abs(this.best!.exact));
  }

  /**
   * The LP relaxation under the given bounds: its lower bound, and the arc to branch on when its optimum is
   * fractional; null when infeasible. Every flow solved on the way is offered as a candidate.
   */
  private relax(bounds: Bounds): Relaxed | null {
    const { t, wr, wv, tolE } = this;
    const hi = this.solveAt(wr, bounds);
    if (!hi) return null;
    this.offer(hi);
    if (wv === 0 || hi.E <= t.K + tolE) return { lb: hi.lb };
    const lo = this.solveAt(wr - wv, bounds)!;
    this.offer(lo);
    let lb = Math.max(hi.lb, lo.lb);
    if (lo.E >= t.K - tolE) return { lb };
    let L = lo;
    let U = hi;
    for (let iter = 0; iter < 100; iter++) {
      // Intersection of the two lines: slopes (K − E) of opposite signs.
      const lam = Math.min(
        wr,
        Math.max(wr - wv, (this.line(U, 0) - this.line(L, 0)) / (t.K - L.E - (t.K - U.E))),
      );
      const mid = this.solveAt(lam, bounds)!;
      this.offer(mid);
      lb = Math.max(lb, mid.lb);
      if (Math.abs(mid.E - t.K) <= tolE) return { lb }; // an integral flow exactly at the breakpoint
      if (this.line(mid, lam) >= this.line(L, lam) - 1e-9 * (1 + Math.abs(this.line(L, lam)))) break;
      if (mid.E < t.K) L = mid;
      else U = mid;
    }
    return this.branchOnMix(L, U, lb);
  }

  /** LP optimum: θ·L + (1 − θ)·U with E = K. Branch on an arc it leaves fractional, or offer it when integral. */
  private branchOnMix(L: FlowEval, U: FlowEval, lb: number): Relaxed {
    const { t, m } = this;
    const theta = (U.E - t.K) / (U.E - L.E);
    let choice = -1;
    let choiceValue = 0;
    let choiceRank = 99;
    const mix = new Float64Array(m);
    let integral = true;
    for (let e = 0; e < m; e++) {
      const v = theta * L.flow[e]! + (1 - theta) * U.flow[e]!;
      mix[e] = v;
      const frac = Math.abs(v - Math.round(v));
      if (frac > 1e-7) {
        integral = false;
        const rk = BRANCH_RANK[t.kind[e]!]!;
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
      this.offer({
        flow: rounded,
        E,
        C,
        exact: exactDayObjective(t, rounded, this.w),
        lb,
        lambda: Number.NaN,
      });
      return { lb };
    }
    return { lb, branch: { arc: choice, value: choiceValue } };
  }

  /** Best-bound branch-and-bound from the root relaxation; returns the bounds of the closed and open leaves. */
  private branchAndBound(root: Relaxed, maxNodes: number): { leafBounds: number[]; nodes: number } {
    const { t } = this;
    const leafBounds: number[] = [];
    const open: Array<{ lb: number; bounds: Bounds; branch: { arc: number; value: number } }> = [];
    if (root.branch && root.lb < this.best!.exact - this.tolerance())
      open.push({ lb: root.lb, bounds: new Map(), branch: root.branch });
    else leafBounds.push(root.lb);
    let nodes = 0;
    while (open.length > 0 && nodes < maxNodes) {
      let bi = 0;
      for (let i = 1; i < open.length; i++) if (open[i]!.lb < open[bi]!.lb) bi = i;
      const node = open.splice(bi, 1)[0]!;
      if (node.lb >= this.best!.exact - this.tolerance()) {
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
        const child = this.relax(bounds);
        if (!child) continue; // infeasible branch: contains no solution
        const lb = Math.max(child.lb, node.lb);
        if (child.branch && lb < this.best!.exact - this.tolerance())
          open.push({ lb, bounds, branch: child.branch });
        else leafBounds.push(lb);
      }
    }
    for (const o of open) leafBounds.push(o.lb);
    return { leafBounds, nodes };
  }

  private movesOf(flow: Float64Array): DayOutcome['moves'] {
    const { t } = this;
    const moves: DayOutcome['moves'] = [];
    for (let e = 0; e < this.m; e++)
      if (t.kind[e] === Kind.Move && flow[e]! > 0) moves.push({ q: t.a1[e]!, p: t.a2[e]!, staff: flow[e]! });
    return moves;
  }
}
