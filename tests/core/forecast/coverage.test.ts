import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../scripts/lib/mulberry32.ts';
import { type EvaluatedDay, evaluateSeries, pitCoverage } from '../../../src/core/forecast/evaluate.ts';
import { vnContext, vnSeries } from './fixtures.ts';

describe('prediction intervals', () => {
  it('p10–p90 covers 80% ± 5 points of actuals out of sample on simulated series', () => {
    // 16 simulated points (levels 20–300 a day, so counts are not too discrete; NB noise, growth, the
    // merger shift, holidays), each backtested at 4 origins × 14 days: ~650 open forecast days.
    const rand = mulberry32(2025);
    let covered = 0;
    let total = 0;
    for (let i = 0; i < 16; i++) {
      const saturday = i % 3 === 0;
      const history = vnSeries({
        seed: 100 + i,
        level: 20 + 280 * rand(),
        saturday,
        dispersion: 0.01 + 0.05 * rand(),
        shift: 0.8 + 0.6 * rand(),
        shiftDate: '2025-07-01',
        to: '2025-11-30',
      });
      const ev = evaluateSeries(history, vnContext(saturday), {
        horizon: 14,
        origins: 4,
        step: 28,
        methods: ['auto'],
      });
      for (const d of ev.methods[0]!.days) {
        total++;
        if (d.actual >= d.lo && d.actual <= d.hi) covered++;
      }
    }
    expect(total).toBeGreaterThan(600);
    expect(covered / total).toBeGreaterThanOrEqual(0.75);
    expect(covered / total).toBeLessThanOrEqual(0.85);
  });
});

describe('prediction intervals on low counts', () => {
  it('cover 80% ± 5 points of the raw integers, and by randomised PIT, where exact integer quantiles cover more', () => {
    // 16 points with 0.3–8 dossiers a day (most fields of most points): the exact integer quantiles' band
    // holds more than 80% there; the band of probability closest to 80% holds 80% ± 5 points of the
    // integer actuals, and the distribution itself is calibrated by randomised PIT (Czado, Gneiting & Held 2009).
    const rand = mulberry32(7);
    const days: EvaluatedDay[] = [];
    for (let i = 0; i < 16; i++) {
      const history = vnSeries({
        seed: 700 + i,
        level: 0.3 + 8 * rand(),
        dispersion: 0.05 + 0.1 * rand(),
        to: '2025-11-30',
      });
      days.push(
        ...evaluateSeries(history, vnContext(), { horizon: 14, origins: 4, step: 28, methods: ['auto'] })
          .methods[0]!.days,
      );
    }
    const pit = pitCoverage(days);
    expect(pit).toBeGreaterThanOrEqual(0.75);
    expect(pit).toBeLessThanOrEqual(0.85);
    const band = days.filter((d) => d.actual >= d.lo && d.actual <= d.hi).length / days.length;
    expect(band).toBeGreaterThanOrEqual(0.75);
    expect(band).toBeLessThanOrEqual(0.85);
    // The exact integer quantiles: q(0.1) ≤ y ≤ q(0.9) ⟺ F(y) ≥ 0.1 and F(y − 1) < 0.9.
    const exact = days.filter((d) => d.pitHi >= 0.1 - 1e-12 && d.pitLo < 0.9).length / days.length;
    expect(exact).toBeGreaterThan(band);
  });
});
