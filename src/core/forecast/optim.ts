/**
 * Nelder–Mead minimisation of `f` from `x0` with initial step `step` (the simplex edge), at most
 * `maxEvals` evaluations. Small and allocation-light: the smoothing models call it once per fit.
 * @example nelderMead(([a, b]) => (a - 1) ** 2 + (b + 2) ** 2, [0, 0], 0.5, 200).x // ≈ [1, -2]
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  step: number,
  maxEvals: number,
  tol = 1e-7,
): { x: Float64Array; fx: number; evals: number } {
  const n = x0.length;
  const pts: Float64Array[] = [];
  const vals: number[] = [];
  let evals = 0;
  const ev = (x: Float64Array) => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  for (let i = 0; i <= n; i++) {
    const x = Float64Array.from(x0);
    if (i > 0) x[i - 1]! += step;
    pts.push(x);
    vals.push(ev(x));
  }
  const centroid = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  const idx = Array.from({ length: n + 1 }, (_, i) => i);
  while (evals < maxEvals) {
    idx.sort((a, b) => vals[a]! - vals[b]!);
    const best = idx[0]!;
    const worst = idx[n]!;
    const second = idx[n - 1]!;
    if (Math.abs(vals[worst]! - vals[best]!) <= tol * (Math.abs(vals[best]!) + 1e-12)) break;
    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const p = pts[idx[k]!]!;
      for (let j = 0; j < n; j++) centroid[j]! += p[j]! / n;
    }
    const pw = pts[worst]!;
    for (let j = 0; j < n; j++) xr[j] = centroid[j]! + (centroid[j]! - pw[j]!);
    const fr = ev(xr);
    if (fr < vals[best]!) {
      for (let j = 0; j < n; j++) xe[j] = centroid[j]! + 2 * (centroid[j]! - pw[j]!);
      const fe = ev(xe);
      if (fe < fr) {
        pw.set(xe);
        vals[worst] = fe;
      } else {
        pw.set(xr);
        vals[worst] = fr;
      }
    } else if (fr < vals[second]!) {
      pw.set(xr);
      vals[worst] = fr;
    } else {
      const outside = fr < vals[worst]!;
      for (let j = 0; j < n; j++)
        xc[j] = outside
          ? centroid[j]! + 0.5 * (xr[j]! - centroid[j]!)
          : centroid[j]! + 0.5 * (pw[j]! - centroid[j]!);
      const fc = ev(xc);
      if (fc < Math.min(fr, vals[worst]!)) {
        pw.set(xc);
        vals[worst] = fc;
      } else {
        const pb = pts[best]!;
        for (let k = 1; k <= n; k++) {
          const p = pts[idx[k]!]!;
          for (let j = 0; j < n; j++) p[j] = pb[j]! + 0.5 * (p[j]! - pb[j]!);
          vals[idx[k]!] = ev(p);
        }
      }
    }
  }
  let bi = 0;
  for (let i = 1; i <= n; i++) if (vals[i]! < vals[bi]!) bi = i;
  return { x: pts[bi]!, fx: vals[bi]!, evals };
}

/** Golden-section search for the minimum of a unimodal `f` on [a, b]. */
export function goldenSection(f: (x: number) => number, a: number, b: number, iters = 30): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < iters; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/** Logistic map of an unbounded value into (lo, hi): keeps optimiser parameters inside their bounds. */
export function bounded(x: number, lo: number, hi: number): number {
  return lo + (hi - lo) / (1 + Math.exp(-x));
}

/** Inverse of {@link bounded}. */
export function unbounded(v: number, lo: number, hi: number): number {
  const u = (v - lo) / (hi - lo);
  return Math.log(u / (1 - u));
}
