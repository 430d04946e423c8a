import { type Msg, render } from './messages.ts';

/**
 * Stable error codes. Every code has a row in docs/errors.md (a test keeps them in sync).
 * Errors cross process and Redis boundaries as data, so callers rely on `code`, never `instanceof`.
 */
export const ERROR_CODES = {
  INPUT_INVALID: 'the input does not match its schema or rules',
  IMPORT_INVALID: 'an import file has bad rows; nothing was written',
  NOT_FOUND: 'the requested resource does not exist',
  CONFLICT: 'the request conflicts with the current state',
  FORECAST_HISTORY_TOO_SHORT: 'a series is too short for the requested model',
  PLAN_INFEASIBLE: 'no plan satisfies the hard constraints',
  STORE_UNAVAILABLE: 'the database cannot be reached',
  UNAUTHORIZED: 'missing or unknown API key',
  FORBIDDEN: 'the API key has no role for this action',
  QUEUE_UNAVAILABLE: 'the job queue (Redis) cannot be reached',
  RATE_LIMITED: 'too many requests from this key in a minute',
  NOT_AVAILABLE: 'the operation is not part of this build yet',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetail {
  /** 1-based line in the input file, when the input is a file. */
  line?: number;
  /** Excel input: the sheet and 1-based row of the offending cell (instead of `line`). */
  sheet?: string;
  row?: number;
  /** Column name or JSON path of the offending value. */
  field?: string;
  value?: unknown;
  /**
   * What is wrong with it: a catalogue message, which adapters render (core/messages.ts); the checks whose
   * reasons are not in the catalogue yet (schema errors, a few file checks) write English, shown as it is.
   */
  reason: Msg | string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** The message as a catalogue message, when it has one: `message` is its English text. */
  readonly msg?: Msg;

  /** `message` is English text, or a catalogue message (then `message` is its English rendering). */
  constructor(code: ErrorCode, message: string | Msg, details: ErrorDetail[] = []) {
    super(typeof message === 'string' ? message : render(message, 'en'));
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
    if (typeof message !== 'string') this.msg = message;
  }
}

/** True for any error-like value carrying a known domain code (also after serialisation). */
export function isDomainError(err: unknown): err is DomainError {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    (err as { code: string }).code in ERROR_CODES
  );
}
