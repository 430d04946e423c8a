import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  agentsForLoad,
  erlangB,
  erlangC,
  evaluateAgents,
  maxLoadForAgents,
  offeredLoad,
  requiredAgents,
  serviceLevelAtLoad,
  serviceLevelFractional,
} from '../../../src/core/staffing/erlang-c.ts';

// Reference values: the textbook formula C = (A^N/N!·N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N!·N/(N−A)) evaluated
// with exact rational arithmetic (Python fractions + 50-digit Decimal for the exponential), independent of the
// Erlang B recursion used in the code. The 200 calls/h, 180 s, 20 s case is the worked example of
// callcentrehelper.com "Erlang C formula – made simple" (14 agents, SL ≈ 88.8%).
const REF = [
  { lam: 200, aht: 180, t: 20, n: 11, c: 0.682118204689, sl: 0.389613811729, asa: 122.781276844 },
  { lam: 200, aht: 180, t: 20, n: 13, c: 0.285270453036, sl: 0.795594788418, asa: 17.116227182 },
  { lam: 200, aht: 180, t: 20, n: 14, c: 0.174131933595, sl: 0.888350019179, asa: 7.835937012 },
  { lam: 8, aht: 900, t: 900, n: 3, c: 0.444444444444, sl: 0.836498026146, asa: 400 },
  { lam: 1008, aht: 900, t: 900, n: 254, c: 0.853366581441, sl: 0.884509391996, asa: 384.014961648 },
  { lam: 2000, aht: 300, t: 20, n: 176, c: 0.367339021395, sl: 0.802830658021, asa: 11.807325688 },
];

describe('Erlang B and C', () => {
  it('Erlang B matches a hand computation: B(2, 1) = (1/2)/(1 + 1 + 1/2) = 0.2', () => {
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
    expect(erlangB(0, 5)).toBe(1);
  });

  it.each(REF)('matches exact textbook values at λ=$lam/h, AHT=$aht s, N=$n', (r) => {
    const out = evaluateAgents(r.n, r.lam, r.aht, r.t);
    expect(out.wait_probability).toBeCloseTo(r.c, 10);
    expect(out.service_level).toBeCloseTo(r.sl, 10);
    expect(out.asa_seconds).toBeCloseTo(r.asa, 6);
    expect(out.occupancy).toBeCloseTo(offeredLoad(r.lam, r.aht) / r.n, 12);
  });

  it('finds the smallest number of counters meeting the target', () => {
    expect(requiredAgents(200, 180, 0.8, 20).agents).toBe(14); // 13 gives 0.7956
    // The design notes: one Hanoi point (~8 dossiers/h, 15 min, 80% within 15 min) needs 3 counters …
    expect(requiredAgents(8, 900, 0.8, 900).agents).toBe(3);
    // … and the same traffic of 126 points pooled needs ≈ 254 (vs 126 × 3 = 378 isolated).
    expect(requiredAgents(126 * 8, 900, 0.8, 900).agents).toBe(254);
    expect(requiredAgents(2000, 300, 0.8, 20).agents).toBe(176);
  });

  it('is stable at 2,000 arrivals an hour × 5 minutes (textbook form overflows there)', () => {
    const load = offeredLoad(2000, 300);
    expect(load).toBeCloseTo(166.667, 3);
    for (const n of [167, 200, 400, 2000]) {
      const c = erlangC(n, load);
      expect(Number.isFinite(c)).toBe(true);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
    // 20,000/h × 5 min (1,667 Erlangs) still works.
    const big = requiredAgents(20_000, 300, 0.8, 20);
    expect(big.agents).toBeGreaterThan(1667);
    expect(big.service_level).toBeGreaterThanOrEqual(0.8);
  });

  it('handles no arrivals and overloaded queues', () => {
    expect(requiredAgents(0, 300, 0.8, 20)).toEqual({
      agents: 0,
      service_level: 1,
      asa_seconds: 0,
      occupancy: 0,
      wait_probability: 0,
    });
    const over = evaluateAgents(5, 200, 180, 20); // load 10 > 5 agents
    expect(over.service_level).toBe(0);
    expect(over.wait_probability).toBe(1);
    expect(over.asa_seconds).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects bad arguments', () => {
    expect(() => requiredAgents(-1, 300, 0.8, 20)).toThrow(RangeError);
    expect(() => requiredAgents(10, 0, 0.8, 20)).toThrow(RangeError);
    expect(() => requiredAgents(10, 300, 1, 20)).toThrow(RangeError);
    expect(() => requiredAgents(Number.NaN, 300, 0.8, 20)).toThrow(RangeError);
  });

  it('interpolates fractional counters between whole ones', () => {
    const lo = evaluateAgents(13, 200, 180, 20).service_level;
    const hi = evaluateAgents(14, 200, 180, 20).service_level;
    expect(serviceLevelFractional(13.25, 200, 180, 20)).toBeCloseTo(lo + 0.25 * (hi - lo), 12);
    expect(serviceLevelFractional(3, 0, 180, 20)).toBe(1);
  });
});

describe('Erlang C properties', () => {
  const arrivals = fc.double({ min: 0.1, max: 3000, noNaN: true });
  const aht = fc.double({ min: 30, max: 3600, noNaN: true });
  const target = fc.double({ min: 0, max: 1800, noNaN: true });

  test.prop([arrivals, aht, target, fc.integer({ min: 0, max: 400 })])(
    'service level never falls as agents are added',
    (lam, h, t, n) => {
      const a = evaluateAgents(n, lam, h, t).service_level;
      const b = evaluateAgents(n + 1, lam, h, t).service_level;
      expect(b).toBeGreaterThanOrEqual(a - 1e-12);
    },
  );

  test.prop([arrivals, aht, target, fc.double({ min: 0.5, max: 0.99, noNaN: true })])(
    'the answer meets the target and one fewer counter does not',
    (lam, h, t, sl) => {
      const r = requiredAgents(lam, h, sl, t);
      expect(r.service_level).toBeGreaterThanOrEqual(sl);
      expect(Number.isFinite(r.wait_probability)).toBe(true);
      if (r.agents > 0) expect(evaluateAgents(r.agents - 1, lam, h, t).service_level).toBeLessThan(sl);
    },
  );
});

describe("Erlang C at a load in Erlangs (the simulator's view: minutes, fractional counters)", () => {
  it("sizes the design notes' example: ~8 dossiers/h, 15 min, 80% within 15 min → 3 counters", () => {
    expect(agentsForLoad(2, 15, 15, 0.8)).toBe(3);
    // Service level never falls as agents are added.
    let prev = 0;
    for (let n = 3; n < 12; n++) {
      const sl = serviceLevelAtLoad(n, 2, 15, 15);
      expect(sl).toBeGreaterThanOrEqual(prev);
      prev = sl;
    }
  });

  it('maxLoadForAgents inverts agentsForLoad and is increasing', () => {
    for (const n of [1, 2, 3, 8, 30]) {
      const a = maxLoadForAgents(n, 10, 15, 0.8);
      expect(agentsForLoad(a * 0.999, 10, 15, 0.8)).toBeLessThanOrEqual(n);
      expect(agentsForLoad(a * 1.001 + 1e-9, 10, 15, 0.8)).toBeGreaterThan(n);
    }
    expect(maxLoadForAgents(2.5, 10, 15, 0.8)).toBeGreaterThan(maxLoadForAgents(2, 10, 15, 0.8));
    expect(maxLoadForAgents(2.5, 10, 15, 0.8)).toBeLessThan(maxLoadForAgents(3, 10, 15, 0.8));
  });

  it('stays finite at 2,000 arrivals an hour at 5 minutes (167 Erlangs)', () => {
    const n = agentsForLoad((2000 * 5) / 60, 5, 0.5, 0.8);
    expect(n).toBeGreaterThan(167);
    expect(n).toBeLessThan(200);
  });
});
