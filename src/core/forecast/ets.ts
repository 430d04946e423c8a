import { type Derived, openDays } from './derive.ts';
import { type Forecaster, reseasonalise } from './fitter.ts';
import { bounded, nelderMead } from './optim.ts';

/** Days of history the smoothing starts from: enough to forget the initial state, cheap to run. */
const ETS_WINDOW_DAYS = 400;

interface EtsState {
  level: number;
  trend: number;
  season: Float64Array;
}

/**
 * Holt–Winters with a damped additive trend and multiplicative weekday indices (ETS(A,Ad,M)-like):
 *   ŷ = (ℓ + φb)·s_w;  ℓ' = α·y/s_w + (1−α)(ℓ + φb);  b' = β(ℓ' − ℓ) + (1−β)φb;  s_w' = γ·y/ℓ' + (1−γ)s_w
 * on the calendar-adjusted series (level shifts and holiday effects removed), stepping over open days
 * only; a missing open day advances the state without an update. Returns the SSE and the final state.
 */
function runEts(
  z: Float64Array,
  dow: Uint8Array,
  days: Int32Array,
  season0: Float64Array,
  level0: number,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  season: Float64Array,
): { sse: number; level: number; trend: number } {
  season.set(season0);
  let l = level0;
  let b = 0;
  let sse = 0;
  for (let i = 0; i < days.length; i++) {
    const t = days[i]!;
    const w = dow[t]!;
    const lp = l + phi * b;
    const v = z[t]!;
    if (Number.isNaN(v)) {
      l = Math.max(lp, 0);
      b *= phi;
      continue;
    }
    const s = season[w]!;
    const e = v - lp * s;
    sse += e * e;
    let ln = alpha * (v / s) + (1 - alpha) * lp;
    if (ln < 0) ln = 0;
    b = beta * (ln - l) + (1 - beta) * phi * b;
    l = ln;
    if (l > 1e-6) {
      const sn = gamma * (v / l) + (1 - gamma) * s;
      season[w] = Math.min(20, Math.max(0.05, sn));
    }
  }
  return { sse, level: l, trend: b };
}

/**
 * Fits the damped-trend weekly Holt–Winters model by least squares of one-step errors (Nelder–Mead on
 * α ∈ [0.02, 0.8], β ∈ [0.001, 0.2], γ ∈ [0.001, 0.3], φ ∈ [0.8, 0.98], at most 120 evaluations).
 * Forecast k open days ahead: (ℓ + b(φ + … + φᵏ))·s_w·(calendar-event factor).
 */
export function fitEts(d: Derived): Forecaster {
  const { p, end, z } = d;
  const days = openDays(p, Math.max(0, end - ETS_WINDOW_DAYS), end);
  // Initial level: mean deseasonalised value of the first 14 observed open days.
  let s0 = 0;
  let c0 = 0;
  for (let i = 0; i < days.length && c0 < 14; i++) {
    const t = days[i]!;
    if (!Number.isNaN(z[t]!)) {
      s0 += z[t]! / d.season[p.dow[t]!]!;
      c0++;
    }
  }
  const level0 = c0 > 0 ? s0 / c0 : 0;
  const season = new Float64Array(7);
  const params = (x: Float64Array) =>
    [
      bounded(x[0]!, 0.02, 0.8),
      bounded(x[1]!, 0.001, 0.2),
      bounded(x[2]!, 0.001, 0.3),
      bounded(x[3]!, 0.8, 0.98),
    ] as const;
  const objective = (x: Float64Array) => {
    const [a, bt, g, ph] = params(x);
    return runEts(z, p.dow, days, d.season, level0, a, bt, g, ph, season).sse;
  };
  // Start at α 0.2, β 0.01, γ 0.05, φ 0.9 (logit coordinates).
  const best = nelderMead(objective, [-0.93, -2.9, -1.6, 0], 1, 120, 1e-6);
  const [alpha, beta, gamma, phi] = params(best.x);
  const state: EtsState = {
    ...runEts(z, p.dow, days, d.season, level0, alpha, beta, gamma, phi, season),
    season,
  };
  return (h) => {
    const dd: Derived = { ...d, season: state.season };
    let damp = 0;
    let pw = 1;
    let lastStep = 0;
    return reseasonalise(dd, h, (step) => {
      while (lastStep < step) {
        pw *= phi;
        damp += pw;
        lastStep++;
      }
      return state.level + damp * state.trend;
    });
  };
}
