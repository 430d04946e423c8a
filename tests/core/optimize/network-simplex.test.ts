import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../scripts/lib/mulberry32.ts';
import { dualBound, FlowNetwork, solveMinCostFlow } from '../../../src/core/optimize/network-simplex.ts';
import { solveLp } from './highs.ts';

/** A random layered (acyclic) network: sources → middle → sinks, some lower bounds, some infinite arcs. */
function randomNetwork(seed: number): FlowNetwork {
  const r = mulberry32(seed);
  const g = new FlowNetwork();
  const ns = 2 + Math.floor(r() * 4);
  const nm = 2 + Math.floor(r() * 5);
  const nt = 1 + Math.floor(r() * 4);
  const sources = Array.from({ length: ns }, () => g.addNode(Math.floor(r() * 8)));
  const mids = Array.from({ length: nm }, () => g.addNode(0));
  const total = sources.reduce((s, v) => s + g.supply[v]!, 0);
  const sinks = Array.from({ length: nt }, () => g.addNode(0));
  let left = total;
  for (let i = 0; i < nt; i++) {
    const d = i === nt - 1 ? left : Math.floor(r() * (left + 1));
    g.supply[sinks[i]!] = -d;
    left -= d;
  }
  for (const s of sources)
    for (const mm of mids)
      if (r() < 0.8)
        g.addArc(
          s,
          mm,
          0,
          r() < 0.5 ? Number.POSITIVE_INFINITY : Math.floor(r() * 10),
          Math.round((r() * 20 - 5) * 100) / 100,
        );
  for (const mm of mids)
    for (const t of sinks)
      if (r() < 0.7) {
        const lo = r() < 0.15 ? 1 : 0;
        g.addArc(
          mm,
          t,
          lo,
          r() < 0.5 ? Number.POSITIVE_INFINITY : lo + Math.floor(r() * 10),
          Math.round((r() * 20 - 10) * 100) / 100,
        );
      }
  // One uncapacitated arc per source and per sink keeps most instances feasible (lower bounds still may not).
  for (const s of sources) g.addArc(s, mids[Math.floor(r() * nm)]!, 0, Number.POSITIVE_INFINITY, 30);
  for (const t of sinks) g.addArc(mids[Math.floor(r() * nm)]!, t, 0, Number.POSITIVE_INFINITY, 30);
  return g;
}

function toLp(g: FlowNetwork): string {
  const obj = g.cost.map((c, e) => `${c >= 0 ? '+' : '-'} ${Math.abs(c)} x${e}`).join(' ');
  const rows: string[] = [];
  for (let v = 0; v < g.nodeCount; v++) {
    const terms: string[] = [];
    for (let e = 0; e < g.arcCount; e++) {
      if (g.from[e] === v) terms.push(`+ x${e}`);
      if (g.to[e] === v) terms.push(`- x${e}`);
    }
    if (terms.length === 0) terms.push('+ 0 x0');
    rows.push(` n${v}: ${terms.join(' ')} = ${g.supply[v]}`);
  }
  const bounds = g.lower.map(
    (lo, e) => ` ${lo} <= x${e} <= ${g.upper[e] === Number.POSITIVE_INFINITY ? '+inf' : g.upper[e]}`,
  );
  return `Minimize\n obj: ${obj || '0 x0'}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
}

function checkFeasible(g: FlowNetwork, flow: Float64Array) {
  const bal = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.arcCount; e++) {
    expect(flow[e]).toBeGreaterThanOrEqual(g.lower[e]!);
    expect(flow[e]).toBeLessThanOrEqual(g.upper[e]!);
    expect(Number.isInteger(flow[e])).toBe(true);
    bal[g.from[e]!]! += flow[e]!;
    bal[g.to[e]!]! -= flow[e]!;
  }
  for (let v = 0; v < g.nodeCount; v++) expect(bal[v]! + 0).toBe(g.supply[v]! + 0);
}

describe('network simplex', () => {
  it('solves a textbook instance (Ahuja, Magnanti & Orlin fig. 9.1 style, checked by hand)', () => {
    // s(4) → a, b; a → t, b → t; costs make s→b→t (2+1=3) cheaper than s→a→t (1+3=4); b→t holds 3 units.
    const g = new FlowNetwork();
    const s = g.addNode(4);
    const a = g.addNode(0);
    const bb = g.addNode(0);
    const t = g.addNode(-4);
    g.addArc(s, a, 0, 4, 1);
    g.addArc(s, bb, 0, 4, 2);
    g.addArc(a, t, 0, 4, 3);
    g.addArc(bb, t, 0, 3, 1);
    const sol = solveMinCostFlow(g);
    expect(sol.status).toBe('optimal');
    expect(Array.from(sol.flow)).toEqual([1, 3, 1, 3]);
    expect(sol.cost).toBe(3 * 3 + 1 * 4);
    expect(dualBound(g, sol.potential, 4)).toBeCloseTo(13, 9);
  });

  it('a warm start reaches the same optimum; an invalid one falls back to the artificial start', () => {
    const g = new FlowNetwork();
    const s = g.addNode(4);
    const a = g.addNode(0);
    const bb = g.addNode(0);
    const t = g.addNode(-4);
    const sa = g.addArc(s, a, 0, 10, 1);
    g.addArc(s, bb, 0, 10, 2);
    const at = g.addArc(a, t, 0, 10, 3);
    g.addArc(bb, t, 0, 3, 1);
    const cold = solveMinCostFlow(g);
    // Start: all 4 units on s→a→t (a strongly feasible tree: s under a under t, b hung from the root).
    const flow = Float64Array.from([4, 0, 4, 0]);
    const warm = solveMinCostFlow(g, { warmStart: { treeArc: Int32Array.from([sa, at, -1, -1]), flow } });
    expect(warm.cost).toBe(cold.cost);
    expect(Array.from(warm.flow)).toEqual([1, 3, 1, 3]);
    expect(warm.pivots).toBeLessThan(cold.pivots);
    // A flow that breaks conservation is ignored.
    const bad = solveMinCostFlow(g, {
      warmStart: { treeArc: Int32Array.from([sa, at, -1, -1]), flow: Float64Array.from([4, 0, 3, 0]) },
    });
    expect(bad.cost).toBe(cold.cost);
  });

  it('reports infeasibility when demand cannot be met', () => {
    const g = new FlowNetwork();
    const s = g.addNode(5);
    const t = g.addNode(-5);
    g.addArc(s, t, 0, 3, 1);
    expect(solveMinCostFlow(g).status).toBe('infeasible');
  });

  it('honours lower bounds even against the cost', () => {
    const g = new FlowNetwork();
    const s = g.addNode(2);
    const t = g.addNode(-2);
    g.addArc(s, t, 0, 2, 1);
    g.addArc(s, t, 2, 2, 5);
    const sol = solveMinCostFlow(g);
    expect(Array.from(sol.flow)).toEqual([0, 2]);
    expect(sol.cost).toBe(10);
  });

  it('rejects unbalanced supplies and fractional capacities', () => {
    const g = new FlowNetwork();
    g.addNode(1);
    expect(() => solveMinCostFlow(g)).toThrow(RangeError);
    const h = new FlowNetwork();
    const s = h.addNode(1);
    const t = h.addNode(-1);
    h.addArc(s, t, 0, 1.5, 1);
    expect(() => solveMinCostFlow(h)).toThrow(RangeError);
  });

  it('matches HiGHS on 60 random networks; the dual bound certifies each optimum', async () => {
    let infeasibleCount = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const g = randomNetwork(seed);
      const sol = solveMinCostFlow(g);
      const ref = await solveLp(toLp(g));
      if (ref.status === 'Infeasible') {
        infeasibleCount++;
        expect(sol.status, `seed ${seed}`).toBe('infeasible');
        continue;
      }
      expect(ref.status, `seed ${seed}`).toBe('Optimal');
      expect(sol.status, `seed ${seed}`).toBe('optimal');
      checkFeasible(g, sol.flow);
      expect(sol.cost, `seed ${seed}`).toBeCloseTo(ref.objective, 6);
      const total = g.supply.reduce((s, v) => s + Math.max(0, v), 0);
      expect(dualBound(g, sol.potential, total), `seed ${seed}`).toBeCloseTo(sol.cost, 6);
      // The round-off-safe form (given the feasible flow) is the same number.
      expect(dualBound(g, sol.potential, total, sol.flow), `seed ${seed}`).toBeCloseTo(sol.cost, 9);
      // Any other potentials give a valid (lower) bound.
      const noisy = Float64Array.from(sol.potential, (p, i) => p + ((i * 7919) % 13) - 6);
      expect(dualBound(g, noisy, total, sol.flow)).toBeLessThanOrEqual(sol.cost + 1e-9);
    }
    // Both outcomes are exercised.
    expect(infeasibleCount).toBeGreaterThan(0);
    expect(infeasibleCount).toBeLessThan(30);
  });
});
