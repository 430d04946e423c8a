import { resolve } from 'node:path';
import Type, { type Static } from 'typebox';
import { parseOrThrow } from './schemas/validate.ts';

export const ConfigSchema = Type.Object(
  {
    PORT: Type.Integer({ minimum: 0, maximum: 65535, description: 'HTTP port of `serve`' }),
    HOST: Type.String({ description: 'HTTP bind address' }),
    DATA_DIR: Type.String({ description: 'folder of the embedded PGlite store' }),
    DATABASE_URL: Type.Optional(Type.String({ description: 'PostgreSQL URL; set to use a real server' })),
    DATABASE_SCHEMA: Type.Optional(
      Type.String({
        pattern: '^[a-z_][a-z0-9_]*$',
        description: 'PostgreSQL schema (tests isolate by schema)',
      }),
    ),
    REDIS_URL: Type.Optional(
      Type.String({ description: 'Redis URL for BullMQ; without it jobs run in-process' }),
    ),
    LOG_LEVEL: Type.Union(
      [
        Type.Literal('fatal'),
        Type.Literal('error'),
        Type.Literal('warn'),
        Type.Literal('info'),
        Type.Literal('debug'),
        Type.Literal('trace'),
        Type.Literal('silent'),
      ],
      { description: 'pino log level' },
    ),
    MODELS_DIR: Type.Optional(
      Type.String({ description: 'folder of the planner-editable models (default ./models)' }),
    ),
    DIEUPHOI_POINTS_CSV: Type.Optional(
      Type.String({ description: 'points CSV used instead of data/points.csv when the store is empty' }),
    ),
    SAMPLE_HISTORY_UNTIL: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'last day of generated sample history (default yesterday)',
      }),
    ),
    NIGHTLY_FORECAST_CRON: Type.String({
      description: 'cron (5 fields, SCHEDULE_TZ) of the nightly forecast of every series; `off` disables',
    }),
    NIGHTLY_ALERTS_CRON: Type.String({
      description: 'cron (5 fields, SCHEDULE_TZ) of the nightly overdue-risk refresh; `off` disables',
    }),
    WEEKLY_PLAN_CRON: Type.String({
      description: 'cron (5 fields, SCHEDULE_TZ) of the weekly draft plan for next week; `off` disables',
    }),
    SCHEDULE_TZ: Type.String({ description: 'time zone of the cron schedules (IANA name)' }),
    FORECAST_HORIZON_DAYS: Type.Integer({
      minimum: 1,
      maximum: 366,
      description: 'horizon of the nightly forecast, in days',
    }),
    JOB_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, description: 'tries per job before it fails' }),
    JOB_BACKOFF_MS: Type.Integer({
      minimum: 0,
      description: 'first retry delay; doubles at each retry (exponential backoff)',
    }),
    JOB_THREAD_NICE: Type.Integer({
      minimum: 0,
      maximum: 19,
      description:
        "Linux nice value of the in-process runner's job threads (0: the API's priority): the API thread is served first",
    }),
    JOB_LOCK_MS: Type.Integer({
      minimum: 500,
      description: 'BullMQ job lock: a worker silent this long is presumed dead and its job is retried',
    }),
    QUEUE_PREFIX: Type.String({
      pattern: '^[A-Za-z0-9_-]+$',
      description: 'Redis key prefix of the queues (isolates deployments or tests sharing one Redis)',
    }),
    RATE_LIMIT_PER_MINUTE: Type.Integer({
      minimum: 0,
      description: 'requests per minute per API key (or address when anonymous); 0 disables',
    }),
    UPLOAD_LIMIT_MB: Type.Integer({ minimum: 1, maximum: 1024, description: 'largest CSV upload, MiB' }),
    READ_CACHE_MS: Type.Integer({
      minimum: 0,
      description:
        'how long GET answers of reads are cached in the API process (cleared by writes); 0 disables',
    }),
    DEMO_KEYS: Type.Union([Type.Literal('auto'), Type.Literal('off')], {
      description: 'auto: embedded store (no DATABASE_URL) creates demo keys per role; off: never',
    }),
    SHUTDOWN_TIMEOUT_MS: Type.Integer({
      minimum: 0,
      description:
        'SIGTERM/SIGINT: how long running jobs and requests may take to finish before the process exits anyway',
    }),
    STORE_CHECK_MS: Type.Integer({
      minimum: 100,
      description: "how often the server checks its store's identity between health probes and writes",
    }),
    STORE_LOST_EXIT_MS: Type.Integer({
      minimum: 0,
      description:
        'grace period between losing the store (folder gone, unwritable or swapped; schema dropped) and the exit',
    }),
  },
  { additionalProperties: false },
);
export type Config = Readonly<Static<typeof ConfigSchema>>;

/** Reads the environment once, validates it and applies defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const pick = (k: string) => (env[k] === undefined || env[k] === '' ? undefined : env[k]);
  // A non-numeric value stays a string so that validation names the variable.
  const num = (k: string, dflt: number) => {
    const v = pick(k);
    return v === undefined ? dflt : Number.isFinite(Number(v)) ? Number(v) : v;
  };
  const raw: Record<string, unknown> = {
    PORT: pick('PORT') === undefined ? 3000 : Number(pick('PORT')),
    HOST: pick('HOST') ?? '127.0.0.1',
    DATA_DIR: resolve(pick('DATA_DIR') ?? '.dieuphoi'),
    DATABASE_URL: pick('DATABASE_URL'),
    DATABASE_SCHEMA: pick('DATABASE_SCHEMA'),
    REDIS_URL: pick('REDIS_URL'),
    LOG_LEVEL: pick('LOG_LEVEL') ?? 'info',
    MODELS_DIR: pick('MODELS_DIR'),
    DIEUPHOI_POINTS_CSV: pick('DIEUPHOI_POINTS_CSV'),
    SAMPLE_HISTORY_UNTIL: pick('SAMPLE_HISTORY_UNTIL'),
    NIGHTLY_FORECAST_CRON: pick('NIGHTLY_FORECAST_CRON') ?? '0 1 * * *',
    WEEKLY_PLAN_CRON: pick('WEEKLY_PLAN_CRON') ?? '0 3 * * 5',
    NIGHTLY_ALERTS_CRON: pick('NIGHTLY_ALERTS_CRON') ?? '30 1 * * *',
    SCHEDULE_TZ: pick('SCHEDULE_TZ') ?? 'Asia/Ho_Chi_Minh',
    FORECAST_HORIZON_DAYS: num('FORECAST_HORIZON_DAYS', 14),
    JOB_ATTEMPTS: num('JOB_ATTEMPTS', 3),
    JOB_BACKOFF_MS: num('JOB_BACKOFF_MS', 5000),
    JOB_THREAD_NICE: num('JOB_THREAD_NICE', 10),
    JOB_LOCK_MS: num('JOB_LOCK_MS', 30_000),
    QUEUE_PREFIX: pick('QUEUE_PREFIX') ?? 'dieuphoi',
    RATE_LIMIT_PER_MINUTE: num('RATE_LIMIT_PER_MINUTE', 1200),
    UPLOAD_LIMIT_MB: num('UPLOAD_LIMIT_MB', 64),
    READ_CACHE_MS: num('READ_CACHE_MS', 2000),
    DEMO_KEYS: pick('DEMO_KEYS') ?? 'auto',
    SHUTDOWN_TIMEOUT_MS: num('SHUTDOWN_TIMEOUT_MS', 5000),
    STORE_CHECK_MS: num('STORE_CHECK_MS', 5000),
    STORE_LOST_EXIT_MS: num('STORE_LOST_EXIT_MS', 10_000),
  };
  for (const k of Object.keys(raw)) if (raw[k] === undefined) delete raw[k];
  return Object.freeze(parseOrThrow(ConfigSchema, raw, 'environment'));
}
