import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { reconcileTree, type TreeNode } from '../../../src/core/forecast/reconcile.ts';

describe('tree reconciliation', () => {
  it('matches the hand-computed OLS solution on a two-leaf tree', () => {
    // min (10 − (a+b))² + (4 − a)² + (4 − b)² → a = b = 14/3, total 28/3 (equal variances = OLS).
    const r = reconcileTree(
      [
        { id: 'city', parent: null, base: { mean: [10], variance: [1] } },
        { id: 'a', parent: 'city', base: { mean: [4], variance: [1] } },
        { id: 'b', parent: 'city', base: { mean: [4], variance: [1] } },
      ],
      1,
    );
    expect(r.get('a')!.mean[0]).toBeCloseTo(14 / 3, 12);
    expect(r.get('b')!.mean[0]).toBeCloseTo(14 / 3, 12);
    expect(r.get('city')!.mean[0]).toBeCloseTo(28 / 3, 12);
  });

  it('moves the noisier forecasts more (weights 1/variance)', () => {
    // Leaf a has variance 9, b 1, total 1: the gap of 2 is shared 9:1:1 → a +18/11, b +2/11, total −2/11.
    const r = reconcileTree(
      [
        { id: 't', parent: null, base: { mean: [12], variance: [1] } },
        { id: 'a', parent: 't', base: { mean: [5], variance: [9] } },
        { id: 'b', parent: 't', base: { mean: [5], variance: [1] } },
      ],
      1,
    );
    expect(r.get('a')!.mean[0]).toBeCloseTo(5 + 18 / 11, 12);
    expect(r.get('b')!.mean[0]).toBeCloseTo(5 + 2 / 11, 12);
    expect(r.get('t')!.mean[0]).toBeCloseTo(12 - 2 / 11, 12);
  });

  it('keeps closed days (zero mean and variance) at exactly zero', () => {
    const r = reconcileTree(
      [
        { id: 't', parent: null, base: { mean: [3], variance: [2] } },
        { id: 'a', parent: 't', base: { mean: [0], variance: [0] } },
        { id: 'b', parent: 't', base: { mean: [1], variance: [1] } },
      ],
      1,
    );
    expect(r.get('a')!.mean[0]).toBe(0);
    expect(r.get('t')!.mean[0]).toBeCloseTo(r.get('b')!.mean[0]!, 12);
  });

  it('sums children where a parent has no forecast of its own, variances added', () => {
    const r = reconcileTree(
      [
        { id: 't', parent: null },
        { id: 'a', parent: 't', base: { mean: [2, 3], variance: [1, 2] } },
        { id: 'b', parent: 't', base: { mean: [5, 7], variance: [3, 4] } },
      ],
      2,
    );
    expect(r.get('t')).toEqual({ mean: [7, 10], variance: [4, 6] });
    expect(r.get('a')!.mean).toEqual([2, 3]);
  });

  it('rejects a leaf without a forecast', () => {
    expect(() =>
      reconcileTree(
        [
          { id: 't', parent: null },
          { id: 'a', parent: 't' },
        ],
        1,
      ),
    ).toThrow(/leaf a/);
  });

  // Property: on random three-level trees with random base forecasts, every parent equals the sum of its
  // children after reconciliation and nothing is negative.
  test.prop([
    fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
    fc.array(
      fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 50, noNaN: true })),
      {
        minLength: 30,
        maxLength: 30,
      },
    ),
    fc.boolean(),
  ])('totals add up and stay non-negative', (fanout, bases, withParents) => {
    const nodes: TreeNode[] = [];
    let b = 0;
    const base = () => {
      const [m, v] = bases[b++ % bases.length]!;
      return { mean: [m, m / 2], variance: [v, v] };
    };
    nodes.push({ id: 'city', parent: null, base: withParents ? base() : undefined });
    fanout.forEach((n, i) => {
      nodes.push({ id: `p${i}`, parent: 'city', base: withParents ? base() : undefined });
      for (let j = 0; j < n; j++) nodes.push({ id: `p${i}f${j}`, parent: `p${i}`, base: base() });
    });
    const r = reconcileTree(nodes, 2);
    for (let k = 0; k < 2; k++) {
      let city = 0;
      fanout.forEach((n, i) => {
        let s = 0;
        for (let j = 0; j < n; j++) {
          const v = r.get(`p${i}f${j}`)!.mean[k]!;
          expect(v).toBeGreaterThanOrEqual(0);
          s += v;
        }
        expect(r.get(`p${i}`)!.mean[k]).toBeCloseTo(s, 9);
        city += s;
      });
      expect(r.get('city')!.mean[k]).toBeCloseTo(city, 9);
    }
  });
});
