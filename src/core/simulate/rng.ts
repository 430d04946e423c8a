/**
 * Seeded random streams for the simulator. xoshiro128** (Blackman & Vigna, 2018) seeded through
 * splitmix32, so that a stream is a pure function of its keys (seed, replication, kind, point, day).
 * Keyed streams give common random numbers: a scenario that moves staff sees the same arrivals,
 * service times and patience as the base, customer by customer.
 */

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO32 = 4294967296;
// log(k!) for k < 16 exactly; Stirling series beyond (error < 1e-10 from k = 16).
const LOG_FACT = (() => {
  const t = new Float64Array(16);
  for (let k = 1; k < 16; k++) t[k] = t[k - 1]! + Math.log(k);
  return t;
})();
function logFactorial(k: number): number {
  if (k < 16) return LOG_FACT[k]!;
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spare = Number.NaN;

  constructor(k0 = 0, k1 = 0, k2 = 0, k3 = 0, k4 = 0) {
    this.reseed(k0, k1, k2, k3, k4);
  }

  /** Restarts the stream as a function of up to five integer keys (no allocation). */
  reseed(k0: number, k1 = 0, k2 = 0, k3 = 0, k4 = 0): this {
    let h = mix32(k0 | 0);
    h = mix32(h ^ Math.imul(k1 | 0, 0x27d4eb2f));
    h = mix32(h ^ Math.imul(k2 | 0, 0x165667b1));
    h = mix32(h ^ Math.imul(k3 | 0, 0x61c88647));
    h = mix32(h ^ Math.imul(k4 | 0, 0x7feb352d));
    this.a = mix32(h + 1);
    this.b = mix32(h + 2);
    this.c = mix32(h + 3);
    this.d = mix32(h + 4) | 1; // never the all-zero state
    this.spare = Number.NaN;
    return this;
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform on the open interval (0, 1): safe for log(). */
  next(): number {
    return (this.u32() + 0.5) / TWO32;
  }

  /** Standard normal (Marsaglia polar method, caching the second value). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -mean * Math.log(this.next());
  }

  /** Gamma(shape, scale 1): Marsaglia & Tsang (2000), boosted for shape < 1. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * this.next() ** (1 / shape);
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
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Poisson(lambda): multiplication method below 12, PTRS (Hörmann 1993) above. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 12) {
      const l = Math.exp(-lambda);
      let k = 0;
      let p = this.next();
      while (p > l) {
        k++;
        p *= this.next();
      }
      return k;
    }
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = this.next() - 0.5;
      const V = this.next();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (
        Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
        -lambda + k * loglam - logFactorial(k)
      )
        return k;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
