import { FIELDS, type Field } from '../../schemas/domain.ts';
import type { DemandRow, ProblemFile } from '../../schemas/simulate.ts';
import { WorkCalendar } from '../calendar/calendar.ts';
import { DomainError, type ErrorDetail } from '../errors.ts';
import { erlangCMaxLoad } from './erlang.ts';
import type { SimulationModels, SimulationSetup } from './prepare.ts';

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

const hm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
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
 * staff-days, not dossiers, so demand is reconstructed (an approximation, documented in the notes):
 * - in-person citizens per point-day = the offered load that ⌈reception⌉ … reception counters carry at the
 *   service-level target under Erlang C at a constant rate (linear between integers), × open minutes ÷
 *   the mean counter minutes of the field mix. Peaks need more counters than the average hour, so
 *   this overstates volumes a little (conservative);
 * - online + postal dossiers per day = (processing staff-days × productive minutes − back-office minutes
 *   of the in-person dossiers) ÷ mean remote minutes, spread over points like the in-person citizens;
 * - fields by DEFAULT_FIELD_MIX, daily volumes with a 10% coefficient of variation.
 * Staff present come from the greedy stand-in plan (or `plan: 'none'`), counters open = ⌈reception⌉.
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
  const loadCache = new Map<number, number>();
  const maxLoad = (r: number) => {
    const key = Math.round(r * 1000) / 1000;
    let v = loadCache.get(key);
    if (v === undefined) {
      v = erlangCMaxLoad(key, svcMin, targetMin, level);
      loadCache.set(key, v);
    }
    return v;
  };
  const counters: Record<string, number[]> = {};
  problem.days.forEach((day, d) => {
    let openMin = 0;
    for (const [a, b] of cal.sessions(day, hours)) openMin += hm(b) - hm(a);
    const inPerson = problem.points.map((p) => {
      const r = problem.reception[p.id]![d]!;
      return openMin > 0 ? (maxLoad(r) * openMin) / svcMin : 0;
    });
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
  for (const p of problem.points)
    counters[p.id] = problem.reception[p.id]!.map((r) => Math.max(0, Math.ceil(r - 1e-9)));
  const setup: SimulationSetup = {
    input: {
      days: [...problem.days],
      points: problem.points.map((p) => ({
        code: p.id,
        counters: Math.max(1, ...counters[p.id]!),
        lat: p.lat,
        lon: p.lon,
      })),
      present,
      counters_open: counters,
      demand,
    },
    models,
  };
  return { setup, moves, notes };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
