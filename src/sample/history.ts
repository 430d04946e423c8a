import {
  fromEpochDay,
  isIsoDate,
  isoWeekday,
  toEpochDay,
  type WorkCalendar,
} from '../core/calendar/index.ts';
import { DomainError } from '../core/errors.ts';
import { hashString, mixSeed, Random } from '../core/random.ts';
import { CHANNELS, type DailyVolume, FIELDS, type Point, type PointType } from '../schemas/domain.ts';
import type { FieldsModel, StaffingModel } from '../schemas/models.ts';
import { type CalibrationTarget, REPORT_Q3_2025 } from './calibration.ts';

/**
 * Synthetic daily history per point × channel × field, calibrated by construction to the Center's Q3 2025
 * report. Expected volume of a cell (point p, day d, channel c, field f):
 *
 *   μ = S · base_p · level(d) · season(d) · weekday(d) · surge(d) · mix_pf(era) · share_c(p, f, d)
 *
 * then a city-wide day shock (lognormal, σ 0.04), a point-day shock (σ 0.15) and a negative binomial draw
 * (size 8): counts are over-dispersed integers. Calibration, in order:
 *  1. the online logit shift δ and the postal scale γ are solved on expected volumes of the window so the
 *     channel shares match;
 *  2. S is set so the expected window total is 3% above target (postal 25% above), the window's raw
 *     counts are drawn (the same per-day, per-point streams as the main pass) and every count of channel c
 *     is then thinned by Binomial(n, θ_c), θ_c = target_c / raw window total of c: the window total and
 *     channel split land within a few dozen dossiers of the targets;
 *  3. the long-run unresolved rate α and the overdue rate β are solved on the window's counts by field and
 *     age (working days to the snapshot date) so that resolved and on-time shares match.
 * Random streams are keyed by (seed, day, point code), so a longer `until` or an earlier `from` does not
 * change the days both runs share (except the resolution counts of recent days).
 */

export interface HistoryOptions {
  points: readonly Point[];
  /** first day (inclusive), e.g. `2024-01-01` */
  from: string;
  /** last day (inclusive) and snapshot date for resolution counts, e.g. yesterday */
  until: string;
  seed: number;
  calendar: WorkCalendar;
  staffingModel: StaffingModel;
  fieldsModel: FieldsModel;
  /** defaults to the Center's Q3 2025 report */
  target?: Partial<CalibrationTarget>;
}

const NF = FIELDS.length;
const NC = CHANNELS.length;
const IN_PERSON = CHANNELS.indexOf('in_person');
const ONLINE = CHANNELS.indexOf('online');
const POSTAL = CHANNELS.indexOf('postal');

/** The 2025-07-01 arrangement: 126 new units, district-level procedures moved down to communes. */
const MERGER = '2025-07-01';

// Field order as FIELDS: land, social_policy, civil_status, certification, business_household, construction, other.
/** Field mix after the merger (communes: more land and social policy; wards: more certification and business). */
const FIELD_MIX: Record<PointType, readonly number[]> = {
  ward: [0.08, 0.09, 0.26, 0.3, 0.1, 0.04, 0.13],
  commune: [0.18, 0.13, 0.24, 0.24, 0.05, 0.04, 0.12],
};
/** Before the merger land, business-household and construction files were mostly district-level. */
const PRE_MERGER_FIELD_FACTOR = [0.55, 0.9, 1, 1, 0.45, 0.5, 1];
/** Online propensity (logit) by field and type; calibrated by a common shift δ. */
const ONLINE_LOGIT_FIELD = [-0.6, 0.2, 0.9, -0.2, 0.8, 0, 0.4];
const ONLINE_LOGIT_TYPE: Record<PointType, number> = { ward: 0.25, commune: -0.25 };
/** Relative postal propensity by field (land and social policy files are mailed most); scaled by γ. */
const POSTAL_WEIGHT = [6, 5, 2, 1, 2, 4, 2];
/** Dossiers per resident: wards far more per capita than communes (business, certification traffic). */
const PER_CAPITA: Record<PointType, number> = { ward: 1, commune: 0.5 };
/** Share of a field's on-time files resolved on the day received (certification is mostly same-day). */
const SAME_DAY = [0.05, 0.05, 0.2, 0.6, 0.1, 0.03, 0.1];
/** Relative long-run unresolved rate (returned, awaiting supplements, withdrawn); scaled by α. */
const UNRESOLVED_WEIGHT = [0.1, 0.06, 0.02, 0.004, 0.03, 0.09, 0.04];
/** Relative overdue propensity: the report names land and social policy; scaled by β. */
const OVERDUE_WEIGHT = [5, 4, 0.25, 0.1, 0.4, 1.5, 0.5];

const CITY_DAY_SIGMA = 0.04;
const POINT_DAY_SIGMA = 0.15;
const NB_SIZE = 8;
const HEADROOM = 1.03;
/** Postal counts are small (≈ 1,300 in the window), so their raw draw needs more room above target. */
const POSTAL_HEADROOM = 1.25;

/** Level relative to late September 2025: growth, the merger step and the ramp-up that followed. */
const LEVEL_KNOTS: ReadonlyArray<readonly [string, number]> = [
  ['2024-01-01', 0.79],
  ['2025-06-30', 0.83],
  ['2025-07-01', 0.84],
  ['2025-08-01', 0.98],
  ['2025-09-30', 1.2],
  ['2025-12-31', 1.2],
];
const LEVEL_GROWTH_PER_YEAR = 0.03;
/** Mid-month seasonal factors Jan..Dec (year-end rush; July–September flat so the ramp shows). */
const SEASON = [1.03, 0.98, 1, 0.99, 1, 1.01, 1, 1, 1, 1.01, 1.02, 1.05];

const TET_BEFORE = [1.45, 1.35, 1.25, 1.15, 1.08];
const TET_AFTER = [1.1, 1.3, 1.3, 1.2, 1.1];
const LONG_BEFORE = [1.18, 1.08];
const LONG_AFTER = [1.22, 1.08];
const SHORT_AFTER = [1.08];

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

const KNOTS = LEVEL_KNOTS.map(([d, v]) => [toEpochDay(d), v] as const);

function levelAt(e: number): number {
  const knots = KNOTS;
  const first = knots[0]!;
  const last = knots[knots.length - 1]!;
  if (e <= first[0]) return first[1] * (1 - (LEVEL_GROWTH_PER_YEAR * (first[0] - e)) / 365);
  if (e >= last[0]) return last[1] * (1 + (LEVEL_GROWTH_PER_YEAR * (e - last[0])) / 365);
  for (let i = 1; i < knots.length; i++) {
    const [e1, v1] = knots[i]!;
    const [e0, v0] = knots[i - 1]!;
    if (e <= e1) return v0 + ((v1 - v0) * (e - e0)) / (e1 - e0);
  }
  return last[1];
}

function seasonAt(iso: string): number {
  // Linear between mid-months.
  const m = Number(iso.slice(5, 7)) - 1;
  const day = Number(iso.slice(8, 10));
  const t = (day - 15) / 30;
  const other = t >= 0 ? (m + 1) % 12 : (m + 11) % 12;
  return SEASON[m]! * (1 - Math.abs(t)) + SEASON[other]! * Math.abs(t);
}

/** Online trend (logit): +0.30 a year, and a step up at the merger (the new units' online-first push). */
function onlineTrend(e: number, merger: number): number {
  const years = (e - merger) / 365;
  return e < merger ? -0.55 + 0.3 * years : Math.min(1, 0.3 * years);
}

interface Profile {
  code: string;
  hash: number;
  base: number;
  mixPost: Float64Array;
  mixPre: Float64Array;
  onlineLogit: Float64Array;
  postal: Float64Array;
  overdueFactor: number;
  hours: Point['opening_hours'];
}

function profiles(points: readonly Point[], seed: number): Profile[] {
  return points.map((p) => {
    const hash = hashString(p.code);
    const rng = new Random(mixSeed(seed, hash, 7));
    const density = p.area_km2 > 0 ? p.population / p.area_km2 : 0;
    const densityFactor =
      p.type === 'ward'
        ? Math.min(1.4, Math.max(0.75, (density / 20_000) ** 0.15 || 0.75))
        : Math.min(1.25, Math.max(0.8, (density / 1_500) ** 0.1 || 0.8));
    const base = (p.population / 1000) * PER_CAPITA[p.type] * densityFactor * rng.shock(0.3);
    const mixPost = new Float64Array(NF);
    const mixPre = new Float64Array(NF);
    for (let f = 0; f < NF; f++) mixPost[f] = FIELD_MIX[p.type][f]! * rng.shock(0.2);
    const sumPost = mixPost.reduce((s, v) => s + v, 0);
    for (let f = 0; f < NF; f++) {
      mixPost[f]! /= sumPost;
      mixPre[f] = mixPost[f]! * PRE_MERGER_FIELD_FACTOR[f]!;
    }
    const sumPre = mixPre.reduce((s, v) => s + v, 0);
    for (let f = 0; f < NF; f++) mixPre[f]! /= sumPre;
    const pointLogit = 0.3 * rng.normal();
    const onlineLogit = new Float64Array(NF);
    const postal = new Float64Array(NF);
    for (let f = 0; f < NF; f++) {
      onlineLogit[f] = ONLINE_LOGIT_FIELD[f]! + ONLINE_LOGIT_TYPE[p.type] + pointLogit;
      postal[f] = POSTAL_WEIGHT[f]! * rng.shock(0.3);
    }
    // Some points are overloaded: overdue risk varies about ×3 between points.
    const overdueFactor = rng.shock(0.6);
    return {
      code: p.code,
      hash,
      base,
      mixPost,
      mixPre,
      onlineLogit,
      postal,
      overdueFactor,
      hours: p.opening_hours,
    };
  });
}

interface DayInfo {
  iso: string;
  workday: boolean;
  /** level × season × weekday × surge (weekday = ordinary Saturday factor on Saturdays) */
  mult: number;
  post: boolean;
  trend: number;
  /** cumulative working days up to and including this day (from the table start) */
  cumWork: number;
  /** city-wide day shock (mean one) */
  city: number;
}

/** Volume multipliers for working days around holidays: Tết (5 working days each side), long breaks, others. */
function surges(calendar: WorkCalendar, lo: number, hi: number): Map<number, number> {
  const out = new Map<number, number>();
  const apply = (e: number, f: number) => out.set(e, (out.get(e) ?? 1) * f);
  const isWork = (e: number) => calendar.isWorkday(fromEpochDay(e));
  for (let e = lo - 20; e <= hi + 20; e++) {
    if (!calendar.isHoliday(fromEpochDay(e)) || calendar.isHoliday(fromEpochDay(e - 1))) continue;
    // A span: the run of non-working days around this holiday.
    let start = e;
    while (!isWork(start - 1)) start--;
    let end = e;
    while (!isWork(end + 1)) end++;
    let counted = false; // a span with several holiday runs is handled from its first run
    for (let d = start; d < e; d++) if (calendar.isHoliday(fromEpochDay(d))) counted = true;
    if (counted) continue;
    let tet = false;
    for (let d = start; d <= end; d++) if (Math.abs(calendar.tetOffset(fromEpochDay(d))) <= 3) tet = true;
    const length = end - start + 1;
    const before = tet ? TET_BEFORE : length >= 3 ? LONG_BEFORE : [];
    const after = tet ? TET_AFTER : length >= 3 ? LONG_AFTER : SHORT_AFTER;
    for (let k = 0, d = start - 1; k < before.length; d--) if (isWork(d)) apply(d, before[k++]!);
    for (let k = 0, d = end + 1; k < after.length; d++) if (isWork(d)) apply(d, after[k++]!);
  }
  return out;
}

/** The calibrated model: everything `generateHistory` needs before drawing rows. */
export interface HistoryModel {
  profiles: Profile[];
  lo: number;
  days: DayInfo[];
  open: Uint8Array[];
  scale: number;
  delta: number;
  gamma: number;
  /** binomial thinning probability by channel */
  thin: Float64Array;
  alpha: number;
  beta: number;
  deadlines: number[];
  seed: number;
  snapshotCumWork: number;
}

function checkOptions(o: HistoryOptions): void {
  const bad: Array<{ field: string; value: unknown; reason: string }> = [];
  if (!isIsoDate(o.from)) bad.push({ field: 'from', value: o.from, reason: 'expected YYYY-MM-DD' });
  if (!isIsoDate(o.until)) bad.push({ field: 'until', value: o.until, reason: 'expected YYYY-MM-DD' });
  if (o.points.length === 0) bad.push({ field: 'points', value: 0, reason: 'no points' });
  if (!Number.isFinite(o.seed)) bad.push({ field: 'seed', value: o.seed, reason: 'expected a number' });
  const codes = new Set(o.points.map((p) => p.code));
  if (codes.size !== o.points.length)
    bad.push({ field: 'points', value: o.points.length, reason: 'duplicate codes' });
  if (bad.length > 0)
    throw new DomainError('INPUT_INVALID', `history options invalid: ${bad[0]!.field}`, bad);
}

/** Mean-one weekday factors, Monday..Sunday, from the staffing model (Monday peak). */
function weekdayFactors(staffing: StaffingModel): number[] {
  const wf = staffing.intraday_profile.weekday_factor;
  const mean = (wf[0]! + wf[1]! + wf[2]! + wf[3]! + wf[4]!) / 5 || 1;
  return wf.map((v) => v / mean);
}

/** Expected-volume weights and the day table; no random draws. */
function skeleton(o: HistoryOptions, target: CalibrationTarget) {
  const profs = profiles(o.points, o.seed);
  const merger = toEpochDay(MERGER);
  const wFrom = toEpochDay(target.from);
  const wTo = toEpochDay(target.to);
  const lo = Math.min(toEpochDay(o.from), wFrom);
  const hi = Math.max(toEpochDay(o.until), wTo);
  const wf = weekdayFactors(o.staffingModel);
  const surge = surges(o.calendar, lo, hi);
  const days: DayInfo[] = [];
  const open = profs.map(() => new Uint8Array(hi - lo + 1));
  let cum = 0;
  for (let e = lo; e <= hi; e++) {
    const iso = fromEpochDay(e);
    const kind = o.calendar.kind(iso);
    const workday = kind === 'workday' || kind === 'makeup_workday';
    if (workday) cum++;
    const wd = isoWeekday(iso);
    const weekday = kind === 'makeup_workday' && wd >= 6 ? 0.9 : wf[wd - 1]!;
    days.push({
      iso,
      workday,
      mult: levelAt(e) * seasonAt(iso) * weekday * (surge.get(e) ?? 1),
      post: e >= merger,
      trend: onlineTrend(e, merger),
      cumWork: cum,
      city: new Random(mixSeed(o.seed, e)).shock(CITY_DAY_SIGMA),
    });
    if (kind === 'holiday' || (kind === 'weekend' && wd === 7)) continue;
    profs.forEach((p, i) => {
      if (o.calendar.isOpen(iso, p.hours, p.code)) open[i]![e - lo] = 1;
    });
  }
  return { profs, lo, days, open, wFrom, wTo };
}

/** Channel shares of one point × field on one day, given the calibration shifts. */
function channelShares(p: Profile, f: number, day: DayInfo, delta: number, gamma: number, out: Float64Array) {
  const online = logistic(p.onlineLogit[f]! + day.trend + delta);
  const postal = Math.min(0.2, p.postal[f]! * gamma);
  out[ONLINE] = online;
  out[POSTAL] = postal;
  out[IN_PERSON] = Math.max(0, 1 - online - postal);
  const s = out[0]! + out[1]! + out[2]!;
  for (let c = 0; c < NC; c++) out[c]! /= s;
}

/** Expected (not yet scaled) cell means for one point-day into `mu` (channel-major, NC × NF). */
function cellMeans(
  m: HistoryModel,
  pi: number,
  di: number,
  scale: number,
  mu: Float64Array,
  tmp: Float64Array,
) {
  const p = m.profiles[pi]!;
  const day = m.days[di]!;
  const mix = day.post ? p.mixPost : p.mixPre;
  const base = scale * p.base * day.mult;
  for (let f = 0; f < NF; f++) {
    channelShares(p, f, day, m.delta, m.gamma, tmp);
    const bf = base * mix[f]!;
    for (let c = 0; c < NC; c++) mu[c * NF + f] = bf * tmp[c]!;
  }
}

/** Raw (unthinned) counts of one point-day; the stream depends only on (seed, day, point). */
function drawRaw(
  m: HistoryModel,
  pi: number,
  di: number,
  mu: Float64Array,
  tmp: Float64Array,
  out: Int32Array,
) {
  const rng = new Random(mixSeed(m.seed, m.lo + di, m.profiles[pi]!.hash));
  const shock = m.days[di]!.city * rng.shock(POINT_DAY_SIGMA);
  cellMeans(m, pi, di, m.scale * shock, mu, tmp);
  for (let i = 0; i < NC * NF; i++) out[i] = rng.negBinomial(mu[i]!, NB_SIZE);
}

/** Share of on-time-bound files of a field resolved by `age` working days (deadline D). */
function onTimeDone(f: number, age: number, deadline: number): number {
  if (deadline <= 0 || age >= deadline) return 1;
  const x = age / deadline;
  const s = SAME_DAY[f]!;
  return s + (1 - s) * (1 - (1 - x) * (1 - x));
}

/** Share of overdue-bound files resolved by `age`: they finish between D + 1 and 2D working days. */
function overdueDone(age: number, deadline: number): number {
  if (age <= deadline) return 0;
  return Math.min(1, (age - deadline) / Math.max(2, deadline));
}

function resolutionProbabilities(m: HistoryModel, f: number, age: number, overdueFactor: number) {
  const d = m.deadlines[f]!;
  const plateau = Math.max(0, 1 - m.alpha * UNRESOLVED_WEIGHT[f]!);
  const q = Math.min(0.5, m.beta * OVERDUE_WEIGHT[f]! * overdueFactor);
  const g = overdueDone(age, d);
  const resolved = plateau * ((1 - q) * onTimeDone(f, age, d) + q * g);
  const overdue = plateau * q * g;
  return { resolved, overdueGivenResolved: resolved > 0 ? overdue / resolved : 0 };
}

function bisect(fn: (x: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 60; i++) {
    const mid = (a + b) / 2;
    if (fn(mid) < 0) a = mid;
    else b = mid;
  }
  return (a + b) / 2;
}

/**
 * Builds and calibrates the history model (the first pass over the calibration window included).
 * @throws DomainError INPUT_INVALID for bad dates, no points or duplicate codes.
 */
export function buildHistoryModel(o: HistoryOptions): HistoryModel {
  checkOptions(o);
  const target: CalibrationTarget = { ...REPORT_Q3_2025, ...o.target };
  const { profs, lo, days, open, wFrom, wTo } = skeleton(o, target);
  const m: HistoryModel = {
    profiles: profs,
    lo,
    days,
    open,
    scale: 1,
    delta: 0,
    gamma: 0,
    thin: new Float64Array(NC).fill(1),
    alpha: 0,
    beta: 0,
    deadlines: FIELDS.map((f) => o.fieldsModel.fields[f].deadline_working_days),
    seed: o.seed,
    snapshotCumWork: 0,
  };
  const w0 = wFrom - lo;
  const w1 = wTo - lo;
  // 1. Channel shifts on expected volumes (scale 1: shares do not depend on it).
  const weights: Array<{ pi: number; di: number; w: Float64Array }> = [];
  let wTotal = 0;
  for (let di = w0; di <= w1; di++)
    for (let pi = 0; pi < profs.length; pi++) {
      if (!open[pi]![di]) continue;
      const p = profs[pi]!;
      const base = p.base * days[di]!.mult;
      const mix = days[di]!.post ? p.mixPost : p.mixPre;
      const w = new Float64Array(NF);
      for (let f = 0; f < NF; f++) w[f] = base * mix[f]!;
      weights.push({ pi, di, w });
      wTotal += base;
    }
  if (wTotal <= 0)
    throw new DomainError('INPUT_INVALID', 'no open day with volume in the calibration window');
  m.delta = bisect(
    (delta) => {
      let online = 0;
      for (const { pi, di, w } of weights)
        for (let f = 0; f < NF; f++)
          online += w[f]! * logistic(profs[pi]!.onlineLogit[f]! + days[di]!.trend + delta);
      return online / wTotal - target.channelShare.online;
    },
    -10,
    10,
  );
  let postalW = 0;
  for (const { pi, w } of weights) for (let f = 0; f < NF; f++) postalW += w[f]! * profs[pi]!.postal[f]!;
  const shareSum = CHANNELS.reduce((s, c) => s + target.channelShare[c], 0);
  const share = CHANNELS.map((c) => target.channelShare[c] / shareSum);
  m.gamma = (share[POSTAL]! * POSTAL_HEADROOM * wTotal) / postalW;
  // Shocks have mean one, so the expected window total at scale s is s · wTotal.
  m.scale = (target.received * HEADROOM) / wTotal;

  // 2. First pass over the window: raw totals, and counts by field × age for step 3.
  const snapshot = Math.max(toEpochDay(o.until), wTo) - lo;
  m.snapshotCumWork = days[snapshot]!.cumWork;
  const maxAge = 2 * Math.max(...m.deadlines, 1) + 2;
  const mu = new Float64Array(NC * NF);
  const tmp = new Float64Array(NC);
  const raw = new Int32Array(NC * NF);
  const cells = NC * NF * (maxAge + 1);
  let counts: Float64Array; // raw counts by channel × field × age
  let risky: Float64Array; // the same weighted by the point's overdue factor
  let total: Float64Array; // raw counts by channel
  for (;;) {
    counts = new Float64Array(cells);
    risky = new Float64Array(cells);
    total = new Float64Array(NC);
    for (let di = w0; di <= w1; di++) {
      const age = Math.min(maxAge, m.snapshotCumWork - days[di]!.cumWork);
      for (let pi = 0; pi < profs.length; pi++) {
        if (!open[pi]![di]) continue;
        drawRaw(m, pi, di, mu, tmp, raw);
        for (let c = 0; c < NC; c++)
          for (let f = 0; f < NF; f++) {
            const n = raw[c * NF + f]!;
            total[c]! += n;
            counts[(c * NF + f) * (maxAge + 1) + age]! += n;
            risky[(c * NF + f) * (maxAge + 1) + age]! += n * profs[pi]!.overdueFactor;
          }
      }
    }
    if (CHANNELS.every((_, c) => total[c]! >= target.received * share[c]!)) break;
    m.scale *= 1.05; // a rare low draw: raise the scale until thinning can reach the targets
  }
  for (let c = 0; c < NC; c++) m.thin[c] = (target.received * share[c]!) / total[c]!;
  // Expected counts after thinning, by field × age.
  const byAge = new Float64Array(NF * (maxAge + 1));
  const riskyByAge = new Float64Array(NF * (maxAge + 1));
  for (let c = 0; c < NC; c++)
    for (let i = 0; i < NF * (maxAge + 1); i++) {
      byAge[i]! += m.thin[c]! * counts[c * NF * (maxAge + 1) + i]!;
      riskyByAge[i]! += m.thin[c]! * risky[c * NF * (maxAge + 1) + i]!;
    }

  // 3. Unresolved rate α and overdue rate β (fixed point; both equations are linear in one unknown).
  let sumN = 0;
  for (const v of byAge) sumN += v;
  let alpha = 1;
  let beta = 0.001;
  for (let iter = 0; iter < 50; iter++) {
    let a0 = 0;
    let a1 = 0;
    let r0 = 0;
    let r1 = 0;
    let over = 0;
    for (let f = 0; f < NF; f++) {
      const d = m.deadlines[f]!;
      const u = UNRESOLVED_WEIGHT[f]!;
      const w = OVERDUE_WEIGHT[f]!;
      for (let age = 0; age <= maxAge; age++) {
        const n = byAge[f * (maxAge + 1) + age]!;
        const nr = riskyByAge[f * (maxAge + 1) + age]!;
        const on = onTimeDone(f, age, d);
        const g = overdueDone(age, d);
        const plateau = Math.max(0, 1 - alpha * u);
        // resolved = Σ n·plateau·on + β Σ nr·plateau·w·(g − on); overdue = β Σ nr·plateau·w·g
        a0 += n * on + beta * nr * w * (g - on);
        a1 += u * (n * on + beta * nr * w * (g - on));
        r0 += n * plateau * on;
        r1 += nr * plateau * w * (g - on);
        over += nr * plateau * w * g;
      }
    }
    alpha = Math.max(
      0,
      Math.min(1 / Math.max(...UNRESOLVED_WEIGHT), (a0 - target.resolvedShare * sumN) / a1),
    );
    const r = 1 - target.onTimeShareOfResolved;
    const denom = over - r * r1;
    beta = denom > 0 ? Math.max(0, (r * r0) / denom) : beta;
  }
  m.alpha = alpha;
  m.beta = beta;
  // The generated rows use the real snapshot (`until`), which may differ from the calibration snapshot.
  m.snapshotCumWork = days[toEpochDay(o.until) - lo]?.cumWork ?? m.snapshotCumWork;
  return m;
}

/**
 * Daily volumes of every open day of every point × channel × field from `from` to `until` (closed days —
 * Sundays, holidays, Saturdays without a session, local closures — are not emitted), in date, point
 * (input order), channel, field order. Resolution counts are as of `until`. Deterministic for a seed.
 * @throws DomainError INPUT_INVALID for bad options.
 * @example for (const row of generateHistory({ points, from: '2024-01-01', until: '2026-11-24', seed: 1,
 *   calendar, staffingModel, fieldsModel })) …
 */
export function* generateHistory(o: HistoryOptions): Generator<DailyVolume> {
  const m = buildHistoryModel(o);
  yield* rowsOf(m, toEpochDay(o.from), toEpochDay(o.until));
}

/**
 * The rows `generateHistory` gives for `from`…`until` (ISO days, clipped to the model's day table) from an
 * already built model: the same rows, so the register (sample/register.ts) can disaggregate exactly what the
 * daily history holds without calibrating twice.
 */
export function* historyRows(m: HistoryModel, from: string, until: string): Generator<DailyVolume> {
  const lo = Math.max(toEpochDay(from), m.lo);
  const hi = Math.min(toEpochDay(until), m.lo + m.days.length - 1);
  yield* rowsOf(m, lo, hi);
}

function* rowsOf(m: HistoryModel, from: number, until: number): Generator<DailyVolume> {
  const maxAge = 2 * Math.max(...m.deadlines, 1) + 2;
  const mu = new Float64Array(NC * NF);
  const tmp = new Float64Array(NC);
  const raw = new Int32Array(NC * NF);
  const pRes = new Float64Array(NF);
  const pOver = new Float64Array(NF);
  for (let e = from; e <= until; e++) {
    const di = e - m.lo;
    const day = m.days[di]!;
    const age = Math.min(maxAge, m.snapshotCumWork - day.cumWork);
    for (let pi = 0; pi < m.profiles.length; pi++) {
      if (!m.open[pi]![di]) continue;
      const p = m.profiles[pi]!;
      drawRaw(m, pi, di, mu, tmp, raw);
      for (let f = 0; f < NF; f++) {
        const r = resolutionProbabilities(m, f, age, p.overdueFactor);
        pRes[f] = r.resolved;
        pOver[f] = r.overdueGivenResolved;
      }
      // Separate streams: received counts do not depend on the resolution parameters (or on `until`).
      const thinRng = new Random(mixSeed(m.seed, e, p.hash, 1));
      const resRng = new Random(mixSeed(m.seed, e, p.hash, 2));
      for (let c = 0; c < NC; c++)
        for (let f = 0; f < NF; f++) {
          const n = raw[c * NF + f]!;
          const received = thinRng.binomial(n, m.thin[c]!);
          const resolved = resRng.binomial(received, pRes[f]!);
          const overdue = resRng.binomial(resolved, pOver[f]!);
          yield {
            date: day.iso,
            point: p.code,
            channel: CHANNELS[c]!,
            field: FIELDS[f]!,
            received,
            resolved,
            on_time: resolved - overdue,
            overdue,
          };
        }
    }
  }
}

/**
 * Expected workload per point on an average working day of the calibration window: dossiers and minutes
 * (standard minutes reception + processing, models/fields.json). Sizes staff for `generateStaff`.
 * @example expectedLoadByPoint(opts)['P001'].minutesPerDay
 */
export function expectedLoadByPoint(
  o: HistoryOptions,
): Record<string, { dossiersPerDay: number; minutesPerDay: number }> {
  checkOptions(o);
  const target: CalibrationTarget = { ...REPORT_Q3_2025, ...o.target };
  const m = buildHistoryModel(o);
  const scale = m.scale;
  const minutes = CHANNELS.map((c) =>
    FIELDS.map((f) => {
      const s = o.fieldsModel.fields[f].standard_minutes[c];
      return s.reception + s.processing;
    }),
  );
  const mu = new Float64Array(NC * NF);
  const tmp = new Float64Array(NC);
  const out: Record<string, { dossiersPerDay: number; minutesPerDay: number }> = {};
  const w0 = toEpochDay(target.from) - m.lo;
  const w1 = toEpochDay(target.to) - m.lo;
  m.profiles.forEach((p, pi) => {
    let dossiers = 0;
    let mins = 0;
    let workdays = 0;
    for (let di = w0; di <= w1; di++) {
      if (!m.days[di]!.workday) continue;
      workdays++;
      if (!m.open[pi]![di]) continue;
      cellMeans(m, pi, di, scale, mu, tmp);
      for (let c = 0; c < NC; c++)
        for (let f = 0; f < NF; f++) {
          const expected = mu[c * NF + f]! * m.thin[c]!;
          dossiers += expected;
          mins += expected * minutes[c]![f]!;
        }
    }
    out[p.code] = { dossiersPerDay: dossiers / (workdays || 1), minutesPerDay: mins / (workdays || 1) };
  });
  return out;
}
