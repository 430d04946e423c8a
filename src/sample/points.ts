import { DomainError, type ErrorDetail } from '../core/errors.ts';
import { hashString, mixSeed, Random } from '../core/random.ts';
import type { OpeningHours, Point, PointType } from '../schemas/domain.ts';
import { unitNames } from './names.ts';

/**
 * One row of a unit list such as `../shared/data/hanoi-units.csv` (columns
 * `code,name,type,population,area_km2,lat,lon,source_note`), as parsed by csv-parse: numbers may still be
 * strings. Extra columns are ignored.
 */
export interface UnitRow {
  code: string;
  name: string;
  type: string;
  population: string | number;
  area_km2: string | number;
  lat: string | number;
  lon: string | number;
  source_note?: string;
}

export interface EnrichOptions {
  /** Default sessions (models/staffing.json `opening_hours`): weekday sessions for all, Saturday for some. */
  openingHours: { weekday: Array<[string, string]>; saturday: Array<[string, string]> };
  /** Number of branches (chi nhánh); default 12. */
  branches?: number;
}

/** Share of wards (by population rank) that open on Saturday morning; the smallest wards do not. */
const WARD_SATURDAY_SHARE = 0.85;
/** Share of communes (by population rank) that open on Saturday morning: the bigger ones. */
const COMMUNE_SATURDAY_SHARE = 0.4;
const DEFAULT_BRANCHES = 12;

const TYPE_WORDS: Record<string, PointType> = {
  ward: 'ward',
  commune: 'commune',
  phường: 'ward',
  xã: 'commune',
};

interface CleanUnit {
  code: string;
  name: string;
  type: PointType;
  population: number;
  area_km2: number;
  lat: number;
  lon: number;
}

function cleanUnits(rows: readonly UnitRow[]): CleanUnit[] {
  const details: ErrorDetail[] = [];
  const out: CleanUnit[] = [];
  const codes = new Set<string>();
  rows.forEach((row, i) => {
    const line = i + 2; // header is line 1
    const bad = (field: string, value: unknown, reason: string) =>
      details.push({ line, field, value, reason });
    const code = String(row.code ?? '').trim();
    if (!/^[A-Za-z0-9_-]{1,20}$/.test(code)) bad('code', row.code, 'expected 1–20 letters, digits, _ or -');
    else if (codes.has(code)) bad('code', code, 'duplicate code');
    codes.add(code);
    const name = String(row.name ?? '')
      .normalize('NFC')
      .trim();
    if (name.length === 0 || name.length > 200) bad('name', row.name, 'expected a name of 1–200 characters');
    const type =
      TYPE_WORDS[
        String(row.type ?? '')
          .normalize('NFC')
          .trim()
          .toLowerCase()
      ];
    if (!type) bad('type', row.type, 'expected ward or commune');
    const num = (field: 'population' | 'area_km2' | 'lat' | 'lon', min: number, max: number) => {
      const raw: unknown = row[field];
      const v =
        typeof raw === 'number' ? raw : raw === undefined || String(raw).trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(v) || v < min || v > max) bad(field, raw, `expected a number in [${min}, ${max}]`);
      return v;
    };
    const population = num('population', 0, 1e9);
    if (Number.isFinite(population) && !Number.isInteger(population))
      bad('population', row.population, 'expected a whole number');
    const unit = {
      code,
      name,
      type: type ?? 'commune',
      population,
      area_km2: num('area_km2', 0, 1e6),
      lat: num('lat', -90, 90),
      lon: num('lon', -180, 180),
    };
    out.push(unit);
  });
  if (rows.length === 0) details.push({ reason: 'no units' });
  if (details.length > 0)
    throw new DomainError('INPUT_INVALID', `unit list has ${details.length} invalid value(s)`, details);
  return out;
}

/** Distance in degrees of latitude, with longitude shrunk by cos(latitude) (good enough within a province). */
function planar(lat: number, lon: number, cosLat: number): [number, number] {
  return [lon * cosLat, lat];
}

/** Up to this many points the balanced assignment is solved exactly (Hungarian, O(n³)); greedy beyond. */
const EXACT_BALANCE_MAX = 600;

const sq = (a: readonly number[], b: readonly number[]) => (a[0]! - b[0]!) ** 2 + (a[1]! - b[1]!) ** 2;

/**
 * Minimum-cost assignment of rows to columns (rows ≤ columns), Hungarian algorithm with potentials
 * (Kuhn–Munkres as in e-maxx, O(rows²·columns)). Returns the column of each row.
 */
export function hungarian(cost: ArrayLike<number>, rows: number, cols: number): number[] {
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const p = new Int32Array(cols + 1);
  const way = new Int32Array(cols + 1);
  for (let i = 1; i <= rows; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(cols + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(cols + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * cols + (j - 1)]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= cols; j++) if (p[j]! > 0) out[p[j]! - 1] = j - 1;
  return out;
}

/**
 * Assigns points to centres minimising the total squared distance with sizes ⌊n/k⌋ or ⌈n/k⌉: each centre
 * has ⌊n/k⌋ mandatory slots (a large bonus makes the optimum fill them all) and one optional slot.
 */
function balancedExact(
  order: number[],
  xy: Array<[number, number]>,
  centres: Array<[number, number]>,
): number[] {
  const n = order.length;
  const k = centres.length;
  const base = Math.floor(n / k);
  const extra = n % k > 0 ? 1 : 0;
  const slotCentre: number[] = [];
  const slotBonus: number[] = [];
  for (let c = 0; c < k; c++) {
    for (let s = 0; s < base; s++) {
      slotCentre.push(c);
      slotBonus.push(1e3);
    }
    if (extra) {
      slotCentre.push(c);
      slotBonus.push(0);
    }
  }
  const m = slotCentre.length;
  const cost = new Float64Array(n * m);
  order.forEach((i, r) => {
    for (let s = 0; s < m; s++) cost[r * m + s] = sq(xy[i]!, centres[slotCentre[s]!]!) - slotBonus[s]!;
  });
  const slots = hungarian(cost, n, m);
  const assign = new Array<number>(n).fill(-1);
  order.forEach((i, r) => {
    assign[i] = slotCentre[slots[r]!]!;
  });
  return assign;
}

/** Greedy capacity-constrained assignment (points with the most to lose choose first), for large inputs. */
function balancedGreedy(
  order: number[],
  xy: Array<[number, number]>,
  centres: Array<[number, number]>,
): number[] {
  const n = order.length;
  const k = centres.length;
  const capacity = Math.ceil(n / k);
  const regret = order.map((i) => {
    const ds = centres.map((c) => sq(xy[i]!, c)).sort((a, b) => a - b);
    return { i, r: (ds[1] ?? 0) - ds[0]! };
  });
  regret.sort((a, b) => b.r - a.r || a.i - b.i);
  const load = new Array<number>(k).fill(0);
  const assign = new Array<number>(n).fill(-1);
  for (const { i } of regret) {
    let best = -1;
    for (let c = 0; c < k; c++) {
      if (load[c]! >= capacity) continue;
      if (best < 0 || sq(xy[i]!, centres[c]!) < sq(xy[i]!, centres[best]!)) best = c;
    }
    assign[i] = best;
    load[best]!++;
  }
  return assign;
}

/**
 * Groups points into `k` geographic branches of ⌊n/k⌋ or ⌈n/k⌉ points: balanced k-means on planar
 * coordinates (a deterministic farthest-first start, then each step an exact minimum-distance assignment
 * under the size limits). Branches are numbered from the population-weighted centre outwards.
 * @returns branch index (0-based, in naming order) per unit.
 */
export function assignBranches(
  units: ReadonlyArray<{ code: string; lat: number; lon: number; population: number }>,
  k: number,
): number[] {
  const n = units.length;
  const kk = Math.max(1, Math.min(k, n));
  const meanLat = units.reduce((s, u) => s + u.lat, 0) / n;
  const cosLat = Math.cos((meanLat * Math.PI) / 180);
  const xy = units.map((u) => planar(u.lat, u.lon, cosLat));
  const popTotal = units.reduce((s, u) => s + u.population, 0) || 1;
  const centre: [number, number] = [
    xy.reduce((s, p, i) => s + p[0] * (units[i]!.population || 0), 0) / popTotal,
    xy.reduce((s, p, i) => s + p[1] * (units[i]!.population || 0), 0) / popTotal,
  ];
  const d2 = (a: readonly number[], b: readonly number[]) => (a[0]! - b[0]!) ** 2 + (a[1]! - b[1]!) ** 2;
  // Ties broken by code so that the input order does not matter.
  const order = units.map((_, i) => i).sort((a, b) => (units[a]!.code < units[b]!.code ? -1 : 1));

  // Farthest-first start from the unit nearest the centre.
  const centres: Array<[number, number]> = [];
  let first = order[0]!;
  for (const i of order) if (d2(xy[i]!, centre) < d2(xy[first]!, centre)) first = i;
  centres.push([...xy[first]!] as [number, number]);
  const nearest = order.map((i) => d2(xy[i]!, centres[0]!));
  while (centres.length < kk) {
    let best = 0;
    for (let j = 1; j < order.length; j++) if (nearest[j]! > nearest[best]!) best = j;
    const p = xy[order[best]!]!;
    centres.push([p[0], p[1]]);
    for (let j = 0; j < order.length; j++) nearest[j] = Math.min(nearest[j]!, d2(xy[order[j]!]!, p));
  }

  let assign = new Array<number>(n).fill(-1);
  for (let iter = 0; iter < 50; iter++) {
    const next =
      n <= EXACT_BALANCE_MAX ? balancedExact(order, xy, centres) : balancedGreedy(order, xy, centres);
    const stable = next.every((c, i) => c === assign[i]);
    assign = next;
    for (let c = 0; c < kk; c++) {
      const members = order.filter((i) => assign[i] === c);
      if (members.length === 0) continue;
      centres[c] = [
        members.reduce((s, i) => s + xy[i]![0], 0) / members.length,
        members.reduce((s, i) => s + xy[i]![1], 0) / members.length,
      ];
    }
    if (stable) break;
  }

  // Name branches from the centre outwards (then by angle), so "Chi nhánh 1" is the urban core.
  const rank = centres
    .map((c, idx) => ({ idx, dist: d2(c, centre), angle: Math.atan2(c[1] - centre[1], c[0] - centre[0]) }))
    .sort((a, b) => a.dist - b.dist || a.angle - b.angle);
  const renumber = new Array<number>(kk);
  rank.forEach((r, pos) => {
    renumber[r.idx] = pos;
  });
  return assign.map((c) => renumber[c]!);
}

/** Branch label for a 0-based branch index. */
export function branchName(index: number): string {
  return `Chi nhánh ${index + 1}`;
}

/** Reception counters: urban wards need more per resident (2 + 1 per 45k residents, ≤ 8; communes 1.5 + 1 per 50k, ≤ 6). */
function countersFor(type: PointType, population: number): number {
  const raw = type === 'ward' ? 2 + population / 45_000 : 1.5 + population / 50_000;
  return Math.max(2, Math.min(type === 'ward' ? 8 : 6, Math.round(raw)));
}

/**
 * The fewest staff a point keeps while open: its lead and one person at the counter, a third at the big points
 * (5 or more counters). Everyone beyond may be lent to another point for the day.
 */
function minStaffFor(counters: number): number {
  return counters >= 5 ? 3 : 2;
}

/**
 * Turns unit rows into full points: NFC names, a branch (balanced geographic k-means, "Chi nhánh N"),
 * counters and minimum staff sized by population and type, weekday sessions for all and a Saturday
 * morning for most wards (the top 85% by population) and the bigger communes (top 40%). Deterministic:
 * the result does not depend on the row order except for the output order, which follows the input.
 * @throws DomainError INPUT_INVALID listing every bad value (line = row index + 2, as in a CSV with a header).
 * @example enrichUnits(rows, { openingHours: staffingModel.opening_hours })
 */
export function enrichUnits(rows: readonly UnitRow[], opts: EnrichOptions): Point[] {
  const units = cleanUnits(rows);
  const branch = assignBranches(units, opts.branches ?? DEFAULT_BRANCHES);
  const saturday = new Set<string>();
  for (const type of ['ward', 'commune'] as const) {
    const ofType = units
      .filter((u) => u.type === type)
      .sort((a, b) => b.population - a.population || (a.code < b.code ? -1 : 1));
    const share = type === 'ward' ? WARD_SATURDAY_SHARE : COMMUNE_SATURDAY_SHARE;
    for (const u of ofType.slice(0, Math.round(ofType.length * share))) saturday.add(u.code);
  }
  const copy = (s: Array<[string, string]>) => s.map(([a, b]) => [a, b] as [string, string]);
  return units.map((u, i) => {
    const counters = countersFor(u.type, u.population);
    const hours: OpeningHours = {
      weekday: copy(opts.openingHours.weekday),
      saturday: saturday.has(u.code) ? copy(opts.openingHours.saturday) : [],
    };
    return {
      code: u.code,
      name: u.name,
      type: u.type,
      branch: branchName(branch[i]!),
      lat: u.lat,
      lon: u.lon,
      population: u.population,
      area_km2: u.area_km2,
      counters,
      min_staff: minStaffFor(counters),
      opening_hours: hours,
    };
  });
}

/** Shape of the synthetic city: Hanoi since 2025-07-01 (NQ 1656; BANDO areas and populations). */
export const SYNTHETIC_CITY = {
  wards: 51,
  communes: 75,
  wardPopulation: 4_120_000,
  communePopulation: 4_690_000,
  wardAreaKm2: 407,
  communeAreaKm2: 2_953,
  core: { lat: 21.03, lon: 105.85 },
  bounds: { latMin: 20.55, latMax: 21.4, lonMin: 105.3, lonMax: 106.02 },
} as const;

/** Lognormal draws rescaled to sum to `total` (rounded to `digits` decimals; integers when digits = 0). */
function heavyTailed(rng: Random, count: number, sigma: number, total: number, min: number, digits: number) {
  const raw = Array.from({ length: count }, () => rng.lognormal(0, sigma));
  const sum = raw.reduce((s, v) => s + v, 0);
  const f = 10 ** digits;
  return raw.map((v) => Math.max(min, Math.round((v / sum) * total * f) / f));
}

/**
 * 126 synthetic units shaped like Hanoi: 51 wards packed in a dense urban core around (21.03 N, 105.85 E)
 * and 75 communes spread over a large rural belt (20.55–21.40 N, 105.30–106.02 E); ≈ 8.81 million people
 * on ≈ 3,360 km², lognormal (heavy-tailed) populations and areas, smaller wards nearer the centre.
 * Codes P001–P051 (wards) and P052–P126 (communes); names without the Phường/Xã prefix.
 * @example enrichUnits(generateSyntheticUnits(1), { openingHours })
 */
export function generateSyntheticUnits(seed: number): UnitRow[] {
  const c = SYNTHETIC_CITY;
  const rng = new Random(mixSeed(seed, hashString('synthetic-units')));
  const names = unitNames(rng, c.wards + c.communes);
  const cosLat = Math.cos((c.core.lat * Math.PI) / 180);
  const placed: Array<[number, number]> = [];
  const farEnough = (lat: number, lon: number, minDeg: number) =>
    placed.every(([a, b]) => ((a - lat) ** 2 + ((b - lon) * cosLat) ** 2) ** 0.5 >= minDeg);

  // Wards: within ~11 km of the core, at least ~0.9 km apart.
  const wardSpots: Array<{ lat: number; lon: number; r: number }> = [];
  while (wardSpots.length < c.wards) {
    const r = 0.1 * Math.sqrt(rng.uniform());
    const t = 2 * Math.PI * rng.uniform();
    const lat = c.core.lat + r * Math.sin(t);
    const lon = c.core.lon + (r * Math.cos(t)) / cosLat;
    if (!farEnough(lat, lon, 0.008)) continue;
    placed.push([lat, lon]);
    wardSpots.push({ lat, lon, r });
  }
  // Communes: anywhere in the city's bounding box outside the core, at least ~3.5 km apart.
  const communeSpots: Array<{ lat: number; lon: number; r: number }> = [];
  while (communeSpots.length < c.communes) {
    const lat = c.bounds.latMin + 0.02 + (c.bounds.latMax - c.bounds.latMin - 0.04) * rng.uniform();
    const lon = c.bounds.lonMin + 0.02 + (c.bounds.lonMax - c.bounds.lonMin - 0.04) * rng.uniform();
    const r = Math.hypot(lat - c.core.lat, (lon - c.core.lon) * cosLat);
    if (r < 0.12 || !farEnough(lat, lon, 0.032)) continue;
    placed.push([lat, lon]);
    communeSpots.push({ lat, lon, r });
  }

  const make = (
    type: PointType,
    spots: Array<{ lat: number; lon: number; r: number }>,
    pops: number[],
    areas: number[],
    offset: number,
  ): UnitRow[] => {
    // Smaller areas nearer the centre: the core is dense.
    const byRadius = spots.map((s, i) => ({ ...s, i })).sort((a, b) => a.r - b.r);
    const sortedAreas = areas.slice().sort((a, b) => a - b);
    const areaOf = new Array<number>(spots.length);
    byRadius.forEach((s, rank) => {
      areaOf[s.i] = sortedAreas[rank]!;
    });
    return spots.map((s, i) => ({
      code: `P${String(offset + i + 1).padStart(3, '0')}`,
      name: names[offset + i]!,
      type,
      population: pops[i]!,
      area_km2: areaOf[i]!,
      lat: Math.round(s.lat * 1e4) / 1e4,
      lon: Math.round(s.lon * 1e4) / 1e4,
      source_note: 'synthetic (dieuphoi sample generator)',
    }));
  };
  const wardPops = heavyTailed(rng, c.wards, 0.4, c.wardPopulation, 15_000, 0);
  const communePops = heavyTailed(rng, c.communes, 0.38, c.communePopulation, 8_000, 0);
  const wardAreas = heavyTailed(rng, c.wards, 0.7, c.wardAreaKm2, 0.8, 2);
  const communeAreas = heavyTailed(rng, c.communes, 0.45, c.communeAreaKm2, 6, 2);
  return [
    ...make('ward', wardSpots, wardPops, wardAreas, 0),
    ...make('commune', communeSpots, communePops, communeAreas, c.wards),
  ];
}

/** The synthetic units enriched into points. */
export function generateSyntheticPoints(seed: number, opts: EnrichOptions): Point[] {
  return enrichUnits(generateSyntheticUnits(seed), opts);
}
