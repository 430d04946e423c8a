/**
 * Stage 2: the named weekly roster. Stage 1 says how many staff of q work at p each day; here we choose who.
 *
 * Per home point, one min-cost flow over the week: source → person (the k-th moved day costs
 * fairness_move·k plus the person's history, so moves spread evenly and across weeks) → person·day (one
 * place a day; leave and point leads excluded; personal travel limits respected) → slot (day, p) (a bonus
 * for skills matching p's counter demand) → sink; a dear "unfilled" arc keeps the flow feasible and counts
 * what cannot be staffed. Then a local search swaps people between slots of the same day when that keeps
 * the same person at a point on consecutive days (stability) without costing more fairness than it gains.
 */
import type { Field, Staff } from '../../schemas/domain.ts';
import type { RosterSettings } from '../../schemas/models.ts';
import type { OptimizeProblem, OptimizeResult } from '../../schemas/optimize.ts';
import type { LeaveSpan, StaffHistory } from '../../schemas/plan.ts';
import { type Msg, msg } from '../messages.ts';
import { FlowNetwork, solveMinCostFlow } from './network-simplex.ts';
import { dayMsg, moveReason } from './stage1-explain.ts';
import { type TravelMatrix, travelMatrix } from './travel.ts';

export type { LeaveSpan, StaffHistory };

export interface RosterInput {
  problem: OptimizeProblem;
  stage1: Pick<OptimizeResult, 'moves'>;
  staff: ReadonlyArray<Staff>;
  settings: RosterSettings;
  leave?: ReadonlyArray<LeaveSpan>;
  history?: Readonly<Record<string, StaffHistory>>;
  /** a person's own travel limit in minutes (default: the problem's max_minutes) */
  travelLimits?: Readonly<Record<string, number>>;
  /** share of each point's counter demand by field (for the skill bonus) */
  fieldShare?: Readonly<Record<string, Partial<Record<Field, number>>>>;
  matrix?: TravelMatrix;
  /**
   * Days each person is already moved this week outside `problem.days` (a re-plan's kept days): they count
   * towards `max_moved_days_per_week` and the fairness cost of the next move.
   */
  movedAlready?: Readonly<Record<string, number>>;
  /**
   * Assignments to keep where the new moves allow (`date|staff_id` → destination, e.g. the approved plan's
   * moves in a re-plan): each earns the stability bonus, so a re-plan changes only the people it must.
   */
  keep?: ReadonlyMap<string, string>;
}

export interface RosterMove {
  date: string;
  staff_id: string;
  name: string;
  from: string;
  to: string;
  minutes: number;
  /** why this person goes there that day (a catalogue message, core/messages.ts) */
  reason: Msg;
}

export interface RosterEntry {
  date: string;
  staff_id: string;
  name: string;
  home_point: string;
  work_point: string | null;
  status: 'home' | 'moved' | 'leave';
  minutes: number;
}

export interface Roster {
  entries: RosterEntry[];
  moves: RosterMove[];
  /** stage-1 moves nobody eligible could take */
  unfilled: Array<{
    date: string;
    from: string;
    to: string;
    staff: number;
    reason: Msg;
  }>;
  per_staff: Array<{
    staff_id: string;
    moved_days: number;
    travel_minutes: number;
    history_moved_days: number;
  }>;
  /** moves that continue the same person's move of the day before */
  continued_moves: number;
}

/** Staff ids on leave, by date. */
export function leaveByDate(
  leave: ReadonlyArray<LeaveSpan>,
  days: ReadonlyArray<string>,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>(days.map((d) => [d, new Set<string>()]));
  for (const l of leave) for (const d of days) if (d >= l.from && d <= l.to) out.get(d)!.add(l.staff_id);
  return out;
}

/**
 * Assigns named people to the stage-1 moves. Pure and deterministic (ties broken by staff id order).
 * @example buildRoster({ problem, stage1, staff, settings }).moves[0].reason
 */
export function buildRoster(input: RosterInput): Roster {
  const { problem, settings } = input;
  const matrix = input.matrix ?? travelMatrix(problem.points, problem.travel, problem.travel_minutes);
  const n = problem.points.length;
  const pIdx = new Map(problem.points.map((p, i) => [p.id, i]));
  const days = problem.days;
  const dIdx = new Map(days.map((d, i) => [d, i]));
  const onLeave = leaveByDate(input.leave ?? [], days);
  const history = input.history ?? {};
  const limitOf = (id: string) => input.travelLimits?.[id] ?? problem.travel.max_minutes;
  // The roster names the Center's people; commune specialists stay at their competent unit and are not in it.
  const staff = [...input.staff]
    .filter((s) => s.active && s.role !== 'specialist')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byHome = new Map<string, Staff[]>();
  for (const s of staff) {
    const list = byHome.get(s.home_point) ?? [];
    list.push(s);
    byHome.set(s.home_point, list);
  }
  const skillScore = (s: Staff, p: string) => {
    const share = input.fieldShare?.[p];
    if (!share) return 0;
    let v = 0;
    for (const f of s.fields) v += share[f] ?? 0;
    return Math.min(1, v);
  };

  // assignment[staffId][d] = destination point id (moved) or undefined
  const assigned = new Map<string, Array<string | undefined>>();
  for (const s of staff) assigned.set(s.id, new Array(days.length).fill(undefined));
  const unfilled: Roster['unfilled'] = [];

  const movesByHome = new Map<string, Array<{ d: number; to: string; staff: number }>>();
  for (const mv of input.stage1.moves) {
    const list = movesByHome.get(mv.from) ?? [];
    list.push({ d: dIdx.get(mv.day)!, to: mv.to, staff: mv.staff });
    movesByHome.set(mv.from, list);
  }

  const fairCost = (s: Staff, k: number) => {
    const h = history[s.id];
    return (
      settings.fairness_move * k +
      settings.fairness_history_move * (h?.moved_days ?? 0) +
      settings.fairness_history_travel_hour * ((h?.travel_minutes ?? 0) / 60)
    );
  };
  const N = settings.max_moved_days_per_week;
  const already = (s: Staff) => input.movedAlready?.[s.id] ?? 0;

  for (const [home, slots] of [...movesByHome].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const q = pIdx.get(home)!;
    const people = (byHome.get(home) ?? []).filter((s) => s.role === 'staff');
    const g = new FlowNetwork();
    const total = slots.reduce((s, x) => s + x.staff, 0);
    const src = g.addNode(total);
    const sink = g.addNode(-total);
    const slotNode = slots.map(() => g.addNode(0));
    const BIG = 1e4 * (1 + settings.fairness_move * N + settings.skill + settings.stability + 100);
    slots.forEach((sl, i) => {
      g.addArc(slotNode[i]!, sink, 0, sl.staff, 0);
      g.addArc(src, slotNode[i]!, 0, sl.staff, BIG); // unfilled
    });
    const edges: Array<{ arc: number; person: Staff; slot: number }> = [];
    for (const s of people) {
      const pn = g.addNode(0);
      for (let k = already(s) + 1; k <= N; k++) g.addArc(src, pn, 0, 1, fairCost(s, k));
      const dayNodes = new Map<number, number>();
      slots.forEach((sl, i) => {
        if (onLeave.get(days[sl.d]!)!.has(s.id)) return;
        const minutes = matrix.minutes[q * n + pIdx.get(sl.to)!]!;
        if (minutes > limitOf(s.id)) return;
        let dn = dayNodes.get(sl.d);
        if (dn === undefined) {
          dn = g.addNode(0);
          dayNodes.set(sl.d, dn);
          g.addArc(pn, dn, 0, 1, 0);
        }
        edges.push({
          arc: g.addArc(
            dn,
            slotNode[i]!,
            0,
            1,
            -settings.skill * skillScore(s, sl.to) -
              (input.keep?.get(`${days[sl.d]}|${s.id}`) === sl.to ? settings.stability : 0),
          ),
          person: s,
          slot: i,
        });
      });
    }
    const sol = solveMinCostFlow(g);
    const filled = new Array<number>(slots.length).fill(0);
    for (const e of edges)
      if (sol.flow[e.arc]! > 0) {
        assigned.get(e.person.id)![slots[e.slot]!.d] = slots[e.slot]!.to;
        filled[e.slot]!++;
      }
    slots.forEach((sl, i) => {
      const missing = sl.staff - filled[i]!;
      if (missing > 0)
        unfilled.push({
          date: days[sl.d]!,
          from: home,
          to: sl.to,
          staff: missing,
          reason: msg('roster.unfilled', { home, to: sl.to, day: dayMsg(days[sl.d]!), max: N }),
        });
    });

    improveStability(
      people,
      assigned,
      slots,
      days,
      (s) => {
        const count = assigned.get(s.id)!.filter(Boolean).length;
        return already(s) + count;
      },
      {
        eligible: (s, d, to) =>
          !onLeave.get(days[d]!)!.has(s.id) && matrix.minutes[q * n + pIdx.get(to)!]! <= limitOf(s.id),
        fair: fairCost,
        skill: (s, to) => settings.skill * skillScore(s, to),
        stability: settings.stability,
        maxDays: N,
      },
    );
  }

  // Output: moves with reasons, the full roster, per-person totals.
  const moves: RosterMove[] = [];
  const entries: RosterEntry[] = [];
  const perStaff: Roster['per_staff'] = [];
  let continued = 0;
  for (const s of staff) {
    const a = assigned.get(s.id)!;
    const q = pIdx.get(s.home_point);
    let movedDays = 0;
    let minutesTotal = 0;
    days.forEach((date, d) => {
      const to = a[d];
      if (onLeave.get(date)!.has(s.id)) {
        entries.push({
          date,
          staff_id: s.id,
          name: s.name,
          home_point: s.home_point,
          work_point: null,
          status: 'leave',
          minutes: 0,
        });
        return;
      }
      if (!to || q === undefined) {
        entries.push({
          date,
          staff_id: s.id,
          name: s.name,
          home_point: s.home_point,
          work_point: s.home_point,
          status: 'home',
          minutes: 0,
        });
        return;
      }
      const minutes = matrix.minutes[q * n + pIdx.get(to)!]!;
      movedDays++;
      minutesTotal += minutes;
      const streak = d > 0 && a[d - 1] === to;
      if (streak) continued++;
      const nth = (input.movedAlready?.[s.id] ?? 0) + a.slice(0, d + 1).filter(Boolean).length;
      const reason = msg('roster.move', {
        reason: moveReason(problem, d, s.home_point, to, minutes),
        continues: streak ? msg('roster.continues', { point: to }) : '',
        nth,
        max: N,
      });
      moves.push({ date, staff_id: s.id, name: s.name, from: s.home_point, to, minutes, reason });
      entries.push({
        date,
        staff_id: s.id,
        name: s.name,
        home_point: s.home_point,
        work_point: to,
        status: 'moved',
        minutes,
      });
    });
    perStaff.push({
      staff_id: s.id,
      moved_days: movedDays,
      travel_minutes: minutesTotal,
      history_moved_days: history[s.id]?.moved_days ?? 0,
    });
  }
  moves.sort((x, y) => x.date.localeCompare(y.date) || x.staff_id.localeCompare(y.staff_id));
  entries.sort((x, y) => x.date.localeCompare(y.date) || x.staff_id.localeCompare(y.staff_id));
  return { entries, moves, unfilled, per_staff: perStaff, continued_moves: continued };
}

interface StabilityRules {
  eligible: (s: Staff, d: number, to: string) => boolean;
  fair: (s: Staff, k: number) => number;
  skill: (s: Staff, to: string) => number;
  stability: number;
  maxDays: number;
}

/**
 * Local search for stability within one home point: on each day, let a person who was at p the day before
 * take over p from someone who was not, when the stability bonus outweighs the change in fairness and skill.
 */
function improveStability(
  people: Staff[],
  assigned: Map<string, Array<string | undefined>>,
  slots: ReadonlyArray<{ d: number; to: string }>,
  days: ReadonlyArray<string>,
  countOf: (s: Staff) => number,
  rules: StabilityRules,
): void {
  if (rules.stability <= 0) return;
  const daysUsed = [...new Set(slots.map((s) => s.d))].sort((a, b) => a - b);
  const stab = (s: Staff, d: number, to: string | undefined) => {
    if (!to) return 0;
    const a = assigned.get(s.id)!;
    return (d > 0 && a[d - 1] === to ? 1 : 0) + (d + 1 < days.length && a[d + 1] === to ? 1 : 0);
  };
  for (let pass = 0; pass < 3; pass++) {
    let changed = false;
    for (const d of daysUsed) {
      for (const x of people) {
        const ax = assigned.get(x.id)!;
        const to = ax[d];
        if (!to || stab(x, d, to) > 0) continue;
        for (const y of people) {
          if (y === x) continue;
          const ay = assigned.get(y.id)!;
          const yTo = ay[d];
          if (yTo === to) continue;
          const wasThere = (d > 0 && ay[d - 1] === to) || (d + 1 < days.length && ay[d + 1] === to);
          if (!wasThere || !rules.eligible(y, d, to)) continue;
          if (yTo !== undefined && !rules.eligible(x, d, yTo)) continue;
          // Gain = stability bonus gained − fairness and skill given up.
          const before =
            rules.stability * (stab(x, d, to) + stab(y, d, yTo)) +
            rules.skill(x, to) +
            (yTo ? rules.skill(y, yTo) : 0);
          let fairDelta = 0;
          if (yTo === undefined) {
            if (countOf(y) >= rules.maxDays) continue;
            fairDelta = rules.fair(y, countOf(y) + 1) - rules.fair(x, countOf(x));
          }
          ax[d] = yTo;
          ay[d] = to;
          const after =
            rules.stability * (stab(x, d, yTo) + stab(y, d, to)) +
            rules.skill(y, to) +
            (yTo ? rules.skill(x, yTo) : 0);
          if (after - before - fairDelta > 1e-9) {
            changed = true;
            break;
          }
          ax[d] = to;
          ay[d] = yTo;
        }
      }
    }
    if (!changed) break;
  }
}
