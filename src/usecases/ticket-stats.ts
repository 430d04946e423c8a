import type { Field } from '../schemas/domain.ts';
import type { Queryable } from '../store/db.ts';
import {
  type TicketFilter,
  type TicketTimes,
  ticketArrivalsByHour,
  ticketTimesByField,
} from '../store/tickets-repo.ts';

/** Mean arrivals of one point in one hour of one ISO weekday (1 = Monday), from its queue tickets. */
export interface HourlyArrivals {
  point: string;
  weekday: number;
  /** Hour of the day, 0–23 (local time). */
  hour: number;
  /** Tickets issued in that hour per day the point has tickets on that weekday. */
  arrivalsPerHour: number;
  /** That hour's share of the point's tickets on that weekday (sums to 1 over the hours). */
  share: number;
  /** Days observed. */
  days: number;
}

/**
 * Arrivals per hour per point from the queue tickets of `from`…`to`: the point's own intraday profile, which
 * replaces the assumed one where tickets exist (Erlang C inputs, the simulator's calibration).
 * @example await hourlyArrivals(db, { from: '2025-07-01', to: '2025-09-30', points: ['P001'] })
 */
export async function hourlyArrivals(db: Queryable, f: TicketFilter): Promise<HourlyArrivals[]> {
  const rows = await ticketArrivalsByHour(db, f);
  const totals = new Map<string, number>();
  for (const r of rows)
    totals.set(`${r.point}|${r.weekday}`, (totals.get(`${r.point}|${r.weekday}`) ?? 0) + r.tickets);
  return rows.map((r) => ({
    point: r.point,
    weekday: r.weekday,
    hour: r.hour,
    arrivalsPerHour: r.tickets / r.days,
    share: r.tickets / totals.get(`${r.point}|${r.weekday}`)!,
    days: r.days,
  }));
}

/** Waits and service times by field from the queue tickets (seconds; null where no ticket was called / finished). */
export interface FieldServiceTimes extends TicketTimes {
  /** Abandoned tickets over all tickets. */
  abandonRate: number;
}

/**
 * Waits (ticket → call) and service times (call → finish) per field over `from`…`to` (optionally some points):
 * the measured handling time (AHT) and waits that staffing and the simulator calibrate against.
 */
export async function serviceTimesByField(
  db: Queryable,
  f: TicketFilter,
): Promise<Map<Field, FieldServiceTimes>> {
  const rows = await ticketTimesByField(db, f);
  return new Map(rows.map((r) => [r.field, { ...r, abandonRate: r.tickets ? r.abandoned / r.tickets : 0 }]));
}
