import { type Lang, type MessageKey, render, renderTexts } from '../core/messages.ts';
import type { WeeklyPlan } from '../core/optimize/weekly-plan.ts';
import type { Queryable } from '../store/db.ts';
import { listPoints } from '../store/points-repo.ts';
import { getPlan } from './weekly-plan.ts';
import { writeXlsx, type XlsxSheet } from './xlsx.ts';

const t = (key: MessageKey, lang: Lang, params?: Record<string, string | number>) =>
  render({ key, ...(params ? { params } : {}) }, lang);

const dmy = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

/**
 * The workbook of a plan: the moves with their reasons, one sheet per day of who works where, the KPIs
 * and the utilisation per point; headers and reasons in `lang` (Vietnamese by default).
 */
export function planXlsxSheets(
  plan: WeeklyPlan,
  pointNames: ReadonlyMap<string, string>,
  lang: Lang,
): XlsxSheet[] {
  const p = renderTexts(plan, lang);
  const name = (code: string | null) => (code ? (pointNames.get(code) ?? code) : '');
  const status = (s: 'home' | 'moved' | 'leave') => t(`xlsx.status.${s}`, lang);
  const moves: XlsxSheet = {
    name: t('xlsx.sheet.moves', lang),
    columns: [
      { header: t('xlsx.col.date', lang), kind: 'date', width: 12 },
      { header: t('xlsx.col.staff_id', lang), width: 14 },
      { header: t('xlsx.col.name', lang), width: 28 },
      { header: t('xlsx.col.from', lang), width: 12 },
      { header: t('xlsx.col.from_name', lang), width: 24 },
      { header: t('xlsx.col.to', lang), width: 12 },
      { header: t('xlsx.col.to_name', lang), width: 24 },
      { header: t('xlsx.col.travel_minutes', lang), kind: 'number', width: 14 },
      { header: t('xlsx.col.reason', lang), width: 80 },
    ],
    rows: [...p.roster.moves]
      .sort(
        (a, b) =>
          a.date.localeCompare(b.date) || a.to.localeCompare(b.to) || a.staff_id.localeCompare(b.staff_id),
      )
      .map((m) => [m.date, m.staff_id, m.name, m.from, name(m.from), m.to, name(m.to), m.minutes, m.reason]),
  };
  const days: XlsxSheet[] = p.days.map((d) => ({
    name: dmy(d),
    columns: [
      { header: t('xlsx.col.work_point', lang), width: 12 },
      { header: t('xlsx.col.work_point_name', lang), width: 24 },
      { header: t('xlsx.col.staff_id', lang), width: 14 },
      { header: t('xlsx.col.name', lang), width: 28 },
      { header: t('xlsx.col.home_point', lang), width: 12 },
      { header: t('xlsx.col.status', lang), width: 14 },
      { header: t('xlsx.col.travel_minutes', lang), kind: 'number', width: 14 },
    ],
    rows: p.roster.entries
      .filter((e) => e.date === d)
      .sort(
        (a, b) =>
          (a.work_point ?? '\uffff').localeCompare(b.work_point ?? '\uffff') ||
          a.staff_id.localeCompare(b.staff_id),
      )
      .map((e) => [
        e.work_point ?? '',
        name(e.work_point),
        e.staff_id,
        e.name,
        e.home_point,
        status(e.status),
        Math.round(e.minutes * 10) / 10,
      ]),
  }));
  const k = p.kpis;
  const kpi = (
    key: MessageKey,
    value: number | string | null,
    kind: 'pct' | 'number' | 'int' | 'text' = 'number',
  ) => [t(key, lang), value, kind];
  const kpiRows = [
    kpi('xlsx.kpi.week', p.week_label, 'text'),
    kpi('xlsx.kpi.status', k.status, 'text'),
    kpi('xlsx.kpi.service_level_target', k.service_level.target, 'pct'),
    kpi('xlsx.kpi.service_level_before', k.service_level.before, 'pct'),
    kpi('xlsx.kpi.service_level_after', k.service_level.after, 'pct'),
    kpi('xlsx.kpi.reception_unmet_before', k.unmet_hours.reception_before),
    kpi('xlsx.kpi.reception_unmet_after', k.unmet_hours.reception_after),
    kpi('xlsx.kpi.processing_unmet_before', k.unmet_hours.processing_before),
    kpi('xlsx.kpi.processing_unmet_after', k.unmet_hours.processing_after),
    kpi('xlsx.kpi.moves', k.moves, 'int'),
    kpi('xlsx.kpi.people_moved', k.people_moved, 'int'),
    kpi('xlsx.kpi.travel_minutes', k.travel_minutes),
    kpi('xlsx.kpi.unfilled_moves', k.unfilled_moves, 'int'),
  ];
  const kpis: XlsxSheet = {
    name: t('xlsx.sheet.kpis', lang),
    columns: [
      { header: t('xlsx.col.kpi', lang), width: 48 },
      { header: t('xlsx.col.value', lang), kind: 'number', width: 16 },
    ],
    // Percentages stay ratios (0.8 → 80.0% in the cell format would need a per-cell format): written ×100.
    rows: kpiRows.map(([label, v, kind]) => [
      label,
      kind === 'pct' && typeof v === 'number' ? Math.round(v * 1000) / 10 : v,
    ]),
  };
  const util: XlsxSheet = {
    name: t('xlsx.sheet.utilisation', lang),
    columns: [
      { header: t('xlsx.col.point', lang), width: 12 },
      { header: t('xlsx.col.point_name', lang), width: 24 },
      { header: t('xlsx.col.utilisation_before', lang), kind: 'number', width: 16 },
      { header: t('xlsx.col.utilisation_after', lang), kind: 'number', width: 16 },
    ],
    rows: k.utilisation.map((u) => [u.point, name(u.point), u.before, u.after]),
  };
  const unfilled: XlsxSheet[] = p.roster.unfilled.length
    ? [
        {
          name: t('xlsx.sheet.unfilled', lang),
          columns: [
            { header: t('xlsx.col.date', lang), kind: 'date', width: 12 },
            { header: t('xlsx.col.from', lang), width: 12 },
            { header: t('xlsx.col.to', lang), width: 12 },
            { header: t('xlsx.col.staff', lang), kind: 'int', width: 10 },
            { header: t('xlsx.col.reason', lang), width: 80 },
          ],
          rows: p.roster.unfilled.map((u) => [u.date, u.from, u.to, u.staff, u.reason]),
        },
      ]
    : [];
  return [moves, ...days, kpis, util, ...unfilled];
}

/** A plan as an .xlsx workbook (see `planXlsxSheets`). */
export async function planXlsxBuffer(
  plan: WeeklyPlan,
  pointNames: ReadonlyMap<string, string>,
  lang: Lang = 'vi',
): Promise<Buffer> {
  return writeXlsx(planXlsxSheets(plan, pointNames, lang));
}

/** A stored plan as an .xlsx workbook, point names from the store. */
export async function planXlsx(db: Queryable, id: string, lang: Lang = 'vi'): Promise<Buffer> {
  const plan = (await getPlan(db, id)).result;
  const names = new Map((await listPoints(db)).map((p) => [p.code, p.name]));
  return planXlsxBuffer(plan, names, lang);
}
