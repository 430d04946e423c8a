import { isIsoDate } from '../../core/calendar/dates.ts';
import type { ErrorDetail } from '../../core/errors.ts';
import { type MessageKey, type MsgParam, msg } from '../../core/messages.ts';
import { POINTS_COLUMNS, STAFF_COLUMNS, UNITS_COLUMNS, VOLUMES_COLUMNS } from '../../schemas/csv.ts';
import {
  CHANNELS,
  type Channel,
  type DailyVolume,
  FIELDS,
  type Field,
  type OpeningHours,
  type Point,
  STAFF_ROLES,
  type Staff,
  WORK_TYPE_IDS,
  type WorkTypeId,
} from '../../schemas/domain.ts';
import type { CsvFormat, CsvRow } from './csv.ts';

/** Column formats accepted by `import` (and written by `export`): the column lists of `schemas/csv.ts`. */
export const POINTS_FORMAT: CsvFormat = POINTS_COLUMNS;
/** The official unit list as published (`shared/data/hanoi-units.csv`): enriched with sizing defaults. */
export const UNITS_FORMAT: CsvFormat = UNITS_COLUMNS;
export const STAFF_FORMAT: CsvFormat = STAFF_COLUMNS;
export const VOLUMES_FORMAT: CsvFormat = VOLUMES_COLUMNS;

/** Collects the errors of one row; each names line, column, value and reason. */
class RowCheck {
  readonly errors: ErrorDetail[] = [];
  constructor(private readonly row: CsvRow) {}

  /** The reason is a catalogue message (core/messages.ts). */
  fail(field: string, key: MessageKey, params?: Record<string, MsgParam>): undefined {
    this.errors.push({ line: this.row.line, field, value: this.row.values[field], reason: msg(key, params) });
    return undefined;
  }

  text(field: string, max = 200): string {
    const v = this.row.values[field] ?? '';
    if (v === '') this.fail(field, 'import.empty');
    else if (v.length > max) this.fail(field, 'import.too_long', { max });
    return v;
  }

  code(field: string): string {
    const v = this.row.values[field] ?? '';
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(v)) this.fail(field, 'import.code');
    return v;
  }

  int(field: string, opts: { optional?: boolean; min?: number } = {}): number {
    const v = this.row.values[field];
    if ((v === undefined || v === '') && opts.optional) return 0;
    if (v === undefined || !/^-?\d+$/.test(v)) return this.fail(field, 'import.whole_number') ?? 0;
    const n = Number(v);
    if (!Number.isSafeInteger(n)) return this.fail(field, 'import.too_large') ?? 0;
    if (opts.min !== undefined && n < opts.min)
      return this.fail(field, 'import.at_least', { min: opts.min }) ?? 0;
    return n;
  }

  num(field: string, min: number, max: number): number {
    const v = this.row.values[field];
    const n = v === undefined || v === '' ? Number.NaN : Number(v);
    if (!Number.isFinite(n)) return this.fail(field, 'import.number') ?? 0;
    if (n < min || n > max) return this.fail(field, 'import.between', { min, max }) ?? 0;
    return n;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const v = this.row.values[field] ?? '';
    if (!(allowed as readonly string[]).includes(v))
      this.fail(field, 'import.one_of', { allowed: allowed.join(', ') });
    return v as T;
  }

  date(field: string): string {
    const v = this.row.values[field] ?? '';
    if (!isIsoDate(v)) this.fail(field, 'import.date');
    return v;
  }

  hours(field: string): Array<[string, string]> {
    const v = this.row.values[field] ?? '';
    if (v === '') return [];
    const out: Array<[string, string]> = [];
    for (const part of v.split(';')) {
      const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(part.trim());
      if (
        !m ||
        Number(m[1]) > 23 ||
        Number(m[3]) > 24 ||
        Number(m[2]) > 59 ||
        Number(m[4]) > 59 ||
        `${m[1]}:${m[2]}` >= `${m[3]}:${m[4]}`
      ) {
        this.fail(field, 'import.hours');
        return [];
      }
      out.push([`${m[1]}:${m[2]}`, `${m[3]}:${m[4]}`]);
    }
    return out;
  }

  bool(field: string, dflt: boolean): boolean {
    const v = (this.row.values[field] ?? '').toLowerCase();
    if (v === '') return dflt;
    if (['true', '1', 'yes', 'có'].includes(v)) return true;
    if (['false', '0', 'no', 'không'].includes(v)) return false;
    this.fail(field, 'import.boolean');
    return dflt;
  }
}

export type Checked<T> = { value: T; errors: [] } | { value?: undefined; errors: ErrorDetail[] };

function done<T>(c: RowCheck, value: T): Checked<T> {
  return c.errors.length ? { errors: c.errors } : { value, errors: [] };
}

export interface UnitRow {
  code: string;
  name: string;
  type: 'ward' | 'commune';
  population: number;
  area_km2: number;
  lat: number;
  lon: number;
}

export function checkUnitRow(row: CsvRow): Checked<UnitRow> {
  const c = new RowCheck(row);
  const value: UnitRow = {
    code: c.code('code'),
    name: c.text('name'),
    type: c.oneOf('type', ['ward', 'commune'] as const),
    population: c.int('population', { min: 0 }),
    area_km2: c.num('area_km2', 0, 1e6),
    lat: c.num('lat', -90, 90),
    lon: c.num('lon', -180, 180),
  };
  return done(c, value);
}

export function checkPointRow(row: CsvRow, defaults: OpeningHours): Checked<Point> {
  const c = new RowCheck(row);
  const unit = checkUnitRow(row);
  if (unit.errors.length) c.errors.push(...unit.errors);
  const weekday = row.values['weekday_hours'] === undefined ? defaults.weekday : c.hours('weekday_hours');
  const saturday = row.values['saturday_hours'] === undefined ? defaults.saturday : c.hours('saturday_hours');
  const value = {
    ...(unit.value as UnitRow),
    branch: c.text('branch', 100),
    counters: c.int('counters', { min: 0 }),
    min_staff: c.int('min_staff', { min: 0 }),
    opening_hours: { weekday, saturday },
  };
  return done(c, value as Point);
}

export function checkStaffRow(row: CsvRow): Checked<Staff> {
  const c = new RowCheck(row);
  const fieldsText = row.values['fields'] ?? '';
  const fields = fieldsText
    .split(';')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0) c.fail('fields', 'import.fields_none', { fields: FIELDS.join(', ') });
  const bad = fields.filter((f) => !(FIELDS as readonly string[]).includes(f));
  if (bad.length)
    c.fail('fields', 'import.fields_unknown', { bad: bad.join(', '), fields: FIELDS.join(', ') });
  if (new Set(fields).size !== fields.length) c.fail('fields', 'import.fields_twice');
  const value: Staff = {
    id: c.code('id'),
    name: c.text('name'),
    home_point: c.code('home_point'),
    fields: fields as Field[],
    fte: c.num('fte', 0.01, 1),
    role: c.oneOf('role', STAFF_ROLES),
    active: c.bool('active', true),
  };
  const skillsText = row.values['skills'] ?? '';
  const skills = skillsText
    .split(';')
    .map((f) => f.trim())
    .filter(Boolean);
  const badSkills = skills.filter((f) => !(WORK_TYPE_IDS as readonly string[]).includes(f));
  if (badSkills.length)
    c.fail('skills', 'import.skills_unknown', {
      bad: badSkills.join(', '),
      skills: WORK_TYPE_IDS.join(', '),
    });
  else if (new Set(skills).size !== skills.length) c.fail('skills', 'import.skills_twice');
  // Empty skills: every work type open to the role (models/work-types.json); stored as an empty list.
  if (skills.length > 0) value.skills = skills as WorkTypeId[];
  return done(c, value);
}

export function checkVolumeRow(row: CsvRow): Checked<DailyVolume> {
  const c = new RowCheck(row);
  const received = c.int('received', { min: 0 });
  const resolved = c.int('resolved', { min: 0, optional: true });
  const onTime = c.int('on_time', { min: 0, optional: true });
  const overdue = c.int('overdue', { min: 0, optional: true });
  if (c.errors.length === 0) {
    // A day's resolved dossiers may have been received on earlier days (an ordinary daily report): no
    // bound by the day's received count.
    if (onTime + overdue > resolved) c.fail('on_time', 'import.on_time_over', { resolved });
  }
  const value: DailyVolume = {
    date: c.date('date'),
    point: c.code('point'),
    channel: c.oneOf('channel', CHANNELS) as Channel,
    field: c.oneOf('field', FIELDS) as Field,
    received,
    resolved,
    on_time: onTime,
    overdue,
  };
  return done(c, value);
}
