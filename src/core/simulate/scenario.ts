import { CHANNELS, FIELDS } from '../../schemas/domain.ts';
import { SCENARIO_EDIT_SCHEMAS, type ScenarioEdit, type ScenarioEditKind } from '../../schemas/scenario.ts';
import { schemaErrors } from '../../schemas/validate.ts';
import { isIsoDate } from '../calendar/dates.ts';
import { DomainError, type ErrorDetail } from '../errors.ts';
import { type Msg, msg, reasonOf, render } from '../messages.ts';
import type { SimulationSetup } from './prepare.ts';

const KINDS = Object.keys(SCENARIO_EDIT_SCHEMAS) as ScenarioEditKind[];

function fail(details: ErrorDetail[]): never {
  const first = details[0]!;
  throw new DomainError(
    'INPUT_INVALID',
    msg('scenario.invalid', {
      field: first.field ?? '',
      reason: first.reason_msg ?? first.reason,
      more: details.length > 1 ? msg('scenario.invalid_more', { count: details.length - 1 }) : '',
    }),
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
  if (!Array.isArray(raw)) fail([{ field: '/', ...reasonOf('scenario.not_array') }]);
  const details: ErrorDetail[] = [];
  const points = new Set(base.input.points.map((p) => p.code));
  const branches = new Set(base.input.points.flatMap((p) => (p.branch ? [p.branch] : [])));
  const days = new Set(base.input.days);
  raw.forEach((edit: unknown, i) => {
    const at = `/${i}`;
    if (typeof edit !== 'object' || edit === null || Array.isArray(edit)) {
      details.push({ field: at, ...reasonOf('scenario.not_object') });
      return;
    }
    const e = { ...(edit as Record<string, unknown>) };
    const kind = e.kind;
    if (typeof kind !== 'string' || !(KINDS as string[]).includes(kind)) {
      details.push({
        field: `${at}/kind`,
        ...reasonOf('scenario.unknown_kind', { kinds: KINDS.join(', ') }),
        value: kind,
      });
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
          ...reasonOf('scenario.unknown_value', { key, allowed: allowed.join(', ') }),
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
        details.push({ field: `${at}/${key}`, ...reasonOf('scenario.unknown_point'), value: v });
    };
    for (const key of ['from', 'to', 'point']) if (key in e) pointRef(key);
    if (kind === 'move_staff' && e.from === e.to)
      details.push({ field: `${at}/to`, ...reasonOf('scenario.same_point'), value: e.to });
    if (typeof e.branch === 'string' && !branches.has(e.branch))
      details.push({ field: `${at}/branch`, ...reasonOf('scenario.unknown_branch'), value: e.branch });
    if (Array.isArray(e.days))
      (e.days as string[]).forEach((d, j) => {
        if (!days.has(d))
          details.push({ field: `${at}/days/${j}`, ...reasonOf('scenario.not_plan_day'), value: d });
      });
    if (kind === 'add_holiday' && !isIsoDate(e.date as string))
      details.push({ field: `${at}/date`, ...reasonOf('scenario.not_date'), value: e.date });
    if (kind === 'set_target' && e.service_level === undefined && e.target_seconds === undefined)
      details.push({ field: at, ...reasonOf('scenario.target_empty') });
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
): { setup: SimulationSetup; notes: string[]; notes_msgs: Msg[] } {
  const edits = parseScenario(raw, base);
  const setup = structuredClone(base);
  const { input, models } = setup;
  const noteMsgs: Msg[] = [];
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
              ...reasonOf('scenario.cannot_move', {
                point: e.from,
                present: from[d]!,
                date: input.days[d]!,
                staff: e.staff,
              }),
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
              ...reasonOf('scenario.cannot_remove', {
                point: e.point,
                present: now[d]!,
                date: input.days[d]!,
                staff: -e.staff,
              }),
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
          noteMsgs.push(msg('scenario.holiday_outside', { index: i, date: e.date }));
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
        if (matched === 0) noteMsgs.push(msg('scenario.scale_no_match', { index: i }));
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
  return { setup, notes: noteMsgs.map((m) => render(m, 'en')), notes_msgs: noteMsgs };
}
