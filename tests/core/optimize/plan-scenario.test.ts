import { describe, expect, it } from 'vitest';
import { render } from '../../../src/core/messages.ts';
import { applyScenarioToPlan, type PlanWorld } from '../../../src/core/optimize/plan-scenario.ts';
import { applyScenario } from '../../../src/core/simulate/scenario.ts';
import type { Point } from '../../../src/schemas/domain.ts';
import type { ScenarioEdit } from '../../../src/schemas/scenario.ts';
import { models, smallCity, WEEK } from '../simulate/fixtures.ts';

/** The plan world of the simulation fixture: the same points, days and forecast rows (with quantiles). */
function worlds() {
  const setup = smallCity(3, 20);
  setup.input.demand = setup.input.demand.map((r, i) =>
    i % 2 === 0 ? { ...r, quantiles: { p10: r.mean / 2, p50: r.mean, p90: r.mean * 2 } } : r,
  );
  const m = models();
  const plan: PlanWorld = {
    points: setup.input.points.map((p) => ({ code: p.code, branch: p.branch }) as unknown as Point),
    staff: [],
    forecastRows: setup.input.demand.map(({ cv: _cv, ...r }) => r),
    fields: m.fields,
    staffing: m.staffing,
    events: [],
  };
  return { setup, plan };
}

describe('one scenario interpreter for plans and simulations', () => {
  const edits: ScenarioEdit[] = [
    { kind: 'scale_volume', factor: 1.3, field: 'land', branch: 'north' },
    { kind: 'scale_volume', factor: 0.5, channel: 'online', days: [WEEK[1]!] },
    { kind: 'set_standard', field: 'land', channel: 'in_person', minutes: 25 },
    { kind: 'set_target', service_level: 0.9 },
  ];

  it('changes forecast rows (mean and quantiles) and models identically in both worlds', () => {
    const { setup, plan } = worlds();
    const sim = applyScenario(setup, edits).setup;
    const planned = applyScenarioToPlan(plan, edits, WEEK).world;
    expect(planned.forecastRows).toEqual(sim.input.demand.map(({ cv: _cv, ...r }) => r));
    const land = sim.input.demand.find((r) => r.field === 'land' && r.point === 'P1' && r.quantiles)!;
    const before = setup.input.demand.find((r) => r.field === 'land' && r.point === 'P1' && r.quantiles)!;
    expect(land.mean).toBeCloseTo(before.mean * 1.3, 12);
    expect(land.quantiles!.p90).toBeCloseTo(before.quantiles!.p90! * 1.3, 12);
    expect(planned.fields).toEqual(sim.models.fields);
    expect(planned.staffing).toEqual(sim.models.staffing);
    expect(planned.staffing.service_level.target).toBe(0.9);
    // The bases are untouched.
    expect(plan.forecastRows[0]).toEqual(worlds().plan.forecastRows[0]);
  });

  it('notes every edit of a plan, ignores move_staff there, and names an unknown point by index and field', () => {
    const { plan } = worlds();
    const applied = applyScenarioToPlan(
      plan,
      [
        { kind: 'move_staff', from: 'P1', to: 'P2', staff: 1 },
        ...edits,
        { kind: 'close_point', point: 'P3' },
      ],
      WEEK,
    );
    expect(applied.notes).toHaveLength(6);
    expect(render(applied.notes[0]!, 'en')).toMatch(/move_staff ignored/);
    expect(applied.world.events.filter((e) => e.points?.includes('P3'))).toHaveLength(WEEK.length);
    expect(() =>
      applyScenarioToPlan(
        plan,
        [
          { kind: 'scale_volume', factor: 2 },
          { kind: 'add_staff', point: 'X', staff: 1 },
        ],
        WEEK,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'INPUT_INVALID',
        details: [expect.objectContaining({ field: '/1/point' })],
      }),
    );
  });
});
