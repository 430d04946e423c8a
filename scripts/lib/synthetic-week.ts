/**
 * Synthetic planning weeks for the optimiser benchmark: real unit lists (codes, names, coordinates,
 * population) when available, generated staff and forecast volumes shaped by the Center's Q3 2025 report (≈ 8,000 dossiers a
 * working day for Hanoi's 8.8 M people; channels 40.05 / 59.71 / 0.24 %). Deterministic for a seed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import { addDays } from '../../src/core/calendar/dates.ts';
import { CHANNELS, FIELDS, type Field, type Point, type Staff } from '../../src/schemas/domain.ts';
import type { StaffingModel } from '../../src/schemas/models.ts';
import type { ForecastRow, LeaveSpan } from '../../src/schemas/plan.ts';
import { mulberry32 } from './mulberry32.ts';

export interface Unit {
  code: string;
  name: string;
  type: 'ward' | 'commune';
  province: string;
  population: number;
  area_km2: number;
  lat: number;
  lon: number;
}

/** Standard normal by Box–Muller. */
function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** `shared/data/<file>` next to the repository or one of its ancestors (worktrees live deeper). */
export function findSharedData(file: string, from = process.cwd()): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const p = join(dir, 'shared', 'data', file);
    if (existsSync(p)) return p;
    if (dirname(dir) === dir) return undefined;
  }
}

export function readUnits(path: string): Unit[] {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  return rows.map((r) => ({
    code: r.code!,
    name: r.name!,
    type: r.type === 'ward' ? 'ward' : 'commune',
    province: r.province_code ?? '01',
    population: r.population ? Number(r.population) : Number.NaN,
    area_km2: Number(r.area_km2 || 0),
    lat: Number(r.lat),
    lon: Number(r.lon),
  }));
}

/**
 * SOURCES.md caveat 1: about 10% of BANDO populations lost their trailing zeros (10× to 1,000× too small).
 * A value under 1/8 of its province's median is multiplied by 10 until it is not (at most 3 times); a
 * missing value takes the province median. Returns how many values were changed.
 */
export function repairPopulation(units: Unit[]): number {
  const byProvince = new Map<string, number[]>();
  for (const u of units)
    if (Number.isFinite(u.population))
      byProvince.set(u.province, [...(byProvince.get(u.province) ?? []), u.population]);
  const median = new Map<string, number>();
  for (const [p, v] of byProvince) {
    // The upper middle value: simple-statistics' median averages the two middle values of an even count,
    // which would change the repaired populations and so the benchmark's figures.
    const s = [...v].sort((a, b) => a - b);
    median.set(p, s[Math.floor(s.length / 2)]!);
  }
  let changed = 0;
  for (const u of units) {
    const m = median.get(u.province) ?? 30_000;
    if (!Number.isFinite(u.population)) {
      u.population = m;
      changed++;
      continue;
    }
    let k = 0;
    while (u.population < m / 8 && k < 3) {
      u.population *= 10;
      k++;
    }
    if (k > 0) changed++;
  }
  return changed;
}

/** 126 made-up units around Hanoi (used when the real list is absent). */
export function generatedUnits(n: number, seed: number, center = { lat: 21.0, lon: 105.8 }): Unit[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const urban = i < n * 0.4;
    const radius = urban ? 0.08 * Math.sqrt(r()) : 0.1 + 0.35 * Math.sqrt(r());
    const angle = 2 * Math.PI * r();
    return {
      code: `G${String(i + 1).padStart(4, '0')}`,
      name: `Unit ${i + 1}`,
      type: urban ? 'ward' : 'commune',
      province: '01',
      population: Math.round((urban ? 90_000 : 50_000) * Math.exp(0.4 * normal(r))),
      area_km2: urban ? 3 : 40,
      lat: center.lat + radius * Math.sin(angle),
      lon: center.lon + radius * Math.cos(angle),
    };
  });
}

// Field mix of dossiers (assumed; civil status and certification dominate at ward level).
const FIELD_SHARE: Record<Field, number> = {
  land: 0.15,
  social_policy: 0.12,
  civil_status: 0.3,
  certification: 0.25,
  business_household: 0.08,
  construction: 0.03,
  other: 0.07,
};
const CHANNEL_SHARE = { in_person: 0.4005, online: 0.5971, postal: 0.0024 };

export interface SyntheticWeek {
  points: Point[];
  staff: Staff[];
  forecast: ForecastRow[];
  leave: LeaveSpan[];
}

/**
 * A week of points, staff, forecast and leave. Demand follows population with a per-point imbalance
 * (log-normal, sd 0.35) and staff follow population with an independent one (sd 0.25), so some points are
 * overloaded and others have slack — the situation the one-tier model addresses.
 */
export function syntheticWeek(
  units: ReadonlyArray<Unit>,
  opts: {
    seed: number;
    monday: string;
    staffTotal: number;
    dossiersPerWorkday: number;
    staffing: StaffingModel;
    calendar: WorkCalendar;
    leaveRate?: number;
    /** log-normal sd of the per-point demand and staffing factors (default 0.35 and 0.25) */
    demandSd?: number;
    staffSd?: number;
  },
): SyntheticWeek {
  const r = mulberry32(opts.seed);
  const hours = opts.staffing.opening_hours;
  const points: Point[] = units.map((u) => ({
    code: u.code,
    name: u.name,
    type: u.type,
    branch: u.province,
    lat: u.lat,
    lon: u.lon,
    population: Math.round(u.population),
    area_km2: u.area_km2,
    counters: 4,
    min_staff: 2,
    opening_hours: hours as Point['opening_hours'],
  }));
  const pop = units.reduce((s, u) => s + u.population, 0);
  const dSd = opts.demandSd ?? 0.35;
  const sSd = opts.staffSd ?? 0.25;
  const demandFactor = units.map(() => Math.exp(dSd * normal(r) - (dSd * dSd) / 2));
  const staffFactor = units.map(() => Math.exp(sSd * normal(r) - (sSd * sSd) / 2));

  // Staff by largest remainder, at least 3 per point; the first of each point is its lead.
  const want = units.map((u, i) => Math.max(3, (opts.staffTotal * u.population * staffFactor[i]!) / pop));
  const scale = opts.staffTotal / want.reduce((s, v) => s + v, 0);
  const counts = want.map((w) => Math.max(3, Math.floor(w * scale)));
  let left = opts.staffTotal - counts.reduce((s, v) => s + v, 0);
  const order = want
    .map((w, i) => [w * scale - Math.floor(w * scale), i] as const)
    .sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0 && order.length > 0; k = (k + 1) % order.length, left--) counts[order[k]![1]]!++;
  const staff: Staff[] = [];
  units.forEach((u, i) => {
    for (let k = 0; k < counts[i]!; k++) {
      const fields = new Set<Field>();
      const nf = 2 + Math.floor(r() * 2);
      while (fields.size < nf) fields.add(FIELDS[Math.floor(r() * FIELDS.length)]!);
      staff.push({
        id: `${u.code}-${String(k + 1).padStart(2, '0')}`,
        name: `Cán bộ ${u.code}-${k + 1}`,
        home_point: u.code,
        fields: [...fields],
        fte: 1,
        role: k === 0 ? 'point_lead' : 'staff',
        active: true,
      });
    }
  });

  // Forecast: weekday factors of the staffing model, normalised over Monday–Friday.
  const wf = opts.staffing.intraday_profile.weekday_factor;
  const wfMean = (wf[0]! + wf[1]! + wf[2]! + wf[3]! + wf[4]!) / 5;
  const forecast: ForecastRow[] = [];
  for (let d = 0; d < 7; d++) {
    const date = addDays(opts.monday, d);
    if (!opts.calendar.isWorkday(date) && !(d === 5 && opts.calendar.kind(date) === 'weekend')) continue;
    units.forEach((u, i) => {
      const total = (opts.dossiersPerWorkday * u.population * demandFactor[i]! * wf[d]!) / (pop * wfMean);
      for (const channel of CHANNELS)
        for (const field of FIELDS) {
          const mean = total * CHANNEL_SHARE[channel] * FIELD_SHARE[field];
          if (mean < 1e-3) continue;
          forecast.push({
            date,
            point: u.code,
            channel,
            field,
            mean: Math.round(mean * 1000) / 1000,
            quantiles: { p90: Math.round((mean + 1.2816 * Math.sqrt(mean)) * 1000) / 1000 },
          });
        }
    });
  }
  const leave: LeaveSpan[] = [];
  const rate = opts.leaveRate ?? 0.04;
  for (const s of staff)
    if (r() < rate) {
      const from = addDays(opts.monday, Math.floor(r() * 5));
      leave.push({ staff_id: s.id, from, to: addDays(from, Math.floor(r() * 3)), reason: 'nghỉ phép' });
    }
  return { points, staff, forecast, leave };
}
