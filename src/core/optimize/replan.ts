/**
 * Mid-week re-plan: the days of an approved plan before `from` are kept (as approved, or as attendance says
 * they happened) and only the days from `from` on are optimised again, around whatever changed since
 * (a closure, a sick leave, a surge: the scenario edits of the new world). Pure.
 *
 * Stage 1 is solved day by day (stage1.ts), so keeping days is exact: the kept days' moves are fixed and the
 * problem of the remaining days is the full week's problem restricted to them (same requirements: the
 * week's processing is still spread over the whole week, see core/staffing/requirements.ts). Stage 2 couples
 * days through the weekly move limit and fairness: a person moved on kept days has that many fewer moves
 * left (`movedAlready`).
 */
import type { Staff } from '../../schemas/domain.ts';
import type { Move, OptimizeProblem, OptimizeResult } from '../../schemas/optimize.ts';
import { DomainError } from '../errors.ts';
import { type Msg, msg } from '../messages.ts';
import { evaluateMoves } from './evaluate.ts';
import type { Roster, RosterEntry, RosterMove } from './roster.ts';
import type { TravelMatrix } from './travel.ts';

/** Where a person worked on a day, as recorded (an attendance import); `work_point: null` = absent. */
export interface AttendanceRow {
  date: string;
  staff_id: string;
  work_point: string | null;
}

/** What a re-plan keeps: the approved plan's roster before `from`. */
export interface PlanPin {
  /** first day optimised again (ISO date); the planning days before it are kept */
  from: string;
  /** the approved plan (its roster's entries and moves; other fields are ignored) */
  approved: { roster: { entries: ReadonlyArray<RosterEntry>; moves: ReadonlyArray<RosterMove> } };
  /** what happened on kept days: on a date with any row it overrides the approved roster, person by person */
  attendance?: ReadonlyArray<AttendanceRow>;
}

/** What a re-plan reports beside the plan. */
export interface ReplanInfo {
  from: string;
  /** the kept days and where each comes from */
  kept: Array<{ date: string; source: 'approved' | 'attendance' }>;
  /** the re-optimised days */
  replanned: string[];
}

export interface PinnedWeek {
  /** the full problem restricted to the re-optimised days (what stage 1 and stage 2 solve) */
  rest: OptimizeProblem;
  /** moved days per person on kept days (stage 2's `movedAlready`) */
  movedAlready: Record<string, number>;
  /** the approved moves of the re-optimised days (stage 2's `keep`) */
  keep: Map<string, string>;
  info: ReplanInfo;
  /** merges the re-optimised days' stage 1 and roster with the kept days */
  merge(stage1: OptimizeResult, roster: Roster): { stage1: OptimizeResult; roster: Roster };
  explanation: Msg[];
}

/** The problem restricted to the days at `idx` (every per-day array sliced alike). */
export function sliceProblem(p: OptimizeProblem, idx: readonly number[]): OptimizeProblem {
  const pick = <T>(a: readonly T[]) => idx.map((i) => a[i]!);
  const rec = <T>(r: Record<string, T[]>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, pick(v)])) as Record<string, T[]>;
  const out: OptimizeProblem = {
    ...p,
    days: pick(p.days),
    available: rec(p.available),
    reception: rec(p.reception),
    processing: pick(p.processing),
  };
  if (p.movable) out.movable = rec(p.movable);
  if (p.min_staff_by_day) out.min_staff_by_day = rec(p.min_staff_by_day);
  if (p.counter_slots) out.counter_slots = rec(p.counter_slots);
  if (p.local) out.local = rec(p.local);
  return out;
}

/**
 * Fixes the kept days of `problem` (changed in place: available and movable staff of those days become what
 * the kept roster had) and returns the problem of the remaining days and how to merge its solution back.
 * @throws DomainError INPUT_INVALID when `from` leaves no planning day to re-optimise
 * @example pinWeek(problem, { from: '2026-01-08', approved }, staff, matrix).rest.days // ['2026-01-08', …]
 */
export function pinWeek(
  problem: OptimizeProblem,
  pin: PlanPin,
  staff: ReadonlyArray<Staff>,
  matrix: TravelMatrix,
): PinnedWeek {
  const { days, points } = problem;
  const keptIdx = days.flatMap((d, i) => (d < pin.from ? [i] : []));
  const restIdx = days.flatMap((d, i) => (d >= pin.from ? [i] : []));
  if (restIdx.length === 0)
    throw new DomainError(
      'INPUT_INVALID',
      msg('replan.nothing_left', { from: pin.from, last: days.at(-1)! }),
      [{ field: 'replan_from', value: pin.from, reason: msg('replan.nothing_left_reason') }],
    );
  const n = points.length;
  const pIdx = new Map(points.map((p, i) => [p.id, i]));
  const staffById = new Map(staff.map((s) => [s.id, s]));
  const attendanceByDate = new Map<string, Map<string, string | null>>();
  for (const a of pin.attendance ?? []) {
    const m = attendanceByDate.get(a.date) ?? new Map<string, string | null>();
    m.set(a.staff_id, a.work_point);
    attendanceByDate.set(a.date, m);
  }
  const approvedMove = new Map(pin.approved.roster.moves.map((m) => [`${m.date}|${m.staff_id}`, m]));

  const keptEntries: RosterEntry[] = [];
  const keptMoves: RosterMove[] = [];
  const kept: ReplanInfo['kept'] = [];
  for (const d of keptIdx) {
    const date = days[d]!;
    const att = attendanceByDate.get(date);
    kept.push({ date, source: att ? 'attendance' : 'approved' });
    const entries = pin.approved.roster.entries.filter((e) => e.date === date);
    const seen = new Set(entries.map((e) => e.staff_id));
    // People the attendance names whom the approved roster did not list that day (joined since).
    for (const [id, work] of att ?? []) {
      const s = staffById.get(id);
      if (seen.has(id) || !s) continue;
      entries.push({
        date,
        staff_id: id,
        name: s.name,
        home_point: s.home_point,
        work_point: work,
        status: 'home',
        minutes: 0,
      });
    }
    for (const e of entries) {
      const recorded = att?.has(e.staff_id) ? att.get(e.staff_id)! : undefined;
      const work = recorded === undefined ? (e.status === 'leave' ? null : e.work_point) : recorded;
      const q = pIdx.get(e.home_point);
      const p = work === null ? undefined : pIdx.get(work);
      if (work === null || q === undefined || p === undefined) {
        keptEntries.push({ ...e, work_point: null, status: 'leave', minutes: 0 });
        continue;
      }
      if (p === q) {
        keptEntries.push({ ...e, work_point: work, status: 'home', minutes: 0 });
        continue;
      }
      const same = approvedMove.get(`${date}|${e.staff_id}`);
      const minutes = matrix.minutes[q * n + p]!;
      keptEntries.push({ ...e, work_point: work, status: 'moved', minutes });
      keptMoves.push(
        same && same.to === work
          ? same
          : {
              date,
              staff_id: e.staff_id,
              name: e.name,
              from: e.home_point,
              to: work,
              minutes,
              reason: msg('replan.attended', { point: work }),
            },
      );
    }
  }

  // The kept days' staff: available = home staff not absent; movable covers what actually moved away.
  for (const d of keptIdx) {
    const date = days[d]!;
    for (const pt of points) {
      problem.available[pt.id]![d] = 0;
      if (problem.movable) problem.movable[pt.id]![d] = 0;
    }
    for (const e of keptEntries) {
      if (e.date !== date || e.status === 'leave' || !pIdx.has(e.home_point)) continue;
      problem.available[e.home_point]![d]!++;
      if (e.status === 'moved' && problem.movable) problem.movable[e.home_point]![d]!++;
    }
  }
  const keptAgg = new Map<string, Move>();
  for (const m of keptMoves) {
    const k = `${m.date}|${m.from}|${m.to}`;
    const cur = keptAgg.get(k) ?? { day: m.date, from: m.from, to: m.to, staff: 0, minutes: m.minutes };
    cur.staff++;
    keptAgg.set(k, cur);
  }
  const movedAlready: Record<string, number> = {};
  for (const m of keptMoves) movedAlready[m.staff_id] = (movedAlready[m.staff_id] ?? 0) + 1;
  const rest = sliceProblem(problem, restIdx);
  const keep = new Map(
    pin.approved.roster.moves.filter((m) => m.date >= pin.from).map((m) => [`${m.date}|${m.staff_id}`, m.to]),
  );
  const info: ReplanInfo = { from: pin.from, kept, replanned: rest.days };

  const merge = (s1: OptimizeResult, roster: Roster) => {
    const byDay = (a: { day: string }, b: { day: string }) => a.day.localeCompare(b.day);
    const moves = [...keptAgg.values(), ...s1.moves].sort(byDay);
    if (s1.status === 'infeasible') return { stage1: s1, roster };
    const full = evaluateMoves(problem, moves, matrix);
    // Days are independent: the kept days add a fixed cost to both the objective and the bound.
    const keptCost = full.objective - (s1.objective ?? 0);
    const bound = s1.bound === null ? null : s1.bound + keptCost;
    const stage1: OptimizeResult = {
      ...s1,
      objective: full.objective,
      bound,
      gap: bound === null ? null : (full.objective - bound) / Math.max(1, Math.abs(full.objective)),
      moves,
      present: full.present,
      unmet_reception: full.unmet_reception,
      unmet_processing: full.unmet_processing,
      ...(s1.unmet_local ? { unmet_local: full.unmet_local } : {}),
      stats: { ...s1.stats, days: days.length },
    };
    const order = (x: { date: string; staff_id: string }, y: { date: string; staff_id: string }) =>
      x.date.localeCompare(y.date) || x.staff_id.localeCompare(y.staff_id);
    const allMoves = [...keptMoves, ...roster.moves].sort(order);
    const perStaff = roster.per_staff.map((p) => ({ ...p }));
    const perIdx = new Map(perStaff.map((p, i) => [p.staff_id, i]));
    for (const m of keptMoves) {
      const i = perIdx.get(m.staff_id);
      if (i === undefined) continue;
      perStaff[i]!.moved_days++;
      perStaff[i]!.travel_minutes += m.minutes;
    }
    // A move continues when the same person was at the same point the planning day before.
    const dayPos = new Map(days.map((d, i) => [d, i]));
    const at = new Map(allMoves.map((m) => [`${dayPos.get(m.date)}|${m.staff_id}`, m.to]));
    const continued = allMoves.filter(
      (m) => at.get(`${dayPos.get(m.date)! - 1}|${m.staff_id}`) === m.to,
    ).length;
    return {
      stage1,
      roster: {
        entries: [...keptEntries, ...roster.entries].sort(order),
        moves: allMoves,
        unfilled: roster.unfilled,
        per_staff: perStaff,
        continued_moves: continued,
      },
    };
  };
  const fromAttendance = kept.filter((k) => k.source === 'attendance').map((k) => k.date);
  const explanation: Msg[] = [
    kept.length > 0
      ? msg('replan.kept', {
          from: pin.from,
          kept: kept.map((k) => k.date),
          moves: keptMoves.length,
          attendance:
            fromAttendance.length > 0 ? msg('replan.kept_attendance', { days: fromAttendance }) : '',
        })
      : msg('replan.kept_none', { from: pin.from }),
  ];
  return { rest, movedAlready, keep, info, merge, explanation };
}
