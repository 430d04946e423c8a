import { performance } from 'node:perf_hooks';
import type { Config } from '../config.ts';
import { WorkCalendar } from '../core/calendar/calendar.ts';
import { addDays, diffDays, isIsoDate } from '../core/calendar/dates.ts';
import { DomainError } from '../core/errors.ts';
import { type Lang, type MessageKey, msg, render } from '../core/messages.ts';
import { planAttendance } from '../core/supervise/attendance.ts';
import { bandAlerts } from '../core/supervise/forecast-band.ts';
import {
  byUrgency,
  type CalibrationReport,
  censoring,
  judgeRisk,
  RiskHistogram,
  RiskModel,
  strataKeys,
  WorkClock,
} from '../core/supervise/overdue-risk.ts';
import { FIELDS } from '../schemas/domain.ts';
import {
  latestRiskRefresh,
  listOverdueRisks,
  overdueRiskCounts,
  prepareRiskScan,
  type RiskFilter,
  type RiskKeyCounts,
  type RiskScan,
  replaceOverdueRisks,
  riskHistograms,
  riskPendingAt,
  riskSourceStart,
} from '../store/alerts-repo.ts';
import { listAttendance } from '../store/attendance-repo.ts';
import { listLocalEvents } from '../store/calendar-repo.ts';
import { fieldOf } from '../store/codes.ts';
import type { Db, Queryable } from '../store/db.ts';
import { forecastBandRows } from '../store/forecast-runs-repo.ts';
import { registerPresent } from '../store/indicators-repo.ts';
import { loadCalendarModel, loadProceduresModel } from '../store/model-files.ts';
import type { Progress } from './progress.ts';
import { getPlan } from './weekly-plan.ts';
import { writeXlsx } from './xlsx.ts';

/** Now in Hanoi as `YYYY-MM-DD HH:MM` (UTC+7, no daylight saving). */
export function nowInHanoi(nowMs = Date.now()): string {
  return new Date(nowMs + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export interface RefreshOptions {
  /** local `YYYY-MM-DD HH:MM` the risks are computed at */
  asOf: string;
  /** days of history before `asOf` to learn from (default 180) */
  historyDays?: number;
  /** run the held-out backtest too (as of 30 days before, judged at `asOf`) */
  backtest?: boolean;
  /** id of this refresh (the job id) */
  id?: string;
}

export interface RefreshResult {
  id: string;
  as_of: string;
  pending: number;
  history: number;
  seconds: number;
  calibration: CalibrationReport | null;
  /** where the time went */
  stages: RefreshStages;
}

/** Same-day procedure codes (measured in working hours) of the procedure catalogue. */
function sameDayCodes(config: Pick<Config, 'MODELS_DIR'>): string[] {
  return loadProceduresModel(config.MODELS_DIR)
    .procedures.filter((p) => 'same_day' in p.deadline && p.code)
    .map((p) => p.code as string);
}

/** The working clock over the days the estimator's source rows span (from their first receipt to `until` + 400). */
async function riskClock(db: Queryable, config: Pick<Config, 'MODELS_DIR'>, since: string, until: string) {
  const calendar = new WorkCalendar(loadCalendarModel(config.MODELS_DIR), await listLocalEvents(db));
  const first = await riskSourceStart(db, since);
  return new WorkClock(calendar, addDays(first, -1), addDays(until, 400));
}

/** The scan of the register for a fit as of `asOf` (history since `since`, censored at `asOf`). */
function scanAt(clock: WorkClock, sameDay: readonly string[], since: string, asOf: string): RiskScan {
  return { since, ...censoring(asOf, clock), clock: clock.table(), sameDay };
}

/** The model as of `asOf` from the store's counts per finest key and time of its scan. */
function modelFrom(keys: readonly RiskKeyCounts[], clock: WorkClock, asOf: string): RiskModel {
  const hist = new RiskHistogram();
  for (const c of keys) {
    const field = fieldOf(c.field_id);
    const procedure = c.procedure_code ?? `${field}:${c.procedure_name ?? ''}`;
    const counters = hist.counters(
      strataKeys({ same_day: c.same_day, procedure, competent_unit: c.competent_unit, field }),
    );
    for (let k = 0; k < c.times.length; k++) hist.addTo(counters, c.times[k]!, c.events[k]!, c.censored[k]!);
  }
  return RiskModel.fromHistogram(hist, asOf, clock);
}

export interface RefreshStages {
  /** seconds: history counted in the store and fitted (with the backtest's fit: one pass serves both) */
  fit: number;
  /** pending dossiers read (those of the backtest's cutoff in the same pass) and scored */
  score: number;
  /** the held-out backtest's judgement (0 when not asked) */
  backtest: number;
  /** the list stored */
  write: number;
}

/**
 * Recomputes the overdue risk of every pending dossier from the register (history: the last `historyDays`) and
 * stores the list whole; optionally backtests the estimator on the register's last 30 days.
 *
 * The store counts the history's times to result per stratum and time (store/alerts-repo.ts riskHistogram, the
 * same counts core `RiskModel.fit` makes dossier by dossier) and hands over only the pending dossiers one by one:
 * 57,593 pending of a 1,000,000-dossier register in a few seconds instead of reading every row into JavaScript.
 * @throws DomainError NOT_FOUND when the register tables are missing
 */
export async function refreshOverdueRisk(
  db: Db,
  config: Pick<Config, 'MODELS_DIR'>,
  opts: RefreshOptions,
  onProgress?: Progress,
): Promise<RefreshResult> {
  const t0 = performance.now();
  if (!(await registerPresent(db))) throw new DomainError('NOT_FOUND', msg('alerts.no_register'));
  await onProgress?.(5, 'risk history');
  const day = opts.asOf.slice(0, 10);
  const since = addDays(day, -(opts.historyDays ?? 180));
  const sameDay = sameDayCodes(config);
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const s = Math.round(now - t) / 1000;
    t = now;
    return s;
  };
  // One snapshot for every read: an import committing meanwhile is seen by all of them or by none.
  // The backtest's fit (as of 30 days before) reads the same pass over the register as the live one: each cutoff
  // counts only what was known by it (store riskHistograms), so the held-out model sees nothing after its cutoff.
  const read = await db.transaction(async (tx) => {
    await prepareRiskScan(tx);
    const clock = await riskClock(tx, config, since, day);
    const backAsOf = `${addDays(day, -30)} 23:59`;
    const scans = [scanAt(clock, sameDay, since, opts.asOf)];
    if (opts.backtest) scans.push(scanAt(clock, sameDay, since, backAsOf));
    const counted = await riskHistograms(tx, scans);
    const model = modelFrom(counted.keys[0]!, clock, opts.asOf);
    const back = opts.backtest ? modelFrom(counted.keys[1]!, clock, backAsOf) : null;
    const fit = lap();
    await onProgress?.(30, 'risk estimate');
    const [rows, backRows] = await riskPendingAt(tx, scans);
    const pending = rows!.map((d) => ({ risk: model.risk(d), dossier: d }));
    pending.sort((a, b) => byUrgency(a.risk, b.risk));
    const score = lap();
    let calibration: CalibrationReport | null = null;
    if (back) {
      await onProgress?.(50, 'risk estimate');
      calibration = judgeRisk(back, backRows!, opts.asOf, { seed: 1 });
    }
    return { history: counted.history, pending, calibration, fit, score, backtest: back ? lap() : 0 };
  });
  await onProgress?.(80, 'writing');
  const id = opts.id ?? `overdue-risk-${opts.asOf.replace(/[^0-9]/g, '')}`;
  const seconds = Math.round((performance.now() - t0) / 10) / 100;
  const { history, pending, calibration } = read;
  await replaceOverdueRisks(db, opts.asOf, pending, { id, history, seconds, calibration });
  const stages: RefreshStages = { fit: read.fit, score: read.score, backtest: read.backtest, write: lap() };
  await onProgress?.(100, 'done');
  return { id, as_of: opts.asOf, pending: pending.length, history, seconds, calibration, stages };
}

export interface RiskListRequest {
  point?: string;
  field?: string;
  min_probability?: number;
  limit?: number;
}

function checkField(field: string | undefined) {
  if (field !== undefined && !(FIELDS as readonly string[]).includes(field))
    throw new DomainError('INPUT_INVALID', msg('alerts.bad_field', { field }), [
      { field: 'querystring/field', value: field, reason: msg('alerts.bad_field', { field }) },
    ]);
}

/** The stored overdue-risk list (nearest to the deadline first), the count per point for the map, the refresh. */
export async function overdueRiskList(db: Queryable, req: RiskListRequest) {
  checkField(req.field);
  const f: RiskFilter = {
    ...(req.point ? { point: req.point } : {}),
    ...(req.field ? { field: req.field } : {}),
    ...(req.min_probability !== undefined ? { minProbability: req.min_probability } : {}),
    ...(req.limit !== undefined ? { limit: req.limit } : {}),
  };
  const [list, counts, refresh] = await Promise.all([
    listOverdueRisks(db, f),
    overdueRiskCounts(db),
    latestRiskRefresh(db),
  ]);
  return { refresh: refresh ?? null, total: list.total, items: list.items, counts };
}

/** The overdue-risk list as a workbook (Vietnamese by default). */
export async function overdueRiskXlsx(db: Queryable, req: RiskListRequest, lang: Lang): Promise<Buffer> {
  const { items } = await overdueRiskList(db, { ...req, limit: req.limit ?? 100_000 });
  const t = (k: MessageKey) => render(msg(k), lang);
  return writeXlsx([
    {
      name: t('xlsx.sheet.overdue_risk'),
      columns: [
        { header: t('xlsx.col.dossier'), width: 18 },
        { header: t('xlsx.col.procedure_code'), width: 14 },
        { header: t('xlsx.col.procedure_name'), width: 50 },
        { header: t('xlsx.col.field'), width: 16 },
        { header: t('xlsx.col.receiving_point'), width: 14 },
        { header: t('xlsx.col.competent_unit'), width: 14 },
        { header: t('xlsx.col.received_on'), kind: 'date', width: 12 },
        { header: t('xlsx.col.due_on'), kind: 'date', width: 12 },
        { header: t('xlsx.col.left'), kind: 'number', width: 10 },
        { header: t('xlsx.col.unit'), width: 14 },
        { header: t('xlsx.col.probability'), kind: 'number', width: 14 },
      ],
      rows: items.map((r) => [
        r.code,
        r.procedure_code,
        r.procedure_name,
        render(msg(`roadmap.field.${r.field}` as MessageKey), lang),
        r.receiving_point,
        r.competent_unit,
        r.received_on,
        r.due_on,
        r.left,
        t(`xlsx.unit.${r.unit}`),
        Math.round(r.probability * 1000) / 10,
      ]),
    },
  ]);
}

export const MAX_BAND_DAYS = 366;

/** Forecast against actuals per point and day of `from..to`, with the points out of their band 2 working days running. */
export async function forecastBand(
  db: Queryable,
  config: Pick<Config, 'MODELS_DIR'>,
  req: { from: string; to: string; point?: string },
) {
  if (
    !isIsoDate(req.from) ||
    !isIsoDate(req.to) ||
    req.to < req.from ||
    diffDays(req.from, req.to) > MAX_BAND_DAYS
  )
    throw new DomainError('INPUT_INVALID', msg('alerts.bad_range', { max: MAX_BAND_DAYS }), [
      { field: 'querystring/to', value: req.to, reason: msg('alerts.bad_range', { max: MAX_BAND_DAYS }) },
    ]);
  const calendar = new WorkCalendar(loadCalendarModel(config.MODELS_DIR), await listLocalEvents(db));
  const rows = await forecastBandRows(db, req.from, req.to, req.point);
  const { days, alerts } = bandAlerts(rows, calendar);
  const inside = days.filter((d) => d.side === 'inside').length;
  return {
    from: req.from,
    to: req.to,
    days,
    coverage: days.length ? Math.round((inside / days.length) * 1e4) / 1e4 : null,
    alerts,
  };
}

/**
 * A plan's staff against who was there: per day of the plan and per point, the roster's people against those an
 * attendance import recorded present (core/supervise/attendance.ts).
 * @throws DomainError NOT_FOUND for an unknown plan
 */
export async function planAttendanceReport(db: Queryable, planId: string) {
  const plan = await getPlan(db, planId);
  const days = plan.result.days;
  const records = days.length ? await listAttendance(db, days[0]!, days[days.length - 1]!) : [];
  const out = planAttendance(days, plan.result.roster.entries, records);
  return {
    plan: plan.id,
    week: plan.week,
    status: plan.status,
    days: out,
    planned: out.reduce((s, d) => s + (d.recorded ? d.planned : 0), 0),
    absent: out.reduce((s, d) => s + d.points.reduce((t, p) => t + p.absent.length, 0), 0),
    unplanned: out.reduce((s, d) => s + d.points.reduce((t, p) => t + p.unplanned.length, 0), 0),
  };
}
