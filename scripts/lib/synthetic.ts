import type { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import { addDays, dateRange, diffDays, isoWeekday } from '../../src/core/calendar/dates.ts';
import type { SeriesPoint } from '../../src/core/forecast/types.ts';
import { mulberry32 } from './mulberry32.ts';

/**
 * Simulated count series with a known structure: the ground truth of the forecast tests and of
 * bench:forecast. Test and benchmark data, not product code (the product's one generator is
 * src/core/random.ts). Pure and deterministic for a seed: the streams are those the tests were written on.
 */

export function normalSample(rand: () => number): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000). */
export function gammaSample(rand: () => number, shape: number): number {
  if (shape < 1) return gammaSample(rand, shape + 1) * rand() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalSample(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Poisson(λ): multiplication method below 30, rounded normal approximation above. */
export function poissonSample(rand: () => number, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normalSample(rand)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > l) {
    k++;
    p *= rand();
  }
  return k;
}

/** Negative binomial with mean μ and dispersion d (variance μ + dμ²), as a gamma–Poisson mixture. */
export function negBinomialSample(rand: () => number, mu: number, d: number): number {
  if (!(mu > 0)) return 0;
  if (d <= 0) return poissonSample(rand, mu);
  return poissonSample(rand, mu * d * gammaSample(rand, 1 / d));
}

/** Multipliers of the simulated calendar effects (what the count regression should find). */
export const SYNTHETIC_EFFECTS = {
  /** Monday … Sunday. */
  weekday: [1.25, 1.05, 1.0, 0.95, 0.85, 0.45, 1],
  post1: 1.4,
  post2: 1.2,
  pre1: 1.25,
  /** By distance to Tết: [-14,-7], [-6,-1], [+1,+12], [+13,+26]. */
  tetBefore: 1.3,
  tetRush: 1.5,
  tetAfter: 0.6,
  tetLate: 1.1,
};

export interface SyntheticOptions {
  from: string;
  to: string;
  /** Mean dossiers on an ordinary Wednesday at `from`. */
  level: number;
  calendar: WorkCalendar;
  /** Whether the point opens on Saturday mornings. */
  saturday?: boolean;
  /** NB dispersion of the daily noise (default 0.05). */
  dispersion?: number;
  /** Relative growth per year (default 0.08). */
  growthPerYear?: number;
  /** Level multiplier from `shiftDate` on (the merger; default 1 = none). */
  shift?: number;
  shiftDate?: string;
  /** Apply the holiday and Tết effects (default true). */
  holidayEffects?: boolean;
  /** Share of open days multiplied by 3–6 (default 0). */
  outlierRate?: number;
  /** Share of open days left out as missing (default 0). */
  missingRate?: number;
  seed: number;
}

/** Expected value (before noise) of each day of a synthetic series; 0 on closed days. */
export function syntheticMeans(
  o: Omit<SyntheticOptions, 'seed'>,
): Array<{ date: string; mean: number; open: boolean }> {
  const cal = o.calendar;
  const hours = { saturday: o.saturday ? [['07:30', '11:30']] : [] } as { saturday: Array<[string, string]> };
  const isOpen = (d: string) => cal.isOpen(d, hours);
  const days = dateRange(o.from, o.to);
  const growth = o.growthPerYear ?? 0.08;
  const effects = o.holidayEffects ?? true;
  const isClosure = (d: string) => !isOpen(d) && isoWeekday(d) <= 5;
  return days.map((date) => {
    const open = isOpen(date);
    if (!open) return { date, mean: 0, open };
    const wd = cal.kind(date) === 'makeup_workday' ? 3 : isoWeekday(date);
    let m = o.level * SYNTHETIC_EFFECTS.weekday[wd - 1]! * (1 + growth) ** (diffDays(o.from, date) / 365.25);
    if (o.shift && o.shiftDate && date >= o.shiftDate) m *= o.shift;
    if (effects) {
      const tet = cal.tetOffset(date);
      if (tet >= -14 && tet <= -7) m *= SYNTHETIC_EFFECTS.tetBefore;
      else if (tet >= -6 && tet <= -1) m *= SYNTHETIC_EFFECTS.tetRush;
      else if (tet >= 1 && tet <= 12) m *= SYNTHETIC_EFFECTS.tetAfter;
      else if (tet >= 13 && tet <= 26) m *= SYNTHETIC_EFFECTS.tetLate;
      else {
        // Open days right after / before a closed weekday (a holiday).
        let back = addDays(date, -1);
        while (!isOpen(back) && !isClosure(back) && diffDays(back, date) < 4) back = addDays(back, -1);
        let fwd = addDays(date, 1);
        while (!isOpen(fwd) && !isClosure(fwd) && diffDays(date, fwd) < 4) fwd = addDays(fwd, 1);
        if (isClosure(back)) m *= SYNTHETIC_EFFECTS.post1;
        else if (isClosure(fwd)) m *= SYNTHETIC_EFFECTS.pre1;
      }
    }
    return { date, mean: m, open };
  });
}

/**
 * A simulated daily count series: weekday pattern, growth, optional merger shift, Vietnamese holiday and
 * Tết effects, NB noise, optional outliers and missing days. Closed days are left out (as a real export).
 * @example syntheticSeries({ from: '2024-01-01', to: '2025-12-31', level: 20, calendar, seed: 1 })
 */
export function syntheticSeries(o: SyntheticOptions): SeriesPoint[] {
  const rand = mulberry32(o.seed);
  const out: SeriesPoint[] = [];
  for (const { date, mean, open } of syntheticMeans(o)) {
    if (!open) continue;
    let v = negBinomialSample(rand, mean, o.dispersion ?? 0.05);
    if (o.outlierRate && rand() < o.outlierRate) v = Math.round(v * (3 + 3 * rand()));
    if (o.missingRate && rand() < o.missingRate) continue;
    out.push({ date, value: v });
  }
  return out;
}
