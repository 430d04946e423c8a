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
  },
  { additionalProperties: false },
);
export type Config = Readonly<Static<typeof ConfigSchema>>;

/** Reads the environment once, validates it and applies defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const pick = (k: string) => (env[k] === undefined || env[k] === '' ? undefined : env[k]);
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
  };
  for (const k of Object.keys(raw)) if (raw[k] === undefined) delete raw[k];
  return Object.freeze(parseOrThrow(ConfigSchema, raw, 'environment'));
}
