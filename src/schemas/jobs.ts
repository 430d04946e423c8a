import Type, { type Static } from 'typebox';
import { IsoDate } from './domain.ts';
import { RoadmapRequest } from './establishment.ts';
import { LocalEvent } from './models.ts';

/** Who asked for a job (kept in the job data: the audit trail of scheduled and triggered runs). */
export const Requested = Type.Object(
  {
    by: Type.String({ maxLength: 100, description: 'API key id, `schedule` or `cli`' }),
    requestId: Type.String({ maxLength: 100, description: 'request id of the trigger' }),
  },
  { additionalProperties: false, description: 'who triggered the job' },
);

/** A scenario edit as understood by the plan and simulation use cases (they validate each kind). */
export const ScenarioEditInput = Type.Object(
  { kind: Type.String({ minLength: 1, maxLength: 60, description: 'edit kind, e.g. close_point' }) },
  { additionalProperties: true, description: 'one what-if edit; its other fields depend on `kind`' },
);
export const ScenarioInput = Type.Array(ScenarioEditInput, {
  maxItems: 500,
  description: 'what-if edits applied in order',
});

export const ImportJobData = Type.Object(
  {
    kind: Type.Union(
      [
        Type.Literal('points'),
        Type.Literal('staff'),
        Type.Literal('volumes'),
        Type.Literal('dossiers'),
        Type.Literal('tickets'),
        Type.Literal('attendance'),
      ],
      { description: 'what the file holds' },
    ),
    uploadId: Type.String({ maxLength: 100, description: 'id of the stored upload (its content hash)' }),
    sheet: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'register or attendance workbook: the sheet to read (default the first)',
      }),
    ),
    mapping: Type.Optional(
      Type.String({
        maxLength: 105,
        description:
          'register or attendance: the mapping file of models/import/ to read it with (default the default mapping)',
      }),
    ),
    requested: Type.Optional(Requested),
  },
  { additionalProperties: false, description: 'import one uploaded file' },
);
export type ImportJobData = Static<typeof ImportJobData>;

export const ForecastJobData = Type.Object(
  {
    asOf: IsoDate,
    horizon: Type.Integer({ minimum: 1, maximum: 366, description: 'days ahead' }),
    quantiles: Type.Optional(
      Type.Array(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }), {
        maxItems: 9,
        description: 'quantile levels, e.g. [0.1, 0.5, 0.9]',
      }),
    ),
    method: Type.Optional(
      Type.String({ pattern: '^[a-z0-9_]{1,30}$', description: 'forecast method (default: auto)' }),
    ),
    points: Type.Optional(
      Type.Array(Type.String({ maxLength: 20 }), {
        maxItems: 5000,
        description: 'only these points (default: every point)',
      }),
    ),
    holidays: Type.Optional(
      Type.Array(LocalEvent, {
        maxItems: 5000,
        description:
          'holidays, closures and events of any country, on top of the Vietnamese calendar: each name gets its own before / on / after effect; closed ones close the points',
      }),
    ),
    yearly: Type.Optional(
      Type.Boolean({
        description:
          'let auto add a day-of-year profile where a series has two years of history (default false)',
      }),
    ),
    requested: Type.Optional(Requested),
  },
  { additionalProperties: false, description: 'a forecast run' },
);
export type ForecastJobData = Static<typeof ForecastJobData>;

/** Parent of a fanned-out forecast: aggregates its children's results. */
export const ForecastFanOutData = Type.Object(
  {
    asOf: IsoDate,
    horizon: Type.Integer({ minimum: 1, maximum: 366 }),
    by: Type.Literal('branch', { description: 'one child job per branch' }),
    requested: Type.Optional(Requested),
  },
  { additionalProperties: false, description: 'a forecast of every point split into child jobs' },
);
export type ForecastFanOutData = Static<typeof ForecastFanOutData>;

export const PlanJobData = Type.Object(
  {
    week: IsoDate,
    scenario: Type.Optional(ScenarioInput),
    forecastRunId: Type.Optional(Type.String({ maxLength: 200, description: 'forecast run to plan on' })),
    requested: Type.Optional(Requested),
  },
  { additionalProperties: false, description: 'draft the plan of a week (week = its Monday)' },
);
export type PlanJobData = Static<typeof PlanJobData>;

/** The plan queue's `replan` job: a new version of an approved plan from a day on (issue #14). */
export const ReplanJobData = Type.Object(
  {
    planId: Type.Optional(
      Type.String({ maxLength: 200, description: 'the approved plan (default: the week’s)' }),
    ),
    week: Type.Optional(IsoDate),
    from: { ...IsoDate, description: 'first day optimised again; the days before it are kept' },
    scenario: Type.Optional(ScenarioInput),
    forecastRunId: Type.Optional(Type.String({ maxLength: 200, description: 'forecast run to plan on' })),
    requested: Type.Optional(Requested),
  },
  { additionalProperties: false, description: 're-plan an approved plan from a day on' },
);
export type ReplanJobData = Static<typeof ReplanJobData>;

/** The plan queue's `roadmap` job: an establishment roadmap (issue #16). */
export const RoadmapJobData = Type.Object(
  { ...RoadmapRequest.properties, requested: Type.Optional(Requested) },
  { additionalProperties: false, description: 'compute an establishment roadmap (saved as a draft)' },
);
export type RoadmapJobData = Static<typeof RoadmapJobData>;

export const SimulateJobData = Type.Object(
  {
    planId: Type.Optional(Type.String({ maxLength: 200, description: 'plan to simulate' })),
    week: Type.Optional(IsoDate),
    scenario: Type.Optional(ScenarioInput),
    replications: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'simulated weeks' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: 'random seed' })),
    requested: Type.Optional(Requested),
  },
  { additionalProperties: false, description: 'simulate a plan or a week under a scenario' },
);
export type SimulateJobData = Static<typeof SimulateJobData>;

/** Scheduled triggers carry no input: they compute their dates when they fire. */
export const ScheduledTrigger = Type.Object(
  { requested: Type.Optional(Requested) },
  { additionalProperties: false, description: 'a cron trigger' },
);
