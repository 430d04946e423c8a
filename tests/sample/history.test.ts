import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar/index.ts';
import { isDomainError } from '../../src/core/errors.ts';
import { DEFAULT_SEED } from '../../src/sample/dataset.ts';
import { generateHistory, type HistoryOptions } from '../../src/sample/history.ts';
import { generateSyntheticPoints } from '../../src/sample/points.ts';
import type { DailyVolume } from '../../src/schemas/domain.ts';
import { sampleModels } from '../helpers/sample.ts';
import { collect, expectCalibrated } from './history-checks.ts';

const models = sampleModels();
const points = generateSyntheticPoints(DEFAULT_SEED, { openingHours: models.openingHours });
const base: HistoryOptions = {
  points,
  from: '2024-01-01',
  until: '2026-11-24',
  seed: DEFAULT_SEED,
  ...models,
};
const stats = collect(generateHistory(base), points, models.calendar);

describe('generateHistory on the synthetic points', () => {
  it('emits every open day of every point × channel × field (~2.1 M rows), nothing on closed days', () => {
    expect(stats.problems).toEqual([]);
    expect(stats.rows).toBeGreaterThan(2_000_000);
    expect(stats.rows).toBeLessThan(2_300_000);
    expect(stats.daily.has('2026-02-17')).toBe(false); // Tết 2026
    expect(stats.daily.has('2025-09-02')).toBe(false); // Quốc khánh
    expect(stats.daily.has('2025-11-23')).toBe(false); // a Sunday
  });

  it('matches the Q3 2025 report and the shape asked for', () => {
    expectCalibrated(stats, points, models.calendar);
  });

  it('has fewer resolved dossiers on the last days (still within their legal deadlines)', () => {
    const window = stats.figures.resolvedShare;
    expect(stats.resolvedByDate.get('2026-11-24')!).toBeLessThan(0.5);
    expect(stats.resolvedByDate.get('2026-11-20')!).toBeLessThan(window - 0.05);
    expect(Math.abs(stats.resolvedByDate.get('2026-09-15')! - window)).toBeLessThan(0.02);
  });
});

describe('generateHistory determinism', () => {
  const short = (o: Partial<HistoryOptions>): DailyVolume[] => [
    ...generateHistory({ ...base, from: '2025-07-01', until: '2025-07-05', ...o }),
  ];

  it('gives identical rows for the same seed and different rows for another', () => {
    const a = short({});
    expect(short({})).toEqual(a);
    expect(short({ seed: DEFAULT_SEED + 1 }).map((r) => r.received)).not.toEqual(a.map((r) => r.received));
  });

  it('keeps received counts of shared days when the range changes', () => {
    const a = short({});
    const longer = short({ from: '2025-06-20', until: '2025-12-31' }).filter(
      (r) => r.date >= '2025-07-01' && r.date <= '2025-07-05',
    );
    expect(longer.map((r) => r.received)).toEqual(a.map((r) => r.received));
  });

  it('a snapshot on the report date (until 2025-09-23) still gives 96.1% resolved in the window', () => {
    const s = collect(
      generateHistory({ ...base, from: '2025-07-01', until: '2025-09-23' }),
      points,
      models.calendar,
    );
    expect(Math.abs(s.figures.resolvedShare - 0.961)).toBeLessThan(0.005);
    expect(Math.abs(s.figures.received / 531_269 - 1)).toBeLessThan(0.003);
  });

  it('rejects bad options', () => {
    expect(() => short({ until: '2025-13-01' })).toThrow(/until/);
    try {
      short({ points: [] });
      expect.unreachable();
    } catch (err) {
      expect(isDomainError(err)).toBe(true);
    }
  });

  it('gives no rows when until is before from', () => {
    expect(short({ from: '2025-07-05', until: addDays('2025-07-05', -1) })).toEqual([]);
  });
});
