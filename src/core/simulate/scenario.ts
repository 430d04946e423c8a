/**
 * The one interpreter of scenario edits (`interpretScenario`), for both worlds a scenario applies to: a
 * simulation setup (`applyScenario`, here) and the inputs of the weekly optimisation
 * (core/optimize/plan-scenario.ts). Edits that change the world the same way in both (volumes, standards,
 * targets) are applied here; edits about staff and closures go to the world's own effects.
 */
import { CHANNELS, type Channel, FIELDS, type Field } from '../../schemas/domain.ts';
import type { FieldsModel, StaffingModel } from '../../schemas/models.ts';
import type { ForecastQuantiles } from '../../schemas/plan.ts';
import { SCENARIO_EDIT_SCHEMAS, type ScenarioEdit, type ScenarioEditKind } from '../../schemas/scenario.ts';
import { invalidInput, schemaErrors } from '../../schemas/validate.ts';
import { WorkCalendar } from '../calendar/calendar.ts';
import { isIsoDate } from '../calendar/dates.ts';
import type { ErrorDetail } from '../errors.ts';
import { type Msg, msg } from '../messages.ts';
import { type ChoiceParams, choiceSet, choiceShares, DEFAULT_CHOICE } from './choice.ts';
import type { SimulationSetup } from './prepare.ts';
import { expectedWaits } from './waits.ts';

const KINDS = Object.keys(SCENARIO_EDIT_SCHEMAS) as ScenarioEditKind[];

function fail(details: ErrorDetail[]): never {
  throw invalidInput(msg('scenario.what'), details);
}

/**
 * Checks a scenario (a JSON array of edits) against the base it applies to: the schema of each edit's
 * kind, then points, branches, days and dates. Details name the array index and field (`/2/staff`).
 * @throws DomainError INPUT_INVALID
 * @example parseScenario([{ kind: 'add_staff', point: 'P017', staff: 3 }], base)
 */
export function parseScenario(raw: unknown, base: SimulationSetup): ScenarioEdit[] {
  if (!Array.isArray(raw)) fail([{ field: '/', reason: msg('scenario.not_array') }]);
  const details: ErrorDetail[] = [];
  const points = new Set(base.input.points.map((p) => p.code));
  const branches = new Set(base.input.points.flatMap((p) => (p.branch ? [p.branch] : [])));
  const days = new Set(base.input.days);
  raw.forEach((edit: unknown, i) => {
    const at = `/${i}`;
    if (typeof edit !== 'object' || edit === null || Array.isArray(edit)) {
      details.push({ field: at, reason: msg('scenario.not_object') });
      return;
    }
    const e = { ...(edit as Record<string, unknown>) };
    const kind = e.kind;
    if (typeof kind !== 'string' || !(KINDS as string[]).includes(kind)) {
      details.push({
        field: `${at}/kind`,
        reason: msg('scenario.unknown_kind', { kinds: KINDS.join(', ') }),
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
          reason: msg('scenario.unknown_value', { key, allowed: allowed.join(', ') }),
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
        details.push({ field: `${at}/${key}`, reason: msg('scenario.unknown_point'), value: v });
    };
    for (const key of ['from', 'to', 'point']) if (key in e) pointRef(key);
    if (kind === 'move_staff' && e.from === e.to)
      details.push({ field: `${at}/to`, reason: msg('scenario.same_point'), value: e.to });
    if (typeof e.branch === 'string' && !branches.has(e.branch))
      details.push({ field: `${at}/branch`, reason: msg('scenario.unknown_branch'), value: e.branch });
    if (Array.isArray(e.days))
      (e.days as string[]).forEach((d, j) => {
        if (!days.has(d))
          details.push({ field: `${at}/days/${j}`, reason: msg('scenario.not_plan_day'), value: d });
      });
    if (kind === 'redirect') {
      if (e.published_waits === true) {
        for (const key of ['to', 'share'])
          if (key in e) details.push({ field: `${at}/${key}`, reason: msg('scenario.redirect_waits_only') });
      } else {
        for (const key of ['from', 'to', 'share'])
          if (!(key in e)) details.push({ field: `${at}/${key}`, reason: msg('scenario.redirect_needs') });
        if ('awareness' in e)
          details.push({ field: `${at}/awareness`, reason: msg('scenario.redirect_awareness') });
        if (e.from !== undefined && e.from === e.to)
          details.push({ field: `${at}/to`, reason: msg('scenario.same_point'), value: e.to });
      }
    }
    if (kind === 'staff_leave' && typeof e.to === 'string' && e.to < (e.from as string))
      details.push({ field: `${at}/to`, reason: msg('scenario.leave_order'), value: e.to });
    if (kind === 'add_holiday' && !isIsoDate(e.date as string))
      details.push({ field: `${at}/date`, reason: msg('scenario.not_date'), value: e.date });
    if (kind === 'set_target' && e.service_level === undefined && e.target_seconds === undefined)
      details.push({ field: at, reason: msg('scenario.target_empty') });
  });
  if (details.length > 0) fail(details);
  return raw as ScenarioEdit[];
}

type Edit<K extends ScenarioEditKind> = Extract<ScenarioEdit, { kind: K }>;

/** A forecast row in the one shape plans and simulations share: mean and quantiles by name. */
export interface ForecastQuantileRow {
  point: string;
  date: string;
  channel: Channel;
  field: Field;
  mean: number;
  quantiles?: ForecastQuantiles;
}

/** What every world has and edits the same way (the interpreter changes it in place: pass a copy). */
export interface ScenarioWorld {
  /** the days an edit without `days` applies to */
  days: readonly string[];
  forecastRows: ForecastQuantileRow[];
  fields: FieldsModel;
  staffing: StaffingModel;
  branchOf: ReadonlyMap<string, string | undefined>;
  /** what `redirect` with published waits needs: the points (coordinates) and their expected waits */
  choice?: {
    points: ReadonlyArray<{ code: string; lat?: number; lon?: number }>;
    /** expected wait in minutes per `point|date` under the current rows */
    waits(rows: readonly ForecastQuantileRow[]): ReadonlyMap<string, number>;
    params?: ChoiceParams;
  };
}

/** What each world does with the edits about staff and closures (days resolved: the edit's, else every day). */
export interface ScenarioEffects {
  moveStaff(edit: Edit<'move_staff'>, index: number, days: readonly string[]): void;
  addStaff(edit: Edit<'add_staff'>, index: number, days: readonly string[]): void;
  closePoint(edit: Edit<'close_point'>, index: number, days: readonly string[]): void;
  addHoliday(edit: Edit<'add_holiday'>, index: number): void;
  /** named people unavailable on `days` (the edit's span within the world's days) */
  staffLeave(edit: Edit<'staff_leave'>, index: number, days: readonly string[]): void;
  /** after every edit, in order; `rows`: the forecast rows a scale_volume matched (0 otherwise) */
  applied?(edit: ScenarioEdit, index: number, rows: number): void;
}

/**
 * Applies valid edits in order: scale_volume multiplies the mean and every quantile of the matching rows
 * (rows keep their order, so base and scenario share random streams), set_standard and set_target change
 * the models, the rest goes to `effects`.
 * @example interpretScenario([{ kind: 'scale_volume', factor: 1.3, field: 'land' }], world, effects)
 */
export function interpretScenario(
  edits: readonly ScenarioEdit[],
  world: ScenarioWorld,
  effects: ScenarioEffects,
): void {
  edits.forEach((e, i) => {
    let rows = 0;
    switch (e.kind) {
      case 'move_staff':
        effects.moveStaff(e, i, e.days ?? world.days);
        break;
      case 'add_staff':
        effects.addStaff(e, i, e.days ?? world.days);
        break;
      case 'close_point':
        effects.closePoint(e, i, e.days ?? world.days);
        break;
      case 'add_holiday':
        effects.addHoliday(e, i);
        break;
      case 'staff_leave':
        effects.staffLeave(
          e,
          i,
          world.days.filter((d) => d >= e.from && (e.to === undefined || d <= e.to)),
        );
        break;
      case 'scale_volume':
        rows = scaleVolume(world, e);
        break;
      case 'redirect':
        rows = redirect(world, e);
        break;
      case 'set_standard':
        world.fields.fields[e.field].standard_minutes[e.channel][e.stage ?? 'reception'] = e.minutes;
        break;
      case 'set_target':
        if (e.service_level !== undefined) world.staffing.service_level.target = e.service_level;
        if (e.target_seconds !== undefined) world.staffing.service_level.target_seconds = e.target_seconds;
        break;
    }
    effects.applied?.(e, i, rows);
  });
}

const scaleRow = (r: ForecastQuantileRow, k: number) => {
  r.mean *= k;
  if (r.quantiles) for (const q of Object.keys(r.quantiles)) r.quantiles[q] = r.quantiles[q]! * k;
};

/** Adds `mean` (and quantiles) to the in-person row of point·date·field, appended when there is none. */
function addTo(
  world: ScenarioWorld,
  index: Map<string, ForecastQuantileRow>,
  point: string,
  src: { date: string; field: Field },
  mean: number,
  quantiles?: Record<string, number>,
) {
  const key = `${point}|${src.date}|${src.field}`;
  const row = index.get(key);
  if (row) {
    row.mean += mean;
    if (row.quantiles)
      for (const q of Object.keys(row.quantiles))
        row.quantiles[q] = row.quantiles[q]! + (quantiles?.[q] ?? mean);
    return;
  }
  // New rows go last: the rows that were there keep their order (and their random streams).
  const r: ForecastQuantileRow = { point, date: src.date, channel: 'in_person', field: src.field, mean };
  if (quantiles && Object.keys(quantiles).length > 0) r.quantiles = { ...quantiles };
  world.forecastRows.push(r);
  index.set(key, r);
}

/**
 * Moves in-person citizens between points, conserving dossiers (only the receiving point changes): a `share`
 * of `from`'s rows to `to`, or, with `published_waits`, by the choice model: each point's citizens move by
 * the difference between their choice with the expected waits known and without (P₁ − P₀, core/simulate/
 * choice.ts), for the `awareness` share who see them. Quantiles move with the means (summed: a comonotone,
 * cautious approximation). Returns the rows it read.
 */
function redirect(world: ScenarioWorld, e: Edit<'redirect'>): number {
  const days = e.days ? new Set(e.days) : undefined;
  const match = (r: ForecastQuantileRow) =>
    r.channel === 'in_person' &&
    (!e.field || r.field === e.field) &&
    (!days || days.has(r.date)) &&
    r.mean > 0;
  const index = new Map(
    world.forecastRows
      .filter((r) => r.channel === 'in_person')
      .map((r) => [`${r.point}|${r.date}|${r.field}`, r]),
  );
  if (!e.published_waits) {
    let n = 0;
    const share = e.share!;
    for (const r of [...world.forecastRows]) {
      if (r.point !== e.from || !match(r)) continue;
      n++;
      const q = r.quantiles
        ? Object.fromEntries(Object.entries(r.quantiles).map(([k, v]) => [k, v * share]))
        : undefined;
      const moved = r.mean * share;
      scaleRow(r, 1 - share);
      addTo(world, index, e.to!, r, moved, q);
    }
    return n;
  }
  const ch = world.choice;
  if (!ch) return 0;
  const prm = ch.params ?? DEFAULT_CHOICE;
  const set = choiceSet(ch.points, prm);
  const pIdx = new Map(ch.points.map((p, i) => [p.code, i]));
  const waits = ch.waits(world.forecastRows);
  const aware = e.awareness ?? 1;
  // Group the matching rows by date and field: flows happen within a day and a field.
  const groups = new Map<string, ForecastQuantileRow[]>();
  let n = 0;
  for (const r of world.forecastRows) {
    if (!match(r) || !pIdx.has(r.point)) continue;
    n++;
    const k = `${r.date}|${r.field}`;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const P = ch.points.length;
  for (const rows of groups.values()) {
    const date = rows[0]!.date;
    const m = new Float64Array(P);
    for (const r of rows) m[pIdx.get(r.point)!]! += r.mean;
    const w = ch.points.map((p) => waits.get(`${p.code}|${date}`) ?? 0);
    const delta = new Float64Array(P);
    for (const r of rows) {
      const a = pIdx.get(r.point)!;
      if (e.from !== undefined && r.point !== e.from) continue;
      const p0 = choiceShares(set, a, undefined, undefined, prm);
      const p1 = choiceShares(set, a, w, undefined, prm);
      set.alt[a]!.forEach((j, k) => {
        delta[j]! += aware * r.mean * (p1[k]! - p0[k]!);
      });
    }
    // No point loses more than it receives; what is cut is taken back from the gains, so Σ delta = 0.
    let neg = 0;
    let pos = 0;
    for (let j = 0; j < P; j++) {
      if (m[j]! + delta[j]! < 0) delta[j] = -m[j]!;
      if (delta[j]! < 0) neg -= delta[j]!;
      else pos += delta[j]!;
    }
    const k = pos > 0 ? neg / pos : 0;
    const ratio = new Float64Array(P).fill(1);
    const quantShape = rows.find((r) => r.quantiles)?.quantiles;
    const qOf = (mean: number, ref: ForecastQuantileRow | undefined) =>
      ref?.quantiles
        ? Object.fromEntries(Object.entries(ref.quantiles).map(([q, v]) => [q, (v / ref.mean) * mean]))
        : quantShape
          ? Object.fromEntries(Object.entries(quantShape).map(([q]) => [q, mean]))
          : undefined;
    for (let j = 0; j < P; j++) {
      const d = delta[j]! > 0 ? delta[j]! * k : delta[j]!;
      if (d === 0) continue;
      if (m[j]! > 0) ratio[j] = (m[j]! + d) / m[j]!;
      else if (d > 0) addTo(world, index, ch.points[j]!.code, rows[0]!, d, qOf(d, undefined));
    }
    for (const r of rows) {
      const j = pIdx.get(r.point)!;
      if (ratio[j] !== 1) scaleRow(r, ratio[j]!);
    }
  }
  return n;
}

/** Scales the matching forecast rows; returns how many matched. */
function scaleVolume(world: ScenarioWorld, e: Edit<'scale_volume'>): number {
  const days = e.days ? new Set(e.days) : undefined;
  let matched = 0;
  for (const r of world.forecastRows) {
    if (e.field && r.field !== e.field) continue;
    if (e.channel && r.channel !== e.channel) continue;
    if (e.point && r.point !== e.point) continue;
    if (e.branch && world.branchOf.get(r.point) !== e.branch) continue;
    if (days && !days.has(r.date)) continue;
    matched++;
    r.mean *= e.factor;
    if (r.quantiles) for (const q of Object.keys(r.quantiles)) r.quantiles[q] = r.quantiles[q]! * e.factor;
  }
  return matched;
}

/**
 * Applies a scenario to a base setup and returns a new setup (the base is not modified). Edits apply
 * in order; an edit that cannot apply (moving more staff than are present) is rejected with its index.
 * Demand rows keep their order, so base and scenario share random streams (common random numbers).
 * @throws DomainError INPUT_INVALID
 * @example applyScenario(base, [{ kind: 'scale_volume', factor: 1.3, field: 'land' }]).setup
 */
export function applyScenario(base: SimulationSetup, raw: unknown): { setup: SimulationSetup; notes: Msg[] } {
  const edits = parseScenario(raw, base);
  const setup = structuredClone(base);
  const { input, models } = setup;
  const noteMsgs: Msg[] = [];
  const details: ErrorDetail[] = [];
  const dayIdx = (days: readonly string[]) => days.map((d) => input.days.indexOf(d));
  const dayOf = new Map(input.days.map((d, i) => [d, i]));
  const countersOf = new Map(input.points.map((p) => [p.code, p.counters]));
  const world: ScenarioWorld = {
    days: input.days,
    forecastRows: input.demand,
    fields: models.fields,
    staffing: models.staffing,
    branchOf: new Map(input.points.map((p) => [p.code, p.branch])),
    choice: {
      points: input.points,
      // Waits at the counters the point can staff that day: present staff, within its physical counters.
      waits: (rows) =>
        expectedWaits(
          input.points,
          rows,
          (point, date) => Math.min(countersOf.get(point)!, input.present[point]?.[dayOf.get(date)!] ?? 0),
          models,
          new WorkCalendar(
            models.calendar,
            (input.closures ?? []).map((c) => ({
              date: c.date,
              name: c.name,
              closed: true,
              ...(c.points ? { points: c.points } : {}),
            })),
          ),
        ),
    },
  };
  interpretScenario(edits, world, {
    moveStaff(e, i, days) {
      for (const d of dayIdx(days)) {
        const from = input.present[e.from]!;
        if (from[d]! < e.staff) {
          details.push({
            field: `/${i}/staff`,
            reason: msg('scenario.cannot_move', {
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
    },
    addStaff(e, i, days) {
      for (const d of dayIdx(days)) {
        const now = input.present[e.point]!;
        if (now[d]! + e.staff < 0) {
          details.push({
            field: `/${i}/staff`,
            reason: msg('scenario.cannot_remove', {
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
    },
    closePoint(e, i, days) {
      input.closures ??= [];
      for (const d of days)
        input.closures.push({ date: d, name: `scenario edit ${i}: ${e.point} closed`, points: [e.point] });
    },
    addHoliday(e, i) {
      input.closures ??= [];
      input.closures.push({ date: e.date, name: e.name });
      if (!input.days.includes(e.date))
        noteMsgs.push(msg('scenario.holiday_outside', { index: i, date: e.date }));
    },
    staffLeave(_e, i) {
      noteMsgs.push(msg('scenario.leave_ignored', { index: i }));
    },
    applied(e, i, rows) {
      if (e.kind === 'redirect' && rows === 0) noteMsgs.push(msg('scenario.redirect_no_match', { index: i }));
      if (e.kind === 'scale_volume' && rows === 0)
        noteMsgs.push(msg('scenario.scale_no_match', { index: i }));
    },
  });
  if (details.length > 0) fail(details);
  return { setup, notes: noteMsgs };
}
