import { CHANNELS, FIELDS } from '../../schemas/domain.ts';
import { SCENARIO_EDIT_SCHEMAS, type ScenarioEdit, type ScenarioEditKind } from '../../schemas/scenario.ts';
import { schemaErrors } from '../../schemas/validate.ts';
import { isIsoDate } from '../calendar/dates.ts';
import { DomainError, type ErrorDetail } from '../errors.ts';
import type { SimulationSetup } from './prepare.ts';

const KINDS = Object.keys(SCENARIO_EDIT_SCHEMAS) as ScenarioEditKind[];

function fail(details: ErrorDetail[]): never {
  const first = details[0]!;
  throw new DomainError(
    'INPUT_INVALID',
    `scenario is invalid: ${first.field}: ${first.reason}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
    details,
  );
}

/**
 * Checks a scenario (a JSON array of edits) against the base it applies to: the schema of each edit's
 * kind, then points, branches, days and dates. Details name the array index and field (`/2/staff`).
 * @throws DomainError INPUT_INVALID
 * @example parseScenario([{ kind: 'add_staff', point: 'P017', staff: 3 }], base)
 */
export function parseScenario(raw: unknown, base: SimulationSetup): ScenarioEdit[] {
  if (!Array.isArray(raw)) fail([{ field: '/', reason: 'a scenario is a JSON array of edits' }]);
  const details: ErrorDetail[] = [];
  const points = new Set(base.input.points.map((p) => p.code));
  const branches = new Set(base.input.points.flatMap((p) => (p.branch ? [p.branch] : [])));
  const days = new Set(base.input.days);
  raw.forEach((edit: unknown, i) => {
    const at = `/${i}`;
    if (typeof edit !== 'object' || edit === null || Array.isArray(edit)) {
      details.push({ field: at, reason: 'an edit is an object with a `kind`' });
      return;
    }
    const e = { ...(edit as Record<string, unknown>) };
    const kind = e.kind;
    if (typeof kind !== 'string' || !(KINDS as string[]).includes(kind)) {
      details.push({ field: `${at}/kind`, reason: `unknown kind; one of ${KINDS.join(', ')}`, value: kind });
      return;
    }
    // Readable messages for enumerations (the schema's union errors say only "must match anyOf").
    for (const [key, allowed] of [
      ['field', FIELDS],
      ['channel', CHANNELS],
    ] as const) {
      if (key in e && !(allowed as readonly unknown[]).includes(e[key])) {
        details.push({
          field: `${at}/${key}`,
          reason: `unknown ${key}; one of ${allowed.join(', ')}`,
          value: e[key],
        });
        e[key] = allowed[0];
      }
    }
    const schemaDetails = schemaErrors(SCENARIO_EDIT_SCHEMAS[kind as ScenarioEditKind], e, at);
    details.push(...schemaDetails);
    if (schemaDetails.length > 0) return;
    const pointRef = (key: string) => {
      const v = e[key];
      if (typeof v === 'string' && !points.has(v))
        details.push({ field: `${at}/${key}`, reason: 'unknown point', value: v });
    };
    for (const key of ['from', 'to', 'point']) if (key in e) pointRef(key);
    if (kind === 'move_staff' && e.from === e.to)
      details.push({ field: `${at}/to`, reason: 'from and to are the same point', value: e.to });
    if (typeof e.branch === 'string' && !branches.has(e.branch))
      details.push({ field: `${at}/branch`, reason: 'unknown branch', value: e.branch });
    if (Array.isArray(e.days))
      (e.days as string[]).forEach((d, j) => {
        if (!days.has(d))
          details.push({ field: `${at}/days/${j}`, reason: 'not a day of the plan', value: d });
      });
    if (kind === 'add_holiday' && !isIsoDate(e.date as string))
      details.push({ field: `${at}/date`, reason: 'not a calendar date', value: e.date });
    if (kind === 'set_target' && e.service_level === undefined && e.target_seconds === undefined)
      details.push({ field: at, reason: 'give service_level, target_seconds or both' });
  });
  if (details.length > 0) fail(details);
  return raw as ScenarioEdit[];
}

/**
 * Applies a scenario to a base setup and returns a new setup (the base is not modified). Edits apply
 * in order; an edit that cannot apply (moving more staff than are present) is rejected with its index.
 * Demand rows keep their order, so base and scenario share random streams (common random numbers).
 * @throws DomainError INPUT_INVALID
 * @example applyScenario(base, [{ kind: 'scale_volume', factor: 1.3, field: 'land' }]).setup
 */
export function applyScenario(
  base: SimulationSetup,
  raw: unknown,
): { setup: SimulationSetup; notes: string[] } {
  const edits = parseScenario(raw, base);
  const setup = structuredClone(base);
  const { input, models } = setup;
  const notes: string[] = [];
  const details: ErrorDetail[] = [];
  const dayIdx = (days?: string[]) => (days ?? input.days).map((d) => input.days.indexOf(d));
  const branchOf = new Map(input.points.map((p) => [p.code, p.branch]));
  edits.forEach((e, i) => {
    const at = `/${i}`;
    switch (e.kind) {
      case 'move_staff': {
        for (const d of dayIdx(e.days)) {
          const from = input.present[e.from]!;
          if (from[d]! < e.staff) {
            details.push({
              field: `${at}/staff`,
              reason: `${e.from} has ${from[d]} staff present on ${input.days[d]}; cannot move ${e.staff}`,
              value: e.staff,
            });
            continue;
          }
          from[d] = from[d]! - e.staff;
          input.present[e.to]![d] = input.present[e.to]![d]! + e.staff;
        }
        break;
      }
      case 'add_staff': {
        for (const d of dayIdx(e.days)) {
          const now = input.present[e.point]!;
          if (now[d]! + e.staff < 0) {
            details.push({
              field: `${at}/staff`,
              reason: `${e.point} has ${now[d]} staff present on ${input.days[d]}; cannot remove ${-e.staff}`,
              value: e.staff,
            });
            continue;
          }
          now[d] = now[d]! + e.staff;
        }
        break;
      }
      case 'close_point': {
        input.closures ??= [];
        for (const d of e.days ?? input.days)
          input.closures.push({ date: d, name: `scenario edit ${i}: ${e.point} closed`, points: [e.point] });
        break;
      }
      case 'add_holiday': {
        input.closures ??= [];
        input.closures.push({ date: e.date, name: e.name });
        if (!input.days.includes(e.date))
          notes.push(`edit ${i}: ${e.date} is outside the plan; it only moves deadlines`);
        break;
      }
      case 'scale_volume': {
        const days = e.days ? new Set(e.days) : undefined;
        let matched = 0;
        for (const r of input.demand) {
          if (e.field && r.field !== e.field) continue;
          if (e.channel && r.channel !== e.channel) continue;
          if (e.point && r.point !== e.point) continue;
          if (e.branch && branchOf.get(r.point) !== e.branch) continue;
          if (days && !days.has(r.date)) continue;
          matched++;
          r.mean *= e.factor;
          if (r.p10 !== undefined) r.p10 *= e.factor;
          if (r.p50 !== undefined) r.p50 *= e.factor;
          if (r.p90 !== undefined) r.p90 *= e.factor;
        }
        if (matched === 0) notes.push(`edit ${i}: scale_volume matches no demand row`);
        break;
      }
      case 'set_standard': {
        models.fields.fields[e.field].standard_minutes[e.channel][e.stage ?? 'reception'] = e.minutes;
        break;
      }
      case 'set_target': {
        if (e.service_level !== undefined) models.staffing.service_level.target = e.service_level;
        if (e.target_seconds !== undefined) models.staffing.service_level.target_seconds = e.target_seconds;
        break;
      }
    }
  });
  if (details.length > 0) fail(details);
  return { setup, notes };
}
