import Type, { type Static, type TLiteral } from 'typebox';

/** Literal schemas of a const tuple, typed so that `Static` of their union is the tuple's string union. */
/** The literal schemas of a const list, as a tuple: what `Type.Union` needs to type its members. */
export type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/** ISO calendar date, local to Asia/Ho_Chi_Minh. */
export const IsoDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'ISO date YYYY-MM-DD (Asia/Ho_Chi_Minh)',
});

export const FIELDS = [
  'land',
  'social_policy',
  'civil_status',
  'certification',
  'business_household',
  'construction',
  'other',
] as const;
export const Field = Type.Union(FIELDS.map((f) => Type.Literal(f)) as Literals<typeof FIELDS>, {
  description: 'lĩnh vực: the procedure field',
});
export type Field = (typeof FIELDS)[number];

export const CHANNELS = ['in_person', 'online', 'postal'] as const;
export const Channel = Type.Union(CHANNELS.map((c) => Type.Literal(c)) as Literals<typeof CHANNELS>, {
  description: 'kênh tiếp nhận: in_person (trực tiếp), online (trực tuyến), postal (bưu chính công ích)',
});
export type Channel = (typeof CHANNELS)[number];

export const PointType = Type.Union([Type.Literal('ward'), Type.Literal('commune')], {
  description: 'ward (phường) or commune (xã)',
});
export type PointType = Static<typeof PointType>;

const Session = Type.Tuple(
  [Type.String({ pattern: '^\\d{2}:\\d{2}$' }), Type.String({ pattern: '^\\d{2}:\\d{2}$' })],
  { description: 'opening session [from, to] as HH:MM local time' },
);
export const OpeningHours = Type.Object(
  {
    weekday: Type.Array(Session, { description: 'Monday–Friday sessions' }),
    saturday: Type.Array(Session, { description: 'Saturday sessions; empty when closed on Saturday' }),
  },
  { additionalProperties: false, description: 'counter opening hours' },
);
export type OpeningHours = Static<typeof OpeningHours>;

export const Point = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$', description: 'unit code (e.g. 00070)' }),
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Vietnamese name, NFC' }),
    type: PointType,
    branch: Type.String({ minLength: 1, maxLength: 100, description: 'chi nhánh: branch grouping points' }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'latitude (WGS84)' }),
    lon: Type.Number({ minimum: -180, maximum: 180, description: 'longitude (WGS84)' }),
    population: Type.Integer({ minimum: 0, description: 'residents' }),
    area_km2: Type.Number({ minimum: 0, description: 'area in km²' }),
    counters: Type.Integer({ minimum: 0, description: 'reception counters (quầy)' }),
    min_staff: Type.Integer({ minimum: 0, description: 'minimum staff present on an open day' }),
    opening_hours: OpeningHours,
  },
  { additionalProperties: false, description: 'a public administrative service point' },
);
export type Point = Static<typeof Point>;

export const STAFF_ROLES = ['staff', 'point_lead', 'specialist'] as const;
export const StaffRole = Type.Union(STAFF_ROLES.map((r) => Type.Literal(r)) as Literals<typeof STAFF_ROLES>, {
  description:
    'staff: Center reception staff, movable between points; point_lead (điểm trưởng): stays at the home ' +
    'point; specialist: commune specialist officer (công chức chuyên môn UBND xã) of the commune of home_point, ' +
    'who appraises and decides its dossiers and whom the Center does not move',
});
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The work types of models/work-types.json, by id (their shape is schemas/work-types.ts). */
export const WORK_TYPE_IDS = [
  'counter_reception',
  'guidance',
  'result_return',
  'digitisation',
  'online_acceptance',
  'coordination',
  'appraisal',
] as const;
export type WorkTypeId = (typeof WORK_TYPE_IDS)[number];
export const WorkTypeIdSchema = Type.Union(
  WORK_TYPE_IDS.map((w) => Type.Literal(w)) as Literals<typeof WORK_TYPE_IDS>,
  { description: 'a work type of models/work-types.json' },
);

export const Staff = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'staff id' }),
    name: Type.String({ minLength: 1, maxLength: 200, description: 'full name, NFC' }),
    home_point: Type.String({
      description: 'code of the home point (for a specialist: the commune whose dossiers they decide)',
    }),
    fields: Type.Array(Field, {
      minItems: 1,
      uniqueItems: true,
      description: 'field skills: the fields whose dossiers the person may receive, check or decide',
    }),
    fte: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'full-time equivalent (0, 1]' }),
    role: StaffRole,
    skills: Type.Optional(
      Type.Array(WorkTypeIdSchema, {
        uniqueItems: true,
        description:
          'work types the person does; absent or empty: every work type of models/work-types.json open to ' +
          'their role',
      }),
    ),
    active: Type.Boolean({ description: 'false for people who left or are on long leave' }),
  },
  { additionalProperties: false, description: 'a member of staff' },
);
export type Staff = Static<typeof Staff>;

export const DailyVolume = Type.Object(
  {
    date: IsoDate,
    point: Type.String({ description: 'point code' }),
    channel: Channel,
    field: Field,
    received: Type.Integer({ minimum: 0, description: 'dossiers received that day' }),
    resolved: Type.Integer({
      minimum: 0,
      description: 'dossiers resolved (finished) that day, whenever received',
    }),
    on_time: Type.Integer({ minimum: 0, description: 'of the resolved, resolved early or on time' }),
    overdue: Type.Integer({ minimum: 0, description: 'of the resolved, resolved after the legal deadline' }),
  },
  { additionalProperties: false, description: 'dossier counts of one point, day, channel and field' },
);
export type DailyVolume = Static<typeof DailyVolume>;

export const DayKind = Type.Union(
  [Type.Literal('workday'), Type.Literal('weekend'), Type.Literal('holiday'), Type.Literal('makeup_workday')],
  { description: 'workday, weekend, holiday, or makeup_workday (ngày làm bù)' },
);
export type DayKind = Static<typeof DayKind>;
export const CalendarDay = Type.Object(
  {
    date: IsoDate,
    kind: DayKind,
    name: Type.String({ description: 'holiday or event name (Vietnamese), empty for ordinary days' }),
  },
  { additionalProperties: false, description: 'one day of the Vietnamese working calendar' },
);
export type CalendarDay = Static<typeof CalendarDay>;
