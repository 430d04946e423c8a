/**
 * Overdue risk of pending dossiers, estimated from the register's own history.
 *
 * Time to result is measured on the working calendar: for a procedure with a term in days, in working days
 * after the day of receipt (`D = W(finished) − W(received)`, where `W(d)` counts the working days up to and
 * including `d`, so a dossier due `n` working days after receipt misses iff `D > n`); for a same-day procedure,
 * in working hours on an 8-hour clock (08:00–12:00, 13:00–17:00; a day off counts as the start of the next
 * working day). A dossier misses its deadline when its result comes after the end of its due date.
 *
 * For each stratum — (procedure, competent unit), procedure, field, all — the survival function
 * `S(t) = P(D > t)` is the Kaplan–Meier estimate over the history: finished dossiers are events at `D`, pending
 * ones are censored at the time they have already spent (the slow ones are still pending, so ignoring them would
 * understate the risk); withdrawn dossiers are left out. A pending dossier that has spent `e` and is due at `L`
 * misses with probability `P(D > L | D > e) = S(L) / S(e)` (1 once `e ≥ L`), taken from the finest stratum that
 * has at least `minAtRisk` dossiers of history still unresolved after `e` (backing off to the next one when data
 * are thin). Pure and deterministic.
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import { fromEpochDay, toEpochDay } from '../calendar/dates.ts';
import { Random } from '../random.ts';

export type RiskUnit = 'days' | 'hours';
export type RiskStratum = 'procedure_unit' | 'procedure' | 'field' | 'all';
export const STRATA: readonly RiskStratum[] = ['procedure_unit', 'procedure', 'field', 'all'];

/** One dossier of the register, as the estimator reads it (times local `YYYY-MM-DD[ HH:MM]`). */
export interface RiskDossier {
  code: string;
  /** procedure code or id (a stratum key) */
  procedure: string;
  competent_unit: string;
  field: string;
  received_at: string;
  /** `YYYY-MM-DD` (ngày hẹn trả) */
  due_at: string;
  finished_at: string | null;
  /** same-day procedure: measured in working hours */
  same_day: boolean;
  withdrawn?: boolean;
}

export interface RiskOptions {
  /** history unresolved after the elapsed time needed to use a stratum (default 30) */
  minAtRisk?: number;
}

/** The risk of one pending dossier. */
export interface OverdueRisk {
  code: string;
  unit: RiskUnit;
  /** working days (or working hours) from now to the end of the due date; ≤ 0: already overdue */
  left: number;
  /** time already spent, same unit */
  elapsed: number;
  /** probability of a result after the due date, 0..1 */
  probability: number;
  /** the stratum the estimate came from */
  stratum: RiskStratum;
  /** history dossiers of that stratum unresolved after `elapsed` */
  at_risk: number;
}

const HOURS_PER_DAY = 8;

/** Working hours of a working day up to the hour `hh` (08:00–12:00 and 13:00–17:00). */
function withinDay(hh: number): number {
  return hh <= 8 ? 0 : hh <= 12 ? hh - 8 : hh <= 13 ? 4 : hh <= 17 ? hh - 9 : 8;
}

/** Working-day counts `W(d)` over the days the register spans, memoised in one array. */
export class WorkClock {
  private readonly base: number;
  private readonly cum: Int32Array;
  constructor(
    private readonly calendar: WorkCalendar,
    from: string,
    to: string,
  ) {
    this.base = toEpochDay(from) - 1;
    const n = toEpochDay(to) - this.base + 1;
    this.cum = new Int32Array(n);
    for (let i = 1; i < n; i++)
      this.cum[i] = this.cum[i - 1]! + (this.calendar.isWorkday(fromEpochDay(this.base + i)) ? 1 : 0);
  }

  /**
   * The clock as a table: `cum[i]` = `W(base + i)` for `i` in `0 … cum.length − 1` (`base` = the day before its
   * start; day `i ≥ 1` is a working day iff `cum[i] − cum[i − 1] = 1`), for a query to count the same way.
   */
  table(): { base: string; cum: Int32Array } {
    return { base: fromEpochDay(this.base), cum: this.cum };
  }

  /** Working days up to and including `iso` (counted from the clock's start). */
  w(iso: string): number {
    const i = toEpochDay(iso.slice(0, 10)) - this.base;
    if (i < 0) return 0;
    if (i < this.cum.length) return this.cum[i]!;
    // Beyond the span: extend day by day (rare: due dates after the last day seen).
    let c = this.cum[this.cum.length - 1]!;
    for (let k = this.cum.length; k <= i; k++) if (this.calendar.isWorkday(fromEpochDay(this.base + k))) c++;
    return c;
  }

  /** Working hours up to a local time (8 per working day, 08:00–12:00 and 13:00–17:00). */
  h(ts: string): number {
    const day = ts.slice(0, 10);
    const wd = this.calendar.isWorkday(day);
    const w = this.w(day);
    if (!wd) return w * HOURS_PER_DAY;
    const hh = ts.length >= 16 ? Number(ts.slice(11, 13)) + Number(ts.slice(14, 16)) / 60 : 8;
    return (w - 1) * HOURS_PER_DAY + withinDay(hh);
  }

  /**
   * The working hours within a working day up to each minute of the day: `[m]` for `HH:MM` = `m` minutes after
   * midnight (0 … 1439), the same doubles `h` adds (for a query to count the same way).
   */
  static withinByMinute(): Float64Array {
    const out = new Float64Array(24 * 60);
    for (let m = 0; m < out.length; m++) out[m] = withinDay(Math.floor(m / 60) + (m % 60) / 60);
    return out;
  }

  /** End of a due date on the clock of `unit`. */
  dueEnd(due: string, unit: RiskUnit): number {
    return unit === 'days' ? this.w(due) : this.w(due) * HOURS_PER_DAY;
  }

  at(ts: string, unit: RiskUnit): number {
    return unit === 'days' ? this.w(ts) : this.h(ts);
  }
}

/**
 * A Kaplan–Meier survival curve `S(t) = P(T > t)` from event and censoring times (censored: known `T > c`).
 * @example KaplanMeier.fit([1, 2, 2, 3], [5]).survival(2) // 0.4 (= 4/5 · 2/4)
 */
export class KaplanMeier {
  private constructor(
    /** distinct event times, ascending */
    readonly times: Float64Array,
    /** S just after each event time */
    readonly surv: Float64Array,
    /** distinct observation times (events and censorings), ascending, for the risk set */
    private readonly obs: Float64Array,
    /** observations with a time ≤ `obs[i]` */
    private readonly upTo: Float64Array,
  ) {}

  static fit(events: ArrayLike<number>, censored: ArrayLike<number>): KaplanMeier {
    const counts = new Map<number, [number, number]>();
    const add = (t: number, k: 0 | 1) => {
      const c = counts.get(t);
      if (c) c[k]++;
      else counts.set(t, k === 0 ? [1, 0] : [0, 1]);
    };
    for (let i = 0; i < events.length; i++) add(events[i]!, 0);
    for (let i = 0; i < censored.length; i++) add(censored[i]!, 1);
    return KaplanMeier.fromCounts(counts);
  }

  /**
   * The curve from counts per observation time: `time → [events, censored]` (a histogram of the history; the
   * same curve as `fit` on the times one by one).
   */
  static fromCounts(counts: ReadonlyMap<number, readonly [number, number]>): KaplanMeier {
    const obs = Float64Array.from(counts.keys()).sort();
    const events = new Float64Array(obs.length);
    const censored = new Float64Array(obs.length);
    for (let i = 0; i < obs.length; i++) {
      const [d, c] = counts.get(obs[i]!)!;
      events[i] = d;
      censored[i] = c;
    }
    return KaplanMeier.fromSorted(obs, events, censored);
  }

  /**
   * The curve from counts at distinct observation times in ascending order: `events[i]` results and
   * `censored[i]` dossiers still pending at `times[i]` (what `fromCounts` makes of its map; the same products in
   * the same order, so the same doubles).
   * @example KaplanMeier.fromSorted([1, 2, 3, 5], [1, 2, 1, 0], [0, 0, 0, 1]).survival(2) // 0.4
   */
  static fromSorted(
    times: ArrayLike<number>,
    events: ArrayLike<number>,
    censored: ArrayLike<number>,
  ): KaplanMeier {
    const n = times.length;
    const obs = Float64Array.from(times);
    const upTo = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += events[i]! + censored[i]!;
    const eventTimes: number[] = [];
    const surv: number[] = [];
    let s = 1;
    let before = 0; // observations with a time < t: they have left the risk set
    for (let i = 0; i < n; i++) {
      const d = events[i]!;
      if (d > 0) {
        // A dossier censored at t has survived t: it stays in the risk set at t (ties: events first).
        const atRisk = total - before;
        s *= 1 - d / atRisk;
        eventTimes.push(obs[i]!);
        surv.push(s);
      }
      before += d + censored[i]!;
      upTo[i] = before;
    }
    return new KaplanMeier(Float64Array.from(eventTimes), Float64Array.from(surv), obs, upTo);
  }

  /** `S(t)`: the share still without a result after `t`. */
  survival(t: number): number {
    // last event time ≤ t
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 1 : this.surv[lo - 1]!;
  }

  /** Observations with a time after `t` (history still informative beyond `t`). */
  atRiskAfter(t: number): number {
    let lo = 0;
    let hi = this.obs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.obs[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    const total = this.upTo.length ? this.upTo[this.upTo.length - 1]! : 0;
    return total - (lo === 0 ? 0 : this.upTo[lo - 1]!);
  }

  /** Smallest event time `t` with `P(T ≤ t | T > e) ≥ q` (Infinity when the curve never gets there). */
  conditionalQuantile(q: number, e: number): number {
    const se = this.survival(e);
    if (se <= 0) return e;
    for (let i = 0; i < this.times.length; i++) {
      const t = this.times[i]!;
      if (t <= e) continue;
      if (1 - this.surv[i]! / se >= q - 1e-12) return t;
    }
    return Number.POSITIVE_INFINITY;
  }

  /** `P(T ≤ t | T > e)`. */
  conditionalCdf(t: number, e: number): number {
    const se = this.survival(e);
    if (t <= e) return 0;
    if (se <= 0) return 1;
    return 1 - this.survival(t) / se;
  }
}

/** The stratum keys of a dossier, finest first (one per entry of `STRATA`). */
export function strataKeys(
  d: Pick<RiskDossier, 'same_day' | 'procedure' | 'competent_unit' | 'field'>,
): [string, string, string, string] {
  const u = d.same_day ? 'h' : 'd';
  return [`${u}|${d.procedure}|${d.competent_unit}`, `${u}|${d.procedure}`, `${u}|f|${d.field}`, `${u}|all`];
}

/**
 * Where the history is cut for a fit as of `asOf`: results after `cutoff` (local `YYYY-MM-DD HH:MM`) are not
 * known yet; a dossier without one is censored at `days` (working days) or `hours` (working hours) on the clock.
 */
export function censoring(asOf: string, clock: WorkClock): { cutoff: string; days: number; hours: number } {
  return {
    cutoff: asOf.length >= 16 ? asOf : `${asOf.slice(0, 10)} 23:59`,
    days: clock.w(asOf),
    hours: clock.h(asOf.length >= 16 ? asOf : `${asOf.slice(0, 10)} 17:00`),
  };
}

/** Whole times below this are counted in arrays indexed by the time (working days: ~250 a year), others in a map. */
const DENSE_TIMES = 2048;

/**
 * Results and censorings of one stratum key counted per time: whole times (working days) in arrays indexed by
 * the time, fractional ones (working hours) in a map — a register's history is ~1,000,000 additions over a few
 * thousand keys, each addition an index rather than a map look-up for most.
 */
export class TimeCounts {
  private ev = new Float64Array(0);
  private ce = new Float64Array(0);
  private readonly other = new Map<number, [number, number]>();

  add(t: number, events: number, censored: number): void {
    if (Number.isInteger(t) && t >= 0 && t < DENSE_TIMES) {
      if (t >= this.ev.length) {
        const n = Math.min(DENSE_TIMES, Math.max(64, 2 * (t + 1)));
        const ev = new Float64Array(n);
        const ce = new Float64Array(n);
        ev.set(this.ev);
        ce.set(this.ce);
        this.ev = ev;
        this.ce = ce;
      }
      this.ev[t]! += events;
      this.ce[t]! += censored;
      return;
    }
    const c = this.other.get(t);
    if (c) {
      c[0] += events;
      c[1] += censored;
    } else this.other.set(t, [events, censored]);
  }

  /** The Kaplan–Meier curve of these counts (`KaplanMeier.fromCounts` of the same map). */
  curve(): KaplanMeier {
    const times: number[] = [];
    for (let t = 0; t < this.ev.length; t++) if (this.ev[t]! + this.ce[t]! > 0) times.push(t);
    let sorted: ArrayLike<number> = times;
    if (this.other.size) {
      for (const t of this.other.keys()) times.push(t);
      sorted = Float64Array.from(times).sort();
    }
    const events = new Float64Array(sorted.length);
    const censored = new Float64Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const t = sorted[i]!;
      const c = this.other.get(t);
      events[i] = c ? c[0] : this.ev[t]!;
      censored[i] = c ? c[1] : this.ce[t]!;
    }
    return KaplanMeier.fromSorted(sorted, events, censored);
  }
}

/**
 * The register's time-to-result observations counted per stratum key and time (`TimeCounts`).
 * `RiskModel.fit` counts them dossier by dossier; a store can count them in a query (store/alerts-repo.ts) and
 * hand over the counts, which gives the same curves.
 */
export class RiskHistogram {
  readonly groups: ReadonlyArray<Map<string, TimeCounts>> = STRATA.map(() => new Map());

  /** Adds `events` results and `censored` dossiers still pending at time `t` to each stratum of `keys`. */
  add(keys: readonly string[], t: number, events: number, censored: number): void {
    this.addTo(this.counters(keys), t, events, censored);
  }

  /** The counters of each stratum of `keys` (for a caller that adds many times to the same keys). */
  counters(keys: readonly string[]): TimeCounts[] {
    return this.groups.map((g, s) => {
      let m = g.get(keys[s]!);
      if (!m) {
        m = new TimeCounts();
        g.set(keys[s]!, m);
      }
      return m;
    });
  }

  /** Adds to counters from `counters`. */
  addTo(counters: readonly TimeCounts[], t: number, events: number, censored: number): void {
    for (let s = 0; s < counters.length; s++) counters[s]!.add(t, events, censored);
  }
}

/** The survival curves of every stratum of a register as of `asOf` (local `YYYY-MM-DD[ HH:MM]`). */
export class RiskModel {
  private constructor(
    readonly clock: WorkClock,
    private readonly curves: ReadonlyArray<Map<string, KaplanMeier>>,
    private readonly minAtRisk: number,
    readonly asOf: string,
  ) {}

  /**
   * Fits the curves on `history` as it stood at `asOf`: results after `asOf` are not known yet, so those
   * dossiers count as pending (censored at the time they had spent at `asOf`); dossiers received after it are
   * ignored.
   */
  static fit(
    history: Iterable<RiskDossier>,
    asOf: string,
    clock: WorkClock,
    opts: RiskOptions = {},
  ): RiskModel {
    const hist = new RiskHistogram();
    const { cutoff, days: asOfDays, hours: asOfHours } = censoring(asOf, clock);
    for (const d of history) {
      if (d.withdrawn) continue;
      if (d.received_at > cutoff) continue;
      const unit: RiskUnit = d.same_day ? 'hours' : 'days';
      const start = clock.at(d.received_at, unit);
      const known = d.finished_at !== null && d.finished_at <= cutoff;
      const t = known
        ? Math.max(0, clock.at(d.finished_at!, unit) - start)
        : Math.max(0, (unit === 'days' ? asOfDays : asOfHours) - start);
      hist.add(strataKeys(d), t, known ? 1 : 0, known ? 0 : 1);
    }
    return RiskModel.fromHistogram(hist, asOf, clock, opts);
  }

  /** The curves from a histogram of the history as it stood at `asOf` (see `fit`). */
  static fromHistogram(
    hist: RiskHistogram,
    asOf: string,
    clock: WorkClock,
    opts: RiskOptions = {},
  ): RiskModel {
    const curves = hist.groups.map((g) => new Map([...g].map(([k, counts]) => [k, counts.curve()] as const)));
    return new RiskModel(clock, curves, opts.minAtRisk ?? 30, asOf);
  }

  /** The curve a dossier that has spent `elapsed` is judged on, with its stratum and risk set. */
  curveFor(
    d: RiskDossier,
    elapsed: number,
  ): { km: KaplanMeier; stratum: RiskStratum; at_risk: number } | null {
    const keys = strataKeys(d);
    let fallback: { km: KaplanMeier; stratum: RiskStratum; at_risk: number } | null = null;
    for (let s = 0; s < STRATA.length; s++) {
      const km = this.curves[s]!.get(keys[s]!);
      if (!km) continue;
      const n = km.atRiskAfter(elapsed);
      if (n >= this.minAtRisk) return { km, stratum: STRATA[s]!, at_risk: n };
      if (!fallback || n > fallback.at_risk) fallback = { km, stratum: STRATA[s]!, at_risk: n };
    }
    return fallback;
  }

  /** Where a pending dossier stands at `now` (default the model's as-of): elapsed, due, unit. */
  position(d: RiskDossier, now: string = this.asOf): { unit: RiskUnit; elapsed: number; due: number } {
    const unit: RiskUnit = d.same_day ? 'hours' : 'days';
    const start = this.clock.at(d.received_at, unit);
    const nowTs = unit === 'hours' && now.length < 16 ? `${now.slice(0, 10)} 17:00` : now;
    return {
      unit,
      elapsed: Math.max(0, this.clock.at(nowTs, unit) - start),
      due: this.clock.dueEnd(d.due_at, unit) - start,
    };
  }

  /** The overdue risk of a dossier pending at `now` (default the as-of of the fit). */
  risk(d: RiskDossier, now: string = this.asOf): OverdueRisk {
    const { unit, elapsed, due } = this.position(d, now);
    const left = Math.round((due - elapsed) * 100) / 100;
    if (elapsed >= due)
      return { code: d.code, unit, left, elapsed, probability: 1, stratum: 'all', at_risk: 0 };
    const c = this.curveFor(d, elapsed);
    if (!c) return { code: d.code, unit, left, elapsed, probability: 0.5, stratum: 'all', at_risk: 0 };
    const p = 1 - c.km.conditionalCdf(due, elapsed);
    return {
      code: d.code,
      unit,
      left,
      elapsed,
      probability: Math.round(Math.min(1, Math.max(0, p)) * 1e4) / 1e4,
      stratum: c.stratum,
      at_risk: c.at_risk,
    };
  }
}

/**
 * Pending dossiers (not withdrawn, no result by `asOf`) ranked by risk: nearest to their deadline first, then
 * most likely to miss it.
 */
export function overdueRisks(
  history: ReadonlyArray<RiskDossier>,
  asOf: string,
  clock: WorkClock,
  opts: RiskOptions = {},
): OverdueRisk[] {
  const model = RiskModel.fit(history, asOf, clock, opts);
  const cutoff = asOf.length >= 16 ? asOf : `${asOf.slice(0, 10)} 23:59`;
  const out: OverdueRisk[] = [];
  for (const d of history)
    if (!d.withdrawn && d.received_at <= cutoff && (d.finished_at === null || d.finished_at > cutoff))
      out.push(model.risk(d));
  return out.sort(byUrgency);
}

/** Nearest to the deadline first (in working hours for both units), then the most probable miss, then code. */
export function byUrgency(a: OverdueRisk, b: OverdueRisk): number {
  const la = a.unit === 'days' ? a.left * HOURS_PER_DAY : a.left;
  const lb = b.unit === 'days' ? b.left * HOURS_PER_DAY : b.left;
  return la - lb || b.probability - a.probability || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export interface CalibrationReport {
  as_of: string;
  /** pending dossiers at `as_of` judged (not yet past due, outcome known by `until`) */
  dossiers: number;
  /** pending dossiers already past due at `as_of` (probability 1, left out) */
  past_due: number;
  /** share whose result came by the predicted conditional median (goal 0.5) */
  coverage_50: number;
  /** share whose result came by the predicted conditional 90th percentile (goal 0.9) */
  coverage_90: number;
  /** mean predicted probability of missing the deadline */
  predicted_miss: number;
  /** share that did miss it */
  observed_miss: number;
  /** mean squared error of the miss probability */
  brier: number;
  /** predicted against observed miss rate by probability band */
  bins: Array<{ from: number; to: number; dossiers: number; predicted: number; observed: number }>;
}

/**
 * Backtest on a held-out period: fits on the register as it stood at `asOf` (results after it hidden) and
 * judges the dossiers pending then against what happened by `until`. Coverage uses the randomised probability
 * integral transform of each outcome under its predicted conditional distribution (discrete times make the
 * plain quantile coverage jump; a dossier still pending at `until` draws its value above the CDF it reached),
 * so a calibrated model covers 50% and 90%. Deterministic for a seed.
 */
export function backtestRisk(
  history: ReadonlyArray<RiskDossier>,
  asOf: string,
  until: string,
  clock: WorkClock,
  opts: RiskOptions & { seed?: number } = {},
): CalibrationReport {
  return judgeRisk(RiskModel.fit(history, asOf, clock, opts), history, until, opts);
}

/**
 * The backtest's judgement (see `backtestRisk`) of a model fitted as of its `asOf`, over `history`: only the
 * dossiers pending at that as-of day are judged, so `history` may be just those (in the same order: each draws
 * its random number in turn).
 */
export function judgeRisk(
  model: RiskModel,
  history: Iterable<RiskDossier>,
  until: string,
  opts: { seed?: number } = {},
): CalibrationReport {
  const { clock, asOf } = model;
  const cutoff = asOf.length >= 16 ? asOf : `${asOf.slice(0, 10)} 23:59`;
  const end = until.length >= 16 ? until : `${until.slice(0, 10)} 23:59`;
  const rnd = new Random(opts.seed ?? 1);
  let n = 0;
  let c50 = 0;
  let c90 = 0;
  let pSum = 0;
  let missSum = 0;
  let brier = 0;
  const edges = [0, 0.05, 0.2, 0.5, 0.8, 1.0001];
  const bins = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1]!, dossiers: 0, p: 0, o: 0 }));
  let pastDue = 0;
  for (const d of history) {
    if (d.withdrawn || d.received_at > cutoff) continue;
    if (d.finished_at !== null && d.finished_at <= cutoff) continue;
    const { unit, elapsed, due } = model.position(d);
    const start = clock.at(d.received_at, unit);
    const finished = d.finished_at !== null && d.finished_at <= end;
    const endPos =
      unit === 'hours' && until.length < 16 ? clock.h(`${until.slice(0, 10)} 17:00`) : clock.at(end, unit);
    const dueReached = clock.dueEnd(d.due_at, unit) <= endPos;
    // Outcome unknown: no result and the due date not reached by `until`.
    if (!finished && !dueReached) continue;
    // Already past due at `asOf`: certain to miss (probability 1), nothing to calibrate.
    if (elapsed >= due) {
      pastDue++;
      continue;
    }
    const r = model.risk(d);
    const missed = finished ? clock.at(d.finished_at!, unit) - start > due : true;
    n++;
    pSum += r.probability;
    missSum += missed ? 1 : 0;
    brier += (r.probability - (missed ? 1 : 0)) ** 2;
    const b = bins.find((x) => r.probability >= x.from && r.probability < x.to)!;
    b.dossiers++;
    b.p += r.probability;
    b.o += missed ? 1 : 0;
    const c = model.curveFor(d, elapsed);
    if (!c) continue;
    let u: number;
    if (finished) {
      const t = Math.max(elapsed, clock.at(d.finished_at!, unit) - start);
      const hi = c.km.conditionalCdf(t, elapsed);
      const lo = c.km.conditionalCdf(prevTime(c.km, t), elapsed);
      u = lo + rnd.uniform() * (hi - lo);
    } else {
      const lo = c.km.conditionalCdf(endPos - start, elapsed);
      u = lo + rnd.uniform() * (1 - lo);
    }
    if (u <= 0.5) c50++;
    if (u <= 0.9) c90++;
  }
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    as_of: asOf,
    dossiers: n,
    coverage_50: n ? r4(c50 / n) : 0,
    coverage_90: n ? r4(c90 / n) : 0,
    predicted_miss: n ? r4(pSum / n) : 0,
    observed_miss: n ? r4(missSum / n) : 0,
    brier: n ? r4(brier / n) : 0,
    past_due: pastDue,
    bins: bins.map((b) => ({
      from: b.from,
      to: Math.min(1, b.to),
      dossiers: b.dossiers,
      predicted: b.dossiers ? r4(b.p / b.dossiers) : 0,
      observed: b.dossiers ? r4(b.o / b.dossiers) : 0,
    })),
  };
}

/** The event time just before `t` on the curve (for the left limit of the CDF at `t`). */
function prevTime(km: KaplanMeier, t: number): number {
  let prev = Number.NEGATIVE_INFINITY;
  for (const x of km.times) {
    if (x >= t) break;
    prev = x;
  }
  return prev;
}
