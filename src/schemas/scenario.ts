import Type, { type Static, type TSchema } from 'typebox';
import {
  type Channel as ChannelName,
  Channel as ChannelSchema,
  type Field as FieldName,
  Field as FieldSchema,
  IsoDate,
} from './domain.ts';

// Typed views of the enumerations (their schemas are unions built from arrays, whose static type is lost).
const Field = Type.Unsafe<FieldName>(FieldSchema);
const Channel = Type.Unsafe<ChannelName>(ChannelSchema);

const PointCode = Type.String({ minLength: 1, maxLength: 20, description: 'point code' });
const Days = Type.Array(IsoDate, {
  minItems: 1,
  uniqueItems: true,
  description: 'days of the plan the edit applies to; absent = every day',
});

export const MoveStaffEdit = Type.Object(
  {
    kind: Type.Literal('move_staff'),
    from: PointCode,
    to: PointCode,
    staff: Type.Integer({ minimum: 1, maximum: 1000, description: 'people moved each day' }),
    days: Type.Optional(Days),
  },
  { additionalProperties: false, description: 'move staff from one point to another' },
);

export const ClosePointEdit = Type.Object(
  {
    kind: Type.Literal('close_point'),
    point: PointCode,
    days: Type.Optional(Days),
  },
  {
    additionalProperties: false,
    description:
      'the point receives no citizens (they go to the nearest open point); its staff keep processing',
  },
);

export const AddStaffEdit = Type.Object(
  {
    kind: Type.Literal('add_staff'),
    point: PointCode,
    staff: Type.Integer({ minimum: -1000, maximum: 1000, description: 'people added; negative removes' }),
    days: Type.Optional(Days),
  },
  { additionalProperties: false, description: 'add (or remove) staff at a point' },
);

export const ScaleVolumeEdit = Type.Object(
  {
    kind: Type.Literal('scale_volume'),
    factor: Type.Number({ minimum: 0, maximum: 10, description: 'multiplier of the forecast volumes' }),
    field: Type.Optional(Field),
    channel: Type.Optional(Channel),
    point: Type.Optional(PointCode),
    branch: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'branch name' })),
    days: Type.Optional(Days),
  },
  { additionalProperties: false, description: 'scale forecast volumes matching every given filter' },
);

export const SetStandardEdit = Type.Object(
  {
    kind: Type.Literal('set_standard'),
    field: Field,
    channel: Channel,
    minutes: Type.Number({ minimum: 0, maximum: 1440, description: 'minutes per dossier' }),
    stage: Type.Optional(
      Type.Union([Type.Literal('reception'), Type.Literal('processing')], {
        description: 'which standard: counter/intake reception (default) or back-office processing',
      }),
    ),
  },
  { additionalProperties: false, description: 'change a staffing standard (định mức)' },
);

export const SetTargetEdit = Type.Object(
  {
    kind: Type.Literal('set_target'),
    service_level: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'share served within the target' }),
    ),
    target_seconds: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 86400, description: 'wait target in seconds' }),
    ),
  },
  { additionalProperties: false, description: 'change the counter service-level target' },
);

export const AddHolidayEdit = Type.Object(
  {
    kind: Type.Literal('add_holiday'),
    date: IsoDate,
    name: Type.String({ minLength: 1, maxLength: 200, description: 'holiday name' }),
  },
  {
    additionalProperties: false,
    description: 'a city-wide day off: points closed, deadline clocks stop, citizens come the next open day',
  },
);

export const StaffLeaveEdit = Type.Object(
  {
    kind: Type.Literal('staff_leave'),
    staff: Type.Array(Type.String({ minLength: 1, maxLength: 100, description: 'staff id' }), {
      minItems: 1,
      maxItems: 1000,
      uniqueItems: true,
      description: 'the people unavailable',
    }),
    from: { ...IsoDate, description: 'first day unavailable' },
    to: Type.Optional({ ...IsoDate, description: 'last day unavailable (absent: to the end of the plan)' }),
    reason: Type.Optional(Type.String({ maxLength: 200, description: 'sick leave, training…' })),
  },
  {
    additionalProperties: false,
    description:
      'named people unavailable from a date (e.g. sick leave): plans neither count nor move them; a simulation ' +
      'reads staff counts, not names, and ignores this edit (simulate the re-plan instead)',
  },
);

export const RedirectEdit = Type.Object(
  {
    kind: Type.Literal('redirect'),
    from: Type.Optional({ ...PointCode, description: 'the citizens of this point (absent: of every point)' }),
    to: Type.Optional({ ...PointCode, description: 'where a `share` of them files instead' }),
    share: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'share of `from`’s in-person citizens going to `to`',
      }),
    ),
    published_waits: Type.Optional(
      Type.Boolean({
        description:
          'expected waits are published: citizens choose among their point and its neighbours by the choice ' +
          'model (travel and expected wait, docs/simulate.md) instead of `to` and `share`',
      }),
    ),
    awareness: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'share of citizens who see the published waits (default 1)',
      }),
    ),
    field: Type.Optional(Field),
    days: Type.Optional(Days),
  },
  {
    additionalProperties: false,
    description:
      'in-person citizens file at another point (boundary-free filing): a share of point A’s go to B, or all ' +
      're-choose by the published expected waits. Dossiers are conserved: only where they are received changes',
  },
);

/** One schema per edit kind; the validator dispatches on `kind` so errors name the right fields. */
export const SCENARIO_EDIT_SCHEMAS = {
  move_staff: MoveStaffEdit,
  close_point: ClosePointEdit,
  add_staff: AddStaffEdit,
  scale_volume: ScaleVolumeEdit,
  set_standard: SetStandardEdit,
  set_target: SetTargetEdit,
  add_holiday: AddHolidayEdit,
  staff_leave: StaffLeaveEdit,
  redirect: RedirectEdit,
} as const satisfies Record<string, TSchema>;

export type ScenarioEditKind = keyof typeof SCENARIO_EDIT_SCHEMAS;

export const ScenarioEdit = Type.Union(Object.values(SCENARIO_EDIT_SCHEMAS), {
  description: 'one what-if edit, chosen by `kind`',
});
export type ScenarioEdit =
  | Static<typeof MoveStaffEdit>
  | Static<typeof ClosePointEdit>
  | Static<typeof AddStaffEdit>
  | Static<typeof ScaleVolumeEdit>
  | Static<typeof SetStandardEdit>
  | Static<typeof SetTargetEdit>
  | Static<typeof AddHolidayEdit>
  | Static<typeof StaffLeaveEdit>
  | Static<typeof RedirectEdit>;

export const Scenario = Type.Array(ScenarioEdit, {
  maxItems: 1000,
  description: 'a what-if scenario: edits applied in order on top of a base plan',
});
export type Scenario = ScenarioEdit[];
