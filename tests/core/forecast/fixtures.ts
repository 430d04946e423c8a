import { type SyntheticOptions, syntheticSeries } from '../../../scripts/lib/synthetic.ts';
import { WorkCalendar } from '../../../src/core/calendar/calendar.ts';
import { calendarIsOpen } from '../../../src/core/forecast/panel.ts';
import type { ForecastContext, SeriesPoint } from '../../../src/core/forecast/types.ts';
import { loadCalendarModel } from '../../../src/store/model-files.ts';

/** Shared fixtures: the official Vietnamese calendar and simulated point series with known structure. */
export const vn = new WorkCalendar(loadCalendarModel());
export const plain = new WorkCalendar(undefined, [], 'none');

const WEEKDAYS = [true, true, true, true, true, false, false];
const WITH_SATURDAY = [true, true, true, true, true, true, false];

/** Context of a Vietnamese point (Mon–Fri, optionally Saturday mornings). */
export function vnContext(saturday = false): ForecastContext {
  return { calendar: vn, isOpen: calendarIsOpen(vn, saturday ? WITH_SATURDAY : WEEKDAYS) };
}

/** A simulated point series on the Vietnamese calendar (see syntheticSeries). */
export function vnSeries(o: Partial<SyntheticOptions> & { seed: number }): SeriesPoint[] {
  return syntheticSeries({ from: '2024-01-01', to: '2025-06-30', level: 40, calendar: vn, ...o });
}
