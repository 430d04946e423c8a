import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  F,
  FIGURES,
  type FigureName,
  NFIG,
  prepareSimulation,
  Replicator,
  type SimulationSetup,
  simulate,
  vectorLength,
} from '../../../src/core/simulate/index.ts';
import type { SimulationParams } from '../../../src/schemas/simulate.ts';
import { smallCity, WEEK } from './fixtures.ts';

const fig = (name: FigureName) => FIGURES.indexOf(name);

/** One replication's figure vector, with a reader by (point index | 'city', day index | 'total'). */
function replicate(setup: SimulationSetup, seed: number, rep: number, params?: SimulationParams) {
  const prep = prepareSimulation(setup, params);
  const out = new Float64Array(vectorLength(prep));
  new Replicator(prep).run(seed, rep, out);
  const cell = (p: number | 'city', d: number | 'total') =>
    (p === 'city' ? prep.P : p) * (prep.D + 1) + (d === 'total' ? prep.D : d);
  return {
    prep,
    out,
    get: (p: number | 'city', d: number | 'total', name: FigureName) => out[cell(p, d) * NFIG + fig(name)]!,
  };
}

describe('counter queues', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 5 }), // points
      fc.integer({ min: 5, max: 150 }), // volume
      fc.integer({ min: 0, max: 6 }), // staff
      fc.integer({ min: 0, max: 4 }), // counters
      fc.integer({ min: 0, max: 1000 }), // seed
      fc.boolean(), // abandonment
    ],
    { numRuns: 25 },
  )(
    'conservation: arrived = served + abandoned + waiting at close, every point-day',
    (n, volume, staff, counters, seed, abandonment) => {
      const r = replicate(smallCity(n, volume, staff, counters), seed, 0, { abandonment });
      for (const p of [...Array(n).keys(), 'city' as const])
        for (const d of [...WEEK.keys(), 'total' as const]) {
          const arrived = r.get(p, d, 'arrived');
          expect(r.get(p, d, 'served') + r.get(p, d, 'abandoned') + r.get(p, d, 'waiting_at_close')).toBe(
            arrived,
          );
          if (arrived > 0) expect(r.get(p, d, 'within_target')).toBeGreaterThanOrEqual(0);
          else expect(r.get(p, d, 'within_target')).toBeNaN();
          if (!abandonment) expect(r.get(p, d, 'abandoned')).toBe(0);
        }
    },
  );

  it('a point without staff serves nobody, and its citizens leave or wait until closing', () => {
    const setup = smallCity(3, 60);
    setup.input.present.P2 = WEEK.map(() => 0);
    const r = replicate(setup, 5, 0);
    expect(r.get(1, 'total', 'arrived')).toBeGreaterThan(100);
    expect(r.get(1, 'total', 'served')).toBe(0);
    expect(r.get(1, 'total', 'abandoned') + r.get(1, 'total', 'waiting_at_close')).toBe(
      r.get(1, 'total', 'arrived'),
    );
    expect(r.get(1, 'total', 'wait_mean_min')).toBeNaN();
    expect(r.get(1, 'total', 'within_target')).toBe(0);
    expect(r.get(1, 'total', 'processing_capacity_min')).toBe(0);
    // Its neighbours still serve.
    expect(r.get(0, 'total', 'served')).toBeGreaterThan(0);
  });

  it('more counters never make the mean wait longer (same random numbers)', () => {
    let previous = Number.POSITIVE_INFINITY;
    for (const c of [1, 2, 3, 5]) {
      const r = replicate(smallCity(1, 120, 6, c), 3, 0);
      const wait = r.get('city', 'total', 'wait_mean_min');
      expect(wait).toBeLessThanOrEqual(previous);
      previous = wait;
    }
  });

  it('an understaffed point waits longer than the Erlang-sized one, and patience bounds the wait', () => {
    const r = replicate(smallCity(1, 150, 6, 1), 1, 0);
    expect(r.get(0, 'total', 'wait_mean_min')).toBeGreaterThan(15);
    expect(r.get(0, 'total', 'abandoned')).toBeGreaterThan(0);
    const peak = r.get(0, 'total', 'peak_queue');
    expect(peak).toBeGreaterThanOrEqual(Math.max(...WEEK.map((_, d) => r.get(0, d, 'peak_queue'))));
  });
});

describe('counters on duty', () => {
  it('hourly policy: Erlang C counters for the expected load of each hour, more at the 9h peak than at 16h', () => {
    const setup = smallCity(1, 150, 10, 8);
    const prep = prepareSimulation(setup);
    // Monday segments 8,9,10,11,13,14,15,16h (profile 1.5 1.6 1.4 1.0 0.9 1.2 1.1 0.8).
    const c = Array.from(prep.segC.subarray(prep.segOff[0]!, prep.segOff[1]!));
    expect(c).toHaveLength(8);
    expect(c[1]!).toBeGreaterThan(c[7]!);
    expect(Math.max(...c)).toBeLessThan(8);
    // Expected citizens at 9h: 150·1.6/9.5 ≈ 25.3/h at the mix's 11.15 min ≈ 4.7 Erlangs; Erlang C at 80% in
    // 15 min: 5 counters give 44%, 6 give 91% → 6.
    expect(c[1]).toBe(6);
    const all = prepareSimulation(setup, { counter_policy: 'all' });
    expect(Array.from(all.segC.subarray(all.segOff[0]!, all.segOff[1]!))).toEqual(Array(8).fill(8));
    expect(all.dutyMinutes[0]!).toBeGreaterThan(prep.dutyMinutes[0]!);
  });

  it('counters_open fixes the counters all day, capped at the staff present', () => {
    const setup = smallCity(1, 150, 3, 8);
    setup.input.counters_open = { P1: [2, 5, 0, 2, 2, 2] };
    const prep = prepareSimulation(setup);
    const day = (d: number) => Array.from(prep.segC.subarray(prep.segOff[d]!, prep.segOff[d + 1]!));
    expect(new Set(day(0))).toEqual(new Set([2]));
    expect(new Set(day(1))).toEqual(new Set([3]));
    expect(new Set(day(2))).toEqual(new Set([0]));
  });

  it('a stricter target opens more counters: shorter waits, less back-office time', () => {
    const run = simulate(
      smallCity(2, 120, 8, 8),
      [{ kind: 'set_target', target_seconds: 300, service_level: 0.9 }],
      {
        replications: 12,
        seed: 6,
      },
    );
    const d = run.comparison!.city.total;
    expect(d.wait_mean_min.difference!).toBeLessThan(0);
    expect(d.wait_mean_min.beyond_noise).toBe(true);
    expect(d.processing_capacity_min.difference!).toBeLessThan(0);
  });
});

describe('back-office pool', () => {
  it('conserves dossiers: received + initial backlog = finished + backlog at the end', () => {
    const setup = smallCity(4, 60, 3, 2);
    setup.input.initial_backlog = [
      { field: 'land', received: '2025-12-22', count: 120, point: 'P1' },
      { field: 'certification', received: '2026-01-02', count: 40 },
    ];
    const r = replicate(setup, 2, 0);
    const received = r.get('city', 'total', 'received');
    const finished =
      r.get('city', 'total', 'early') + r.get('city', 'total', 'on_time') + r.get('city', 'total', 'overdue');
    // overdue = finished late + pending past deadline; pending past deadline is part of the backlog.
    const pending = r.get('city', 'total', 'backlog') - r.get('city', 'total', 'overdue_pending');
    expect(finished + pending).toBeCloseTo(received + 160, 6);
    // Point attribution adds up to the city (the unassigned 40 count for the city only).
    let byPoint = 0;
    for (let p = 0; p < 4; p++) byPoint += r.get(p, 'total', 'received');
    expect(byPoint).toBeCloseTo(received, 6);
  });

  it('certification received on Friday 2026-01-02 is due Monday 2026-01-05 (1 working day): processed then, on time', () => {
    const setup = smallCity(1, 0.0001, 3, 1);
    setup.input.initial_backlog = [
      { field: 'certification', received: '2026-01-02', count: 10, point: 'P1' },
    ];
    const r = replicate(setup, 1, 0);
    expect(r.get(0, 0, 'on_time')).toBeCloseTo(10, 9);
    expect(r.get(0, 'total', 'overdue')).toBe(0);
  });

  it('with no back-office staff, dossiers stay in the backlog and become overdue after their deadline', () => {
    const setup = smallCity(1, 30, 1, 1);
    setup.models.staffing.shrinkage = 0.9;
    const params = { counter_idle_share: 0 };
    // One person, at the counter all day: nobody processes.
    const r = replicate(setup, 4, 0, params);
    expect(r.get('city', 'total', 'processing_capacity_min')).toBe(0);
    expect(r.get('city', 'total', 'backlog')).toBeCloseTo(r.get('city', 'total', 'received'), 6);
    // Certification (1 working day) received Mon–Thu is past its deadline by Saturday's end.
    const fieldBase = (r.prep.P + 1) * (r.prep.D + 1) * NFIG;
    const certOverdue = r.out[fieldBase + 3 * 4 + 2]!; // FIELDS[3] = certification, figure 2 = overdue
    expect(certOverdue).toBeGreaterThan(0);
    // Land (10 working days) cannot be overdue within one week.
    expect(r.out[fieldBase + 0 * 4 + 2]).toBe(0);
    expect(F).toBe(7);
  });

  it('EDF: short-deadline dossiers are finished first when capacity is short', () => {
    const setup = smallCity(3, 80, 4, 2);
    const r = replicate(setup, 9, 0, { counter_idle_share: 0 });
    const fieldBase = (r.prep.P + 1) * (r.prep.D + 1) * NFIG;
    const backlogOf = (f: number) => r.out[fieldBase + f * 4 + 3]!;
    expect(backlogOf(0)).toBeGreaterThan(0); // land is left pending
    expect(backlogOf(3)).toBeLessThan(backlogOf(0)); // certification, due next day, is not
  });
});

describe('closures', () => {
  it('citizens of a closed point spread over the open points of their choice set that day', () => {
    const base = smallCity(3, 60);
    const closed = structuredClone(base);
    closed.input.closures = [{ date: WEEK[0]!, name: 'repairs', points: ['P2'] }];
    const a = replicate(base, 1, 0);
    const b = replicate(closed, 1, 0);
    expect(b.get(1, 0, 'arrived')).toBe(0);
    expect(b.get('city', 0, 'arrived')).toBe(a.get('city', 0, 'arrived'));
    // P1 and P3 are both 3 km from P2: P2's citizens (the same demand draws) split between them by the choice
    // model (travel and expected wait).
    const p2 = a.get(1, 0, 'arrived');
    expect(p2).toBeGreaterThan(20);
    const toP1 = b.get(0, 0, 'arrived') - a.get(0, 0, 'arrived');
    const toP3 = b.get(2, 0, 'arrived') - a.get(2, 0, 'arrived');
    expect(toP1 + toP3).toBe(p2);
    expect(toP1).toBeGreaterThan(0);
    expect(toP3).toBeGreaterThan(0);
    // The other days are untouched.
    expect(b.get(1, 1, 'arrived')).toBe(a.get(1, 1, 'arrived'));
    // Its staff still process.
    expect(b.get(1, 0, 'processing_capacity_min')).toBeGreaterThan(a.get(1, 0, 'processing_capacity_min'));
  });

  it('a city holiday moves in-person citizens to the next open day', () => {
    const base = smallCity(2, 60);
    const hol = structuredClone(base);
    hol.input.closures = [{ date: WEEK[2]!, name: 'test holiday' }];
    const a = replicate(base, 1, 0);
    const b = replicate(hol, 1, 0);
    expect(b.get('city', 2, 'arrived')).toBe(0);
    expect(b.get('city', 2, 'processing_capacity_min')).toBe(0);
    expect(b.get('city', 'total', 'arrived')).toBeGreaterThan(0.95 * a.get('city', 'total', 'arrived'));
    expect(b.get('city', 3, 'arrived')).toBeGreaterThan(a.get('city', 3, 'arrived'));
  });
});

describe('determinism', () => {
  it('same seed, same output; another seed, another output', () => {
    const setup = smallCity(3, 50);
    const a = simulate(setup, undefined, { replications: 16, seed: 7 });
    const b = simulate(setup, undefined, { replications: 16, seed: 7 });
    const c = simulate(setup, undefined, { replications: 16, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('reports a 95% CI that contains the mean, and daily volumes vary across replications', () => {
    const s = simulate(smallCity(2, 50), undefined, { replications: 20, seed: 1 }).base;
    const t = s.city.total.arrived;
    expect(t.lo!).toBeLessThan(t.mean!);
    expect(t.hi!).toBeGreaterThan(t.mean!);
    expect(s.city.days).toHaveLength(6);
    expect(s.points.map((p) => p.point)).toEqual(['P1', 'P2']);
  });
});

describe('input checks', () => {
  it('rejects unknown points, wrong lengths and disordered quantiles with their JSON paths', () => {
    const setup = smallCity(2, 10);
    setup.input.present.P2 = [1, 2];
    setup.input.demand[0]!.point = 'NOPE';
    setup.input.demand[1]! = { ...setup.input.demand[1]!, quantiles: { p10: 5, p50: 3, p90: 9 } };
    try {
      prepareSimulation(setup);
      expect.unreachable();
    } catch (err) {
      const fields = (err as { details: Array<{ field: string }> }).details.map((d) => d.field);
      expect((err as { code: string }).code).toBe('INPUT_INVALID');
      expect(fields).toEqual(expect.arrayContaining(['/present/P2', '/demand/0/point', '/demand/1']));
    }
  });
});
