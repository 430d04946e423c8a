/**
 * The establishment roadmap from the store (issue #16): points, staff (home points as the staff history has
 * them on the start date), the workload of the week after the last stored volume (forecast → staffing
 * requirements → workload cells) and the register's trend per point for the later quarters → core
 * buildRoadmap and the trade-off curve → saved as a draft. A manager's approval writes the first quarter's
 * transfers as new staff-history versions from its start date (never an in-place edit).
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config.ts';
import { WorkCalendar } from '../core/calendar/calendar.ts';
import { addDays, mondayOf } from '../core/calendar/dates.ts';
import { toCsv } from '../core/csv.ts';
import { DomainError } from '../core/errors.ts';
import { type CurvePoint, tradeoffCurve } from '../core/establishment/curve.ts';
import { buildRoadmap, type Roadmap } from '../core/establishment/roadmap.ts';
import { workloadFromRequirements } from '../core/establishment/workload.ts';
import { type Lang, type MessageKey, msg, renderTexts } from '../core/messages.ts';
import { planningDays } from '../core/optimize/weekly-plan.ts';
import { staffRequirements } from '../core/staffing/requirements.ts';
import { EstablishmentRules, type RoadmapRequest, type WorkloadCell } from '../schemas/establishment.ts';
import { listLocalEvents } from '../store/calendar-repo.ts';
import type { Db, Queryable } from '../store/db.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadModelFile,
  loadOptimizeModel,
  loadStaffingModel,
  loadWorkTypesModel,
} from '../store/model-files.ts';
import { listPoints } from '../store/points-repo.ts';
import {
  findRoadmap,
  insertRoadmap,
  insertStaffVersions,
  lockRoadmap,
  type RoadmapHead,
  receivedByPoint,
  type StoredRoadmap,
  setRoadmapDecision,
  staffOn,
} from '../store/roadmaps-repo.ts';
import { lastVolumeDate } from '../store/volumes-repo.ts';
import { loadForecastRows } from './forecast-run.ts';
import { ensureForecastFor } from './weekly-plan.ts';
import { writeXlsx } from './xlsx.ts';

export interface RoadmapResult {
  roadmap: Roadmap;
  curve: CurvePoint[];
  /** the week whose forecast sized the workload, and the trend per point per quarter */
  workload_week: string;
  trend: Record<string, number>;
}

export const loadEstablishmentRules = (dir?: string) =>
  loadModelFile(EstablishmentRules, 'establishment.json', dir);

/** First day of the quarter `2026-Q2`, or of the quarter after `date`. */
function quarterStart(label: string): string {
  const [y, q] = label.split('-Q').map(Number);
  return `${y}-${String((q! - 1) * 3 + 1).padStart(2, '0')}-01`;
}
function nextQuarterLabel(date: string): string {
  const y = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  return q === 4 ? `${y + 1}-Q1` : `${y}-Q${q + 1}`;
}
function addQuarters(label: string, n: number): string {
  const [y, q] = label.split('-Q').map(Number);
  const k = y! * 4 + (q! - 1) + n;
  return `${Math.floor(k / 4)}-Q${(k % 4) + 1}`;
}

/**
 * Computes and stores a draft roadmap; the same inputs give the same id (a retried job finds its roadmap).
 * @throws DomainError NOT_FOUND without points, staff or volumes
 */
export async function runRoadmap(
  db: Db,
  config: Pick<Config, 'MODELS_DIR'>,
  req: RoadmapRequest,
): Promise<{ id: string; reused: boolean; status: string }> {
  const points = await listPoints(db);
  if (points.length === 0) throw new DomainError('NOT_FOUND', msg('plan.no_points'));
  const last = await lastVolumeDate(db);
  if (!last) throw new DomainError('FORECAST_HISTORY_TOO_SHORT', msg('plan.no_volumes'));
  const first = req.start ?? nextQuarterLabel(last);
  const nQ = req.quarters ?? 4;
  const quarters = Array.from({ length: nQ }, (_, i) => {
    const label = addQuarters(first, i);
    return { label, start: quarterStart(label) };
  });
  const staff = await staffOn(db, quarters[0]!.start);
  if (staff.length === 0) throw new DomainError('NOT_FOUND', msg('roadmap.no_staff'));
  const baseRules = loadEstablishmentRules(config.MODELS_DIR);
  const rules = {
    ...baseRules,
    max_transfers_per_quarter: req.max_transfers ?? baseRules.max_transfers_per_quarter,
  };
  const fields = loadFieldsModel(config.MODELS_DIR);
  const staffing = loadStaffingModel(config.MODELS_DIR);
  const optimize = loadOptimizeModel(config.MODELS_DIR);
  const calendar = new WorkCalendar(loadCalendarModel(config.MODELS_DIR), await listLocalEvents(db));
  // The workload week: the first week after the stored history (the forecast is freshest there).
  const week = mondayOf(addDays(last, 7));
  const days = planningDays(week, points, calendar);
  const runId = await ensureForecastFor(db, config, days);
  const rows = await loadForecastRows(db, runId, days);
  // The work model, as the weekly plan reads it: the workload is the Center's own work, not the communes' appraisal.
  const workTypes = loadWorkTypesModel(config.MODELS_DIR);
  const requirements = staffRequirements(days, points, rows, fields, staffing, calendar, {
    receptionQuantile: optimize.planning.reception_quantile,
    workTypes,
  });
  // The register's trend: dossiers of the last 13 weeks against the 13 before, per quarter, capped ±15 %.
  const [recent, before] = await Promise.all([
    receivedByPoint(db, addDays(last, -90), last),
    receivedByPoint(db, addDays(last, -181), addDays(last, -91)),
  ]);
  const trend: Record<string, number> = {};
  for (const p of points) {
    const a = recent.get(p.code) ?? 0;
    const b = before.get(p.code) ?? 0;
    trend[p.code] = b > 0 && a > 0 ? Math.min(0.15, Math.max(-0.15, a / b - 1)) : 0;
  }
  const workload: WorkloadCell[] = quarters.flatMap((_, q) =>
    workloadFromRequirements(
      requirements,
      rows,
      fields,
      rules.productive_hours_per_day,
      q,
      Object.fromEntries(points.map((p) => [p.code, (1 + trend[p.code]!) ** (q + 1)])),
      workTypes,
    ),
  );
  const input = { quarters, points, staff, workload, rules, travel: optimize.travel };
  const id = `roadmap-${first}-${createHash('sha1')
    .update(JSON.stringify([input, runId]))
    .digest('hex')
    .slice(0, 10)}`;
  const stored = await findRoadmap(db, id);
  if (stored) return { id, reused: true, status: stored.status };
  const roadmap = buildRoadmap(input);
  const curve = tradeoffCurve(input);
  const result: RoadmapResult = { roadmap, curve, workload_week: week, trend };
  await insertRoadmap(db, {
    id,
    start: quarters[0]!.start,
    quarters: nQ,
    maxTransfers: rules.max_transfers_per_quarter,
    solverStatus: roadmap.status,
    result,
  });
  return { id, reused: false, status: 'draft' };
}

export async function getRoadmap(
  db: Queryable,
  id: string,
): Promise<StoredRoadmap & { result: RoadmapResult }> {
  const r = await findRoadmap(db, id);
  if (!r) throw new DomainError('NOT_FOUND', msg('roadmap.not_found', { id }));
  return r as StoredRoadmap & { result: RoadmapResult };
}

/**
 * A manager approves or rejects a draft. Approval needs a proven-optimal roadmap and writes the first
 * quarter's transfers as staff-history versions valid from its start, in the same transaction.
 */
export async function decideRoadmap(
  db: Db,
  id: string,
  d: { decision: 'approved' | 'rejected'; by: string; note?: string },
): Promise<RoadmapHead> {
  const stored = await getRoadmap(db, id);
  return db.transaction(async (tx) => {
    const head = await lockRoadmap(tx, id);
    if (!head) throw new DomainError('NOT_FOUND', msg('roadmap.not_found', { id }));
    if (head.status !== 'draft')
      throw new DomainError(
        'CONFLICT',
        msg('roadmap.decided', { id, status: msg(`plan.status.${head.status}` as MessageKey) }),
      );
    if (d.decision === 'approved') {
      if (head.solver_status !== 'optimal')
        throw new DomainError('CONFLICT', msg('roadmap.not_optimal', { id, status: head.solver_status }));
      const q0 = stored.result.roadmap.quarters[0];
      if (q0)
        await insertStaffVersions(
          tx,
          q0.transfers.map((t) => ({
            staff_id: t.staff_id,
            valid_from: q0.start,
            home_point: t.to,
            roadmap_id: id,
          })),
        );
    }
    return setRoadmapDecision(tx, id, { status: d.decision, by: d.by, note: d.note });
  });
}

const TRANSFER_HEADER = ['quarter', 'staff_id', 'name', 'from', 'to', 'minutes', 'fields', 'reason'];

/** The transfers as CSV, reasons in `lang`. */
export function roadmapCsv(result: RoadmapResult, lang: Lang = 'en'): string {
  const r = renderTexts(result.roadmap, lang);
  return toCsv(
    TRANSFER_HEADER,
    r.quarters.flatMap((q) =>
      q.transfers.map((t) => [
        q.label,
        t.staff_id,
        t.name,
        t.from,
        t.to,
        t.minutes,
        t.fields.join(' '),
        t.reason,
      ]),
    ),
  );
}

/** A workbook: transfers, the curve, utilisation per point and quarter (the shared writer: safe cells, frozen headers). */
export async function roadmapXlsx(result: RoadmapResult, lang: Lang = 'vi'): Promise<Buffer> {
  const r = renderTexts(result.roadmap, lang);
  const cols = (names: string[], numeric: number) =>
    names.map((header, i) => ({ header, kind: i >= numeric ? ('number' as const) : ('text' as const) }));
  return writeXlsx([
    {
      name: lang === 'vi' ? 'Điều chuyển' : 'Transfers',
      columns: TRANSFER_HEADER.map((header) => ({
        header,
        ...(header === 'minutes' ? { kind: 'number' as const } : header === 'reason' ? { width: 60 } : {}),
      })),
      rows: r.quarters.flatMap((q) =>
        q.transfers.map((x) => [
          q.label,
          x.staff_id,
          x.name,
          x.from,
          x.to,
          x.minutes,
          x.fields.join(' '),
          x.reason,
        ]),
      ),
    },
    {
      name: lang === 'vi' ? 'Đường đánh đổi' : 'Trade-off',
      columns: cols(['max_transfers', 'transfers', 'residual_deficit', 'deficit_without', 'status'], 0).map(
        (c, i) => (i === 4 ? { header: c.header } : c),
      ),
      rows: result.curve.map((p) => [
        p.max_transfers,
        p.transfers,
        p.residual_deficit,
        p.deficit_without,
        p.status,
      ]),
    },
    {
      name: lang === 'vi' ? 'Hiệu suất' : 'Utilisation',
      columns: cols(['quarter', 'point', 'need_hours', 'hours_before', 'hours_after', 'before', 'after'], 2),
      rows: r.quarters.flatMap((q) =>
        q.utilisation.map((x) => [
          q.label,
          x.point,
          x.need_hours,
          x.hours_before,
          x.hours_after,
          x.before,
          x.after,
        ]),
      ),
    },
  ]);
}
