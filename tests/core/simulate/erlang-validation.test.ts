import { describe, expect, it } from 'vitest';
import {
  type PreparedSimulation,
  prepareSimulation,
  simulateChunk,
  summarise,
} from '../../../src/core/simulate/index.ts';
import { erlangC as erlangCWaitProbability } from '../../../src/core/staffing/erlang-c.ts';
import type { SimulationInput } from '../../../src/schemas/simulate.ts';
import { models } from './fixtures.ts';

/**
 * Independent Erlang C reference (textbook form, Kleinrock vol. 1 §3.5), fine for small N:
 *   C(N, A) = [A^N/N! · N/(N−A)] / [Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)],  ASA = C · AHT / (N − A).
 */
function erlangC(n: number, a: number): { wait: number; asa: (aht: number) => number } {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * n) / (n - a);
  const wait = top / (sum + top);
  return { wait, asa: (aht) => (wait * aht) / (n - a) };
}

/**
 * One point, one day whose single session lasts `minutes` (a steady state far longer than the start-up
 * transient of an empty queue; a real day's 8 hours would bias waits downwards), homogeneous Poisson
 * arrivals, exponential service, no abandonment: an M/M/N queue.
 */
function mmn(servers: number, perHour: number, ahtMin: number, minutes: number): PreparedSimulation {
  const m = models();
  m.fields.fields.other.standard_minutes.in_person.reception = ahtMin;
  const input: SimulationInput = {
    days: ['2026-01-05'],
    points: [{ code: 'A', counters: servers }],
    present: { A: [servers] },
    demand: [
      {
        point: 'A',
        date: '2026-01-05',
        channel: 'in_person',
        field: 'other',
        mean: (perHour * minutes) / 60,
      },
    ],
  };
  const prep = prepareSimulation({ input, models: m }, { service_time: 'exponential', abandonment: false });
  // The test widens the day to one long segment with a flat arrival profile and N counters on duty.
  prep.segA = Float64Array.of(0);
  prep.segB = Float64Array.of(minutes);
  prep.segCum = Float64Array.of(1);
  prep.segC = Int32Array.of(servers);
  prep.segOff = Int32Array.of(0, 1);
  prep.maxServers = Int32Array.of(servers);
  prep.dutyMinutes = Float64Array.of(servers * minutes);
  prep.openMinutes = Float64Array.of(minutes);
  return prep;
}

describe('counter queue vs Erlang C (M/M/N, constant arrival rate)', () => {
  it('the reference agrees with the Erlang B recursion of core/staffing/erlang-c.ts', () => {
    for (const [n, a] of [
      [3, 2],
      [10, 9],
      [40, 35.5],
    ] as const)
      expect(erlangCWaitProbability(n, a)).toBeCloseTo(erlangC(n, a).wait, 12);
    // The design notes' Hanoi point: 3 counters, 8 dossiers/h at 15 min (A = 2): C = 4/9.
    expect(erlangC(3, 2).wait).toBeCloseTo(4 / 9, 12);
  });

  it.each([
    // servers, arrivals per hour, AHT minutes
    [3, 8, 15],
    [10, 36, 15],
  ])('N = %i, %i/h, %i min: wait probability and ASA inside the 95 percent CI', (n, perHour, aht) => {
    const prep = mmn(n, perHour, aht, 100_000);
    const reps = 30;
    const acc = simulateChunk({ base: prep, seed: 11, from: 0, to: reps });
    const s = summarise(prep, acc, 0, { replications: reps, seed: 11 });
    const total = s.city.total;
    const ref = erlangC(n, (perHour * aht) / 60);
    expect(ref.wait).toBeGreaterThanOrEqual(total.wait_probability.lo!);
    expect(ref.wait).toBeLessThanOrEqual(total.wait_probability.hi!);
    expect(ref.asa(aht)).toBeGreaterThanOrEqual(total.wait_mean_min.lo!);
    expect(ref.asa(aht)).toBeLessThanOrEqual(total.wait_mean_min.hi!);
    // The CI is informative (not so wide that anything passes).
    expect(total.wait_probability.hi! - total.wait_probability.lo!).toBeLessThan(0.05 * ref.wait);
    expect(total.counter_utilisation.mean!).toBeCloseTo((perHour * aht) / 60 / n, 2);
  });
});
