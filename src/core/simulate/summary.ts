import { FIELDS, type Field } from '../../schemas/domain.ts';
import type { Msg } from '../messages.ts';
import { F } from './constants.ts';
import {
  EXTRA_DOSSIERS,
  EXTRA_EVENTS,
  FIELD_FIGURES,
  FIGURES,
  type FigureName,
  NFF,
  NFIG,
  vectorLength,
} from './engine.ts';
import type { PreparedSimulation } from './prepare.ts';

/** A figure over replications: mean and 95% confidence interval (Student t); null when never defined. */
export interface Estimate {
  mean: number | null;
  lo: number | null;
  hi: number | null;
}
export type Figures = Record<FigureName, Estimate>;
export type FieldFigures = Record<(typeof FIELD_FIGURES)[number], Estimate>;

export interface SimulationSummary {
  replications: number;
  seed: number;
  days: string[];
  target: { service_level: number; target_seconds: number };
  city: { total: Figures; days: Figures[]; by_field: Record<Field, FieldFigures> };
  points: Array<{ point: string; total: Figures; days: Figures[] }>;
  /** Counter events (arrival, service start, service end, abandonment) per replication. */
  events_per_replication: number;
  /** Dossiers entering back-office processing per replication. */
  dossiers_per_replication: number;
  /** catalogue messages (core/messages.ts) */
  notes: Msg[];
}

/** A paired difference scenario − base (common random numbers) with its 95% CI. */
export interface Difference {
  base: number | null;
  scenario: number | null;
  difference: number | null;
  lo: number | null;
  hi: number | null;
  /** The 95% CI of the paired difference excludes 0 (a paired t-test at 5%). */
  beyond_noise: boolean;
}
export type FigureDifferences = Record<FigureName, Difference>;

export interface SimulationComparison {
  city: {
    total: FigureDifferences;
    days: FigureDifferences[];
    by_field: Record<Field, Record<(typeof FIELD_FIGURES)[number], Difference>>;
  };
  points: Array<{ point: string; total: FigureDifferences }>;
}

/**
 * 97.5% quantile of Student's t with `df` degrees of freedom: exact for df ≤ 2, else the Cornish–Fisher
 * expansion (Abramowitz & Stegun 26.7.5; error < 1e-3 from df = 3).
 */
export function tQuantile975(df: number): number {
  if (df <= 0) return Number.NaN;
  if (df === 1) return 12.706204736;
  if (df === 2) return 4.30265273;
  const z = 1.959963985;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

interface Stat {
  n: number;
  mean: number;
  half: number;
}

function stat(acc: Float64Array, block: number, V: number, v: number): Stat {
  const o = block * 3 * V;
  const n = acc[o + v]!;
  if (n === 0) return { n, mean: Number.NaN, half: Number.NaN };
  const mean = acc[o + V + v]! / n;
  if (n < 2) return { n, mean, half: Number.NaN };
  const variance = Math.max(0, (acc[o + 2 * V + v]! - n * mean * mean) / (n - 1));
  // Rounding noise of sum-of-squares on a constant value must not pose as variance.
  const sd = variance <= 1e-12 * Math.max(1, mean * mean) ? 0 : Math.sqrt(variance);
  return { n, mean, half: (tQuantile975(n - 1) * sd) / Math.sqrt(n) };
}

/** Figures that are shares (CIs clipped to [0, 1]); every figure is ≥ 0 (CIs clipped at 0). */
const SHARES = new Set<string>(['wait_probability', 'within_target', 'on_time_rate']);

function estimate(s: Stat, share = false): Estimate {
  if (s.n === 0) return { mean: null, lo: null, hi: null };
  const mean = round(s.mean);
  if (Number.isNaN(s.half)) return { mean, lo: null, hi: null };
  return {
    mean,
    lo: round(Math.max(0, s.mean - s.half)),
    hi: round(share ? Math.min(1, s.mean + s.half) : s.mean + s.half),
  };
}

function figuresAt(acc: Float64Array, block: number, V: number, cell: number): Figures {
  const out = {} as Figures;
  FIGURES.forEach((f, j) => {
    out[f] = estimate(stat(acc, block, V, cell * NFIG + j), SHARES.has(f));
  });
  return out;
}

/** Means and 95% CIs of every figure from merged accumulators (block 0 = base, 1 = scenario). */
export function summarise(
  prep: PreparedSimulation,
  acc: Float64Array,
  block: number,
  meta: { replications: number; seed: number },
): SimulationSummary {
  const { P, D } = prep;
  const V = vectorLength(prep);
  const cell = (p: number, d: number) => p * (D + 1) + d;
  const fieldBase = (P + 1) * (D + 1) * NFIG;
  const byField = {} as Record<Field, FieldFigures>;
  FIELDS.forEach((f, fi) => {
    const ff = {} as FieldFigures;
    FIELD_FIGURES.forEach((g, j) => {
      ff[g] = estimate(stat(acc, block, V, fieldBase + fi * NFF + j));
    });
    byField[f] = ff;
  });
  const extra = fieldBase + F * NFF;
  return {
    replications: meta.replications,
    seed: meta.seed,
    days: prep.days,
    target: { service_level: prep.serviceLevel, target_seconds: prep.targetMin * 60 },
    city: {
      total: figuresAt(acc, block, V, cell(P, D)),
      days: Array.from({ length: D }, (_, d) => figuresAt(acc, block, V, cell(P, d))),
      by_field: byField,
    },
    points: prep.points.map((point, p) => ({
      point,
      total: figuresAt(acc, block, V, cell(p, D)),
      days: Array.from({ length: D }, (_, d) => figuresAt(acc, block, V, cell(p, d))),
    })),
    events_per_replication: round(stat(acc, block, V, extra + EXTRA_EVENTS).mean),
    dossiers_per_replication: round(stat(acc, block, V, extra + EXTRA_DOSSIERS).mean),
    notes: prep.notes,
  };
}

function difference(acc: Float64Array, V: number, v: number): Difference {
  const b = stat(acc, 0, V, v);
  const s = stat(acc, 1, V, v);
  const d = stat(acc, 2, V, v);
  const value = (x: number) => (Number.isNaN(x) ? null : round(x));
  const beyond =
    d.n >= 2 &&
    !Number.isNaN(d.half) &&
    Math.abs(d.mean) > 1e-9 &&
    (d.half === 0 || Math.abs(d.mean) > d.half);
  return {
    base: value(b.mean),
    scenario: value(s.mean),
    difference: value(d.mean),
    lo: value(d.mean - d.half),
    hi: value(d.mean + d.half),
    beyond_noise: beyond,
  };
}

function differencesAt(acc: Float64Array, V: number, cell: number): FigureDifferences {
  const out = {} as FigureDifferences;
  FIGURES.forEach((f, j) => {
    out[f] = difference(acc, V, cell * NFIG + j);
  });
  return out;
}

/** Paired scenario − base differences of every figure (accumulators of a chunk run with a scenario). */
export function compare(prep: PreparedSimulation, acc: Float64Array): SimulationComparison {
  const { P, D } = prep;
  const V = vectorLength(prep);
  const cell = (p: number, d: number) => p * (D + 1) + d;
  const fieldBase = (P + 1) * (D + 1) * NFIG;
  const byField = {} as SimulationComparison['city']['by_field'];
  FIELDS.forEach((f, fi) => {
    const ff = {} as Record<(typeof FIELD_FIGURES)[number], Difference>;
    FIELD_FIGURES.forEach((g, j) => {
      ff[g] = difference(acc, V, fieldBase + fi * NFF + j);
    });
    byField[f] = ff;
  });
  return {
    city: {
      total: differencesAt(acc, V, cell(P, D)),
      days: Array.from({ length: D }, (_, d) => differencesAt(acc, V, cell(P, d))),
      by_field: byField,
    },
    points: prep.points.map((point, p) => ({ point, total: differencesAt(acc, V, cell(p, D)) })),
  };
}
