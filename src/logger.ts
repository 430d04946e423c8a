import pino, { type Logger } from 'pino';

/** The one pino logger. Citizen data never goes to logs; request auth headers are redacted. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'dieuphoi' },
      redact: ['req.headers.authorization', 'headers.authorization', '*.apiKey', '*.token'],
    },
    destination,
  );
}

export type { Logger };
