import { describe, expect, it } from 'vitest';
import { addDays, dateRange } from '../../../src/core/calendar/dates.ts';
import { derive } from '../../../src/core/forecast/derive.ts';
import { CODE, normaliseHistory, prepareSeries } from '../../../src/core/forecast/prepare.ts';
import { vnContext, vnSeries } from './fixtures.ts';

describe('series preparation', () => {
  const ctx = vnContext();

  it('keeps missing days missing (NaN), not zero, and closed days out of the data', () => {
    const p = prepareSeries(
      [
        { date: '2025-08-25', value: 4 },
        { date: '2025-08-27', value: 0 },
        { date: '2025-08-31', value: 9 }, // a Sunday: closed, so not data
        { date: '2025-09-03', value: null },
      ],
      ctx,
      7,
    );
    expect(p.n).toBe(10);
    expect(p.raw[0]).toBe(4);
    expect(p.raw[1]).toBeNaN(); // 26 Aug absent
    expect(p.raw[2]).toBe(0);
    expect(p.raw[6]).toBeNaN(); // Sunday
    expect(p.open[6]).toBe(0);
  });

  it('codes the days around a holiday and Tết', () => {
    const p = prepareSeries([{ date: '2024-12-02', value: 1 }], ctx, 180);
    const codeOf = (d: string) => p.code[p.dates.indexOf(d)];
    // Tết 2025 (closed 25 Jan – 2 Feb, Tết on 29 Jan) and 30/4–1/5 (closed Wed 30 Apr – Sun 4 May,
    // Saturday 26 Apr worked instead of Friday 2 May).
    expect(codeOf('2025-05-05')).toBe(CODE.post1);
    expect(codeOf('2025-05-06')).toBe(CODE.post2);
    expect(codeOf('2025-04-29')).toBe(CODE.pre1);
    expect(codeOf('2025-04-28')).toBe(CODE.pre2);
    expect(codeOf('2025-04-26')).toBe(CODE.makeup);
    expect(codeOf('2025-01-02')).toBe(CODE.tetA); // after 1 Jan, but within 30 days of Tết: Tết wins
    expect(codeOf('2025-01-10')).toBe(CODE.tetA); // Tết −19
    expect(codeOf('2025-01-22')).toBe(CODE.tetB); // Tết −7
    expect(codeOf('2025-01-24')).toBe(CODE.tetC); // Tết −5, last day before the closure
    expect(codeOf('2025-02-03')).toBe(CODE.tetD); // Tết +5, first day back
    expect(codeOf('2025-02-14')).toBe(CODE.tetE); // Tết +16
    expect(codeOf('2025-03-04')).toBe(CODE.normal);
    expect(codeOf('2025-03-01')).toBe(CODE.normal); // Saturday: closed, never coded
  });

  it('sorts unsorted input and rejects duplicate dates', () => {
    expect(
      normaliseHistory([
        { date: '2025-01-03', value: 1 },
        { date: '2025-01-02', value: 2 },
      ]).map((p) => p.date),
    ).toEqual(['2025-01-02', '2025-01-03']);
    expect(() =>
      normaliseHistory([
        { date: '2025-01-02', value: 1 },
        { date: '2025-01-02', value: 2 },
      ]),
    ).toThrow(/twice/);
    expect(() => normaliseHistory([{ date: '2025-01-02', value: -1 }])).toThrow(/not a count/);
  });
});

describe('derived quantities at an origin', () => {
  it('rescales history before the merger to the level after it', () => {
    const history = vnSeries({
      seed: 4,
      level: 200,
      to: '2025-09-30',
      shift: 2,
      shiftDate: '2025-07-01',
      dispersion: 0.001,
      growthPerYear: 0,
    });
    const p = prepareSeries(history, vnContext(), 14);
    const d = derive(p, p.n);
    expect(d.shiftRatio[0]).toBeGreaterThan(1.9);
    expect(d.shiftRatio[0]).toBeLessThan(2.1);
    expect(d.shiftRatio[p.n - 1]).toBe(1);
  });

  it('drops outliers from the fitting data but keeps holiday surges', () => {
    const history = vnSeries({ seed: 6, level: 100, to: '2025-06-30', dispersion: 0.001 });
    const spike = history.findIndex((x) => x.date === '2025-03-12');
    history[spike] = { ...history[spike]!, value: 1000 };
    const p = prepareSeries(history, vnContext(), 14);
    const d = derive(p, p.n);
    const t = p.dates.indexOf('2025-03-12');
    expect(d.y[t]).toBeNaN();
    expect(d.outliers).toBe(1);
    // The first day back after Tết 2025 and after 30/4 stay: they are calendar events.
    expect(d.y[p.dates.indexOf('2025-05-05')]).not.toBeNaN();
    expect(d.factor[CODE.post1]).toBeGreaterThan(1.25);
  });

  it('uses only days before the origin', () => {
    const history = vnSeries({ seed: 7, to: '2025-06-30' });
    const p = prepareSeries(history, vnContext(), 14);
    const end = p.n - 30;
    const before = derive(p, end);
    // Changing the data after the origin changes nothing.
    const changed = history.map((x) => (x.date >= p.dates[end]! ? { ...x, value: x.value! * 10 } : x));
    const p2 = prepareSeries(changed, vnContext(), 14);
    expect(derive(p2, end)).toEqual({ ...before, p: p2 });
    expect(dateRange(p.dates[end]!, addDays(p.dates[end]!, 1))).toHaveLength(2);
  });
});

describe('as-of dates', () => {
  it('ignores values after the last date it is given', () => {
    const history = vnSeries({ seed: 12, to: '2025-06-30' });
    const p = prepareSeries(history, vnContext(), 7, '2025-05-30');
    expect(p.dates[p.n - 1]).toBe('2025-05-30');
    expect(p.dates[p.n]).toBe('2025-05-31');
    expect(prepareSeries(history, vnContext(), 7, '2023-12-29').n).toBe(1); // before any data
  });
});

describe('a level shift in the last days', () => {
  it('is not mistaken for outliers', () => {
    // The merger 5 days before the origin: the doubled level must stay in the data.
    const history = vnSeries({
      seed: 13,
      level: 100,
      to: '2025-07-07',
      shift: 2,
      shiftDate: '2025-07-01',
      dispersion: 0.001,
    });
    const p = prepareSeries(history, vnContext(), 7);
    const d = derive(p, p.n);
    for (const date of ['2025-07-01', '2025-07-02', '2025-07-03', '2025-07-04', '2025-07-07'])
      expect(d.y[p.dates.indexOf(date)]).not.toBeNaN();
  });
});
