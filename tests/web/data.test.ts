import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import { addDays, isoWeekLabel, mondayOf } from '../../src/core/calendar/dates.ts';
import { msg, renderTexts } from '../../src/core/messages.ts';
import { diffRosterMoves } from '../../src/core/optimize/plan-diff.ts';
import { buildWeeklyPlan } from '../../src/core/optimize/weekly-plan.ts';
import { FIGURES } from '../../src/core/simulate/engine.ts';
import { groupFigures } from '../../src/core/simulate/report.ts';
import { PlanInput } from '../../src/schemas/plan.ts';
import { parseOrThrow } from '../../src/schemas/validate.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadOptimizeModel,
  loadStaffingModel,
} from '../../src/store/model-files.ts';
import { forecastSeriesView } from '../../src/usecases/forecast-view.ts';

// The page's readers (plain JS modules, loaded as they are served).
const DATA = '../../src/web/public/js/data.js';
// biome-ignore lint/suspicious/noExplicitAny: untyped browser module
const data = (await import(DATA)) as Record<string, any>;

describe('dashboard readers of API answers', () => {
  it('shows the moves of two plans as the server diffs them: added, removed, changed with before', () => {
    const m = (date: string, staff_id: string, from: string, to: string, minutes = 10) => ({
      date,
      staff_id,
      name: `Cán bộ ${staff_id}`,
      from,
      to,
      minutes,
      reason: msg('text.plain', { text: `${from} → ${to}` }),
    });
    const a = [
      m('2026-01-05', 'S1', 'P1', 'P2'),
      m('2026-01-05', 'S2', 'P1', 'P3'),
      m('2026-01-06', 'S1', 'P1', 'P2'),
      m('2026-01-07', 'S4', 'P6', 'P7', 20),
    ];
    const b = [
      m('2026-01-05', 'S1', 'P1', 'P2'),
      m('2026-01-05', 'S2', 'P1', 'P4'),
      m('2026-01-07', 'S3', 'P5', 'P2'),
      m('2026-01-07', 'S4', 'P6', 'P7', 35),
    ];
    // What GET /plans/:a/diff/:b answers in `moves` (the server's diff of the two rosters).
    const moves = diffRosterMoves(a, b);
    expect(moves.changed.map((c) => [c.date, c.staff_id])).toEqual([
      ['2026-01-05', 'S2'],
      ['2026-01-07', 'S4'],
    ]);
    const rows = data.diffRows(JSON.parse(JSON.stringify(renderTexts(moves, 'en')))) as Array<{
      kind: string;
      date: string;
      staff_id: string;
      name: string;
      to: string;
      minutes: number;
      reason: string;
      before?: unknown;
    }>;
    expect(rows.map((d) => [d.kind, d.date, d.staff_id, d.to])).toEqual([
      ['changed', '2026-01-05', 'S2', 'P4'],
      ['removed', '2026-01-06', 'S1', 'P2'],
      ['added', '2026-01-07', 'S3', 'P2'],
      ['changed', '2026-01-07', 'S4', 'P7'],
    ]);
    expect(rows[0]!.before).toEqual({ from: 'P1', to: 'P3', minutes: 10 });
    expect(rows[0]).toMatchObject({ name: 'Cán bộ S2', reason: 'P1 → P4', minutes: 10 });
    expect(rows[3]!.before).toEqual({ from: 'P6', to: 'P7', minutes: 20 });
    expect(rows[3]!.minutes).toBe(35);
    expect(data.diffRows(diffRosterMoves(a, a))).toEqual([]);
    expect(data.diffRows(undefined)).toEqual([]);
  });

  it('reads moves, KPIs, utilisation and explanation from a stored weekly plan', () => {
    const bundle = parseOrThrow(
      PlanInput,
      JSON.parse(readFileSync(new URL('../../docs/examples/plan-input.json', import.meta.url), 'utf8')),
      'example',
    );
    const result = buildWeeklyPlan({
      week: bundle.week,
      points: bundle.points,
      staff: bundle.staff,
      forecastRows: bundle.forecast,
      models: { fields: loadFieldsModel(), staffing: loadStaffingModel(), optimize: loadOptimizeModel() },
      calendar: new WorkCalendar(loadCalendarModel()),
    });
    // As GET /plans/:id answers (src/usecases/weekly-plan.ts StoredPlan): summary columns + result.
    const stored = {
      id: 'plan-x',
      week: result.week,
      status: 'draft',
      kpis: result.kpis,
      decided_by: null,
      result: renderTexts(result, 'en'),
    };
    const plan = data.normalisePlan(stored);
    expect(plan.id).toBe('plan-x');
    expect(plan.week).toBe(result.week);
    expect(plan.moves).toHaveLength(result.roster.moves.length);
    expect(plan.moves.reduce((s: number, m: { staff: number }) => s + m.staff, 0)).toBe(result.kpis.moves);
    for (const m of plan.moves) {
      expect(m.reason).not.toBe('');
      expect(m.from).not.toBe(m.to);
    }
    expect(plan.utilisation).toHaveLength(bundle.points.length);
    expect(plan.explanation).toEqual(renderTexts(result.explanation, 'en'));
  });

  it('reads grouped simulation reports and flat summaries alike', () => {
    const est = (v: number) => ({ mean: v, lo: v - 1, hi: v + 1 });
    const figures = Object.fromEntries(FIGURES.map((f, i) => [f, est(i)])) as Record<
      (typeof FIGURES)[number],
      ReturnType<typeof est>
    >;
    const grouped = groupFigures(figures);
    for (const name of ['wait_mean_min', 'within_target', 'on_time_rate', 'backlog', 'overdue', 'arrived']) {
      const want = figures[name as (typeof FIGURES)[number]];
      expect(data.figure(grouped, name), name).toEqual(want);
      expect(data.figure(figures, name), name).toEqual(want);
    }
    const sim = data.normaliseSimulation({
      base: { city: grouped },
      difference: { city: grouped, points: [{ point: 'P001', ...grouped }] },
    });
    expect(data.figure(sim.base, 'backlog')).toEqual(figures.backlog);
    expect(sim.points[0].point).toBe('P001');
    expect(data.figure(sim.points[0].figures, 'wait_mean_min')).toEqual(figures.wait_mean_min);
  });

  it('takes city rows of a forecast as they are, and sums finer rows when there are none', () => {
    const rows = [
      {
        level: 'city',
        point: '',
        channel: '',
        field: '',
        date: '2026-01-05',
        mean: 10,
        quantiles: { '0.1': 8, '0.9': 13 },
      },
      {
        level: 'series',
        point: 'P1',
        channel: 'online',
        field: 'land',
        date: '2026-01-05',
        mean: 4,
        quantiles: { '0.1': 2, '0.9': 6 },
      },
      {
        level: 'series',
        point: 'P2',
        channel: 'online',
        field: 'land',
        date: '2026-01-05',
        mean: 5,
        quantiles: { '0.1': 3, '0.9': 7 },
      },
    ];
    const fc = data.normaliseForecast({ run: { id: 'r', as_of: '2026-01-04', horizon: 1 }, values: rows });
    expect(fc.run.as_of).toBe('2026-01-04');
    expect(data.citySeries(fc.rows, '', '')).toEqual({
      days: [{ date: '2026-01-05', mean: 10, p10: 8, p90: 13 }],
      approx: false,
    });
    // The API's city totals by channel (src/usecases/forecast-run.ts getForecastRun) are used as they are.
    const byChannel = data.normaliseForecast({
      run: { id: 'r', as_of: '2026-01-04', horizon: 1 },
      values: [
        ...rows,
        {
          level: 'city_channel',
          point: '',
          channel: 'online',
          field: '',
          date: '2026-01-05',
          mean: 9,
          quantiles: { '0.1': 7, '0.9': 11 },
        },
      ],
    });
    expect(data.citySeries(byChannel.rows, 'online', '')).toEqual({
      days: [{ date: '2026-01-05', mean: 9, p10: 7, p90: 11 }],
      approx: false,
    });
    // No city × online × land row: the sum of the series, flagged as approximate.
    expect(data.citySeries(fc.rows, 'online', 'land')).toEqual({
      days: [{ date: '2026-01-05', mean: 9, p10: 5, p90: 13 }],
      approx: true,
    });
  });

  it('reads the series layout of the API (arrays over the run’s dates, null where a series has no day)', () => {
    const view = forecastSeriesView(
      {
        id: 'r',
        created_at: '',
        as_of: '2026-01-04',
        horizon: 2,
        method: 'auto',
        quantiles: [0.1, 0.5, 0.9],
        diagnostics: {},
      },
      ['city', 'point'],
      [
        {
          level: 'city',
          point: '',
          channel: '',
          field: '',
          date: '2026-01-05',
          mean: 10,
          quantiles: { '0.1': 8, '0.5': 10, '0.9': 13 },
        },
        {
          level: 'city',
          point: '',
          channel: '',
          field: '',
          date: '2026-01-06',
          mean: 12.345,
          quantiles: { '0.1': 9, '0.5': 12, '0.9': 15 },
        },
        {
          level: 'point',
          point: 'P1',
          channel: '',
          field: '',
          date: '2026-01-06',
          mean: 4,
          quantiles: { '0.1': 2, '0.5': 4, '0.9': 6 },
        },
      ],
    );
    const fc = data.normaliseForecast(JSON.parse(JSON.stringify(view)));
    expect(fc.run).toMatchObject({ id: 'r', as_of: '2026-01-04', horizon: 2 });
    expect(data.citySeries(fc.rows, '', '')).toEqual({
      days: [
        { date: '2026-01-05', mean: 10, p10: 8, p90: 13 },
        { date: '2026-01-06', mean: 12.35, p10: 9, p90: 15 },
      ],
      approx: false,
    });
    expect(data.pointTotalRows(fc.rows)).toEqual([
      {
        level: 'point',
        point: 'P1',
        channel: '',
        field: '',
        date: '2026-01-06',
        mean: 4,
        p10: 2,
        p50: 4,
        p90: 6,
      },
    ]);
  });

  it('numbers ISO weeks like the server', () => {
    expect(data.isoWeekLabel('2026-01-01')).toBe('2026-W01');
    expect(data.isoWeekLabel('2027-01-01')).toBe('2026-W53');
    expect(data.mondayOf('2026-11-29')).toBe('2026-11-23');
    for (let d = '2024-12-20'; d <= '2028-01-10'; d = addDays(d, 1)) {
      expect(data.isoWeekLabel(d), d).toBe(isoWeekLabel(d));
      expect(data.mondayOf(d), d).toBe(mondayOf(d));
    }
  });
});
