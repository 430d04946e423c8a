/**
 * Forecast against actuals: per point and day, the newest forecast made before the day against the dossiers
 * that came, inside its p10–p90 band or not; an alert when a point is outside its band on two working days in
 * a row (demand shifted, a data problem, or a closure the calendar lacks). Pure.
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import { type Msg, msg } from '../messages.ts';

export interface BandInput {
  point: string;
  date: string;
  run_id: string;
  mean: number;
  p10: number | null;
  p90: number | null;
  actual: number;
}

export type BandSide = 'inside' | 'above' | 'below';

export interface BandDay extends BandInput {
  /** actual − mean */
  error: number;
  side: BandSide;
}

export interface BandAlert {
  point: string;
  /** the first and last working day of the run of days outside the band */
  from: string;
  to: string;
  days: number;
  side: 'above' | 'below' | 'both';
  /** why it is an alert, as a catalogue message (core/messages.ts) */
  reason: Msg;
}

/** Which side of its p10–p90 band an actual falls (inside when the band is unknown). */
export function bandSide(d: Pick<BandInput, 'p10' | 'p90' | 'actual'>): BandSide {
  if (d.p90 !== null && d.actual > d.p90) return 'above';
  if (d.p10 !== null && d.actual < d.p10) return 'below';
  return 'inside';
}

/**
 * The days judged and the alerts: runs of at least `minDays` consecutive working days (days off skipped, not
 * breaking a run) outside the band.
 * @example bandAlerts(rows, calendar).alerts[0] // { point: 'P1', from: '2026-01-05', to: '2026-01-06', days: 2, side: 'above', … }
 */
export function bandAlerts(
  rows: ReadonlyArray<BandInput>,
  calendar: WorkCalendar,
  minDays = 2,
): { days: BandDay[]; alerts: BandAlert[] } {
  const days: BandDay[] = rows.map((r) => ({
    ...r,
    error: Math.round((r.actual - r.mean) * 100) / 100,
    side: bandSide(r),
  }));
  const byPoint = new Map<string, BandDay[]>();
  for (const d of days) {
    if (!calendar.isWorkday(d.date)) continue;
    const list = byPoint.get(d.point) ?? [];
    list.push(d);
    byPoint.set(d.point, list);
  }
  const alerts: BandAlert[] = [];
  for (const [point, list] of [...byPoint].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => (a.date < b.date ? -1 : 1));
    let run: BandDay[] = [];
    const flush = () => {
      if (run.length >= minDays) {
        const sides = new Set(run.map((d) => d.side));
        const side = sides.size > 1 ? 'both' : (run[0]!.side as 'above' | 'below');
        const m = msg(`band.alert.${side}`, {
          point,
          from: run[0]!.date,
          to: run.at(-1)!.date,
          days: run.length,
        });
        alerts.push({
          point,
          from: run[0]!.date,
          to: run.at(-1)!.date,
          days: run.length,
          side,
          reason: m,
        });
      }
      run = [];
    };
    let prev: string | undefined;
    for (const d of list) {
      // a gap of a working day without a forecast breaks the run
      if (prev !== undefined && calendar.addWorkingDays(prev, 1) !== d.date) flush();
      if (d.side === 'inside') flush();
      else run.push(d);
      prev = d.date;
    }
    flush();
  }
  return { days, alerts };
}
