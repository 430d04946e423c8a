import { fc, test } from '@fast-check/vitest';
import { getNextMillis } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { cronFiresAt, nextCronRun, parseCron, tzOffsetMinutes } from '../../src/jobs/cron.ts';
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
    expect(planJobId({ week: '2026-01-05', inputs: '0a1b2c3d' })).toBe('plan-2026-W02-i0a1b2c3d');
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

describe('cron: in-process and Redis modes agree', () => {
  // BullMQ's own next-run function (what a Redis job scheduler uses) against the in-process scheduler's.
  const crons = ['0 1 * * *', '0 3 * * 5', '*/15 8-17 * * 1-5', '30 2 1,15 * 1', '0 0 29 2 *', '5 4 * * 7'];
  const zones = ['Asia/Ho_Chi_Minh', 'UTC', 'Europe/Paris'];
  const from = [
    Date.parse('2026-11-25T12:00:00Z'),
    Date.parse('2026-03-29T00:30:00Z'),
    Date.parse('2027-12-31T23:59:59Z'),
  ];

  it.each(crons.flatMap((c) => zones.map((tz) => [c, tz] as const)))('%s in %s', (cron, tz) => {
    for (const t of from) {
      let at = t;
      for (let i = 0; i < 5; i++) {
        const ours = nextCronRun(cron, tz, at);
        expect(ours).toBe(getNextMillis(at, { pattern: cron, tz }));
        expect(ours).toBeGreaterThan(at);
        // The in-process tick fires exactly at those minutes, not the minute before.
        expect(cronFiresAt(cron, tz, ours!)).toBe(true);
        if (ours! - 60_000 > at) expect(cronFiresAt(cron, tz, ours! - 60_000)).toBe(false);
        at = ours!;
      }
    }
  });

  it('combines a restricted day of month and day of week with OR, as Vixie cron (and BullMQ) do', () => {
    // 2026-12-01 is a Tuesday: '0 0 1 * 5' fires on the 1st and on Fridays.
    const t = Date.parse('2026-11-30T00:00:00Z');
    expect(new Date(nextCronRun('0 0 1 * 5', 'UTC', t)!).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(new Date(nextCronRun('0 0 1 * 5', 'UTC', Date.parse('2026-12-01T00:00:00Z'))!).toISOString()).toBe(
      '2026-12-04T00:00:00.000Z',
    );
  });
});
