import { dateRange, diffDays, isIsoDate, mondayOf } from '../core/calendar/dates.ts';
import { DomainError } from '../core/errors.ts';
import { type Lang, type Msg, msg, render, renderTexts } from '../core/messages.ts';
import {
  computeIndicators,
  INDICATORS,
  type IndicatorDef,
  type IndicatorId,
  type IndicatorInputs,
  type IndicatorValues,
  NOT_IN_REGISTER,
  rankKeys,
} from '../core/supervise/indicators.ts';
import type { Queryable } from '../store/db.ts';
import {
  type AggregateScope,
  dailyCountAggregates,
  type IndicatorLevel,
  type IndicatorPeriod,
  type ProcedureTimeRow,
  pastDueAggregates,
  procedureTimes,
  receivingAggregates,
  registerPresent,
  resolvedAggregates,
  ticketAggregates,
} from '../store/indicators-repo.ts';
import { listPoints } from '../store/points-repo.ts';
import { writeXlsx, type XlsxColumn, type XlsxSheet } from './xlsx.ts';

export type { IndicatorLevel, IndicatorPeriod };

export interface IndicatorRequest {
  level: IndicatorLevel;
  period: IndicatorPeriod;
  from: string;
  to: string;
  point?: string;
}

export interface IndicatorRow {
  key: string;
  /** the point's or branch's name, or the city as a catalogue message */
  name: string | Msg;
  /** first day of the period */
  period: string;
  values: IndicatorValues;
  /** rank among the keys of the same period (1 = best), indicators with a direction only */
  ranks: Partial<Record<IndicatorId, number>>;
  unavailable: Array<{ id: IndicatorId; reason: Msg }>;
}

export interface IndicatorReport {
  level: IndicatorLevel;
  period: IndicatorPeriod;
  from: string;
  to: string;
  point?: string;
  /** the register tables hold data for this range (else: daily counts only) */
  register: boolean;
  definitions: Array<IndicatorDef & { name: Msg; name_vi: string }>;
  not_in_register: Array<{ id: string; reason: Msg }>;
  periods: string[];
  rows: IndicatorRow[];
  /** median and 90th percentile of calendar days to result by procedure, over the whole range */
  by_procedure: ProcedureTimeRow[];
}

/** At most this many key × period rows in one answer (126 points × 366 days). */
export const MAX_INDICATOR_ROWS = 46_116;

function periodStart(d: string, p: IndicatorPeriod): string {
  if (p === 'day') return d;
  if (p === 'week') return mondayOf(d);
  if (p === 'month') return `${d.slice(0, 7)}-01`;
  const m = Math.floor((Number(d.slice(5, 7)) - 1) / 3) * 3 + 1;
  return `${d.slice(0, 4)}-${String(m).padStart(2, '0')}-01`;
}

function invalid(
  field: string,
  value: unknown,
  key: Parameters<typeof msg>[0],
  params?: Record<string, string | number>,
) {
  return new DomainError('INPUT_INVALID', msg(key, params), [{ field, value, reason: msg(key, params) }]);
}

/**
 * The indicators of every key (point, branch or the city) and period in `from..to`, from the register where it
 * has rows and from daily counts elsewhere; each row ranked among the keys of its period.
 * @throws DomainError INPUT_INVALID (dates, too many rows), NOT_FOUND (unknown point)
 */
export async function indicatorReport(db: Queryable, req: IndicatorRequest): Promise<IndicatorReport> {
  if (!isIsoDate(req.from)) throw invalid('querystring/from', req.from, 'ind.bad_date');
  if (!isIsoDate(req.to)) throw invalid('querystring/to', req.to, 'ind.bad_date');
  if (req.to < req.from) throw invalid('querystring/to', req.to, 'ind.to_before_from');
  const points = await listPoints(db);
  if (req.point && !points.some((p) => p.code === req.point))
    throw new DomainError('NOT_FOUND', msg('ind.unknown_point', { point: req.point }));
  const periods = [...new Set(dateRange(req.from, req.to).map((d) => periodStart(d, req.period)))];
  const scopePoints = req.point ? points.filter((p) => p.code === req.point) : points;
  const city = msg('ind.city');
  const keys: Array<{ key: string; name: string | Msg }> =
    req.level === 'point'
      ? scopePoints.map((p) => ({ key: p.code, name: p.name }))
      : req.level === 'branch'
        ? [...new Set(scopePoints.map((p) => p.branch))].sort().map((b) => ({ key: b, name: b }))
        : [{ key: 'city', name: city }];
  if (keys.length * periods.length > MAX_INDICATOR_ROWS)
    throw invalid('querystring/to', req.to, 'ind.too_many_rows', {
      rows: keys.length * periods.length,
      max: MAX_INDICATOR_ROWS,
      days: diffDays(req.from, req.to) + 1,
    });
  const scope: AggregateScope = {
    level: req.level,
    period: req.period,
    from: req.from,
    to: req.to,
    ...(req.point ? { point: req.point } : {}),
  };
  const hasRegister = await registerPresent(db);
  const [receiving, resolved, pastDue, tickets, daily, byProcedure] = await Promise.all([
    hasRegister ? receivingAggregates(db, scope) : [],
    hasRegister ? resolvedAggregates(db, scope) : [],
    hasRegister ? pastDueAggregates(db, scope) : [],
    hasRegister ? ticketAggregates(db, scope) : [],
    dailyCountAggregates(db, scope, hasRegister),
    hasRegister ? procedureTimes(db, scope) : [],
  ]);
  const inputs = new Map<string, IndicatorInputs>();
  const at = (key: string, period: string) => {
    const k = `${key}|${period}`;
    let x = inputs.get(k);
    if (!x) {
      x = {};
      inputs.set(k, x);
    }
    return x;
  };
  for (const r of receiving) at(r.key, r.period).receiving = r;
  for (const r of resolved) at(r.key, r.period).resolved = r;
  for (const r of pastDue) at(r.key, r.period).pending_past_due = r.pending_past_due;
  for (const r of tickets) at(r.key, r.period).tickets = r;
  for (const r of daily) at(r.key, r.period).daily = r;
  const anyRegister = receiving.length > 0 || resolved.length > 0;
  for (const x of inputs.values()) if (x.receiving || x.resolved) x.register = true;
  const rows: IndicatorRow[] = [];
  for (const period of periods) {
    const these = keys.map((k) => {
      const { values, unavailable } = computeIndicators(inputs.get(`${k.key}|${period}`) ?? {});
      return { ...k, period, values, unavailable };
    });
    const ranks = rankKeys(these);
    for (const r of these) rows.push({ ...r, ranks: ranks.get(r.key) ?? {} });
  }
  return {
    level: req.level,
    period: req.period,
    from: req.from,
    to: req.to,
    ...(req.point ? { point: req.point } : {}),
    register: anyRegister,
    definitions: INDICATORS.map((d) => {
      const m = msg(`ind.${d.id}`);
      return { ...d, name: m, name_vi: render(m, 'vi') };
    }),
    not_in_register: NOT_IN_REGISTER.map((n) => ({ id: n.id, reason: msg(n.reason_key) })),
    periods,
    rows,
    by_procedure: byProcedure,
  };
}

const UNIT_KIND = { count: 'int', share: 'pct', minutes: 'number' } as const;

/** The indicator report as a workbook: one sheet of values (one row per key and period), one of ranks, one of procedures. */
export async function indicatorXlsx(report: IndicatorReport, lang: Lang): Promise<Buffer> {
  const r = renderTexts(report, lang);
  const t = (key: Parameters<typeof msg>[0]) => render(msg(key), lang);
  const head: XlsxColumn[] = [
    { header: t('ind.col.key'), width: 14 },
    { header: t('ind.col.name'), width: 26 },
    { header: t('ind.col.period'), kind: 'date', width: 12 },
  ];
  const valueCols: XlsxColumn[] = r.definitions.map((d) => ({
    header: d.name,
    kind: UNIT_KIND[d.unit],
    width: Math.min(40, Math.max(12, d.name.length * 0.8)),
  }));
  const ranked = r.definitions.filter((d) => d.better);
  const sheets: XlsxSheet[] = [
    {
      name: t('ind.sheet.values'),
      columns: [...head, ...valueCols],
      rows: r.rows.map((x) => [x.key, x.name, x.period, ...r.definitions.map((d) => x.values[d.id] ?? null)]),
    },
    {
      name: t('ind.sheet.ranks'),
      columns: [...head, ...ranked.map((d) => ({ header: d.name, kind: 'int' as const, width: 14 }))],
      rows: r.rows.map((x) => [x.key, x.name, x.period, ...ranked.map((d) => x.ranks[d.id] ?? null)]),
    },
    {
      name: t('ind.sheet.procedures'),
      columns: [
        { header: t('ind.col.procedure_code'), width: 14 },
        { header: t('ind.col.procedure_name'), width: 60 },
        { header: t('ind.col.resolved'), kind: 'int', width: 12 },
        { header: t('ind.col.median_days'), kind: 'number', width: 14 },
        { header: t('ind.col.p90_days'), kind: 'number', width: 14 },
      ],
      rows: r.by_procedure.map((p) => [
        p.procedure_code,
        p.procedure_name,
        p.resolved,
        p.median_days,
        p.p90_days,
      ]),
    },
    {
      name: t('ind.sheet.definitions'),
      columns: [
        { header: t('ind.col.id'), width: 26 },
        { header: t('ind.col.name'), width: 50 },
        { header: t('ind.col.decision_766'), width: 12 },
        { header: t('ind.col.available'), width: 80 },
      ],
      rows: [
        ...r.definitions.map((d) => [d.id, d.name, d.decision_766 ? '766' : '', '']),
        ...r.not_in_register.map((n) => [n.id, '', '766', n.reason]),
      ],
    },
  ];
  return writeXlsx(sheets);
}

/** Rows of the report as CSV cells: key, name, period, then one column per indicator id. */
export function indicatorTable(report: IndicatorReport): { header: string[]; rows: unknown[][] } {
  return {
    header: ['key', 'name', 'period', ...report.definitions.map((d) => d.id)],
    rows: report.rows.map((x) => [
      x.key,
      x.name,
      x.period,
      ...report.definitions.map((d) => x.values[d.id] ?? ''),
    ]),
  };
}
