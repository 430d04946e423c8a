/**
 * The establishment roadmap (issue #16): rules (`models/establishment.json`), the workload it balances, the
 * request of a roadmap run and its stored head. One schema per payload.
 */
import Type, { type Static } from 'typebox';
import { Field, IsoDate } from './domain.ts';

const NonNeg = (description: string) => Type.Number({ minimum: 0, description });
const Count = (description: string) => Type.Integer({ minimum: 0, description });

/** `models/establishment.json`: the rules a roadmap of permanent transfers must follow, and its costs. */
export const EstablishmentRules = Type.Object(
  {
    description: Type.Optional(Type.String()),
    max_transfers_per_quarter: Count('N: at most this many transfers per quarter, city-wide'),
    max_transfers_per_point: Count('M: at most this many transfers in or out of one point per quarter'),
    max_travel_minutes: NonNeg(
      'a person moves only to a point within this many travel minutes of their home commune ' +
        '(formula and speed of models/optimize.json travel)',
    ),
    min_fte_to_transfer: Type.Number({
      minimum: 0,
      maximum: 1,
      description:
        'only people with at least this FTE are transferred (default 1: full-time; equal hours per person ' +
        'keep the MIP’s relaxation tight)',
    }),
    within_branch: Type.Boolean({
      description: 'transfers stay inside the branch (chi nhánh); the MIP is then solved branch by branch',
    }),
    protected_staff: Type.Array(Type.String(), {
      uniqueItems: true,
      description: 'ids of people who are never transferred (besides point leads, who always stay)',
    }),
    weights: Type.Object(
      {
        deficit_hour: NonNeg(
          'cost per staff-hour a day of a point’s work its own staff cannot do (lent in daily, or left undone)',
        ),
        transfer: NonNeg('cost per transfer, in the same unit (staff-hours a day of deficit)'),
        travel_minute: NonNeg('cost per minute from the person’s home commune to the new point (tie-break)'),
      },
      { additionalProperties: false, description: 'objective weights' },
    ),
    productive_hours_per_day: Type.Number({
      exclusiveMinimum: 0,
      maximum: 24,
      description: 'staff-hours a full-time person gives a working day (paid hours × (1 − shrinkage))',
    }),
    max_mip_variables: Type.Integer({
      minimum: 1,
      description:
        'largest MIP (integer variables) handed to javascript-lp-solver in one piece; larger parts are ' +
        'reported as too large instead of being solved without proof',
    }),
  },
  { additionalProperties: false, description: 'establishment roadmap rules (issue #16)' },
);
export type EstablishmentRules = Static<typeof EstablishmentRules>;

export const WORK_TYPES = ['counter', 'processing'] as const;
export const WorkType = Type.Union([Type.Literal('counter'), Type.Literal('processing')], {
  description:
    'counter (reception at the point, Erlang C) or processing (back-office minutes of the point’s dossiers)',
});
export type WorkType = (typeof WORK_TYPES)[number];

/**
 * One cell of a point's expected workload: staff-hours a working day of one work type needing one skill, in
 * one quarter. Today skills are the dossier fields; a richer work model (work types, roles) can fill the same
 * rows.
 */
export const WorkloadCell = Type.Object(
  {
    point: Type.String({ description: 'point code' }),
    quarter: Type.Integer({ minimum: 0, description: 'quarter index, 0 = the first quarter of the roadmap' }),
    work_type: WorkType,
    skill: Field,
    staff_hours_per_day: NonNeg('expected staff-hours per working day'),
  },
  { additionalProperties: false, description: 'expected workload of a point, quarter, work type and skill' },
);
export type WorkloadCell = Static<typeof WorkloadCell>;

export const RoadmapQuarter = Type.Object(
  {
    label: Type.String({ description: 'e.g. 2026-Q1' }),
    start: IsoDate,
  },
  { additionalProperties: false, description: 'a quarter of the roadmap' },
);
export type RoadmapQuarter = Static<typeof RoadmapQuarter>;

/** `POST /roadmaps` body and `dieuphoi roadmap` options. */
export const RoadmapRequest = Type.Object(
  {
    quarters: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 8, description: 'number of quarters (default 4)' }),
    ),
    max_transfers: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 500, description: 'N per quarter (default from the rules)' }),
    ),
    start: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-Q[1-4]$',
        description: 'first quarter, e.g. 2026-Q2 (default: the quarter after the last stored volume)',
      }),
    ),
  },
  { additionalProperties: false, description: 'an establishment roadmap to compute' },
);
export type RoadmapRequest = Static<typeof RoadmapRequest>;

export const RoadmapDecision = Type.Object(
  {
    decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')], {
      description: 'approve (the first quarter changes the home points) or reject',
    }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'why' })),
  },
  { additionalProperties: false, description: 'a manager’s decision on a draft roadmap' },
);
export type RoadmapDecision = Static<typeof RoadmapDecision>;
