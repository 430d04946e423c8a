import type { TravelSettings } from '../../schemas/optimize.ts';

const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

/**
 * Great-circle distance in km (haversine, Earth radius 6371 km).
 * @example haversineKm(21.0285, 105.8542, 10.7769, 106.7009) // ≈ 1,138 (Hanoi – Saigon)
 */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Travel minutes t(q,p) = 60 · detour · haversine_km / speed_kmh. */
export function travelMinutesFormula(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
  travel: Pick<TravelSettings, 'speed_kmh' | 'detour'>,
): number {
  return (60 * travel.detour * haversineKm(a.lat, a.lon, b.lat, b.lon)) / travel.speed_kmh;
}

export interface TravelMatrix {
  n: number;
  /** minutes[q * n + p], one way from q to p */
  minutes: Float64Array;
  /** allowed moves as parallel lists (q ≠ p, minutes ≤ max_minutes), grouped by q */
  fromIdx: Int32Array;
  toIdx: Int32Array;
}

/**
 * Travel minutes between all points, with overrides (`{from: {to: minutes}}`; a pair listed one way applies
 * both ways unless the reverse is listed), and the list of allowed moves.
 */
export function travelMatrix(
  points: ReadonlyArray<{ id: string; lat: number; lon: number }>,
  travel: TravelSettings,
  overrides: Record<string, Record<string, number>> = {},
): TravelMatrix {
  const n = points.length;
  const index = new Map(points.map((p, i) => [p.id, i]));
  const minutes = new Float64Array(n * n);
  const maxLat = travel.max_minutes > 0 ? (travel.max_minutes * travel.speed_kmh) / 60 / travel.detour : 0;
  // Cheap pre-filter: 1° of latitude ≈ 111.2 km, so pairs further apart in latitude cannot be allowed.
  const latSpan = maxLat / 111.19 + 1e-9;
  for (let q = 0; q < n; q++) {
    const a = points[q]!;
    for (let p = 0; p < n; p++) {
      if (p === q) continue;
      const b = points[p]!;
      minutes[q * n + p] =
        Math.abs(a.lat - b.lat) > latSpan ? Number.POSITIVE_INFINITY : travelMinutesFormula(a, b, travel);
    }
  }
  const setPair = (q: number, p: number, v: number) => {
    minutes[q * n + p] = v;
  };
  for (const [from, tos] of Object.entries(overrides)) {
    const q = index.get(from);
    if (q === undefined) continue;
    for (const [to, v] of Object.entries(tos)) {
      const p = index.get(to);
      if (p === undefined || p === q) continue;
      setPair(q, p, v);
      if (overrides[to]?.[from] === undefined) setPair(p, q, v);
    }
  }
  const fromIdx: number[] = [];
  const toIdx: number[] = [];
  for (let q = 0; q < n; q++)
    for (let p = 0; p < n; p++)
      if (p !== q && minutes[q * n + p]! <= travel.max_minutes) {
        fromIdx.push(q);
        toIdx.push(p);
      }
  return { n, minutes, fromIdx: Int32Array.from(fromIdx), toIdx: Int32Array.from(toIdx) };
}
