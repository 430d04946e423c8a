import { FIELDS, type Field } from '../../schemas/domain.ts';
import type { DemandRow, ProblemFile } from '../../schemas/simulate.ts';
import { WorkCalendar } from '../calendar/calendar.ts';
import { DomainError, type ErrorDetail } from '../errors.ts';
import { maxLoadForAgents } from '../staffing/erlang-c.ts';
import { daySegments, type SimulationModels, type SimulationSetup } from './prepare.ts';

/**
 * Assumed field mix of dossiers (no public split by field; DESIGN.md only says overdue cases concentrate
 * in land and social policy). Used to turn a problem file's staff-days back into dossiers.
 */
export const DEFAULT_FIELD_MIX: Record<Field, number> = {
  certification: 0.3,
  civil_status: 0.22,
  social_policy: 0.15,
  land: 0.12,
  business_household: 0.08,
  construction: 0.03,
  other: 0.1,
};

/** Postal share of remote (online + postal) dossiers: 1,278 / (317,199 + 1,278), Q3 2025 report. */
export const POSTAL_SHARE_OF_REMOTE = 1278 / (317199 + 1278);

export interface Move {
  day: string;
  from: string;
  to: string;
  staff: number;
  minutes: number;
}

export interface ProblemOptions {
  /** Coefficient of variation of the daily volumes (forecast uncertainty), default 0.1. */
  demandCv?: number;
  fieldMix?: Record<Field, number>;
  /** `greedy` (default) moves staff to cover counter needs; `none` keeps everyone at home. */
  plan?: 'greedy' | 'none';
}

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Continuous Erlang C counters for a load: n(A) = k + (A − L(k)) / (L(k+1) − L(k)) where L(k) is the
 * largest load k counters carry at the target (maxLoadForAgents); integer needs are ⌈n(A)⌉.
 */
export class CounterTable {
  private readonly loads: number[] = [0];
  constructor(
    readonly ahtMin: number,
    readonly targetMin: number,
    readonly level: number,
  ) {}

  private load(k: number): number {
    while (this.loads.length <= k)
      this.loads.push(maxLoadForAgents(this.loads.length, this.ahtMin, this.targetMin, this.level));
    return this.loads[k]!;
  }

  /** Counters (fractional) that the load in Erlangs needs. */
  counters(erlangs: number): number {
    if (erlangs <= 0) return 0;
    let k = 0;
    while (this.load(k + 1) < erlangs) k++;
    const lo = this.load(k);
    return k + (erlangs - lo) / (this.load(k + 1) - lo);
  }
}

/**
 * Counter staff-days of one point-day: the mean over the open hours of the counters each hour's
 * expected load needs (Erlang C hour by hour over the intraday profile, issue 5).
 * @example counterStaffDays(150, daySegments(sessions, profile), table) ≈ 2.6
 */
export function counterStaffDays(
  arrivals: number,
  seg: { a: number[]; b: number[]; w: number[] },
  table: CounterTable,
): number {
  const W = seg.w.reduce((x, y) => x + y, 0);
  let minutes = 0;
  let sum = 0;
  for (let s = 0; s < seg.a.length; s++) {
    const len = seg.b[s]! - seg.a[s]!;
    const erlangs = ((arrivals * seg.w[s]!) / W / len) * table.ahtMin;
    sum += table.counters(erlangs) * len;
    minutes += len;
  }
  return minutes > 0 ? sum / minutes : 0;
}

/** The daily arrivals whose counterStaffDays equal `staffDays` (bisection; it is increasing). */
export function arrivalsForCounterStaff(
  staffDays: number,
  seg: { a: number[]; b: number[]; w: number[] },
  table: CounterTable,
): number {
  if (staffDays <= 0 || seg.a.length === 0) return 0;
  let lo = 0;
  let hi = 1;
  while (counterStaffDays(hi, seg, table) < staffDays) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const m = (lo + hi) / 2;
    if (counterStaffDays(m, seg, table) < staffDays) lo = m;
    else hi = m;
  }
  return (lo + hi) / 2;
}

/** Cross-reference checks of a problem file. @throws DomainError INPUT_INVALID naming the JSON path. */
export function checkProblem(problem: ProblemFile): void {
  const details: ErrorDetail[] = [];
  const D = problem.days.length;
  const ids = new Set<string>();
  problem.points.forEach((p, i) => {
    if (ids.has(p.id)) details.push({ field: `/points/${i}/id`, reason: 'duplicate id', value: p.id });
    ids.add(p.id);
    for (const key of ['available', 'reception'] as const) {
      const row = problem[key][p.id];
      if (!row) details.push({ field: `/${key}/${p.id}`, reason: 'missing: one value per day is needed' });
      else if (row.length !== D)
        details.push({ field: `/${key}/${p.id}`, reason: `has ${row.length} values; ${D} days` });
    }
  });
  for (const key of ['available', 'reception'] as const)
    for (const id of Object.keys(problem[key]))
      if (!ids.has(id)) details.push({ field: `/${key}/${id}`, reason: 'unknown point id', value: id });
  if (problem.processing.length !== D)
    details.push({ field: '/processing', reason: `has ${problem.processing.length} values; ${D} days` });
  for (const [q, row] of Object.entries(problem.travel_minutes ?? {})) {
    if (!ids.has(q)) details.push({ field: `/travel_minutes/${q}`, reason: 'unknown point id', value: q });
    for (const p of Object.keys(row))
      if (!ids.has(p))
        details.push({ field: `/travel_minutes/${q}/${p}`, reason: 'unknown point id', value: p });
  }
  if (details.length > 0)
    throw new DomainError(
      'INPUT_INVALID',
      `problem is invalid: ${details[0]!.field}: ${details[0]!.reason}`,
      details,
    );
}

/**
 * A quick stand-in for the stage-1 optimiser (until it is merged): each day, points short of counter
 * staff (max(min_staff, ⌈reception⌉)) borrow from the nearest points with spare staff within the travel
 * limit. Not optimal; the lead wires `src/core/optimize` in its place.
 */
export function greedyPlan(problem: ProblemFile): { present: Record<string, number[]>; moves: Move[] } {
  const pts = problem.points;
  const P = pts.length;
  const minutes = (q: number, p: number) => {
    const a = pts[q]!;
    const b = pts[p]!;
    const over = problem.travel_minutes?.[a.id]?.[b.id];
    if (over !== undefined) return over;
    return (60 * problem.travel.detour * haversineKm(a.lat, a.lon, b.lat, b.lon)) / problem.travel.speed_kmh;
  };
  const present: Record<string, number[]> = {};
  for (const p of pts) present[p.id] = [...problem.available[p.id]!];
  const moves: Move[] = [];
  problem.days.forEach((day, d) => {
    const n = pts.map((p) => problem.available[p.id]![d]!);
    const need = pts.map((p) => Math.max(p.min_staff, Math.ceil(problem.reception[p.id]![d]! - 1e-9)));
    const short = [...Array(P).keys()]
      .filter((p) => n[p]! < need[p]!)
      .sort((a, b) => need[b]! - n[b]! - (need[a]! - n[a]!));
    for (const p of short) {
      const donors = [...Array(P).keys()]
        .filter((q) => q !== p && n[q]! > need[q]!)
        .map((q) => ({ q, t: minutes(q, p) }))
        .filter((x) => x.t <= problem.travel.max_minutes)
        .sort((a, b) => a.t - b.t || a.q - b.q);
      for (const { q, t } of donors) {
        const k = Math.min(n[q]! - need[q]!, need[p]! - n[p]!);
        if (k <= 0) continue;
        n[q] = n[q]! - k;
        n[p] = n[p]! + k;
        moves.push({ day, from: pts[q]!.id, to: pts[p]!.id, staff: k, minutes: Math.round(t * 10) / 10 });
        if (n[p]! >= need[p]!) break;
      }
    }
    pts.forEach((pt, p) => {
      present[pt.id]![d] = n[p]!;
    });
  });
  return { present, moves };
}

/**
 * Turns an optimisation problem file (issue 5) into a simulation setup. The problem states needs in
 * staff-days, not dossiers, so demand is reconstructed (an approximation, listed in the notes):
 * - in-person citizens per point-day: the daily volume whose Erlang C counter needs, hour by hour over
 *   the intraday profile and averaged over the open hours, equal `reception` (counterStaffDays inverse),
 *   with the mean counter minutes of the field mix;
 * - online + postal dossiers per day: (processing staff-days × productive minutes − back-office minutes
 *   of the in-person dossiers) ÷ mean remote minutes, spread over points like the in-person citizens;
 * - fields by DEFAULT_FIELD_MIX, daily volumes with a 10% coefficient of variation.
 * Staff present come from the greedy stand-in plan (or `plan: 'none'`); counters are staffed hour by
 * hour (counter_policy 'hourly'), with no physical limit below the staff present (the problem has none).
 * @throws DomainError INPUT_INVALID
 */
export function problemToSetup(
  problem: ProblemFile,
  models: SimulationModels,
  opts: ProblemOptions = {},
): { setup: SimulationSetup; moves: Move[]; notes: string[] } {
  checkProblem(problem);
  const mix = opts.fieldMix ?? DEFAULT_FIELD_MIX;
  const cv = opts.demandCv ?? 0.1;
  const { fields, staffing } = models;
  const cal = new WorkCalendar(models.calendar);
  const hours = staffing.opening_hours;
  const std = fields.fields;
  const svcMin = FIELDS.reduce((s, f) => s + mix[f] * std[f].standard_minutes.in_person.reception, 0);
  const ipProc = FIELDS.reduce((s, f) => s + mix[f] * std[f].standard_minutes.in_person.processing, 0);
  const remoteMin = FIELDS.reduce(
    (s, f) =>
      s +
      mix[f] *
        ((1 - POSTAL_SHARE_OF_REMOTE) *
          (std[f].standard_minutes.online.reception + std[f].standard_minutes.online.processing) +
          POSTAL_SHARE_OF_REMOTE *
            (std[f].standard_minutes.postal.reception + std[f].standard_minutes.postal.processing)),
    0,
  );
  // Problem staff-days are taken as paid hours net of shrinkage (the staffing model's definition).
  const staffDayMin = staffing.paid_hours_per_day * 60 * (1 - staffing.shrinkage);
  const targetMin = staffing.service_level.target_seconds / 60;
  const level = staffing.service_level.target;

  const { present, moves } =
    opts.plan === 'none' ? { present: structuredClone(problem.available), moves: [] } : greedyPlan(problem);
  const demand: DemandRow[] = [];
  const notes: string[] = [
    'demand reconstructed from the problem file (staff-days → dossiers): see problemToSetup',
    opts.plan === 'none'
      ? 'plan: no moves (present = available)'
      : `plan: greedy stand-in for the optimiser, ${moves.length} moves`,
  ];
  const table = new CounterTable(svcMin, targetMin, level);
  problem.days.forEach((day, d) => {
    const profile =
      cal.kind(day) === 'weekend' ? staffing.intraday_profile.saturday : staffing.intraday_profile.weekday;
    const seg = daySegments(cal.sessions(day, hours), profile);
    const inPerson = problem.points.map((p) =>
      arrivalsForCounterStaff(problem.reception[p.id]![d]!, seg, table),
    );
    const totalIp = inPerson.reduce((s, x) => s + x, 0);
    const remoteWork = problem.processing[d]! * staffDayMin - totalIp * ipProc;
    const remote = remoteWork > 0 ? remoteWork / remoteMin : 0;
    if (remoteWork < 0)
      notes.push(
        `${day}: processing staff-days are below the in-person dossiers' own back-office work; no online dossiers`,
      );
    problem.points.forEach((p, i) => {
      const share = totalIp > 0 ? inPerson[i]! / totalIp : 1 / problem.points.length;
      for (const f of FIELDS) {
        const ip = inPerson[i]! * mix[f];
        const rem = remote * share * mix[f];
        if (ip > 0)
          demand.push({ point: p.id, date: day, channel: 'in_person', field: f, mean: round(ip), cv });
        if (rem > 0) {
          demand.push({
            point: p.id,
            date: day,
            channel: 'online',
            field: f,
            mean: round(rem * (1 - POSTAL_SHARE_OF_REMOTE)),
            cv,
          });
          demand.push({
            point: p.id,
            date: day,
            channel: 'postal',
            field: f,
            mean: round(rem * POSTAL_SHARE_OF_REMOTE),
            cv,
          });
        }
      }
    });
  });
  const setup: SimulationSetup = {
    input: {
      days: [...problem.days],
      points: problem.points.map((p) => ({
        code: p.id,
        counters: Math.max(1, ...present[p.id]!),
        lat: p.lat,
        lon: p.lon,
      })),
      present,
      demand,
    },
    models,
  };
  return { setup, moves, notes };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
