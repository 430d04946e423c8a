import type { Channel, Field, OpeningHours } from '../../schemas/domain.ts';
import { CHANNELS, FIELDS } from '../../schemas/domain.ts';
import type { CalendarModel, FieldsModel, StaffingModel } from '../../schemas/models.ts';
import type { ProceduresModel } from '../../schemas/register.ts';
import type { SimulationInput, SimulationParams } from '../../schemas/simulate.ts';
import type { WorkTypesModel } from '../../schemas/work-types.ts';
import { WorkCalendar } from '../calendar/calendar.ts';
import { isIsoDate, toEpochDay } from '../calendar/dates.ts';
import { DomainError, type ErrorDetail } from '../errors.ts';
import { type Msg, msg } from '../messages.ts';
import { haversineKm } from '../optimize/travel.ts';
import { agentsForLoad } from '../staffing/erlang-c.ts';
import { choiceSet, choiceShares, expectedWaitMin } from './choice.ts';
import { C, F, IN_PERSON } from './constants.ts';
import { type PreparedWork, prepareWork } from './work.ts';

/** The planner-editable models the simulator reads (parsed `models/*.json`). */
export interface SimulationModels {
  fields: FieldsModel;
  staffing: StaffingModel;
  calendar: CalendarModel;
  /**
   * The work model (models/work-types.json): with it, the back office is the work model's (digitisation at
   * the point, acceptance pooled, appraisal by each competent unit's specialists: core/simulate/work.ts);
   * without it, one city-wide pool (the model before issue #14, kept for the Erlang C validation).
   */
  workTypes?: WorkTypesModel;
  /** the procedure catalogue: each dossier's legal deadline (work model only; default the field's) */
  procedures?: ProceduresModel;
}

/** Everything one simulation needs: a plan with its demand, and the models. Plain data. */
export interface SimulationSetup {
  input: SimulationInput;
  models: SimulationModels;
}

export const DEFAULT_PARAMS: Required<SimulationParams> = {
  service_time: 'lognormal',
  // Counter service times of administrative procedures are right-skewed; cv 0.5 is an assumption
  // (no published distribution), halfway between deterministic (0) and exponential (1).
  service_cv: 0.5,
  abandonment: true,
  // Clerks at a counter with nobody waiting check online dossiers, but with interruptions: half of
  // their idle counter time is assumed to count as back-office work.
  counter_idle_share: 0.5,
  counter_policy: 'hourly',
};

// Worker threads import the engine without typebox; its constants must agree with the schemas.
if (F !== FIELDS.length || C !== CHANNELS.length || CHANNELS[IN_PERSON] !== 'in_person')
  throw new Error('core/simulate/constants.ts is out of date with FIELDS/CHANNELS');
const channelIndex = (c: Channel) => CHANNELS.indexOf(c);
const fieldIndex = (f: Field) => FIELDS.indexOf(f);

/** Compiled, flat form of a setup (typed arrays): cheap to copy into worker threads. */
export interface PreparedSimulation {
  P: number;
  D: number;
  days: string[];
  points: string[];
  dayEpoch: Int32Array;
  /** Per point-day (index p·D + d). */
  present: Float64Array;
  /** Minutes of counter sessions (0 when the point is closed). */
  openMinutes: Float64Array;
  /** Minutes of the staff working day (0 on city holidays; a closed point's staff still work). */
  workMinutes: Float64Array;
  /** Most counters on duty at once, and counter-minutes on duty. */
  maxServers: Int32Array;
  dutyMinutes: Float64Array;
  /** Segments (hour pieces of the sessions) of each point-day: [segOff[i], segOff[i+1]). */
  segOff: Int32Array;
  segA: Float64Array;
  segB: Float64Array;
  /** Cumulative arrival weight at the end of each segment, normalised to 1 per point-day. */
  segCum: Float64Array;
  /** Counters on duty during each segment. */
  segC: Int32Array;
  /** Demand series. */
  S: number;
  sPoint: Int32Array;
  sDay: Int32Array;
  sChannel: Int32Array;
  sField: Int32Array;
  sMean: Float64Array;
  sQ10: Float64Array;
  sQ50: Float64Array;
  sQ90: Float64Array;
  /** Gamma shape 1/cv² of the forecast mean (0 = plain Poisson). */
  sShape: Float64Array;
  /** In-person series: where the citizens actually go (redirected when closed); −1 = turned away. */
  sToPoint: Int32Array;
  sToDay: Int32Array;
  /**
   * In-person series of a closed point-day whose citizens spread over several open points (the choice
   * model): destinations [splitOff[s], splitOff[s+1]) with cumulative shares; empty = all to sToPoint.
   */
  splitOff: Int32Array;
  splitPoint: Int32Array;
  splitCum: Float64Array;
  svcMean: Float64Array;
  svcMu: Float64Array;
  svcSigma: Float64Array;
  exponentialService: boolean;
  patienceMin: number;
  targetMin: number;
  serviceLevel: number;
  /** Back-office minutes per dossier by field·C + channel (intake included for online and postal). */
  poolMinutes: Float64Array;
  K: number;
  cohortField: Int32Array;
  cohortFrom: Int32Array;
  cohortDeadline: Int32Array;
  /** Cohorts in earliest-deadline-first order. */
  edf: Int32Array;
  /** Initial backlog per cohort and slot (K × (P+1); slot P = no point). */
  initCount: Float64Array;
  initWork: Float64Array;
  shrinkage: number;
  idleShare: number;
  groupShare: Float64Array;
  groupMask: Int32Array;
  /** catalogue messages (core/messages.ts): what the preparation changed (redirected, lost dossiers) */
  notes: Msg[];
  /** the work model, when the models carry one */
  work?: PreparedWork;
}

const hm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/**
 * The hour pieces of a day's sessions with their arrival weight (profile weight × share of the hour).
 * A profile with no weight in the open hours spreads arrivals evenly over the sessions instead.
 * @example daySegments([['08:00', '09:30']], profile) → a [480, 540], b [540, 570], w [p8, p9 / 2]
 */
export function daySegments(
  sessions: ReadonlyArray<readonly [string, string]>,
  profile: readonly number[],
): { a: number[]; b: number[]; w: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  const w: number[] = [];
  const sorted = [...sessions].sort((x, y) => hm(x[0]) - hm(y[0]));
  for (const [as, bs] of sorted) {
    const s0 = hm(as);
    const s1 = hm(bs);
    for (let h = Math.floor(s0 / 60); h * 60 < s1; h++) {
      const lo = Math.max(s0, h * 60);
      const hi = Math.min(s1, h * 60 + 60);
      if (hi <= lo) continue;
      a.push(lo);
      b.push(hi);
      w.push((profile[h] ?? 0) * ((hi - lo) / 60));
    }
  }
  if (w.reduce((x, y) => x + y, 0) <= 0) for (let s = 0; s < w.length; s++) w[s] = b[s]! - a[s]!;
  return { a, b, w };
}

/**
 * Checks the cross-references a schema cannot see (codes, lengths, dates, quantile order).
 * @throws DomainError INPUT_INVALID with the JSON path of every problem (at most 50).
 */
export function checkSimulationInput(input: SimulationInput): void {
  const details: ErrorDetail[] = [];
  const add = (field: string, reason: string, value?: unknown) => {
    if (details.length < 50) details.push({ field, reason, ...(value !== undefined ? { value } : {}) });
  };
  const D = input.days.length;
  input.days.forEach((d, i) => {
    if (!isIsoDate(d)) add(`/days/${i}`, 'not a calendar date', d);
    else if (i > 0 && d <= input.days[i - 1]!) add(`/days/${i}`, 'days must be ascending', d);
  });
  const codes = new Set<string>();
  input.points.forEach((p, i) => {
    if (codes.has(p.code)) add(`/points/${i}/code`, 'duplicate point code', p.code);
    codes.add(p.code);
    if ((p.lat === undefined) !== (p.lon === undefined))
      add(`/points/${i}`, 'give both lat and lon, or neither');
    const present = input.present[p.code];
    if (!present) add(`/present/${p.code}`, 'missing: one number per day is needed');
    else if (present.length !== D) add(`/present/${p.code}`, `has ${present.length} values; ${D} days`);
    const open = input.counters_open?.[p.code];
    if (open && open.length !== D) add(`/counters_open/${p.code}`, `has ${open.length} values; ${D} days`);
  });
  for (const code of Object.keys(input.present))
    if (!codes.has(code)) add(`/present/${code}`, 'unknown point', code);
  for (const code of Object.keys(input.counters_open ?? {}))
    if (!codes.has(code)) add(`/counters_open/${code}`, 'unknown point', code);
  const daySet = new Set(input.days);
  input.demand.forEach((r, i) => {
    if (!codes.has(r.point)) add(`/demand/${i}/point`, 'unknown point', r.point);
    if (!daySet.has(r.date)) add(`/demand/${i}/date`, 'not one of the simulated days', r.date);
    const q = r.quantiles;
    const given = [q?.p10, q?.p50, q?.p90].filter((x) => x !== undefined).length;
    if (given !== 0 && given !== 3) add(`/demand/${i}`, 'give all of p10, p50 and p90, or none');
    if (given === 3 && !(q!.p10! <= q!.p50! && q!.p50! <= q!.p90!))
      add(`/demand/${i}`, 'needs p10 ≤ p50 ≤ p90');
  });
  (input.closures ?? []).forEach((c, i) => {
    if (!isIsoDate(c.date)) add(`/closures/${i}/date`, 'not a calendar date', c.date);
    (c.points ?? []).forEach((p, j) => {
      if (!codes.has(p)) add(`/closures/${i}/points/${j}`, 'unknown point', p);
    });
  });
  if (input.skill_groups) {
    const sum = input.skill_groups.reduce((s, g) => s + g.share, 0);
    if (Math.abs(sum - 1) > 1e-6) add('/skill_groups', `shares sum to ${sum}; they must sum to 1`);
    const covered = new Set(input.skill_groups.flatMap((g) => g.fields));
    for (const f of FIELDS) if (!covered.has(f)) add('/skill_groups', `no group processes ${f}`, f);
  }
  (input.initial_backlog ?? []).forEach((b, i) => {
    if (b.point !== undefined && !codes.has(b.point))
      add(`/initial_backlog/${i}/point`, 'unknown point', b.point);
    if (isIsoDate(b.received) && b.received > input.days[0]!)
      add(`/initial_backlog/${i}/received`, 'must be on or before the first day', b.received);
  });
  if (details.length > 0)
    throw new DomainError(
      'INPUT_INVALID',
      `simulation input is invalid: ${details[0]!.field}: ${details[0]!.reason}${
        details.length > 1 ? ` (and ${details.length - 1} more)` : ''
      }`,
      details,
    );
}

/**
 * Compiles a setup into flat arrays: sessions and arrival-profile segments per point-day, demand series
 * (with citizens of closed points redirected), deadlines and earliest-deadline-first order of cohorts.
 * @throws DomainError INPUT_INVALID (see checkSimulationInput)
 */
export function prepareSimulation(setup: SimulationSetup, params: SimulationParams = {}): PreparedSimulation {
  const { input, models } = setup;
  checkSimulationInput(input);
  const prm = { ...DEFAULT_PARAMS, ...params };
  const noteMsgs: Msg[] = [];
  const P = input.points.length;
  const D = input.days.length;
  const days = input.days;
  const points = input.points.map((p) => p.code);
  const pIndex = new Map(points.map((c, i) => [c, i]));
  const dIndex = new Map(days.map((d, i) => [d, i]));

  const closures = input.closures ?? [];
  const cal = new WorkCalendar(
    models.calendar,
    closures.filter((c) => !c.points).map((c) => ({ date: c.date, name: c.name, closed: true })),
  );
  const pointClosed = new Set<string>();
  for (const c of closures) for (const p of c.points ?? []) pointClosed.add(`${p}|${c.date}`);

  const staffing = models.staffing;
  const defaultHours = staffing.opening_hours as OpeningHours;
  const shrinkage = staffing.shrinkage;

  const dayEpoch = Int32Array.from(days, toEpochDay);
  const present = new Float64Array(P * D);
  const openMinutes = new Float64Array(P * D);
  const workMinutes = new Float64Array(P * D);
  const segOff = new Int32Array(P * D + 1);
  const segA: number[] = [];
  const segB: number[] = [];
  const segCum: number[] = [];
  const counterOpen = new Uint8Array(P * D);

  for (let p = 0; p < P; p++) {
    const pt = input.points[p]!;
    const hours = pt.opening_hours ?? defaultHours;
    for (let d = 0; d < D; d++) {
      const i = p * D + d;
      const date = days[d]!;
      const sessions = cal.sessions(date, hours);
      let minutes = 0;
      for (const [a, b] of sessions) minutes += Math.max(0, hm(b) - hm(a));
      workMinutes[i] = minutes;
      const open = minutes > 0 && !pointClosed.has(`${pt.code}|${date}`);
      counterOpen[i] = open ? 1 : 0;
      present[i] = input.present[pt.code]![d]!;
      segOff[i] = segA.length;
      if (!open) continue;
      openMinutes[i] = minutes;
      const profile =
        cal.kind(date) === 'weekend' ? staffing.intraday_profile.saturday : staffing.intraday_profile.weekday;
      const seg = daySegments(sessions, profile);
      let total = 0;
      for (let s = 0; s < seg.a.length; s++) {
        segA.push(seg.a[s]!);
        segB.push(seg.b[s]!);
        total += seg.w[s]!;
        segCum.push(total);
      }
      for (let s = segOff[i]!; s < segA.length; s++) segCum[s] = segCum[s]! / total;
    }
  }
  segOff[P * D] = segA.length;

  // Where in-person citizens of a closed point-day go: the open points of their choice set, by the choice
  // model (travel and the expected wait there, core/simulate/choice.ts); when none of them is open, the
  // nearest open point that day (coordinates), else an open point of the same branch; on a city-wide closed
  // day, the point's next open day.
  const located = input.points.map((p) => p.lat !== undefined && p.lon !== undefined);
  const choices = choiceSet(input.points);
  const fmRec = models.fields.fields;
  const ipLoad = new Float64Array(P * D);
  const ipMin = new Float64Array(P * D);
  for (const r of input.demand) {
    if (r.channel !== 'in_person') continue;
    const i = pIndex.get(r.point)! * D + dIndex.get(r.date)!;
    ipLoad[i]! += r.mean;
    ipMin[i]! += r.mean * fmRec[r.field].standard_minutes.in_person.reception;
  }
  const waitCache = new Map<number, number>();
  const waitAt = (q: number, d: number) => {
    const i = q * D + d;
    let w = waitCache.get(i);
    if (w !== undefined) return w;
    const a: number[] = [];
    const b: number[] = [];
    const wt: number[] = [];
    let prev = 0;
    for (let s = segOff[i]!; s < segOff[i + 1]!; s++) {
      a.push(segA[s]!);
      b.push(segB[s]!);
      wt.push(segCum[s]! - prev);
      prev = segCum[s]!;
    }
    const servers = Math.min(input.points[q]!.counters, Math.floor(present[i]!));
    w = ipLoad[i]! > 0 ? expectedWaitMin(ipLoad[i]!, ipMin[i]! / ipLoad[i]!, servers, { a, b, w: wt }) : 0;
    waitCache.set(i, w);
    return w;
  };
  const splitOf = new Map<number, { to: number[]; share: number[] }>();
  const split = (p: number, d: number) => {
    const key = p * D + d;
    let out = splitOf.get(key);
    if (out) return out;
    const alt = choices.alt[p]!;
    const open = new Uint8Array(P);
    const waits = new Float64Array(P);
    for (const q of alt)
      if (counterOpen[q * D + d]) {
        open[q] = 1;
        waits[q] = waitAt(q, d);
      }
    const shares = choiceShares(choices, p, waits, open);
    out = { to: [], share: [] };
    alt.forEach((q, k) => {
      if (shares[k]! > 0) {
        out!.to.push(q);
        out!.share.push(shares[k]!);
      }
    });
    splitOf.set(key, out);
    return out;
  };
  const redirect = (p: number, d: number): [number, number] => {
    if (counterOpen[p * D + d]) return [p, d];
    const cityOpen = workMinutes[p * D + d]! > 0;
    if (cityOpen) {
      let best = -1;
      let bestKm = Number.POSITIVE_INFINITY;
      const pt = input.points[p]!;
      for (let q = 0; q < P; q++) {
        if (q === p || !counterOpen[q * D + d]) continue;
        const qt = input.points[q]!;
        if (located[p] && located[q]) {
          const km = haversineKm(pt.lat!, pt.lon!, qt.lat!, qt.lon!);
          if (km < bestKm) {
            bestKm = km;
            best = q;
          }
        } else if (best < 0 && pt.branch !== undefined && qt.branch === pt.branch) best = q;
      }
      return best >= 0 ? [best, d] : [-1, -1];
    }
    for (let e = d + 1; e < D; e++) if (counterOpen[p * D + e]) return [p, e];
    return [-1, -1];
  };

  const S = input.demand.length;
  const sPoint = new Int32Array(S);
  const sDay = new Int32Array(S);
  const sChannel = new Int32Array(S);
  const sField = new Int32Array(S);
  const sMean = new Float64Array(S);
  const sQ10 = new Float64Array(S).fill(Number.NaN);
  const sQ50 = new Float64Array(S).fill(Number.NaN);
  const sQ90 = new Float64Array(S).fill(Number.NaN);
  const sShape = new Float64Array(S);
  const sToPoint = new Int32Array(S);
  const sToDay = new Int32Array(S);
  const splitOff = new Int32Array(S + 1);
  const splitPoint: number[] = [];
  const splitCum: number[] = [];
  let redirected = 0;
  let lost = 0;
  input.demand.forEach((r, s) => {
    const p = pIndex.get(r.point)!;
    const d = dIndex.get(r.date)!;
    sPoint[s] = p;
    sDay[s] = d;
    sChannel[s] = channelIndex(r.channel);
    sField[s] = fieldIndex(r.field);
    sMean[s] = r.mean;
    if (r.quantiles?.p10 !== undefined) {
      sQ10[s] = r.quantiles.p10;
      sQ50[s] = r.quantiles.p50!;
      sQ90[s] = r.quantiles.p90!;
    }
    sShape[s] = r.cv && r.cv > 0 ? 1 / (r.cv * r.cv) : 0;
    splitOff[s] = splitPoint.length;
    const sp =
      sChannel[s] === IN_PERSON && !counterOpen[p * D + d] && workMinutes[p * D + d]! > 0
        ? split(p, d)
        : undefined;
    if (sp && sp.to.length > 0) {
      sToPoint[s] = sp.to[0]!;
      sToDay[s] = d;
      redirected += r.mean;
      if (sp.to.length > 1) {
        let cum = 0;
        sp.to.forEach((q, k) => {
          cum += sp.share[k]!;
          splitPoint.push(q);
          splitCum.push(cum);
        });
        splitCum[splitCum.length - 1] = 1;
      }
    } else if (sChannel[s] === IN_PERSON) {
      const [tp, td] = redirect(p, d);
      sToPoint[s] = tp;
      sToDay[s] = td;
      if (tp < 0) lost += r.mean;
      else if (tp !== p || td !== d) redirected += r.mean;
    } else {
      sToPoint[s] = p;
      sToDay[s] = d;
    }
  });
  splitOff[S] = splitPoint.length;
  // Counters on duty per segment (hour piece): by default as many as Erlang C needs for the expected
  // load of that hour at the service-level target (point leads staff counters from the forecast),
  // within the staff present and the physical counters; at least one while the point is open.
  const fm = models.fields.fields;
  const work = models.workTypes
    ? prepareWork(input, { ...models, workTypes: models.workTypes }, cal)
    : undefined;
  const extraMin = work?.counterExtraMin ?? 0;
  const expected = new Float64Array(P * D);
  const expectedSvc = new Float64Array(P * D);
  for (let s = 0; s < S; s++) {
    if (sChannel[s] !== IN_PERSON || sToPoint[s]! < 0) continue;
    const i = sToPoint[s]! * D + sToDay[s]!;
    expected[i]! += sMean[s]!;
    expectedSvc[i]! += sMean[s]! * (fm[FIELDS[sField[s]!]!].standard_minutes.in_person.reception + extraMin);
  }
  const segC = new Int32Array(segA.length);
  const maxServers = new Int32Array(P * D);
  const dutyMinutes = new Float64Array(P * D);
  const level = staffing.service_level.target;
  const targetMin = staffing.service_level.target_seconds / 60;
  for (let p = 0; p < P; p++) {
    const pt = input.points[p]!;
    for (let d = 0; d < D; d++) {
      const i = p * D + d;
      const cap = Math.max(0, Math.min(pt.counters, Math.floor(present[i]!)));
      const fixed = input.counters_open?.[pt.code]?.[d];
      const aht = expected[i]! > 0 ? expectedSvc[i]! / expected[i]! : 0;
      let prev = 0;
      for (let s = segOff[i]!; s < segOff[i + 1]!; s++) {
        let c: number;
        if (fixed !== undefined) c = Math.min(fixed, cap);
        else if (prm.counter_policy === 'all') c = cap;
        else {
          const perMin = (expected[i]! * (segCum[s]! - prev)) / (segB[s]! - segA[s]!);
          const need = aht > 0 ? agentsForLoad(perMin * aht, aht, targetMin, level) : 0;
          c = Math.min(cap, Math.max(1, need));
        }
        prev = segCum[s]!;
        segC[s] = c;
        if (c > maxServers[i]!) maxServers[i] = c;
        dutyMinutes[i]! += c * (segB[s]! - segA[s]!);
      }
    }
  }

  if (redirected > 0) noteMsgs.push(msg('simulate.redirected', { count: redirected.toFixed(0) }));
  if (lost > 0) noteMsgs.push(msg('simulate.lost', { count: lost.toFixed(0) }));

  const svcMean = new Float64Array(F);
  const svcMu = new Float64Array(F);
  const svcSigma = new Float64Array(F);
  const poolMinutes = new Float64Array(F * C);
  const sigma2 = Math.log(1 + prm.service_cv * prm.service_cv);
  FIELDS.forEach((f, fi) => {
    const std = fm[f].standard_minutes;
    const m = std.in_person.reception + extraMin;
    svcMean[fi] = m;
    svcSigma[fi] = Math.sqrt(sigma2);
    svcMu[fi] = m > 0 ? Math.log(m) - sigma2 / 2 : Number.NEGATIVE_INFINITY;
    poolMinutes[fi * C + 0] = std.in_person.processing;
    poolMinutes[fi * C + 1] = std.online.reception + std.online.processing;
    poolMinutes[fi * C + 2] = std.postal.reception + std.postal.processing;
  });

  // Cohorts: one per field and received day in the horizon, then one per field and received date of the
  // initial backlog. Within a field every dossier has the same term, so EDF = oldest first.
  const initKeys = new Map<string, number>();
  const initRows = input.initial_backlog ?? [];
  const extraField: number[] = [];
  const extraDeadline: number[] = [];
  for (const b of initRows) {
    const key = `${b.field}|${b.received}`;
    if (initKeys.has(key)) continue;
    initKeys.set(key, F * D + extraField.length);
    extraField.push(fieldIndex(b.field));
    extraDeadline.push(toEpochDay(cal.addWorkingDays(b.received, fm[b.field].deadline_working_days)));
  }
  const K = F * D + extraField.length;
  const cohortField = new Int32Array(K);
  const cohortFrom = new Int32Array(K);
  const cohortDeadline = new Int32Array(K);
  const cohortReceived = new Int32Array(K);
  FIELDS.forEach((f, fi) => {
    for (let d = 0; d < D; d++) {
      const k = fi * D + d;
      cohortField[k] = fi;
      cohortFrom[k] = d;
      cohortReceived[k] = dayEpoch[d]!;
      cohortDeadline[k] = toEpochDay(cal.addWorkingDays(days[d]!, fm[f].deadline_working_days));
    }
  });
  extraField.forEach((fi, j) => {
    const k = F * D + j;
    cohortField[k] = fi;
    cohortFrom[k] = 0;
    cohortDeadline[k] = extraDeadline[j]!;
    cohortReceived[k] = -1e9;
  });
  const edf = Int32Array.from({ length: K }, (_, k) => k).sort(
    (a, b) =>
      cohortDeadline[a]! - cohortDeadline[b]! ||
      cohortReceived[a]! - cohortReceived[b]! ||
      cohortField[a]! - cohortField[b]!,
  );
  const initCount = new Float64Array(K * (P + 1));
  const initWork = new Float64Array(K);
  for (const b of initRows) {
    const k = initKeys.get(`${b.field}|${b.received}`)!;
    const slot = b.point !== undefined ? pIndex.get(b.point)! : P;
    initCount[k * (P + 1) + slot]! += b.count;
    initWork[k]! += b.count * fm[b.field].standard_minutes.in_person.processing;
  }

  // Specialists first, generalists absorb what is left (a greedy approximation of a skill-constrained EDF).
  const groups = (input.skill_groups ?? [{ fields: [...FIELDS], share: 1 }])
    .map((g) => ({ share: g.share, mask: g.fields.reduce((m, f) => m | (1 << fieldIndex(f)), 0) }))
    .sort((a, b) => bitCount(a.mask) - bitCount(b.mask));

  return {
    P,
    D,
    days: [...days],
    points,
    dayEpoch,
    present,
    openMinutes,
    workMinutes,
    maxServers,
    dutyMinutes,
    segOff,
    segA: Float64Array.from(segA),
    segB: Float64Array.from(segB),
    segCum: Float64Array.from(segCum),
    segC,
    S,
    sPoint,
    sDay,
    sChannel,
    sField,
    sMean,
    sQ10,
    sQ50,
    sQ90,
    sShape,
    sToPoint,
    sToDay,
    splitOff,
    splitPoint: Int32Array.from(splitPoint),
    splitCum: Float64Array.from(splitCum),
    svcMean,
    svcMu,
    svcSigma,
    exponentialService: prm.service_time === 'exponential',
    patienceMin: prm.abandonment ? staffing.patience_minutes : Number.POSITIVE_INFINITY,
    targetMin,
    serviceLevel: level,
    poolMinutes,
    K,
    cohortField,
    cohortFrom,
    cohortDeadline,
    edf,
    initCount,
    initWork,
    shrinkage,
    idleShare: prm.counter_idle_share,
    groupShare: Float64Array.from(groups, (g) => g.share),
    groupMask: Int32Array.from(groups, (g) => g.mask),
    notes: noteMsgs,
    ...(work ? { work } : {}),
  };
}

function bitCount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}
