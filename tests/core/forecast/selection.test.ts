import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../scripts/lib/mulberry32.ts';
import { negBinomialSample, normalSample } from '../../../scripts/lib/synthetic.ts';
import { dateRange, isoWeekday } from '../../../src/core/calendar/dates.ts';
import { rollingOrigins, runBacktest } from '../../../src/core/forecast/backtest.ts';
import { fitSeries } from '../../../src/core/forecast/forecast.ts';
import { prepareSeries } from '../../../src/core/forecast/prepare.ts';
import type { ForecastContext, SeriesPoint } from '../../../src/core/forecast/types.ts';
import { plain } from './fixtures.ts';

const everyDay: ForecastContext = { calendar: plain, isOpen: () => true };

/** Each weekday its own random walk (big weekly steps): last week's value is the best forecast. */
function weekdayRandomWalks(seed: number): SeriesPoint[] {
  const rand = mulberry32(seed);
  const level = [200, 800, 400, 1200, 600, 300, 1000];
  return dateRange('2024-09-02', '2025-08-31').map((date) => {
    const w = isoWeekday(date) - 1;
    level[w] = Math.max(50, level[w]! + 120 * normalSample(rand));
    return { date, value: Math.round(level[w]!) };
  });
}

/** A stable level with a weekly pattern and Poisson noise: smoothing beats repeating last week's noise. */
function stablePoisson(seed: number): SeriesPoint[] {
  const rand = mulberry32(seed);
  const pattern = [1.3, 1.1, 1, 1, 0.9, 0.5, 0.2];
  return dateRange('2024-09-02', '2025-08-31').map((date) => ({
    date,
    value: negBinomialSample(rand, 30 * pattern[isoWeekday(date) - 1]!, 0),
  }));
}

describe('rolling-origin selection', () => {
  it('places origins so the last test window ends on the last day, step days apart', () => {
    const p = prepareSeries(stablePoisson(1), everyDay, 14);
    const origins = rollingOrigins(p, { horizon: 14, origins: 4, step: 7 });
    expect(origins).toEqual([p.n - 35, p.n - 28, p.n - 21, p.n - 14]);
  });

  it('never lets a model see its test window', () => {
    // Poison the last 14 days: a model that peeked would forecast huge values for the last origin.
    const history = stablePoisson(2).map((x, i, all) => (i >= all.length - 14 ? { ...x, value: 1e6 } : x));
    const p = prepareSeries(history, everyDay, 14);
    const run = runBacktest(p, { horizon: 14, origins: 1, step: 7 });
    for (const [, pairs] of run.byMethod) for (const m of pairs.mean) expect(m).toBeLessThan(200);
  });

  it.each([3, 4, 5])('picks seasonal naive for weekday random walks (seed %i)', (seed) => {
    const f = fitSeries(weekdayRandomWalks(seed), everyDay, { horizon: 14 });
    expect(f.method).toBe('snaive');
    expect(f.scores.snaive).toBeLessThan(f.scores.ets!);
  });

  it.each([3, 4, 5])('does not pick seasonal naive for a stable Poisson series (seed %i)', (seed) => {
    const f = fitSeries(stablePoisson(seed), everyDay, { horizon: 14 });
    expect(f.method).not.toBe('snaive');
    expect(f.scores[f.method as 'ets']).toBeLessThan(f.scores.snaive!);
  });

  it('fits only the requested model when one is named', () => {
    const f = fitSeries(stablePoisson(6), everyDay, { horizon: 14, method: 'theta' });
    expect(f.method).toBe('theta');
    expect(Object.keys(f.scores)).toEqual(['theta']);
  });

  it('warns and skips selection when the history is too short for a backtest', () => {
    const history = stablePoisson(7).slice(-20);
    const f = fitSeries(history, everyDay, { horizon: 14 });
    expect(f.method).toBe('ensemble');
    expect(f.warnings.map((w) => w.code)).toEqual(['FORECAST_NO_BACKTEST']);
    expect(f.calibration).toBe('in_sample');
    expect(f.calibrationDays).toBe(0);
  });

  it('flags intervals calibrated on too few backtest days, and not those with enough', () => {
    // 45 days: one origin (14 backtest days) has 28 observed days before it; 60 days: three (42 days).
    const short = fitSeries(stablePoisson(8).slice(-45), everyDay, { horizon: 14 });
    expect(short.calibration).toBe('short_backtest');
    expect(short.calibrationDays).toBe(14);
    expect(short.warnings.map((w) => w.code)).toEqual(['FORECAST_SHORT_BACKTEST']);
    const long = fitSeries(stablePoisson(8).slice(-60), everyDay, { horizon: 14 });
    expect(long.calibration).toBe('backtest');
    expect(long.calibrationDays).toBe(42);
    expect(long.warnings).toEqual([]);
  });
});
