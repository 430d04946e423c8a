/**
 * The weekly pipeline: forecast → requirements → stage 1 → stage 2 → KPIs. Pure: the caller (CLI, job,
 * API) loads the inputs and saves the plan.
 */
import type { Field, Point, Staff } from '../../schemas/domain.ts';
import type { FieldsModel, OptimizeModel, RosterSettings, StaffingModel } from '../../schemas/models.ts';
import type { OptimizeProblem, OptimizeResult, Stage1Weights } from '../../schemas/optimize.ts';
import type { ForecastRow, LeaveSpan, StaffHistory } from '../../schemas/plan.ts';
import type { WorkTypesModel } from '../../schemas/work-types.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { addDays, isoWeekLabel, mondayOf } from '../calendar/dates.ts';
import { DomainError } from '../errors.ts';
import { type Lang, type MessageKey, type Msg, msg, render } from '../messages.ts';
import {
  counterShortfalls,
  expectedServiceLevel,
  type HourlyProfile,
  type Requirements,
  staffRequirements,
} from '../staffing/requirements.ts';
import { evaluateMoves, type PlanEvaluation } from './evaluate.ts';
import { poolSkillShortfalls } from './pool-skills.ts';
import { parseProblem } from './problem.ts';
import { type PlanPin, pinWeek, type ReplanInfo } from './replan.ts';
import { buildRoster, leaveByDate, type Roster } from './roster.ts';
import { solveStage1 } from './stage1.ts';
import { dayMsg, hoursText } from './stage1-explain.ts';
import { travelMatrix } from './travel.ts';

export interface WeeklyPlanInput {
  /** any date of the week; the plan starts on its Monday */
  week: string;
  /** planning days (default: the days of the week on which at least one point is open) */
  days?: string[];
  points: ReadonlyArray<Point>;
  staff: ReadonlyArray<Staff>;
  forecastRows: ReadonlyArray<ForecastRow>;
  /**
   * `workTypes` (models/work-types.json) plans on the work model: counters by hour, local work at its point,
   * only the Center's poolable work pooled, specialists' work left to the competent units. Without it: counters
   * by day and every back-office minute pooled (the model before issue #14).
   */
  models: {
    fields: FieldsModel;
    staffing: StaffingModel;
    optimize: OptimizeModel;
    workTypes?: WorkTypesModel;
  };
  /** per point, an intraday arrival profile (e.g. from queue tickets) instead of models/staffing.json's */
  hourlyProfiles?: Readonly<Record<string, HourlyProfile>>;
  calendar: WorkCalendar;
  weights?: Partial<Stage1Weights>;
  roster?: Partial<RosterSettings>;
  history?: Readonly<Record<string, StaffHistory>>;
  leave?: ReadonlyArray<LeaveSpan>;
  travelLimits?: Readonly<Record<string, number>>;
  travelMinutes?: Record<string, Record<string, number>>;
  /** a clock in milliseconds (e.g. performance.now) to time the stages; core never reads one itself */
  clock?: () => number;
  /** mid-week re-plan: keep the approved days before `pin.from`, optimise the rest (core/optimize/replan.ts) */
  pin?: PlanPin;
}

export interface PlanTimings {
  requirements_ms: number;
  stage1_ms: number;
  stage2_ms: number;
  total_ms: number;
  /** times stage 1 was re-solved after stage 2 could not staff some moves */
  repairs: number;
}

export interface PlanKpis {
  status: OptimizeResult['status'];
  objective: number | null;
  bound: number | null;
  /** arrival-weighted share of in-person citizens served within the target wait */
  service_level: { target: number; before: number; after: number };
  unmet_hours: {
    reception_before: number;
    reception_after: number;
    /** local work (digitisation, coordination) left undone at its point, hours (0 without the work model) */
    local_before: number;
    local_after: number;
    processing_before: number;
    processing_after: number;
  };
  /**
   * the point-days where some hour needs more counters than the staff present after the plan: the service
   * level there is below target, and the plan says so (one entry per point and day)
   */
  counter_shortfalls: Array<{
    point: string;
    date: string;
    hours: number[];
    needed: number;
    present: number;
  }>;
  /**
   * the competent units' specialists' work this week (appraisal and decision), staff-days: not the Center's to
   * move, so no plan moves it (work model only; 0 otherwise)
   */
  specialist_staff_days: number;
  /**
   * pooled work (online and postal acceptance) the skilled staff's spare time cannot take, per day and field
   * (work model only): stage 1 pools it as one total, this checks it field by field
   */
  pool_skill_shortfalls: Array<{ date: string; field: Field; staff_days: number }>;
  /** staff-days worked away from home */
  moves: number;
  people_moved: number;
  /** one-way travel minutes of all moves */
  travel_minutes: number;
  unfilled_moves: number;
  /** need (counter + own processing staff-days) ÷ staff present, over the week */
  utilisation: Array<{ point: string; before: number | null; after: number | null }>;
}

export interface WeeklyPlan {
  week: string;
  week_label: string;
  days: string[];
  problem: OptimizeProblem;
  stage1: OptimizeResult;
  roster: Roster;
  kpis: PlanKpis;
  /** the plan in words, one catalogue message (core/messages.ts) per line */
  explanation: Msg[];
  /** present when the input passed a clock */
  timings?: PlanTimings;
  /** present for a mid-week re-plan: the kept and re-optimised days */
  replan?: ReplanInfo;
}

/** Days of the week (Monday..Sunday) on which at least one point is open. */
export function planningDays(week: string, points: ReadonlyArray<Point>, calendar: WorkCalendar): string[] {
  const monday = mondayOf(week);
  const out: string[] = [];
  for (let i = 0; i < 7; i++) {
    const d = addDays(monday, i);
    if (points.some((p) => calendar.isOpen(d, p.opening_hours, p.code))) out.push(d);
  }
  return out;
}

/** Share of each point's counter minutes by field over the days (for the roster's skill bonus). */
function counterFieldShare(rows: ReadonlyArray<ForecastRow>, days: Set<string>, fields: FieldsModel) {
  const acc = new Map<string, Map<Field, number>>();
  for (const r of rows) {
    if (r.channel !== 'in_person' || !days.has(r.date)) continue;
    const m = acc.get(r.point) ?? new Map<Field, number>();
    m.set(
      r.field,
      (m.get(r.field) ?? 0) + r.mean * fields.fields[r.field].standard_minutes.in_person.reception,
    );
    acc.set(r.point, m);
  }
  const out: Record<string, Partial<Record<Field, number>>> = {};
  for (const [p, m] of acc) {
    const total = [...m.values()].reduce((s, v) => s + v, 0);
    if (total <= 0) continue;
    out[p] = Object.fromEntries([...m].map(([f, v]) => [f, v / total]));
  }
  return out;
}

/**
 * Builds the stage-1 problem of a week from requirements, staff and leave: available = active home staff not
 * on leave; movable = available minus point leads; min staff 0 on days a point is closed.
 */
export function buildProblem(
  days: string[],
  points: ReadonlyArray<Point>,
  staff: ReadonlyArray<Staff>,
  req: Requirements,
  calendar: WorkCalendar,
  model: OptimizeModel,
  opts: {
    weights?: Partial<Stage1Weights>;
    leave?: ReadonlyArray<LeaveSpan>;
    travelMinutes?: Record<string, Record<string, number>>;
    maxMovedDays?: number;
  } = {},
): OptimizeProblem {
  const onLeave = leaveByDate(opts.leave ?? [], days);
  const available: Record<string, number[]> = {};
  const movable: Record<string, number[]> = {};
  const minByDay: Record<string, number[]> = {};
  const codes = new Set(points.map((p) => p.code));
  for (const p of points) {
    available[p.code] = days.map(() => 0);
    movable[p.code] = days.map(() => 0);
    minByDay[p.code] = days.map((d) => (calendar.isOpen(d, p.opening_hours, p.code) ? p.min_staff : 0));
  }
  for (const s of staff) {
    // Commune specialists appraise at their competent unit: not Center staff, never moved, not in stage 1.
    if (!s.active || s.role === 'specialist') continue;
    if (!codes.has(s.home_point))
      throw new DomainError(
        'INPUT_INVALID',
        msg('plan.staff_unknown_home', { id: s.id, point: s.home_point }),
        [
          {
            field: `staff/${s.id}/home_point`,
            value: s.home_point,
            reason: msg('plan.unknown_point_reason'),
          },
        ],
      );
    days.forEach((d, i) => {
      if (onLeave.get(d)!.has(s.id)) return;
      available[s.home_point]![i]!++;
      if (s.role !== 'point_lead' && (opts.maxMovedDays ?? 1) > 0) movable[s.home_point]![i]!++;
    });
  }
  const problem: OptimizeProblem = {
    days,
    points: points.map((p) => ({ id: p.code, name: p.name, lat: p.lat, lon: p.lon, min_staff: p.min_staff })),
    available,
    reception: req.reception,
    processing: req.processing,
    travel: model.travel,
    weights: { ...model.weights, ...opts.weights },
    movable,
    min_staff_by_day: minByDay,
  };
  if (req.counter_slots) problem.counter_slots = req.counter_slots;
  if (req.local) problem.local = req.local;
  if (opts.travelMinutes) problem.travel_minutes = opts.travelMinutes;
  return parseProblem(problem);
}

/** Realised moves of a roster, aggregated per day and route (what stage 1's evaluation needs). */
function rosterMoves(roster: Roster) {
  const agg = new Map<string, { day: string; from: string; to: string; staff: number }>();
  for (const m of roster.moves) {
    const key = `${m.date}|${m.from}|${m.to}`;
    const cur = agg.get(key) ?? { day: m.date, from: m.from, to: m.to, staff: 0 };
    cur.staff++;
    agg.set(key, cur);
  }
  return [...agg.values()];
}

function kpisOf(
  problem: OptimizeProblem,
  req: Requirements,
  stage1: OptimizeResult,
  roster: Roster,
  before: PlanEvaluation,
  after: PlanEvaluation,
  staffing: StaffingModel,
  skills?: { staff: ReadonlyArray<Staff>; workTypes: WorkTypesModel },
): PlanKpis {
  const dIdx = new Map(problem.days.map((d, i) => [d, i]));
  let poolShort: PlanKpis['pool_skill_shortfalls'] = [];
  if (skills && req.processing_by_field) {
    const at = new Map(roster.entries.map((e) => [`${e.staff_id}|${e.date}`, e.work_point]));
    poolShort = poolSkillShortfalls(
      problem,
      req.processing_by_field,
      after.present,
      skills.staff,
      (id, d) => at.get(`${id}|${problem.days[d]}`) ?? null,
      skills.workTypes,
    );
  }
  const counterKey = new Map(req.counters.map((c) => [`${c.point}|${c.date}`, c]));
  const unmetHours = (ev: PlanEvaluation) => {
    let r = 0;
    for (const [p, arr] of Object.entries(ev.unmet_reception))
      arr.forEach((v, d) => {
        r += v * (counterKey.get(`${p}|${problem.days[d]}`)?.productive_hours ?? 0);
      });
    let l = 0;
    for (const [p, arr] of Object.entries(ev.unmet_local))
      arr.forEach((v, d) => {
        l += v * (counterKey.get(`${p}|${problem.days[d]}`)?.productive_hours ?? 0);
      });
    const proc = (ev.unmet_processing.reduce((s, v) => s + v, 0) * req.minutes_per_staff_day) / 60;
    return { r, l, proc };
  };
  const ub = unmetHours(before);
  const ua = unmetHours(after);
  const sl = (ev: PlanEvaluation) =>
    expectedServiceLevel(req.counters, (p, d) => ev.present[p]?.[dIdx.get(d)!] ?? 0, staffing).service_level;
  const utilisation = problem.points.map((pt) => {
    let need = 0;
    let availableSum = 0;
    let presentSum = 0;
    problem.days.forEach((_, d) => {
      need +=
        problem.reception[pt.id]![d]! +
        (problem.local?.[pt.id]?.[d] ?? 0) +
        (req.processing_by_point[pt.id]?.[d] ?? 0);
      availableSum += problem.available[pt.id]![d]!;
      presentSum += after.present[pt.id]![d]!;
    });
    return {
      point: pt.id,
      // null: demand with nobody present (no finite ratio).
      before: availableSum > 0 ? need / availableSum : need > 0 ? null : 0,
      after: presentSum > 0 ? need / presentSum : need > 0 ? null : 0,
    };
  });
  return {
    status: stage1.status,
    objective: stage1.objective,
    bound: stage1.bound,
    service_level: { target: staffing.service_level.target, before: sl(before), after: sl(after) },
    unmet_hours: {
      reception_before: ub.r,
      reception_after: ua.r,
      local_before: ub.l,
      local_after: ua.l,
      processing_before: ub.proc,
      processing_after: ua.proc,
    },
    pool_skill_shortfalls: poolShort,
    counter_shortfalls: counterShortfalls(req.counters, (p, d) => after.present[p]?.[dIdx.get(d)!] ?? 0),
    specialist_staff_days: Object.values(req.appraisal ?? {}).reduce(
      (s, byField) =>
        s + Object.values(byField).reduce((a, arr) => a + (arr ?? []).reduce((x, y) => x + y, 0), 0),
      0,
    ),
    moves: roster.moves.length,
    people_moved: new Set(roster.moves.map((m) => m.staff_id)).size,
    travel_minutes: roster.moves.reduce((s, m) => s + m.minutes, 0),
    unfilled_moves: roster.unfilled.reduce((s, u) => s + u.staff, 0),
    utilisation,
  };
}

/**
 * The whole weekly plan. When stage 2 cannot staff some stage-1 moves (leave, leads, move limits, personal
 * travel limits), the movable staff of those points and days are capped at what was staffed and stage 1 is
 * solved again (up to `planning.repair_rounds` times), so the final roster and the stage-1 plan agree.
 * KPIs are computed from the roster's realised moves.
 * @throws DomainError INPUT_INVALID for inconsistent inputs (unknown points in staff or forecast)
 */
export function buildWeeklyPlan(input: WeeklyPlanInput): WeeklyPlan {
  const { models, calendar } = input;
  const clock = input.clock ?? (() => 0);
  const tStart = clock();
  const week = mondayOf(input.week);
  const days = input.days ?? planningDays(week, input.points, calendar);
  if (days.length === 0)
    throw new DomainError('INPUT_INVALID', msg('plan.none_open', { week }), [
      { field: 'week', value: week, reason: msg('plan.none_open_reason') },
    ]);
  const settings: RosterSettings = { ...models.optimize.roster, ...input.roster };
  const req = staffRequirements(
    days,
    input.points,
    input.forecastRows,
    models.fields,
    models.staffing,
    calendar,
    {
      receptionQuantile: models.optimize.planning.reception_quantile,
      ...(models.workTypes ? { workTypes: models.workTypes } : {}),
      ...(input.hourlyProfiles ? { hourlyProfiles: input.hourlyProfiles } : {}),
    },
  );
  const tReq = clock();
  const problem = buildProblem(days, input.points, input.staff, req, calendar, models.optimize, {
    weights: input.weights,
    leave: input.leave,
    travelMinutes: input.travelMinutes,
    maxMovedDays: settings.max_moved_days_per_week,
  });
  const matrix = travelMatrix(problem.points, problem.travel, problem.travel_minutes);
  const fieldShare = counterFieldShare(input.forecastRows, new Set(days), models.fields);
  const solveOpts = { maxBranchNodes: models.optimize.planning.max_branch_nodes, matrix };
  // A re-plan solves only the days from `pin.from` on; the kept days are merged back after stage 2.
  const pin = input.pin ? pinWeek(problem, input.pin, input.staff, matrix) : undefined;
  const solved = pin ? pin.rest : problem;

  let stage1Ms = 0;
  let stage2Ms = 0;
  let t = clock();
  let stage1 = solveStage1(solved, solveOpts);
  stage1Ms += clock() - t;
  let roster: Roster = { entries: [], moves: [], unfilled: [], per_staff: [], continued_moves: 0 };
  let repairs = 0;
  for (;;) {
    if (stage1.status === 'infeasible') break;
    t = clock();
    roster = buildRoster({
      problem: solved,
      stage1,
      staff: input.staff,
      settings,
      leave: input.leave,
      history: input.history,
      travelLimits: input.travelLimits,
      fieldShare,
      matrix,
      ...(pin ? { movedAlready: pin.movedAlready, keep: pin.keep } : {}),
    });
    stage2Ms += clock() - t;
    if (roster.unfilled.length === 0 || repairs >= models.optimize.planning.repair_rounds) break;
    repairs++;
    const dIdx = new Map(solved.days.map((d, i) => [d, i]));
    const missing = new Map<string, number>();
    for (const u of roster.unfilled)
      missing.set(`${u.from}|${u.date}`, (missing.get(`${u.from}|${u.date}`) ?? 0) + u.staff);
    for (const [key, k] of missing) {
      const [from, date] = key.split('|') as [string, string];
      const d = dIdx.get(date)!;
      const out = stage1.moves
        .filter((m) => m.day === date && m.from === from)
        .reduce((s, m) => s + m.staff, 0);
      const cap = solved.movable![from]!;
      cap[d] = Math.max(0, Math.min(cap[d]!, out - k));
    }
    t = clock();
    stage1 = solveStage1(solved, solveOpts);
    stage1Ms += clock() - t;
  }
  if (pin) ({ stage1, roster } = pin.merge(stage1, roster));

  const before = evaluateMoves(problem, [], matrix);
  const after = evaluateMoves(problem, rosterMoves(roster), matrix);
  const kpis = kpisOf(
    problem,
    req,
    stage1,
    roster,
    before,
    after,
    models.staffing,
    models.workTypes ? { staff: input.staff, workTypes: models.workTypes } : undefined,
  );
  const explanation: Msg[] = [
    msg('plan.week', {
      week: isoWeekLabel(week),
      first: days[0]!,
      last: days[days.length - 1]!,
      points: problem.points.length,
      staff: input.staff.filter((s) => s.active).length,
    }),
    ...(pin?.explanation ?? []),
    ...stage1.explanation,
  ];
  if (stage1.status !== 'infeasible')
    explanation.push(
      msg('plan.roster', {
        moves: kpis.moves,
        people: kpis.people_moved,
        minutes: Math.round(kpis.travel_minutes),
        continued: roster.continued_moves,
        before: kpis.service_level.before,
        after: kpis.service_level.after,
        target: kpis.service_level.target,
      }),
      ...(repairs > 0 ? [msg('plan.repairs', { count: repairs })] : []),
      ...roster.unfilled.map((u) =>
        msg('plan.unfilled', {
          staff: u.staff,
          from: u.from,
          to: u.to,
          date: u.date,
          reason: u.reason,
        }),
      ),
      ...kpis.counter_shortfalls.slice(0, 20).map((s) =>
        msg('plan.shortfall', {
          point: problem.points.find((p) => p.id === s.point)?.name ?? s.point,
          day: dayMsg(s.date),
          needed: s.needed,
          hours: hoursText(s.hours),
          present: s.present,
        }),
      ),
      ...(kpis.counter_shortfalls.length > 20
        ? [msg('plan.shortfall_more', { count: kpis.counter_shortfalls.length - 20 })]
        : []),
      ...kpis.pool_skill_shortfalls.map((p) =>
        msg('plan.pool_skill_short', {
          day: dayMsg(p.date),
          field: msg(`roadmap.field.${p.field}` as MessageKey),
          staffDays: p.staff_days,
        }),
      ),
      ...(kpis.specialist_staff_days > 0
        ? [msg('plan.specialists', { staffDays: kpis.specialist_staff_days })]
        : []),
    );
  const plan: WeeklyPlan = {
    week,
    week_label: isoWeekLabel(week),
    days,
    problem,
    stage1,
    roster,
    kpis,
    explanation,
  };
  if (pin) plan.replan = pin.info;
  if (input.clock)
    plan.timings = {
      requirements_ms: tReq - tStart,
      stage1_ms: stage1Ms,
      stage2_ms: stage2Ms,
      total_ms: clock() - tStart,
      repairs,
    };
  return plan;
}

/**
 * The roster as CSV rows: one per person and day (home, moved or leave), with the reason of each move
 * rendered in `lang`.
 */
export function planToCsv(plan: WeeklyPlan, lang: Lang = 'en'): { header: string[]; rows: unknown[][] } {
  const reasons = new Map(plan.roster.moves.map((m) => [`${m.date}|${m.staff_id}`, render(m.reason, lang)]));
  return {
    header: [
      'week',
      'date',
      'staff_id',
      'name',
      'home_point',
      'work_point',
      'status',
      'travel_minutes',
      'reason',
    ],
    rows: plan.roster.entries.map((e) => [
      plan.week_label,
      e.date,
      e.staff_id,
      e.name,
      e.home_point,
      e.work_point ?? '',
      e.status,
      Math.round(e.minutes * 10) / 10,
      reasons.get(`${e.date}|${e.staff_id}`) ?? '',
    ]),
  };
}
