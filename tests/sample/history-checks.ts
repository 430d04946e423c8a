import { expect } from 'vitest';
import { addDays, isoWeekday, type WorkCalendar } from '../../src/core/calendar/index.ts';
import { type CalibrationFigures, calibrationFigures, REPORT_Q3_2025 } from '../../src/sample/calibration.ts';
import type { DailyVolume, Point } from '../../src/schemas/domain.ts';

/** Everything the history tests look at, gathered in one pass over the rows. */
export interface HistoryStats {
  rows: number;
  figures: CalibrationFigures;
  problems: string[];
  /** received by date */
  daily: Map<string, number>;
  /** received by point in the window */
  pointWindow: Map<string, number>;
  /** [received, online] by era */
  era: { pre: [number, number]; post: [number, number] };
  /** land share of received in the window, by point type */
  landShare: Record<Point['type'], number>;
  /** Saturday rows of points without Saturday sessions on an ordinary Saturday */
  saturdayRowsClosed: number;
  /** dispersion index (variance / mean) averaged over busy cells, Tue–Thu Oct–Nov 2025 */
  dispersion: number;
  /** resolved / received by date */
  resolvedByDate: Map<string, number>;
}

export function collect(rows: Iterable<DailyVolume>, points: readonly Point[], calendar: WorkCalendar) {
  const byCode = new Map(points.map((p) => [p.code, p]));
  const problems: string[] = [];
  const window: DailyVolume[] = [];
  const daily = new Map<string, number>();
  const resolvedDaily = new Map<string, number>();
  const pointWindow = new Map<string, number>();
  const era = { pre: [0, 0] as [number, number], post: [0, 0] as [number, number] };
  const land: Record<Point['type'], [number, number]> = { ward: [0, 0], commune: [0, 0] };
  const seen = new Set<string>();
  const cells = new Map<string, number[]>();
  let saturdayRowsClosed = 0;
  let n = 0;
  // Rows come grouped by date and point: per-group work happens once per point-day.
  let date = '';
  let code = '';
  let point: Point | undefined;
  let groupRows = 0;
  let inWindow = false;
  let inReport = false;
  let inEra = false;
  let inCells = false;
  const flush = () => {
    if (groupRows !== 0 && groupRows !== 21)
      problems.push(`${date}|${code} has ${groupRows} rows, expected 21`);
  };
  for (const r of rows) {
    n++;
    if (r.date !== date || r.point !== code) {
      flush();
      if (r.date !== date) {
        date = r.date;
        const wd = isoWeekday(date);
        inWindow = date >= '2025-07-01' && date <= '2025-09-30';
        inReport = date >= REPORT_Q3_2025.from && date <= REPORT_Q3_2025.to;
        inEra = date >= '2024-07-01' && date <= '2025-12-31';
        inCells = date >= '2025-10-06' && date <= '2025-11-28' && wd >= 2 && wd <= 4;
      }
      code = r.point;
      groupRows = 0;
      point = byCode.get(code);
      if (!point) problems.push(`unknown point ${code}`);
      else {
        if (seen.has(`${date}|${code}`)) problems.push(`${date}|${code} is not contiguous`);
        seen.add(`${date}|${code}`);
        if (!calendar.isOpen(date, point.opening_hours, code))
          problems.push(`row on a closed day: ${date}|${code}`);
        if (
          isoWeekday(date) === 6 &&
          calendar.kind(date) === 'weekend' &&
          point.opening_hours.saturday.length === 0
        )
          saturdayRowsClosed++;
      }
    }
    groupRows++;
    if (!point) continue;
    if (
      !(Number.isInteger(r.received) && Number.isInteger(r.resolved) && Number.isInteger(r.overdue)) ||
      r.overdue < 0 ||
      r.on_time < 0 ||
      r.resolved > r.received ||
      r.on_time + r.overdue !== r.resolved
    )
      problems.push(`inconsistent ${JSON.stringify(r)}`);
    daily.set(date, (daily.get(date) ?? 0) + r.received);
    resolvedDaily.set(date, (resolvedDaily.get(date) ?? 0) + r.resolved);
    if (inEra) {
      const e = date < '2025-07-01' ? era.pre : era.post;
      e[0] += r.received;
      if (r.channel === 'online') e[1] += r.received;
    }
    if (inWindow) window.push(r);
    if (inReport) {
      pointWindow.set(code, (pointWindow.get(code) ?? 0) + r.received);
      land[point.type][0] += r.received;
      if (r.field === 'land') land[point.type][1] += r.received;
    }
    if (inCells) {
      const cell = `${code}|${r.channel}|${r.field}`;
      const list = cells.get(cell) ?? [];
      list.push(r.received);
      cells.set(cell, list);
    }
  }
  flush();
  // Every open point-day is there.
  const dates = [...daily.keys()].sort();
  for (let d = dates[0]!; d <= dates[dates.length - 1]!; d = addDays(d, 1))
    for (const p of points)
      if (calendar.isOpen(d, p.opening_hours, p.code) && !seen.has(`${d}|${p.code}`))
        problems.push(`missing open day ${d} ${p.code}`);
  let dispSum = 0;
  let dispN = 0;
  for (const xs of cells.values()) {
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    if (mean < 8) continue;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    dispSum += variance / mean;
    dispN++;
  }
  const resolvedByDate = new Map([...daily].map(([d, v]) => [d, v > 0 ? resolvedDaily.get(d)! / v : 0]));
  return {
    rows: n,
    figures: calibrationFigures(window),
    problems: problems.slice(0, 50),
    daily,
    pointWindow,
    era,
    landShare: { ward: land.ward[1]! / land.ward[0]!, commune: land.commune[1]! / land.commune[0]! },
    saturdayRowsClosed,
    dispersion: dispSum / dispN,
    resolvedByDate,
  } satisfies HistoryStats;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The report's figures and the shape the issue asks for; shared by the synthetic and real-unit tests. */
export function expectCalibrated(s: HistoryStats, points: readonly Point[], calendar: WorkCalendar) {
  const f = s.figures;
  expect(s.problems).toEqual([]);
  // Report (DESIGN.md): 531,269 received; 40.05 / 59.71 / 0.24%; 96.1% resolved; 99.85% on time.
  expect(Math.abs(f.received / 531_269 - 1)).toBeLessThan(0.003);
  expect(Math.abs(f.channelShare.in_person - 0.4005)).toBeLessThan(0.005);
  expect(Math.abs(f.channelShare.online - 0.5971)).toBeLessThan(0.005);
  expect(Math.abs(f.channelShare.postal - 0.0024)).toBeLessThan(0.005);
  expect(Math.abs(f.resolvedShare - 0.961)).toBeLessThan(0.005);
  expect(Math.abs(f.onTimeShareOfResolved - 0.9985)).toBeLessThan(0.001);
  expect(f.overdue).toBeGreaterThan(600);
  expect(f.overdue).toBeLessThan(950);
  expect(f.overdueShareByField.land + f.overdueShareByField.social_policy).toBeGreaterThanOrEqual(0.7);
  // Rising from July: full-month totals and per weekday.
  const [jul, aug, sep] = f.months;
  expect(jul!.received).toBeLessThan(aug!.received);
  expect(aug!.received).toBeLessThan(sep!.received);
  expect(jul!.perWeekday).toBeLessThan(aug!.perWeekday);
  expect(aug!.perWeekday).toBeLessThan(sep!.perWeekday);

  // Before the merger: lower level (per weekday) and a lower online share.
  const perWeekday = (from: string, to: string) => {
    const xs = [...s.daily].filter(([d]) => d >= from && d <= to && isoWeekday(d) <= 5).map(([, v]) => v);
    return mean(xs);
  };
  const pre = perWeekday('2024-07-01', '2025-06-30');
  const post = perWeekday(REPORT_Q3_2025.from, REPORT_Q3_2025.to);
  expect(pre / post).toBeGreaterThan(0.7);
  expect(pre / post).toBeLessThan(0.92);
  expect(s.era.pre[1] / s.era.pre[0]).toBeLessThan(s.era.post[1] / s.era.post[0] - 0.05);

  // Heavy-tailed spread, driven by population and type.
  const vols = points.map((p) => s.pointWindow.get(p.code)!).sort((a, b) => a - b);
  expect(vols[vols.length - 1]! / vols[Math.floor(vols.length / 2)]!).toBeGreaterThan(2.5);
  const perCapita = (t: Point['type']) => {
    const ps = points.filter((p) => p.type === t);
    return ps.reduce((a, p) => a + s.pointWindow.get(p.code)!, 0) / ps.reduce((a, p) => a + p.population, 0);
  };
  expect(perCapita('ward')).toBeGreaterThan(1.5 * perCapita('commune'));
  expect(s.landShare.commune).toBeGreaterThan(1.5 * s.landShare.ward);

  // Weekday pattern: Monday is the busiest day (Oct 2025 – Jun 2026, ordinary weeks).
  const byWeekday = [1, 2, 3, 4, 5, 6].map((w) =>
    mean(
      [...s.daily]
        .filter(([d]) => d >= '2025-10-01' && d <= '2026-06-30' && isoWeekday(d) === w)
        .filter(([d]) => calendar.daysToNextHoliday(d, 7) > 7 && calendar.daysSinceLastHoliday(d, 7) > 7)
        .map(([, v]) => v),
    ),
  );
  for (const w of [1, 2, 3, 4]) expect(byWeekday[0]!).toBeGreaterThan(byWeekday[w]!);
  expect(byWeekday[5]!).toBeLessThan(0.5 * byWeekday[4]!); // Saturday mornings, only some points
  expect(s.saturdayRowsClosed).toBe(0);

  // Surges before and after Tết 2026 (Feb 14–22) against ordinary weeks in January.
  const tetBefore = perWeekday('2026-02-09', '2026-02-13');
  const tetAfter = perWeekday('2026-02-23', '2026-02-27');
  const january = perWeekday('2026-01-12', '2026-01-23');
  expect(tetBefore).toBeGreaterThan(1.15 * january);
  expect(tetAfter).toBeGreaterThan(1.08 * january);

  // Over-dispersed counts: Poisson would give a dispersion index of 1.
  expect(s.dispersion).toBeGreaterThan(1.3);
}
