import { OptimizeProblem } from '../../schemas/optimize.ts';
import { invalidInput, schemaErrors } from '../../schemas/validate.ts';
import type { ErrorDetail } from '../errors.ts';
import { type Msg, msg } from '../messages.ts';

/**
 * Validates a stage-1 problem (the one reading of the file, for `optimize --problem` and
 * `simulate --problem`): the schema first (types, signs, NaN), then the rules the schema cannot say —
 * unique ids and days, one value per day for every point, no unknown ids, movable ≤ available, and
 * unmet_reception ≥ unmet_processing. Every error names its JSON path.
 * @param what how the message names the input ("problem is invalid: …")
 * @throws DomainError INPUT_INVALID with one detail per problem found
 */
export function parseProblem(raw: unknown, what: string | Msg = msg('problem.what')): OptimizeProblem {
  const schemaDetails = schemaErrors(OptimizeProblem, raw);
  if (schemaDetails.length > 0) fail(schemaDetails, what);
  const p = raw as OptimizeProblem;
  const details: ErrorDetail[] = [];
  const nDays = p.days.length;

  const daySeen = new Map<string, number>();
  p.days.forEach((d, i) => {
    if (daySeen.has(d))
      details.push({
        field: `/days/${i}`,
        value: d,
        reason: msg('problem.duplicate_day', { index: daySeen.get(d)! }),
      });
    else daySeen.set(d, i);
  });
  const ids = new Map<string, number>();
  p.points.forEach((pt, i) => {
    if (ids.has(pt.id))
      details.push({ field: `/points/${i}/id`, value: pt.id, reason: msg('problem.duplicate_point') });
    else ids.set(pt.id, i);
  });

  const checkPerDay = (name: string, map: Record<string, unknown[]> | undefined, required: boolean) => {
    if (map === undefined) return;
    for (const [id, arr] of Object.entries(map)) {
      if (!ids.has(id)) details.push({ field: `/${name}/${id}`, reason: msg('problem.unknown_point') });
      else if (arr.length !== nDays)
        details.push({
          field: `/${name}/${id}`,
          value: arr.length,
          reason: msg('problem.per_day_length', { count: arr.length, days: nDays }),
        });
    }
    if (required)
      for (const id of ids.keys())
        if (!(id in map)) details.push({ field: `/${name}/${id}`, reason: msg('problem.per_day_missing') });
  };
  checkPerDay('available', p.available, true);
  checkPerDay('reception', p.reception, true);
  checkPerDay('movable', p.movable, false);
  checkPerDay('min_staff_by_day', p.min_staff_by_day, false);
  checkPerDay('local', p.local, false);
  checkPerDay('counter_slots', p.counter_slots, false);
  for (const [id, perDay] of Object.entries(p.counter_slots ?? {})) {
    const rec = p.reception[id];
    if (!rec || perDay.length !== nDays) continue;
    perDay.forEach((slots, d) => {
      const sum = slots.reduce((a, sl) => a + sl.staff_days, 0);
      if (Math.abs(sum - (rec[d] ?? 0)) > 1e-6 * Math.max(1, sum))
        details.push({
          field: `/counter_slots/${id}/${d}`,
          value: sum,
          reason: msg('problem.slots_sum', { sum, point: id, day: d, reception: rec[d] ?? 0 }),
        });
      slots.forEach((sl, k) => {
        if (k > 0 && sl.staff_days > slots[k - 1]!.staff_days + 1e-12)
          details.push({
            field: `/counter_slots/${id}/${d}/${k}/staff_days`,
            value: sl.staff_days,
            reason: msg('problem.slot_longer'),
          });
      });
    });
  }
  if (p.processing.length !== nDays)
    details.push({
      field: '/processing',
      value: p.processing.length,
      reason: msg('problem.per_day_length', { count: p.processing.length, days: nDays }),
    });
  if (p.movable)
    for (const [id, arr] of Object.entries(p.movable)) {
      const avail = p.available[id];
      if (!avail) continue;
      arr.forEach((v, d) => {
        if (avail[d] !== undefined && v > avail[d]!)
          details.push({
            field: `/movable/${id}/${d}`,
            value: v,
            reason: msg('problem.movable_over', { available: avail[d]! }),
          });
      });
    }
  for (const [from, tos] of Object.entries(p.travel_minutes ?? {})) {
    if (!ids.has(from))
      details.push({ field: `/travel_minutes/${from}`, reason: msg('problem.unknown_point') });
    for (const to of Object.keys(tos))
      if (!ids.has(to))
        details.push({ field: `/travel_minutes/${from}/${to}`, reason: msg('problem.unknown_point') });
  }
  if (p.weights.unmet_reception < p.weights.unmet_processing)
    details.push({
      field: '/weights/unmet_processing',
      value: p.weights.unmet_processing,
      reason: msg('problem.weights_processing', { reception: p.weights.unmet_reception }),
    });
  const wl = p.weights.unmet_local;
  if (wl !== undefined && (wl > p.weights.unmet_reception || wl < p.weights.unmet_processing))
    details.push({
      field: '/weights/unmet_local',
      value: wl,
      reason: msg('problem.weights_local', {
        processing: p.weights.unmet_processing,
        reception: p.weights.unmet_reception,
      }),
    });
  if (details.length > 0) fail(details, what);
  return p;
}

function fail(details: ErrorDetail[], what: string | Msg): never {
  throw invalidInput(what, details);
}

/** Minimum staff of point `id` (index i) on day d, honouring `min_staff_by_day`. */
export function minStaff(p: OptimizeProblem, i: number, d: number): number {
  const pt = p.points[i]!;
  return p.min_staff_by_day?.[pt.id]?.[d] ?? pt.min_staff;
}

/** Home staff of point `id` that may be moved away on day d. */
export function movableStaff(p: OptimizeProblem, id: string, d: number): number {
  return p.movable?.[id]?.[d] ?? p.available[id]![d]!;
}

/**
 * Counter slot values of point `id` on day d, first counter first: the work model's `counter_slots` when given,
 * else counters by day (⌊reception⌋ whole slots and one fractional slot).
 */
export function slotValues(p: OptimizeProblem, id: string, d: number): number[] {
  const given = p.counter_slots?.[id]?.[d];
  if (given) return given.map((s) => s.staff_days);
  const r = p.reception[id]![d]!;
  const whole = Math.floor(r);
  const out = new Array<number>(whole).fill(1);
  if (r - whole > 1e-12) out.push(r - whole);
  return out;
}

/** Local work (staff-days) of point `id` on day d; 0 without the work model's `local`. */
export function localWork(p: OptimizeProblem, id: string, d: number): number {
  return p.local?.[id]?.[d] ?? 0;
}

/** The weight of unmet local work (default: unmet_processing). */
export function unmetLocalWeight(w: OptimizeProblem['weights']): number {
  return w.unmet_local ?? w.unmet_processing;
}

/**
 * What `present` people do at a point: the k-th staffs the k-th counter (its share of the day), the rest of
 * everyone's day does the local work, and what is left goes to the pool. In staff-days.
 * @example servedAt([1, 0.5], 0.3, 2) // { counter: 1.5, local: 0.3, surplus: 0.2 }
 */
export function servedAt(
  slots: ReadonlyArray<number>,
  local: number,
  present: number,
): { counter: number; local: number; surplus: number } {
  let counter = 0;
  const k = Math.min(slots.length, Math.max(0, present));
  const whole = Math.floor(k);
  for (let i = 0; i < whole; i++) counter += slots[i]!;
  if (k > whole) counter += (k - whole) * slots[whole]!;
  const back = Math.max(0, present - counter);
  const loc = Math.min(local, back);
  return { counter, local: loc, surplus: back - loc };
}
