import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { renderTexts } from '../../src/core/messages.ts';
import type { Db } from '../../src/store/db.ts';
import { listPoints } from '../../src/store/points-repo.ts';
import { forecastRunId, runForecastFromStore } from '../../src/usecases/forecast-run.ts';
import { planCsv } from '../../src/usecases/plan-csv.ts';
import { loadSampleData } from '../../src/usecases/sample-data.ts';
import { runSimulation } from '../../src/usecases/simulation-run.ts';
import { decidePlan, diffPlans, getPlan, listPlans, runWeeklyPlan } from '../../src/usecases/weekly-plan.ts';
import { describeStores } from '../helpers/backends.ts';

const config = loadConfig({});

describeStores('store pipeline: history → forecast run → weekly plan → simulation', (backend) => {
  let db: Db;
  let points: string[];
  beforeAll(async () => {
    db = await backend.open();
    const r = await loadSampleData(db, config, { from: '2025-05-01', until: '2025-09-26' });
    await r.history?.();
    // Six points keep the forecast fast; the plan still covers the city (other points have no forecast rows).
    points = (await listPoints(db)).slice(0, 6).map((p) => p.code);
  }, 240_000);
  afterAll(() => backend.dispose(db));

  it('saves a versioned forecast run once; the same request reuses it', async () => {
    const req = { asOf: '2025-09-26', horizon: 9, points };
    const first = await runForecastFromStore(db, config, req);
    expect(first).toMatchObject({ runId: forecastRunId(req), series: 6 * 21, reused: false });
    const again = await runForecastFromStore(db, config, req);
    expect(again).toMatchObject({ runId: first.runId, reused: true });
    const rows = await db.query<{ level: string; n: number }>(
      `SELECT level, count(*)::int AS n FROM forecast_values WHERE run_id = $1 GROUP BY level ORDER BY level`,
      [first.runId],
    );
    expect(rows.find((r) => r.level === 'series')?.n).toBe(6 * 21 * 9);
    expect(rows.map((r) => r.level)).toContain('city');
    // City totals by channel and by field are stored with the run (reads never re-sum the series).
    expect(rows.find((r) => r.level === 'city_channel')?.n).toBe(3 * 9);
    expect(rows.find((r) => r.level === 'city_field')?.n).toBe(7 * 9);
    const q = await db.query<{ mean: number; quantiles: Record<string, number> }>(
      `SELECT mean, quantiles FROM forecast_values WHERE run_id = $1 AND level = 'series'`,
      [first.runId],
    );
    for (const r of q) {
      expect(r.mean).toBeGreaterThanOrEqual(0);
      expect(r.quantiles['0.1']!).toBeLessThanOrEqual(r.quantiles['0.5']! + 1e-9);
      expect(r.quantiles['0.5']!).toBeLessThanOrEqual(r.quantiles['0.9']! + 1e-9);
    }
    // Sunday 2025-09-28: every point is closed, so the forecast is exactly zero.
    const sunday = await db.query<{ s: number }>(
      `SELECT sum(mean)::float8 AS s FROM forecast_values WHERE run_id = $1 AND level = 'series' AND date = '2025-09-28'`,
      [first.runId],
    );
    expect(sunday[0]!.s).toBe(0);
  });

  it('drafts a weekly plan with its moves in one go, idempotently; managers decide it once', async () => {
    const first = await runWeeklyPlan(db, config, { week: '2025-10-01' });
    expect(first.reused).toBe(false);
    const again = await runWeeklyPlan(db, config, { week: '2025-09-29' });
    expect(again).toMatchObject({ planId: first.planId, reused: true });
    const plan = await getPlan(db, first.planId);
    expect(plan.week).toBe('2025-09-29');
    expect(plan.status).toBe('draft');
    expect(plan.result.days[0]).toBe('2025-09-29');
    expect(['optimal', 'feasible']).toContain(plan.kpis.status);
    const moves = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM plan_moves WHERE plan_id = $1',
      [first.planId],
    );
    expect(moves[0]!.n).toBe(
      new Set(plan.result.roster.moves.map((m) => `${m.date}|${m.staff_id}|${m.from}|${m.to}`)).size,
    );
    expect((await planCsv(db, first.planId)).split('\n')[0]).toMatch(/staff/);
    expect(await listPlans(db, { week: '2025-10-02' })).toHaveLength(1);

    const decided = await decidePlan(db, first.planId, { decision: 'approved', by: 'manager-test' });
    expect(decided).toMatchObject({ status: 'approved', decided_by: 'manager-test' });
    await expect(decidePlan(db, first.planId, { decision: 'rejected', by: 'x' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('re-optimises under a scenario as a separate plan and diffs it against the base', async () => {
    const [base] = await listPlans(db, { week: '2025-09-29' });
    const closed = points[0]!;
    const scn = await runWeeklyPlan(db, config, {
      week: '2025-09-29',
      scenario: [
        { kind: 'close_point', point: closed, days: ['2025-09-29'] },
        { kind: 'scale_volume', factor: 1.3, field: 'land' },
      ],
    });
    expect(scn.planId).not.toBe(base!.id);
    const plan = await getPlan(db, scn.planId);
    expect(renderTexts(plan.result.scenario_notes ?? [], 'en').join(' ')).toContain(`${closed} closed`);
    const diff = await diffPlans(db, base!.id, scn.planId);
    expect(diff.kpis.moves).toBeDefined();
    // Moves person by person: a person moved that day in both plans is changed (never removed + added);
    // every move of either plan is accounted for once.
    const baseMoves = (await getPlan(db, base!.id)).result.roster.moves;
    const pk = (m: { date: string; staff_id: string }) => `${m.date}|${m.staff_id}`;
    const removed = new Set(diff.moves.removed.map(pk));
    for (const m of diff.moves.added) expect(removed.has(pk(m)), pk(m)).toBe(false);
    for (const c of diff.moves.changed)
      expect(
        c.before.to !== c.after.to || c.before.from !== c.after.from || c.before.minutes !== c.after.minutes,
      ).toBe(true);
    const unchangedA = baseMoves.length - diff.moves.removed.length - diff.moves.changed.length;
    const unchangedB = plan.result.roster.moves.length - diff.moves.added.length - diff.moves.changed.length;
    expect(unchangedA).toBe(unchangedB);
    expect(unchangedA).toBeGreaterThanOrEqual(0);
    expect(diff.moves_only_in_a + diff.moves_only_in_b + diff.moves_changed).toBe(
      diff.moves.added.length + diff.moves.removed.length + diff.moves.changed.length,
    );
    await expect(
      runWeeklyPlan(db, config, { week: '2025-09-29', scenario: [{ kind: 'close_point', point: 'NOPE' }] }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID', details: [{ field: '/0/point' }] });
  });

  it('simulates the stored plan of the week, deterministically for a seed', async () => {
    const a = await runSimulation(db, config, { week: '2025-09-29', replications: 8, seed: 3, threads: 1 });
    const b = await runSimulation(db, config, { week: '2025-09-29', replications: 8, seed: 3, threads: 1 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.plan_id).toMatch(/^plan-2025-09-29-/);
    const withScenario = await runSimulation(db, config, {
      week: '2025-09-29',
      replications: 8,
      seed: 3,
      threads: 1,
      scenario: [{ kind: 'scale_volume', factor: 1.5 }],
    });
    expect(JSON.stringify(withScenario)).not.toBe(JSON.stringify(a));
  });
});
