/**
 * Expected counter waits per point-day from forecast rows (for the choice model, core/simulate/choice.ts):
 * the in-person arrivals of the day over the point's hour pieces, Erlang C at the counters the point can staff.
 * Pure.
 */
import type { OpeningHours } from '../../schemas/domain.ts';
import type { FieldsModel, StaffingModel } from '../../schemas/models.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { expectedWaitMin } from './choice.ts';
import { daySegments } from './prepare.ts';

/**
 * Expected wait (minutes) at each point-day, keyed `point|date`: 0 without in-person demand; the cap when the
 * point is closed or has nobody at the counters.
 */
export function expectedWaits(
  points: ReadonlyArray<{ code: string; opening_hours?: OpeningHours }>,
  rows: ReadonlyArray<{ point: string; date: string; channel: string; field: string; mean: number }>,
  servers: (point: string, date: string) => number,
  models: { fields: FieldsModel; staffing: StaffingModel },
  calendar: WorkCalendar,
  maxWaitMin?: number,
): Map<string, number> {
  const load = new Map<string, { n: number; min: number }>();
  for (const r of rows) {
    if (r.channel !== 'in_person' || !(r.mean > 0)) continue;
    const k = `${r.point}|${r.date}`;
    const cur = load.get(k) ?? { n: 0, min: 0 };
    cur.n += r.mean;
    cur.min +=
      r.mean *
      models.fields.fields[r.field as keyof FieldsModel['fields']].standard_minutes.in_person.reception;
    load.set(k, cur);
  }
  const hoursOf = new Map(points.map((p) => [p.code, p.opening_hours ?? models.staffing.opening_hours]));
  const out = new Map<string, number>();
  for (const [k, { n, min }] of load) {
    const [point, date] = k.split('|') as [string, string];
    const sessions = calendar.sessions(date, hoursOf.get(point) as OpeningHours, point);
    const profile =
      calendar.kind(date) === 'weekend'
        ? models.staffing.intraday_profile.saturday
        : models.staffing.intraday_profile.weekday;
    const seg = daySegments(sessions, profile);
    out.set(
      k,
      seg.a.length === 0
        ? (maxWaitMin ?? 120)
        : expectedWaitMin(n, min / n, Math.floor(servers(point, date)), seg, maxWaitMin),
    );
  }
  return out;
}
