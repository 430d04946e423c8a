import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../../src/core/calendar/calendar.ts';
import { dueDate } from '../../../src/core/register/due-date.ts';
import { loadCalendarModel } from '../../../src/store/model-files.ts';

const cal = new WorkCalendar(loadCalendarModel());
const sameDay = { same_day: true as const, cutoff: '15:00' };

describe('dueDate', () => {
  it('same day before 15:00 is the day of receipt; at or after 15:00 the next working day', () => {
    expect(dueDate(sameDay, '2025-09-05', '14:59', cal)).toBe('2025-09-05'); // a Friday
    expect(dueDate(sameDay, '2025-09-05', '15:00', cal)).toBe('2025-09-08'); // → Monday
    expect(dueDate(sameDay, '2025-09-05', undefined, cal)).toBe('2025-09-05');
  });

  it('a same-day dossier received on a day off is due the next working day', () => {
    expect(dueDate(sameDay, '2025-09-06', '09:00', cal)).toBe('2025-09-08'); // Saturday → Monday
    // National Day 2025: 1–2 September off (Monday and Tuesday).
    expect(dueDate(sameDay, '2025-09-01', '09:00', cal)).toBe('2025-09-03');
  });

  it('working days skip weekends and holidays, counted from the day after receipt', () => {
    expect(dueDate({ working_days: 3 }, '2025-08-28', undefined, cal)).toBe('2025-09-04'); // Thu; 1–2/9 off
    expect(dueDate({ working_days: 1 }, '2025-09-06', undefined, cal)).toBe('2025-09-09'); // Sat: counts from Mon
  });

  it('calendar days end on the next working day when the last day is not one', () => {
    expect(dueDate({ calendar_days: 30 }, '2025-08-07', undefined, cal)).toBe('2025-09-08'); // 6/9 is a Saturday
    expect(dueDate({ calendar_days: 30 }, '2025-08-05', undefined, cal)).toBe('2025-09-04'); // 4/9 Thursday
  });
});
