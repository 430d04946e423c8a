/**
 * One quarter of the establishment roadmap as a MIP: which movable people (grouped by current point, home
 * commune and hours a day) go to which point.
 *
 *   y[g,r] ∈ ℤ≥0   people of group g transferred to point r (r within the travel limit of g's home commune)
 *   d[p]   ≥ 0    staff-hours a day of point p's work its own staff cannot do after the transfers
 *   min  w_def·Σ d[p] + Σ (w_transfer + w_min·minutes[g,r])·y[g,r]
 *   s.t. Σ_r y[g,r] ≤ n[g]                                     (people in the group)
 *        d[p] + Σ_in h·y − Σ_out h·y ≥ need[p] − hours[p]       (deficit)
 *        Σ_in y − Σ_out y ≥ min(0, min_staff[p] − head[p])      (no point below its minimum, none falls further)
 *        Σ_in y + Σ_out y ≤ M                                   (per point)
 *        Σ y ≤ N                                                (per quarter)
 *        d[p] + r·(Σ_in y − Σ_out y) ≥ r·(a + 1)                 (hull cut, equal hours; see below)
 */
import type { Mip, MipRow, MipVar } from './mip.ts';

export interface QuarterPoint {
  code: string;
  /** staff-hours a day of work (all work types and skills) */
  need: number;
  /** staff-hours a day of its current staff */
  hours: number;
  /** active head count */
  head: number;
  min_staff: number;
}

export interface MoveGroup {
  /** index into the quarter's points */
  from: number;
  home_commune: string;
  hours: number;
  /** people of the group who may be transferred */
  count: number;
  /** allowed destinations: point index and travel minutes from the home commune */
  to: Array<{ point: number; minutes: number }>;
}

export interface QuarterModel {
  mip: Mip;
  /** per y variable: group index and destination point index */
  arcs: Array<{ group: number; to: number; minutes: number }>;
  /** index of d[p] per point */
  deficitVar: number[];
}

export interface QuarterWeights {
  deficit_hour: number;
  transfer: number;
  travel_minute: number;
}

/** Builds the MIP of one piece (points and groups of one branch or component) with caps N and M. */
export function quarterMip(
  points: ReadonlyArray<QuarterPoint>,
  groups: ReadonlyArray<MoveGroup>,
  caps: { total: number; perPoint: number },
  weights: QuarterWeights,
): QuarterModel {
  const vars: MipVar[] = [];
  const arcs: QuarterModel['arcs'] = [];
  const inTerms = points.map(() => [] as Array<[number, number]>);
  const outTerms = points.map(() => [] as Array<[number, number]>);
  const rows: MipRow[] = [];
  groups.forEach((g, gi) => {
    const supply: Array<[number, number]> = [];
    for (const t of g.to) {
      const j = vars.length;
      vars.push({
        name: `y${gi}_${t.point}`,
        cost: weights.transfer + weights.travel_minute * t.minutes,
        integer: true,
      });
      arcs.push({ group: gi, to: t.point, minutes: t.minutes });
      supply.push([j, 1]);
      inTerms[t.point]!.push([j, g.hours]);
      outTerms[g.from]!.push([j, g.hours]);
    }
    if (supply.length) rows.push({ name: `s${gi}`, terms: supply, hi: g.count });
  });
  const nY = vars.length;
  const deficitVar = points.map((p, i) => {
    vars.push({ name: `d${i}`, cost: weights.deficit_hour, integer: false });
    const terms: Array<[number, number]> = [[vars.length - 1, 1], ...inTerms[i]!];
    for (const [j, h] of outTerms[i]!) terms.push([j, -h]);
    rows.push({ name: `c${i}`, terms, lo: p.need - p.hours });
    return vars.length - 1;
  });
  // Convex-hull cut of the deficit: when every person who may enter or leave p gives the same hours H, the
  // deficit is max(0, D − k·H) for an integer net inflow k; the line through k = a and a + 1 (a = ⌊D/H⌋) is
  // valid at every integer k and makes the LP's deficit the interpolation at integers (a tight relaxation).
  points.forEach((p, i) => {
    const hoursSet = new Set([...inTerms[i]!, ...outTerms[i]!].map(([, h]) => h));
    if (hoursSet.size !== 1) return;
    const H = [...hoursSet][0]!;
    const D = p.need - p.hours;
    const a = Math.floor(D / H);
    const rest = D - a * H;
    if (rest <= 1e-9 || rest >= H - 1e-9) return;
    const terms: Array<[number, number]> = [[deficitVar[i]!, 1]];
    for (const [j] of inTerms[i]!) terms.push([j, rest]);
    for (const [j] of outTerms[i]!) terms.push([j, -rest]);
    rows.push({ name: `h${i}`, terms, lo: rest * (a + 1) });
  });
  points.forEach((p, i) => {
    const moves = [...inTerms[i]!.map(([j]) => j), ...outTerms[i]!.map(([j]) => j)];
    if (moves.length === 0) return;
    const net: Array<[number, number]> = [
      ...inTerms[i]!.map(([j]): [number, number] => [j, 1]),
      ...outTerms[i]!.map(([j]): [number, number] => [j, -1]),
    ];
    if (outTerms[i]!.length) rows.push({ name: `m${i}`, terms: net, lo: Math.min(0, p.min_staff - p.head) });
    if (moves.length > caps.perPoint)
      rows.push({ name: `t${i}`, terms: moves.map((j): [number, number] => [j, 1]), hi: caps.perPoint });
  });
  if (nY > caps.total)
    rows.push({
      name: 'N',
      terms: Array.from({ length: nY }, (_, j): [number, number] => [j, 1]),
      hi: caps.total,
    });
  return { mip: { vars, rows, constant: 0 }, arcs, deficitVar };
}

/**
 * Objective of given transfers recomputed from scratch (deficits from hours, not from the solver's d):
 * what the roadmap reports and what a solver's answer must match.
 */
export function quarterObjective(
  points: ReadonlyArray<QuarterPoint>,
  groups: ReadonlyArray<MoveGroup>,
  moves: ReadonlyArray<{ group: number; to: number; minutes: number; count: number }>,
  weights: QuarterWeights,
): { objective: number; deficit: number; transfers: number } {
  const hours = points.map((p) => p.hours);
  let cost = 0;
  let transfers = 0;
  for (const m of moves) {
    const g = groups[m.group]!;
    hours[g.from]! -= g.hours * m.count;
    hours[m.to]! += g.hours * m.count;
    cost += (weights.transfer + weights.travel_minute * m.minutes) * m.count;
    transfers += m.count;
  }
  const deficit = points.reduce((s, p, i) => s + Math.max(0, p.need - hours[i]!), 0);
  return { objective: weights.deficit_hour * deficit + cost, deficit, transfers };
}
