import { describe, expect, it } from 'vitest';
import { syntheticSeries } from '../../scripts/lib/synthetic.ts';
import { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import { WorkerPool } from '../../src/parallel/pool.ts';
import { loadCalendarModel } from '../../src/store/model-files.ts';
import { backtestPanel } from '../../src/usecases/backtest-panel.ts';
import { forecastPanel, type PanelInputSeries } from '../../src/usecases/forecast-panel.ts';

const model = loadCalendarModel();
const cal = new WorkCalendar(model);
const FIELDS = ['land', 'civil_status', 'other'];

/** Two points × two channels × three fields; P2 opens Saturday mornings; P3 is new (9 days of data). */
function panel(): PanelInputSeries[] {
  const out: PanelInputSeries[] = [];
  let seed = 1;
  for (const point of ['P1', 'P2'])
    for (const channel of ['in_person', 'online'])
      for (const field of FIELDS)
        out.push({
          key: { point, channel, field },
          history: syntheticSeries({
            from: '2024-10-01',
            to: '2025-08-15',
            level: 3 + seed,
            calendar: cal,
            saturday: point === 'P2',
            seed: seed++,
          }),
        });
  out.push({
    key: { point: 'P3', channel: 'online', field: 'land' },
    history: syntheticSeries({ from: '2025-08-04', to: '2025-08-14', level: 5, calendar: cal, seed: 99 }),
  });
  return out;
}

describe('forecastPanel', () => {
  const series = panel();
  const branchOf = (p: string) => (p === 'P3' ? 'B2' : 'B1');
  const run = forecastPanel(series, {
    horizon: 14,
    calendar: { model },
    includeAggregates: true,
    branchOf,
    threads: 0,
  });

  it('returns one row per series and day after the last date, with quantile columns', async () => {
    const r = await run;
    expect(r.dates[0]).toBe('2025-08-16');
    expect(r.dates).toHaveLength(14);
    const leaves = r.rows.filter((x) => x.field !== undefined);
    expect(leaves).toHaveLength(series.length * 14);
    expect(Object.keys(leaves[0]!.quantiles)).toEqual(['p10', 'p50', 'p90']);
    expect(leaves[0]).toMatchObject({ point: 'P1', channel: 'in_person', field: 'land', date: '2025-08-16' });
  });

  it('reconciles: every aggregate is the sum of its children', async () => {
    const r = await run;
    const total = (pred: (x: (typeof r.rows)[number]) => boolean, date: string) =>
      r.rows.filter((x) => x.date === date && pred(x)).reduce((a, x) => a + x.mean, 0);
    for (const date of r.dates) {
      const leaves = total((x) => x.field !== undefined, date);
      const city = r.rows.find(
        (x) => x.date === date && x.method === 'aggregate' && Object.keys(x).length === 4,
      )!;
      expect(city.mean).toBeCloseTo(leaves, 6);
      const p1 = r.rows.find((x) => x.date === date && x.point === 'P1' && x.channel === undefined)!;
      expect(p1.mean).toBeCloseTo(
        total((x) => x.point === 'P1' && x.field !== undefined, date),
        6,
      );
      const b1 = r.rows.find((x) => x.date === date && x.branch === 'B1')!;
      expect(b1.mean).toBeCloseTo(
        total((x) => x.point !== 'P3' && x.field !== undefined, date),
        6,
      );
    }
    expect(r.diagnostics.aggregatesFitted).toBeGreaterThan(0);
  });

  it('forecasts 0 on holidays and on days a point is closed', async () => {
    const r = await run;
    const on = (d: string, point: string) =>
      r.rows.filter((x) => x.date === d && x.point === point && x.field);
    for (const x of on('2025-08-17', 'P1')) expect(x.mean).toBe(0); // Sunday
    for (const x of on('2025-08-16', 'P1')) expect(x.mean).toBe(0); // Saturday, P1 has no Saturday service
    expect(on('2025-08-16', 'P2').every((x) => x.mean > 0)).toBe(true); // P2 opens Saturday mornings
    for (const x of r.rows.filter((x) => x.date === '2025-08-30' || x.date === '2025-09-01'))
      expect(x.mean).toBe(0);
  });

  it('gives a new point the shape of similar series, with a warning', async () => {
    const r = await run;
    const d = r.diagnostics.series.find((s) => s.key.point === 'P3')!;
    expect(d.method).toBe('short');
    expect(d.warnings[0]!.code).toBe('FORECAST_HISTORY_TOO_SHORT');
    // Its interval has no backtest behind it: the diagnostics say so, and count it.
    expect(d.calibration).toBe('in_sample');
    const fitted = r.diagnostics.series.filter((s) => s.key.point !== 'P3');
    expect(fitted.every((s) => s.calibration === 'backtest' && s.calibrationDays >= 20)).toBe(true);
    expect(r.diagnostics.calibration.in_sample).toBe(r.diagnostics.series.length - fitted.length);
    const monday = r.rows.find((x) => x.point === 'P3' && x.field && x.date === '2025-08-18')!;
    const friday = r.rows.find((x) => x.point === 'P3' && x.field && x.date === '2025-08-22')!;
    expect(monday.mean / friday.mean).toBeGreaterThan(1.2); // simulated Monday 1.25 vs Friday 0.85
  });

  it('gives the same numbers in worker threads as inline', async () => {
    const pool = new WorkerPool(new URL('../../src/usecases/forecast-panel-worker.ts', import.meta.url), 2);
    try {
      const threaded = await forecastPanel(series, {
        horizon: 14,
        calendar: { model },
        includeAggregates: true,
        branchOf,
        pool,
      });
      expect(threaded.diagnostics.workers).toBe(2);
      expect(threaded.rows).toEqual((await run).rows);
    } finally {
      await pool.close();
    }
  });

  it('uses a caller-given opening rule', async () => {
    const r = await forecastPanel(series.slice(0, 2), {
      horizon: 7,
      calendar: { model },
      threads: 0,
      isOpen: (key, date) => date !== '2025-08-19' && cal.isOpen(date, undefined, key.point),
    });
    for (const x of r.rows.filter((x) => x.date === '2025-08-19')) expect(x.mean).toBe(0);
    expect(r.rows.filter((x) => x.date === '2025-08-20').every((x) => x.mean > 0)).toBe(true);
  });

  it('forecasts as of a date exactly as if later data did not exist', async () => {
    // After the as-of date P1 starts Saturday service: that must not leak into the opening rule.
    const saturdays = ['2025-08-02', '2025-08-09', '2025-08-16', '2025-08-23', '2025-08-30'];
    const two = series.slice(0, 2).map((s) => ({
      ...s,
      history: [...s.history, ...saturdays.map((date) => ({ date, value: 500 }))],
    }));
    const asOf = '2025-07-31';
    const a = await forecastPanel(two, { horizon: 7, calendar: { model }, threads: 0, asOf });
    const cut = two.map((s) => ({ ...s, history: s.history.filter((p) => p.date <= asOf) }));
    const b = await forecastPanel(cut, { horizon: 7, calendar: { model }, threads: 0 });
    expect(a.dates[0]).toBe('2025-08-01');
    expect(a.rows).toEqual(b.rows);
    expect(a.rows.filter((r) => r.date === '2025-08-02').every((r) => r.mean === 0)).toBe(true);
  });

  it('rejects bad quantile levels and duplicate keys', async () => {
    await expect(
      forecastPanel(series, { horizon: 7, calendar: { model }, quantiles: [0, 0.5] }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(
      forecastPanel([series[0]!, series[0]!], { horizon: 7, calendar: { model }, threads: 0 }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('backtestPanel', () => {
  it('scores every method per series and summarises', async () => {
    const r = await backtestPanel(panel().slice(0, 3), {
      horizon: 14,
      origins: 2,
      step: 28,
      methods: ['snaive', 'auto'],
      calendar: { model },
      threads: 0,
    });
    expect(r.series).toHaveLength(3);
    expect(r.summary.map((s) => s.method)).toEqual(['snaive', 'auto']);
    expect(r.summary[0]!.relativeToSnaive).toBeCloseTo(1, 12);
    expect(r.summary[1]!.mase).toBeGreaterThan(0);
    expect(Object.values(r.summary[1]!.chosen).reduce((a, b) => a + b!, 0)).toBe(6); // 3 series × 2 origins
  });
});
