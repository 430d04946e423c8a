import Type, { type Static } from 'typebox';
import type { Msg } from '../core/messages.ts';
import { IsoDate } from './domain.ts';

const PointId = Type.String({ minLength: 1, maxLength: 40, description: 'point id (code)' });
const NonNeg = (description: string) => Type.Number({ minimum: 0, description });
const PerDayInts = (description: string) =>
  Type.Record(Type.String(), Type.Array(Type.Integer({ minimum: 0 })), { description });

export const TravelSettings = Type.Object(
  {
    speed_kmh: Type.Number({ exclusiveMinimum: 0, description: 'average travel speed, km/h' }),
    detour: Type.Number({
      minimum: 1,
      description: 'road distance ÷ straight-line distance (≥ 1), applied to the haversine distance',
    }),
    max_minutes: NonNeg('a move q→p is allowed only when its travel time is at most this many minutes'),
  },
  { additionalProperties: false, description: 'travel-time formula and limit' },
);
export type TravelSettings = Static<typeof TravelSettings>;

export const Stage1Weights = Type.Object(
  {
    unmet_reception: NonNeg(
      'cost per staff-day of counter demand left unserved (must be ≥ unmet_processing: counters are served first)',
    ),
    unmet_processing: NonNeg('cost per staff-day of pooled processing work left undone'),
    unmet_local: Type.Optional(
      NonNeg(
        'cost per staff-day of local work (digitisation, coordination) left undone at its point; between ' +
          'unmet_processing and unmet_reception; default unmet_processing',
      ),
    ),
    move: NonNeg('cost per staff moved for a day'),
    travel_minute: NonNeg('cost per travel minute of a moved staff member (one way)'),
  },
  { additionalProperties: false, description: 'objective weights of the reallocation' },
);
export type Stage1Weights = Static<typeof Stage1Weights>;

/** One counter of a point-day in the work model: what the person staffing it covers. */
export const CounterSlot = Type.Object(
  {
    staff_days: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description: "share of a present person's day at this counter (its hours ÷ productive hours, ≤ 1)",
    }),
    hours: Type.Array(Type.Integer({ minimum: 0, maximum: 23 }), {
      description: 'the hours of day (0–23) in which this counter is needed',
    }),
  },
  { additionalProperties: false },
);
export type CounterSlot = Static<typeof CounterSlot>;

/** Input of `dieuphoi optimize --problem`: the stage-1 weekly reallocation model (docs/optimize.md). */
export const OptimizeProblem = Type.Object(
  {
    days: Type.Array(IsoDate, {
      minItems: 1,
      description: 'planning days; every per-day array follows this order',
    }),
    points: Type.Array(
      Type.Object(
        {
          id: PointId,
          name: Type.Optional(Type.String({ description: 'display name used in explanations' })),
          lat: Type.Number({ minimum: -90, maximum: 90, description: 'latitude (WGS84)' }),
          lon: Type.Number({ minimum: -180, maximum: 180, description: 'longitude (WGS84)' }),
          min_staff: Type.Integer({
            minimum: 0,
            description: 'staff that must be present every planning day',
          }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, description: 'service points' },
    ),
    available: PerDayInts('home staff available per point, one integer per day'),
    reception: Type.Record(Type.String(), Type.Array(NonNeg('counter staff needed that day (staff-days)')), {
      description: 'counter staff needed per point and day (may be fractional)',
    }),
    processing: Type.Array(NonNeg('pooled processing work that day, staff-days'), {
      description: 'pooled (city-wide) back-office work per day in staff-days',
    }),
    travel: TravelSettings,
    travel_minutes: Type.Optional(
      Type.Record(Type.String(), Type.Record(Type.String(), NonNeg('travel minutes')), {
        description:
          'travel minutes overriding the formula for listed pairs {from: {to: minutes}}; a pair listed one way ' +
          'applies both ways unless the reverse is listed too',
      }),
    ),
    weights: Stage1Weights,
    movable: Type.Optional(
      PerDayInts(
        'extension: at most this many home staff of the point may be moved away that day (≤ available; ' +
          'default available). Point leads and people on the move limit are not movable.',
      ),
    ),
    counter_slots: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Array(
          Type.Array(CounterSlot, {
            description: 'the counters of that day, first counter first (staff_days non-increasing)',
          }),
          { description: 'one list per day' },
        ),
        {
          description:
            'work model: counters by hour. The k-th present person staffs the k-th counter in its hours and ' +
            'does local, then pooled, work in the rest of the day; Σ staff_days of a day = reception. ' +
            'Absent: counters by day (⌊reception⌋ whole slots and one fractional slot)',
        },
      ),
    ),
    local: Type.Optional(
      Type.Record(Type.String(), Type.Array(NonNeg('local work that day, staff-days')), {
        description:
          'work model: work that must be done at the point within the day by its present staff (digitisation, ' +
          'coordination), per point and day. Absent: none (all non-counter work pooled)',
      }),
    ),
    min_staff_by_day: Type.Optional(
      PerDayInts(
        'extension: per-day minimum staff overriding points[].min_staff (e.g. 0 on a local closure)',
      ),
    ),
  },
  { additionalProperties: false, description: 'stage-1 reallocation problem (one week)' },
);
export type OptimizeProblem = Static<typeof OptimizeProblem>;

export const Move = Type.Object(
  {
    day: IsoDate,
    from: PointId,
    to: PointId,
    staff: Type.Integer({ minimum: 1, description: 'staff of `from` working at `to` that day' }),
    minutes: NonNeg('one-way travel minutes'),
  },
  { additionalProperties: false, description: 'staff of one point working at another for a day' },
);
export type Move = Static<typeof Move>;

/** A text as a catalogue message (core/messages.ts): what core writes; adapters render it. */
export const MessageSchema = Type.Unsafe<Msg>(
  Type.Object(
    {
      key: Type.String({ description: 'message key in the catalogue (src/core/messages.ts)' }),
      params: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'its parameters' })),
    },
    { description: 'a text as a message, rendered in the reader’s language' },
  ),
);

export const Violation = Type.Object(
  {
    day: IsoDate,
    points: Type.Array(PointId, {
      description: 'a group of points whose minimum staffing cannot be met together',
    }),
    short_points: Type.Array(PointId, { description: 'points of the group left under their minimum' }),
    min_staff: Type.Integer({ description: 'total minimum staff of the group' }),
    reachable: Type.Integer({
      description: 'most staff that can be present at the group (home + reachable)',
    }),
    reason: MessageSchema,
  },
  { additionalProperties: false },
);
export type Violation = Static<typeof Violation>;

export const OptimizeResult = Type.Object(
  {
    status: Type.Union([Type.Literal('optimal'), Type.Literal('feasible'), Type.Literal('infeasible')], {
      description: 'optimal: proven (bound = objective within 1e-6 relative)',
    }),
    objective: Type.Union([Type.Number(), Type.Null()], {
      description: 'objective recomputed from the moves',
    }),
    bound: Type.Union([Type.Number(), Type.Null()], { description: 'proven lower bound (LP duality)' }),
    gap: Type.Union([Type.Number(), Type.Null()], {
      description: '(objective − bound) ÷ max(1, |objective|)',
    }),
    moves: Type.Array(Move),
    present: Type.Record(Type.String(), Type.Array(Type.Integer()), {
      description: 'staff present per point/day',
    }),
    unmet_reception: Type.Record(Type.String(), Type.Array(Type.Number()), {
      description: 'counter staff-days not served per point/day',
    }),
    unmet_processing: Type.Array(Type.Number(), {
      description: 'pooled processing staff-days not done per day',
    }),
    unmet_local: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.Number()), {
        description: 'local work staff-days not done per point/day (work model only)',
      }),
    ),
    explanation: Type.Array(MessageSchema, { description: 'the summary, one message per line' }),
    violated: Type.Optional(Type.Array(Violation, { description: 'why the problem is infeasible' })),
    stats: Type.Object(
      {
        points: Type.Integer(),
        days: Type.Integer(),
        arcs: Type.Integer({ description: 'allowed moves (pairs within max_minutes) per day' }),
        flow_solves: Type.Integer({ description: 'min-cost-flow solves' }),
        pivots: Type.Integer({ description: 'network simplex pivots' }),
        branch_nodes: Type.Integer({ description: 'branch-and-bound nodes beyond the roots' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'stage-1 result' },
);
export type OptimizeResult = Static<typeof OptimizeResult>;
