import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { hashString, logFactorial, mixSeed, Random } from '../../src/core/random.ts';

const N = 40_000;

function moments(draw: () => number, n = N) {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('Random', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('reseed restarts the stream: keyed streams are a pure function of their keys', () => {
    const a = new Random(mixSeed(1, 2, 3));
    const xs = Array.from({ length: 5 }, () => a.normal());
    const c = new Random(mixSeed(1, 2, 4));
    expect(Array.from({ length: 5 }, () => c.normal())).not.toEqual(xs);
    a.normal(); // leaves a cached second normal behind, which reseed must drop
    a.reseed(mixSeed(1, 2, 3));
    expect(Array.from({ length: 5 }, () => a.normal())).toEqual(xs);
    expect(new Random(0).reseed(77).nextUint32()).toBe(new Random(77).nextUint32());
  });

  it('mixSeed and hashString spread nearby inputs', () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(1, 2, 0));
    expect(mixSeed(2 ** 40)).not.toBe(mixSeed(0));
    expect(hashString('P001')).not.toBe(hashString('P002'));
    // FNV-1a of "a" is 0xe40c292c (reference value of the algorithm).
    expect(hashString('a')).toBe(0xe40c292c);
  });

  it('uniform is in (0, 1) with mean 1/2 and variance 1/12', () => {
    const r = new Random(1);
    const m = moments(() => r.uniform());
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 2);
  });

  it('logFactorial matches the sum of logs on both sides of the table', () => {
    let exact = 0;
    for (let k = 1; k <= 400; k++) {
      exact += Math.log(k);
      expect(Math.abs(logFactorial(k) - exact)).toBeLessThan(1e-9 * Math.max(1, exact));
    }
    expect(logFactorial(0)).toBe(0);
  });

  it.each([0.4, 3.5, 9.9, 10, 37, 250])('poisson(%f) has mean and variance λ', (lambda) => {
    const r = new Random(7);
    const m = moments(() => r.poisson(lambda));
    expect(m.mean).toBeGreaterThan(lambda * 0.97 - 0.01);
    expect(m.mean).toBeLessThan(lambda * 1.03 + 0.01);
    expect(m.variance / lambda).toBeGreaterThan(0.94);
    expect(m.variance / lambda).toBeLessThan(1.06);
  });

  it('poisson(3) matches the probability mass function', () => {
    const r = new Random(11);
    const counts = new Array(12).fill(0);
    for (let i = 0; i < N; i++) counts[Math.min(11, r.poisson(3))]++;
    for (let k = 0; k < 8; k++) {
      const p = Math.exp(-3 + k * Math.log(3) - logFactorial(k));
      expect(Math.abs(counts[k] / N - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N) + 1e-3);
    }
  });

  it.each([
    [0.3, 2],
    [1, 1],
    [2.5, 0.4],
    [40, 3],
  ])('gamma(%f, %f) has mean k·θ and variance k·θ²', (shape, scale) => {
    const r = new Random(3);
    const m = moments(() => r.gamma(shape, scale));
    expect(m.mean / (shape * scale)).toBeGreaterThan(0.97);
    expect(m.mean / (shape * scale)).toBeLessThan(1.03);
    expect(m.variance / (shape * scale * scale)).toBeGreaterThan(0.9);
    expect(m.variance / (shape * scale * scale)).toBeLessThan(1.1);
  });

  it.each([
    [2, 8],
    [30, 8],
    [12, 0.7],
  ])('negBinomial(mean %f, size %f) is over-dispersed: var = μ + μ²/k', (mean, size) => {
    const r = new Random(5);
    const m = moments(() => r.negBinomial(mean, size));
    const variance = mean + (mean * mean) / size;
    expect(m.mean / mean).toBeGreaterThan(0.96);
    expect(m.mean / mean).toBeLessThan(1.04);
    expect(m.variance / variance).toBeGreaterThan(0.88);
    expect(m.variance / variance).toBeLessThan(1.12);
  });

  it.each([
    [10, 0.3],
    [5, 0.97],
    [200, 0.5],
    [1000, 0.04],
    [100_000, 0.961],
  ])('binomial(%i, %f) has mean np and variance np(1−p)', (n, p) => {
    const r = new Random(9);
    const m = moments(() => r.binomial(n, p), 20_000);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(m.mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(20_000) + 1e-9);
    expect(m.variance / (sd * sd)).toBeGreaterThan(0.9);
    expect(m.variance / (sd * sd)).toBeLessThan(1.1);
  });

  test.prop([fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer()])(
    'binomial stays an integer in [0, n]',
    (n, p, seed) => {
      const x = new Random(seed).binomial(n, p);
      expect(Number.isInteger(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(n);
    },
  );

  test.prop([
    fc.double({ min: 0, max: 1e4, noNaN: true }),
    fc.double({ min: 0.1, max: 50, noNaN: true }),
    fc.integer(),
  ])('negBinomial is a non-negative integer', (mean, size, seed) => {
    const x = new Random(seed).negBinomial(mean, size);
    expect(Number.isInteger(x)).toBe(true);
    expect(x).toBeGreaterThanOrEqual(0);
  });

  it('normal and exponential have their textbook moments', () => {
    const r = new Random(8);
    const z = moments(() => r.normal());
    expect(z.mean).toBeCloseTo(0, 1);
    expect(z.variance).toBeCloseTo(1, 1);
    const e = moments(() => r.exponential(45));
    expect(e.mean / 45).toBeCloseTo(1, 1);
    expect(e.variance / 45 ** 2).toBeCloseTo(1, 1);
  });

  it('shock has mean one', () => {
    const r = new Random(2);
    expect(moments(() => r.shock(0.3)).mean).toBeCloseTo(1, 2);
  });

  it('weightedIndex follows the weights', () => {
    const r = new Random(4);
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) counts[r.weightedIndex([1, 0, 3])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / N).toBeCloseTo(0.75, 1);
  });
});
