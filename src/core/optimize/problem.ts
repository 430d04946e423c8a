import { OptimizeProblem } from '../../schemas/optimize.ts';
import { schemaErrors } from '../../schemas/validate.ts';
import { DomainError, type ErrorDetail } from '../errors.ts';

/**
 * Validates a stage-1 problem (the one reading of the file, for `optimize --problem` and
 * `simulate --problem`): the schema first (types, signs, NaN), then the rules the schema cannot say —
 * unique ids and days, one value per day for every point, no unknown ids, movable ≤ available, and
 * unmet_reception ≥ unmet_processing. Every error names its JSON path.
 * @param what how the message names the input ("problem is invalid: …")
 * @throws DomainError INPUT_INVALID with one detail per problem found
 */
export function parseProblem(raw: unknown, what = 'problem'): OptimizeProblem {
  const schemaDetails = schemaErrors(OptimizeProblem, raw);
  if (schemaDetails.length > 0) fail(schemaDetails, what);
  const p = raw as OptimizeProblem;
  const details: ErrorDetail[] = [];
  const nDays = p.days.length;

  const daySeen = new Map<string, number>();
  p.days.forEach((d, i) => {
    if (daySeen.has(d))
      details.push({ field: `/days/${i}`, value: d, reason: `duplicate of /days/${daySeen.get(d)}` });
    else daySeen.set(d, i);
  });
  const ids = new Map<string, number>();
  p.points.forEach((pt, i) => {
    if (ids.has(pt.id))
      details.push({ field: `/points/${i}/id`, value: pt.id, reason: 'duplicate point id' });
    else ids.set(pt.id, i);
  });

  const checkPerDay = (name: string, map: Record<string, unknown[]> | undefined, required: boolean) => {
    if (map === undefined) return;
    for (const [id, arr] of Object.entries(map)) {
      if (!ids.has(id)) details.push({ field: `/${name}/${id}`, reason: 'unknown point id' });
      else if (arr.length !== nDays)
        details.push({
          field: `/${name}/${id}`,
          value: arr.length,
          reason: `has ${arr.length} values; expected ${nDays} (one per day)`,
        });
    }
    if (required)
      for (const id of ids.keys())
        if (!(id in map))
          details.push({ field: `/${name}/${id}`, reason: 'missing: one value per day is required' });
  };
  checkPerDay('available', p.available, true);
  checkPerDay('reception', p.reception, true);
  checkPerDay('movable', p.movable, false);
  checkPerDay('min_staff_by_day', p.min_staff_by_day, false);
  if (p.processing.length !== nDays)
    details.push({
      field: '/processing',
      value: p.processing.length,
      reason: `has ${p.processing.length} values; expected ${nDays} (one per day)`,
    });
  if (p.movable)
    for (const [id, arr] of Object.entries(p.movable)) {
      const avail = p.available[id];
      if (!avail) continue;
      arr.forEach((v, d) => {
        if (avail[d] !== undefined && v > avail[d]!)
          details.push({ field: `/movable/${id}/${d}`, value: v, reason: `exceeds available (${avail[d]})` });
      });
    }
  for (const [from, tos] of Object.entries(p.travel_minutes ?? {})) {
    if (!ids.has(from)) details.push({ field: `/travel_minutes/${from}`, reason: 'unknown point id' });
    for (const to of Object.keys(tos))
      if (!ids.has(to)) details.push({ field: `/travel_minutes/${from}/${to}`, reason: 'unknown point id' });
  }
  if (p.weights.unmet_reception < p.weights.unmet_processing)
    details.push({
      field: '/weights/unmet_processing',
      value: p.weights.unmet_processing,
      reason:
        `must not exceed /weights/unmet_reception (${p.weights.unmet_reception}): counters are served first ` +
        '(served = min(reception, present)), so a higher processing weight would reward leaving counters short',
    });
  if (details.length > 0) fail(details, what);
  return p;
}

function fail(details: ErrorDetail[], what: string): never {
  const first = details[0]!;
  throw new DomainError(
    'INPUT_INVALID',
    `${what} is invalid: ${first.field}: ${first.reason}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
    details,
  );
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
