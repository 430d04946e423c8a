/**
 * The CSV formats of points, staff, volumes and the official unit list: one column list each, written by the
 * sample generator and `export`, read by `import`. UTF-8, a header line, RFC 4180 quoting.
 *
 * points: `code,name,type,branch,lat,lon,population,area_km2,counters,min_staff,weekday_hours,saturday_hours`
 *   opening hours as `;`-separated `HH:MM-HH:MM` sessions (`08:00-12:00;13:00-17:00`); empty saturday_hours
 *   means closed on Saturdays; both hour columns may be left out on import (the model's defaults).
 * staff: `id,name,home_point,fields,fte,role,active,skills`, fields `;`-separated (`land;civil_status`): the
 *   person's field skills; role `staff` (Center reception staff), `point_lead` or `specialist` (commune
 *   specialist officer of the home point's commune, never moved by the Center); active `true` or `false`
 *   (optional on import: true); skills `;`-separated work types of models/work-types.json
 *   (`counter_reception;digitisation`), optional on import: empty = every work type open to the role.
 *   Files without the skills column (or with role staff/point_lead only) stay valid.
 * volumes: `date,point,channel,field,received,resolved,on_time,overdue` (the last three optional on import).
 * units: `code,name,type,population,area_km2,lat,lon[,source_note]` (shared/data/hanoi-units.csv as published).
 */

/** A CSV format: the columns a header must hold and those it may hold, in the order they are written. */
function format<const R extends readonly string[], const O extends readonly string[]>(
  name: string,
  required: R,
  optional: O,
): { name: string; required: R; optional: O; columns: readonly [...R, ...O] } {
  return { name, required, optional, columns: [...required, ...optional] as const };
}

export const POINTS_COLUMNS = format(
  'points',
  ['code', 'name', 'type', 'branch', 'lat', 'lon', 'population', 'area_km2', 'counters', 'min_staff'],
  ['weekday_hours', 'saturday_hours'],
);
export const STAFF_COLUMNS = format(
  'staff',
  ['id', 'name', 'home_point', 'fields', 'fte', 'role'],
  ['active', 'skills'],
);
export const VOLUMES_COLUMNS = format(
  'volumes',
  ['date', 'point', 'channel', 'field', 'received'],
  ['resolved', 'on_time', 'overdue'],
);
export const UNITS_COLUMNS = format(
  'units',
  ['code', 'name', 'type', 'population', 'area_km2', 'lat', 'lon'],
  ['source_note'],
);

/** The full header lines, as written by the sample generator and `export`. */
export const POINTS_CSV_COLUMNS = POINTS_COLUMNS.columns;
export const STAFF_CSV_COLUMNS = STAFF_COLUMNS.columns;
export const VOLUMES_CSV_COLUMNS = VOLUMES_COLUMNS.columns;
