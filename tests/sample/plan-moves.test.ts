import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar/index.ts';
import { render, renderTexts } from '../../src/core/messages.ts';
import { buildWeeklyPlan } from '../../src/core/optimize/weekly-plan.ts';
import { REPORT_Q3_2025 } from '../../src/sample/calibration.ts';
import { DEFAULT_SEED, sampleDataset } from '../../src/sample/dataset.ts';
import { expectedLoadByPoint, generateHistory } from '../../src/sample/history.ts';
import { underEstablishedPoints } from '../../src/sample/staff.ts';
import type { ForecastRow } from '../../src/schemas/plan.ts';
import { loadOptimizeModel, loadWorkTypesModel } from '../../src/store/model-files.ts';
import { sampleModels } from '../helpers/sample.ts';

const models = sampleModels();
const WEEK = '2025-11-10'; // an ordinary week (no holiday) after the calibration window

/** A forecast stand-in: each point·channel·field's mean of the same weekday over the 8 weeks before. */
function sameWeekdayMeans(points: ReturnType<typeof sampleDataset>['points']): ForecastRow[] {
  const from = addDays(WEEK, -56);
  const sums = new Map<string, number>();
  for (const v of generateHistory({
    points,
    from,
    until: addDays(WEEK, -1),
    seed: DEFAULT_SEED,
    ...models,
  })) {
    const dow = Math.round((Date.parse(v.date) - Date.parse(from)) / 86_400_000) % 7;
    const key = `${dow}|${v.point}|${v.channel}|${v.field}`;
    sums.set(key, (sums.get(key) ?? 0) + v.received / 8);
  }
  return [...sums].map(([key, mean]) => {
    const [dow, point, channel, field] = key.split('|') as [
      string,
      string,
      ForecastRow['channel'],
      ForecastRow['field'],
    ];
    return { date: addDays(WEEK, Number(dow)), point, channel, field, mean };
  });
}

describe('the sample week', () => {
  const { points, staff } = sampleDataset({ seed: DEFAULT_SEED, ...models });
  const plan = buildWeeklyPlan({
    week: WEEK,
    points,
    staff,
    forecastRows: sameWeekdayMeans(points),
    models: {
      fields: models.fieldsModel,
      staffing: models.staffingModel,
      optimize: loadOptimizeModel(),
      workTypes: loadWorkTypesModel(),
    },
    calendar: models.calendar,
  });
  const { problem } = plan;
  // Short: some hour needs more counters than the point's own staff, or its own work exceeds them.
  const short = new Set(
    problem.points
      .filter((p) =>
        problem.days.some(
          (_, d) =>
            problem.counter_slots![p.id]![d]!.length > problem.available[p.id]![d]! ||
            problem.reception[p.id]![d]! + problem.local![p.id]![d]! > problem.available[p.id]![d]!,
        ),
      )
      .map((p) => p.id),
  );

  it('has a handful of points short of counter staff under their inherited establishment, others with slack', () => {
    expect(short.size).toBeGreaterThanOrEqual(2);
    expect(short.size).toBeLessThanOrEqual(12);
    // The short points are among the under-established ones: the imbalance is the inheritance, not chance.
    const load = expectedLoadByPoint({
      points,
      from: REPORT_Q3_2025.from,
      until: REPORT_Q3_2025.to,
      seed: DEFAULT_SEED,
      ...models,
    });
    const minutes = Object.fromEntries(Object.entries(load).map(([code, l]) => [code, l.minutesPerDay]));
    const under = new Set(underEstablishedPoints(points, minutes, DEFAULT_SEED));
    expect(under.size).toBe(5);
    for (const p of short) expect(under.has(p)).toBe(true);
    // Slack elsewhere: most points could lend someone and still cover their counters and minimum.
    const slack = problem.points.filter((p, i) =>
      problem.days.every(
        (_, d) =>
          problem.available[p.id]![d]! - 1 >=
          Math.max(
            problem.reception[p.id]![d]!,
            problem.min_staff_by_day?.[p.id]?.[d] ?? problem.points[i]!.min_staff,
          ),
      ),
    );
    expect(slack.length).toBeGreaterThan(problem.points.length / 2);
    expect(plan.kpis.unmet_hours.reception_before).toBeGreaterThan(0);
  });

  it('moves staff only where a peak hour lacks counters or local work lacks hands, naming the hour and the work', () => {
    const { moves } = plan.roster;
    expect(moves.length).toBeGreaterThanOrEqual(1);
    expect(moves.length).toBeLessThanOrEqual(80);
    const dIdx = new Map(problem.days.map((d, i) => [d, i]));
    for (const m of moves) {
      expect(short.has(m.to)).toBe(true);
      expect(m.from).not.toBe(m.to);
      const d = dIdx.get(m.date)!;
      const own = problem.available[m.to]![d]!;
      const counters = problem.counter_slots![m.to]![d]!;
      const needsCounter = counters.length > own;
      const localLeft = problem.local![m.to]![d]! - Math.max(0, own - problem.reception[m.to]![d]!);
      expect(needsCounter || localLeft > 0).toBe(true);
      expect(m.reason.key).toBe('roster.move');
      expect(render(m.reason, 'en')).toMatch(
        needsCounter ? /counter \d+ is needed at \d\d:00–\d\d:00/ : /digitisation/,
      );
    }
    expect(plan.kpis.unmet_hours.reception_after).toBeLessThan(plan.kpis.unmet_hours.reception_before);
    expect(plan.kpis.service_level.after).toBeGreaterThan(plan.kpis.service_level.before);
    // Every point-day short of counters at some hour after the plan is reported, never shown as met.
    for (const sf of plan.kpis.counter_shortfalls) expect(sf.present).toBeLessThan(sf.needed);
    expect(renderTexts(plan.explanation, 'en').filter((l) => l.startsWith('Shortfall:')).length).toBe(
      Math.min(20, plan.kpis.counter_shortfalls.length),
    );
    // Nobody is sent to cover pooled work: utilisation stays near one everywhere (it was up to 4.5 before #14).
    for (const u of plan.kpis.utilisation) expect(u.after ?? 0).toBeLessThan(1.5);
    // The pool finds skilled hands: no field of online acceptance is left without spare skilled staff.
    expect(plan.kpis.pool_skill_shortfalls).toEqual([]);
  });

  it('moves no specialist work: appraisal stays with the communes, the pool is online and postal acceptance only', () => {
    const rows = sameWeekdayMeans(points);
    const wt = loadWorkTypesModel();
    const std = models.fieldsModel.fields;
    const perDay = plan.problem.days.length;
    const minutesPerDay = models.staffingModel.paid_hours_per_day * 60 * (1 - models.staffingModel.shrinkage);
    let acceptance = 0;
    let appraisal = 0;
    const first = plan.problem.days[0]!;
    const last = addDays(first, 6);
    for (const r of rows) {
      if (r.date < first || r.date > last) continue;
      if (wt.work_types.online_acceptance.channels.includes(r.channel))
        acceptance += r.mean * std[r.field].standard_minutes[r.channel].reception;
      appraisal += r.mean * std[r.field].standard_minutes[r.channel].processing;
    }
    const pool = plan.problem.processing.reduce((a, b) => a + b, 0);
    expect(pool).toBeCloseTo(acceptance / minutesPerDay, 6);
    expect(perDay).toBe(6);
    // The specialists' work is reported, whole, and is nowhere in the Center's problem.
    expect(plan.kpis.specialist_staff_days).toBeGreaterThan(pool * 5);
    expect(plan.kpis.specialist_staff_days).toBeLessThanOrEqual(appraisal / minutesPerDay + 1e-6);
    expect(renderTexts(plan.explanation, 'en').some((l) => l.startsWith('Appraisal and decision'))).toBe(
      true,
    );
  });

  it('commune specialists in the staff list are never available to stage 1, never moved, never in the roster', () => {
    const specialists = points.map((p, i) => ({
      id: `SP${String(i).padStart(4, '0')}`,
      name: `Chuyên viên ${p.name}`,
      home_point: p.code,
      fields: ['land' as const, 'social_policy' as const],
      fte: 1,
      role: 'specialist' as const,
      active: true,
    }));
    const withSpecialists = buildWeeklyPlan({
      week: WEEK,
      points,
      staff: [...staff, ...specialists],
      forecastRows: sameWeekdayMeans(points),
      models: {
        fields: models.fieldsModel,
        staffing: models.staffingModel,
        optimize: loadOptimizeModel(),
        workTypes: loadWorkTypesModel(),
      },
      calendar: models.calendar,
    });
    expect(withSpecialists.problem.available).toEqual(problem.available);
    expect(withSpecialists.stage1.moves).toEqual(plan.stage1.moves);
    const ids = new Set(specialists.map((s) => s.id));
    expect(withSpecialists.roster.entries.some((e) => ids.has(e.staff_id))).toBe(false);
    expect(withSpecialists.roster.moves.some((m) => ids.has(m.staff_id))).toBe(false);
  });
});
