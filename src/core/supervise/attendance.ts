/**
 * An approved plan's staff against who was there (issue #15, plan against actuals): for each day of the plan
 * and each point, the people the roster puts there against the people an attendance import records present
 * there. Planned but absent: on the roster at the point and not recorded present there (absent, at another
 * point, or no record). Present but not planned: recorded present at the point and not on its roster that day.
 * A day with no attendance record at all is `recorded: false` (nothing to compare). Pure and deterministic.
 */

/** A roster line: who the plan puts where on a day (`work_point` null: on leave). */
export interface PlannedStaff {
  date: string;
  staff_id: string;
  work_point: string | null;
}

/** An attendance record: who was recorded at a point on a day, present or not. */
export interface AttendanceRecord {
  day: string;
  staff_id: string;
  point: string;
  present: boolean;
  hours: number | null;
}

export interface PointAttendance {
  point: string;
  planned: number;
  present: number;
  /** on the roster here, not recorded present here */
  absent: string[];
  /** recorded present here, not on the roster here */
  unplanned: string[];
}

export interface DayAttendance {
  date: string;
  /** false: no attendance recorded that day, the points are the plan only */
  recorded: boolean;
  planned: number;
  present: number;
  points: PointAttendance[];
}

/**
 * Plan against attendance for `days` (the plan's days, ascending).
 * @example planAttendance(['2026-01-05'], [{ date: '2026-01-05', staff_id: 'S1', work_point: 'P1' }], [])
 *   // [{ date: '2026-01-05', recorded: false, planned: 1, present: 0, points: [{ point: 'P1', planned: 1, … }] }]
 */
export function planAttendance(
  days: readonly string[],
  roster: readonly PlannedStaff[],
  records: readonly AttendanceRecord[],
): DayAttendance[] {
  return days.map((date) => {
    const planned = new Map<string, Set<string>>();
    for (const r of roster)
      if (r.date === date && r.work_point) {
        const s = planned.get(r.work_point) ?? new Set<string>();
        s.add(r.staff_id);
        planned.set(r.work_point, s);
      }
    const present = new Map<string, Set<string>>();
    let recorded = false;
    for (const a of records)
      if (a.day === date) {
        recorded = true;
        if (!a.present) continue;
        const s = present.get(a.point) ?? new Set<string>();
        s.add(a.staff_id);
        present.set(a.point, s);
      }
    const codes = [...new Set([...planned.keys(), ...present.keys()])].sort();
    const points = codes.map((point) => {
      const p = planned.get(point) ?? new Set<string>();
      const q = present.get(point) ?? new Set<string>();
      return {
        point,
        planned: p.size,
        present: q.size,
        absent: recorded ? [...p].filter((s) => !q.has(s)).sort() : [],
        unplanned: [...q].filter((s) => !p.has(s)).sort(),
      };
    });
    return {
      date,
      recorded,
      planned: points.reduce((s, x) => s + x.planned, 0),
      present: points.reduce((s, x) => s + x.present, 0),
      points,
    };
  });
}
