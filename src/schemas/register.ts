import Type, { type Static, type TSchema } from 'typebox';
import { Channel, Field, type Literals } from './domain.ts';

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
    kind: Type.Union([Type.Literal('dossiers'), Type.Literal('tickets'), Type.Literal('attendance')]),
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

export const DOSSIER_STATUSES = ['pending', 'early', 'on_time', 'overdue', 'returned', 'withdrawn'] as const;
export const DossierStatus = Type.Union(
  DOSSIER_STATUSES.map((s) => Type.Literal(s)) as Literals<typeof DOSSIER_STATUSES>,
  {
    description:
      'derived: pending (not finished), early / on_time / overdue (finished against the due day), returned (result handed over), withdrawn',
  },
);
export type DossierStatus = Static<typeof DossierStatus>;

export const Timeliness = Type.Union(
  [Type.Literal('early'), Type.Literal('on_time'), Type.Literal('overdue')],
  {
    description: 'finished before, on or after the due day (kept when the result is later returned)',
  },
);
export type Timeliness = Static<typeof Timeliness>;

/** A local day `2025-07-01`, or a local day and time `2025-07-01T08:30` (Asia/Ho_Chi_Minh) when the time is known. */
const LocalDayTime = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?)?$', description });
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

/** One dossier (hồ sơ) of the register, as the API answers it and `export --dossiers` writes it. */
export const Dossier = Type.Object(
  {
    code: Type.String({ description: 'dossier code (mã hồ sơ), the key' }),
    procedure_code: Nullable(Type.String({ description: 'procedure code (mã TTHC) as given' })),
    procedure_name: Nullable(Type.String({ description: 'procedure name as given' })),
    field: Field,
    channel: Channel,
    online_level: Nullable(
      Type.Union([Type.Literal('full'), Type.Literal('partial')], {
        description: 'online level: full process (toàn trình) or partial (một phần)',
      }),
    ),
    receiving_point: Type.String({ description: 'point where it was filed' }),
    competent_unit: Type.String({ description: 'point (commune) whose authority decides it' }),
    received_at: LocalDayTime('received (ngày tiếp nhận)'),
    due_at: LocalDayTime('due (ngày hẹn trả)'),
    due_computed: Type.Boolean({ description: "true: computed from the procedure's legal deadline" }),
    finished_at: Nullable(LocalDayTime('finished (ngày có kết quả)')),
    returned_at: Nullable(LocalDayTime('result returned (ngày trả kết quả)')),
    digitised: Nullable(Type.Boolean({ description: 'documents digitised (đã số hóa)' })),
    electronic_result: Nullable(Type.Boolean({ description: 'electronic result (kết quả điện tử)' })),
    withdrawn: Type.Boolean({ description: 'withdrawn by the applicant' }),
    status: DossierStatus,
    timeliness: Nullable(Timeliness),
  },
  { additionalProperties: false, description: 'a dossier of the register' },
);
export type Dossier = Static<typeof Dossier>;

/** One queue ticket, as the store returns it. */
export const Ticket = Type.Object(
  {
    point: Type.String({ description: 'point code' }),
    number: Type.String({ description: 'ticket number (restarts every day)' }),
    counter: Nullable(Type.String({ description: 'counter that served it' })),
    field: Field,
    issued_at: LocalDayTime('ticket taken'),
    called_at: Nullable(LocalDayTime('called to a counter')),
    finished_at: Nullable(LocalDayTime('service finished')),
    abandoned: Type.Boolean({ description: 'left before being served' }),
  },
  { additionalProperties: false, description: 'a queue ticket' },
);
export type Ticket = Static<typeof Ticket>;
