/**
 * The work model as functions over models/work-types.json: the minutes a dossier causes for each work type,
 * and who may do which work. Pure; the staffing requirements, the optimiser and the simulator all read the
 * work model through these.
 */
import type { Channel, Field, Staff, WorkTypeId } from '../../schemas/domain.ts';
import type { FieldsModel } from '../../schemas/models.ts';
import {
  WORK_TYPE_IDS,
  type WorkPlace,
  type WorkTiming,
  type WorkTypesModel,
} from '../../schemas/work-types.ts';

/**
 * Minutes of work type `id` caused by one dossier of `field` received by `channel` (already × the work type's
 * share); 0 when the work type does not apply to that channel or is a per-point-day load.
 * @example dossierMinutes(model, fields, 'counter_reception', 'land', 'in_person') // 20
 */
export function dossierMinutes(
  model: WorkTypesModel,
  fields: FieldsModel,
  id: WorkTypeId,
  field: Field,
  channel: Channel,
): number {
  const wt = model.work_types[id];
  if (!wt.channels.includes(channel)) return 0;
  const m = wt.minutes;
  if ('standard' in m) return wt.share * fields.fields[field].standard_minutes[channel][m.standard];
  if ('per_dossier' in m) return wt.share * m.per_dossier;
  return 0;
}

/**
 * Whether work type `id` is the Center's own work (its staff or point leads may do it), as against the competent
 * units' specialists' (appraisal and decision), which the Center neither staffs nor moves.
 */
export function centerWork(model: WorkTypesModel, id: WorkTypeId): boolean {
  return model.work_types[id].roles.some((r) => r === 'staff' || r === 'point_lead');
}

/** Minutes per open point and day of work type `id` (its per_point_day load), else 0. */
export function pointDayMinutes(model: WorkTypesModel, id: WorkTypeId): number {
  const m = model.work_types[id].minutes;
  return 'per_point_day' in m ? m.per_point_day : 0;
}

/** The work type ids done at `where` and `when` (either filter may be left out), in model order. */
export function workTypesAt(
  model: WorkTypesModel,
  filter: { where?: WorkPlace; when?: WorkTiming },
): WorkTypeId[] {
  return WORK_TYPE_IDS.filter((id) => {
    const wt = model.work_types[id];
    return (
      (filter.where === undefined || wt.where === filter.where) &&
      (filter.when === undefined || wt.when === filter.when)
    );
  });
}

/**
 * Whether `person` may do work type `id` (for a dossier of `field` when the work type needs field skills):
 * their role is among the work type's roles, their `skills` (when listed) include it, and for field-skilled
 * work their fields include the dossier's.
 * @example mayDo(model, { role: 'staff', fields: ['land'] }, 'appraisal') // false: specialists only
 */
export function mayDo(
  model: WorkTypesModel,
  person: Pick<Staff, 'role' | 'fields' | 'skills'>,
  id: WorkTypeId,
  field?: Field,
): boolean {
  const wt = model.work_types[id];
  if (!wt.roles.includes(person.role)) return false;
  if (person.skills && person.skills.length > 0 && !person.skills.includes(id)) return false;
  if (wt.field_skill && field !== undefined && !person.fields.includes(field)) return false;
  return true;
}

/** Whether the Center may move a person of this role between points (models/work-types.json roles). */
export function movableRole(model: WorkTypesModel, role: Staff['role']): boolean {
  return model.roles[role].movable;
}
