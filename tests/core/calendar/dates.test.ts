import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, isIsoDate, isoWeekday, toEpochDay } from '../../../src/core/calendar/dates.ts';

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

describe('isIsoDate', () => {
  // The Date round trip it replaced: a real day prints back as itself.
  const byDate = (s: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  };
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  test.prop([
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 19 }),
    fc.integer({ min: 0, max: 39 }),
  ])('agrees with the Date round trip on every YYYY-MM-DD shape', (y, m, d) => {
    const s = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
    expect(isIsoDate(s)).toBe(byDate(s));
  });

  it('knows leap years and refuses other shapes', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    for (const s of ['2025-1-01', '2025-01-01T00:00', '２０２５-01-01', '2025/01/01', '', '2025-00-10'])
      expect(isIsoDate(s)).toBe(false);
  });
});
