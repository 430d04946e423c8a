import Type, { type Static } from 'typebox';
import {
  type Channel as ChannelName,
  Channel as ChannelSchema,
  type Field as FieldName,
  Field as FieldSchema,
  IsoDate,
  OpeningHours,
} from './domain.ts';
import { ForecastQuantiles } from './plan.ts';

// Typed views of the enumerations (their schemas are unions built from arrays, whose static type is lost).
const Field = Type.Unsafe<FieldName>(FieldSchema);
const Channel = Type.Unsafe<ChannelName>(ChannelSchema);

const PointCode = Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$', description: 'point code' });

export const SimulationPoint = Type.Object(
  {
    code: PointCode,
    branch: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'chi nhánh (branch)' })),
    counters: Type.Integer({
      minimum: 0,
      maximum: 200,
      description: 'reception counters (quầy) at the point',
    }),
    opening_hours: Type.Optional(OpeningHours),
    lat: Type.Optional(
      Type.Number({ minimum: -90, maximum: 90, description: 'latitude, to redirect citizens' }),
    ),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'longitude (WGS84)' })),
  },
  {
    additionalProperties: false,
    description: 'a service point as the simulator needs it (opening hours default to models/staffing.json)',
  },
);
export type SimulationPoint = Static<typeof SimulationPoint>;

const Count = Type.Number({ minimum: 0, maximum: 1e6, description: 'dossiers in the day' });

export const DemandRow = Type.Object(
  {
    point: PointCode,
    date: IsoDate,
    channel: Channel,
    field: Field,
    mean: Count,
    quantiles: Type.Optional(ForecastQuantiles),
    cv: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 5,
        description:
          'coefficient of variation of the forecast mean (gamma-mixed Poisson); ignored when quantiles p10, p50 ' +
          'and p90 are given',
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'forecast distribution of one point, day, channel and field. With quantiles p10, p50 and p90 (other ' +
      'quantiles are ignored) the daily count is drawn ' +
      'from those quantiles; otherwise Poisson(mean), mixed by a gamma when cv > 0',
  },
);
export type DemandRow = Static<typeof DemandRow>;

export const Closure = Type.Object(
  {
    date: IsoDate,
    name: Type.String({ minLength: 1, maxLength: 200, description: 'why it is closed' }),
    points: Type.Optional(
      Type.Array(PointCode, {
        description: 'closed points; absent = a holiday for the whole city (also stops deadline clocks)',
      }),
    ),
  },
  { additionalProperties: false, description: 'a day when points do not receive citizens' },
);
export type Closure = Static<typeof Closure>;

export const SkillGroup = Type.Object(
  {
    fields: Type.Array(Field, {
      minItems: 1,
      uniqueItems: true,
      description: 'fields the group can process',
    }),
    share: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'share of the processing workforce' }),
  },
  { additionalProperties: false, description: 'a part of the back-office workforce with the same skills' },
);
export type SkillGroup = Static<typeof SkillGroup>;

export const BacklogRow = Type.Object(
  {
    field: Field,
    received: IsoDate,
    count: Type.Number({ minimum: 0, maximum: 1e7, description: 'dossiers still to process' }),
    point: Type.Optional(PointCode),
  },
  { additionalProperties: false, description: 'dossiers pending at the start of the horizon' },
);
export type BacklogRow = Static<typeof BacklogRow>;

/**
 * What the simulator consumes: a plan (staff present per point and day, after moves) and the demand it
 * faces. Built from a stored plan + forecast (usecases/simulation-run.ts) or from a stage-1 problem file
 * (core/simulate/problem.ts).
 */
export const SimulationInput = Type.Object(
  {
    days: Type.Array(IsoDate, {
      minItems: 1,
      maxItems: 92,
      uniqueItems: true,
      description: 'simulated days, ascending (usually Monday–Saturday of one or more weeks)',
    }),
    points: Type.Array(SimulationPoint, { minItems: 1, maxItems: 5000 }),
    present: Type.Record(
      Type.String(),
      Type.Array(Type.Number({ minimum: 0, maximum: 10000 }), {
        description: 'staff present at the point each day (after moves), one number per day',
      }),
      { description: 'staff present by point code' },
    ),
    counters_open: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.Integer({ minimum: 0, maximum: 200 })), {
        description:
          'counters staffed all day, by point and day (default: by the counter policy, hour by hour); ' +
          'capped at the staff present and the counters',
      }),
    ),
    demand: Type.Array(DemandRow, { description: 'forecast rows; missing combinations mean no demand' }),
    closures: Type.Optional(Type.Array(Closure, { description: 'holidays and point closures (scenarios)' })),
    skill_groups: Type.Optional(
      Type.Array(SkillGroup, {
        minItems: 1,
        description: 'back-office skills; shares sum to 1; default one group that processes every field',
      }),
    ),
    initial_backlog: Type.Optional(Type.Array(BacklogRow, { description: 'dossiers pending on day one' })),
    specialist_minutes: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Record(Type.String(), Type.Number({ minimum: 0, maximum: 1e6 }), {
          description: 'minutes per working day by field',
        }),
        {
          description:
            'work model only: appraisal capacity of the commune specialists of each competent unit (point code) ' +
            'and field, minutes per working day; absent units and fields are inferred from the demand (docs/simulate.md)',
        },
      ),
    ),
  },
  { additionalProperties: false, description: 'a plan and its demand, as input to the simulator' },
);
export type SimulationInput = Static<typeof SimulationInput>;

/** Tunable assumptions of the simulator (defaults in core/simulate). */
export const SimulationParams = Type.Object(
  {
    service_time: Type.Optional(
      Type.Union([Type.Literal('lognormal'), Type.Literal('exponential')], {
        description: 'counter service-time law around the standard minutes',
      }),
    ),
    service_cv: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 3,
        description: 'coefficient of variation of lognormal service times',
      }),
    ),
    abandonment: Type.Optional(Type.Boolean({ description: 'citizens leave after an exponential patience' })),
    counter_policy: Type.Optional(
      Type.Union([Type.Literal('hourly'), Type.Literal('all')], {
        description:
          'counters on duty when the plan does not set counters_open: hourly = Erlang C for the expected load ' +
          'of each hour at the target (default); all = min(staff present, counters) all day',
      }),
    ),
    counter_idle_share: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'share of idle counter time that goes to back-office processing',
      }),
    ),
  },
  { additionalProperties: false, description: 'simulator assumptions' },
);
export type SimulationParams = Static<typeof SimulationParams>;
