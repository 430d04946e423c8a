/**
 * Seeded pseudo-random numbers, the one generator of the sample data and the simulator: sfc32 (Chris
 * Doty-Humphrey's Small Fast Counting generator, 128-bit state, passes PractRand) seeded through splitmix32,
 * plus exact samplers for the distributions both need. Pure and deterministic: the same seed gives the same
 * stream. Keyed streams (`new Random(mixSeed(seed, replication, kind, point, day))`) give the simulator its
 * common random numbers: a scenario that moves staff sees the same arrivals, service times and patience as
 * the base, customer by customer.
 */

/** Mixes integers (seed, day, point hash, stream id…) into one 32-bit seed (murmur3 finaliser per part). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9 ^ parts.length;
  for (const part of parts) {
    // Fold values beyond 32 bits so that large seeds still differ.
    const lo = part >>> 0;
    const hi = Math.floor(part / 4294967296) >>> 0;
    h = Math.imul(h ^ lo, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h ^ hi, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** FNV-1a hash of a string: a stable stream id for a point code or a label. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const TWO_POW_MINUS_32 = 1 / 4294967296;

/** The splitmix32 output function of a state. */
function splitmix(state: number): number {
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

// ln(k!) for small k, exact to double precision; Stirling series beyond.
const LOG_FACT_TABLE = (() => {
  const t = new Float64Array(256);
  for (let k = 1; k < 256; k++) t[k] = t[k - 1]! + Math.log(k);
  return t;
})();

/** ln(k!) for an integer k ≥ 0 (table below 256, Stirling series with 3 correction terms above: error < 1e-14). */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACT_TABLE[k]!;
  const x = k + 1;
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (
    (x - 0.5) * Math.log(x) - x + 0.9189385332046728 + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260)))
  );
}

/**
 * A seeded stream. `uniform()` is in the open interval (0, 1) so logs never see 0.
 * @example const r = new Random(42); r.poisson(3.5); r.negBinomial(10, 4);
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(seed: number) {
    this.a = this.b = this.c = this.d = 0;
    this.reseed(seed);
  }

  /** Restarts the stream in place as `new Random(seed)` would start it (e.g. `r.reseed(mixSeed(…keys))`). */
  reseed(seed: number): this {
    // splitmix32 spreads the seed over the 128-bit state; a few rounds decorrelate nearby seeds.
    let s = seed >>> 0;
    s = (s + 0x9e3779b9) | 0;
    this.a = splitmix(s);
    s = (s + 0x9e3779b9) | 0;
    this.b = splitmix(s);
    s = (s + 0x9e3779b9) | 0;
    this.c = splitmix(s);
    this.d = 1;
    this.spare = Number.NaN;
    for (let i = 0; i < 8; i++) this.nextUint32();
    return this;
  }

  /** The next raw 32-bit output (sfc32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in (0, 1). */
  uniform(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_MINUS_32;
  }

  /** Integer uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** An element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Index drawn with probability proportional to `weights` (non-negative, not all zero). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }

  /** Standard normal (Box–Muller; the second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(this.uniform());
  }

  /** Lognormal exp(mu + sigma·Z). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Lognormal with mean 1 and log-sd `sigma`: a multiplicative shock that leaves expectations unchanged. */
  shock(sigma: number): number {
    return sigma === 0 ? 1 : Math.exp(sigma * this.normal() - 0.5 * sigma * sigma);
  }

  /**
   * Gamma(shape, scale), mean shape·scale. Marsaglia & Tsang (2000) squeeze-rejection for shape ≥ 1;
   * shape < 1 through Gamma(shape + 1)·U^(1/shape). Exact.
   */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !(scale > 0)) return 0;
    if (shape < 1) return this.gamma(shape + 1, scale) * this.uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Beta(a, b) as a ratio of gammas. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /**
   * Poisson(mean). Exact: Knuth's product of uniforms below mean 10, Hörmann's PTRS transformed
   * rejection (1993, as in NumPy) above; O(1) expected time for large means.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 10) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
        -mean + k * loglam - logFactorial(k)
      )
        return k;
    }
  }

  /**
   * Negative binomial with the given mean and size (dispersion k): variance = mean + mean²/k.
   * Drawn exactly as a gamma–Poisson mixture.
   */
  negBinomial(mean: number, size: number): number {
    if (!(mean > 0)) return 0;
    if (!Number.isFinite(size)) return this.poisson(mean);
    return this.poisson(this.gamma(size, mean / size));
  }

  /**
   * Binomial(n, p). Exact: Knuth's beta splitting (TAOCP 3.4.1) while n·min(p, 1−p) ≥ 16, then
   * sequential inversion of the CDF, O(n·p) for the small remainder.
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    let count = 0;
    let t = n;
    let q = p;
    while (t * Math.min(q, 1 - q) >= 16) {
      const a = 1 + (t >> 1);
      const b = t + 1 - a;
      const x = this.beta(a, b); // the a-th smallest of t uniforms
      if (x >= q) {
        t = a - 1;
        q /= x;
      } else {
        count += a;
        t = b - 1;
        q = (q - x) / (1 - x);
      }
    }
    if (t <= 0 || q <= 0) return count;
    if (q >= 1) return count + t;
    // Invert on the smaller tail so that the loop runs ~t·min(q, 1−q) times.
    const flip = q > 0.5;
    const pp = flip ? 1 - q : q;
    const odds = pp / (1 - pp);
    let prob = (1 - pp) ** t;
    let u = this.uniform();
    let k = 0;
    while (u > prob && k < t) {
      u -= prob;
      k++;
      prob *= (odds * (t - k + 1)) / k;
    }
    return count + (flip ? t - k : k);
  }
}
