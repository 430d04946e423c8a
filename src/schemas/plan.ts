import Type, { type Static } from 'typebox';
import { Channel, Field, IsoDate, Point, Staff } from './domain.ts';
import { RosterSettings } from './models.ts';
import { Stage1Weights } from './optimize.ts';

/** The one shape of forecast quantiles (forecast rows of a plan, demand rows of a simulation). */
export const ForecastQuantiles = Type.Record(
  Type.String({ pattern: '^p\\d{1,2}$' }),
  Type.Number({ minimum: 0 }),
  {
    description: 'forecast quantiles by name, e.g. {"p10": 3, "p50": 5, "p90": 8}',
  },
);
export type ForecastQuantiles = Static<typeof ForecastQuantiles>;

export const ForecastRow = Type.Object(
  {
    date: IsoDate,
    point: Type.String({ description: 'point code' }),
    channel: Channel,
    field: Field,
    mean: Type.Number({ minimum: 0, description: 'expected dossiers' }),
    quantiles: Type.Optional(ForecastQuantiles),
  },
  { additionalProperties: false, description: 'forecast dossiers of one point, day, channel and field' },
);
export type ForecastRow = Static<typeof ForecastRow>;

export const LeaveSpan = Type.Object(
  {
    staff_id: Type.String({ description: 'staff id' }),
    from: IsoDate,
    to: IsoDate,
    reason: Type.Optional(Type.String({ description: 'leave, training, sick…' })),
  },
  { additionalProperties: false, description: 'a person unavailable from `from` to `to` inclusive' },
);
export type LeaveSpan = Static<typeof LeaveSpan>;

export const StaffHistory = Type.Object(
  {
    moved_days: Type.Integer({ minimum: 0, description: 'moved days in earlier weeks' }),
    travel_minutes: Type.Number({ minimum: 0, description: 'travel minutes (one way) in earlier weeks' }),
  },
  { additionalProperties: false },
);
export type StaffHistory = Static<typeof StaffHistory>;

/** `dieuphoi plan --input FILE.json`: everything the weekly pipeline needs besides `models/`. */
export const PlanInput = Type.Object(
  {
    week: IsoDate,
    days: Type.Optional(
      Type.Array(IsoDate, {
        description: 'planning days (default: the open days of the week, Monday–Sunday)',
      }),
    ),
    points: Type.Array(Point, { minItems: 1 }),
    staff: Type.Array(Staff),
    forecast: Type.Array(ForecastRow, { description: 'forecast rows covering the planning days' }),
    leave: Type.Optional(Type.Array(LeaveSpan)),
    history: Type.Optional(
      Type.Record(Type.String(), StaffHistory, { description: 'fairness history by staff id' }),
    ),
    travel_limits: Type.Optional(
      Type.Record(Type.String(), Type.Number({ minimum: 0 }), {
        description: 'personal travel limits (minutes)',
      }),
    ),
    travel_minutes: Type.Optional(
      Type.Record(Type.String(), Type.Record(Type.String(), Type.Number({ minimum: 0 })), {
        description: 'travel minutes overriding the formula {from: {to: minutes}}',
      }),
    ),
    weights: Type.Optional(
      Type.Partial(Stage1Weights, { description: 'overrides models/optimize.json weights' }),
    ),
    roster: Type.Optional(
      Type.Partial(RosterSettings, { description: 'overrides models/optimize.json roster' }),
    ),
  },
  { additionalProperties: false, description: 'input bundle of a weekly plan' },
);
export type PlanInput = Static<typeof PlanInput>;
