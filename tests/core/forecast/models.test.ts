import { describe, expect, it } from 'vitest';
import { SYNTHETIC_EFFECTS } from '../../../scripts/lib/synthetic.ts';
import { addDays, dateRange, isoWeekday } from '../../../src/core/calendar/dates.ts';
import { ENSEMBLE_MEMBERS, FITTERS } from '../../../src/core/forecast/backtest.ts';
import { derive } from '../../../src/core/forecast/derive.ts';
import { prepareSeries } from '../../../src/core/forecast/prepare.ts';
import type { ForecastContext, SeriesPoint } from '../../../src/core/forecast/types.ts';
import { plain, vnContext, vnSeries } from './fixtures.ts';

/** Fits one model on the whole history and returns its mean forecast by date. */
function forecast(method: keyof typeof FITTERS, history: SeriesPoint[], ctx: ForecastContext, h: number) {
  const p = prepareSeries(history, ctx, h);
  const mean = FITTERS[method](derive(p, p.n))(h);
  return new Map(p.dates.slice(p.n).map((d, k) => [d, mean[k]!]));
}

const everyDay: ForecastContext = { calendar: plain, isOpen: () => true };
const weekdays: ForecastContext = { calendar: plain, isOpen: (d) => isoWeekday(d) <= 5 };
const PATTERN = [50, 40, 38, 36, 30, 20, 10]; // Monday … Sunday

function weekly(from: string, to: string, level: (i: number) => number = () => 1): SeriesPoint[] {
  return dateRange(from, to).map((date, i) => ({ date, value: PATTERN[isoWeekday(date) - 1]! * level(i) }));
}

describe('seasonal naive', () => {
  it('repeats the last observed value of the same weekday, skipping missing days', () => {
    const history = weekly('2025-01-06', '2025-03-02').map((p, i) => ({ ...p, value: p.value! + i }));
    // The last Monday (2025-02-24) is missing: the Monday before it stands in.
    const withGap = history.filter((p) => p.date !== '2025-02-24');
    const f = forecast('snaive', withGap, everyDay, 7);
    const valueOn = (d: string) => withGap.find((p) => p.date === d)!.value;
    expect(f.get('2025-03-03')).toBe(valueOn('2025-02-17'));
    expect(f.get('2025-03-04')).toBe(valueOn('2025-02-25'));
    expect(f.get('2025-03-09')).toBe(valueOn('2025-03-02'));
  });
});

describe('damped-trend weekly exponential smoothing', () => {
  it('reproduces a stable multiplicative weekly pattern', () => {
    const f = forecast('ets', weekly('2024-06-03', '2025-03-02'), everyDay, 14);
    for (const [d, v] of f) expect(v).toBeCloseTo(PATTERN[isoWeekday(d) - 1]!, 0);
  });

  it('follows a level that has moved up, without overshooting it', () => {
    // 20% higher for the last 8 weeks.
    const f = forecast(
      'ets',
      weekly('2024-06-03', '2025-03-02', (i) => (i >= 217 ? 1.2 : 1)),
      everyDay,
      7,
    );
    for (const [d, v] of f) {
      const ratio = v / PATTERN[isoWeekday(d) - 1]!;
      expect(ratio).toBeGreaterThan(1.15);
      expect(ratio).toBeLessThan(1.25);
    }
  });
});

describe('Theta', () => {
  it('extends a linear trend with half its slope (SES with drift b/2, Hyndman & Billah 2003)', () => {
    // No weekly pattern: 100 + 0.5·i on every day.
    const history = dateRange('2025-01-01', '2025-04-30').map((date, i) => ({ date, value: 100 + 0.5 * i }));
    const f = forecast('theta', history, everyDay, 10);
    const last = history[history.length - 1]!.value!;
    // SES on a noise-free line picks α → 0.99, so ℓ_n ≈ y_n; then + (b/2)·(k − 1 + 1/α) ≈ y_n + 0.25·k.
    for (let k = 1; k <= 10; k++) expect(f.get(addDays('2025-04-30', k))!).toBeCloseTo(last + 0.25 * k, 0);
  });

  it('steps over closed weekends (the open-day sequence)', () => {
    const history = weekly('2024-09-02', '2025-02-28').filter((p) => isoWeekday(p.date) <= 5);
    const f = forecast('theta', history, weekdays, 7);
    expect(f.get('2025-03-01')).toBe(0);
    expect(f.get('2025-03-02')).toBe(0);
    expect(f.get('2025-03-03')!).toBeCloseTo(50, 0);
    expect(f.get('2025-03-07')!).toBeCloseTo(30, 0);
  });
});

describe('negative-binomial count regression', () => {
  it('recovers the weekday, after-holiday and before-holiday effects', () => {
    // Large level so the noise is small; the horizon covers Quốc khánh 2025 (closed Mon 1 – Tue 2 Sep).
    const history = vnSeries({ seed: 5, level: 400, to: '2025-08-24', dispersion: 0.002, growthPerYear: 0 });
    const f = forecast('glm', history, vnContext(), 21);
    const wed = f.get('2025-09-10')!;
    // Wednesday 3 Sep is the first day back (×1.4), Friday 29 Aug the last before (×1.25).
    expect(f.get('2025-09-03')! / wed).toBeCloseTo(SYNTHETIC_EFFECTS.post1, 1);
    expect(f.get('2025-08-29')! / f.get('2025-09-12')!).toBeCloseTo(SYNTHETIC_EFFECTS.pre1, 1);
    expect(f.get('2025-09-08')! / wed).toBeCloseTo(
      SYNTHETIC_EFFECTS.weekday[0]! / SYNTHETIC_EFFECTS.weekday[2]!,
      1,
    );
    expect(f.get('2025-09-01')).toBe(0);
    expect(wed / 400).toBeGreaterThan(0.95);
    expect(wed / 400).toBeLessThan(1.05);
  });

  it('takes the 2025-07-01 merger as a level shift', () => {
    const history = vnSeries({
      seed: 8,
      level: 100,
      to: '2025-08-15',
      shift: 1.5,
      shiftDate: '2025-07-01',
      dispersion: 0.002,
      growthPerYear: 0,
    });
    const f = forecast('glm', history, vnContext(), 7);
    // Wednesday 2025-08-20 at 1.5 × the old level.
    expect(f.get('2025-08-20')! / 150).toBeGreaterThan(0.95);
    expect(f.get('2025-08-20')! / 150).toBeLessThan(1.05);
  });
});

describe('Tết', () => {
  it.each(['ets', 'theta', 'glm'] as const)(
    '%s forecasts the slow weeks after Tết below the rush before it',
    (m) => {
      // History to 2025-01-12; the horizon runs over the pre-Tết rush, the Tết closure and the slow return.
      const history = vnSeries({
        seed: 9,
        level: 200,
        from: '2023-06-01',
        to: '2025-01-12',
        dispersion: 0.002,
      });
      const f = forecast(m, history, vnContext(), 28);
      expect(f.get('2025-01-28')).toBe(0); // Tết holiday
      const rush = f.get('2025-01-23')!; // Thursday, Tết −6
      const after = f.get('2025-02-06')!; // Thursday, Tết +8
      expect(rush / after).toBeGreaterThan(1.8); // simulated ×1.5 vs ×0.6 → 2.5
    },
  );
});

describe('combination', () => {
  it('is the equal-weight mean of ETS, Theta and the count regression', () => {
    const history = vnSeries({ seed: 2, to: '2025-03-31' });
    const ctx = vnContext();
    const e = forecast('ensemble', history, ctx, 14);
    const members = ENSEMBLE_MEMBERS.map((m) => forecast(m, history, ctx, 14));
    for (const [d, v] of e) expect(v).toBeCloseTo(members.reduce((a, f) => a + f.get(d)!, 0) / 3, 9);
  });
});
