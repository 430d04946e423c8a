import type { Derived } from './derive.ts';

/** Mean forecast for the `h` days after the origin (index `end` onwards); closed days are exactly 0. */
export type Forecaster = (h: number) => Float64Array;

/** Fits one model at the origin of `d` (using days before `d.end` only). */
export type Fitter = (d: Derived) => Forecaster;

/** Multiplies a model's level path by the weekday and calendar-event multipliers of each future open day. */
export function reseasonalise(d: Derived, h: number, level: (step: number) => number): Float64Array {
  const { p, end } = d;
  const out = new Float64Array(h);
  let step = 0;
  for (let k = 0; k < h; k++) {
    const t = end + k;
    if (t >= p.total) throw new RangeError(`forecast day ${k} is beyond the prepared grid`);
    if (!p.open[t]) continue;
    step++;
    const v = level(step) * d.season[p.dow[t]!]! * d.factor[p.code[t]!]! * d.namedFactor[p.named[t]!]!;
    out[k] = Math.max(v, 0) || 0; // NaN → 0
  }
  return out;
}
