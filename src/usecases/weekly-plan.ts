import { createHash } from 'node:crypto';
import type { Config } from '../config.ts';
import { WorkCalendar } from '../core/calendar/calendar.ts';
import { addDays, diffDays, isIsoDate, mondayOf } from '../core/calendar/dates.ts';
import { DomainError } from '../core/errors.ts';
import { type MessageKey, type Msg, msg } from '../core/messages.ts';
import { applyScenarioToPlan, type PlanWorld } from '../core/optimize/plan-scenario.ts';
import type { AttendanceRow, PlanPin, ReplanInfo } from '../core/optimize/replan.ts';
import { buildWeeklyPlan, planningDays } from '../core/optimize/weekly-plan.ts';
import type { Point, Staff } from '../schemas/domain.ts';
import type { FieldsModel, LocalEvent, OptimizeModel, StaffingModel } from '../schemas/models.ts';
import { Scenario, type ScenarioEdit } from '../schemas/scenario.ts';
import { parseOrThrow } from '../schemas/validate.ts';
import type { WorkTypesModel } from '../schemas/work-types.ts';
import { listAttendance } from '../store/attendance-repo.ts';
import { listLocalEvents } from '../store/calendar-repo.ts';
import type { Db, Queryable } from '../store/db.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadOptimizeModel,
  loadStaffingModel,
  loadWorkTypesModel,
} from '../store/model-files.ts';
import {
  approvedMoveTotals,
  findApprovedPlanIdOfWeek,
  findOtherApprovedPlan,
  findPlan,
  findPlanBase,
  findPlanHead,
  findPlanIdOfWeek,
  findPlanStatus,
  findPlanTrimmed,
  insertDraftPlan,
  listPlanSummaries,
  lockPlan,
  type PlanSummary,
  type StoredPlan,
  setPlanDecision,
  supersedePlan,
} from '../store/plans-repo.ts';
import { listPoints } from '../store/points-repo.ts';
import { staffOn } from '../store/roadmaps-repo.ts';
import { lastVolumeDate } from '../store/volumes-repo.ts';
import { findForecastRun, loadForecastRows, runForecastFromStore } from './forecast-run.ts';
import { diffStoredPlans, type PlanDiff } from './plan-diff.ts';
import type { Progress, Stage } from './progress.ts';

export interface WeeklyPlanRequest {
  /** Any date of the week; the plan starts on its Monday. */
  week: string;
  /** What-if edits (same format as `simulate --scenario`) applied before optimising. */
  scenario?: unknown[];
  /** Forecast run to plan on; default the latest stored run covering the week, else a new run. */
  forecastRunId?: string;
}

export type { PlanSummary, StoredPlan } from '../store/plans-repo.ts';

/** Makes sure a forecast covers the week: the latest stored run if it does, else a new run from the store. */
export async function ensureForecastFor(
  db: Db,
  config: Pick<Config, 'MODELS_DIR'>,
  days: string[],
  onProgress?: Progress<Stage>,
): Promise<string> {
  const existing = await findForecastRun(db, days);
  if (existing) return existing;
  const last = await lastVolumeDate(db);
  if (!last) throw new DomainError('FORECAST_HISTORY_TOO_SHORT', msg('plan.no_volumes'));
  const asOf = last < days[0]! ? last : addDays(days[0]!, -1);
  const horizon = diffDays(asOf, days[days.length - 1]!);
  if (horizon > 120)
    throw new DomainError('FORECAST_HISTORY_TOO_SHORT', msg('plan.history_old', { last, days: horizon }));
  const run = await runForecastFromStore(db, config, { asOf, horizon }, onProgress);
  return run.runId;
}

/** A hash of everything the plan depends on: a retried job finds its own plan, a changed input makes a new one. */
function planIdOf(
  week: string,
  forecastRunId: string,
  scenario: unknown[] | undefined,
  inputs: unknown,
): string {
  const h = createHash('sha1')
    .update(JSON.stringify([forecastRunId, scenario ?? null, inputs]))
    .digest('hex')
    .slice(0, 10);
  return `plan-${week}-${scenario?.length ? 'scn-' : ''}${h}`;
}

/**
 * Drafts the weekly plan of a week from the store: forecast → requirements → stage 1 → roster, saved with its
 * moves in ONE transaction (a failure leaves no half-written plan). Idempotent: the same week, forecast run
 * and scenario give the same plan id, and a second call returns the stored draft.
 */
export async function runWeeklyPlan(
  db: Db,
  config: Pick<Config, 'MODELS_DIR'>,
  req: WeeklyPlanRequest,
  onProgress?: Progress,
): Promise<{ planId: string; reused: boolean; status: string }> {
  const week = mondayOf(req.week);
  const edits: ScenarioEdit[] | undefined = req.scenario
    ? (parseOrThrow(Scenario, req.scenario, 'scenario') as ScenarioEdit[])
    : undefined;
  const ctx = await loadWeek(db, config, week, req.forecastRunId, onProgress);
  const planId = planIdOf(week, ctx.forecastRunId, req.scenario, ctx.fingerprint);
  const storedStatus = await findPlanStatus(db, planId);
  if (storedStatus) return { planId, reused: true, status: storedStatus };

  await onProgress?.(70, 'requirements and optimisation');
  const { plan: built, world, notes } = await planOnWorld(db, ctx, edits);
  const { replan: _none, ...plan } = built;
  await onProgress?.(90, 'saving');
  const result = notes ? { ...plan, scenario_notes: notes } : plan;
  await db.transaction((tx) =>
    insertDraftPlan(tx, {
      id: planId,
      week,
      forecastRunId: ctx.forecastRunId,
      scenario: req.scenario ?? null,
      parameters: { weights: plan.problem.weights, travel: plan.problem.travel },
      inputs: {
        days: ctx.days,
        points: ctx.points.length,
        staff: world.staff.filter((s) => s.active).length,
        forecast_rows: world.forecastRows.length,
      },
      kpis: plan.kpis,
      result,
      moves: plan.roster.moves,
    }),
  );
  await onProgress?.(100, 'done');
  return { planId, reused: false, status: 'draft' };
}

/** What a week is planned on, loaded from the store (the forecast made first if none covers the week). */
interface WeekContext {
  week: string;
  days: string[];
  points: Point[];
  staff: Staff[];
  events: LocalEvent[];
  calendarModel: ReturnType<typeof loadCalendarModel>;
  fields: FieldsModel;
  staffing: StaffingModel;
  optimize: OptimizeModel;
  workTypes: WorkTypesModel;
  forecastRunId: string;
  /** everything the plan depends on besides the forecast run and the edits (hashed into its id) */
  fingerprint: unknown[];
}

async function loadWeek(
  db: Db,
  config: Pick<Config, 'MODELS_DIR'>,
  week: string,
  forecastRunId: string | undefined,
  onProgress?: Progress,
): Promise<WeekContext> {
  const inputs = await weekInputs(db, config, week);
  if (inputs.points.length === 0) throw new DomainError('NOT_FOUND', msg('plan.no_points'));
  const days = daysOf(week, inputs);
  if (days.length === 0)
    throw new DomainError('INPUT_INVALID', msg('plan.none_open', { week }), [
      { field: 'week', value: week, reason: msg('plan.none_open_reason') },
    ]);
  await onProgress?.(5, 'forecast');
  const runId =
    forecastRunId ??
    (await ensureForecastFor(db, config, days, async (p, s) => onProgress?.(5 + p * 0.6, `forecast: ${s}`)));
  return { ...inputs, week, days, forecastRunId: runId, fingerprint: fingerprintOf(inputs) };
}

type WeekInputs = Omit<WeekContext, 'week' | 'days' | 'forecastRunId' | 'fingerprint'>;

/** What a week's plan reads besides the forecast: the store's points, staff and events, and the model files. */
async function weekInputs(
  db: Queryable,
  config: Pick<Config, 'MODELS_DIR'>,
  week: string,
): Promise<WeekInputs> {
  return {
    calendarModel: loadCalendarModel(config.MODELS_DIR),
    points: await listPoints(db),
    events: await listLocalEvents(db),
    // Home points as the staff history has them on the Monday (an approved roadmap's transfers from its start).
    staff: await staffOn(db, week),
    fields: loadFieldsModel(config.MODELS_DIR),
    staffing: loadStaffingModel(config.MODELS_DIR),
    optimize: loadOptimizeModel(config.MODELS_DIR),
    workTypes: loadWorkTypesModel(config.MODELS_DIR),
  };
}

/** The planning days of the week: the days some point is open on the calendar with the store's events. */
const daysOf = (week: string, i: WeekInputs): string[] =>
  planningDays(week, i.points, new WorkCalendar(i.calendarModel, i.events));

/** A short hash of a JSON value: the job ids' keys of what a plan reads. */
const key8 = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8);

/** The inputs hashed into a plan's id (this order: the ids of the plans already stored stay what they were). */
const fingerprintOf = (i: WeekInputs): unknown[] => [
  i.points,
  i.staff,
  i.events,
  i.fields,
  i.staffing,
  i.optimize,
  i.workTypes,
  i.calendarModel,
];

/**
 * What a plan of `week` would be computed from now, as a short hash: the forecast run (the one given, or the
 * stored run that covers the week), the points, the staff on the Monday, the calendar's events and the model
 * files. The plan and re-plan jobs' ids carry it, so a plan asked again after any of them changed (a staff
 * import, a closure in the calendar, the night's forecast) is a new job — not the finished job of the old
 * inputs, which the queue keeps under the same id for two weeks.
 */
export async function planInputsKey(
  db: Queryable,
  config: Pick<Config, 'MODELS_DIR'>,
  week: string,
  forecastRunId?: string,
): Promise<string> {
  const monday = mondayOf(week);
  const inputs = await weekInputs(db, config, monday);
  const days = daysOf(monday, inputs);
  const run = forecastRunId ?? (days.length ? ((await findForecastRun(db, days)) ?? null) : null);
  return key8([run, fingerprintOf(inputs)]);
}

/** The weekly plan of a loaded week under scenario edits (and, for a re-plan, with its kept days). */
async function planOnWorld(db: Db, ctx: WeekContext, edits: ScenarioEdit[] | undefined, pin?: PlanPin) {
  const { week, days, points, staff, events, calendarModel } = ctx;
  const forecastRows = await loadForecastRows(db, ctx.forecastRunId, days);
  if (forecastRows.length === 0)
    throw new DomainError('NOT_FOUND', msg('plan.no_forecast_rows', { run: ctx.forecastRunId, week }));
  let world: PlanWorld = {
    points,
    staff,
    forecastRows,
    fields: ctx.fields,
    staffing: ctx.staffing,
    events,
    calendar: calendarModel,
  };
  let notes: Msg[] | undefined;
  if (edits?.length) {
    const applied = applyScenarioToPlan(world, edits, days);
    world = applied.world;
    notes = applied.notes;
  }
  const plan = buildWeeklyPlan({
    week,
    days,
    points,
    staff: world.staff,
    forecastRows: world.forecastRows,
    models: {
      fields: world.fields,
      staffing: world.staffing,
      optimize: ctx.optimize,
      workTypes: ctx.workTypes,
    },
    calendar: new WorkCalendar(calendarModel, world.events),
    history: await moveHistory(db, week),
    ...(world.leave?.length ? { leave: world.leave } : {}),
    ...(pin ? { pin } : {}),
  });
  return { plan, world, notes };
}

export interface ReplanRequest {
  /** the approved plan to re-plan; without it, the approved plan of `week` */
  planId?: string;
  week?: string;
  /** first day optimised again; the planning days before it are kept as approved */
  from: string;
  /** what changed since (closures, sick leave, a surge), added to the edits the base plan was made under */
  scenario?: unknown[];
  /** forecast run to plan on (default: the base plan's) */
  forecastRunId?: string;
}

export interface ReplanOutcome {
  planId: string;
  reused: boolean;
  status: string;
  base_plan: string;
  from: string;
  /** the kept days (before `from`) and where each comes from: the approved roster, or attendance records */
  kept: ReplanInfo['kept'];
  /** the new version against the approved plan (GET /plans/:base/diff/:id gives the same) */
  diff: PlanDiff;
}

/**
 * What a re-plan from `from` reads of attendance, as a short hash (undefined when no kept day has a record): the
 * re-plan job's id carries it, so a re-plan asked again after an attendance import runs again instead of
 * returning the job that ran before it.
 */
export async function replanAttendanceKey(
  db: Queryable,
  week: string,
  from: string,
): Promise<string | undefined> {
  const rows = await keptAttendance(db, mondayOf(week), from);
  return rows.length ? key8(rows) : undefined;
}

/**
 * The attendance records of the kept days (the week's Monday up to the day before `from`) as the re-plan core
 * reads them: recorded absent is `work_point: null`.
 */
async function keptAttendance(db: Queryable, week: string, from: string): Promise<AttendanceRow[]> {
  if (from <= week) return [];
  const rows = await listAttendance(db, week, addDays(from, -1));
  return rows.map((r) => ({ date: r.day, staff_id: r.staff_id, work_point: r.present ? r.point : null }));
}

/**
 * Re-plans an approved plan from a day on: the days before `from` are kept as approved, or — a day with any
 * attendance record (`import --attendance`, `POST /attendance`) — as attendance recorded them, person by person
 * (core/optimize/replan.ts: recorded at another point, kept there; recorded absent, not counted), the rest is optimised
 * again under the base plan's edits plus `scenario`, and saved as a new draft version of the week with its
 * diff against the approved plan. Approving the version supersedes the approved plan. Idempotent like
 * {@link runWeeklyPlan}.
 * @throws DomainError NOT_FOUND (no such plan, no approved plan of the week), CONFLICT (the plan is not
 *   approved), INPUT_INVALID (`from` outside the week or after its last planning day, invalid edits)
 */
export async function runReplan(
  db: Db,
  config: Pick<Config, 'MODELS_DIR'>,
  req: ReplanRequest,
  onProgress?: Progress,
): Promise<ReplanOutcome> {
  const baseId = req.planId ?? (await approvedPlanIdOfWeek(db, req.week));
  const base = await getPlan(db, baseId);
  if (base.status !== 'approved')
    throw new DomainError(
      'CONFLICT',
      msg('replan.not_approved', { id: base.id, status: msg(`plan.status.${base.status}` as MessageKey) }),
    );
  const week = base.week;
  if (!isIsoDate(req.from) || req.from < week || req.from > addDays(week, 6))
    throw new DomainError('INPUT_INVALID', msg('replan.outside_week', { from: req.from, week }), [
      { field: 'replan_from', value: req.from, reason: msg('replan.outside_week_reason') },
    ]);
  const added = req.scenario ? (parseOrThrow(Scenario, req.scenario, 'scenario') as ScenarioEdit[]) : [];
  const baseEdits = (base.result.replan?.edits ?? base.scenario ?? []) as ScenarioEdit[];
  const edits = [...baseEdits, ...added];
  const ctx = await loadWeek(
    db,
    config,
    week,
    req.forecastRunId ?? base.forecast_run_id ?? undefined,
    onProgress,
  );
  const attendance = await keptAttendance(db, week, req.from);
  // Attendance recorded (or corrected) after a re-plan makes another version; none leaves the id as it was.
  const planId = `plan-${week}-r${req.from.replace(/-/g, '')}-${planIdOf(week, ctx.forecastRunId, edits, [
    base.id,
    ctx.fingerprint,
    ...(attendance.length ? [attendance] : []),
  ]).slice(-10)}`;
  const stored = await findPlanStatus(db, planId);
  if (!stored) {
    await onProgress?.(70, 'requirements and optimisation');
    const pin: PlanPin = {
      from: req.from,
      approved: base.result,
      ...(attendance.length ? { attendance } : {}),
    };
    const { plan, world, notes } = await planOnWorld(db, ctx, edits, pin);
    await onProgress?.(90, 'saving');
    const replan = { ...plan.replan!, base_plan: base.id, edits };
    const result = {
      ...plan,
      replan,
      ...(notes ? { scenario_notes: notes } : {}),
    };
    await db.transaction((tx) =>
      insertDraftPlan(tx, {
        id: planId,
        week,
        forecastRunId: ctx.forecastRunId,
        scenario: null,
        parameters: { weights: plan.problem.weights, travel: plan.problem.travel },
        inputs: {
          days: ctx.days,
          points: ctx.points.length,
          staff: world.staff.filter((s) => s.active).length,
          forecast_rows: world.forecastRows.length,
          replan: { base_plan: base.id, from: req.from, edits: added.length },
        },
        kpis: plan.kpis,
        result,
        moves: plan.roster.moves,
      }),
    );
  }
  await onProgress?.(100, 'done');
  const next = await getPlan(db, planId);
  return {
    planId,
    reused: stored !== undefined,
    status: next.status,
    base_plan: base.id,
    from: req.from,
    kept: next.result.replan?.kept ?? [],
    diff: diffStoredPlans(base, next),
  };
}

/** The approved plan of a week, or NOT_FOUND. */
async function approvedPlanIdOfWeek(db: Queryable, week: string | undefined): Promise<string> {
  const monday = mondayOf(week ?? '');
  const id = await findApprovedPlanIdOfWeek(db, monday);
  if (!id) throw new DomainError('NOT_FOUND', msg('replan.no_approved', { week: monday }));
  return id;
}

/** Moved days and travel minutes per person over the four approved weeks before `week` (fairness). */
async function moveHistory(db: Queryable, week: string) {
  const rows = await approvedMoveTotals(db, addDays(week, -28), week);
  return Object.fromEntries(
    rows.map((r) => [r.staff_id, { moved_days: r.moved_days, travel_minutes: r.travel_minutes }]),
  );
}

export async function listPlans(db: Queryable, opts: { week?: string } = {}): Promise<PlanSummary[]> {
  return listPlanSummaries(db, opts.week ? { week: mondayOf(opts.week) } : {});
}

export async function getPlan(db: Queryable, id: string): Promise<StoredPlan> {
  return found(await findPlan(db, id), id);
}

/** A stored plan's head (week, status, decision, KPIs) without its result. */
export async function getPlanHead(db: Queryable, id: string): Promise<PlanSummary> {
  return found(await findPlanHead(db, id), id);
}

/**
 * A stored plan without the stage-1 problem arrays and the per-person roster entries (moves, unfilled and
 * continued moves kept): what a manager reads.
 */
export async function getPlanSummary(db: Queryable, id: string): Promise<StoredPlan> {
  return found(await findPlanTrimmed(db, id), id);
}

function found<T>(row: T | undefined, id: string): T {
  if (!row) throw new DomainError('NOT_FOUND', msg('plan.not_found', { id }));
  return row;
}

/** The latest draft or approved plan of a week (approved first). */
export async function planOfWeek(db: Queryable, week: string): Promise<StoredPlan> {
  const id = await findPlanIdOfWeek(db, mondayOf(week));
  if (!id) throw new DomainError('NOT_FOUND', msg('plan.none_for_week', { week: mondayOf(week) }));
  return getPlan(db, id);
}

/** A manager approves or rejects a draft; a decided plan cannot be decided again. */
export async function decidePlan(
  db: Db,
  id: string,
  decision: { decision: 'approved' | 'rejected'; by: string; note?: string },
): Promise<PlanSummary> {
  return db.transaction(async (tx) => {
    const row = await lockPlan(tx, id);
    if (!row) throw new DomainError('NOT_FOUND', msg('plan.not_found', { id }));
    if (row.status !== 'draft')
      throw new DomainError(
        'CONFLICT',
        msg('plan.decided', { id, status: msg(`plan.status.${row.status}` as MessageKey) }),
      );
    if (decision.decision === 'approved') {
      const other = await findOtherApprovedPlan(tx, row.week, id);
      // A re-plan of the approved plan replaces it: the approved one is kept, as superseded.
      if (other && other === (await findPlanBase(tx, id))) await supersedePlan(tx, other, id);
      else if (other)
        throw new DomainError('CONFLICT', msg('plan.other_approved', { week: row.week, other }));
    }
    return (await setPlanDecision(tx, id, decision))!;
  });
}

/** What changes from plan `aId` to plan `bId` (see {@link diffStoredPlans}). */
export async function diffPlans(db: Queryable, aId: string, bId: string): Promise<PlanDiff> {
  const [a, b] = await Promise.all([getPlan(db, aId), getPlan(db, bId)]);
  return diffStoredPlans(a, b);
}
