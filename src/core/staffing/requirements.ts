/**
 * Staff requirements from a forecast: the `reception` and `processing` inputs of the stage-1 problem.
 *
 * Counters (in-person dossiers only): the day's arrivals are spread over the open hours by the intraday
 * profile; each hour gets the smallest number of counters meeting the service-level target (Erlang C);
 * counter-hours ÷ productive hours of a person that day (open hours capped at paid hours, × (1 − shrinkage))
 * give counter staff-days. Staff present but not at a counter do back-office work, so hours (not the peak)
 * are what a day's presence must cover; the peak is reported alongside.
 *
 * Processing (poolable across points, one-tier model): back-office minutes of every dossier (online and
 * postal intake checks included), spread evenly over the working days from receipt to the legal deadline.
 * Work whose window runs past the planning days is wrapped by whole weeks (steady state: last week's
 * dossiers land in this week as this week's land in the next), so a week's total equals its arrivals' work.
 */
import { CHANNELS, FIELDS, type Field, type OpeningHours, type WorkTypeId } from '../../schemas/domain.ts';
import type { FieldsModel, StaffingModel } from '../../schemas/models.ts';
import type { CounterSlot } from '../../schemas/optimize.ts';
import type { ForecastRow } from '../../schemas/plan.ts';
import { WORK_TYPE_IDS, type WorkTypesModel } from '../../schemas/work-types.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { addDays, diffDays, isoWeekday } from '../calendar/dates.ts';
import { DomainError } from '../errors.ts';
import { msg } from '../messages.ts';
import { requiredAgents, serviceLevelFractional } from './erlang-c.ts';
import { centerWork, dossierMinutes, pointDayMinutes } from './work-types.ts';

export type { ForecastRow };

export interface RequirementsPoint {
  code: string;
  opening_hours: OpeningHours;
}

/** An intraday arrival profile of one point: 24 relative weights (hour 0–23) by kind of day. */
export interface HourlyProfile {
  weekday?: ReadonlyArray<number>;
  saturday?: ReadonlyArray<number>;
}

export interface RequirementsOptions {
  /** forecast value sizing the counters: "mean" (default) or a quantile name such as "p80" */
  receptionQuantile?: string;
  /**
   * The work model (models/work-types.json). When given: counters carry every hour-of-day work at the point
   * (reception, guidance, result return), the point's within-the-day work (digitisation, coordination) is
   * `local`, only work the Center may do anywhere is pooled (`processing`: online and postal acceptance),
   * and the competent units' specialists' work (appraisal) is `appraisal`, outside the Center's staff.
   * Without it: today's model (counters by day, every back-office minute pooled).
   */
  workTypes?: WorkTypesModel;
  /** per point, the intraday arrival profile to use instead of the model's (e.g. from queue tickets) */
  hourlyProfiles?: Readonly<Record<string, HourlyProfile>>;
}

/** Counter detail of one point and day. */
export interface CounterDay {
  point: string;
  date: string;
  /** in-person dossiers expected (at the chosen quantile) */
  arrivals: number;
  /** arrival-weighted counter time per dossier, seconds */
  aht_seconds: number;
  /** open hours that day */
  open_hours: number;
  /** productive hours of one person that day: min(open, paid) × (1 − shrinkage) */
  productive_hours: number;
  /** per hour 0–23: arrivals, share of the hour open, counters needed while open */
  hourly: Array<{ hour: number; arrivals: number; open: number; agents: number }>;
  counter_hours: number;
  peak_counters: number;
  /** counter staff-days: counter_hours ÷ productive_hours */
  staff_days: number;
  /**
   * the counters of the day, first first: the k-th counter's hours (those needing at least k counters) and its
   * share of a present person's day (its open hours ÷ productive hours, at most 1: one person staffs it)
   */
  slots: CounterSlot[];
}

export interface Requirements {
  days: string[];
  /** counter staff-days per point and day (the stage-1 `reception`) */
  reception: Record<string, number[]>;
  /** pooled processing staff-days per day (the stage-1 `processing`) */
  processing: number[];
  /** the processing staff-days that originate at each point (for utilisation figures) */
  processing_by_point: Record<string, number[]>;
  counters: CounterDay[];
  /** minutes of one processing staff-day: paid hours × 60 × (1 − shrinkage) */
  minutes_per_staff_day: number;
  /** work model only: the counters by hour of each point and day (stage 1's `counter_slots`) */
  counter_slots?: Record<string, CounterSlot[][]>;
  /** work model only: work that must be done at the point within the day, staff-days (stage 1's `local`) */
  local?: Record<string, number[]>;
  /** work model only: the pooled work per field and day, staff-days (Σ over fields = processing) */
  processing_by_field?: Partial<Record<Field, number[]>>;
  /**
   * work model only: the competent units' specialists' work (appraisal and decision) per unit, field and day,
   * staff-days spread over each dossier's legal deadline. Not Center work: the plan never moves it.
   */
  appraisal?: Record<string, Partial<Record<Field, number[]>>>;
}

const toHours = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! + m! / 60;
};

/** Share of each hour 0–23 covered by the sessions. */
export function openFractions(sessions: ReadonlyArray<readonly [string, string]>): number[] {
  const frac = new Array<number>(24).fill(0);
  for (const [from, to] of sessions) {
    const a = toHours(from);
    const b = toHours(to);
    for (let h = Math.floor(a); h < Math.ceil(b) && h < 24; h++)
      frac[h]! += Math.max(0, Math.min(b, h + 1) - Math.max(a, h));
  }
  return frac.map((f) => Math.min(1, f));
}

/**
 * Counter requirement of one point-day: Erlang C hour by hour.
 * @example counterDay('HK', '2026-01-05', 40, 600, sessions, model) // → { staff_days, peak_counters, … }
 */
export function counterDay(
  point: string,
  date: string,
  arrivals: number,
  ahtSeconds: number,
  sessions: ReadonlyArray<readonly [string, string]>,
  staffing: StaffingModel,
  saturdayProfile: boolean,
  profileOverride?: ReadonlyArray<number>,
): CounterDay {
  const open = openFractions(sessions);
  const openHours = open.reduce((s, v) => s + v, 0);
  const productive = Math.min(openHours, staffing.paid_hours_per_day) * (1 - staffing.shrinkage);
  const profile =
    profileOverride ??
    (saturdayProfile ? staffing.intraday_profile.saturday : staffing.intraday_profile.weekday);
  let weights = open.map((f, h) => f * profile[h]!);
  let total = weights.reduce((s, v) => s + v, 0);
  if (total <= 0) {
    // The profile has no weight in the open hours (e.g. unusual sessions): arrivals uniform over open time.
    weights = open.slice();
    total = openHours;
  }
  const hourly: CounterDay['hourly'] = [];
  let counterHours = 0;
  let peak = 0;
  for (let h = 0; h < 24; h++) {
    if (open[h]! <= 0) continue;
    const arr = total > 0 ? (arrivals * weights[h]!) / total : 0;
    const ratePerHour = arr / open[h]!;
    const agents =
      arr > 0
        ? requiredAgents(
            ratePerHour,
            ahtSeconds,
            staffing.service_level.target,
            staffing.service_level.target_seconds,
          ).agents
        : 0;
    hourly.push({ hour: h, arrivals: arr, open: open[h]!, agents });
    counterHours += agents * open[h]!;
    peak = Math.max(peak, agents);
  }
  const slots: CounterSlot[] = [];
  for (let k = 1; k <= peak && productive > 0; k++) {
    const hours = hourly.filter((h) => h.agents >= k);
    const u = hours.reduce((s, h) => s + h.open, 0);
    slots.push({ staff_days: Math.min(1, u / productive), hours: hours.map((h) => h.hour) });
  }
  return {
    point,
    date,
    arrivals,
    aht_seconds: ahtSeconds,
    open_hours: openHours,
    productive_hours: productive,
    hourly,
    counter_hours: counterHours,
    peak_counters: peak,
    staff_days: productive > 0 ? counterHours / productive : 0,
    slots,
  };
}

/**
 * Counter and processing requirements for the planning `days` from forecast rows. Counters use the rows of
 * the planning days; processing uses every row of the week starting on the first planning day (Sunday's
 * online dossiers too); other rows are ignored. Points closed on a day (holiday, Sunday, local closure, no Saturday session) need no counters.
 * @throws DomainError INPUT_INVALID for rows naming unknown points or negative values
 * @example staffRequirements(days, points, rows, fields, staffing, calendar).reception['00070'] // [2.4, 2.1, …]
 */
export function staffRequirements(
  days: string[],
  points: ReadonlyArray<RequirementsPoint>,
  rows: ReadonlyArray<ForecastRow>,
  fields: FieldsModel,
  staffing: StaffingModel,
  calendar: WorkCalendar,
  options: RequirementsOptions = {},
): Requirements {
  if (options.workTypes)
    return workModelRequirements(days, points, rows, fields, staffing, calendar, options.workTypes, options);
  const q = options.receptionQuantile ?? 'mean';
  const dayIdx = new Map(days.map((d, i) => [d, i]));
  const pointIdx = new Map(points.map((p, i) => [p.code, i]));
  const nD = days.length;
  const minutesPerStaffDay = staffing.paid_hours_per_day * 60 * (1 - staffing.shrinkage);

  // Counter arrivals and counter minutes per point-day; processing minutes per point-day of receipt.
  const arrivals = new Float64Array(points.length * nD);
  const counterMinutes = new Float64Array(points.length * nD);
  const procByArrival = new Map<string, Map<Field, number>>(); // `${p}|${date}` → field → minutes
  // Processing counts every dossier received in the week that starts with the first planning day (or the
  // planning span, if longer), including days without counters: online dossiers also arrive on Sundays.
  const lastArrival = [days[nD - 1]!, addDays(days[0]!, 6)].sort()[1]!;
  rows.forEach((row, line) => {
    if (row.date < days[0]! || row.date > lastArrival) return;
    const d = dayIdx.get(row.date);
    const { p, value } = checkedRow(row, line, pointIdx, q);
    const std = fields.fields[row.field].standard_minutes[row.channel];
    if (row.channel === 'in_person' && d !== undefined) {
      arrivals[p * nD + d]! += value;
      counterMinutes[p * nD + d]! += value * std.reception;
    }
    // Back-office minutes use the mean: pooled over the city, the sum is close to its mean.
    const minutes = row.mean * (std.processing + (row.channel === 'in_person' ? 0 : std.reception));
    const key = `${p}|${row.date}`;
    const byField = procByArrival.get(key) ?? new Map<Field, number>();
    byField.set(row.field, (byField.get(row.field) ?? 0) + minutes);
    procByArrival.set(key, byField);
  });

  const byPoint = pointCounterDays(days, points, arrivals, counterMinutes, calendar, staffing, options);
  const reception: Record<string, number[]> = {};
  points.forEach((pt, p) => {
    reception[pt.code] = byPoint[p]!.map((c) => c.staff_days);
  });

  // Processing: spread each day's work over its deadline window, wrapped into the planning days.
  const { windowOf } = planDayMapper(days, calendar);
  const processingByPoint: Record<string, number[]> = {};
  for (const pt of points) processingByPoint[pt.code] = new Array<number>(nD).fill(0);
  const processing = new Array<number>(nD).fill(0);
  for (const [key, byField] of procByArrival) {
    const [pS, received] = key.split('|') as [string, string];
    const p = Number(pS);
    const atPoint = processingByPoint[points[p]!.code]!;
    for (const [field, minutes] of byField) {
      if (minutes <= 0) continue;
      // Work that cannot be placed (no working plan day at all) is dropped; shares keep the full window length.
      const w = windowOf(received, fields.fields[field].deadline_working_days);
      const share = minutes / w.length / minutesPerStaffDay;
      for (const idx of w.idx) {
        processing[idx]! += share;
        atPoint[idx]! += share;
      }
    }
  }
  return {
    days,
    reception,
    processing,
    processing_by_point: processingByPoint,
    counters: byPoint.flat(),
    minutes_per_staff_day: minutesPerStaffDay,
  };
}

/**
 * A forecast row's point index and the value sizing its counters (the mean or the chosen quantile).
 * @throws DomainError INPUT_INVALID naming the row's line for an unknown point or a negative / missing value
 */
function checkedRow(
  row: ForecastRow,
  line: number,
  pointIdx: ReadonlyMap<string, number>,
  q: string,
): { p: number; value: number } {
  const p = pointIdx.get(row.point);
  if (p === undefined)
    throw new DomainError(
      'INPUT_INVALID',
      msg('staffing.unknown_point', { line: line + 1, point: row.point }),
      [{ line: line + 1, field: 'point', value: row.point, reason: msg('plan.unknown_point_reason') }],
    );
  const value = q === 'mean' ? row.mean : (row.quantiles?.[q] ?? row.mean);
  if (!(row.mean >= 0) || !(value >= 0))
    throw new DomainError('INPUT_INVALID', msg('staffing.bad_value', { line: line + 1 }), [
      { line: line + 1, field: 'mean', value: row.mean, reason: msg('staffing.bad_value_reason') },
    ]);
  return { p, value };
}

/**
 * Every point's counters, day by day (`counterDay` on its sessions, profile and kind of day), from the
 * point-major arrays of in-person arrivals and counter minutes; a closed point-day needs no counter.
 */
function pointCounterDays(
  days: string[],
  points: ReadonlyArray<RequirementsPoint>,
  arrivals: Float64Array,
  counterMinutes: Float64Array,
  calendar: WorkCalendar,
  staffing: StaffingModel,
  options: RequirementsOptions,
): CounterDay[][] {
  const nD = days.length;
  return points.map((pt, p) =>
    days.map((date, d) => {
      const sessions = calendar.sessions(date, pt.opening_hours, pt.code);
      const arr = arrivals[p * nD + d]!;
      const aht = arr > 0 ? (counterMinutes[p * nD + d]! * 60) / arr : 60;
      const saturday = isoWeekday(date) === 6 && calendar.kind(date) === 'weekend';
      return counterDay(
        pt.code,
        date,
        sessions.length > 0 ? arr : 0,
        aht,
        sessions,
        staffing,
        saturday,
        profileOf(options.hourlyProfiles?.[pt.code], saturday),
      );
    }),
  );
}

/** A point's own profile for the kind of day, when it has one. */
function profileOf(p: HourlyProfile | undefined, saturday: boolean): ReadonlyArray<number> | undefined {
  const v = saturday ? p?.saturday : p?.weekday;
  return v && v.length === 24 && v.some((x) => x > 0) ? v : undefined;
}

/**
 * Plan-day indices of a date (a working plan day, or the next one, wrapping by whole weeks: steady state) and
 * of a deadline window (the working days from receipt to the legal deadline).
 */
function planDayMapper(days: string[], calendar: WorkCalendar) {
  const dayIdx = new Map(days.map((d, i) => [d, i]));
  const planWork = days.map((d) => calendar.isWorkday(d));
  const firstDay = days[0]!;
  const toPlanDay = (date: string): number | undefined => {
    const direct = dayIdx.get(date);
    if (direct !== undefined && planWork[direct]) return direct;
    const off = ((diffDays(firstDay, date) % 7) + 7) % 7;
    for (let k = 0; k < 7; k++) {
      const idx = dayIdx.get(addDays(firstDay, (off + k) % 7));
      if (idx !== undefined && planWork[idx]) return idx;
    }
    return undefined;
  };
  const windows = new Map<string, { idx: number[]; length: number }>();
  const windowOf = (received: string, deadlineDays: number): { idx: number[]; length: number } => {
    const key = `${received}|${deadlineDays}`;
    let w = windows.get(key);
    if (w) return w;
    const deadline = calendar.addWorkingDays(received, deadlineDays);
    const dates: string[] = [];
    for (let day = received; day <= deadline; day = addDays(day, 1))
      if (calendar.isWorkday(day)) dates.push(day);
    if (dates.length === 0) dates.push(deadline);
    w = { idx: dates.map(toPlanDay).filter((i): i is number => i !== undefined), length: dates.length };
    windows.set(key, w);
    return w;
  };
  return { toPlanDay, windowOf };
}

/**
 * Requirements on the work model (models/work-types.json; see `RequirementsOptions.workTypes`). Per point and
 * day: counters by hour (Erlang C on the intraday profile, the handling time carrying every hour-of-day work of
 * the Center at the point), their slots, and the local within-the-day work in staff-days of that point-day's
 * productive hours; per day: the pooled work (the Center's work that may be done anywhere) in staff-days of
 * `minutes_per_staff_day`; per competent unit and field: the specialists' work, spread to the legal deadline.
 * Work types no Center role may do (specialists only) never enter the Center's requirements.
 */
function workModelRequirements(
  days: string[],
  points: ReadonlyArray<RequirementsPoint>,
  rows: ReadonlyArray<ForecastRow>,
  fields: FieldsModel,
  staffing: StaffingModel,
  calendar: WorkCalendar,
  model: WorkTypesModel,
  options: RequirementsOptions,
): Requirements {
  const q = options.receptionQuantile ?? 'mean';
  const dayIdx = new Map(days.map((d, i) => [d, i]));
  const pointIdx = new Map(points.map((p, i) => [p.code, i]));
  const nP = points.length;
  const nD = days.length;
  const minutesPerStaffDay = staffing.paid_hours_per_day * 60 * (1 - staffing.shrinkage);
  const center = (id: WorkTypeId) => centerWork(model, id);
  // Minutes per dossier of each (field, channel), by category: counter (hour at the point), local within the
  // day or by the deadline, pooled on the day or by the deadline, the competent unit's on the day or by the
  // deadline. Computed once: the row loop below only multiplies.
  const nF = FIELDS.length;
  const nC = CHANNELS.length;
  const table = () => new Float64Array(nF * nC);
  const hourM = table();
  const localDayM = table();
  const localDeadM = table();
  const poolDayM = table();
  const poolDeadM = table();
  const unitDayM = table();
  const unitDeadM = table();
  for (const id of WORK_TYPE_IDS) {
    const wt = model.work_types[id];
    const deadline = wt.when === 'deadline';
    const target = !center(id)
      ? deadline
        ? unitDeadM
        : unitDayM
      : wt.where === 'receiving_point'
        ? wt.when === 'hour'
          ? hourM
          : deadline
            ? localDeadM
            : localDayM
        : deadline
          ? poolDeadM
          : poolDayM;
    FIELDS.forEach((f, fi) => {
      CHANNELS.forEach((c, ci) => {
        target[fi * nC + ci]! += dossierMinutes(model, fields, id, f, c);
      });
    });
  }
  const fieldIdx = new Map<string, number>(FIELDS.map((f, i) => [f, i]));
  const channelIdx = new Map<string, number>(CHANNELS.map((c, i) => [c, i]));
  const { toPlanDay, windowOf } = planDayMapper(days, calendar);
  const lastArrival = [days[nD - 1]!, addDays(days[0]!, 6)].sort()[1]!;
  // The dates whose rows count (the planning days and the rest of the week): offsets from the first day.
  const nOff = diffDays(days[0]!, lastArrival) + 1;
  const dates = Array.from({ length: nOff }, (_, k) => addDays(days[0]!, k));
  const dateOff = new Map(dates.map((d, k) => [d, k]));

  const arrivals = new Float64Array(nP * nD);
  const counterMinutes = new Float64Array(nP * nD);
  const localMinutes = new Float64Array(nP * nD);
  // Per point, date offset and field: minutes still to be placed on plan days.
  const cells = nP * nOff * nF;
  const localDay = new Float64Array(nP * nOff);
  const localDead = new Float64Array(cells);
  const poolDay = new Float64Array(cells);
  const poolDead = new Float64Array(cells);
  const unitDay = new Float64Array(cells);
  const unitDead = new Float64Array(cells);
  rows.forEach((row, line) => {
    const off = dateOff.get(row.date);
    if (off === undefined) return;
    const d = dayIdx.get(row.date);
    const { p, value } = checkedRow(row, line, pointIdx, q);
    const fi = fieldIdx.get(row.field)!;
    const k = fi * nC + channelIdx.get(row.channel)!;
    if (d !== undefined) {
      if (row.channel === 'in_person') arrivals[p * nD + d]! += value;
      counterMinutes[p * nD + d]! += value * hourM[k]!;
    }
    // Work within the day or by the deadline uses the mean: it is a day's (or a window's) total.
    const m = row.mean;
    localDay[p * nOff + off]! += m * localDayM[k]!;
    const cell = (p * nOff + off) * nF + fi;
    localDead[cell]! += m * localDeadM[k]!;
    poolDay[cell]! += m * poolDayM[k]!;
    poolDead[cell]! += m * poolDeadM[k]!;
    unitDay[cell]! += m * unitDayM[k]!;
    unitDead[cell]! += m * unitDeadM[k]!;
  });

  const processing = new Array<number>(nD).fill(0);
  const processingByField: Partial<Record<Field, number[]>> = {};
  const processingByPoint: Record<string, number[]> = {};
  const appraisal: Record<string, Partial<Record<Field, number[]>>> = {};
  for (const pt of points) processingByPoint[pt.code] = new Array<number>(nD).fill(0);
  const onDay = dates.map((date) => toPlanDay(date));
  const windows = dates.map((date) =>
    FIELDS.map((f) => windowOf(date, fields.fields[f].deadline_working_days)),
  );
  for (let p = 0; p < nP; p++) {
    const code = points[p]!.code;
    for (let off = 0; off < nOff; off++) {
      // Done where the paper is, on the day it came (a plan day the point is open, Saturdays included).
      const ld = localDay[p * nOff + off]!;
      if (ld > 0) {
        const direct = dayIdx.get(dates[off]!);
        const idx = direct ?? onDay[off];
        if (idx !== undefined) localMinutes[p * nD + idx]! += ld;
      }
      for (let fi = 0; fi < nF; fi++) {
        const cell = (p * nOff + off) * nF + fi;
        const field = FIELDS[fi]!;
        const w = windows[off]![fi]!;
        const lDead = localDead[cell]!;
        if (lDead > 0) for (const idx of w.idx) localMinutes[p * nD + idx]! += lDead / w.length;
        const pool = (place: (idx: number, v: number) => void) => {
          const pd = poolDay[cell]!;
          if (pd > 0 && onDay[off] !== undefined) place(onDay[off]!, pd / minutesPerStaffDay);
          const pdl = poolDead[cell]!;
          if (pdl > 0) for (const idx of w.idx) place(idx, pdl / w.length / minutesPerStaffDay);
        };
        if (poolDay[cell]! > 0 || poolDead[cell]! > 0) {
          processingByField[field] ??= new Array<number>(nD).fill(0);
          const byField = processingByField[field]!;
          const byPoint = processingByPoint[code]!;
          pool((idx, v) => {
            processing[idx]! += v;
            byField[idx]! += v;
            byPoint[idx]! += v;
          });
        }
        const ud = unitDay[cell]!;
        const udl = unitDead[cell]!;
        if (ud > 0 || udl > 0) {
          // The competent unit: the forecast is by receiving point, which is the competent commune's own point.
          appraisal[code] ??= {};
          const unit = appraisal[code]!;
          unit[field] ??= new Array<number>(nD).fill(0);
          const arr = unit[field]!;
          if (ud > 0 && onDay[off] !== undefined) arr[onDay[off]!]! += ud / minutesPerStaffDay;
          if (udl > 0) for (const idx of w.idx) arr[idx]! += udl / w.length / minutesPerStaffDay;
        }
      }
    }
  }

  const reception: Record<string, number[]> = {};
  const counterSlots: Record<string, CounterSlot[][]> = {};
  const local: Record<string, number[]> = {};
  const perPointDay = WORK_TYPE_IDS.filter(
    (id) => center(id) && model.work_types[id].where === 'receiving_point',
  ).reduce((s, id) => s + pointDayMinutes(model, id), 0);
  const byPoint = pointCounterDays(days, points, arrivals, counterMinutes, calendar, staffing, options);
  points.forEach((pt, p) => {
    const pointDays = byPoint[p]!;
    reception[pt.code] = pointDays.map((c) => c.slots.reduce((s2, sl) => s2 + sl.staff_days, 0));
    counterSlots[pt.code] = pointDays.map((c) => c.slots);
    // Local work of a closed point-day cannot be done there: it waits for the point's next open day
    // (not modelled: dropped from this week's plan, as is its counter work).
    local[pt.code] = pointDays.map((c, d) => {
      return c.productive_hours > 0
        ? (localMinutes[p * nD + d]! + perPointDay) / (c.productive_hours * 60)
        : 0;
    });
  });
  return {
    days,
    reception,
    processing,
    processing_by_point: processingByPoint,
    counters: byPoint.flat(),
    minutes_per_staff_day: minutesPerStaffDay,
    counter_slots: counterSlots,
    local,
    processing_by_field: processingByField,
    appraisal,
  };
}

/**
 * Expected counter service level (arrival-weighted, in [0, 1]) when `present` staff are at each point: in each
 * hour the counters staffed are min(counters needed, staff present), so a point never shows more service than
 * the people there can give at its peak.
 * @example expectedServiceLevel(req.counters, (point, date) => 3, model)
 */
export function expectedServiceLevel(
  counters: ReadonlyArray<CounterDay>,
  present: (point: string, date: string) => number,
  staffing: StaffingModel,
): { service_level: number; arrivals: number } {
  let weighted = 0;
  let total = 0;
  for (const c of counters) {
    if (c.arrivals <= 0) continue;
    const n = Math.max(0, present(c.point, c.date));
    for (const h of c.hourly) {
      if (h.arrivals <= 0) continue;
      const sl = serviceLevelFractional(
        Math.min(h.agents, n),
        h.arrivals / h.open,
        c.aht_seconds,
        staffing.service_level.target_seconds,
      );
      weighted += sl * h.arrivals;
      total += h.arrivals;
    }
  }
  return { service_level: total > 0 ? weighted / total : 1, arrivals: total };
}

/**
 * The hours in which a point has fewer staff present than counters needed: the shortfalls a plan reports
 * instead of a met target. One entry per point-day with a short hour.
 * @example counterShortfalls(req.counters, (p, d) => 2) // [{ point, date, hours: [9], needed: 3, present: 2 }]
 */
export function counterShortfalls(
  counters: ReadonlyArray<CounterDay>,
  present: (point: string, date: string) => number,
): Array<{ point: string; date: string; hours: number[]; needed: number; present: number }> {
  const out: Array<{ point: string; date: string; hours: number[]; needed: number; present: number }> = [];
  for (const c of counters) {
    const n = present(c.point, c.date);
    const hours = c.hourly.filter((h) => h.agents > n).map((h) => h.hour);
    if (hours.length > 0)
      out.push({ point: c.point, date: c.date, hours, needed: c.peak_counters, present: n });
  }
  return out;
}
