import Type, { type Static } from 'typebox';
import { Field } from './domain.ts';

/**
 * The legal deadline of a procedure as the law states it: a number of working days, or the same day with a
 * cut-off hour after which the term runs to the next working day (Decree 23/2015/NĐ-CP art. 7 for
 * certification: "trong ngày … hoặc trong ngày làm việc tiếp theo, nếu tiếp nhận yêu cầu sau 15 giờ").
 */
export const ProcedureDeadline = Type.Union(
  [
    Type.Object(
      {
        working_days: Type.Integer({ minimum: 1, maximum: 90, description: 'term in working days' }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        calendar_days: Type.Integer({
          minimum: 1,
          maximum: 365,
          description:
            'term in calendar days ("ngày"); a last day that is not a working day moves to the next one',
        }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        same_day: Type.Literal(true, { description: 'resolved the day it is received' }),
        cutoff: Type.String({
          pattern: '^\\d{2}:\\d{2}$',
          description: 'received at or after this hour: due the next working day',
        }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'legal deadline (thời hạn giải quyết)' },
);
export type ProcedureDeadline = Static<typeof ProcedureDeadline>;

const StepMinutes = Type.Object(
  {
    reception: Type.Number({
      minimum: 0,
      description: 'counter reception and guidance of an in-person dossier',
    }),
    digitisation: Type.Number({ minimum: 0, description: 'scanning and digitising the paper documents' }),
    online_check: Type.Number({ minimum: 0, description: 'checking and accepting an online dossier' }),
    result_return: Type.Number({ minimum: 0, description: 'returning the result at the counter' }),
  },
  { additionalProperties: false, description: 'minutes of the Center staff per dossier, by step' },
);

export const Procedure = Type.Object(
  {
    code: Type.Union([Type.String({ pattern: '^[0-9]\\.[0-9]{6}$' }), Type.Null()], {
      description: 'national procedure code (mã TTHC of the national database); null where not known here',
    }),
    code_verified: Type.Boolean({
      description: 'false: the code was not checked against the national database (docs/procedures.md)',
    }),
    id: Type.String({ pattern: '^[a-z0-9_]+$', description: 'stable id in this catalogue' }),
    name_vi: Type.String({ minLength: 1, description: 'Vietnamese name of the procedure' }),
    field: Field,
    deadline: ProcedureDeadline,
    deadline_text: Type.String({ minLength: 1, description: 'the deadline in the words of the legal text' }),
    legal_basis: Type.String({
      minLength: 1,
      description: 'the legal texts setting the procedure and its deadline',
    }),
    full_online: Type.Boolean({
      description: 'may be done fully online (dịch vụ công trực tuyến toàn trình)',
    }),
    minutes: StepMinutes,
    minutes_assumed: Type.Boolean({
      description: 'true: no official per-dossier standard exists; the minutes are assumptions',
    }),
  },
  { additionalProperties: false },
);
export type Procedure = Static<typeof Procedure>;

/** `models/procedures.json`: the commune-level procedures most filed in Hanoi. */
export const ProceduresModel = Type.Object(
  {
    description: Type.Optional(Type.String()),
    procedures: Type.Array(Procedure, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type ProceduresModel = Static<typeof ProceduresModel>;

/**
 * `models/import/*.json`: how another system's export maps onto the register's columns, without code.
 * Header names and values are compared case-, diacritics- and spacing-insensitively.
 */
export const ImportMapping = Type.Object(
  {
    description: Type.Optional(Type.String()),
    kind: Type.Union([Type.Literal('dossiers'), Type.Literal('tickets')]),
    columns: Type.Record(Type.String(), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }), {
      description: 'register column → the header names that mean it',
    }),
    values: Type.Optional(
      Type.Record(Type.String(), Type.Record(Type.String(), Type.String()), {
        description:
          'register column → source value → register value (channel, field, online_level, booleans)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ImportMapping = Static<typeof ImportMapping>;
