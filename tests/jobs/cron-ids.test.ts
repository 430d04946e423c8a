import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { nextCronRun, parseCron, tzOffsetMinutes } from '../../src/jobs/cron.ts';
import { forecastJobId, planJobId, queueOfJobId, simulateJobId } from '../../src/jobs/ids.ts';

describe('cron', () => {
  it('finds the next run in Asia/Ho_Chi_Minh (UTC+7, no daylight saving)', () => {
    expect(tzOffsetMinutes('Asia/Ho_Chi_Minh', Date.parse('2026-06-01T00:00:00Z'))).toBe(420);
    // Nightly at 01:00 Hanoi = 18:00 UTC the day before.
    expect(
      new Date(
        nextCronRun('0 1 * * *', 'Asia/Ho_Chi_Minh', Date.parse('2026-11-25T12:00:00Z'))!,
      ).toISOString(),
    ).toBe('2026-11-25T18:00:00.000Z');
    // Fridays 03:00 Hanoi: 2026-11-27 is a Friday.
    expect(
      new Date(
        nextCronRun('0 3 * * 5', 'Asia/Ho_Chi_Minh', Date.parse('2026-11-25T12:00:00Z'))!,
      ).toISOString(),
    ).toBe('2026-11-26T20:00:00.000Z');
    expect(
      new Date(nextCronRun('*/15 8-17 * * 1-5', 'UTC', Date.parse('2026-11-28T12:00:00Z'))!).toISOString(),
    ).toBe('2026-11-30T08:00:00.000Z');
  });
  it('rejects malformed expressions naming the field', () => {
    expect(() => parseCron('0 1 * *')).toThrow(/5 fields/);
    expect(() => parseCron('61 1 * * *')).toThrow(/minute/);
    expect(() => parseCron('0 x * * *')).toThrow(/hour/);
  });
});

describe('job ids', () => {
  it('are readable and deterministic', () => {
    expect(forecastJobId({ asOf: '2026-11-25', horizon: 14 })).toBe('forecast-2026-11-25-h14-all');
    expect(
      forecastJobId({ asOf: '2026-11-25', horizon: 14, method: 'theta', scope: 'branch-Chi nhánh 3' }),
    ).toBe('forecast-2026-11-25-h14-theta-branch-chi-nhanh-3');
    expect(forecastJobId({ asOf: '2026-11-25', horizon: 7, points: ['B', 'A'] })).toBe(
      forecastJobId({ asOf: '2026-11-25', horizon: 7, points: ['A', 'B'] }),
    );
    expect(planJobId({ week: '2026-01-05' })).toBe('plan-2026-W02');
    expect(planJobId({ week: '2026-01-05', scenario: [{ kind: 'close_point' }] })).toMatch(
      /^plan-2026-W02-s[0-9a-f]{8}$/,
    );
    expect(simulateJobId({ week: '2026-01-05', replications: 20, seed: 1 })).toBe(
      'simulate-2026-W02-r20-seed1',
    );
    expect(queueOfJobId('plan-2026-W02')).toBe('plan');
    expect(queueOfJobId('repeat-x')).toBeUndefined();
  });

  test.prop([
    fc.record({
      planId: fc.option(fc.string({ maxLength: 50 }), { nil: undefined }),
      week: fc.constantFrom('2026-01-05', '2025-12-29', undefined),
      replications: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
      seed: fc.option(fc.nat(), { nil: undefined }),
      scenario: fc.option(fc.array(fc.record({ kind: fc.string() })), { nil: undefined }),
    }),
  ])('never contain ":" (BullMQ) nor are all digits, and keep their queue prefix', (d) => {
    const id = simulateJobId(d);
    expect(id).not.toContain(':');
    expect(id).not.toMatch(/^\d+$/);
    expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
    expect(queueOfJobId(id)).toBe('simulate');
  });
});
