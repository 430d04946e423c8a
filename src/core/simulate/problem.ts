import { FIELDS, type Field } from '../../schemas/domain.ts';
import type { Move, OptimizeProblem } from '../../schemas/optimize.ts';
import type { DemandRow } from '../../schemas/simulate.ts';
import { WorkCalendar } from '../calendar/calendar.ts';
import { msg } from '../messages.ts';
import { parseProblem } from '../optimize/problem.ts';
import { solveStage1 } from '../optimize/stage1.ts';
import { maxLoadForAgents } from '../staffing/erlang-c.ts';
import { daySegments, type SimulationModels, type SimulationSetup } from './prepare.ts';

/**
 * Assumed field mix of dossiers (no public split by field; the Center's Q3 2025 report only says overdue cases concentrate
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

export interface ProblemOptions {
  /** Coefficient of variation of the daily volumes (forecast uncertainty), default 0.1. */
  demandCv?: number;
  fieldMix?: Record<Field, number>;
  /** `optimal` (default) places staff by the stage-1 optimiser; `none` keeps everyone at home. */
  plan?: 'optimal' | 'none';
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
 * expected load needs (Erlang C hour by hour over the intraday profile, as core/staffing sizes counters).
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

/**
 * Staff present per point and day under the stage-1 optimum of the problem, with its moves. When minimum
 * staffing cannot be met, everyone stays at home and the note says why (the stage-1 diagnosis).
 */
function stage1Plan(problem: OptimizeProblem): {
  present: Record<string, number[]>;
  moves: Move[];
  note: string;
} {
  const result = solveStage1(problem);
  if (result.status === 'infeasible')
    return {
      present: structuredClone(problem.available),
      moves: [],
      note:
        'plan: no moves, stage 1 is infeasible (minimum staffing out of reach: ' +
        `${(result.violated ?? []).map((v) => `${v.day} ${v.points.join(', ')}`).join('; ')}; see optimize --problem)`,
    };
  const staffDays = result.moves.reduce((s, m) => s + m.staff, 0);
  return {
    present: result.present,
    moves: result.moves,
    note: `plan: stage-1 optimum (${result.status}), ${result.moves.length} moves, ${staffDays} staff-days moved`,
  };
}

/**
 * Turns a stage-1 problem file (the one `dieuphoi optimize --problem` reads, validated by `parseProblem`)
 * into a simulation setup. The problem states needs in
 * staff-days, not dossiers, so demand is reconstructed (an approximation, listed in the notes):
 * - in-person citizens per point-day: the daily volume whose Erlang C counter needs, hour by hour over
 *   the intraday profile and averaged over the open hours, equal `reception` (counterStaffDays inverse),
 *   with the mean counter minutes of the field mix;
 * - online + postal dossiers per day: (processing staff-days × productive minutes − back-office minutes
 *   of the in-person dossiers) ÷ mean remote minutes, spread over points like the in-person citizens;
 * - fields by DEFAULT_FIELD_MIX, daily volumes with a 10% coefficient of variation.
 * Staff present come from the stage-1 optimum (or everyone at home with `plan: 'none'`); counters are
 * staffed hour by hour (counter_policy 'hourly'), with no physical limit below the staff present (the
 * problem has none).
 * @throws DomainError INPUT_INVALID naming the JSON path ("problem file is invalid: …")
 */
export function problemToSetup(
  raw: unknown,
  models: SimulationModels,
  opts: ProblemOptions = {},
): { setup: SimulationSetup; moves: Move[]; notes: string[] } {
  const problem = parseProblem(raw, msg('problem.what_file'));
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

  const { present, moves, note } =
    opts.plan === 'none'
      ? {
          present: structuredClone(problem.available),
          moves: [],
          note: 'plan: no moves (present = available)',
        }
      : stage1Plan(problem);
  const demand: DemandRow[] = [];
  const notes: string[] = [
    'demand reconstructed from the problem file (staff-days → dossiers): see problemToSetup',
    note,
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
