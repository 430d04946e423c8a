import { toCsv } from '../core/csv.ts';
import { POINTS_CSV_COLUMNS, STAFF_CSV_COLUMNS } from '../schemas/csv.ts';
import type { DailyVolume, Point, Staff } from '../schemas/domain.ts';

/**
 * Writers of the sample data's CSV files (`data/points.csv`, `data/staff.csv`, history files) in the formats of
 * `schemas/csv.ts`, through the one writer (`core/csv.ts`): UTF-8 without BOM, `\n` line ends; lat/lon with 4
 * decimals, area_km2 with 2.
 */
export { POINTS_CSV_COLUMNS, STAFF_CSV_COLUMNS, VOLUMES_CSV_COLUMNS } from '../schemas/csv.ts';

/** Sessions as `08:00-12:00;13:00-17:00` ('' for none). */
export function formatSessions(sessions: ReadonlyArray<readonly [string, string]>): string {
  return sessions.map(([a, b]) => `${a}-${b}`).join(';');
}

/** Parses `08:00-12:00;13:00-17:00`; '' gives []. Returns undefined when malformed or a session ends before it starts. */
export function parseSessions(text: string): Array<[string, string]> | undefined {
  const s = text.trim();
  if (s === '') return [];
  const out: Array<[string, string]> = [];
  for (const part of s.split(';')) {
    const m = /^\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)\s*$/.exec(part);
    if (!m) return undefined;
    const from = `${m[1]}:${m[2]}`;
    const to = `${m[3]}:${m[4]}`;
    if (to <= from) return undefined;
    out.push([from, to]);
  }
  return out;
}

export function pointCsvRecord(p: Point): Array<string | number> {
  return [
    p.code,
    p.name,
    p.type,
    p.branch,
    p.lat.toFixed(4),
    p.lon.toFixed(4),
    p.population,
    p.area_km2.toFixed(2),
    p.counters,
    p.min_staff,
    formatSessions(p.opening_hours.weekday),
    formatSessions(p.opening_hours.saturday),
  ];
}

export function staffCsvRecord(s: Staff): Array<string | number | boolean> {
  return [
    s.id,
    s.name,
    s.home_point,
    s.fields.join(';'),
    s.fte,
    s.role,
    s.active,
    (s.skills ?? []).join(';'),
  ];
}

export function volumeCsvRecord(v: DailyVolume): Array<string | number> {
  return [v.date, v.point, v.channel, v.field, v.received, v.resolved, v.on_time, v.overdue];
}

/** data/points.csv content. */
export const pointsToCsv = (points: Iterable<Point>) =>
  toCsv(POINTS_CSV_COLUMNS, [...points].map(pointCsvRecord));
/** data/staff.csv content. */
export const staffToCsv = (staff: Iterable<Staff>) =>
  toCsv(STAFF_CSV_COLUMNS, [...staff].map(staffCsvRecord));
