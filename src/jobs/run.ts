import { isDomainError } from '../core/errors.ts';
import { isMsg, readStoredTexts } from '../core/messages.ts';
import type { JobError, Processor, ProcessorContext } from './types.ts';

/**
 * A job's failure as data: it crosses Redis as the failed reason, so it is encoded as JSON and decoded by
 * whoever reads the job (the API), keeping the code and the row-level details.
 */
export function encodeJobError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; details?: unknown; msg?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'JOB_FAILED';
  // The catalogue message when the error has one, so readers answer in their language (core/messages.ts).
  const message = isMsg(e?.msg) ? e.msg : typeof e?.message === 'string' ? e.message : String(err);
  const details = Array.isArray(e?.details) ? e.details.slice(0, 200) : undefined;
  return JSON.stringify({ code, message, ...(details?.length ? { details } : {}) });
}

export function decodeJobError(reason: string | undefined): JobError | undefined {
  if (!reason) return undefined;
  if (reason.startsWith('{')) {
    try {
      // readStoredTexts: a reason written when the message came twice (English beside it) reads the same.
      const e = readStoredTexts(JSON.parse(reason) as JobError);
      if (typeof e.code === 'string' && (typeof e.message === 'string' || isMsg(e.message))) return e;
    } catch {
      // not ours: fall through
    }
  }
  return { code: 'JOB_FAILED', message: reason };
}

/**
 * Whether a failure is permanent: retrying cannot help. Decided by the error's `code`, never by
 * `instanceof` (errors cross processes and Redis as data): every domain error is permanent (bad input, an
 * infeasible plan, a missing plan…) except the store or queue being unreachable, which is transient like
 * any error without a domain code (a dropped connection, a killed process).
 */
export function isPermanent(err: unknown): boolean {
  if (!isDomainError(err)) return false;
  return err.code !== 'STORE_UNAVAILABLE' && err.code !== 'QUEUE_UNAVAILABLE';
}

export class JobFailure extends Error {
  constructor(
    readonly reason: string,
    readonly permanent: boolean,
    override readonly cause: unknown,
  ) {
    super(reason);
  }
}

/** Runs a processor, logging and classifying its failure. */
export async function execute(processor: Processor, data: unknown, ctx: ProcessorContext): Promise<unknown> {
  const log = ctx.logger.child({
    module: `jobs.${ctx.job.queue}`,
    jobId: ctx.job.id,
    attempt: ctx.job.attempt,
  });
  const started = performance.now();
  log.info({ name: ctx.job.name }, 'job started');
  try {
    const result = await processor(data, { ...ctx, logger: log });
    log.info({ seconds: (performance.now() - started) / 1000 }, 'job completed');
    return result;
  } catch (err) {
    const permanent = isPermanent(err);
    log.warn({ err, permanent }, 'job failed');
    throw new JobFailure(encodeJobError(err), permanent, err);
  }
}
