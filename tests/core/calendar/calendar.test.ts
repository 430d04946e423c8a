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

describe('official corrections (each span with its notice)', () => {
  const model = loadCalendarModel();
  const cal = new WorkCalendar(model);

  it('New Year 2026 is 1–4/1 with Friday 2/1 off and Saturday 10/1 worked (VPCP 12729/VPCP-KGVX)', () => {
    for (const d of ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04'])
      expect(cal.kind(d)).toBe('holiday');
    expect(cal.kind('2026-01-05')).toBe('workday');
    expect(cal.kind('2026-01-10')).toBe('makeup_workday');
    expect(cal.isWorkday('2026-01-10')).toBe(true);
    const span = model.years['2026']?.holidays.find((h) => h.from === '2026-01-01');
    expect(span?.source).toContain('12729/VPCP-KGVX');
  });

  it('National Day 2026 is 29/8–2/9 with Monday 31/8 off and Saturday 22/8 worked', () => {
    for (const d of ['2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02'])
      expect(cal.kind(d)).toBe('holiday');
    expect(cal.kind('2026-09-03')).toBe('workday');
    expect(cal.kind('2026-08-22')).toBe('makeup_workday');
    expect(cal.kind('2026-08-28')).toBe('workday');
  });

  it('2024 had no make-up day around 2/9: 2/9 and 3/9 were the legal days, 14/9 an ordinary Saturday', () => {
    expect(cal.kind('2024-09-02')).toBe('holiday');
    expect(cal.kind('2024-09-03')).toBe('holiday');
    expect(cal.kind('2024-09-14')).toBe('weekend');
    expect(cal.isWorkday('2024-09-14')).toBe(false);
  });

  it('cites a notice (or says it is unverified) for every 2024 and 2026 span and make-up day', () => {
    for (const year of ['2024', '2026']) {
      const y = model.years[year];
      for (const entry of [...(y?.holidays ?? []), ...(y?.makeup_days ?? [])])
        expect(entry.source).toBeTruthy();
    }
    const y2024 = model.years['2024'];
    expect(y2024?.holidays.find((h) => h.from === '2024-02-08')?.source).toContain('5015/TB-LĐTBXH');
    expect(y2024?.makeup_days.find((m) => m.date === '2024-05-04')?.source).toContain('2450/VPCP-KGVX');
    expect(y2024?.source).not.toContain('6150');
  });

  it('24/11 (Ngày Văn hóa Việt Nam, 30/NQ-CP) is off by default and a holiday once switched on by date', () => {
    const rule = model.rules?.find((r) => r.month === 11 && r.day === 24);
    expect(rule?.source).toContain('30/NQ-CP');
    expect(rule?.in_force_from ?? null).toBeNull();
    expect(cal.kind('2026-11-24')).toBe('workday');
    const on = new WorkCalendar({
      ...model,
      rules: [{ month: 11, day: 24, name: 'Ngày Văn hóa Việt Nam', in_force_from: '2026-07-01' }],
    });
    expect(on.kind('2026-11-24')).toBe('holiday'); // a Tuesday
    expect(on.kind('2025-11-24')).toBe('workday'); // before the rule is in force
    // 2029-11-24 is a Saturday: taken on Monday 26/11
    expect(isoWeekday('2029-11-24')).toBe(6);
    expect(on.kind('2029-11-26')).toBe('holiday');
    expect(on.day('2029-11-26').name).toContain('nghỉ bù');
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
