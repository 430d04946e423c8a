import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/simulate/index.ts';
import { setupFromProblem, simulatePlan } from '../../src/usecases/simulate-plan.ts';
import { models, smallCity } from '../core/simulate/fixtures.ts';

describe('simulatePlan', () => {
  const setup = smallCity(4, 60, 5, 2);
  const scenario = [{ kind: 'move_staff', from: 'P1', to: 'P2', staff: 2 }];

  it('gives the same output with 1, 2 or 3 threads, and the same as in-process simulate()', async () => {
    const opts = { replications: 20, seed: 42 };
    const one = await simulatePlan(setup, scenario, { ...opts, threads: 1 });
    const two = await simulatePlan(setup, scenario, { ...opts, threads: 2 });
    const three = await simulatePlan(setup, scenario, { ...opts, threads: 3 });
    const local = simulate(setup, scenario, opts);
    const json = JSON.stringify(one);
    expect(JSON.stringify(two)).toBe(json);
    expect(JSON.stringify(three)).toBe(json);
    expect(JSON.stringify(local)).toBe(json);
    expect(one.comparison).toBeDefined();
  });

  it('carries scenario errors back from the boundary as INPUT_INVALID with the edit index', async () => {
    await expect(
      simulatePlan(
        setup,
        [
          { kind: 'add_staff', point: 'P1', staff: 1 },
          { kind: 'close_point', point: 'X' },
        ],
        {
          replications: 4,
          threads: 2,
        },
      ),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID', details: [{ field: '/1/point' }] });
  });

  it('validates a problem file against the stage-1 problem schema', () => {
    expect(() => setupFromProblem({ days: ['2026-01-05'] }, models())).toThrow(/problem file is invalid/);
  });
});
