/**
 * Predictive distributions for daily counts: a negative binomial with mean μ and variance μ + μ²·d
 * (d = 1/θ, the NB2 dispersion; d = 0 is Poisson). Exact quantiles for small means, a gamma
 * (Wilson–Hilferty) approximation for large ones.
 */

/**
 * Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
 * @example normalQuantile(0.9) // 1.2815515655446004
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Means below this use the exact NB cdf (integer quantiles); above it the gamma approximation. */
const EXACT_BELOW = 150;

/**
 * Quantiles of a negative binomial with mean `mu` and dispersion `d` (variance μ + d·μ²), one per level.
 * Below a mean of 150 they are exact integer quantiles (smallest k with P(Y ≤ k) ≥ level); above, a gamma
 * with the same mean and variance (Wilson–Hilferty), which is what an NB of that size looks like.
 * @example nbQuantiles(10, 0, [0.1, 0.9]) // [6, 14] (Poisson(10), checked with R qpois)
 */
export function nbQuantiles(mu: number, d: number, levels: readonly number[]): number[] {
  if (!(mu > 0)) return levels.map(() => 0);
  if (mu < EXACT_BELOW) {
    // Walk the cdf once for all levels (levels need not be sorted).
    const order = levels.map((l, i) => [l, i] as const).sort((x, y) => x[0] - y[0]);
    const out = new Array<number>(levels.length).fill(0);
    let k = 0;
    let pmf: number;
    let ratio: (k: number) => number;
    if (d <= 1e-9) {
      pmf = Math.exp(-mu);
      ratio = (j) => mu / (j + 1);
    } else {
      const theta = 1 / d;
      const q = mu / (theta + mu);
      pmf = Math.exp(theta * Math.log(theta / (theta + mu)));
      ratio = (j) => ((j + theta) / (j + 1)) * q;
    }
    let cdf = pmf;
    for (const [level, i] of order) {
      while (cdf < level - 1e-12 && k < 1_000_000) {
        pmf *= ratio(k);
        k++;
        cdf += pmf;
        if (pmf === 0 && cdf < level) {
          // Numerical underflow far in the tail: finish with the gamma approximation.
          out[i] = Math.max(k, gammaQuantile(mu, mu + d * mu * mu, level));
          break;
        }
      }
      if (out[i] === 0) out[i] = k;
    }
    return out;
  }
  const variance = mu + d * mu * mu;
  return levels.map((l) => gammaQuantile(mu, variance, l));
}

/** ln Γ(x) (Lanczos, g = 7, n = 9; |error| < 1e-13 for x > 0). */
function logGamma(x: number): number {
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
    12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised lower incomplete gamma P(a, x) (series below a + 1, continued fraction above; Numerical Recipes §6.2). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lg = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-14) break;
    }
    return Math.min(1, sum * Math.exp(lg));
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return Math.max(0, 1 - Math.exp(lg) * h);
}

/**
 * Quantile of a gamma distribution with the given mean and variance: Wilson–Hilferty (cube-root normal)
 * when the shape is large enough for it to be accurate (≥ 5), else bisection on the exact cdf.
 */
export function gammaQuantile(mean: number, variance: number, level: number): number {
  if (!(mean > 0)) return 0;
  const shape = (mean * mean) / variance;
  const scale = variance / mean;
  if (shape >= 5) {
    const z = normalQuantile(level);
    const base = 1 - 1 / (9 * shape) + z / (3 * Math.sqrt(shape));
    return base <= 0 ? 0 : mean * base * base * base;
  }
  // Bisection on log x over [mean·1e-12, mean·1e4] (shape ≥ 1/(1/μ + 5) here): 50 steps reach ~1e-13.
  let lo = Math.log(mean * 1e-12);
  let hi = Math.log(mean * 1e4);
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (gammaP(shape, Math.exp(mid) / scale) < level) lo = mid;
    else hi = mid;
  }
  return Math.exp(hi);
}

/**
 * NB2 dispersion d = 1/θ by the method of moments on forecast/actual pairs:
 * Σ(y − μ)² = Σμ + d·Σμ², so d = (Σ(y − μ)² − Σμ) / Σμ², at least 0 (Poisson).
 * @example estimateDispersion([10, 10], [5, 15]) // (50 − 20) / 200 = 0.15
 */
export function estimateDispersion(mu: ArrayLike<number>, y: ArrayLike<number>): number {
  let se = 0;
  let sm = 0;
  let sm2 = 0;
  for (let i = 0; i < mu.length; i++) {
    const m = Math.max(mu[i]!, 1e-9);
    const e = y[i]! - m;
    se += e * e;
    sm += m;
    sm2 += m * m;
  }
  if (sm2 <= 0) return 0;
  return Math.max(0, (se - sm) / sm2);
}

/**
 * The NB2 dispersion a stored forecast row implies, read off its mean and its integer p10–p90 band (rows keep
 * the band, not the dispersion): an integer band [a, b] holds b − a + 1 counts (a continuous one, above a mean
 * of 150, b − a), taken as ±1.2816 σ of a normal, and d = (σ² − μ) / μ², at least 0 (Poisson) and at most
 * `max`. Rough at low counts, where Poisson noise dominates whatever d is; within 20% of d from a mean of 10 up.
 * @example dispersionFromBand(10, 5, 15) // ≈ 0.084 (the band of NB(10, 0.1))
 */
export function dispersionFromBand(mu: number, p10: number, p90: number, max = 5): number {
  if (!(mu > 0) || !(p90 >= p10)) return 0;
  const counts = Number.isInteger(p10) && Number.isInteger(p90) ? 1 : 0;
  const sd = (p90 - p10 + counts) / (2 * 1.2815515655446004);
  return Math.min(max, Math.max(0, (sd * sd - mu) / (mu * mu)));
}

/** Predictive variance of a count with mean μ and dispersion d. */
export function nbVariance(mu: number, d: number): number {
  return mu + d * mu * mu;
}

/** P(Y ≤ k) for the NB of mean μ and dispersion d: exact below a mean of 150, the gamma above (as the quantiles). */
export function nbCdf(k: number, mu: number, d: number): number {
  if (k < 0) return 0;
  if (!(mu > 0)) return 1;
  if (mu < EXACT_BELOW) {
    const kk = Math.floor(k);
    let pmf: number;
    let cdf: number;
    if (d <= 1e-9) {
      pmf = Math.exp(-mu);
      cdf = pmf;
      for (let j = 0; j < kk && cdf < 1 - 1e-15; j++) {
        pmf *= mu / (j + 1);
        cdf += pmf;
      }
    } else {
      const theta = 1 / d;
      const q = mu / (theta + mu);
      pmf = Math.exp(theta * Math.log(theta / (theta + mu)));
      cdf = pmf;
      for (let j = 0; j < kk && cdf < 1 - 1e-15; j++) {
        pmf *= ((j + theta) / (j + 1)) * q;
        cdf += pmf;
      }
    }
    return Math.min(1, cdf);
  }
  const variance = mu + d * mu * mu;
  const shape = (mu * mu) / variance;
  if (shape >= 5) {
    // The inverse of the Wilson–Hilferty quantile used above, so cdf and quantiles agree.
    const z = (Math.cbrt(k / mu) - (1 - 1 / (9 * shape))) * 3 * Math.sqrt(shape);
    return normalCdf(z);
  }
  return gammaP(shape, (k * mu) / variance);
}

/** Standard normal cdf via erfc (Numerical Recipes erfcc, fractional error < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * Whether `y` lies in the central interval [q(lo), q(hi)] of the NB(μ, d), from the cdf at y (one cdf
 * instead of two quantiles): for integer quantiles, q(lo) ≤ y ⟺ F(y) ≥ lo and y ≤ q(hi) ⟺ F(y − 1) < hi.
 */
export function inCentralInterval(y: number, mu: number, d: number, lo: number, hi: number): boolean {
  if (!(mu > 0)) return y <= 0;
  if (mu < EXACT_BELOW) return nbCdf(y, mu, d) >= lo - 1e-12 && nbCdf(y - 1, mu, d) < hi;
  const p = nbCdf(y, mu, d);
  return p >= lo && p <= hi;
}

/**
 * Chance that the randomised PIT of a count `y` (uniform on [F(y − 1), F(y)]) falls in [lo, hi]. Its mean
 * over forecasts is the coverage a calibrated count forecast gets to exactly hi − lo, however discrete the
 * counts (an integer interval on a mean of 0.5 covers 61% or 91%, never 80%).
 */
export function pitInCentral(y: number, mu: number, d: number, lo: number, hi: number): number {
  const f1 = nbCdf(y - 1, mu, d);
  const f2 = nbCdf(y, mu, d);
  const width = f2 - f1;
  if (width <= 1e-12) return f2 >= lo && f2 <= hi ? 1 : 0;
  return Math.max(0, Math.min(hi, f2) - Math.max(lo, f1)) / width;
}

/**
 * The smallest dispersion whose central interval [lo, hi] covers at least `target` of the actuals, by
 * randomised PIT (bisection on log d): calibrates the predictive distribution on the backtest pairs
 * directly, whatever the error shape and however low the counts.
 * @example coverageDispersion([100, 100, 100, 100, 100], [70, 90, 100, 110, 140], 0.1, 0.9, 0.8)
 */
export function coverageDispersion(
  mu: ArrayLike<number>,
  y: ArrayLike<number>,
  lo: number,
  hi: number,
  target: number,
): number {
  const n = mu.length;
  if (n === 0) return 0;
  const coverage = (d: number) => {
    let c = 0;
    for (let i = 0; i < n; i++) c += pitInCentral(y[i]!, mu[i]!, d, lo, hi);
    return c / n;
  };
  if (coverage(0) >= target) return 0;
  let a = Math.log(1e-4);
  let b = Math.log(5);
  if (coverage(Math.exp(b)) < target) return Math.exp(b);
  for (let i = 0; i < 20; i++) {
    const m = (a + b) / 2;
    if (coverage(Math.exp(m)) >= target) b = m;
    else a = m;
  }
  return Math.exp(b);
}

/**
 * Quantiles for a central band of the NB(μ, d) that holds the probability closest to its nominal share: for
 * each level l the pair (l, 1 − l) is read as the central band of nominal mass |1 − 2l|, and among the
 * nested integer bands [q(0.5 − w), q(0.5 + w)] (w from 0 up to |0.5 − l|, the last one being the exact
 * quantiles' band) the one whose probability is closest to that mass is taken (a tie: the wider); l < 0.5
 * reads its lower end, l > 0.5 its upper end, 0.5 the median. Exact integer quantiles of low counts hold
 * more than their nominal share (p10–p90 of a Poisson(1) is [0, 2]: 92%; here [0, 1]: 74%), so their band
 * covers more than it says; these bands cover their nominal share on average over days, never more than the
 * exact band. Above a mean of 150 the quantiles are continuous and exact already (same as `nbQuantiles`).
 * @example bandQuantiles(1, 0, [0.1, 0.5, 0.9]) // [0, 1, 1] (Poisson(1): P(0 ≤ Y ≤ 1) = 0.736)
 */
export function bandQuantiles(mu: number, d: number, levels: readonly number[]): number[] {
  if (!(mu > 0) || mu >= EXACT_BELOW) return nbQuantiles(mu, d, levels);
  let top = 0.5;
  for (const l of levels) top = Math.max(top, l, 1 - l);
  // The cdf up to the exact quantile of the widest level asked for.
  const cdf: number[] = [];
  let pmf: number;
  let ratio: (k: number) => number;
  if (d <= 1e-9) {
    pmf = Math.exp(-mu);
    ratio = (j) => mu / (j + 1);
  } else {
    const theta = 1 / d;
    const q = mu / (theta + mu);
    pmf = Math.exp(theta * Math.log(theta / (theta + mu)));
    ratio = (j) => ((j + theta) / (j + 1)) * q;
  }
  let c = pmf;
  cdf.push(c);
  while (c < top - 1e-12 && cdf.length < 100_000) {
    pmf *= ratio(cdf.length - 1);
    if (pmf === 0) return nbQuantiles(mu, d, levels); // underflow far in the tail: exact quantiles
    c += pmf;
    cdf.push(c);
  }
  const F = (k: number) => (k < 0 ? 0 : cdf[Math.min(k, cdf.length - 1)]!);
  let median = 0;
  while (F(median) < 0.5 - 1e-12) median++;
  // The path of nested bands as w grows: [a, b] with the half-width range (from, to] where it is the band.
  // The lower end moves to a − 1 once 0.5 − w ≤ F(a − 1); the upper end to b + 1 once 0.5 + w > F(b).
  const path: Array<{ a: number; b: number; from: number; mass: number }> = [];
  let a = median;
  let b = median;
  let w = 0;
  for (;;) {
    path.push({ a, b, from: w, mass: F(b) - F(a - 1) });
    const lowerAt = a > 0 ? 0.5 - F(a - 1) + 1e-12 : Number.POSITIVE_INFINITY;
    const upperAt = F(b) - 0.5;
    const next = Math.min(lowerAt, upperAt);
    if (!(next < top - 0.5) || b >= cdf.length) break;
    w = next;
    if (upperAt <= lowerAt) b++;
    else a--;
  }
  return levels.map((l) => {
    if (Math.abs(l - 0.5) < 1e-12) return median;
    const half = Math.abs(l - 0.5);
    const target = 2 * half;
    let best = path[0]!;
    for (const band of path) {
      if (band.from > half + 1e-12) break;
      if (Math.abs(band.mass - target) <= Math.abs(best.mass - target) + 1e-12) best = band;
    }
    return l < 0.5 ? best.a : best.b;
  });
}
