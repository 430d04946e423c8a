import type {
  ForecastLevel,
  ForecastRowsView,
  ForecastRunInfo,
  ForecastSeriesView,
} from '../schemas/forecast-read.ts';
import type { ForecastValueRow } from './forecast-run.ts';

/** Forecasts are dossier counts: two decimals keep every useful digit and halve the answer. */
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Branch rows carry the branch name in the stored `point` column; a read names it `branch`. */
function keyOf(r: ForecastValueRow) {
  const branch = r.level === 'branch';
  return {
    level: r.level as ForecastLevel,
    point: branch ? '' : r.point,
    branch: branch ? r.point : '',
    channel: r.channel,
    field: r.field,
  };
}

/** A read of a run as one row per series and day. */
export function forecastRowsView(
  run: ForecastRunInfo,
  levels: ForecastLevel[],
  rows: ForecastValueRow[],
): ForecastRowsView {
  return {
    run,
    layout: 'rows',
    levels,
    values: rows.map((r) => {
      const quantiles: Record<string, number> = {};
      for (const [k, v] of Object.entries(r.quantiles)) quantiles[k] = round2(v);
      return { ...keyOf(r), date: r.date, mean: round2(r.mean), quantiles };
    }),
  };
}

/**
 * A read of a run as one entry per series with arrays over the run's days: the compact form the dashboard
 * reads (about a fifth of the rows form). A day a series has no row for is null.
 */
export function forecastSeriesView(
  run: ForecastRunInfo,
  levels: ForecastLevel[],
  rows: Array<ForecastValueRow & { actual?: number | null }>,
): ForecastSeriesView {
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const dayIndex = new Map(dates.map((d, i) => [d, i]));
  const quantileKeys = run.quantiles.map(String);
  const order = new Map(levels.map((l, i) => [l, i]));
  const bySeries = new Map<string, ForecastSeriesView['series'][number]>();
  for (const r of rows) {
    const id = `${r.level}\u0000${r.point}\u0000${r.channel}\u0000${r.field}`;
    let s = bySeries.get(id);
    if (!s) {
      const empty = () => dates.map(() => null as number | null);
      s = {
        ...keyOf(r),
        mean: empty(),
        quantiles: Object.fromEntries(quantileKeys.map((k) => [k, empty()])),
        ...('actual' in r ? { actual: empty() } : {}),
      };
      bySeries.set(id, s);
    }
    const i = dayIndex.get(r.date)!;
    s.mean[i] = round2(r.mean);
    if (s.actual && typeof r.actual === 'number') s.actual[i] = r.actual;
    for (const k of quantileKeys) {
      const v = r.quantiles[k];
      if (typeof v === 'number') s.quantiles[k]![i] = round2(v);
    }
  }
  const series = [...bySeries.values()].sort(
    (a, b) =>
      (order.get(a.level) ?? 99) - (order.get(b.level) ?? 99) ||
      cmp(a.branch, b.branch) ||
      cmp(a.point, b.point) ||
      cmp(a.channel, b.channel) ||
      cmp(a.field, b.field),
  );
  return { run, layout: 'series', levels, dates, series };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
