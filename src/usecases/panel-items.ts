import { addDays, dateRange, diffDays, toEpochDay } from '../core/calendar/dates.ts';
import { DomainError } from '../core/errors.ts';
import { inferOpenWeekdays, keyId, type PanelKey, pooledShape } from '../core/forecast/panel.ts';
import type { SeriesPoint } from '../core/forecast/types.ts';
import { msg } from '../core/messages.ts';
import type { PanelItem } from './forecast-panel-worker.ts';

/** Turns input series into worker items (compact histories, opening rule, borrowed shape). */

export interface PanelInputSeries {
  key: PanelKey;
  /** Daily counts; absent dates and `null` values are missing (not zero). */
  history: ReadonlyArray<{ date: string; value: number | null }>;
}

/** Validates one series' history (dates ISO and unique, values counts or null). */
export function checkHistory(
  key: PanelKey,
  history: ReadonlyArray<{ date: string; value: number | null }>,
): SeriesPoint[] {
  const seen = new Set<string>();
  for (const p of history) {
    if (seen.has(p.date))
      throw new DomainError(
        'INPUT_INVALID',
        msg('forecast.duplicate_date', { series: keyId(key), date: p.date }),
        [
          {
            field: 'date',
            value: p.date,
            reason: msg('forecast.duplicate_date_reason', { series: keyId(key) }),
          },
        ],
      );
    seen.add(p.date);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(p.date) || Number.isNaN(toEpochDay(p.date)))
      throw new DomainError(
        'INPUT_INVALID',
        msg('forecast.bad_date', { series: keyId(key), date: String(p.date) }),
        [{ field: 'date', value: p.date, reason: msg('forecast.bad_date_reason') }],
      );
    if (p.value !== null && !(Number.isFinite(p.value) && p.value >= 0))
      throw new DomainError(
        'INPUT_INVALID',
        msg('forecast.not_count', { series: keyId(key), date: p.date }),
        [{ field: 'value', value: p.value, reason: msg('forecast.not_count_reason') }],
      );
  }
  return history as SeriesPoint[];
}

/** A history as a start date and a dense Float64Array (NaN = missing): cheap to send to a worker. */
export function packHistory(
  id: string,
  history: readonly SeriesPoint[],
): Pick<PanelItem, 'id' | 'start' | 'values'> {
  const present = history.filter((p) => p.value !== null);
  if (present.length === 0)
    return { id, start: history[0]?.date ?? '1970-01-01', values: new Float64Array(0) };
  let first = present[0]!.date;
  let last = first;
  for (const p of present) {
    if (p.date < first) first = p.date;
    if (p.date > last) last = p.date;
  }
  const values = new Float64Array(diffDays(first, last) + 1).fill(Number.NaN);
  for (const p of present) values[diffDays(first, p.date)] = p.value!;
  return { id, start: first, values };
}

export interface ItemContext {
  lastDate: string;
  horizon: number;
  isOpen?: (key: PanelKey, date: string) => boolean;
  /** Open weekdays per point code ('' for series without a point). */
  openByPoint: Map<string, boolean[]>;
}

/** Last date of all histories ('' when none). */
export function lastDateOf(histories: ReadonlyArray<readonly SeriesPoint[]>): string {
  let last = '';
  for (const h of histories) for (const p of h) if (p.date > last) last = p.date;
  return last;
}

/** Groups histories by point and infers each point's open weekdays from the pooled counts. */
export function openWeekdaysByPoint(
  keys: readonly PanelKey[],
  histories: ReadonlyArray<readonly SeriesPoint[]>,
): Map<string, boolean[]> {
  const byPoint = new Map<string, Array<readonly SeriesPoint[]>>();
  keys.forEach((k, i) => {
    const list = byPoint.get(k.point ?? '');
    if (list) list.push(histories[i]!);
    else byPoint.set(k.point ?? '', [histories[i]!]);
  });
  const out = new Map<string, boolean[]>();
  for (const [p, hs] of byPoint) out.set(p, inferOpenWeekdays(hs));
  return out;
}

/** Observed days a series needs to lend its shape to others (four weeks). */
const MIN_OBS_TO_LEND = 28;

/**
 * Weekday shape and median level per channel × field, pooled over the series with at least four weeks of
 * data: what a short series (a new point) borrows. Groups with no such series lend nothing.
 */
export function shapesByChannelField(
  keys: readonly PanelKey[],
  histories: ReadonlyArray<readonly SeriesPoint[]>,
): Map<string, { shape: number[]; level: number }> {
  const groups = new Map<string, Array<readonly SeriesPoint[]>>();
  keys.forEach((k, i) => {
    if (histories[i]!.filter((p) => p.value !== null).length < MIN_OBS_TO_LEND) return;
    const g = `${k.channel ?? ''}|${k.field ?? ''}`;
    const list = groups.get(g);
    if (list) list.push(histories[i]!);
    else groups.set(g, [histories[i]!]);
  });
  const out = new Map<string, { shape: number[]; level: number }>();
  for (const [g, hs] of groups) out.set(g, pooledShape(hs));
  return out;
}

/** The opening rule of a series for the worker: explicit flags from `isOpen`, else open weekdays. */
export function openSpec(
  key: PanelKey,
  history: readonly SeriesPoint[],
  ctx: ItemContext,
): Pick<PanelItem, 'open' | 'openFrom' | 'openWeekdays'> {
  if (ctx.isOpen) {
    let from = ctx.lastDate;
    for (const p of history) if (p.date < from) from = p.date;
    const days = dateRange(from, addDays(ctx.lastDate, ctx.horizon));
    const open = new Uint8Array(days.length);
    days.forEach((d, i) => {
      open[i] = ctx.isOpen!(key, d) ? 1 : 0;
    });
    return { open, openFrom: from };
  }
  if (key.point !== undefined) return { openWeekdays: ctx.openByPoint.get(key.point) };
  // Series or aggregates above points: open on a weekday when any point is.
  const all = [...ctx.openByPoint.values()];
  return { openWeekdays: [0, 1, 2, 3, 4, 5, 6].map((w) => all.some((o) => o[w])) };
}

/**
 * Worker items of the input series: compact history, opening rule, and the weekday shape of the series
 * with the same channel and field (borrowed by short histories). Shared by forecasts and backtests.
 */
export function seriesItems(
  series: readonly PanelInputSeries[],
  histories: ReadonlyArray<readonly SeriesPoint[]>,
  ctx: ItemContext,
): PanelItem[] {
  const shapes = shapesByChannelField(
    series.map((s) => s.key),
    histories,
  );
  return series.map((s, i) => {
    const shape = shapes.get(`${s.key.channel ?? ''}|${s.key.field ?? ''}`);
    return {
      ...packHistory(keyId(s.key), histories[i]!),
      point: s.key.point,
      ...openSpec(s.key, histories[i]!, ctx),
      shape: shape?.shape,
      fallbackLevel: shape?.level,
    };
  });
}
