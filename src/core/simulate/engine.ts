import { quantileSorted } from 'simple-statistics';
import { mixSeed, Random } from '../random.ts';
import { C, F, IN_PERSON } from './constants.ts';
import type { PreparedSimulation } from './prepare.ts';

/**
 * Figures reported for every cell (point or city × day or whole horizon), per replication.
 * Counts are citizens (counter) or dossiers (processing); minutes are minutes.
 */
export const FIGURES = [
  'arrived', // in-person citizens who came to the counters
  'served',
  'abandoned', // left the queue after their patience
  'waiting_at_close', // still queueing when the point closed
  'turned_away', // in-person demand of a closed point with no open point or day to go to
  'wait_mean_min', // mean wait of served citizens
  'wait_p90_min', // 90th percentile wait of served citizens
  'wait_probability', // share of arrivals who could not start service at once
  'within_target', // share of arrivals served within the target wait
  'peak_queue', // most citizens waiting at once
  'counter_utilisation', // busy minutes / staffed counter minutes
  'received', // dossiers entering back-office processing (served in person + online + postal)
  'processing_capacity_min', // back-office minutes available
  'processing_done_min', // back-office minutes worked (by origin point of the dossiers)
  'backlog', // dossiers pending at the end of the period (stock)
  'early', // finished before the legal deadline day
  'on_time', // finished on the deadline day
  'overdue_pending', // pending and past the deadline at the end of the period (stock)
  'overdue', // finished late in the period + overdue_pending
  'on_time_rate', // (early + on_time) / finished
  'digitisation_pending', // work model: paper dossiers not yet digitised at the point (stock)
  'acceptance_pending', // work model: online and postal dossiers not yet accepted (stock, by receiving point)
] as const;
export type FigureName = (typeof FIGURES)[number];
export const NFIG = FIGURES.length;
const FIG = Object.fromEntries(FIGURES.map((f, i) => [f, i])) as Record<FigureName, number>;

/** City-wide horizon figures per field. */
export const FIELD_FIGURES = ['early', 'on_time', 'overdue', 'backlog'] as const;
export const NFF = FIELD_FIGURES.length;

// Raw accumulators per cell.
const ARRIVED = 0;
const SERVED = 1;
const ABANDONED = 2;
const AT_CLOSE = 3;
const TURNED = 4;
const WAIT_SUM = 5;
const WAIT_P90 = 6;
const WAITED = 7;
const WITHIN = 8;
const PEAK = 9;
const BUSY = 10;
const OPEN_MIN = 11;
const RECEIVED = 12;
const CAPACITY = 13;
const DONE_MIN = 14;
const BACKLOG = 15;
const EARLY = 16;
const ON_TIME = 17;
const OVERDUE_FIN = 18;
const OVERDUE_PEND = 19;
const DIG_PEND = 20;
const ACC_PEND = 21;
const NRAW = 22;

// Stream kinds (keys of the random streams).
const ST_DEMAND = 1;
const ST_ARRIVAL = 2;
const ST_SERVICE = 3;
const ST_PATIENCE = 4;

// City wait histograms: a bin for zero waits, then 15-second bins up to 12 hours (city p90 to ±15 s).
const BIN_MIN = 0.25;
const NBIN = 2880;

/** Length of one replication's result vector: cells × figures, then fields × field figures, then counts. */
export function vectorLength(prep: PreparedSimulation): number {
  return (prep.P + 1) * (prep.D + 1) * NFIG + F * NFF + 2;
}

/** Per-replication counts at the end of the vector. */
export const EXTRA_EVENTS = 0;
export const EXTRA_DOSSIERS = 1;

/**
 * Runs single replications of one prepared simulation, reusing its buffers (no allocation per event).
 * A replication is a pure function of (prepared, seed, replication index).
 */
export class Replicator {
  private readonly counts: Int32Array;
  private readonly ipCount: Int32Array;
  private readonly served: Int32Array;
  private readonly busy: Float64Array;
  private times = new Float64Array(1024);
  private fields = new Uint8Array(1024);
  private heap = new Float64Array(1024);
  private waits = new Float64Array(4096);
  private free = new Float64Array(64);
  private ptr = new Int32Array(64);
  private readonly hist: Int32Array;
  private readonly raw: Float64Array;
  private readonly cCount: Float64Array;
  private readonly cWork: Float64Array;
  private readonly cPoint: Float64Array;
  private readonly remoteOff: Int32Array;
  private readonly remote: Int32Array;
  private readonly rng = new Random(0);
  private readonly rngS = new Random(0);
  private readonly rngT = new Random(0);
  private readonly cellsD: number;
  /** Work model: appraisal cohorts, and per point the digitisation and acceptance queues (minutes, dossiers). */
  private readonly wCount: Float64Array;
  private readonly wWork: Float64Array;
  private readonly digMin: Float64Array;
  private readonly digN: Float64Array;
  private readonly accMin: Float64Array;
  private readonly accN: Float64Array;
  /** The output vector of the running replication (its field section is written while processing). */
  private fieldOut: Float64Array = new Float64Array(0);

  constructor(private readonly prep: PreparedSimulation) {
    const { P, D, S, K } = prep;
    this.counts = new Int32Array(S);
    this.ipCount = new Int32Array(P * D * F);
    this.served = new Int32Array(P * D * F);
    this.busy = new Float64Array(P * D);
    this.hist = new Int32Array((D + 1) * NBIN);
    this.cellsD = D + 1;
    this.raw = new Float64Array((P + 1) * (D + 1) * NRAW);
    this.cCount = new Float64Array(K);
    this.cWork = new Float64Array(K);
    this.cPoint = new Float64Array(K * (P + 1));
    const WK = prep.work?.WK ?? 0;
    this.wCount = new Float64Array(WK);
    this.wWork = new Float64Array(WK);
    this.digMin = new Float64Array(prep.work ? P : 0);
    this.digN = new Float64Array(prep.work ? P : 0);
    this.accMin = new Float64Array(prep.work ? P : 0);
    this.accN = new Float64Array(prep.work ? P : 0);
    // Online and postal series grouped by day, for the processing phase.
    this.remoteOff = new Int32Array(D + 1);
    const byDay: number[][] = Array.from({ length: D }, () => []);
    for (let s = 0; s < S; s++) if (prep.sChannel[s] !== IN_PERSON) byDay[prep.sDay[s]!]!.push(s);
    this.remote = Int32Array.from(byDay.flat());
    let o = 0;
    for (let d = 0; d < D; d++) {
      this.remoteOff[d] = o;
      o += byDay[d]!.length;
    }
    this.remoteOff[D] = o;
  }

  private cell(p: number, d: number): number {
    return (p * this.cellsD + d) * NRAW;
  }

  /** Adds a flow to (p,d), (p,total), (city,d), (city,total). */
  private flow(p: number, d: number, m: number, v: number): void {
    const { P, D } = this.prep;
    const raw = this.raw;
    if (p < P) {
      raw[this.cell(p, d) + m]! += v;
      raw[this.cell(p, D) + m]! += v;
    }
    raw[this.cell(P, d) + m]! += v;
    raw[this.cell(P, D) + m]! += v;
  }

  private ensure(n: number): void {
    if (this.times.length >= n) return;
    const size = Math.max(n, this.times.length * 2);
    this.times = new Float64Array(size);
    this.fields = new Uint8Array(size);
    this.heap = new Float64Array(size);
  }

  /** Runs replication `rep` with `seed` and writes its result vector into `out` (length vectorLength). */
  run(seed: number, rep: number, out: Float64Array): void {
    const fieldBase = (this.prep.P + 1) * (this.prep.D + 1) * NFIG;
    this.raw.fill(0);
    this.hist.fill(0);
    out.fill(0, fieldBase);
    this.fieldOut = out;
    this.sampleDemand(seed, rep);
    const events = this.counters(seed, rep);
    const dossiers = this.prep.work ? this.processingWork() : this.processing();
    this.derive(out);
    out[fieldBase + F * NFF + EXTRA_EVENTS] = events;
    out[fieldBase + F * NFF + EXTRA_DOSSIERS] = dossiers;
  }

  /** Daily counts per series from the forecast distribution (one keyed stream per series). */
  private sampleDemand(seed: number, rep: number): void {
    const p = this.prep;
    const rng = this.rng;
    this.ipCount.fill(0);
    for (let s = 0; s < p.S; s++) {
      rng.reseed(mixSeed(seed, rep, ST_DEMAND, s));
      let n: number;
      const q10 = p.sQ10[s]!;
      if (!Number.isNaN(q10)) {
        // Piecewise-linear quantile function through p10, p50, p90, extended linearly in the tails.
        const q50 = p.sQ50[s]!;
        const q90 = p.sQ90[s]!;
        const u = rng.uniform();
        let x: number;
        if (u < 0.5) x = q50 - ((0.5 - u) / 0.4) * (q50 - q10);
        else x = q50 + ((u - 0.5) / 0.4) * (q90 - q50);
        n = x > 0 ? Math.floor(x + rng.uniform()) : 0;
      } else {
        const shape = p.sShape[s]!;
        const lambda = shape > 0 ? (p.sMean[s]! * rng.gamma(shape)) / shape : p.sMean[s]!;
        n = rng.poisson(lambda);
      }
      this.counts[s] = n;
      if (p.sChannel[s] === IN_PERSON && n > 0) {
        const tp = p.sToPoint[s]!;
        const a = p.splitOff[s]!;
        const b = p.splitOff[s + 1]!;
        if (tp < 0) this.flow(p.sPoint[s]!, p.sDay[s]!, TURNED, n);
        else if (b === a) this.ipCount[(tp * p.D + p.sToDay[s]!) * F + p.sField[s]!]! += n;
        // A closed point's citizens choose among open points (choice model shares): one draw each, from
        // the series' own stream after its count, so other series' draws are unchanged.
        else
          for (let k = 0; k < n; k++) {
            const u = rng.uniform();
            let j = a;
            while (j < b - 1 && p.splitCum[j]! < u) j++;
            this.ipCount[(p.splitPoint[j]! * p.D + p.sToDay[s]!) * F + p.sField[s]!]! += 1;
          }
      }
    }
  }

  /** The counters of every point-day: multi-server FIFO with abandonment. Returns the event count. */
  private counters(seed: number, rep: number): number {
    const pr = this.prep;
    const { P, D } = pr;
    const raw = this.raw;
    const rngA = this.rng;
    const rngS = this.rngS;
    const rngT = this.rngT;
    const target = pr.targetMin;
    const patience = pr.patienceMin;
    const finitePatience = Number.isFinite(patience);
    const expo = pr.exponentialService;
    const hist = this.hist;
    let events = 0;
    this.served.fill(0);
    this.busy.fill(0);
    for (let p = 0; p < P; p++) {
      let nw = 0; // waits of served citizens at this point, all days
      let peakWeek = 0;
      for (let d = 0; d < D; d++) {
        const i = p * D + d;
        let n = 0;
        for (let f = 0; f < F; f++) n += this.ipCount[i * F + f]!;
        const c = pr.maxServers[i]!;
        const dutyMin = pr.dutyMinutes[i]!;
        if (dutyMin > 0) this.flow(p, d, OPEN_MIN, dutyMin);
        if (n === 0) continue;
        this.ensure(n);
        if (this.waits.length < nw + n) {
          const w = new Float64Array(Math.max(nw + n, this.waits.length * 2));
          w.set(this.waits.subarray(0, nw));
          this.waits = w;
        }
        const times = this.times;
        const fields = this.fields;
        const heap = this.heap;
        const waits = this.waits;
        // Arrival times: NHPP given the day's count = n i.i.d. draws from the intraday profile.
        rngA.reseed(mixSeed(seed, rep, ST_ARRIVAL, p, d));
        const s0 = pr.segOff[i]!;
        const s1 = pr.segOff[i + 1]!;
        for (let k = 0; k < n; k++) {
          const u = rngA.uniform();
          let s = s0;
          while (s < s1 - 1 && pr.segCum[s]! < u) s++;
          const lo = s > s0 ? pr.segCum[s - 1]! : 0;
          const frac = (u - lo) / (pr.segCum[s]! - lo);
          times[k] = pr.segA[s]! + (pr.segB[s]! - pr.segA[s]!) * Math.min(1, Math.max(0, frac));
        }
        times.subarray(0, n).sort();
        // Fields in arrival order: a uniform shuffle of the day's per-field counts.
        let k = 0;
        for (let f = 0; f < F; f++) for (let m = this.ipCount[i * F + f]!; m > 0; m--) fields[k++] = f;
        for (let a = n - 1; a > 0; a--) {
          const b = Math.floor(rngA.uniform() * (a + 1));
          const t = fields[a]!;
          fields[a] = fields[b]!;
          fields[b] = t;
        }
        // Counter j is on duty in the segments whose count exceeds j; a counter free outside its duty waits
        // for its next duty segment. Per counter, the time looked up only grows, so a pointer suffices.
        const segC = pr.segC;
        const segA = pr.segA;
        const segB = pr.segB;
        const close = segB[s1 - 1]!;
        if (this.free.length < c) {
          this.free = new Float64Array(c * 2);
          this.ptr = new Int32Array(c * 2);
        }
        const free = this.free;
        const ptr = this.ptr;
        for (let j = 0; j < c; j++) {
          free[j] = segA[s0]!;
          ptr[j] = s0;
        }
        rngS.reseed(mixSeed(seed, rep, ST_SERVICE, p, d));
        rngT.reseed(mixSeed(seed, rep, ST_PATIENCE, p, d));
        let hs = 0; // heap size: citizens in the queue (their leave times)
        let served = 0;
        let abandoned = 0;
        let atClose = 0;
        let waited = 0;
        let within = 0;
        let waitSum = 0;
        let busy = 0;
        let peak = 0;
        const dayStart = nw;
        const histDay = d * NBIN;
        const histAll = D * NBIN;
        for (let a = 0; a < n; a++) {
          const t = times[a]!;
          const f = fields[a]!;
          // Drawn for every citizen, served or not, so streams stay aligned across scenarios.
          const svc = expo
            ? rngS.exponential(pr.svcMean[f]!)
            : Math.exp(pr.svcMu[f]! + pr.svcSigma[f]! * rngS.normal());
          const pat = finitePatience ? rngT.exponential(patience) : Number.POSITIVE_INFINITY;
          let start = Number.POSITIVE_INFINITY;
          let j = -1;
          for (let q = 0; q < c; q++) {
            const x = Math.max(free[q]!, t);
            let s = ptr[q]!;
            while (s < s1 && (segB[s]! <= x || segC[s]! <= q)) s++;
            ptr[q] = s;
            if (s < s1) {
              const st = Math.max(x, segA[s]!);
              if (st < start) {
                start = st;
                j = q;
              }
            }
          }
          // Leave the queue: citizens whose turn comes before closing and within patience are served.
          while (hs > 0 && heap[0]! <= t) hs = heapPop(heap, hs);
          const wait = start - t;
          let leave: number;
          if (wait > pat || start === Number.POSITIVE_INFINITY) {
            const gone = t + pat;
            if (gone < close) {
              abandoned++;
              leave = gone;
            } else {
              atClose++;
              leave = close;
            }
            waited++;
          } else {
            served++;
            free[j] = start + svc;
            busy += svc;
            waitSum += wait;
            if (wait > 0) waited++;
            if (wait <= target) within++;
            waits[nw++] = wait;
            // Bin 0 holds waits of exactly 0 (most citizens at a quiet point), so p90 can be 0.
            const bin = wait <= 0 ? 0 : Math.min(NBIN - 1, 1 + Math.floor(wait / BIN_MIN));
            hist[histDay + bin]!++;
            hist[histAll + bin]!++;
            this.served[i * F + f]!++;
            leave = start;
          }
          if (leave > t) hs = heapPush(heap, hs, leave);
          if (hs > peak) peak = hs;
        }
        events += n + 2 * served + abandoned;
        this.busy[i] = busy;
        this.flow(p, d, ARRIVED, n);
        this.flow(p, d, SERVED, served);
        this.flow(p, d, ABANDONED, abandoned);
        this.flow(p, d, AT_CLOSE, atClose);
        this.flow(p, d, WAITED, waited);
        this.flow(p, d, WITHIN, within);
        this.flow(p, d, WAIT_SUM, waitSum);
        this.flow(p, d, BUSY, busy);
        const cpd = this.cell(p, d);
        raw[cpd + PEAK] = peak;
        if (peak > peakWeek) peakWeek = peak;
        const cityDay = this.cell(P, d) + PEAK;
        if (peak > raw[cityDay]!) raw[cityDay] = peak;
        const dayWaits = waits.subarray(dayStart, nw);
        dayWaits.sort();
        raw[cpd + WAIT_P90] = waitQuantile(dayWaits, 0.9);
      }
      const cpt = this.cell(p, D);
      raw[cpt + PEAK] = peakWeek;
      const cityAll = this.cell(P, D) + PEAK;
      if (peakWeek > raw[cityAll]!) raw[cityAll] = peakWeek;
      const all = this.waits.subarray(0, nw);
      all.sort();
      raw[cpt + WAIT_P90] = waitQuantile(all, 0.9);
    }
    for (let d = 0; d <= D; d++) raw[this.cell(P, d) + WAIT_P90] = quantileHist(hist, d * NBIN, 0.9);
    return events;
  }

  /**
   * The city-wide back-office pool, day by day: dossiers (fluid) in cohorts per field and received day,
   * worked earliest-deadline-first by the staff not at counters, within skill groups.
   * Returns the number of dossiers that entered the pool.
   */
  private processing(): number {
    const pr = this.prep;
    const { P, D, K } = pr;
    const S1 = P + 1;
    const raw = this.raw;
    const cCount = this.cCount;
    const cWork = this.cWork;
    const cPoint = this.cPoint;
    cPoint.set(pr.initCount);
    cWork.set(pr.initWork);
    cCount.fill(0);
    for (let k = 0; k < K; k++) {
      let n = 0;
      for (let s = 0; s < S1; s++) n += cPoint[k * S1 + s]!;
      cCount[k] = n;
    }
    let dossiers = 0;
    const add = (k: number, slot: number, n: number, minutes: number) => {
      cPoint[k * S1 + slot]! += n;
      cCount[k]! += n;
      cWork[k]! += n * minutes;
    };
    const fieldBase = (P + 1) * (D + 1) * NFIG;
    for (let d = 0; d < D; d++) {
      for (let p = 0; p < P; p++) {
        const i = p * D + d;
        for (let f = 0; f < F; f++) {
          const n = this.served[i * F + f]!;
          if (n === 0) continue;
          add(f * D + d, p, n, pr.poolMinutes[f * C + IN_PERSON]!);
          this.flow(p, d, RECEIVED, n);
          dossiers += n;
        }
      }
      for (let r = this.remoteOff[d]!; r < this.remoteOff[d + 1]!; r++) {
        const s = this.remote[r]!;
        const n = this.counts[s]!;
        if (n === 0) continue;
        const f = pr.sField[s]!;
        const p = pr.sPoint[s]!;
        add(f * D + d, p, n, pr.poolMinutes[f * C + pr.sChannel[s]!]!);
        this.flow(p, d, RECEIVED, n);
        dossiers += n;
      }
      let total = 0;
      const keep = 1 - pr.shrinkage;
      for (let p = 0; p < P; p++) {
        const i = p * D + d;
        // Staff work the back office when off counter duty, and a share of their idle time on duty.
        const duty = pr.dutyMinutes[i]!;
        const idle = Math.max(0, duty - this.busy[i]!);
        const cap = keep * (Math.max(0, pr.present[i]! * pr.workMinutes[i]! - duty) + pr.idleShare * idle);
        if (cap > 0) this.flow(p, d, CAPACITY, cap);
        total += cap;
      }
      const today = pr.dayEpoch[d]!;
      for (let g = 0; g < pr.groupShare.length; g++) {
        let cap = total * pr.groupShare[g]!;
        const mask = pr.groupMask[g]!;
        for (let e = 0; e < K && cap > 0; e++) {
          const k = pr.edf[e]!;
          if (pr.cohortFrom[k]! > d || cCount[k]! <= 1e-9) continue;
          const f = pr.cohortField[k]!;
          if (!(mask & (1 << f))) continue;
          const work = cWork[k]!;
          const take = Math.min(work, cap);
          let phi = work > 0 ? take / work : 1;
          if (phi > 1 - 1e-12) phi = 1;
          const deadline = pr.cohortDeadline[k]!;
          const cls = today < deadline ? EARLY : today === deadline ? ON_TIME : OVERDUE_FIN;
          const fin = cCount[k]! * phi;
          for (let s = 0; s < S1; s++) {
            const v = cPoint[k * S1 + s]!;
            if (v === 0) continue;
            const done = phi === 1 ? v : v * phi;
            cPoint[k * S1 + s] = v - done;
            if (s < P) {
              this.flow(s, d, cls, done);
              this.flow(s, d, DONE_MIN, (take * v) / cCount[k]!);
            } else {
              // Backlog without a point counts for the city only.
              raw[this.cell(P, d) + cls]! += done;
              raw[this.cell(P, D) + cls]! += done;
              raw[this.cell(P, d) + DONE_MIN]! += (take * v) / cCount[k]!;
              raw[this.cell(P, D) + DONE_MIN]! += (take * v) / cCount[k]!;
            }
          }
          const fi = fieldBase + f * NFF;
          if (cls === EARLY) this.fieldOut[fi]! += fin;
          else if (cls === ON_TIME) this.fieldOut[fi + 1]! += fin;
          else this.fieldOut[fi + 2]! += fin;
          cCount[k] = phi === 1 ? 0 : cCount[k]! - fin;
          cWork[k] = phi === 1 ? 0 : work - take;
          cap -= take;
        }
      }
      // End-of-day stocks: backlog and dossiers already past their deadline.
      const last = d === D - 1;
      for (let k = 0; k < K; k++) {
        if (pr.cohortFrom[k]! > d || cCount[k]! <= 1e-9) continue;
        const late = pr.cohortDeadline[k]! <= today;
        for (let s = 0; s < S1; s++) {
          const v = cPoint[k * S1 + s]!;
          if (v === 0) continue;
          const lateV = late ? v : 0;
          if (s < P) this.stock(s, d, v, lateV);
          this.stock(P, d, v, lateV);
          if (last) {
            if (s < P) this.stock(s, D, v, lateV);
            this.stock(P, D, v, lateV);
          }
        }
        if (last) {
          const fi = fieldBase + pr.cohortField[k]! * NFF;
          this.fieldOut[fi + 3]! += cCount[k]!;
          if (late) this.fieldOut[fi + 2]! += cCount[k]!;
        }
      }
    }
    return dossiers;
  }

  /**
   * The back office on the work model, day by day (fluid): paper dossiers digitised at their receiving point
   * by its staff first; online and postal dossiers accepted from the city-wide pool of what the points' staff
   * have left; appraisal by the specialists of each competent unit and field, earliest deadline first against
   * each dossier's own deadline. Returns the number of dossiers received.
   */
  private processingWork(): number {
    const pr = this.prep;
    const w = pr.work!;
    const { P, D } = pr;
    const L = w.L;
    const { wCount, wWork, digMin, digN, accMin, accN } = this;
    wCount.set(w.initCount);
    wWork.set(w.initWork);
    digMin.fill(0);
    digN.fill(0);
    accMin.fill(0);
    accN.fill(0);
    const raw = this.raw;
    const fieldBase = (P + 1) * (D + 1) * NFIG;
    let dossiers = 0;
    const appraise = (p: number, f: number, c: number, d: number, n: number) => {
      const minutes = w.appr[f * C + c]!;
      for (let m = w.umOff[p]!; m < w.umOff[p + 1]!; m++) {
        const share = n * w.umW[m]!;
        const row = ((w.umUnit[m]! * F + f) * D + d) * L;
        for (let c2 = 0; c2 < L; c2++) {
          const cw = w.clsW[f * L + c2]!;
          if (cw === 0) continue;
          const x = share * cw;
          wCount[row + c2]! += x;
          wWork[row + c2]! += x * minutes;
        }
      }
    };
    const receive = (p: number, f: number, c: number, d: number, n: number) => {
      this.flow(p, d, RECEIVED, n);
      dossiers += n;
      const dm = w.dig[f * C + c]!;
      if (dm > 0) {
        digMin[p]! += n * dm;
        digN[p]! += n;
      }
      const am = w.acc[f * C + c]!;
      if (am > 0) {
        accMin[p]! += n * am;
        accN[p]! += n;
      }
      appraise(p, f, c, d, n);
    };
    for (let d = 0; d < D; d++) {
      for (let p = 0; p < P; p++) {
        const i = p * D + d;
        for (let f = 0; f < F; f++) {
          const n = this.served[i * F + f]!;
          if (n > 0) receive(p, f, IN_PERSON, d, n);
        }
      }
      for (let r = this.remoteOff[d]!; r < this.remoteOff[d + 1]!; r++) {
        const s = this.remote[r]!;
        const n = this.counts[s]!;
        if (n > 0) receive(pr.sPoint[s]!, pr.sField[s]!, pr.sChannel[s]!, d, n);
      }
      // Center staff: coordination, then their own point's digitisation, the rest to the acceptance pool.
      const keep = 1 - pr.shrinkage;
      let pool = 0;
      for (let p = 0; p < P; p++) {
        const i = p * D + d;
        const duty = pr.dutyMinutes[i]!;
        const idle = Math.max(0, duty - this.busy[i]!);
        let cap = keep * (Math.max(0, pr.present[i]! * pr.workMinutes[i]! - duty) + pr.idleShare * idle);
        if (pr.present[i]! > 0 && pr.workMinutes[i]! > 0) cap = Math.max(0, cap - w.coordMin);
        if (cap > 0) this.flow(p, d, CAPACITY, cap);
        const take = Math.min(digMin[p]!, cap);
        if (take > 0) {
          digN[p] = take >= digMin[p]! - 1e-9 ? 0 : digN[p]! * (1 - take / digMin[p]!);
          digMin[p] = Math.max(0, digMin[p]! - take);
          this.flow(p, d, DONE_MIN, take);
          cap -= take;
        }
        pool += cap;
      }
      let queued = 0;
      for (let p = 0; p < P; p++) queued += accMin[p]!;
      if (queued > 0) {
        const phi = pool >= queued ? 1 : pool / queued;
        for (let p = 0; p < P; p++) {
          if (accMin[p]! <= 0) continue;
          const done = accMin[p]! * phi;
          this.flow(p, d, DONE_MIN, done);
          accMin[p] = phi === 1 ? 0 : accMin[p]! - done;
          accN[p] = phi === 1 ? 0 : accN[p]! * (1 - phi);
        }
      }
      // Specialists of each competent unit and field: earliest deadline first.
      const today = pr.dayEpoch[d]!;
      if (w.specDay[d])
        for (let u = 0; u < P; u++)
          for (let f = 0; f < F; f++) {
            let cap = w.specCap[u * F + f]!;
            if (cap <= 0) continue;
            this.flow(u, d, CAPACITY, cap);
            const fi = fieldBase + f * NFF;
            for (let q = w.qOff[u * F + f]!; q < w.qOff[u * F + f + 1]! && cap > 1e-12; q++) {
              const k = w.qCohort[q]!;
              if (w.wkFrom[k]! > d || wCount[k]! <= 1e-9) continue;
              const work = wWork[k]!;
              const take = Math.min(work, cap);
              const phi = work > 0 && take < work * (1 - 1e-12) ? take / work : 1;
              const deadline = w.wkDeadline[k]!;
              const cls = today < deadline ? EARLY : today === deadline ? ON_TIME : OVERDUE_FIN;
              const fin = phi === 1 ? wCount[k]! : wCount[k]! * phi;
              this.flow(u, d, cls, fin);
              this.flow(u, d, DONE_MIN, take);
              if (cls === EARLY) this.fieldOut[fi]! += fin;
              else if (cls === ON_TIME) this.fieldOut[fi + 1]! += fin;
              else this.fieldOut[fi + 2]! += fin;
              wCount[k] = phi === 1 ? 0 : wCount[k]! - fin;
              wWork[k] = phi === 1 ? 0 : work - take;
              cap -= take;
            }
          }
      // End-of-day stocks: appraisal backlog (and past its deadline) by competent unit; the point queues.
      const last = d === D - 1;
      for (let k = 0; k < w.WK; k++) {
        const v = wCount[k]!;
        if (v <= 1e-9 || w.wkFrom[k]! > d) continue;
        const u = w.wkUnit[k]!;
        const lateV = w.wkDeadline[k]! <= today ? v : 0;
        this.stock(u, d, v, lateV);
        this.stock(P, d, v, lateV);
        if (last) {
          this.stock(u, D, v, lateV);
          this.stock(P, D, v, lateV);
          const fi = fieldBase + w.wkField[k]! * NFF;
          this.fieldOut[fi + 3]! += v;
          if (lateV > 0) this.fieldOut[fi + 2]! += v;
        }
      }
      for (let p = 0; p < P; p++) {
        if (digN[p]! <= 1e-9 && accN[p]! <= 1e-9) continue;
        for (const [cell, also] of [
          [this.cell(p, d), this.cell(P, d)],
          ...(last ? [[this.cell(p, D), this.cell(P, D)]] : []),
        ] as Array<[number, number]>) {
          raw[cell + DIG_PEND]! += digN[p]!;
          raw[also + DIG_PEND]! += digN[p]!;
          raw[cell + ACC_PEND]! += accN[p]!;
          raw[also + ACC_PEND]! += accN[p]!;
        }
      }
    }
    return dossiers;
  }

  private stock(p: number, d: number, backlog: number, late: number): void {
    const c = this.cell(p, d);
    this.raw[c + BACKLOG]! += backlog;
    this.raw[c + OVERDUE_PEND]! += late;
  }

  /** Figures per cell from the raw accumulators. */
  private derive(out: Float64Array): void {
    const { P, D } = this.prep;
    const raw = this.raw;
    const cells = (P + 1) * (D + 1);
    for (let c = 0; c < cells; c++) {
      const r = c * NRAW;
      const o = c * NFIG;
      const arrived = raw[r + ARRIVED]!;
      const served = raw[r + SERVED]!;
      out[o + FIG.arrived] = arrived;
      out[o + FIG.served] = served;
      out[o + FIG.abandoned] = raw[r + ABANDONED]!;
      out[o + FIG.waiting_at_close] = raw[r + AT_CLOSE]!;
      out[o + FIG.turned_away] = raw[r + TURNED]!;
      out[o + FIG.wait_mean_min] = served > 0 ? raw[r + WAIT_SUM]! / served : Number.NaN;
      out[o + FIG.wait_p90_min] = served > 0 ? raw[r + WAIT_P90]! : Number.NaN;
      out[o + FIG.wait_probability] = arrived > 0 ? raw[r + WAITED]! / arrived : Number.NaN;
      out[o + FIG.within_target] = arrived > 0 ? raw[r + WITHIN]! / arrived : Number.NaN;
      out[o + FIG.peak_queue] = raw[r + PEAK]!;
      out[o + FIG.counter_utilisation] =
        raw[r + OPEN_MIN]! > 0 ? raw[r + BUSY]! / raw[r + OPEN_MIN]! : Number.NaN;
      out[o + FIG.received] = raw[r + RECEIVED]!;
      out[o + FIG.processing_capacity_min] = raw[r + CAPACITY]!;
      out[o + FIG.processing_done_min] = raw[r + DONE_MIN]!;
      out[o + FIG.backlog] = raw[r + BACKLOG]!;
      const early = raw[r + EARLY]!;
      const onTime = raw[r + ON_TIME]!;
      const late = raw[r + OVERDUE_FIN]!;
      out[o + FIG.early] = early;
      out[o + FIG.on_time] = onTime;
      out[o + FIG.overdue_pending] = raw[r + OVERDUE_PEND]!;
      out[o + FIG.overdue] = late + raw[r + OVERDUE_PEND]!;
      const finished = early + onTime + late;
      out[o + FIG.on_time_rate] = finished > 1e-9 ? (early + onTime) / finished : Number.NaN;
      out[o + FIG.digitisation_pending] = raw[r + DIG_PEND]!;
      out[o + FIG.acceptance_pending] = raw[r + ACC_PEND]!;
    }
  }
}

/**
 * Type-7 quantile (linear interpolation, R's and numpy's default) of ascending waits by simple-statistics'
 * quantileSorted, which reads only length and indices, so the typed array is passed as it is; NaN when empty.
 */
function waitQuantile(xs: Float64Array, q: number): number {
  return xs.length === 0 ? Number.NaN : quantileSorted(xs as unknown as readonly number[], q);
}

function quantileHist(hist: Int32Array, off: number, q: number): number {
  let n = 0;
  for (let b = 0; b < NBIN; b++) n += hist[off + b]!;
  if (n === 0) return Number.NaN;
  const want = q * n;
  if (hist[off]! >= want) return 0;
  let cum = hist[off]!;
  for (let b = 1; b < NBIN; b++) {
    const h = hist[off + b]!;
    if (h > 0 && cum + h >= want) return (b - 1 + (want - cum) / h) * BIN_MIN;
    cum += h;
  }
  return (NBIN - 1) * BIN_MIN;
}

function heapPush(h: Float64Array, size: number, v: number): number {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (h[parent]! <= v) break;
    h[i] = h[parent]!;
    i = parent;
  }
  h[i] = v;
  return size + 1;
}

function heapPop(h: Float64Array, size: number): number {
  const n = size - 1;
  const v = h[n]!;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && h[c + 1]! < h[c]!) c++;
    if (h[c]! >= v) break;
    h[i] = h[c]!;
    i = c;
  }
  h[i] = v;
  return n;
}
