import type { ProcedureDeadline } from '../../schemas/register.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { addDays } from '../calendar/dates.ts';

/** The first working day on or after `iso`. */
function workdayOnOrAfter(calendar: WorkCalendar, iso: string): string {
  let d = iso;
  while (!calendar.isWorkday(d)) d = addDays(d, 1);
  return d;
}

/**
 * Due date (ngày hẹn trả) of a dossier received on `receivedDate` (at `receivedTime` HH:MM local, when known)
 * under a procedure's legal deadline, on the Vietnamese working calendar:
 * working days count from the day after receipt (a dossier received on a day off counts from the next
 * working day); calendar days end on the next working day when the last one is not; same day means the
 * day of receipt when received on a working day before the cut-off, else the next working day
 * (Decree 23/2015/NĐ-CP art. 7). An unknown time is taken as before the cut-off.
 * @example dueDate({ working_days: 3 }, '2025-09-05', undefined, cal) // '2025-09-10'
 */
export function dueDate(
  deadline: ProcedureDeadline,
  receivedDate: string,
  receivedTime: string | undefined,
  calendar: WorkCalendar,
): string {
  const start = workdayOnOrAfter(calendar, receivedDate);
  if ('working_days' in deadline) return calendar.addWorkingDays(start, deadline.working_days);
  if ('calendar_days' in deadline)
    return workdayOnOrAfter(calendar, addDays(receivedDate, deadline.calendar_days));
  const late = start !== receivedDate || (receivedTime !== undefined && receivedTime >= deadline.cutoff);
  return late && start === receivedDate ? calendar.addWorkingDays(start, 1) : start;
}
