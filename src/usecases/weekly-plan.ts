import { createHash } from 'node:crypto';
import type { Config } from '../config.ts';
import { WorkCalendar } from '../core/calendar/calendar.ts';
import { addDays, diffDays, mondayOf } from '../core/calendar/dates.ts';
import { DomainError } from '../core/errors.ts';
import { type Lang, localize, type MessageKey, type Msg, msg, reasonOf } from '../core/messages.ts';
import { diffRosterMoves, type MovesDiff } from '../core/optimize/plan-diff.ts';
import { applyScenarioToPlan } from '../core/optimize/plan-scenario.ts';
import { buildWeeklyPlan, planningDays, planToCsv, type WeeklyPlan } from '../core/optimize/weekly-plan.ts';
import type { LocalEvent } from '../schemas/models.ts';
import type { ForecastRow } from '../schemas/plan.ts';
import { Scenario, type ScenarioEdit } from '../schemas/scenario.ts';
import { parseOrThrow } from '../schemas/validate.ts';
import type { Db, Queryable } from '../store/db.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadOptimizeModel,
  loadStaffingModel,
} from '../store/model-files.ts';
import { listPoints } from '../store/points-repo.ts';
import { listStaff } from '../store/staff-repo.ts';
import { toCsv } from './csv-write.ts';
import { type Progress, runForecastFromStore } from './forecast-run.ts';

export interface WeeklyPlanRequest {
  /** Any date of the week; the plan starts on its Monday. */
  week: string;
  /** What-if edits (same format as `simulate --scenario`) applied before optimising. */
  scenario?: unknown[];
  /** Forecast run to plan on; default the latest stored run covering the week, else a new run. */
  forecastRunId?: string;
}

export interface PlanSummary {
  id: string;
  week: string;
  created_at: string;
  status: 'draft' | 'approved' | 'rejected';
  forecast_run_id: string | null;
  scenario: unknown[] | null;
  kpis: WeeklyPlan['kpis'];
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface StoredPlan extends PlanSummary {
  result: WeeklyPlan & { scenario_notes?: string[]; scenario_notes_msgs?: Msg[] };
}

/** Latest complete forecast run whose horizon covers all `days`. */
export async function findForecastRun(db: Queryable, days: string[]): Promise<string | undefined> {
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const [row] = await db.query<{ id: string }>(
    `SELECT id FROM forecast_runs WHERE status = 'complete' AND as_of < $1::date AND as_of + horizon >= $2::date
     ORDER BY as_of DESC, created_at DESC LIMIT 1`,
    [first, last],
  );
  return row?.id;
}

/** Series-level forecast rows of a run on the given days, quantiles named p10/p50/p90. */
export async function loadForecastRows(db: Queryable, runId: string, days: string[]): Promise<ForecastRow[]> {
  const rows = await db.query<{
    date: string;
    point: string;
    channel: string;
    field: string;
    mean: number;
    quantiles: Record<string, number>;
  }>(
    `SELECT date::text AS date, point, channel, field, mean, quantiles FROM forecast_values
     WHERE run_id = $1 AND level = 'series' AND date = ANY($2::date[]) ORDER BY point, date, channel, field`,
    [runId, days],
  );
  return rows.map((r) => ({
    date: r.date,
    point: r.point,
    channel: r.channel as ForecastRow['channel'],
    field: r.field as ForecastRow['field'],
    mean: Math.max(0, r.mean),
    quantiles: Object.fromEntries(
      Object.entries(r.quantiles)
        .filter(([l]) => Number(l) * 100 === Math.round(Number(l) * 100))
        .map(([l, v]) => [`p${Math.round(Number(l) * 100)}`, Math.max(0, v)]),
    ),
  }));
}

/** Makes sure a forecast covers the week: the latest stored run if it does, else a new run from the store. */
export async function ensureForecastFor(
  db: Db,
  config: Pick<Config, 'MODELS_DIR'>,
  days: string[],
  onProgress?: Progress,
): Promise<string> {
  const existing = await findForecastRun(db, days);
  if (existing) return existing;
  const [last] = await db.query<{ d: string | null }>('SELECT max(date)::text AS d FROM daily_volumes');
  if (!last?.d) throw new DomainError('FORECAST_HISTORY_TOO_SHORT', msg('plan.no_volumes'));
  const asOf = last.d < days[0]! ? last.d : addDays(days[0]!, -1);
  const horizon = diffDays(asOf, days[days.length - 1]!);
  if (horizon > 120)
    throw new DomainError(
      'FORECAST_HISTORY_TOO_SHORT',
      msg('plan.history_old', { last: last.d, days: horizon }),
    );
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
  const calendarModel = loadCalendarModel(config.MODELS_DIR);
  const points = await listPoints(db);
  if (points.length === 0) throw new DomainError('NOT_FOUND', msg('plan.no_points'));
  const events = await db.query<LocalEvent>(
    'SELECT date::text AS date, name, closed, points FROM calendar_events',
  );
  for (const e of events) if (e.points === null) delete e.points;
  const baseCalendar = new WorkCalendar(calendarModel, events);
  const days = planningDays(week, points, baseCalendar);
  if (days.length === 0)
    throw new DomainError('INPUT_INVALID', msg('plan.none_open', { week }), [
      { field: 'week', value: week, ...reasonOf('plan.none_open_reason') },
    ]);
  await onProgress?.(5, 'forecast');
  const forecastRunId =
    req.forecastRunId ??
    (await ensureForecastFor(db, config, days, async (p, s) => onProgress?.(5 + p * 0.6, `forecast: ${s}`)));
  const staff = await listStaff(db);
  let fields = loadFieldsModel(config.MODELS_DIR);
  let staffing = loadStaffingModel(config.MODELS_DIR);
  const optimize = loadOptimizeModel(config.MODELS_DIR);
  const planId = planIdOf(week, forecastRunId, req.scenario, [
    points,
    staff,
    events,
    fields,
    staffing,
    optimize,
    calendarModel,
  ]);
  const [stored] = await db.query<{ status: string }>('SELECT status FROM plans WHERE id = $1', [planId]);
  if (stored) return { planId, reused: true, status: stored.status };

  await onProgress?.(70, 'requirements and optimisation');
  let forecastRows = await loadForecastRows(db, forecastRunId, days);
  if (forecastRows.length === 0)
    throw new DomainError('NOT_FOUND', msg('plan.no_forecast_rows', { run: forecastRunId, week }));
  let planStaff = staff;
  let calendar = baseCalendar;
  let notes: string[] | undefined;
  let noteMsgs: Msg[] | undefined;
  if (edits?.length) {
    const applied = applyScenarioToPlan(
      { points, staff, forecastRows, fields, staffing, events },
      edits,
      days,
    );
    ({ forecastRows, fields, staffing } = applied.world);
    planStaff = applied.world.staff;
    calendar = new WorkCalendar(calendarModel, applied.world.events);
    notes = applied.notes;
    noteMsgs = applied.notes_msgs;
  }
  const plan = buildWeeklyPlan({
    week,
    days,
    points,
    staff: planStaff,
    forecastRows,
    models: { fields, staffing, optimize },
    calendar,
    history: await moveHistory(db, week),
  });
  await onProgress?.(90, 'saving');
  const result = notes ? { ...plan, scenario_notes: notes, scenario_notes_msgs: noteMsgs } : plan;
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO plans (id, week, status, forecast_run_id, scenario, parameters, inputs, kpis, result)
       VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [
        planId,
        week,
        forecastRunId,
        req.scenario ? JSON.stringify(req.scenario) : null,
        JSON.stringify({ weights: plan.problem.weights, travel: plan.problem.travel }),
        JSON.stringify({
          days,
          points: points.length,
          staff: planStaff.filter((s) => s.active).length,
          forecast_rows: forecastRows.length,
        }),
        JSON.stringify(plan.kpis),
        JSON.stringify(result),
      ],
    );
    let csv = '';
    const seen = new Set<string>();
    for (const m of plan.roster.moves) {
      const key = `${m.date}|${m.staff_id}|${m.from}|${m.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      csv += `${q(planId)},${m.date},${q(m.staff_id)},${q(m.from)},${q(m.to)},1,${m.minutes},${q(m.reason)}\n`;
    }
    if (csv)
      await tx.copyCsv(
        'plan_moves',
        ['plan_id', 'day', 'staff_id', 'from_point', 'to_point', 'staff', 'minutes', 'reason'],
        csv,
      );
  });
  await onProgress?.(100, 'done');
  return { planId, reused: false, status: 'draft' };
}

const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Moved days and travel minutes per person over the four approved weeks before `week` (fairness). */
async function moveHistory(db: Queryable, week: string) {
  const rows = await db.query<{ staff_id: string; moved_days: number; travel_minutes: number }>(
    `SELECT m.staff_id, count(*)::int AS moved_days, sum(m.minutes)::float8 AS travel_minutes
     FROM plan_moves m JOIN plans p ON p.id = m.plan_id
     WHERE p.status = 'approved' AND p.week >= $1::date AND p.week < $2::date AND m.staff_id <> ''
     GROUP BY m.staff_id`,
    [addDays(week, -28), week],
  );
  return Object.fromEntries(
    rows.map((r) => [r.staff_id, { moved_days: r.moved_days, travel_minutes: r.travel_minutes }]),
  );
}

const SUMMARY_COLS = `id, week::text AS week, created_at::text AS created_at, status, forecast_run_id, scenario, kpis,
  decided_by, decided_at::text AS decided_at, decision_note`;

export async function listPlans(db: Queryable, opts: { week?: string } = {}): Promise<PlanSummary[]> {
  return opts.week
    ? db.query<PlanSummary>(`SELECT ${SUMMARY_COLS} FROM plans WHERE week = $1 ORDER BY created_at DESC`, [
        mondayOf(opts.week),
      ])
    : db.query<PlanSummary>(
        `SELECT ${SUMMARY_COLS} FROM plans ORDER BY week DESC, created_at DESC LIMIT 200`,
      );
}

export async function getPlan(db: Queryable, id: string): Promise<StoredPlan> {
  const [row] = await db.query<StoredPlan>(`SELECT ${SUMMARY_COLS}, result FROM plans WHERE id = $1`, [id]);
  if (!row) throw new DomainError('NOT_FOUND', msg('plan.not_found', { id }));
  return row;
}

/** A stored plan's head (week, status, decision, KPIs) without its result. */
export async function getPlanHead(db: Queryable, id: string): Promise<PlanSummary> {
  const [row] = await db.query<PlanSummary>(`SELECT ${SUMMARY_COLS} FROM plans WHERE id = $1`, [id]);
  if (!row) throw new DomainError('NOT_FOUND', msg('plan.not_found', { id }));
  return row;
}

/**
 * A stored plan without the stage-1 problem arrays and the per-person roster entries (moves, unfilled and
 * continued moves kept): what a manager reads. Trimmed in SQL, so the 1.5 MB of a Hanoi plan's arrays are
 * neither sent nor parsed.
 */
export async function getPlanSummary(db: Queryable, id: string): Promise<StoredPlan> {
  const [row] = await db.query<StoredPlan>(
    `SELECT ${SUMMARY_COLS},
       (result - 'problem' - 'roster') || jsonb_build_object('roster', jsonb_strip_nulls(jsonb_build_object(
         'moves', result->'roster'->'moves',
         'unfilled', result->'roster'->'unfilled',
         'continued_moves', result->'roster'->'continued_moves'))) AS result
     FROM plans WHERE id = $1`,
    [id],
  );
  if (!row) throw new DomainError('NOT_FOUND', msg('plan.not_found', { id }));
  return row;
}

/** The latest draft or approved plan of a week (approved first). */
export async function planOfWeek(db: Queryable, week: string): Promise<StoredPlan> {
  const [row] = await db.query<{ id: string }>(
    `SELECT id FROM plans WHERE week = $1 AND scenario IS NULL AND status <> 'rejected'
     ORDER BY (status = 'approved') DESC, created_at DESC LIMIT 1`,
    [mondayOf(week)],
  );
  if (!row) throw new DomainError('NOT_FOUND', msg('plan.none_for_week', { week: mondayOf(week) }));
  return getPlan(db, row.id);
}

/** A manager approves or rejects a draft; a decided plan cannot be decided again. */
export async function decidePlan(
  db: Db,
  id: string,
  decision: { decision: 'approved' | 'rejected'; by: string; note?: string },
): Promise<PlanSummary> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ status: string; week: string }>(
      'SELECT status, week::text AS week FROM plans WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!row) throw new DomainError('NOT_FOUND', msg('plan.not_found', { id }));
    if (row.status !== 'draft')
      throw new DomainError(
        'CONFLICT',
        msg('plan.decided', { id, status: msg(`plan.status.${row.status}` as MessageKey) }),
      );
    if (decision.decision === 'approved') {
      const [other] = await tx.query<{ id: string }>(
        `SELECT id FROM plans WHERE week = $1 AND status = 'approved' AND id <> $2`,
        [row.week, id],
      );
      if (other)
        throw new DomainError('CONFLICT', msg('plan.other_approved', { week: row.week, other: other.id }));
    }
    await tx.query(
      `UPDATE plans SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1`,
      [id, decision.decision, decision.by, decision.note ?? null],
    );
    const [out] = await tx.query<PlanSummary>(`SELECT ${SUMMARY_COLS} FROM plans WHERE id = $1`, [id]);
    return out!;
  });
}

export interface PlanDiff {
  a: string;
  b: string;
  kpis: Record<string, { a: number | null; b: number | null; delta: number | null }>;
  /** staff present per point and day where the plans differ */
  present: Array<{ point: string; day: string; a: number; b: number }>;
  /** the named moves of b against a, person by person and day by day (core/optimize/plan-diff.ts) */
  moves: MovesDiff;
  /** `moves.removed.length`: moves of a whose person b does not move that day */
  moves_only_in_a: number;
  /** `moves.added.length`: moves of b whose person a does not move that day */
  moves_only_in_b: number;
  /** `moves.changed.length`: the same person and day, another destination, origin or minutes */
  moves_changed: number;
}

/** What changes between two plans: KPIs, staff present per point and day, moves added, removed or changed. */
export async function diffPlans(db: Queryable, aId: string, bId: string): Promise<PlanDiff> {
  const [a, b] = await Promise.all([getPlan(db, aId), getPlan(db, bId)]);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const flat = (k: WeeklyPlan['kpis']) => ({
    service_level_after: k.service_level.after,
    unmet_reception_hours: k.unmet_hours.reception_after,
    unmet_processing_hours: k.unmet_hours.processing_after,
    moves: k.moves,
    people_moved: k.people_moved,
    travel_minutes: k.travel_minutes,
    objective: k.objective,
  });
  const ka = flat(a.kpis) as Record<string, unknown>;
  const kb = flat(b.kpis) as Record<string, unknown>;
  const kpis: PlanDiff['kpis'] = {};
  for (const k of Object.keys(ka)) {
    const va = num(ka[k]);
    const vb = num(kb[k]);
    kpis[k] = { a: va, b: vb, delta: va !== null && vb !== null ? vb - va : null };
  }
  const present: PlanDiff['present'] = [];
  const pa = a.result.stage1.present ?? {};
  const pb = b.result.stage1.present ?? {};
  const daysA = a.result.days;
  for (const point of new Set([...Object.keys(pa), ...Object.keys(pb)]))
    daysA.forEach((day, i) => {
      const va = pa[point]?.[i] ?? 0;
      const j = b.result.days.indexOf(day);
      const vb = j >= 0 ? (pb[point]?.[j] ?? 0) : 0;
      if (va !== vb) present.push({ point, day, a: va, b: vb });
    });
  const moves = diffRosterMoves(a.result.roster.moves, b.result.roster.moves);
  return {
    a: aId,
    b: bId,
    kpis,
    present,
    moves,
    moves_only_in_a: moves.removed.length,
    moves_only_in_b: moves.added.length,
    moves_changed: moves.changed.length,
  };
}

/** The roster of a plan as CSV: one row per person and day, reasons in `lang` (default English). */
export async function planCsv(db: Queryable, id: string, lang: Lang = 'en'): Promise<string> {
  const plan = await getPlan(db, id);
  const { header, rows } = planToCsv(localize(plan.result, lang));
  return toCsv(header, rows);
}
