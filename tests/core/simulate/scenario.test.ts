import { describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../../../src/core/errors.ts';
import { render, renderTexts } from '../../../src/core/messages.ts';
import { applyScenario, parseScenario, simulate } from '../../../src/core/simulate/index.ts';
import { smallCity, WEEK } from './fixtures.ts';

/** The error details of `fn`, their reasons rendered in English. */
function detailsOf(fn: () => unknown): Array<{ field?: string; reason: string }> {
  try {
    fn();
  } catch (err) {
    expect((err as { code: string }).code).toBe('INPUT_INVALID');
    return renderTexts((err as { details: ErrorDetail[] }).details, 'en');
  }
  throw new Error('expected INPUT_INVALID');
}

describe('parseScenario', () => {
  const base = smallCity(3, 20);

  it('accepts every kind of the issue', () => {
    const edits = [
      { kind: 'move_staff', from: 'P1', to: 'P2', staff: 2, days: ['2026-01-05'] },
      { kind: 'close_point', point: 'P1', days: ['2026-01-06'] },
      { kind: 'add_staff', point: 'P1', staff: 3 },
      { kind: 'add_staff', point: 'P3', staff: -1 },
      { kind: 'scale_volume', factor: 1.3, field: 'land' },
      { kind: 'scale_volume', factor: 0.5, channel: 'online', branch: 'north', days: ['2026-01-07'] },
      { kind: 'set_standard', field: 'land', channel: 'in_person', minutes: 25 },
      { kind: 'set_target', service_level: 0.8, target_seconds: 900 },
      { kind: 'add_holiday', date: '2026-01-07', name: 'test' },
    ];
    expect(parseScenario(edits, base)).toHaveLength(9);
  });

  it('names the array index and field of each problem', () => {
    const details = detailsOf(() =>
      parseScenario(
        [
          { kind: 'move_staff', from: 'P1', to: 'P9', staff: 2 },
          { kind: 'teleport', point: 'P1' },
          { kind: 'add_staff', point: 'P1', staff: 2.5 },
          { kind: 'scale_volume', factor: 1.3, field: 'lands' },
          { kind: 'scale_volume', factor: 11 },
          { kind: 'close_point', point: 'P1', days: ['2026-02-01'] },
          { kind: 'set_target' },
          { kind: 'move_staff', from: 'P1', to: 'P2', staff: 1, extra: true },
          'not an object',
          { kind: 'scale_volume', factor: 1, branch: 'east' },
        ],
        base,
      ),
    );
    const fields = details.map((d) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        '/0/to',
        '/1/kind',
        '/2/staff',
        '/3/field',
        '/4/factor',
        '/5/days/0',
        '/6',
        '/7/extra',
        '/8',
        '/9/branch',
      ]),
    );
    expect(details.find((d) => d.field === '/1/kind')!.reason).toMatch(/unknown kind/);
    expect(details.find((d) => d.field === '/3/field')!.reason).toMatch(/unknown field; one of land/);
  });

  it('rejects a scenario that is not an array', () => {
    expect(detailsOf(() => parseScenario({ kind: 'add_staff' }, base))[0]!.field).toBe('/');
  });
});

describe('applyScenario', () => {
  it('moves and adds staff on the given days, leaving the base untouched', () => {
    const base = smallCity(3, 20, 6);
    const { setup } = applyScenario(base, [
      { kind: 'move_staff', from: 'P1', to: 'P2', staff: 2, days: [WEEK[0]] },
      { kind: 'add_staff', point: 'P3', staff: -4 },
    ]);
    expect(setup.input.present.P1).toEqual([4, 6, 6, 6, 6, 6]);
    expect(setup.input.present.P2).toEqual([8, 6, 6, 6, 6, 6]);
    expect(setup.input.present.P3).toEqual([2, 2, 2, 2, 2, 2]);
    expect(base.input.present.P1).toEqual([6, 6, 6, 6, 6, 6]);
  });

  it('refuses to move or remove more staff than are present, naming the edit', () => {
    const base = smallCity(2, 20, 3);
    const details = detailsOf(() =>
      applyScenario(base, [
        { kind: 'add_staff', point: 'P1', staff: 1 },
        { kind: 'move_staff', from: 'P2', to: 'P1', staff: 4, days: [WEEK[1]] },
        { kind: 'add_staff', point: 'P2', staff: -5 },
      ]),
    );
    expect(details.map((d) => d.field)).toEqual(expect.arrayContaining(['/1/staff', '/2/staff']));
    expect(details[0]!.reason).toMatch(/P2 has 3 staff present on 2026-01-06; cannot move 4/);
  });

  it('scales only the matching demand rows, in place of order', () => {
    const base = smallCity(2, 20);
    const { setup } = applyScenario(base, [{ kind: 'scale_volume', factor: 2, field: 'land', point: 'P2' }]);
    setup.input.demand.forEach((r, i) => {
      const b = base.input.demand[i]!;
      expect(r.point).toBe(b.point);
      expect(r.mean).toBeCloseTo(r.field === 'land' && r.point === 'P2' ? 2 * b.mean : b.mean, 12);
    });
  });

  it('edits standards and targets in the scenario models only', () => {
    const base = smallCity(2, 20);
    const { setup } = applyScenario(base, [
      { kind: 'set_standard', field: 'land', channel: 'online', minutes: 90, stage: 'processing' },
      { kind: 'set_target', target_seconds: 600 },
    ]);
    expect(setup.models.fields.fields.land.standard_minutes.online.processing).toBe(90);
    expect(base.models.fields.fields.land.standard_minutes.online.processing).toBe(75);
    expect(setup.models.staffing.service_level.target_seconds).toBe(600);
    expect(setup.models.staffing.service_level.target).toBe(0.8);
  });

  it('notes edits that match nothing', () => {
    const { notes } = applyScenario(smallCity(2, 20), [
      {
        kind: 'scale_volume',
        factor: 2,
        point: 'P1',
        days: ['2026-01-05'],
        channel: 'postal',
        field: 'construction',
      },
    ]);
    expect(notes).toEqual([]);
    const none = applyScenario(smallCity(2, 20), [{ kind: 'add_holiday', date: '2026-02-02', name: 'x' }]);
    expect(render(none.notes[0]!, 'en')).toMatch(/outside the plan/);
  });
});

describe('base vs scenario (common random numbers)', () => {
  it('an empty scenario differs from the base by exactly nothing', () => {
    const run = simulate(smallCity(3, 40), [], { replications: 10, seed: 2 });
    for (const d of Object.values(run.comparison!.city.total)) {
      expect(d.difference === null || d.difference === 0).toBe(true);
      expect(d.beyond_noise).toBe(false);
    }
    expect(JSON.stringify(run.scenario!.city)).toBe(JSON.stringify(run.base.city));
  });

  it('taking staff from a busy point lengthens its waits beyond noise, elsewhere nothing changes', () => {
    const run = simulate(smallCity(3, 120, 6, 4), [{ kind: 'add_staff', point: 'P1', staff: -4 }], {
      replications: 20,
      seed: 3,
    });
    const p1 = run.comparison!.points[0]!.total;
    expect(p1.wait_mean_min.difference!).toBeGreaterThan(0);
    expect(p1.wait_mean_min.beyond_noise).toBe(true);
    expect(p1.within_target.difference!).toBeLessThan(0);
    const p3 = run.comparison!.points[2]!.total;
    expect(p3.wait_mean_min.difference).toBe(0);
    expect(p3.wait_mean_min.beyond_noise).toBe(false);
  });

  it('+30% land raises land dossiers received by about 30%', () => {
    const run = simulate(smallCity(2, 80), [{ kind: 'scale_volume', factor: 1.3, field: 'land' }], {
      replications: 20,
      seed: 4,
    });
    const d = run.comparison!.city.total.received;
    expect(d.beyond_noise).toBe(true);
    const landShare = 0.12;
    expect(d.difference! / d.base!).toBeGreaterThan(0.3 * landShare * 0.7);
    expect(d.difference! / d.base!).toBeLessThan(0.3 * landShare * 1.3);
  });

  it('a holiday mid-week moves the in-person citizens and stops the deadline clock', () => {
    const run = simulate(smallCity(2, 40), [{ kind: 'add_holiday', date: '2026-01-07', name: 'test' }], {
      replications: 10,
      seed: 5,
    });
    expect(run.scenario!.city.days[2]!.arrived.mean).toBe(0);
    expect(run.comparison!.city.days[3]!.arrived.difference!).toBeGreaterThan(0);
  });
});
