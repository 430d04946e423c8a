import type { Derived } from './derive.ts';
import type { Forecaster } from './fitter.ts';

/**
 * Seasonal naive (period 7 days): each open day repeats the last observed open day of the same weekday
 * (skipping missing or closed ones); a weekday never observed repeats the mean of the last 5 observations.
 * Uses the raw history, outliers included: it is the benchmark every other model must beat.
 */
export function fitSnaive(d: Derived): Forecaster {
  const { p, end } = d;
  let recent = 0;
  let k = 0;
  for (let t = end - 1; t >= 0 && k < 5; t--)
    if (!Number.isNaN(p.raw[t]!)) {
      recent += p.raw[t]!;
      k++;
    }
  const fallback = k > 0 ? recent / k : 0;
  return (h) => {
    const out = new Float64Array(h);
    for (let j = 0; j < h; j++) {
      const t = end + j;
      if (!p.open[t]) continue;
      let u = t - 7 * Math.ceil((t - end + 1) / 7);
      while (u >= 0 && Number.isNaN(p.raw[u]!)) u -= 7;
      out[j] = u >= 0 ? p.raw[u]! : fallback;
    }
    return out;
  };
}
