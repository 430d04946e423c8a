import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../scripts/lib/mulberry32.ts';
import { negBinomialSample } from '../../../scripts/lib/synthetic.ts';
import { WorkCalendar } from '../../../src/core/calendar/calendar.ts';
import { addDays, dateRange, isoWeekday } from '../../../src/core/calendar/dates.ts';
import { derive } from '../../../src/core/forecast/derive.ts';
import { fitSeries, predictFitted } from '../../../src/core/forecast/forecast.ts';
import { calendarIsOpen } from '../../../src/core/forecast/panel.ts';
import { prepareSeries } from '../../../src/core/forecast/prepare.ts';
import type { ForecastContext, NamedHoliday, SeriesPoint } from '../../../src/core/forecast/types.ts';
import { forecastJobId } from '../../../src/jobs/ids.ts';
import { forecastPanel } from '../../../src/usecases/forecast-panel.ts';
import { forecastRunId } from '../../../src/usecases/forecast-run.ts';

/** A US-style list: two closed federal holidays and an open shopping day, three years of each. */
const US: NamedHoliday[] = [2022, 2023, 2024].flatMap((y) => [
  { date: `${y}-07-04`, name: 'Independence Day' },
  { date: `${y}-12-25`, name: 'Christmas Day' },
  { date: `${y}-11-${[25, 24, 29][y - 2022]}`, name: 'Black Friday', before: 0, after: 0 },
]);
const closures = US.filter((h) => h.name !== 'Black Friday').map((h) => ({
  date: h.date,
  name: h.name,
  closed: true,
}));
const cal = new WorkCalendar(undefined, closures, 'none');
const WEEKDAYS = [true, true, true, true, true, false, false];
const ctx = (holidays?: NamedHoliday[]): ForecastContext => ({
  calendar: cal,
  isOpen: calendarIsOpen(cal, WEEKDAYS),
  holidays,
});

/**
 * Weekday counts (level 200) with known holiday effects: ×1.8 on the open day after Independence Day,
 * ×0.6 on the open day before Christmas, ×2.5 on Black Friday (an open day). No generic effect otherwise.
 */
function usSeries(seed: number, to: string): SeriesPoint[] {
  const rand = mulberry32(seed);
  const isOpen = ctx().isOpen;
  const after = new Set<string>();
  const before = new Set<string>();
  for (const h of US) {
    let d = addDays(h.date, 1);
    while (!isOpen(d)) d = addDays(d, 1);
    if (h.name === 'Independence Day') after.add(d);
    d = addDays(h.date, -1);
    while (!isOpen(d)) d = addDays(d, -1);
    if (h.name === 'Christmas Day') before.add(d);
  }
  const friday = new Set(US.filter((h) => h.name === 'Black Friday').map((h) => h.date));
  return dateRange('2022-01-03', to)
    .filter((d) => isOpen(d))
    .map((date) => {
      let m = 200 * [1.2, 1, 1, 1, 0.9][isoWeekday(date) - 1]!;
      if (after.has(date)) m *= 1.8;
      if (before.has(date)) m *= 0.6;
      if (friday.has(date)) m *= 2.5;
      return { date, value: negBinomialSample(rand, m, 0.005) };
    });
}

describe('named holidays of any country', () => {
  it('mark before / on / after on open days, with per-holiday windows', () => {
    const p = prepareSeries(usSeries(1, '2022-12-31'), ctx(US), 14);
    const code = (d: string) => p.named[p.dates.indexOf(d)]!;
    const idx = (name: string) => 1 + 3 * p.holidayNames.indexOf(name);
    expect(p.holidayNames).toEqual(['Independence Day', 'Christmas Day', 'Black Friday']);
    // 2022-07-04 is a Monday (closed): before = Friday 1 July, after = Tuesday 5 July; the day itself is closed.
    expect(code('2022-07-01')).toBe(idx('Independence Day'));
    expect(code('2022-07-04')).toBe(0);
    expect(code('2022-07-05')).toBe(idx('Independence Day') + 2);
    expect(code('2022-07-06')).toBe(0);
    // Black Friday: open, its own "on" code only (before 0, after 0).
    expect(code('2022-11-25')).toBe(idx('Black Friday') + 1);
    expect(code('2022-11-24')).toBe(0);
    expect(code('2022-11-28')).toBe(0);
    // Without a list nothing is marked.
    expect(prepareSeries(usSeries(1, '2022-12-31'), ctx(), 14).named.every((c) => c === 0)).toBe(true);
  });

  it('each named holiday gets its own effect, learnt from its past years', () => {
    const p = prepareSeries(usSeries(2, '2024-10-31'), ctx(US), 14);
    const d = derive(p, p.n);
    // The calendar multiplier of a day: the generic effect (after / before any closure) × the named one.
    const total = (date: string) => {
      const t = p.dates.indexOf(date);
      return d.factor[p.code[t]!]! * d.namedFactor[p.named[t]!]!;
    };
    expect(total('2024-07-05')).toBeGreaterThan(1.5); // after Independence Day: simulated ×1.8
    // After Christmas (no simulated effect): its own estimate, well apart from Independence Day's.
    expect(total('2024-07-05') - total('2023-12-26')).toBeGreaterThan(0.3);
    expect(total('2023-12-22')).toBeLessThan(0.8); // before Christmas: ×0.6
    expect(total('2024-07-03')).toBeGreaterThan(0.85); // before Independence Day: no simulated effect
    expect(total('2023-11-24')).toBeGreaterThan(2); // Black Friday: ×2.5
    // Without the list, the days after both closures share one generic effect.
    const p0 = prepareSeries(usSeries(2, '2024-10-31'), ctx(), 14);
    const d0 = derive(p0, p0.n);
    const t0 = p0.dates.indexOf('2024-07-05');
    expect(d0.factor[p0.code[t0]!]!).toBeLessThan(total('2024-07-05') - 0.1);
  });

  it.each(['ensemble', 'glm', 'auto'] as const)(
    'forecasts the next Black Friday with its effect (%s)',
    (method) => {
      // History to 2024-11-15; the horizon holds Black Friday 2024-11-29 and the Friday before it.
      const history = usSeries(3, '2024-11-15');
      const at = (h: NamedHoliday[] | undefined) => {
        const fc = predictFitted(fitSeries(history, ctx(h), { method, horizon: 14 }), 14);
        return {
          bf: fc.mean[fc.dates.indexOf('2024-11-29')]!,
          fri: fc.mean[fc.dates.indexOf('2024-11-22')]!,
        };
      };
      const named = at(US);
      const plain = at(undefined);
      expect(named.bf / named.fri).toBeGreaterThan(2);
      expect(plain.bf / plain.fri).toBeLessThan(1.2);
    },
  );

  it('reach the panel forecast through the calendar’s local events (the --holidays file, the API)', async () => {
    const history = usSeries(3, '2024-11-15');
    const events = [
      ...closures,
      ...US.filter((h) => h.name === 'Black Friday').map((h) => ({ ...h, closed: false })),
    ];
    const run = (local: typeof events) =>
      forecastPanel(
        [{ key: { point: 'P1' } }, { key: { point: 'P2' } }].map((s) => ({ ...s, history })),
        {
          horizon: 14,
          calendar: { model: { years: {} }, local, mode: 'none' },
          method: 'glm',
          reconcile: 'none',
          threads: 0,
        },
      );
    const ratio = (r: Awaited<ReturnType<typeof run>>) => {
      const at = (d: string) => r.rows.find((x) => x.point === 'P1' && x.date === d)!.mean;
      return at('2024-11-29') / at('2024-11-22');
    };
    expect(ratio(await run(events))).toBeGreaterThan(2);
    expect(ratio(await run(closures))).toBeLessThan(1.2);
  });

  it('name another stored run and job when the API request carries another holiday list', () => {
    const req = { asOf: '2026-11-30', horizon: 14 };
    const us = [{ date: '2026-12-25', name: 'Christmas Day', closed: true }];
    const ids = [req, { ...req, holidays: us }, { ...req, holidays: [{ ...us[0]!, after: 3 }] }];
    expect(new Set(ids.map(forecastRunId)).size).toBe(3);
    expect(new Set(ids.map(forecastJobId)).size).toBe(3);
    expect(forecastRunId(req)).toBe('fc-2026-11-30-h14-auto-q0.1_0.5_0.9-all'); // unchanged without a list
  });
});
