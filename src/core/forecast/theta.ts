import { type Derived, openDays } from './derive.ts';
import { type Forecaster, reseasonalise } from './fitter.ts';
import { goldenSection } from './optim.ts';

const THETA_WINDOW_DAYS = 730;

/**
 * The Theta method (Assimakopoulos & Nikolopoulos 2000) in its SES-with-drift form (Hyndman & Billah
 * 2003): on the deseasonalised, calendar-adjusted open-day series x, simple exponential smoothing ℓ with α
 * chosen by least squares, plus half the slope b of the linear trend:
 *   x̂(n+k) = ℓ_n + (b/2)·(k − 1 + 1/α − (1−α)ⁿ/α),
 * then multiplied back by the weekday index and calendar-event factor. Missing open days are linearly
 * interpolated on the deseasonalised scale (smoothing needs a regular sequence).
 */
export function fitTheta(d: Derived): Forecaster {
  const { p, end, z } = d;
  const days = openDays(p, Math.max(0, end - THETA_WINDOW_DAYS), end);
  const m = days.length;
  const x = new Float64Array(m);
  let firstValid = -1;
  let prevValid = -1;
  for (let i = 0; i < m; i++) {
    const t = days[i]!;
    const v = z[t]!;
    if (Number.isNaN(v)) {
      x[i] = Number.NaN;
      continue;
    }
    x[i] = v / d.season[p.dow[t]!]!;
    if (firstValid < 0) firstValid = i;
    if (prevValid >= 0 && prevValid < i - 1) {
      const a = x[prevValid]!;
      const b = x[i]!;
      for (let j = prevValid + 1; j < i; j++) x[j] = a + ((b - a) * (j - prevValid)) / (i - prevValid);
    }
    prevValid = i;
  }
  if (firstValid < 0) return (h) => new Float64Array(h);
  for (let i = 0; i < firstValid; i++) x[i] = x[firstValid]!;
  for (let i = prevValid + 1; i < m; i++) x[i] = x[prevValid]!;
  const xs = x.subarray(firstValid);
  const n = xs.length;

  const sse = (alpha: number) => {
    let l = xs[0]!;
    let s = 0;
    for (let i = 1; i < n; i++) {
      const e = xs[i]! - l;
      s += e * e;
      l += alpha * e;
    }
    return s;
  };
  const alpha = n > 2 ? goldenSection(sse, 0.01, 0.99, 25) : 0.5;
  let level = xs[0]!;
  for (let i = 1; i < n; i++) level += alpha * (xs[i]! - level);

  // OLS slope of x on its index.
  let slope = 0;
  if (n > 2) {
    const mi = (n - 1) / 2;
    let mx = 0;
    for (let i = 0; i < n; i++) mx += xs[i]!;
    mx /= n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (i - mi) * (xs[i]! - mx);
      sxx += (i - mi) * (i - mi);
    }
    slope = sxy / sxx;
  }
  const decay = (1 - (1 - alpha) ** n) / alpha;
  return (h) => reseasonalise(d, h, (k) => level + (slope / 2) * (k - 1 + decay));
}
