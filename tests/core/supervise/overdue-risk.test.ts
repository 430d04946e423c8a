import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../../src/core/calendar/calendar.ts';
import { Random } from '../../../src/core/random.ts';
import {
  backtestRisk,
  KaplanMeier,
  overdueRisks,
  type RiskDossier,
  RiskModel,
  TimeCounts,
  WorkClock,
} from '../../../src/core/supervise/overdue-risk.ts';
import { loadCalendarModel } from '../../../src/store/model-files.ts';

const calendar = new WorkCalendar(loadCalendarModel());
const clock = new WorkClock(calendar, '2024-12-01', '2025-12-31');

/** Working days of 2025-01-02..2025-06-30. */
const workdays: string[] = [];
for (let d = '2025-01-02'; d <= '2025-06-30'; d = calendar.addWorkingDays(d, 1))
  if (calendar.isWorkday(d)) workdays.push(d);

/** Known time-to-result law: P(D = k) for k = 1..10 working days (mean ≈ 4.4). */
const PMF = [0.05, 0.12, 0.18, 0.2, 0.16, 0.11, 0.08, 0.05, 0.03, 0.02];
const survivalTrue = (t: number) => PMF.slice(t).reduce((s, p) => s + p, 0); // P(D > t), t ≥ 0
const TERM = 5;

function draw(rnd: Random): number {
  let u = rnd.uniform();
  for (let k = 0; k < PMF.length; k++) {
    u -= PMF[k]!;
    if (u < 0) return k + 1;
  }
  return PMF.length;
}

/** A stationary register: `perDay` dossiers a working day, results after D ~ PMF working days, term 5. */
function history(
  perDay: number,
  seed = 7,
  make: (i: number) => Partial<RiskDossier> = () => ({}),
): RiskDossier[] {
  const rnd = new Random(seed);
  const out: RiskDossier[] = [];
  let i = 0;
  for (const day of workdays)
    for (let k = 0; k < perDay; k++, i++) {
      const dd = draw(rnd);
      out.push({
        code: `D${i}`,
        procedure: 'p1',
        competent_unit: 'U1',
        field: 'land',
        received_at: `${day} 09:00`,
        due_at: calendar.addWorkingDays(day, TERM),
        finished_at: `${calendar.addWorkingDays(day, dd)} 10:00`,
        same_day: false,
        ...make(i),
      });
    }
  return out;
}

/** The curve as it was computed before the counts (one sorted array of every observation): the reference. */
function referenceKm(events: number[], censored: number[]) {
  const ev = Float64Array.from(events).sort();
  const all = Float64Array.from([...events, ...censored]).sort();
  const times: number[] = [];
  const surv: number[] = [];
  let s = 1;
  let j = 0;
  for (let i = 0; i < ev.length; ) {
    const t = ev[i]!;
    let d = 0;
    while (i < ev.length && ev[i] === t) {
      d++;
      i++;
    }
    while (j < all.length && all[j]! < t) j++;
    s *= 1 - d / (all.length - j);
    times.push(t);
    surv.push(s);
  }
  const atRiskAfter = (t: number) => all.filter((x) => x > t).length;
  return { times, surv, atRiskAfter };
}

describe('Kaplan–Meier', () => {
  test.prop([
    fc.array(
      fc.integer({ min: 0, max: 40 }).map((x) => x / 4),
      { maxLength: 60 },
    ),
    fc.array(
      fc.integer({ min: 0, max: 40 }).map((x) => x / 4),
      { maxLength: 60 },
    ),
  ])(
    'from counts per time, the same curve and risk sets as from the times one by one',
    (events, censored) => {
      const ref = referenceKm(events, censored);
      const km = KaplanMeier.fit(events, censored);
      expect([...km.times]).toEqual(ref.times);
      expect([...km.surv]).toEqual(ref.surv); // bit for bit: the same products in the same order
      for (let t = -1; t <= 11; t += 0.25) expect(km.atRiskAfter(t)).toBe(ref.atRiskAfter(t));
    },
  );

  test.prop([
    fc.array(
      fc.tuple(
        // whole working days (counted by index), fractional working hours and large times (counted in a map)
        fc.oneof(
          fc.integer({ min: 0, max: 30 }),
          fc.integer({ min: 0, max: 400 }).map((x) => x / 60),
          fc.integer({ min: 2040, max: 2100 }),
        ),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
      ),
      { maxLength: 80 },
    ),
  ])(
    'counts per time (arrays for whole times, a map for the others) give the curve of the same counts in a map',
    (adds) => {
      const counts = new TimeCounts();
      const map = new Map<number, [number, number]>();
      for (const [t, ev, ce] of adds) {
        if (ev + ce === 0) continue;
        counts.add(t, ev, ce);
        const c = map.get(t);
        if (c) {
          c[0] += ev;
          c[1] += ce;
        } else map.set(t, [ev, ce]);
      }
      const a = counts.curve();
      const b = KaplanMeier.fromCounts(map);
      expect([...a.times]).toEqual([...b.times]);
      expect([...a.surv]).toEqual([...b.surv]); // bit for bit
      for (const t of [-1, 0, 0.5, 1, 2.25, 7, 30, 2050, 3000])
        expect(a.atRiskAfter(t)).toBe(b.atRiskAfter(t));
    },
  );

  it('the working hours within a day by minute are the doubles the clock adds for that time', () => {
    const within = WorkClock.withinByMinute();
    expect(within).toHaveLength(1440);
    const day = '2025-06-18'; // a Wednesday, a working day
    const start = clock.h(`${day} 00:00`);
    for (let m = 0; m < 1440; m++) {
      const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      expect(start + within[m]!).toBe(clock.h(`${day} ${hhmm}`));
    }
    expect([
      within[8 * 60],
      within[10 * 60 + 30],
      within[12 * 60 + 30],
      within[16 * 60],
      within[18 * 60],
    ]).toEqual([0, 2.5, 4, 7, 8]);
  });

  it('a model does not depend on the order the history comes in (a store groups it in its own order)', () => {
    const h = history(20, 3, (i) => (i % 7 === 0 ? { finished_at: null } : {}));
    const asOf = '2025-06-20 17:00';
    const byRows = RiskModel.fit(h, asOf, clock);
    const fromRows = RiskModel.fit([...h].reverse(), asOf, clock);
    const pending = h.filter(
      (d) => d.received_at <= asOf && (d.finished_at === null || d.finished_at > asOf),
    );
    expect(pending.length).toBeGreaterThan(50);
    for (const d of pending) expect(fromRows.risk(d)).toEqual(byRows.risk(d));
  });

  it('is the empirical survival without censoring, and keeps censored cases in the risk set until they leave', () => {
    const km = KaplanMeier.fit([1, 2, 2, 3], [5]);
    expect(km.survival(0)).toBe(1);
    expect(km.survival(1)).toBeCloseTo(4 / 5, 12);
    expect(km.survival(2)).toBeCloseTo((4 / 5) * (2 / 4), 12);
    expect(km.survival(3)).toBeCloseTo((4 / 5) * (2 / 4) * (1 / 2), 12);
    expect(km.survival(9)).toBeCloseTo(0.2, 12);
    // Censored at 2 and 4 (checked by hand: S(1) = 3/4, S(3) = 3/4 · 1/2).
    const c = KaplanMeier.fit([1, 3], [2, 4]);
    expect(c.survival(1)).toBeCloseTo(0.75, 12);
    expect(c.survival(3)).toBeCloseTo(0.375, 12);
    expect(c.atRiskAfter(2)).toBe(2);
    expect(c.conditionalCdf(3, 1)).toBeCloseTo(0.5, 12);
    expect(c.conditionalQuantile(0.5, 1)).toBe(3);
  });
});

describe('overdue risk', () => {
  const h = history(40);
  const asOf = '2025-05-15';

  it('recovers the known conditional probability of missing the deadline, given the time already spent', () => {
    const model = RiskModel.fit(h, asOf, clock);
    for (const e of [0, 1, 2, 3, 4]) {
      const received = workdays[workdays.indexOf(asOf) - e]!;
      const d: RiskDossier = {
        code: `X${e}`,
        procedure: 'p1',
        competent_unit: 'U1',
        field: 'land',
        received_at: `${received} 09:00`,
        due_at: calendar.addWorkingDays(received, TERM),
        finished_at: null,
        same_day: false,
      };
      const r = model.risk(d);
      expect(r.elapsed).toBe(e);
      expect(r.left).toBe(TERM - e);
      expect(r.stratum).toBe('procedure_unit');
      expect(r.probability, `elapsed ${e}`).toBeCloseTo(survivalTrue(TERM) / survivalTrue(e), 1);
      expect(Math.abs(r.probability - survivalTrue(TERM) / survivalTrue(e))).toBeLessThan(0.03);
    }
  });

  it('counts the pending as censored: ignoring them would understate the risk of the slow ones', () => {
    // Only results known by asOf: the recent slow dossiers are pending. KM ≈ truth at elapsed 0.
    const model = RiskModel.fit(h, asOf, clock);
    const recent = h.filter((d) => d.received_at.slice(0, 10) <= asOf && d.finished_at! > `${asOf} 23:59`);
    expect(recent.length).toBeGreaterThan(100);
    const km = model.curveFor(recent[0]!, 0)!.km;
    expect(Math.abs(km.survival(TERM) - survivalTrue(TERM))).toBeLessThan(0.02);
  });

  it('backs off to the procedure, then the field, when a unit or a procedure has thin data', () => {
    const thin = history(40, 3, (i) =>
      i % 200 === 0
        ? { competent_unit: 'RARE' }
        : i % 333 === 0
          ? { procedure: 'rare', competent_unit: 'RARE' }
          : {},
    );
    const model = RiskModel.fit(thin, asOf, clock, { minAtRisk: 30 });
    const base = {
      received_at: `${asOf} 09:00`,
      due_at: calendar.addWorkingDays(asOf, TERM),
      finished_at: null,
      same_day: false,
      field: 'land',
    };
    expect(model.risk({ ...base, code: 'a', procedure: 'p1', competent_unit: 'U1' }).stratum).toBe(
      'procedure_unit',
    );
    expect(model.risk({ ...base, code: 'b', procedure: 'p1', competent_unit: 'RARE' }).stratum).toBe(
      'procedure',
    );
    expect(model.risk({ ...base, code: 'c', procedure: 'rare', competent_unit: 'RARE' }).stratum).toBe(
      'field',
    );
    expect(
      model.risk({ ...base, code: 'd', procedure: 'new', competent_unit: 'NEW', field: 'other' }).stratum,
    ).toBe('all');
  });

  it('lists pending dossiers nearest their deadline first; past due is certain', () => {
    const list = overdueRisks(h, asOf, clock);
    expect(list.length).toBeGreaterThan(100);
    for (let i = 1; i < list.length; i++) expect(list[i]!.left).toBeGreaterThanOrEqual(list[i - 1]!.left);
    const past = list.filter((r) => r.left <= 0);
    expect(past.length).toBeGreaterThan(0);
    for (const r of past) expect(r.probability).toBe(1);
    // Same deadline: the one with more time spent is not less likely to miss... and codes break ties.
    expect(new Set(list.map((r) => r.code)).size).toBe(list.length);
  });

  it('is calibrated on a held-out period: 50% and 90% coverage within ±5 points, predicted ≈ observed misses', () => {
    const big = history(150, 11);
    const rep = backtestRisk(big, '2025-05-15', '2025-06-30', clock, { seed: 1 });
    expect(rep.dossiers).toBeGreaterThan(500);
    expect(Math.abs(rep.coverage_50 - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(rep.coverage_90 - 0.9)).toBeLessThan(0.05);
    expect(Math.abs(rep.predicted_miss - rep.observed_miss)).toBeLessThan(0.05);
    // A model that is wrong is caught: results slow down by 3 working days after the as-of date.
    const slow = history(150, 11).map((d) => ({
      ...d,
      finished_at:
        d.finished_at! > '2025-05-15 23:59'
          ? `${calendar.addWorkingDays(d.finished_at!.slice(0, 10), 3)} 10:00`
          : d.finished_at,
    }));
    const bad = backtestRisk(slow, '2025-05-15', '2025-06-30', clock, { seed: 1 });
    expect(bad.observed_miss).toBeGreaterThan(bad.predicted_miss + 0.1);
  });

  it('measures same-day procedures in working hours (lunch and nights excluded)', () => {
    expect(clock.h('2025-05-15 13:30') - clock.h('2025-05-15 11:00')).toBeCloseTo(1.5, 9);
    expect(clock.h('2025-05-16 09:00') - clock.h('2025-05-15 16:00')).toBeCloseTo(2, 9);
    // Saturday 2025-05-17 counts as the start of Monday.
    expect(clock.h('2025-05-17 10:00')).toBe(clock.h('2025-05-19 08:00'));
    const rnd = new Random(5);
    const sameDay: RiskDossier[] = [];
    let i = 0;
    for (const day of workdays)
      for (let k = 0; k < 20; k++) {
        // result after an exponential time with mean 5 working hours; due at the end of the day
        const hours = -5 * Math.log(1 - rnd.uniform());
        const end = clock.h(`${day} 08:00`) + 1 + hours;
        const d = Math.floor(end / 8);
        const wd =
          workdays[workdays.indexOf(day) + (d - Math.floor(clock.h(`${day} 08:00`) / 8))] ?? '2025-07-01';
        const within = end - d * 8;
        const hh = within <= 4 ? 8 + within : 9 + within;
        const ts = `${wd} ${String(Math.floor(hh)).padStart(2, '0')}:${String(Math.floor((hh % 1) * 60)).padStart(2, '0')}`;
        sameDay.push({
          code: `S${i++}`,
          procedure: 'ct',
          competent_unit: 'U1',
          field: 'certification',
          received_at: `${day} 09:00`,
          due_at: day,
          finished_at: ts,
          same_day: true,
        });
      }
    const model = RiskModel.fit(sameDay, '2025-05-15 11:00', clock);
    const r = model.risk({
      ...sameDay[0]!,
      code: 'now',
      received_at: '2025-05-15 09:00',
      due_at: '2025-05-15',
      finished_at: null,
    });
    expect(r.unit).toBe('hours');
    expect(r.elapsed).toBeCloseTo(2, 9);
    // due at 17:00: 7 working hours after receipt at 09:00, 5 left at 11:00
    expect(r.left).toBeCloseTo(5, 9);
    // memoryless: P(T > 7 | T > 2) for T ~ Exp(mean 5 h) is exp(-5/5) ≈ 0.368
    expect(r.probability).toBeGreaterThan(0.32);
    expect(r.probability).toBeLessThan(0.42);
  });
});
