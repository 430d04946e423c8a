import Type from 'typebox';
import { ROLES } from '../core/access.ts';
import type { Literals } from './domain.ts';

/** application/problem+json (RFC 9457) with the stable `code` and field-level details. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    statusCode: Type.Integer(),
    code: Type.String({ description: 'stable error code (docs/errors.md)' }),
    error: Type.String(),
    message: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.String(),
    details: Type.Optional(
      Type.Array(
        Type.Object({
          line: Type.Optional(Type.Integer({ description: '1-based line of the uploaded file' })),
          sheet: Type.Optional(Type.String({ description: 'sheet of an uploaded Excel workbook' })),
          row: Type.Optional(Type.Integer({ description: '1-based row of that sheet' })),
          field: Type.Optional(Type.String({ description: 'column or JSON path' })),
          value: Type.Optional(Type.Unknown()),
          reason: Type.String(),
        }),
      ),
    ),
  },
  { description: 'an error (application/problem+json)' },
);

/** Job states as BullMQ names them, and `unknown` for anything else. */
export const JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'waiting-children',
  'prioritized',
  'completed',
  'failed',
  'unknown',
] as const;
export const JobStateSchema = Type.Union(
  JOB_STATES.map((s) => Type.Literal(s)) as Literals<typeof JOB_STATES>,
  { description: 'job state' },
);
export const QueueNameSchema = Type.Union(
  [
    Type.Literal('import'),
    Type.Literal('forecast'),
    Type.Literal('plan'),
    Type.Literal('simulate'),
    Type.Literal('alerts'),
  ],
  { description: 'queue' },
);

export const JobViewSchema = Type.Object(
  {
    id: Type.String({ description: 'deterministic job id, e.g. forecast-2026-11-25-h14-all' }),
    queue: QueueNameSchema,
    name: Type.String({ description: 'what the job does in its queue (run, draft, nightly, fanout…)' }),
    state: JobStateSchema,
    progress: Type.Object({
      pct: Type.Number({ description: 'percent done, 0–100' }),
      stage: Type.String({
        description: 'current stage, a stable English name (queued, forecasting, done…)',
      }),
      text: Type.Optional(Type.String({ description: 'the stage in the answer language (Accept-Language)' })),
    }),
    attempts: Type.Integer({ description: 'tries made' }),
    maxAttempts: Type.Integer({ description: 'tries allowed (retries with exponential backoff)' }),
    data: Type.Unknown({ description: 'job input' }),
    result: Type.Optional(Type.Unknown({ description: 'result when completed' })),
    error: Type.Optional(
      Type.Object({
        code: Type.String(),
        message: Type.String(),
        details: Type.Optional(Type.Array(Type.Unknown())),
      }),
    ),
    createdAt: Type.String(),
    startedAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
    parent: Type.Optional(Type.String({ description: 'parent job of a fan-out' })),
    children: Type.Optional(Type.Array(Type.String(), { description: 'child jobs of a fan-out' })),
  },
  { description: 'a background job' },
);

export const EnqueuedSchema = Type.Object(
  {
    job: JobViewSchema,
    created: Type.Boolean({ description: 'false when the same job already existed and is returned' }),
  },
  { description: 'a triggered job' },
);

export const ImportResultSchema = Type.Object(
  {
    kind: Type.String({ description: 'points, staff or volumes' }),
    rows: Type.Integer({ description: 'data rows read' }),
    changed: Type.Integer({ description: 'rows inserted or changed (0 when re-importing the same file)' }),
    seconds: Type.Number(),
  },
  { description: 'a completed import' },
);

/** A completed register import (dossiers or tickets). */
export const RegisterImportResultSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('dossiers'), Type.Literal('tickets')]),
    rows: Type.Integer({ description: 'data rows read' }),
    changed: Type.Integer({ description: 'rows inserted or changed (0 when re-importing the same file)' }),
    days: Type.Optional(Type.Integer({ description: 'register days whose daily volumes were recomputed' })),
    warnings_total: Type.Integer({ description: 'rows imported with a warning' }),
    warnings: Type.Array(
      Type.Object({
        line: Type.Optional(Type.Integer({ description: '1-based line of a CSV file' })),
        sheet: Type.Optional(Type.String({ description: 'sheet of an Excel workbook' })),
        row: Type.Optional(Type.Integer({ description: '1-based row of that sheet' })),
        field: Type.Optional(Type.String({ description: 'column as the file names it' })),
        value: Type.Optional(Type.Unknown()),
        reason: Type.String(),
      }),
      {
        description:
          'the first 200 warnings (unknown field name → other, unknown procedure with a known field)',
      },
    ),
    seconds: Type.Number(),
    risk_refresh: Type.Optional(
      Type.String({
        description: 'dossiers: the overdue-risk refresh queued after the import (alerts queue)',
      }),
    ),
  },
  { description: 'a completed register import' },
);

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)) as Literals<typeof ROLES>, {
  description:
    'viewer reads; planner drafts plans and scenarios; manager approves; scheduler runs jobs; admin manages keys',
});

/** Error responses every authenticated route can give. */
export const ERRORS = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
  429: Problem,
  501: Problem,
  503: Problem,
};
