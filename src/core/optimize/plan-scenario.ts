/**
 * A what-if scenario applied to the inputs of the weekly optimisation (`plan --scenario`), so planners can
 * compare "what I proposed" (the simulated edits) with "what the optimiser proposes" under the same world.
 * Pure; the edits are interpreted by core/simulate/scenario.ts, the one interpreter. `move_staff` is a manual
 * decision, not a change of the world: the optimiser makes its own moves, so it is reported as ignored.
 */
import type { Point, Staff } from '../../schemas/domain.ts';
import type { CalendarModel, FieldsModel, LocalEvent, StaffingModel } from '../../schemas/models.ts';
import type { ForecastRow, LeaveSpan } from '../../schemas/plan.ts';
import type { ScenarioEdit } from '../../schemas/scenario.ts';
import { WorkCalendar } from '../calendar/calendar.ts';
import { DomainError } from '../errors.ts';
import { type MessageKey, type Msg, type MsgParam, msg } from '../messages.ts';
import { interpretScenario } from '../simulate/scenario.ts';
import { expectedWaits } from '../simulate/waits.ts';

export interface PlanWorld {
  points: Point[];
  staff: Staff[];
  forecastRows: ForecastRow[];
  fields: FieldsModel;
  staffing: StaffingModel;
  /** local closures and holidays to add to the calendar */
  events: LocalEvent[];
  /** people unavailable (leave spans; `staff_leave` edits add to them) */
  leave?: LeaveSpan[];
  /** the calendar model (for the expected waits of a `redirect` with published waits) */
  calendar?: CalendarModel;
}

export interface AppliedScenario {
  world: PlanWorld;
  /** One catalogue message (core/messages.ts) per edit: what changed, or why it was ignored. */
  notes: Msg[];
}

const clone = <T>(v: T): T => structuredClone(v);

/** Point codes an edit names, with their field (for the error's path). */
function pointRefs(e: ScenarioEdit): Array<[string, string]> {
  switch (e.kind) {
    case 'move_staff':
      return [
        ['from', e.from],
        ['to', e.to],
      ];
    case 'close_point':
    case 'add_staff':
      return [['point', e.point]];
    case 'scale_volume':
      return e.point ? [['point', e.point]] : [];
    case 'redirect':
      return [
        ...(e.from ? ([['from', e.from]] as Array<[string, string]>) : []),
        ...(e.to ? ([['to', e.to]] as Array<[string, string]>) : []),
      ];
    default:
      return [];
  }
}

/**
 * Applies the edits to a copy of the plan's inputs through the one scenario interpreter
 * (core/simulate/scenario.ts), with a note per edit.
 * @throws DomainError INPUT_INVALID naming the edit index and field for unknown points.
 */
export function applyScenarioToPlan(base: PlanWorld, edits: ScenarioEdit[], days: string[]): AppliedScenario {
  const world: PlanWorld = {
    points: base.points,
    staff: [...base.staff],
    forecastRows: base.forecastRows.map((r) => ({
      ...r,
      ...(r.quantiles ? { quantiles: { ...r.quantiles } } : {}),
    })),
    fields: clone(base.fields),
    staffing: clone(base.staffing),
    events: [...base.events],
    leave: [...(base.leave ?? [])],
  };
  const known = new Set(base.points.map((p) => p.code));
  edits.forEach((e, i) => {
    for (const [field, code] of pointRefs(e))
      if (!known.has(code))
        throw new DomainError('INPUT_INVALID', msg('scenario.edit_point', { index: i, code }), [
          { field: `/${i}/${field}`, value: code, reason: msg('scenario.unknown_point_code') },
        ]);
  });
  const noteMsgs: Msg[] = [];
  const note = (key: MessageKey, params: Record<string, MsgParam>) => noteMsgs.push(msg(key, params));
  interpretScenario(
    edits,
    {
      days,
      forecastRows: world.forecastRows,
      fields: world.fields,
      staffing: world.staffing,
      branchOf: new Map(base.points.map((p) => [p.code, p.branch])),
      ...(base.calendar
        ? {
            choice: {
              points: base.points,
              // Before any plan: the counters the point's own staff can open (leads and staff, not specialists).
              waits: (rows) => {
                const home = new Map<string, number>();
                for (const s of world.staff)
                  if (s.active && s.role !== 'specialist')
                    home.set(s.home_point, (home.get(s.home_point) ?? 0) + 1);
                const counters = new Map(base.points.map((p) => [p.code, p.counters]));
                return expectedWaits(
                  base.points,
                  rows,
                  (point) => Math.min(counters.get(point) ?? 0, home.get(point) ?? 0),
                  world,
                  new WorkCalendar(base.calendar!, world.events),
                );
              },
            },
          }
        : {}),
    },
    {
      moveStaff() {
        // a manual decision, not a change of the world: the optimiser makes its own moves
      },
      addStaff(e, i) {
        if (e.staff >= 0) {
          for (let k = 1; k <= e.staff; k++)
            world.staff.push({
              id: `SCN-${e.point}-${i}-${k}`,
              name: `Cán bộ bổ sung ${k} (kịch bản)`,
              home_point: e.point,
              fields: [
                'land',
                'social_policy',
                'civil_status',
                'certification',
                'business_household',
                'construction',
                'other',
              ],
              fte: 1,
              role: 'staff',
              active: true,
            });
        } else {
          // Remove the last-listed ordinary staff of the point (never the lead).
          let left = -e.staff;
          for (let k = world.staff.length - 1; k >= 0 && left > 0; k--) {
            const s = world.staff[k]!;
            if (s.home_point === e.point && s.role === 'staff' && s.active) {
              world.staff[k] = { ...s, active: false };
              left--;
            }
          }
        }
      },
      closePoint(e, _i, onDays) {
        for (const d of onDays)
          world.events.push({ date: d, name: `Đóng cửa (kịch bản)`, closed: true, points: [e.point] });
      },
      addHoliday(e) {
        world.events.push({ date: e.date, name: e.name, closed: true });
      },
      staffLeave(e, i, onDays) {
        const unknown = e.staff.find((id) => !world.staff.some((s) => s.id === id));
        if (unknown !== undefined)
          throw new DomainError('INPUT_INVALID', msg('scenario.edit_staff', { index: i, id: unknown }), [
            { field: `/${i}/staff`, value: unknown, reason: msg('scenario.unknown_staff') },
          ]);
        if (onDays.length === 0) return;
        for (const id of e.staff)
          world.leave!.push({
            staff_id: id,
            from: onDays[0]!,
            to: onDays[onDays.length - 1]!,
            ...(e.reason ? { reason: e.reason } : {}),
          });
      },
      applied(e, i, rows) {
        switch (e.kind) {
          case 'move_staff':
            note('plan_scenario.move_ignored', { index: i });
            break;
          case 'close_point':
            note('plan_scenario.closed', { index: i, point: e.point, days: (e.days ?? days).join(', ') });
            break;
          case 'add_staff':
            note('plan_scenario.staff', {
              index: i,
              staff: `${e.staff >= 0 ? '+' : ''}${e.staff}`,
              point: e.point,
            });
            break;
          case 'scale_volume':
            note('plan_scenario.volumes', { index: i, factor: e.factor, rows });
            break;
          case 'set_standard':
            note('plan_scenario.standard', {
              index: i,
              field: e.field,
              channel: e.channel,
              stage: e.stage ?? 'reception',
              minutes: e.minutes,
            });
            break;
          case 'set_target':
            note('plan_scenario.target', {
              index: i,
              target: world.staffing.service_level.target,
              seconds: world.staffing.service_level.target_seconds,
            });
            break;
          case 'add_holiday':
            note('plan_scenario.holiday', { index: i, date: e.date, name: e.name });
            break;
          case 'redirect':
            note('plan_scenario.redirect', { index: i, rows });
            break;
          case 'staff_leave':
            note('plan_scenario.leave', {
              index: i,
              staff: e.staff,
              from: e.from,
              to: e.to ?? days[days.length - 1]!,
            });
            break;
        }
      },
    },
  );
  return { world, notes: noteMsgs };
}
