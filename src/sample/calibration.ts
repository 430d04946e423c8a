import { isoWeekday } from '../core/calendar/dates.ts';
import { CHANNELS, type Channel, type DailyVolume, FIELDS, type Field } from '../schemas/domain.ts';

/**
 * Figures of the Center's Q3 2025 report: 2025-07-01..2025-09-23, 531,269 dossiers received
 * (in person 212,790, online 317,199, postal 1,278); 510,541 resolved (96.1%), of which 763 overdue
 * (99.85% on time); overdue concentrated in land and social policy.
 */
export const REPORT_Q3_2025 = {
  from: '2025-07-01',
  to: '2025-09-23',
  received: 531_269,
  channelShare: { in_person: 212_790 / 531_269, online: 317_199 / 531_269, postal: 1_278 / 531_269 },
  resolvedShare: 510_541 / 531_269,
  onTimeShareOfResolved: (510_541 - 763) / 510_541,
} as const;

/** What the generator calibrates to; defaults to `REPORT_Q3_2025`. */
export interface CalibrationTarget {
  from: string;
  to: string;
  received: number;
  channelShare: Record<Channel, number>;
  resolvedShare: number;
  onTimeShareOfResolved: number;
}

export interface MonthFigures {
  /** `YYYY-MM` */
  month: string;
  /** received over the whole calendar month (all rows given for that month, not clipped to the window) */
  received: number;
  /** distinct Monday–Friday dates with rows in that month */
  weekdays: number;
  /** received / weekdays */
  perWeekday: number;
}

export interface CalibrationFigures {
  window: { from: string; to: string };
  received: number;
  byChannel: Record<Channel, number>;
  channelShare: Record<Channel, number>;
  resolved: number;
  /** resolved / received */
  resolvedShare: number;
  onTime: number;
  overdue: number;
  /** on_time / resolved */
  onTimeShareOfResolved: number;
  overdueByField: Record<Field, number>;
  /** overdue of each field / all overdue */
  overdueShareByField: Record<Field, number>;
  /** July, August and September of the window's year (full months) */
  months: MonthFigures[];
}

type VolumeLike = Pick<
  DailyVolume,
  'date' | 'channel' | 'field' | 'received' | 'resolved' | 'on_time' | 'overdue'
>;

const zeroBy = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * The report's figures computed from daily volume rows (any order; rows outside the window only count
 * towards the monthly totals of July–September). Pure; reads each row once.
 * @example calibrationFigures(generateHistory(opts)).received // ≈ 531,269
 */
export function calibrationFigures(
  rows: Iterable<VolumeLike>,
  window: { from: string; to: string } = REPORT_Q3_2025,
): CalibrationFigures {
  const year = window.from.slice(0, 4);
  const monthKeys = ['07', '08', '09'].map((m) => `${year}-${m}`);
  const monthReceived = new Map(monthKeys.map((m) => [m, 0]));
  const monthWeekdays = new Map(monthKeys.map((m) => [m, new Set<string>()]));
  const byChannel = zeroBy(CHANNELS);
  const overdueByField = zeroBy(FIELDS);
  let received = 0;
  let resolved = 0;
  let onTime = 0;
  let overdue = 0;
  for (const r of rows) {
    const month = r.date.slice(0, 7);
    const m = monthReceived.get(month);
    if (m !== undefined) {
      monthReceived.set(month, m + r.received);
      const days = monthWeekdays.get(month)!;
      if (!days.has(r.date) && isoWeekday(r.date) <= 5) days.add(r.date);
    }
    if (r.date < window.from || r.date > window.to) continue;
    received += r.received;
    byChannel[r.channel] += r.received;
    resolved += r.resolved;
    onTime += r.on_time;
    overdue += r.overdue;
    overdueByField[r.field] += r.overdue;
  }
  const share = <K extends string>(counts: Record<K, number>, total: number) =>
    Object.fromEntries(
      Object.entries(counts).map(([k, v]) => [k, total > 0 ? (v as number) / total : 0]),
    ) as Record<K, number>;
  return {
    window: { from: window.from, to: window.to },
    received,
    byChannel,
    channelShare: share(byChannel, received),
    resolved,
    resolvedShare: received > 0 ? resolved / received : 0,
    onTime,
    overdue,
    onTimeShareOfResolved: resolved > 0 ? onTime / resolved : 0,
    overdueByField,
    overdueShareByField: share(overdueByField, overdue),
    months: monthKeys.map((month) => {
      const weekdays = monthWeekdays.get(month)!.size;
      const rec = monthReceived.get(month)!;
      return { month, received: rec, weekdays, perWeekday: weekdays > 0 ? rec / weekdays : 0 };
    }),
  };
}
