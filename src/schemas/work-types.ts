import Type, { type Static } from 'typebox';
import { Channel, type Literals, STAFF_ROLES } from './domain.ts';

export { WORK_TYPE_IDS, type WorkTypeId } from './domain.ts';

/**
 * `models/work-types.json`: the work of the one-stop mechanism (Decree 118/2025/NĐ-CP) as data — who may do
 * each kind of work (role and field skills), where (the receiving point, the competent unit, anywhere in the
 * Center) and when (the hour the citizen is at the counter, within the day, by the legal deadline).
 * docs/optimize.md lists the sources. The shape is stable: the simulator and the staffing functions read it.
 */

export const WORK_ROLES = STAFF_ROLES;
export const WorkRole = Type.Union(WORK_ROLES.map((r) => Type.Literal(r)) as Literals<typeof WORK_ROLES>, {
  description:
    'staff: Center reception staff (công chức, viên chức tiếp nhận của Trung tâm), movable by the Center; ' +
    'point_lead: điểm trưởng, stays at the point; specialist: commune specialist officer (công chức chuyên môn ' +
    'của UBND xã), who appraises and decides and whom the Center does not move',
});
export type WorkRole = (typeof WORK_ROLES)[number];

export const WORK_PLACES = ['receiving_point', 'competent_unit', 'center'] as const;
export const WorkPlace = Type.Union(WORK_PLACES.map((p) => Type.Literal(p)) as Literals<typeof WORK_PLACES>, {
  description:
    'receiving_point: the point where the citizen (or the paper dossier) is; competent_unit: the commune ' +
    'whose authority decides the dossier; center: any point of the Center (poolable)',
});
export type WorkPlace = (typeof WORK_PLACES)[number];

export const WORK_TIMINGS = ['hour', 'day', 'deadline'] as const;
export const WorkTiming = Type.Union(
  WORK_TIMINGS.map((t) => Type.Literal(t)) as Literals<typeof WORK_TIMINGS>,
  {
    description:
      'hour: in the hour the citizen comes (counters by hour, Erlang C); day: within the working day of ' +
      'receipt; deadline: spread over the working days up to the legal deadline',
  },
);
export type WorkTiming = (typeof WORK_TIMINGS)[number];

/** Where a work type's minutes come from. */
export const WorkMinutes = Type.Union(
  [
    Type.Object(
      {
        standard: Type.Union([Type.Literal('reception'), Type.Literal('processing')], {
          description: "the field's staffing standard (models/fields.json) for the dossier's channel",
        }),
      },
      { additionalProperties: false, description: 'minutes per dossier from the staffing standard' },
    ),
    Type.Object(
      { per_dossier: Type.Number({ minimum: 0, description: 'minutes per dossier (assumed)' }) },
      { additionalProperties: false, description: 'the same minutes for every dossier it applies to' },
    ),
    Type.Object(
      {
        per_point_day: Type.Number({
          minimum: 0,
          description: 'minutes per open point and day, whatever the dossiers (assumed)',
        }),
      },
      { additionalProperties: false, description: 'a fixed load of every open point' },
    ),
  ],
  { description: 'minutes of the work' },
);
export type WorkMinutes = Static<typeof WorkMinutes>;

export const WorkType = Type.Object(
  {
    name_en: Type.String({ minLength: 1, description: 'English label' }),
    name_vi: Type.String({ minLength: 1, description: 'Vietnamese label, NFC' }),
    roles: Type.Array(WorkRole, { minItems: 1, uniqueItems: true, description: 'roles that may do it' }),
    field_skill: Type.Boolean({
      description: "true: only people whose fields (skills) include the dossier's field may do it",
    }),
    where: WorkPlace,
    when: WorkTiming,
    channels: Type.Array(Channel, {
      uniqueItems: true,
      description: 'the channels of the dossiers that cause it (empty for per_point_day work)',
    }),
    share: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'share of those dossiers that need it (e.g. results collected in person), assumed',
    }),
    minutes: WorkMinutes,
    source: Type.String({ minLength: 1, description: 'the rule behind who / where / when, or "assumption"' }),
  },
  { additionalProperties: false, description: 'one kind of work of the one-stop mechanism' },
);
export type WorkType = Static<typeof WorkType>;

const RoleInfo = Type.Object(
  {
    name_en: Type.String({ minLength: 1, description: 'English label' }),
    name_vi: Type.String({ minLength: 1, description: 'Vietnamese label, NFC' }),
    movable: Type.Boolean({ description: 'true: the Center may move people of this role between points' }),
  },
  { additionalProperties: false },
);

export const WorkTypesModel = Type.Object(
  {
    description: Type.Optional(Type.String()),
    roles: Type.Object(
      { staff: RoleInfo, point_lead: RoleInfo, specialist: RoleInfo },
      { additionalProperties: false, description: 'the roles of the staff list' },
    ),
    work_types: Type.Object(
      {
        counter_reception: WorkType,
        guidance: WorkType,
        result_return: WorkType,
        digitisation: WorkType,
        online_acceptance: WorkType,
        coordination: WorkType,
        appraisal: WorkType,
      },
      { additionalProperties: false, description: 'the work types, by id' },
    ),
  },
  { additionalProperties: false, description: 'work types and competence (models/work-types.json)' },
);
export type WorkTypesModel = Static<typeof WorkTypesModel>;
