import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, isoWeekday, toEpochDay } from '../../../src/core/calendar/dates.ts';

// The arithmetic date conversions must agree with the JavaScript Date they replaced.
describe('epoch days', () => {
  test.prop([fc.integer({ min: -719_528, max: 2_932_896 })])('agree with Date (years 0–9999)', (day) => {
    const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
    expect(fromEpochDay(day)).toBe(iso);
    expect(toEpochDay(iso)).toBe(day);
    const wd = new Date(day * 86_400_000).getUTCDay();
    expect(isoWeekday(iso)).toBe(wd === 0 ? 7 : wd);
  });

  it('rolls day overflow like Date.parse and rejects non-dates', () => {
    expect(toEpochDay('2025-02-30')).toBe(Date.parse('2025-02-30T00:00:00Z') / 86_400_000);
    expect(toEpochDay('2025-13-01')).toBeNaN();
    expect(toEpochDay('2025-1x-01')).toBeNaN();
    expect(toEpochDay('2025-01-01')).toBe(20_089);
  });
});
