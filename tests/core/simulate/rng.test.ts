import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/simulate/rng.ts';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    ss += x * x;
  }
  const mean = s / n;
  return { mean, variance: (ss - n * mean * mean) / (n - 1) };
}

describe('Rng', () => {
  it('is a pure function of its keys', () => {
    const a = new Rng(1, 2, 3);
    const b = new Rng(1, 2, 3);
    const c = new Rng(1, 2, 4);
    const xs = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(xs);
    a.reseed(1, 2, 3);
    expect(Array.from({ length: 5 }, () => a.u32())).toEqual(xs);
  });

  it('uniforms stay inside (0, 1) with mean 1/2 and variance 1/12', () => {
    const r = new Rng(7);
    let lo = 1;
    let hi = 0;
    const m = moments(() => {
      const u = r.next();
      if (u < lo) lo = u;
      if (u > hi) hi = u;
      return u;
    }, 100_000);
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(1);
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 3);
  });

  it.each([0.7, 5, 11.9, 12, 40, 900])('Poisson(%f) has mean and variance λ', (lambda) => {
    const r = new Rng(3, lambda * 10);
    const m = moments(() => r.poisson(lambda), 60_000);
    // 5 standard errors: mean se = √(λ/n), variance se ≈ λ·√(2/n).
    expect(Math.abs(m.mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / 60_000));
    expect(Math.abs(m.variance - lambda)).toBeLessThan(5 * lambda * Math.sqrt(2 / 60_000) + 0.01);
  });

  it('normal, exponential and gamma have their textbook moments', () => {
    const r = new Rng(9);
    const z = moments(() => r.normal(), 100_000);
    expect(z.mean).toBeCloseTo(0, 1);
    expect(z.variance).toBeCloseTo(1, 1);
    const e = moments(() => r.exp(45), 100_000);
    expect(e.mean / 45).toBeCloseTo(1, 1);
    for (const shape of [0.5, 4, 100]) {
      const g = moments(() => r.gamma(shape), 60_000);
      expect(g.mean / shape).toBeCloseTo(1, 1);
      expect(g.variance / shape).toBeCloseTo(1, 1);
    }
  });
});
