import { DomainError } from '../core/errors.ts';
import { hashString, mixSeed, Random } from '../core/random.ts';
import { FIELDS, type Field, type Point, type PointType, type Staff } from '../schemas/domain.ts';
import { personName } from './names.ts';

export interface StaffOptions {
  /** total head count to distribute (default 1,500, Hanoi's scale) */
  total?: number;
}

/** How often a person holds each field (FIELDS order): land and civil status are the commonest skills. */
const SKILL_WEIGHT: Record<PointType, readonly number[]> = {
  ward: [2.5, 2, 2.8, 2.4, 1.6, 0.9, 1.4],
  commune: [3.5, 2.4, 2.6, 2, 0.9, 0.9, 1.3],
};
const PART_TIME_FTE = [0.5, 0.6, 0.7, 0.8];
const PART_TIME_SHARE = 0.12;
const INACTIVE_SHARE = 0.02;

/**
 * Head counts proportional to load with a floor per point: points below their floor get the floor and the
 * rest is shared again among the others (largest remainders for rounding). Σ = max(total, Σ floors).
 */
function allocate(weights: number[], floors: number[], total: number): number[] {
  const n = weights.length;
  const fixed = new Array<boolean>(n).fill(false);
  let quotas = new Array<number>(n).fill(0);
  for (;;) {
    const left = total - floors.reduce((s, f, i) => s + (fixed[i] ? f : 0), 0);
    const w = weights.reduce((s, v, i) => s + (fixed[i] ? 0 : v), 0);
    quotas = weights.map((v, i) => (fixed[i] ? floors[i]! : w > 0 ? (left * v) / w : floors[i]!));
    let changed = false;
    quotas.forEach((q, i) => {
      if (!fixed[i] && q < floors[i]!) {
        fixed[i] = true;
        changed = true;
      }
    });
    if (!changed) break;
  }
  const counts = quotas.map((q, i) => Math.max(floors[i]!, Math.floor(q)));
  let missing = total - counts.reduce((s, v) => s + v, 0);
  const order = quotas.map((q, i) => ({ i, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; missing > 0 && k < order.length; k++, missing--) counts[order[k]!.i]!++;
  return counts;
}

/**
 * About `total` (default 1,500) staff sized by each point's expected workload, with at least min_staff + 1
 * per point; exactly one point lead (điểm trưởng) per point, always active and full-time; 2–4 fields each
 * (leads 3–4), every field held by at least one active person at each point; FTE mostly 1 (≈12% at
 * 0.5–0.8); ≈2% inactive; Vietnamese names (NFC). Ids `S00001`… in point order. Deterministic for a seed.
 * @param loadByPoint minutes of work per working day by point code (e.g. `expectedLoadByPoint`)
 * @throws DomainError INPUT_INVALID when a point has no load.
 * @example generateStaff(points, { P001: 5400, … }, 1)
 */
export function generateStaff(
  points: readonly Point[],
  loadByPoint: Readonly<Record<string, number>>,
  seed: number,
  opts: StaffOptions = {},
): Staff[] {
  const missing = points.filter((p) => !(Number.isFinite(loadByPoint[p.code]) && loadByPoint[p.code]! >= 0));
  if (missing.length > 0)
    throw new DomainError(
      'INPUT_INVALID',
      `no workload for ${missing.length} point(s), e.g. ${missing[0]!.code}`,
      missing.map((p) => ({ field: 'loadByPoint', value: p.code, reason: 'missing or negative load' })),
    );
  const floors = points.map((p) => Math.max(2, p.min_staff + 1));
  const counts = allocate(
    points.map((p) => loadByPoint[p.code]!),
    floors,
    opts.total ?? 1500,
  );
  const out: Staff[] = [];
  points.forEach((p, pi) => {
    const rng = new Random(mixSeed(seed, hashString(p.code), 11));
    const n = counts[pi]!;
    const weights = SKILL_WEIGHT[p.type];
    const people = Array.from({ length: n }, (_, k) => {
      const lead = k === 0;
      const size = lead ? 3 + rng.int(2) : 2 + rng.weightedIndex([0.35, 0.4, 0.25]);
      const chosen = new Set<number>();
      while (chosen.size < size) chosen.add(rng.weightedIndex(weights));
      const partTime = !lead && rng.uniform() < PART_TIME_SHARE;
      return {
        name: personName(rng),
        fields: chosen,
        fte: partTime ? rng.pick(PART_TIME_FTE) : 1,
        lead,
        active: true,
      };
    });
    // Inactive people (left, long leave) without going under min_staff + 1 active.
    let active = n;
    for (const person of people) {
      if (person.lead || active <= floors[pi]!) continue;
      if (rng.uniform() < INACTIVE_SHARE) {
        person.active = false;
        active--;
      }
    }
    // Every field covered by an active person: give a missing field to whoever holds the fewest
    // (replacing a field somebody else also covers when everybody already has four).
    for (let f = 0; f < FIELDS.length; f++) {
      const act = people.filter((q) => q.active);
      if (act.some((q) => q.fields.has(f))) continue;
      const holders = (g: number) => act.filter((q) => q.fields.has(g)).length;
      const target = act.slice().sort((a, b) => a.fields.size - b.fields.size)[0]!;
      if (target.fields.size >= 4) {
        const spare = [...target.fields].find((g) => holders(g) > 1);
        if (spare !== undefined) target.fields.delete(spare);
      }
      target.fields.add(f);
    }
    for (const person of people) {
      out.push({
        id: `S${String(out.length + 1).padStart(5, '0')}`,
        name: person.name,
        home_point: p.code,
        fields: [...person.fields].sort((a, b) => a - b).map((f) => FIELDS[f]! as Field),
        fte: person.fte,
        role: person.lead ? 'point_lead' : 'staff',
        active: person.active,
      });
    }
  });
  return out;
}

/** Share of points whose inherited establishment is only the minimum (min_staff + 1): a handful. */
const UNDER_ESTABLISHED_SHARE = 0.04;
/** They are drawn among the busiest tenth of points by workload. */
const UNDER_ESTABLISHED_POOL = 0.1;

/**
 * The points whose inherited establishment predates their load: a handful (4% of points, 5 of Hanoi's 126) drawn
 * among the busiest tenth by workload — new urban areas in fast-growing peri-urban communes, wards that took
 * over the district's procedures on 2025-07-01 — staffed for the small old units they were made of. Sorted codes.
 * @example underEstablishedPoints(points, minutesByPoint, seed) // ['P022', 'P042', …]
 */
export function underEstablishedPoints(
  points: readonly Point[],
  minutesByPoint: Readonly<Record<string, number>>,
  seed: number,
): string[] {
  const n = Math.round(points.length * UNDER_ESTABLISHED_SHARE);
  if (n === 0) return [];
  const busiest = points
    .map((p) => ({ code: p.code, load: minutesByPoint[p.code] ?? 0 }))
    .sort((a, b) => b.load - a.load || (a.code < b.code ? -1 : 1))
    .slice(0, Math.max(n, Math.round(points.length * UNDER_ESTABLISHED_POOL)))
    .map((p) => p.code);
  return new Random(mixSeed(seed, 13)).shuffle(busiest).slice(0, n).sort();
}

/**
 * Head-count weights of the staff the points inherited on 2025-07-01. Under the two-tier model staff followed
 * the old units' establishment (roughly population), not the dossiers — wards receive about 1.5× more
 * dossiers per resident than communes — so the merged points start unevenly loaded: the imbalance the
 * Center's report describes and the one-tier reallocation is meant to absorb. The weight blends population
 * (70%) with the real workload (30%), with a ±25% (lognormal σ 0.25) establishment noise per point. The
 * `underEstablishedPoints` get weight 0, i.e. only their floor (min_staff + 1): too few for their counters
 * at peaks, the local overload the report describes, and where the weekly plan sends staff.
 * @example generateStaff(points, inheritedStaffWeights(points, minutesByPoint, seed), seed)
 */
export function inheritedStaffWeights(
  points: readonly Point[],
  minutesByPoint: Readonly<Record<string, number>>,
  seed: number,
): Record<string, number> {
  const totalPop = points.reduce((s, p) => s + p.population, 0) || 1;
  const totalMin = points.reduce((s, p) => s + (minutesByPoint[p.code] ?? 0), 0) || 1;
  const under = new Set(underEstablishedPoints(points, minutesByPoint, seed));
  const out: Record<string, number> = {};
  for (const p of points) {
    const rng = new Random(mixSeed(seed, hashString(p.code), 7));
    const noise = Math.exp(0.25 * rng.normal());
    out[p.code] = under.has(p.code)
      ? 0
      : (0.7 * (p.population / totalPop) + 0.3 * ((minutesByPoint[p.code] ?? 0) / totalMin)) *
        noise *
        totalMin;
  }
  return out;
}
