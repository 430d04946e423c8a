import Type, { type Static } from 'typebox';
import { IsoDate } from './domain.ts';
import { Stage1Weights, TravelSettings } from './optimize.ts';

const HolidaySpan = Type.Object(
  {
    from: IsoDate,
    to: IsoDate,
    name: Type.String({ minLength: 1, description: 'holiday name (Vietnamese)' }),
    source: Type.Optional(
      Type.String({ description: 'the notice announcing this span (or that it is unverified)' }),
    ),
  },
  { additionalProperties: false, description: 'an announced holiday span for public servants, inclusive' },
);
const MakeupDay = Type.Object(
  {
    date: IsoDate,
    name: Type.String({ minLength: 1, description: 'why this day is worked (làm bù)' }),
    source: Type.Optional(Type.String({ description: 'the notice ordering this make-up day' })),
  },
  { additionalProperties: false, description: 'a make-up working day (ngày làm bù), usually a Saturday' },
);

export const AnnouncedYear = Type.Object(
  {
    source: Type.String({ description: 'the notice announcing these spans' }),
    holidays: Type.Array(HolidaySpan),
    makeup_days: Type.Array(MakeupDay),
  },
  { additionalProperties: false, description: 'the official holiday spans and make-up days of one year' },
);

/** A recurring holiday ordered but not yet in law (24/11, Resolution 30/NQ-CP): off until `in_force_from`. */
export const HolidayRule = Type.Object(
  {
    month: Type.Integer({ minimum: 1, maximum: 12 }),
    day: Type.Integer({ minimum: 1, maximum: 31 }),
    name: Type.String({ minLength: 1, description: 'holiday name (Vietnamese)' }),
    source: Type.Optional(Type.String({ description: 'the act ordering it' })),
    in_force_from: Type.Optional(
      Type.Union([IsoDate, Type.Null()], { description: 'first date the rule applies; absent or null: off' }),
    ),
  },
  { additionalProperties: false, description: 'a fixed-date holiday switched on from a date' },
);
export type HolidayRule = Static<typeof HolidayRule>;

/** `models/calendar/vn-official.json`: announced spans override the Labour Code rules for their year. */
export const CalendarModel = Type.Object(
  {
    description: Type.Optional(Type.String()),
    rules: Type.Optional(Type.Array(HolidayRule, { description: 'recurring holidays switched on by date' })),
    years: Type.Record(Type.String({ pattern: '^\\d{4}$' }), AnnouncedYear, {
      description: 'announced spans by Gregorian year',
    }),
  },
  { additionalProperties: false, description: 'official Vietnamese holiday spans and make-up days' },
);
export type CalendarModel = Static<typeof CalendarModel>;

/** A local closure or event added by users (`date,name[,closed]`). */
export const LocalEvent = Type.Object(
  {
    date: IsoDate,
    name: Type.String({ minLength: 1 }),
    closed: Type.Boolean({ description: 'true: the points are closed that day; false: an event, open' }),
    points: Type.Optional(Type.Array(Type.String(), { description: 'limited to these point codes' })),
    before: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 14,
        description: 'open days before the event with its own forecast effect (default 1)',
      }),
    ),
    after: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 14,
        description: 'open days after the event with its own forecast effect (default 1)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type LocalEvent = Static<typeof LocalEvent>;

const ChannelMinutes = Type.Object(
  {
    reception: Type.Number({
      minimum: 0,
      description: 'minutes at the counter (or intake check for online/postal)',
    }),
    processing: Type.Number({ minimum: 0, description: 'back-office minutes to process the dossier' }),
  },
  { additionalProperties: false },
);

export const FieldModel = Type.Object(
  {
    name_vi: Type.String({ minLength: 1, description: 'Vietnamese label' }),
    name_en: Type.String({ minLength: 1, description: 'English label' }),
    deadline_working_days: Type.Integer({
      minimum: 0,
      maximum: 60,
      description: 'legal deadline in working days',
    }),
    standard_minutes: Type.Object(
      { in_person: ChannelMinutes, online: ChannelMinutes, postal: ChannelMinutes },
      { additionalProperties: false, description: 'định mức: minutes per dossier by channel' },
    ),
  },
  { additionalProperties: false },
);

/** `models/fields.json`: procedure fields with legal deadlines and staffing standards (định mức). */
export const FieldsModel = Type.Object(
  {
    description: Type.Optional(Type.String()),
    fields: Type.Object(
      {
        land: FieldModel,
        social_policy: FieldModel,
        civil_status: FieldModel,
        certification: FieldModel,
        business_household: FieldModel,
        construction: FieldModel,
        other: FieldModel,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type FieldsModel = Static<typeof FieldsModel>;

const HourlyWeights = Type.Array(Type.Number({ minimum: 0 }), {
  minItems: 24,
  maxItems: 24,
  description: 'relative arrival weight for each hour 0–23 (only open hours matter; normalised at use)',
});

/** `models/staffing.json`: counter service target, intraday arrivals, hours and shrinkage. */
export const StaffingModel = Type.Object(
  {
    description: Type.Optional(Type.String()),
    service_level: Type.Object(
      {
        target: Type.Number({
          exclusiveMinimum: 0,
          maximum: 1,
          description: 'share of citizens served within target_seconds',
        }),
        target_seconds: Type.Number({ exclusiveMinimum: 0, description: 'wait target in seconds' }),
      },
      { additionalProperties: false },
    ),
    patience_minutes: Type.Number({
      exclusiveMinimum: 0,
      description: 'mean patience before a citizen leaves the queue',
    }),
    intraday_profile: Type.Object(
      {
        weekday: HourlyWeights,
        saturday: HourlyWeights,
        weekday_factor: Type.Array(Type.Number({ minimum: 0 }), {
          minItems: 7,
          maxItems: 7,
          description:
            'relative daily volume Monday..Sunday (used by the sample generator and as a forecast prior)',
        }),
      },
      { additionalProperties: false, description: 'arrival profile by weekday and hour' },
    ),
    opening_hours: Type.Object(
      {
        weekday: Type.Array(Type.Tuple([Type.String(), Type.String()])),
        saturday: Type.Array(Type.Tuple([Type.String(), Type.String()])),
      },
      { additionalProperties: false, description: 'default sessions for points that do not set their own' },
    ),
    shrinkage: Type.Number({
      minimum: 0,
      maximum: 0.9,
      description: 'share of paid time not available for work (breaks, training, leave)',
    }),
    paid_hours_per_day: Type.Number({
      exclusiveMinimum: 0,
      maximum: 24,
      description: 'paid hours in a working day',
    }),
  },
  { additionalProperties: false },
);
export type StaffingModel = Static<typeof StaffingModel>;

const Weight = (description: string) => Type.Number({ minimum: 0, description });

/** Stage-2 (named roster) rules and costs. */
export const RosterSettings = Type.Object(
  {
    max_moved_days_per_week: Type.Integer({
      minimum: 0,
      maximum: 7,
      description: 'at most this many days a week a person works away from the home point',
    }),
    fairness_move: Weight('cost of the k-th moved day of a person this week, × k (spreads moves evenly)'),
    fairness_history_move: Weight(
      'cost per moved day a person already had in the history, for each new move',
    ),
    fairness_history_travel_hour: Weight(
      'cost per travel hour a person already had in the history, per new move',
    ),
    stability: Weight('bonus when a person covers the same point as the day before'),
    skill: Weight("bonus × share of the point's counter demand in the person's fields"),
  },
  { additionalProperties: false, description: 'named weekly roster settings' },
);
export type RosterSettings = Static<typeof RosterSettings>;

/** `models/optimize.json`: travel, stage-1 weights, roster rules and planning options. */
export const OptimizeModel = Type.Object(
  {
    description: Type.Optional(Type.String()),
    travel: TravelSettings,
    weights: Stage1Weights,
    roster: RosterSettings,
    planning: Type.Object(
      {
        reception_quantile: Type.String({
          pattern: '^(mean|p\\d{1,2})$',
          description: 'forecast value that sizes the counters: mean or a quantile such as p80',
        }),
        max_branch_nodes: Type.Integer({ minimum: 0, description: 'stage-1 branch-and-bound nodes per day' }),
        repair_rounds: Type.Integer({
          minimum: 0,
          maximum: 20,
          description: 'times stage 1 is re-solved when stage 2 cannot staff some moves',
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type OptimizeModel = Static<typeof OptimizeModel>;
