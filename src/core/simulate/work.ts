/**
 * The simulator on the work model (models/work-types.json, models/procedures.json): which work is done by
 * whom, where and when. Compiled here into flat arrays for the engine (engine.ts `processingWork`). Pure.
 *
 * - Counter work in the hour the citizen comes (where: receiving point, when: hour): reception at the
 *   field's standard minutes, plus the per-dossier counter work types (guidance, result return) × their share.
 * - Point work within the day (receiving point, day): digitisation of paper dossiers (in person, postal),
 *   by the staff present at the point, first call on their back-office time; the point lead's coordination
 *   (per point-day) comes off the point's time before it.
 * - Center work (center, day): online checking and acceptance, pooled across the city from what the points'
 *   staff have left.
 * - Appraisal and decision (competent unit, deadline): by the commune specialists of the dossier's competent
 *   unit, per field, earliest deadline first, each dossier's deadline from its procedure (dueDate, the
 *   same-day cut-off included) or the field's default; specialists are never moved.
 */
import { CHANNELS, FIELDS, type Field } from '../../schemas/domain.ts';
import type { ProcedureDeadline } from '../../schemas/register.ts';
import type { SimulationInput } from '../../schemas/simulate.ts';
import type { WorkTypesModel } from '../../schemas/work-types.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { toEpochDay } from '../calendar/dates.ts';
import { dueDate } from '../register/due-date.ts';
import { choiceSet, choiceShares } from './choice.ts';
import { C, F } from './constants.ts';
import type { SimulationModels } from './prepare.ts';

/**
 * Specialists' capacity where the input gives none: the expected appraisal minutes a unit receives per working
 * day in the field, × 1.15 (an assumption: a unit sized for its mean load with 15% slack; the register's
 * throughput, where it exists, is the better source — pass it as `specialist_minutes`).
 */
export const SPECIALIST_HEADROOM = 1.15;

export interface PreparedWork {
  /** counter minutes per in-person citizen beyond reception (guidance, result return) */
  counterExtraMin: number;
  /** point lead's coordination minutes per open point-day */
  coordMin: number;
  /** minutes per dossier by field·C + channel: digitisation at the point, acceptance in the pool, appraisal */
  dig: Float64Array;
  acc: Float64Array;
  appr: Float64Array;
  /** competent units of the dossiers received at point p: [umOff[p], umOff[p+1]) units and weights */
  umOff: Int32Array;
  umUnit: Int32Array;
  umW: Float64Array;
  /** deadline classes per field (L at most), their weights clsW[f·L + c] */
  L: number;
  clsW: Float64Array;
  /** appraisal cohorts: ((u·F + f)·D + d)·L + c for the days, then initial backlog cohorts */
  WK: number;
  wkUnit: Int32Array;
  wkField: Int32Array;
  wkFrom: Int32Array;
  wkDeadline: Int32Array;
  /** cohorts of each (unit, field) queue in earliest-deadline-first order */
  qOff: Int32Array;
  qCohort: Int32Array;
  /** specialists' minutes per working day, per unit·F + field */
  specCap: Float64Array;
  /** days the specialists work (the Vietnamese working calendar) */
  specDay: Uint8Array;
  initCount: Float64Array;
  initWork: Float64Array;
}

type Deadline = ProcedureDeadline | { working_days: number };

/** Deadline classes of a field: its procedures (equal weights: no published volume by procedure), or its default. */
function fieldClasses(field: Field, models: SimulationModels, beforeCutoff: (cutoff: string) => number) {
  const procs = (models.procedures?.procedures ?? []).filter((p) => p.field === field);
  const out: Array<{ deadline: Deadline; time?: string; w: number }> = [];
  if (procs.length === 0) {
    out.push({ deadline: { working_days: models.fields.fields[field].deadline_working_days }, w: 1 });
    return out;
  }
  const groups = new Map<string, { deadline: Deadline; n: number }>();
  for (const p of procs) {
    const key = JSON.stringify(p.deadline);
    const g = groups.get(key) ?? { deadline: p.deadline, n: 0 };
    g.n++;
    groups.set(key, g);
  }
  for (const g of [...groups.values()].sort((a, b) =>
    JSON.stringify(a.deadline).localeCompare(JSON.stringify(b.deadline)),
  )) {
    const w = g.n / procs.length;
    if ('same_day' in g.deadline) {
      // Received before the cut-off: due the same day; after it, the next working day (dueDate).
      const a = beforeCutoff(g.deadline.cutoff);
      out.push({ deadline: g.deadline, time: '00:00', w: w * a });
      out.push({ deadline: g.deadline, time: g.deadline.cutoff, w: w * (1 - a) });
    } else out.push({ deadline: g.deadline, w });
  }
  return out;
}

/**
 * Specialists' appraisal minutes per working day by competent unit and field, from a staff list: each active
 * `specialist` gives fte × paid hours × (1 − shrinkage), split evenly over their fields, at their home point
 * (their commune). Units and fields nobody covers are left out (the simulator infers them).
 * @example specialistMinutesFromStaff(staff, staffing) // { P017: { land: 408 } }
 */
export function specialistMinutesFromStaff(
  staff: ReadonlyArray<{
    home_point: string;
    role: string;
    fields: readonly Field[];
    fte: number;
    active: boolean;
  }>,
  staffing: Pick<SimulationModels['staffing'], 'paid_hours_per_day' | 'shrinkage'>,
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const day = staffing.paid_hours_per_day * 60 * (1 - staffing.shrinkage);
  for (const s of staff) {
    if (!s.active || s.role !== 'specialist' || s.fields.length === 0) continue;
    out[s.home_point] ??= {};
    const unit = out[s.home_point]!;
    for (const f of s.fields) unit[f] = (unit[f] ?? 0) + (s.fte * day) / s.fields.length;
  }
  return out;
}

/**
 * Compiles the work model of a setup (its models carry `workTypes`; `procedures` optional).
 * @example prepareWork(input, models, cal, present, workMinutes).specCap
 */
export function prepareWork(
  input: SimulationInput,
  models: SimulationModels & { workTypes: WorkTypesModel },
  cal: WorkCalendar,
): PreparedWork {
  const P = input.points.length;
  const D = input.days.length;
  const pIndex = new Map(input.points.map((p, i) => [p.code, i]));
  const std = models.fields.fields;
  const dig = new Float64Array(F * C);
  const acc = new Float64Array(F * C);
  const appr = new Float64Array(F * C);
  let counterExtraMin = 0;
  let coordMin = 0;
  for (const wt of Object.values(models.workTypes.work_types)) {
    const m = wt.minutes;
    if ('per_point_day' in m) {
      coordMin += m.per_point_day;
      continue;
    }
    // Counter work beyond reception (per dossier, in the hour): extra minutes per in-person citizen.
    if (wt.when === 'hour' && 'per_dossier' in m && (wt.channels as readonly string[]).includes('in_person'))
      counterExtraMin += m.per_dossier * wt.share;
    FIELDS.forEach((f, fi) => {
      CHANNELS.forEach((c, ci) => {
        if (!(wt.channels as readonly string[]).includes(c) || wt.when === 'hour') return;
        const minutes = ('standard' in m ? std[f].standard_minutes[c][m.standard] : m.per_dossier) * wt.share;
        if (wt.where === 'competent_unit') appr[fi * C + ci]! += minutes;
        else if (wt.where === 'center') acc[fi * C + ci]! += minutes;
        else dig[fi * C + ci]! += minutes;
      });
    });
  }

  // Competent units of what a point receives: its own citizens, and the neighbours' who file there
  // (choice model without wait information, weighted by the neighbours' in-person demand).
  const ipDemand = new Float64Array(P);
  for (const r of input.demand) if (r.channel === 'in_person') ipDemand[pIndex.get(r.point)!]! += r.mean;
  const set = choiceSet(input.points);
  const into: Array<Map<number, number>> = Array.from({ length: P }, () => new Map());
  for (let a = 0; a < P; a++) {
    const sh = choiceShares(set, a);
    set.alt[a]!.forEach((j, k) => {
      const v = (ipDemand[a]! || 1e-9) * sh[k]!;
      into[j]!.set(a, (into[j]!.get(a) ?? 0) + v);
    });
  }
  const umOff = new Int32Array(P + 1);
  const umUnit: number[] = [];
  const umW: number[] = [];
  for (let p = 0; p < P; p++) {
    umOff[p] = umUnit.length;
    const tot = [...into[p]!.values()].reduce((s, x) => s + x, 0);
    for (const [a, v] of [...into[p]!].sort((x, y) => x[0] - y[0])) {
      umUnit.push(a);
      umW.push(tot > 0 ? v / tot : a === p ? 1 : 0);
    }
  }
  umOff[P] = umUnit.length;

  // Deadline classes: the share of a day's arrivals before a cut-off hour, from the weekday profile.
  const profile = models.staffing.intraday_profile.weekday;
  const ptotal = profile.reduce((s, x) => s + x, 0);
  const beforeCutoff = (cutoff: string) => {
    const h = Number(cutoff.slice(0, 2)) + Number(cutoff.slice(3, 5)) / 60;
    let s = 0;
    profile.forEach((x, hour) => {
      s += x * Math.max(0, Math.min(1, h - hour));
    });
    return ptotal > 0 ? s / ptotal : 1;
  };
  const classes = FIELDS.map((f) => fieldClasses(f, models, beforeCutoff));
  const L = Math.max(...classes.map((c) => c.length));
  const clsW = new Float64Array(F * L);
  classes.forEach((cs, fi) => {
    cs.forEach((c, k) => {
      clsW[fi * L + k] = c.w;
    });
  });
  const deadlineOf = classes.map((cs) =>
    cs.map((c) =>
      input.days.map((day) => toEpochDay(dueDate(c.deadline as ProcedureDeadline, day, c.time, cal))),
    ),
  );

  const initRows = input.initial_backlog ?? [];
  const extra: Array<{ u: number; f: number; deadline: number; count: number }> = [];
  for (const b of initRows) {
    const fi = FIELDS.indexOf(b.field);
    const deadline = toEpochDay(cal.addWorkingDays(b.received, std[b.field].deadline_working_days));
    if (b.point !== undefined) extra.push({ u: pIndex.get(b.point)!, f: fi, deadline, count: b.count });
    else for (let u = 0; u < P; u++) extra.push({ u, f: fi, deadline, count: b.count / P });
  }
  const base = P * F * D * L;
  const WK = base + extra.length;
  const wkUnit = new Int32Array(WK);
  const wkField = new Int32Array(WK);
  const wkFrom = new Int32Array(WK);
  const wkDeadline = new Int32Array(WK);
  const initCount = new Float64Array(WK);
  const initWork = new Float64Array(WK);
  for (let u = 0; u < P; u++)
    for (let f = 0; f < F; f++)
      for (let d = 0; d < D; d++)
        for (let c = 0; c < L; c++) {
          const k = ((u * F + f) * D + d) * L + c;
          wkUnit[k] = u;
          wkField[k] = f;
          wkFrom[k] = d;
          wkDeadline[k] = deadlineOf[f]![c]?.[d] ?? 2 ** 30;
        }
  extra.forEach((x, j) => {
    const k = base + j;
    wkUnit[k] = x.u;
    wkField[k] = x.f;
    wkFrom[k] = 0;
    wkDeadline[k] = x.deadline;
    initCount[k] = x.count;
    initWork[k] = x.count * appr[x.f * C]!;
  });
  // Per (unit, field): the day cohorts of its live classes and its initial backlog, earliest deadline first
  // (ties: older first).
  const extraOf = new Map<number, number[]>();
  extra.forEach((x, j) => {
    const key = x.u * F + x.f;
    const list = extraOf.get(key) ?? [];
    list.push(base + j);
    extraOf.set(key, list);
  });
  const qOff = new Int32Array(P * F + 1);
  const qCohort: number[] = [];
  for (let u = 0; u < P; u++)
    for (let f = 0; f < F; f++) {
      qOff[u * F + f] = qCohort.length;
      const ids: number[] = [...(extraOf.get(u * F + f) ?? [])];
      for (let d = 0; d < D; d++)
        for (let c = 0; c < L; c++) if (clsW[f * L + c]! > 0) ids.push(((u * F + f) * D + d) * L + c);
      ids.sort((a, b) => wkDeadline[a]! - wkDeadline[b]! || wkFrom[a]! - wkFrom[b]! || a - b);
      qCohort.push(...ids);
    }
  qOff[P * F] = qCohort.length;

  // Specialists: given, else inferred from the expected appraisal minutes per working day.
  const specDay = Uint8Array.from(input.days, (d) => (cal.isWorkday(d) ? 1 : 0));
  const workdays = Math.max(
    1,
    specDay.reduce((s, x) => s + x, 0),
  );
  const expected = new Float64Array(P * F);
  for (const r of input.demand) {
    const p = pIndex.get(r.point)!;
    const fi = FIELDS.indexOf(r.field);
    const minutes = r.mean * appr[fi * C + CHANNELS.indexOf(r.channel)]!;
    for (let m = umOff[p]!; m < umOff[p + 1]!; m++) expected[umUnit[m]! * F + fi]! += minutes * umW[m]!;
  }
  const specCap = new Float64Array(P * F);
  input.points.forEach((pt, u) => {
    FIELDS.forEach((f, fi) => {
      const given = input.specialist_minutes?.[pt.code]?.[f];
      specCap[u * F + fi] = given ?? (SPECIALIST_HEADROOM * expected[u * F + fi]!) / workdays;
    });
  });

  return {
    counterExtraMin,
    coordMin,
    dig,
    acc,
    appr,
    umOff,
    umUnit: Int32Array.from(umUnit),
    umW: Float64Array.from(umW),
    L,
    clsW,
    WK,
    wkUnit,
    wkField,
    wkFrom,
    wkDeadline,
    qOff,
    qCohort: Int32Array.from(qCohort),
    specCap,
    specDay,
    initCount,
    initWork,
  };
}
