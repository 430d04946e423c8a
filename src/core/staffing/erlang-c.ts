/**
 * Erlang C (M/M/N queue) for counter staffing.
 *
 * Numerically stable: the textbook form A^N/N! overflows past ~150 Erlangs, so we run the Erlang B
 * recursion B₀ = 1, B_k = A·B_{k−1} / (k + A·B_{k−1}) (every term in [0, 1]) and derive
 * C = N·B / (N − A·(1 − B)). Units: arrivals per hour, handling time in seconds, waits in seconds.
 */

export interface ErlangResult {
  /** counters (agents) evaluated or found */
  agents: number;
  /** share of arrivals answered within the target wait, in [0, 1] */
  service_level: number;
  /** average speed of answer (mean wait over all arrivals), seconds; Infinity when agents ≤ load */
  asa_seconds: number;
  /** offered load ÷ agents (capped at 1 when overloaded) */
  occupancy: number;
  /** Erlang C: probability that an arrival waits at all */
  wait_probability: number;
}

/** Offered load in Erlangs: arrivals per hour × handling seconds ÷ 3600. */
export function offeredLoad(callsPerHour: number, ahtSec: number): number {
  return (callsPerHour * ahtSec) / 3600;
}

/**
 * Erlang B blocking probability for `agents` servers and `load` Erlangs, by the stable recursion.
 * @example erlangB(2, 1) // 0.2
 */
export function erlangB(agents: number, load: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (load * b) / (k + load * b);
  return b;
}

/** Erlang C from an Erlang B value (1 when the queue is unstable, agents ≤ load). */
function cFromB(agents: number, load: number, b: number): number {
  if (agents <= load) return 1;
  return (agents * b) / (agents - load * (1 - b));
}

/**
 * Probability of waiting (Erlang C) with `agents` servers and `load` Erlangs.
 * @example erlangC(14, 10) // ≈ 0.1741
 */
export function erlangC(agents: number, load: number): number {
  if (load <= 0) return 0;
  return cFromB(agents, load, erlangB(agents, load));
}

/** Share answered within the target, 1 − C·e^{−(N−A)·target/aht}, clamped to [0, 1]; aht and target in one unit. */
function serviceLevelFromC(agents: number, load: number, aht: number, target: number, c: number): number {
  const sl = 1 - c * Math.exp((-(agents - load) * target) / aht);
  return Math.min(1, Math.max(0, sl));
}

function evaluateWithC(
  agents: number,
  load: number,
  ahtSec: number,
  targetSec: number,
  c: number,
): ErlangResult {
  if (load <= 0) {
    return { agents, service_level: 1, asa_seconds: 0, occupancy: 0, wait_probability: 0 };
  }
  if (agents <= load) {
    // Unstable queue: waits grow without bound; nobody is reliably served within target.
    return {
      agents,
      service_level: 0,
      asa_seconds: Number.POSITIVE_INFINITY,
      occupancy: 1,
      wait_probability: 1,
    };
  }
  return {
    agents,
    service_level: serviceLevelFromC(agents, load, ahtSec, targetSec, c),
    asa_seconds: (c * ahtSec) / (agents - load),
    occupancy: load / agents,
    wait_probability: c,
  };
}

/**
 * Service level of `agents` counters at an offered load in Erlangs (1 with no load, 0 when agents ≤ load).
 * Handling time and target in the same unit (minutes or seconds).
 * @example serviceLevelAtLoad(3, 2, 15, 15) // ≈ 0.80 (8 dossiers/h at 15 min, target 15 min)
 */
export function serviceLevelAtLoad(agents: number, load: number, aht: number, target: number): number {
  if (load <= 0) return 1;
  if (agents <= load) return 0;
  return serviceLevelFromC(agents, load, aht, target, erlangC(agents, load));
}

/**
 * Smallest number of counters whose service level at `load` Erlangs reaches `level` (0 with no load), in
 * one pass of the Erlang B recursion. Handling time and target in the same unit; `level` must be below 1.
 * @example agentsForLoad(2, 15, 15, 0.8) // 3
 */
export function agentsForLoad(load: number, aht: number, target: number, level: number): number {
  if (load <= 0) return 0;
  let b = 1;
  for (let n = 1; ; n++) {
    b = (load * b) / (n + load * b);
    if (n <= load) continue;
    if (serviceLevelFromC(n, load, aht, target, cFromB(n, load, b)) >= level) return n;
  }
}

/**
 * The largest offered load (Erlangs) that `agents` counters carry at the service level: the inverse of
 * `agentsForLoad` (bisection), linear between integers so that fractional staff-days map to a load
 * continuously. Handling time and target in the same unit.
 * @example maxLoadForAgents(3, 15, 15, 0.8) // ≈ 2.0
 */
export function maxLoadForAgents(agents: number, aht: number, target: number, level: number): number {
  if (agents <= 0) return 0;
  const lo = Math.floor(agents);
  const frac = agents - lo;
  const at = (n: number): number => {
    if (n <= 0) return 0;
    let a = 0;
    let b = n;
    for (let i = 0; i < 60; i++) {
      const m = (a + b) / 2;
      if (serviceLevelAtLoad(n, m, aht, target) >= level) a = m;
      else b = m;
    }
    return a;
  };
  const base = at(lo);
  return frac > 0 ? base + frac * (at(lo + 1) - base) : base;
}

/**
 * Service level, ASA, occupancy and wait probability of `agents` counters.
 * @param callsPerHour arrivals per hour (≥ 0)
 * @param ahtSec average handling time in seconds (> 0)
 * @param targetSec wait target in seconds (≥ 0)
 * @example evaluateAgents(14, 200, 180, 20).service_level // ≈ 0.8884
 */
export function evaluateAgents(
  agents: number,
  callsPerHour: number,
  ahtSec: number,
  targetSec: number,
): ErlangResult {
  const load = offeredLoad(callsPerHour, ahtSec);
  return evaluateWithC(agents, load, ahtSec, targetSec, erlangC(agents, load));
}

/**
 * Smallest number of counters whose service level reaches `targetSl` (0 when there are no arrivals).
 * One pass of the Erlang B recursion: O(answer) work, stable at any load.
 * @throws RangeError when the inputs are not finite or out of range
 * @example requiredAgents(8, 900, 0.8, 900).agents // 3 (a Hanoi point: ~8 dossiers/h, 15 min each, 80% within 15 min)
 */
export function requiredAgents(
  callsPerHour: number,
  ahtSec: number,
  targetSl: number,
  targetSec: number,
): ErlangResult {
  if (!(callsPerHour >= 0) || !Number.isFinite(callsPerHour))
    throw new RangeError('callsPerHour must be ≥ 0');
  if (!(ahtSec > 0) || !Number.isFinite(ahtSec)) throw new RangeError('ahtSec must be > 0');
  if (!(targetSl > 0 && targetSl < 1)) throw new RangeError('targetSl must be in (0, 1)');
  if (!(targetSec >= 0) || !Number.isFinite(targetSec)) throw new RangeError('targetSec must be ≥ 0');
  const load = offeredLoad(callsPerHour, ahtSec);
  if (load === 0) return evaluateWithC(0, 0, ahtSec, targetSec, 0);
  const agents = agentsForLoad(load, ahtSec, targetSec, targetSl);
  return evaluateWithC(agents, load, ahtSec, targetSec, erlangC(agents, load));
}

/**
 * Service level of a fractional number of counters: linear between ⌊agents⌋ and ⌈agents⌉ (a counter
 * open part of the hour). Used for expected-service KPIs where staff-days are not whole counters.
 */
export function serviceLevelFractional(
  agents: number,
  callsPerHour: number,
  ahtSec: number,
  targetSec: number,
): number {
  if (callsPerHour <= 0) return 1;
  const lo = Math.floor(agents);
  const frac = agents - lo;
  const slLo = evaluateAgents(lo, callsPerHour, ahtSec, targetSec).service_level;
  if (frac === 0) return slLo;
  const slHi = evaluateAgents(lo + 1, callsPerHour, ahtSec, targetSec).service_level;
  return slLo + frac * (slHi - slLo);
}
