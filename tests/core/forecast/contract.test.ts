import { describe, expect, it } from 'vitest';
import { createModel } from '../../../src/core/forecast/models.ts';
import { METHODS, type MethodChoice } from '../../../src/core/forecast/types.ts';
import { vn, vnContext, vnSeries } from './fixtures.ts';

// One contract for every model (after statsforecast's tests/test_models.py): whatever the model, a forecast
// has h days, is non-negative, has ordered quantiles, is exactly 0 on closed days and is deterministic.
const MODELS: MethodChoice[] = [...METHODS, 'auto'];
const LEVELS = [0.05, 0.1, 0.5, 0.9, 0.95];

describe.each(MODELS)('model %s', (name) => {
  // Saturday-morning point, with the merger shift, outliers and missing days: the awkward cases at once.
  const history = vnSeries({
    seed: 11,
    level: 12,
    saturday: true,
    shift: 1.4,
    shiftDate: '2025-07-01',
    to: '2025-08-20',
    outlierRate: 0.01,
    missingRate: 0.03,
  });
  const ctx = vnContext(true);
  // The horizon crosses Quốc khánh (2025-08-30 – 2025-09-02) and Sundays.
  const h = 21;
  const result = createModel(name).fit(history, ctx).predict(h, LEVELS);

  it('forecasts h days after the last date', () => {
    expect(result.dates).toHaveLength(h);
    expect(result.dates[0]).toBe('2025-08-21');
    expect(result.mean).toHaveLength(h);
    for (const q of result.quantiles) expect(q).toHaveLength(h);
  });

  it('is non-negative with ordered quantiles', () => {
    for (let k = 0; k < h; k++) {
      expect(result.mean[k]).toBeGreaterThanOrEqual(0);
      for (let i = 1; i < LEVELS.length; i++)
        expect(result.quantiles[i]![k]).toBeGreaterThanOrEqual(result.quantiles[i - 1]![k]!);
      expect(result.quantiles[0]![k]).toBeGreaterThanOrEqual(0);
    }
  });

  it('is exactly 0 on closed days and positive on open ones', () => {
    result.dates.forEach((d, k) => {
      const open = ctx.isOpen(d);
      if (!open) {
        expect(result.mean[k]).toBe(0);
        for (const q of result.quantiles) expect(q[k]).toBe(0);
      } else expect(result.mean[k]).toBeGreaterThan(0);
    });
    expect(vn.kind('2025-09-02')).toBe('holiday');
    expect(result.mean[result.dates.indexOf('2025-09-02')]).toBe(0);
  });

  it('is deterministic', () => {
    const again = createModel(name).fit(history, ctx).predict(h, LEVELS);
    expect(again).toEqual(result);
  });

  it('stays at the level of the data', () => {
    const recent = history.slice(-40).map((p) => p.value!);
    const avg = recent.reduce((a, b) => a + b, 0) / recent.length;
    const open = result.mean.filter((_, k) => ctx.isOpen(result.dates[k]!) && k > 0);
    const fAvg = open.reduce((a, b) => a + b, 0) / open.length;
    expect(fAvg).toBeGreaterThan(0.5 * avg);
    expect(fAvg).toBeLessThan(2 * avg);
  });
});

describe('short histories', () => {
  it('falls back to a weekday shape × level with a warning below 14 observed days', () => {
    const history = vnSeries({ seed: 3, from: '2025-06-02', to: '2025-06-13' });
    const model = createModel('auto').fit(history, vnContext());
    const r = model.predict(7);
    expect(model.lastFit?.method).toBe('short');
    expect(model.lastFit?.warnings[0]?.code).toBe('FORECAST_HISTORY_TOO_SHORT');
    const avg = history.reduce((a, p) => a + p.value!, 0) / history.length;
    // Mon 2025-06-16 … Fri 2025-06-20 open at the mean level (flat shape), the weekend closed.
    expect(r.dates[0]).toBe('2025-06-14');
    expect(r.mean.slice(0, 2)).toEqual([0, 0]);
    for (const m of r.mean.slice(2)) expect(m).toBeCloseTo(avg, 6);
  });

  it('borrows the shape of similar series for a new point', () => {
    const history = vnSeries({ seed: 3, from: '2025-06-02', to: '2025-06-06', level: 10 });
    const shape = [1.5, 1, 1, 1, 0.5, 0, 0];
    const ctx = { ...vnContext(), shape };
    const r = createModel('auto').fit(history, ctx).predict(7);
    const level = history.reduce((a, p) => a + p.value!, 0) / 5; // Σ shape over Mon–Fri = 5
    expect(r.mean[2]).toBeCloseTo(1.5 * level, 6); // Monday 2025-06-09
    expect(r.mean[6]).toBeCloseTo(0.5 * level, 6); // Friday 2025-06-13
  });

  it('uses the fallback level of similar series for a point without any data', () => {
    const model = createModel('auto').fit([{ date: '2025-06-06', value: null }], {
      ...vnContext(),
      fallbackLevel: 7,
    });
    const r = model.predict(3);
    expect(model.lastFit?.warnings[0]?.code).toBe('FORECAST_NO_HISTORY');
    expect(r.mean).toEqual([0, 0, 7]); // Sat, Sun closed; Monday at the borrowed level
  });
});
