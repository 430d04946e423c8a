/**
 * The establishment roadmap (issue #16): permanent transfers quarter by quarter, from staff "as they were"
 * towards staff where the work is.
 *
 * Each quarter is one MIP (quarter.ts) on the establishment the previous quarters left (rolling horizon: a
 * quarter's transfers are optimal given the earlier ones; the later quarters' demand does not pull them).
 * A person is transferred at most once in a roadmap. With `within_branch` the quarter splits into one MIP per
 * branch; otherwise into the connected components of the transfer graph. The city-wide cap N couples the
 * pieces: when the pieces' own optima use more than N transfers together, each piece is re-solved with caps
 * 0..k and a knapsack over pieces picks the best split — exact, given each piece's optimum.
 *
 * javascript-lp-solver solves each piece. Its answer is never taken as is: integrality and every row are
 * checked, the objective is recomputed from the transfers, and a piece is `optimal` only when its objective
 * meets the LP bound or a complete branch and bound of ours (on jsLPsolver relaxations) closes the gap.
 */
import type { Field } from '../../schemas/domain.ts';
import type { EstablishmentRules, RoadmapQuarter, WorkloadCell } from '../../schemas/establishment.ts';
import type { TravelSettings } from '../../schemas/optimize.ts';
import { DomainError } from '../errors.ts';
import { type MessageKey, type Msg, msg } from '../messages.ts';
import { travelMinutesFormula } from '../optimize/travel.ts';
import { checkMip, type Mip, solveWithJsLpSolver } from './mip.ts';
import { type MoveGroup, type QuarterPoint, quarterMip, quarterObjective } from './quarter.ts';

export interface EstablishmentStaff {
  id: string;
  name?: string;
  home_point: string;
  /** commune (point code) the person lives in; default the home point */
  home_commune?: string;
  fields: ReadonlyArray<Field>;
  fte: number;
  /** specialists (commune specialist officers) are not Center staff: the roadmap leaves them out */
  role: 'staff' | 'point_lead' | 'specialist';
  active: boolean;
}

export interface EstablishmentPoint {
  code: string;
  name?: string;
  branch: string;
  lat: number;
  lon: number;
  min_staff: number;
}

export interface EstablishmentInput {
  quarters: ReadonlyArray<RoadmapQuarter>;
  points: ReadonlyArray<EstablishmentPoint>;
  staff: ReadonlyArray<EstablishmentStaff>;
  workload: ReadonlyArray<WorkloadCell>;
  rules: EstablishmentRules;
  travel: Pick<TravelSettings, 'speed_kmh' | 'detour'>;
  /** home commune coordinates by code; default the points' own */
  communes?: Readonly<Record<string, { lat: number; lon: number }>>;
}

export type PieceStatus = 'optimal' | 'feasible' | 'too_large' | 'solver_failed';

export interface PieceReport {
  /** branch name or component label */
  name: string;
  points: number;
  integer_variables: number;
  rows: number;
  status: PieceStatus;
  objective: number;
  /** LP bound (or the branch-and-bound bound) */
  bound: number;
  /** largest distance of a jsLPsolver integer from an integer (0 when it returned integers) */
  integrality: number;
  /** |jsLPsolver's reported objective − ours recomputed from the transfers| */
  objective_error: number;
  /** jsLPsolver solves (MIP and relaxations) spent on the piece */
  solves: number;
  violations: string[];
}

export interface Transfer {
  quarter: string;
  staff_id: string;
  name: string;
  from: string;
  to: string;
  /** minutes from the home commune to the new point */
  minutes: number;
  fields: Field[];
  /** why this person moves, as a catalogue message (core/messages.ts) */
  reason: Msg;
}

export interface PointUtilisation {
  point: string;
  need_hours: number;
  /** staff-hours a day before the roadmap (staff as they were) and after this quarter */
  hours_before: number;
  hours_after: number;
  /** need ÷ staff-hours (null without staff) */
  before: number | null;
  after: number | null;
}

export interface QuarterResult {
  label: string;
  start: string;
  status: PieceStatus;
  objective: number;
  bound: number;
  transfers: Transfer[];
  /** Σ over points of staff-hours a day of work the point's own staff cannot do */
  deficit_before: number;
  deficit_after: number;
  /** the same with the staff as they were (no transfer in any quarter) */
  deficit_as_they_were: number;
  /** Σ of staff-hours a day of staff beyond the point's work */
  surplus_after: number;
  /** the transfers that N allowed went to the pieces by a knapsack (N was binding) */
  knapsack: boolean;
  /** a too-large component was split by branch (optimal only within branches) */
  split_by_branch: boolean;
  pieces: PieceReport[];
  utilisation: PointUtilisation[];
}

export interface Roadmap {
  status: PieceStatus;
  quarters: QuarterResult[];
  /** the rules applied (N possibly overridden) */
  rules: EstablishmentRules;
  staff: number;
  movable: number;
}

interface Person {
  id: string;
  name: string;
  point: number;
  commune: string;
  hours: number;
  fields: ReadonlyArray<Field>;
  movable: boolean;
  index: number;
}

const EPS = 1e-6;
const round = (v: number, d = 6) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * Chooses the transfers of every quarter. Pure and deterministic.
 * @throws DomainError INPUT_INVALID for staff at unknown points or workload naming unknown points/quarters
 * @example buildRoadmap({ quarters, points, staff, workload, rules, travel }).quarters[0].transfers
 */
export function buildRoadmap(input: EstablishmentInput): Roadmap {
  const { points, rules } = input;
  const pointIdx = new Map(points.map((p, i) => [p.code, i]));
  const coords = (code: string) => input.communes?.[code] ?? points[pointIdx.get(code) ?? -1];
  const protectedIds = new Set(rules.protected_staff);
  const people: Person[] = [];
  input.staff.forEach((s, line) => {
    // Commune specialists are not the Center's establishment: it neither counts nor transfers them.
    if (!s.active || s.role === 'specialist') return;
    const i = pointIdx.get(s.home_point);
    if (i === undefined)
      throw new DomainError(
        'INPUT_INVALID',
        msg('roadmap.unknown_point', { id: s.id, point: s.home_point }),
        [
          {
            line: line + 1,
            field: 'home_point',
            value: s.home_point,
            reason: msg('roadmap.unknown_point_reason'),
          },
        ],
      );
    const commune = s.home_commune ?? s.home_point;
    if (!coords(commune))
      throw new DomainError('INPUT_INVALID', msg('roadmap.unknown_commune', { id: s.id, commune }), [
        {
          line: line + 1,
          field: 'home_commune',
          value: commune,
          reason: msg('roadmap.unknown_commune_reason'),
        },
      ]);
    people.push({
      id: s.id,
      name: s.name ?? s.id,
      point: i,
      commune,
      hours: s.fte * rules.productive_hours_per_day,
      fields: s.fields,
      movable: s.role !== 'point_lead' && !protectedIds.has(s.id) && s.fte >= rules.min_fte_to_transfer,
      index: people.length,
    });
  });
  const nQ = input.quarters.length;
  const need = Array.from({ length: nQ }, () => new Float64Array(points.length));
  const skillNeed = Array.from({ length: nQ }, () => points.map(() => new Map<Field, number>()));
  input.workload.forEach((c, line) => {
    const i = pointIdx.get(c.point);
    if (i === undefined || c.quarter >= nQ)
      throw new DomainError('INPUT_INVALID', msg('roadmap.bad_workload', { line: line + 1 }), [
        {
          line: line + 1,
          field: i === undefined ? 'point' : 'quarter',
          value: i === undefined ? c.point : c.quarter,
          reason:
            i === undefined ? msg('roadmap.unknown_point_reason') : msg('roadmap.unknown_quarter_reason'),
        },
      ]);
    need[c.quarter]![i]! += c.staff_hours_per_day;
    const m = skillNeed[c.quarter]![i]!;
    m.set(c.skill, (m.get(c.skill) ?? 0) + c.staff_hours_per_day);
  });

  // Travel minutes from each home commune to each point: computed once per (commune, point) pair.
  const travelCache = new Map<string, Float64Array>();
  const minutesFrom = (commune: string): Float64Array => {
    let row = travelCache.get(commune);
    if (row) return row;
    const a = coords(commune)!;
    row = Float64Array.from(points, (p) => travelMinutesFormula(a, p, input.travel));
    travelCache.set(commune, row);
    return row;
  };

  const hoursOf = () => {
    const h = new Float64Array(points.length);
    const head = new Int32Array(points.length);
    for (const p of people) {
      h[p.point]! += p.hours;
      head[p.point]!++;
    }
    return { h, head };
  };
  const initial = hoursOf();
  const quarters: QuarterResult[] = [];
  for (let q = 0; q < nQ; q++) {
    const quarter = input.quarters[q]!;
    const { h, head } = hoursOf();
    const qp: QuarterPoint[] = points.map((p, i) => ({
      code: p.code,
      need: need[q]![i]!,
      hours: h[i]!,
      head: head[i]!,
      min_staff: p.min_staff,
    }));
    const solved = solveQuarter(input, qp, people, minutesFrom);
    const transfers = assignPeople(input, qp, people, solved.moves, skillNeed[q]!, quarter.label);
    const after = hoursOf();
    const deficit = (hours: ArrayLike<number>) =>
      points.reduce((s, _p, i) => s + Math.max(0, need[q]![i]! - hours[i]!), 0);
    const surplus = points.reduce((s, _p, i) => s + Math.max(0, after.h[i]! - need[q]![i]!), 0);
    quarters.push({
      label: quarter.label,
      start: quarter.start,
      status: solved.status,
      objective: round(solved.objective),
      bound: round(solved.bound),
      transfers,
      deficit_before: round(deficit(h)),
      deficit_after: round(deficit(after.h)),
      deficit_as_they_were: round(deficit(initial.h)),
      surplus_after: round(surplus),
      knapsack: solved.knapsack,
      split_by_branch: solved.splitByBranch,
      pieces: solved.pieces,
      utilisation: points.map((p, i) => ({
        point: p.code,
        need_hours: round(need[q]![i]!, 3),
        hours_before: round(initial.h[i]!, 3),
        hours_after: round(after.h[i]!, 3),
        before: initial.h[i]! > 0 ? round(need[q]![i]! / initial.h[i]!, 4) : null,
        after: after.h[i]! > 0 ? round(need[q]![i]! / after.h[i]!, 4) : null,
      })),
    });
  }
  const order: PieceStatus[] = ['solver_failed', 'too_large', 'feasible', 'optimal'];
  const status = quarters.reduce<PieceStatus>(
    (worst, q) => (order.indexOf(q.status) < order.indexOf(worst) ? q.status : worst),
    'optimal',
  );
  return {
    status,
    quarters,
    rules,
    staff: people.length,
    movable: people.filter((p) => p.movable).length,
  };
}

interface PieceInput {
  name: string;
  /** global point indices */
  points: number[];
  groups: MoveGroup[];
  /** per group: the global point index of its origin */
}

interface PieceSolution {
  report: PieceReport;
  /** moves in global point indices */
  moves: Array<{ from: number; commune: string; hours: number; to: number; minutes: number; count: number }>;
  transfers: number;
}

/** Splits the quarter into pieces, solves them, and couples them by N (knapsack when N binds). */
function solveQuarter(
  input: EstablishmentInput,
  qp: QuarterPoint[],
  people: Person[],
  minutesFrom: (commune: string) => Float64Array,
): {
  status: PieceStatus;
  objective: number;
  bound: number;
  moves: PieceSolution['moves'];
  pieces: PieceReport[];
  knapsack: boolean;
  splitByBranch: boolean;
} {
  const { rules, points } = input;
  const N = rules.max_transfers_per_quarter;
  const limit = rules.max_travel_minutes;
  // Movable people grouped by (point, home commune, hours): people in a group are interchangeable for the MIP.
  const groupKey = new Map<string, { from: number; commune: string; hours: number; count: number }>();
  for (const p of people) {
    if (!p.movable) continue;
    const key = `${p.point}|${p.commune}|${p.hours}`;
    const g = groupKey.get(key) ?? { from: p.point, commune: p.commune, hours: p.hours, count: 0 };
    g.count++;
    groupKey.set(key, g);
  }
  const allowed = (from: number, commune: string, to: number) =>
    to !== from &&
    minutesFrom(commune)[to]! <= limit &&
    (!rules.within_branch || points[to]!.branch === points[from]!.branch);
  const groups = [...groupKey.values()].sort(
    (a, b) => a.from - b.from || a.commune.localeCompare(b.commune) || a.hours - b.hours,
  );

  // Pieces: branches, or connected components of the transfer graph (a component too large is split by branch).
  let pieceOf: number[];
  let names: string[];
  let splitByBranch = false;
  const byBranch = () => {
    const branches = [...new Set(points.map((p) => p.branch))].sort();
    return { of: points.map((p) => branches.indexOf(p.branch)), names: branches };
  };
  if (rules.within_branch) {
    const b = byBranch();
    pieceOf = b.of;
    names = b.names;
  } else {
    const parent = points.map((_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i]!;
      return i;
    };
    for (const g of groups)
      for (let r = 0; r < points.length; r++)
        if (allowed(g.from, g.commune, r)) parent[find(g.from)] = find(r);
    const roots = [...new Set(points.map((_, i) => find(i)))].sort((a, b) => a - b);
    pieceOf = points.map((_, i) => roots.indexOf(find(i)));
    names = roots.map((r) => `component of ${points[r]!.code}`);
    const sizeOf = (k: number) =>
      groups
        .filter((g) => pieceOf[g.from] === k)
        .reduce((s, g) => s + points.filter((_, r) => allowed(g.from, g.commune, r)).length, 0);
    if (names.some((_, k) => sizeOf(k) > rules.max_mip_variables)) {
      // Too large for javascript-lp-solver in one piece: say so, and solve branch by branch instead.
      splitByBranch = true;
      const b = byBranch();
      pieceOf = b.of;
      names = b.names;
    }
  }
  const pieces: PieceInput[] = names.map((name) => ({ name, points: [], groups: [] }));
  points.forEach((_, i) => {
    pieces[pieceOf[i]!]!.points.push(i);
  });
  const local = points.map(() => 0);
  for (const piece of pieces)
    piece.points.forEach((g, l) => {
      local[g] = l;
    });
  for (const g of groups) {
    const piece = pieces[pieceOf[g.from]!]!;
    const to = piece.points
      .filter((r) => allowed(g.from, g.commune, r))
      .map((r) => ({ point: local[r]!, minutes: minutesFrom(g.commune)[r]! }));
    if (to.length)
      piece.groups.push({
        from: local[g.from]!,
        home_commune: g.commune,
        hours: g.hours,
        count: g.count,
        to,
      });
  }

  const solveAt = (piece: PieceInput, cap: number): PieceSolution => {
    const pts = piece.points.map((i) => qp[i]!);
    return solvePiece(piece, pts, cap, rules);
  };
  let chosen = pieces.map((piece) => solveAt(piece, N));
  let knapsack = false;
  const used = chosen.reduce((s, c) => s + c.transfers, 0);
  if (used > N) {
    // N binds across pieces: best value of each piece with k = 0..(its own optimum's transfers) transfers.
    knapsack = true;
    const tables = pieces.map((piece, b) => {
      const kMax = Math.min(N, chosen[b]!.transfers);
      const table: PieceSolution[] = [];
      for (let k = 0; k < kMax; k++) table.push(solveAt(piece, k));
      table.push(chosen[b]!);
      return table;
    });
    // Knapsack over pieces: best[b][n] = least total objective of pieces < b using at most n transfers.
    const INF = Number.POSITIVE_INFINITY;
    let best = new Float64Array(N + 1);
    const pick: Int32Array[] = [];
    tables.forEach((table) => {
      const next = new Float64Array(N + 1).fill(INF);
      const arg = new Int32Array(N + 1).fill(-1);
      for (let n = 0; n <= N; n++)
        for (let k = 0; k < table.length && k <= n; k++) {
          const v = best[n - k]! + table[k]!.report.objective;
          if (v < next[n]! - 1e-9) {
            next[n] = v;
            arg[n] = k;
          }
        }
      pick.push(arg);
      best = next;
    });
    const choice: PieceSolution[] = [];
    let n = N;
    for (let b = tables.length - 1; b >= 0; b--) {
      const k = pick[b]![n]!;
      choice[b] = tables[b]![k]!;
      n -= k;
    }
    chosen = choice;
  }
  const order: PieceStatus[] = ['solver_failed', 'too_large', 'feasible', 'optimal'];
  let status: PieceStatus = splitByBranch ? 'feasible' : 'optimal';
  for (const c of chosen)
    if (order.indexOf(c.report.status) < order.indexOf(status)) status = c.report.status;
  return {
    status,
    objective: chosen.reduce((s, c) => s + c.report.objective, 0),
    bound: chosen.reduce((s, c) => s + c.report.bound, 0),
    moves: chosen.flatMap((c) => c.moves),
    pieces: chosen.map((c) => c.report),
    knapsack,
    splitByBranch,
  };
}

/** One piece at cap `cap`: jsLPsolver, then our checks and the proof (LP bound, else our branch and bound). */
function solvePiece(
  piece: PieceInput,
  pts: QuarterPoint[],
  cap: number,
  rules: EstablishmentRules,
): PieceSolution {
  const caps = { total: cap, perPoint: rules.max_transfers_per_point };
  const model = quarterMip(pts, piece.groups, caps, rules.weights);
  const nInt = model.arcs.length;
  const noMove = quarterObjective(pts, piece.groups, [], rules.weights).objective;
  const base: PieceReport = {
    name: piece.name,
    points: pts.length,
    integer_variables: nInt,
    rows: model.mip.rows.length,
    status: 'optimal',
    objective: noMove,
    bound: noMove,
    integrality: 0,
    objective_error: 0,
    solves: 0,
    violations: [],
  };
  if (nInt === 0 || cap === 0) return { report: base, moves: [], transfers: 0 };
  if (nInt > rules.max_mip_variables)
    return {
      report: { ...base, status: 'too_large', bound: Number.NEGATIVE_INFINITY },
      moves: [],
      transfers: 0,
    };
  const proof = proveMip(model.mip, model.arcs.length);
  if (!proof.best)
    return {
      report: { ...base, status: 'solver_failed', solves: proof.solves, violations: proof.violations },
      moves: [],
      transfers: 0,
    };
  const moves = model.arcs.map((a, j) => ({ ...a, count: proof.best![j]! })).filter((m) => m.count > 0);
  const recomputed = quarterObjective(pts, piece.groups, moves, rules.weights);
  const objectiveError = Math.abs(recomputed.objective - proof.reported);
  const violations = [...proof.violations];
  if (Math.abs(recomputed.objective - proof.objective) > 1e-6 * Math.max(1, Math.abs(recomputed.objective)))
    violations.push(`objective recomputed ${recomputed.objective} ≠ checked ${proof.objective}`);
  // A solution worse than moving nobody cannot be optimal: keep "no transfer" and say the solver failed.
  if (recomputed.objective > noMove + 1e-9) violations.push(`worse than no transfer (${noMove})`);
  if (violations.length > 0 && recomputed.objective > noMove + 1e-9)
    return {
      report: { ...base, status: 'solver_failed', solves: proof.solves, violations },
      moves: [],
      transfers: 0,
    };
  return {
    report: {
      ...base,
      status: proof.proven && violations.length === 0 ? 'optimal' : 'feasible',
      objective: recomputed.objective,
      bound: Math.min(proof.bound, recomputed.objective),
      integrality: proof.integrality,
      objective_error: objectiveError,
      solves: proof.solves,
      violations,
    },
    moves: moves.map((m) => {
      const g = piece.groups[m.group]!;
      return {
        from: piece.points[g.from]!,
        commune: g.home_commune,
        hours: g.hours,
        to: piece.points[m.to]!,
        minutes: m.minutes,
        count: m.count,
      };
    }),
    transfers: recomputed.transfers,
  };
}

interface Proof {
  /** best checked integer solution (values of the first nInt variables), undefined if none */
  best?: Float64Array;
  objective: number;
  reported: number;
  bound: number;
  proven: boolean;
  integrality: number;
  solves: number;
  violations: string[];
}

const MAX_NODES = 200;

/**
 * jsLPsolver's MIP answer, checked; its LP relaxation as the bound. When they differ, our own best-first
 * branch and bound (jsLPsolver relaxations with branching rows, every LP bound checked) closes the gap or
 * stops after MAX_NODES nodes unproven.
 */
function proveMip(mip: Mip, nInt: number): Proof {
  let solves = 0;
  const violations: string[] = [];
  const mipAnswer = solveWithJsLpSolver(mip);
  solves++;
  const check = checkMip(mip, mipAnswer.values);
  let best: Float64Array | undefined;
  let bestObj = Number.POSITIVE_INFINITY;
  if (mipAnswer.feasible && check.ok) {
    best = check.rounded;
    bestObj = check.objective;
  } else violations.push(...check.violations.slice(0, 5).map((v) => `jsLPsolver: ${v}`));
  const root = solveWithJsLpSolver(mip, { relax: true });
  solves++;
  // An LP answer is a bound only if it is itself feasible for the relaxation (checked like any answer).
  const rootCheck = checkMip({ ...mip, vars: mip.vars.map((v) => ({ ...v, integer: false })) }, root.values);
  let bound = root.feasible && rootCheck.ok ? rootCheck.objective : Number.NEGATIVE_INFINITY;
  const closed = (lb: number) => bestObj - lb <= 1e-6 * Math.max(1, Math.abs(bestObj));
  if (!closed(bound)) {
    // Best-first branch and bound on the relaxation, branching on the most fractional integer variable.
    interface Node {
      rows: Mip['rows'];
      lb: number;
      values: Float64Array;
    }
    const open: Node[] = [];
    if (root.feasible && rootCheck.ok) open.push({ rows: [], lb: bound, values: root.values });
    let nodes = 0;
    while (open.length > 0 && nodes < MAX_NODES) {
      open.sort((a, b) => a.lb - b.lb);
      const node = open.shift()!;
      if (closed(node.lb)) {
        open.length = 0;
        break;
      }
      let j = -1;
      let frac = EPS;
      for (let k = 0; k < nInt; k++) {
        const f = Math.abs(node.values[k]! - Math.round(node.values[k]!));
        if (f > frac) {
          frac = f;
          j = k;
        }
      }
      if (j < 0) {
        const c = checkMip({ ...mip, rows: [...mip.rows, ...node.rows] }, node.values);
        if (c.ok && c.objective < bestObj) {
          bestObj = c.objective;
          best = c.rounded;
        }
        continue;
      }
      const v = node.values[j]!;
      for (const extra of [
        { name: `b${nodes}lo`, terms: [[j, 1]] as Array<[number, number]>, hi: Math.floor(v) },
        { name: `b${nodes}hi`, terms: [[j, 1]] as Array<[number, number]>, lo: Math.ceil(v) },
      ]) {
        const rows = [...node.rows, extra];
        const sub = {
          ...mip,
          vars: mip.vars.map((x) => ({ ...x, integer: false })),
          rows: [...mip.rows, ...rows],
        };
        const lp = solveWithJsLpSolver(sub, { relax: true });
        solves++;
        if (!lp.feasible) continue;
        const c = checkMip(sub, lp.values);
        if (!c.ok) {
          violations.push(`relaxation answer failed its check (${c.violations[0]})`);
          continue;
        }
        if (c.objective < bestObj - 1e-9) open.push({ rows, lb: c.objective, values: lp.values });
      }
      nodes++;
    }
    bound =
      open.length > 0 ? Math.min(...open.map((n) => n.lb)) : Math.min(bestObj, Number.POSITIVE_INFINITY);
  }
  return {
    best: best ? best.slice(0, nInt) : undefined,
    objective: bestObj,
    reported: mipAnswer.reported,
    bound,
    proven: best !== undefined && closed(bound) && violations.length === 0,
    integrality: check.integrality,
    solves,
    violations,
  };
}

/**
 * Names the people behind the MIP's group counts: for each move, the movable people of the group whose
 * skills best fit the destination's work and whose leaving keeps the origin's skills covered.
 */
function assignPeople(
  input: EstablishmentInput,
  qp: QuarterPoint[],
  people: Person[],
  moves: PieceSolution['moves'],
  skillNeed: Array<Map<Field, number>>,
  label: string,
): Transfer[] {
  const { points } = input;
  const out: Transfer[] = [];
  const holders = points.map(() => new Map<Field, number>());
  for (const p of people)
    for (const f of p.fields) holders[p.point]!.set(f, (holders[p.point]!.get(f) ?? 0) + 1);
  const sorted = [...moves].sort((a, b) => a.from - b.from || a.to - b.to || a.hours - b.hours);
  for (const m of sorted) {
    const dest = skillNeed[m.to]!;
    const destTotal = [...dest.values()].reduce((s, v) => s + v, 0) || 1;
    const origin = skillNeed[m.from]!;
    const score = (p: Person) => {
      let s = 0;
      for (const f of p.fields) {
        s += (dest.get(f) ?? 0) / destTotal;
        if ((origin.get(f) ?? 0) > 0 && (holders[m.from]!.get(f) ?? 0) <= 1) s -= 10;
      }
      return s;
    };
    const candidates = people
      .filter((p) => p.movable && p.point === m.from && p.commune === m.commune && p.hours === m.hours)
      .sort((a, b) => score(b) - score(a) || a.id.localeCompare(b.id));
    if (candidates.length < m.count)
      throw new Error(
        `group at ${points[m.from]!.code} has ${candidates.length} movable people; ${m.count} moves`,
      );
    for (const p of candidates.slice(0, m.count)) {
      for (const f of p.fields) {
        holders[m.from]!.set(f, (holders[m.from]!.get(f) ?? 0) - 1);
        holders[m.to]!.set(f, (holders[m.to]!.get(f) ?? 0) + 1);
      }
      p.point = m.to;
      p.movable = false;
      const from = qp[m.from]!;
      const to = qp[m.to]!;
      const skills = p.fields.filter((f) => (dest.get(f) ?? 0) > 0);
      const reason = msg('roadmap.reason', {
        from: points[m.from]!.name ?? from.code,
        to: points[m.to]!.name ?? to.code,
        spare: round(from.hours - from.need, 1),
        short: round(to.need - to.hours, 1),
        minutes: Math.round(m.minutes),
        skills: skills.length ? skills.map((f) => msg(`roadmap.field.${f}` as MessageKey)) : '—',
      });
      out.push({
        quarter: label,
        staff_id: p.id,
        name: p.name,
        from: from.code,
        to: to.code,
        minutes: round(m.minutes, 1),
        fields: [...p.fields],
        reason,
      });
    }
  }
  return out.sort((a, b) => a.from.localeCompare(b.from) || a.staff_id.localeCompare(b.staff_id));
}
