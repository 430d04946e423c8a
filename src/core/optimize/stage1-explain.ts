/** Stage 1's explanations: what a manager reads about a plan (the summary, each day, each move's reason). */
import type { OptimizeProblem, OptimizeResult } from '../../schemas/optimize.ts';
import { isoWeekday } from '../calendar/dates.ts';
import { type MessageKey, type Msg, msg } from '../messages.ts';
import { evaluateMoves } from './evaluate.ts';
import { minStaff } from './problem.ts';
import type { TravelMatrix } from './travel.ts';

/** A day as a message: "Monday 2026-01-05", "thứ Hai 05/01/2026". */
export function dayMsg(iso: string): Msg {
  return msg('day.label', { weekday: msg(`weekday.${isoWeekday(iso)}` as MessageKey), date: iso });
}

/**
 * Hours of day as time ranges: [8, 9, 10, 14] → "08:00–11:00, 14:00–15:00".
 * @example hoursText([9]) // "09:00–10:00"
 */
export function hoursText(hours: ReadonlyArray<number>): string {
  const sorted = [...new Set(hours)].sort((x, y) => x - y);
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(`${hh(sorted[i]!)}–${hh(sorted[j]! + 1)}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * The reason a manager reads for a move, e.g.
 * "P017 lacks 3.2 counter staff on Monday 2026-01-05; P021 has 4 spare, 12 min away".
 */
export function moveReason(
  problem: OptimizeProblem,
  d: number,
  fromId: string,
  toId: string,
  minutes: number,
): Msg {
  const name = (id: string) => problem.points.find((p) => p.id === id)?.name ?? id;
  const pIdx = problem.points.findIndex((p) => p.id === toId);
  const lack = problem.reception[toId]![d]! - problem.available[toId]![d]!;
  const minNeed = minStaff(problem, pIdx, d) - problem.available[toId]![d]!;
  const spare =
    problem.available[fromId]![d]! - problem.reception[fromId]![d]! - (problem.local?.[fromId]?.[d] ?? 0);
  const day = dayMsg(problem.days[d]!);
  // Work model: name the counter (and its hours) the home staff cannot staff, or the local work left over.
  const own = problem.available[toId]![d]!;
  const slots = problem.counter_slots?.[toId]?.[d];
  const counterDays = slots?.reduce((a, sl) => a + sl.staff_days, 0) ?? 0;
  const leftover = (problem.local?.[toId]?.[d] ?? 0) - Math.max(0, own - counterDays);
  const need =
    slots && slots.length > own
      ? msg('move.counter_hours', {
          point: name(toId),
          needed: slots.length,
          present: own,
          counter: own + 1,
          hours: hoursText(slots[own]!.hours),
          day,
        })
      : slots && leftover > 1e-9
        ? msg('move.local_work', { point: name(toId), work: leftover, day })
        : lack > 0
          ? msg('move.lacks', { point: name(toId), lack, day })
          : minNeed > 0
            ? msg('move.below_min', { point: name(toId), staff: minNeed, day })
            : msg('move.can_use', { point: name(toId), day });
  const give =
    spare >= 1
      ? msg('move.spare', { point: name(fromId), spare: Math.floor(spare * 10) / 10 })
      : msg('move.can_cover', { point: name(fromId) });
  return msg('move.reason', { need, give, minutes: Math.round(minutes) });
}

/** Readable summary, one message per line: totals, one line per day, and the reason of each move (largest first, up to 40). */
export function explainStage1(
  problem: OptimizeProblem,
  result: OptimizeResult,
  matrix?: TravelMatrix,
): Msg[] {
  const lines: Msg[] = [];
  const before = evaluateMoves(problem, [], matrix);
  const moved = result.moves.reduce((s, m) => s + m.staff, 0);
  const minutes = result.moves.reduce((s, m) => s + m.staff * m.minutes, 0);
  lines.push(
    msg('stage1.summary', {
      status: msg(`stage1.status.${result.status}`),
      objective: result.objective ?? 0,
      bound: result.bound ?? 0,
      before: before.objective,
      moved,
      minutes: Math.round(minutes),
    }),
  );
  problem.days.forEach((day, d) => {
    const dm = result.moves.filter((m) => m.day === day);
    const ur = Object.values(result.unmet_reception).reduce((s, a) => s + a[d]!, 0);
    const urBefore = Object.values(before.unmet_reception).reduce((s, a) => s + a[d]!, 0);
    lines.push(
      msg('stage1.day', {
        day: dayMsg(day),
        moved: dm.reduce((s, m) => s + m.staff, 0),
        short: ur,
        shortBefore: urBefore,
        processing: result.unmet_processing[d] ?? 0,
        processingBefore: before.unmet_processing[d]!,
      }),
    );
  });
  const dayIdx = new Map(problem.days.map((d, i) => [d, i]));
  const sorted = [...result.moves].sort((a, b) => b.staff - a.staff || a.day.localeCompare(b.day));
  for (const mv of sorted.slice(0, 40))
    lines.push(
      msg('stage1.move', {
        staff: mv.staff,
        from: mv.from,
        to: mv.to,
        date: mv.day,
        reason: moveReason(problem, dayIdx.get(mv.day)!, mv.from, mv.to, mv.minutes),
      }),
    );
  if (sorted.length > 40) lines.push(msg('stage1.more', { count: sorted.length - 40 }));
  return lines;
}
