import Type, { type Static } from 'typebox';
import { IsoDate } from './domain.ts';

/**
 * The rows a read of a run can ask for. `point` is a point's total, `point_channel` its rows by channel,
 * `series` the finest rows (point × channel × field, about 37,000 in a 14-day city run).
 */
export const FORECAST_LEVELS = [
  'city',
  'city_channel',
  'city_field',
  'branch',
  'point',
  'point_channel',
  'series',
] as const;
export type ForecastLevel = (typeof FORECAST_LEVELS)[number];

export const ForecastLevelSchema = Type.Union(
  [
    Type.Literal('city'),
    Type.Literal('city_channel'),
    Type.Literal('city_field'),
    Type.Literal('branch'),
    Type.Literal('point'),
    Type.Literal('point_channel'),
    Type.Literal('series'),
  ],
  {
    description:
      'city total; city by channel; city by field; branch totals; point totals; points by channel; series (point × channel × field)',
  },
);

export const ForecastReadQuery = Type.Object(
  {
    level: Type.Optional(
      Type.String({
        pattern: '^[a-z_]+(,[a-z_]+)*$',
        description:
          'comma-separated levels: city, city_channel, city_field, branch, point, point_channel, series (default city,city_channel,city_field,branch,point; with point=: point,point_channel,series)',
      }),
    ),
    point: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "only this point's rows at the point levels" }),
    ),
    layout: Type.Optional(
      Type.Union([Type.Literal('series'), Type.Literal('rows')], {
        description:
          'series (default): one entry per series with arrays over `dates`; rows: one row per series and day',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ForecastReadQuery = Static<typeof ForecastReadQuery>;

export const ForecastRunInfoSchema = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  as_of: IsoDate,
  horizon: Type.Integer(),
  method: Type.String(),
  quantiles: Type.Array(Type.Number()),
  diagnostics: Type.Unknown({ description: 'series count, methods chosen, warnings, seconds' }),
});
export type ForecastRunInfo = Static<typeof ForecastRunInfoSchema>;

const SeriesKey = {
  level: ForecastLevelSchema,
  point: Type.String({ description: "point code ('' above the point level)" }),
  branch: Type.String({ description: "branch name at the branch level, else ''" }),
  channel: Type.String({ description: "'' = all channels" }),
  field: Type.String({ description: "'' = all fields" }),
};

/** Numbers are rounded to 0.01 dossier; quantile keys are the run's levels ("0.1", "0.5", "0.9"). */
export const ForecastSeriesView = Type.Object(
  {
    run: ForecastRunInfoSchema,
    layout: Type.Literal('series'),
    levels: Type.Array(ForecastLevelSchema),
    dates: Type.Array(IsoDate, { description: 'the forecast days; every array below is over these' }),
    series: Type.Array(
      Type.Object({
        ...SeriesKey,
        mean: Type.Array(Type.Union([Type.Number(), Type.Null()])),
        quantiles: Type.Record(Type.String(), Type.Array(Type.Union([Type.Number(), Type.Null()]))),
        actual: Type.Optional(
          Type.Array(Type.Union([Type.Number(), Type.Null()]), {
            description: 'dossiers received, where the day is stored (comparisons with actuals only)',
          }),
        ),
      }),
    ),
  },
  { description: 'a forecast run, one entry per series with values by day (layout=series)' },
);
export type ForecastSeriesView = Static<typeof ForecastSeriesView>;

export const ForecastRowsView = Type.Object(
  {
    run: ForecastRunInfoSchema,
    layout: Type.Literal('rows'),
    levels: Type.Array(ForecastLevelSchema),
    values: Type.Array(
      Type.Object({
        ...SeriesKey,
        date: IsoDate,
        mean: Type.Number(),
        quantiles: Type.Record(Type.String(), Type.Number()),
      }),
    ),
  },
  { description: 'a forecast run, one row per series and day (layout=rows)' },
);
export type ForecastRowsView = Static<typeof ForecastRowsView>;

export const ForecastRunView = Type.Union([ForecastSeriesView, ForecastRowsView], {
  description: 'a forecast run with its values',
});

const AccuracySummary = Type.Object({
  n: Type.Integer({ description: 'days compared' }),
  mae: Type.Union([Type.Number(), Type.Null()], { description: 'mean absolute error, dossiers a day' }),
  coverage_p10_p90: Type.Union([Type.Number(), Type.Null()], {
    description: 'share of actual counts inside p10–p90 (0.80 when calibrated)',
  }),
});

export const ForecastActualsView = Type.Object(
  {
    ...ForecastSeriesView.properties,
    summary: Type.Object({ city: AccuracySummary, point: AccuracySummary }),
  },
  {
    description:
      'a forecast run against the dossiers received since: the city and point totals, with `actual` by day',
  },
);
