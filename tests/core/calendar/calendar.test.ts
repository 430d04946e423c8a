import { describe, expect, it } from 'vitest';
import { labourCodeHolidays, WorkCalendar } from '../../../src/core/calendar/calendar.ts';
import { addDays, isoWeekday, isoWeekLabel, mondayOf } from '../../../src/core/calendar/dates.ts';
import { hungKingsDate, lunarToSolar, tetDate } from '../../../src/core/calendar/lunar.ts';
import { loadCalendarModel } from '../../../src/store/model-files.ts';

describe('lunar calendar', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2023, '2023-01-22'],
    [2020, '2020-01-25'],
  ])('Tết %i is %s', (year, date) => {
    expect(tetDate(year)).toBe(date);
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2023, '2023-04-29'],
  ])('Giỗ Tổ Hùng Vương %i is %s', (year, date) => {
    expect(hungKingsDate(year)).toBe(date);
  });

  it('knows leap months (2023 had a leap 2nd month starting 2023-03-22)', () => {
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22');
    expect(() => lunarToSolar(1, 5, 2023, true)).toThrow(RangeError);
  });
});

describe('working calendar', () => {
  const cal = new WorkCalendar(loadCalendarModel());

  it('uses the announced spans and make-up days', () => {
    expect(cal.kind('2025-01-27')).toBe('holiday'); // Tết 2025 span 25/1–2/2
    expect(cal.kind('2025-02-03')).toBe('workday');
    expect(cal.kind('2025-04-26')).toBe('makeup_workday');
    expect(cal.isWorkday('2025-04-26')).toBe(true);
    expect(cal.kind('2024-09-03')).toBe('holiday');
    expect(cal.kind('2025-09-01')).toBe('holiday');
    expect(cal.kind('2025-07-05')).toBe('weekend');
  });

  it('falls back to the Labour Code for years without a notice, with weekend compensation', () => {
    const h = labourCodeHolidays(2027);
    expect(h.has('2027-02-05')).toBe(true); // lunar New Year's Eve before Tết 2027-02-06
    expect(h.has('2027-02-09')).toBe(true); // 4th day of Tết
    // 2027-05-01 is a Saturday: taken on Monday 2027-05-03
    expect(isoWeekday('2027-05-01')).toBe(6);
    expect(h.get('2027-05-03')).toContain('nghỉ bù');
  });

  it('opens points on Saturday only where they have Saturday sessions, never on holidays', () => {
    const sat = { saturday: [['07:30', '11:30']] as Array<[string, string]> };
    const none = { saturday: [] as Array<[string, string]> };
    expect(cal.isOpen('2025-07-05', sat)).toBe(true);
    expect(cal.isOpen('2025-07-05', none)).toBe(false);
    expect(cal.isOpen('2025-07-06', sat)).toBe(false);
    expect(cal.isOpen('2025-09-02', sat)).toBe(false);
  });

  it('counts legal deadlines in working days, skipping weekends and holidays', () => {
    // Friday 2025-08-29 + 1 working day: 30/8–2/9 are holidays/weekend → Wednesday 3/9
    expect(cal.addWorkingDays('2025-08-29', 1)).toBe('2025-09-03');
    expect(cal.workingDaysBetween('2025-08-29', '2025-09-03')).toBe(1);
  });

  it('applies local closures to the named points only', () => {
    const local = new WorkCalendar(loadCalendarModel(), [
      { date: '2025-07-08', name: 'Mất điện', closed: true, points: ['P1'] },
    ]);
    expect(local.isOpen('2025-07-08', undefined, 'P1')).toBe(false);
    expect(local.isOpen('2025-07-08', undefined, 'P2')).toBe(true);
  });

  it('measures the distance to Tết and to holidays', () => {
    expect(cal.tetOffset('2025-01-22')).toBe(-7);
    expect(cal.tetOffset('2025-02-05')).toBe(7);
    expect(cal.daysToNextHoliday('2025-04-28')).toBe(2);
    expect(cal.daysSinceLastHoliday('2025-05-06')).toBe(2);
  });
});

describe('dates', () => {
  it('finds Mondays and ISO weeks', () => {
    expect(mondayOf('2026-01-08')).toBe('2026-01-05');
    expect(isoWeekLabel('2026-01-05')).toBe('2026-W02');
    expect(isoWeekLabel('2025-12-29')).toBe('2026-W01');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});
