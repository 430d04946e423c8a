/**
 * Where in-person citizens file: a multinomial logit over their own point (the competent unit of their
 * dossier) and the nearest other points, by travel time (core/optimize/travel.ts, the one travel formula)
 * and expected counter wait. Boundary-free filing ("không phụ thuộc địa giới hành chính", Hanoi city-wide
 * for commune procedures from November 2025) lets a citizen file at any point. Pure.
 *
 * Utilities for a citizen of point a: V_a = ASC_a − β_w·W_a; V_j = −β_t·T_aj − β_w·W_j for the `neighbours`
 * nearest other points within `max_minutes`. ASC_a is solved so that with no wait information (W = 0) the
 * share filing away from a is `away_share` (from the register where it exists: {@link awayShareFromRegister}):
 * e^ASC_a = (1 − s)/s · Σ_j e^(−β_t·T_aj).
 */
import type { SimulationPoint } from '../../schemas/simulate.ts';
import { travelMinutesFormula } from '../optimize/travel.ts';
import { erlangC } from '../staffing/erlang-c.ts';

export interface ChoiceParams {
  /** share of in-person citizens filing at a point other than their own when waits are not known */
  away_share: number;
  /** disutility per minute of expected counter wait */
  wait_per_min: number;
  /** disutility per minute of (one-way) travel to another point */
  travel_per_min: number;
  /** other points a citizen considers: the nearest ones, at most this many… */
  neighbours: number;
  /** …within this many travel minutes */
  max_minutes: number;
  /** citizens' travel: t = 60 · detour · haversine_km / speed_kmh */
  speed_kmh: number;
  detour: number;
  /** longest expected wait a point can show (an overloaded point's queue grows without bound) */
  max_wait_min: number;
}

/**
 * The documented default (docs/simulate.md): 12% of in-person dossiers filed away from their competent unit
 * (the sample register's assumption, src/sample/register.ts: no official figure is published); travel and
 * wait weigh alike, 0.1 per minute (a point 10 minutes further is e^−1 ≈ 0.37 as attractive, an assumption
 * in the range of value-of-time studies that price waiting at or above in-vehicle time); the 6 nearest points
 * within 45 minutes at 25 km/h with a 1.3 detour (models/optimize.json's travel settings for staff).
 */
export const DEFAULT_CHOICE: ChoiceParams = {
  away_share: 0.12,
  wait_per_min: 0.1,
  travel_per_min: 0.1,
  neighbours: 6,
  max_minutes: 45,
  speed_kmh: 25,
  detour: 1.3,
  max_wait_min: 120,
};

/** The alternatives of each point: itself first, then its nearest located neighbours with travel minutes. */
export interface ChoiceSet {
  /** alternatives of point a: alt[a] = [a, j1, j2, …] (point indices) */
  alt: number[][];
  /** travel minutes to each alternative (0 for a itself) */
  minutes: number[][];
  /** e^ASC_a */
  expAsc: number[];
}

/** The choice sets of points (points without coordinates have none but themselves). */
export function choiceSet(
  points: ReadonlyArray<Pick<SimulationPoint, 'code' | 'lat' | 'lon'>>,
  prm: ChoiceParams = DEFAULT_CHOICE,
): ChoiceSet {
  const alt: number[][] = [];
  const minutes: number[][] = [];
  const expAsc: number[] = [];
  points.forEach((a, ai) => {
    const near: Array<[number, number]> = [];
    if (a.lat !== undefined && a.lon !== undefined)
      points.forEach((b, bi) => {
        if (bi === ai || b.lat === undefined || b.lon === undefined) return;
        const t = travelMinutesFormula({ lat: a.lat!, lon: a.lon! }, { lat: b.lat, lon: b.lon }, prm);
        if (t <= prm.max_minutes) near.push([bi, t]);
      });
    near.sort((x, y) => x[1] - y[1] || x[0] - y[0]);
    const kept = near.slice(0, prm.neighbours);
    alt.push([ai, ...kept.map((k) => k[0])]);
    minutes.push([0, ...kept.map((k) => k[1])]);
    const sum = kept.reduce((s, k) => s + Math.exp(-prm.travel_per_min * k[1]), 0);
    const s = Math.min(Math.max(prm.away_share, 1e-9), 1 - 1e-9);
    expAsc.push(sum > 0 ? ((1 - s) / s) * sum : 1);
  });
  return { alt, minutes, expAsc };
}

/**
 * Shares of the citizens of point `a` filing at each alternative (same order as `set.alt[a]`), given the
 * expected wait at every point (`waitMin[j]`, minutes; undefined = not known, counted as 0). `open[j] = false`
 * removes an alternative (a closed point); when a's own point and all its neighbours are closed, the shares
 * are all 0 (the citizens are turned away).
 * @example choiceShares(set, 0, [0, 0, 0]) // [0.88, …] with the default 12% away share
 */
export function choiceShares(
  set: ChoiceSet,
  a: number,
  waitMin?: ArrayLike<number>,
  open?: ArrayLike<boolean | number>,
  prm: ChoiceParams = DEFAULT_CHOICE,
): number[] {
  const alt = set.alt[a]!;
  const mins = set.minutes[a]!;
  const u = alt.map((j, k) => {
    if (open && !open[j]) return 0;
    const w = waitMin ? Math.min(prm.max_wait_min, waitMin[j] ?? 0) : 0;
    const base = k === 0 ? set.expAsc[a]! : Math.exp(-prm.travel_per_min * mins[k]!);
    return base * Math.exp(-prm.wait_per_min * w);
  });
  const total = u.reduce((s, x) => s + x, 0);
  return total > 0 ? u.map((x) => x / total) : u.map(() => 0);
}

/**
 * Expected counter wait (minutes, arrival-weighted over the day's hour pieces) of `arrivals` citizens at
 * `servers` counters: Erlang C's mean wait C·AHT/(N − A) in each piece, capped at `maxWaitMin` when the piece
 * is overloaded (N ≤ A).
 * @example expectedWaitMin(120, 10, 3, seg) // minutes
 */
export function expectedWaitMin(
  arrivals: number,
  ahtMin: number,
  servers: number,
  seg: { a: ArrayLike<number>; b: ArrayLike<number>; w: ArrayLike<number> },
  maxWaitMin = DEFAULT_CHOICE.max_wait_min,
): number {
  if (arrivals <= 0 || ahtMin <= 0) return 0;
  if (servers < 1) return maxWaitMin;
  let wsum = 0;
  for (let s = 0; s < seg.w.length; s++) wsum += seg.w[s]!;
  if (wsum <= 0) return 0;
  let total = 0;
  for (let s = 0; s < seg.w.length; s++) {
    const len = seg.b[s]! - seg.a[s]!;
    if (len <= 0 || seg.w[s]! <= 0) continue;
    const share = seg.w[s]! / wsum;
    const load = ((arrivals * share) / len) * ahtMin;
    const w = load >= servers ? maxWaitMin : (erlangC(servers, load) * ahtMin) / (servers - load);
    total += share * Math.min(maxWaitMin, w);
  }
  return total;
}

/**
 * The share of in-person dossiers filed away from their competent unit, from register rows (per competent
 * unit and overall); `undefined` without in-person rows.
 */
export function awayShareFromRegister(
  rows: Iterable<{ channel: string; receiving_point: string; competent_unit: string }>,
): { overall: number; byUnit: Record<string, number> } | undefined {
  const tot = new Map<string, [number, number]>();
  let n = 0;
  let away = 0;
  for (const r of rows) {
    if (r.channel !== 'in_person') continue;
    const t = tot.get(r.competent_unit) ?? [0, 0];
    t[0]++;
    n++;
    if (r.receiving_point !== r.competent_unit) {
      t[1]++;
      away++;
    }
    tot.set(r.competent_unit, t);
  }
  if (n === 0) return undefined;
  return {
    overall: away / n,
    byUnit: Object.fromEntries([...tot].map(([u, [a, b]]) => [u, b / a])),
  };
}
