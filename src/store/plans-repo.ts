import { type Msg, readStoredTexts, render } from '../core/messages.ts';
import type { ReplanInfo } from '../core/optimize/replan.ts';
import type { WeeklyPlan } from '../core/optimize/weekly-plan.ts';
import type { Queryable } from './db.ts';

/** A stored plan's head: week, status, decision and KPIs. */
export interface PlanSummary {
  id: string;
  week: string;
  created_at: string;
  status: 'draft' | 'approved' | 'rejected' | 'superseded';
  forecast_run_id: string | null;
  scenario: unknown[] | null;
  kpis: WeeklyPlan['kpis'];
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  /** the re-plan that replaced this approved plan (status `superseded`) */
  superseded_by: string | null;
}

/** A re-plan's record: its kept days, the approved plan it re-plans and every edit it was made under. */
export type StoredReplan = ReplanInfo & { base_plan: string; edits: unknown[] };

export interface StoredPlan extends PlanSummary {
  /** the plan; its texts are catalogue messages (rows stored with texts twice are read as such) */
  result: Omit<WeeklyPlan, 'replan'> & {
    scenario_notes?: Msg[];
    replan?: StoredReplan;
  };
}

/** What a new draft plan is saved with: its columns and the named moves of its roster. */
export interface NewPlan {
  id: string;
  week: string;
  forecastRunId: string;
  scenario: unknown[] | null;
  parameters: unknown;
  inputs: unknown;
  kpis: WeeklyPlan['kpis'];
  result: StoredPlan['result'];
  moves: ReadonlyArray<{
    date: string;
    staff_id: string;
    from: string;
    to: string;
    minutes: number;
    reason: Msg;
  }>;
}

const SUMMARY_COLS = `id, week::text AS week, created_at::text AS created_at, status, forecast_run_id, scenario, kpis,
  decided_by, decided_at::text AS decided_at, decision_note, superseded_by`;

/** The status of the plan with this id, if it is stored. */
export async function findPlanStatus(db: Queryable, id: string): Promise<string | undefined> {
  const [row] = await db.query<{ status: string }>('SELECT status FROM plans WHERE id = $1', [id]);
  return row?.status;
}

/**
 * Saves a draft plan and its moves (one row per person, day and route) in the caller's transaction; a plan
 * already stored under this id is kept as it is.
 */
export async function insertDraftPlan(tx: Queryable, plan: NewPlan): Promise<void> {
  await tx.query(
    `INSERT INTO plans (id, week, status, forecast_run_id, scenario, parameters, inputs, kpis, result)
     VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
    [
      plan.id,
      plan.week,
      plan.forecastRunId,
      plan.scenario ? JSON.stringify(plan.scenario) : null,
      JSON.stringify(plan.parameters),
      JSON.stringify(plan.inputs),
      JSON.stringify(plan.kpis),
      JSON.stringify(plan.result),
    ],
  );
  let csv = '';
  const seen = new Set<string>();
  for (const m of plan.moves) {
    const key = `${m.date}|${m.staff_id}|${m.from}|${m.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    csv += `${q(plan.id)},${m.date},${q(m.staff_id)},${q(m.from)},${q(m.to)},1,${m.minutes},${q(render(m.reason, 'en'))}\n`;
  }
  if (csv)
    await tx.copyCsv(
      'plan_moves',
      ['plan_id', 'day', 'staff_id', 'from_point', 'to_point', 'staff', 'minutes', 'reason'],
      csv,
    );
}

/** The stored plan with its texts as messages (core/messages.ts `readStoredTexts`). */
const withTexts = <T extends { result: unknown } | undefined>(row: T): T =>
  row ? { ...row, result: readStoredTexts(row.result) } : row;

/** A COPY CSV field: quoted only when it has to be. */
const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Moved days and travel minutes per person in the approved plans of weeks `from` ≤ week < `to`. */
export async function approvedMoveTotals(
  db: Queryable,
  from: string,
  to: string,
): Promise<Array<{ staff_id: string; moved_days: number; travel_minutes: number }>> {
  return db.query(
    `SELECT m.staff_id, count(*)::int AS moved_days, sum(m.minutes)::float8 AS travel_minutes
     FROM plan_moves m JOIN plans p ON p.id = m.plan_id
     WHERE p.status = 'approved' AND p.week >= $1::date AND p.week < $2::date AND m.staff_id <> ''
     GROUP BY m.staff_id`,
    [from, to],
  );
}

/** The plans of a week (newest first), or the 200 latest plans. */
export async function listPlanSummaries(db: Queryable, opts: { week?: string } = {}): Promise<PlanSummary[]> {
  return opts.week
    ? db.query<PlanSummary>(`SELECT ${SUMMARY_COLS} FROM plans WHERE week = $1 ORDER BY created_at DESC`, [
        opts.week,
      ])
    : db.query<PlanSummary>(
        `SELECT ${SUMMARY_COLS} FROM plans ORDER BY week DESC, created_at DESC LIMIT 200`,
      );
}

export async function findPlan(db: Queryable, id: string): Promise<StoredPlan | undefined> {
  const [row] = await db.query<StoredPlan>(`SELECT ${SUMMARY_COLS}, result FROM plans WHERE id = $1`, [id]);
  return withTexts(row);
}

export async function findPlanHead(db: Queryable, id: string): Promise<PlanSummary | undefined> {
  const [row] = await db.query<PlanSummary>(`SELECT ${SUMMARY_COLS} FROM plans WHERE id = $1`, [id]);
  return row;
}

/**
 * A stored plan without the stage-1 problem arrays and the per-person roster entries (moves, unfilled and
 * continued moves kept). Trimmed in SQL, so the 1.5 MB of a Hanoi plan's arrays are neither sent nor parsed.
 */
export async function findPlanTrimmed(db: Queryable, id: string): Promise<StoredPlan | undefined> {
  const [row] = await db.query<StoredPlan>(
    `SELECT ${SUMMARY_COLS},
       (result - 'problem' - 'roster') || jsonb_build_object('roster', jsonb_strip_nulls(jsonb_build_object(
         'moves', result->'roster'->'moves',
         'unfilled', result->'roster'->'unfilled',
         'continued_moves', result->'roster'->'continued_moves'))) AS result
     FROM plans WHERE id = $1`,
    [id],
  );
  return withTexts(row);
}

/** The id of the latest draft or approved plan of a week without scenario (approved first). */
export async function findPlanIdOfWeek(db: Queryable, week: string): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    `SELECT id FROM plans WHERE week = $1 AND scenario IS NULL AND status <> 'rejected'
     ORDER BY (status = 'approved') DESC, created_at DESC LIMIT 1`,
    [week],
  );
  return row?.id;
}

/** The id of the approved plan of a week, if any. */
export async function findApprovedPlanIdOfWeek(db: Queryable, week: string): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    `SELECT id FROM plans WHERE week = $1 AND status = 'approved' ORDER BY created_at DESC LIMIT 1`,
    [week],
  );
  return row?.id;
}

/** The approved plan a re-plan was made from (undefined for a plan that is not a re-plan). */
export async function findPlanBase(db: Queryable, id: string): Promise<string | undefined> {
  const [row] = await db.query<{ base: string | null }>(
    `SELECT result->'replan'->>'base_plan' AS base FROM plans WHERE id = $1`,
    [id],
  );
  return row?.base ?? undefined;
}

/** Marks an approved plan as superseded by the re-plan `by` (in the caller's transaction). */
export async function supersedePlan(tx: Queryable, id: string, by: string): Promise<void> {
  await tx.query(`UPDATE plans SET status = 'superseded', superseded_by = $2 WHERE id = $1`, [id, by]);
}

/** A plan's status and week, its row locked until the caller's transaction ends. */
export async function lockPlan(
  tx: Queryable,
  id: string,
): Promise<{ status: string; week: string } | undefined> {
  const [row] = await tx.query<{ status: string; week: string }>(
    'SELECT status, week::text AS week FROM plans WHERE id = $1 FOR UPDATE',
    [id],
  );
  return row;
}

/** Another approved plan of the week than `id`, if any. */
export async function findOtherApprovedPlan(
  tx: Queryable,
  week: string,
  id: string,
): Promise<string | undefined> {
  const [row] = await tx.query<{ id: string }>(
    `SELECT id FROM plans WHERE week = $1 AND status = 'approved' AND id <> $2`,
    [week, id],
  );
  return row?.id;
}

/** Records a manager's decision on a plan and returns its head. */
export async function setPlanDecision(
  tx: Queryable,
  id: string,
  decision: { decision: 'approved' | 'rejected'; by: string; note?: string },
): Promise<PlanSummary | undefined> {
  await tx.query(
    `UPDATE plans SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1`,
    [id, decision.decision, decision.by, decision.note ?? null],
  );
  return findPlanHead(tx, id);
}
