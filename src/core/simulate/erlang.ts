/**
 * Minimal Erlang C used to turn counter staff-days back into arrivals (problem files) and to size
 * counters in the benchmark. Stand-in until `src/core/staffing/erlang-c.ts` (issue 5) is merged: the
 * lead should replace these calls with that module.
 *
 * Erlang B recursion B₀ = 1, B_k = A·B_{k−1} / (k + A·B_{k−1}); C = N·B / (N − A·(1 − B)) (DESIGN.md),
 * stable for any load.
 */
export function erlangCWaitProbability(agents: number, loadErlangs: number): number {
  if (loadErlangs <= 0) return 0;
  if (agents <= loadErlangs) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (loadErlangs * b) / (k + loadErlangs * b);
  return (agents * b) / (agents - loadErlangs * (1 - b));
}

/** Share of arrivals served within `targetMin` minutes, M/M/N: 1 − C·e^{−(N−A)·t/AHT}. */
export function erlangCServiceLevel(
  agents: number,
  loadErlangs: number,
  ahtMin: number,
  targetMin: number,
): number {
  if (agents <= 0) return loadErlangs > 0 ? 0 : 1;
  if (agents <= loadErlangs) return 0;
  const c = erlangCWaitProbability(agents, loadErlangs);
  return 1 - c * Math.exp((-(agents - loadErlangs) * targetMin) / ahtMin);
}

/** Smallest N meeting the service level. Example: erlangCAgents(2, 15, 15, 0.8) === 3 (8 calls/h, 15 min). */
export function erlangCAgents(loadErlangs: number, ahtMin: number, targetMin: number, level: number): number {
  if (loadErlangs <= 0) return 0;
  let n = Math.max(1, Math.floor(loadErlangs) + 1);
  while (erlangCServiceLevel(n, loadErlangs, ahtMin, targetMin) < level) n++;
  return n;
}

/**
 * The largest offered load (Erlangs) that `agents` counters carry at the service level: the inverse of
 * `erlangCAgents`, linear between integers so that fractional staff-days map to a load continuously.
 */
export function erlangCMaxLoad(agents: number, ahtMin: number, targetMin: number, level: number): number {
  if (agents <= 0) return 0;
  const lo = Math.floor(agents);
  const frac = agents - lo;
  const at = (n: number): number => {
    if (n <= 0) return 0;
    let a = 0;
    let b = n;
    for (let i = 0; i < 60; i++) {
      const m = (a + b) / 2;
      if (erlangCServiceLevel(n, m, ahtMin, targetMin) >= level) a = m;
      else b = m;
    }
    return a;
  };
  const base = at(lo);
  return frac > 0 ? base + frac * (at(lo + 1) - base) : base;
}
