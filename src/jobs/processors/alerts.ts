import Type from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { Requested, ScheduledTrigger } from '../../schemas/jobs.ts';
import { parseOrThrow } from '../../schemas/validate.ts';
import { nowInHanoi, refreshOverdueRisk } from '../../usecases/alerts.ts';
import { shortHash } from '../ids.ts';
import type { Enqueued, EnqueueRequest, ProcessorContext } from '../types.ts';

export const OverdueRiskJobData = Type.Object(
  {
    asOf: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$',
      description: 'local time the risks are computed at',
    }),
    backtest: Type.Optional(Type.Boolean({ description: 'also backtest the estimator on the last 30 days' })),
    after: Type.Optional(Type.String({ maxLength: 200, description: 'the import job that triggered it' })),
    requested: Type.Optional(Requested),
  },
  { additionalProperties: false, description: 'an overdue-risk refresh' },
);

/** `alerts-overdue-risk-2026-12-03-nightly`, `alerts-overdue-risk-2026-12-03-i<hash of the import job>`. */
export function overdueRiskJobId(d: { asOf: string; after?: string }): string {
  return ['alerts', 'overdue-risk', d.asOf.slice(0, 10), d.after ? `i${shortHash(d.after)}` : 'nightly'].join(
    '-',
  );
}

/**
 * The alerts queue: `overdue-risk` recomputes the risk of every pending dossier (idempotent: the list is
 * replaced whole); `nightly` (the cron trigger) enqueues the refresh of the day.
 */
export async function processAlerts(input: unknown, ctx: ProcessorContext) {
  switch (ctx.job.name) {
    case 'overdue-risk': {
      const data = parseOrThrow(OverdueRiskJobData, input, 'overdue-risk job data');
      return refreshOverdueRisk(
        ctx.db,
        ctx.config,
        { asOf: data.asOf, backtest: data.backtest ?? true, id: ctx.job.id },
        (pct, stage) => ctx.progress(pct, stage),
      );
    }
    case 'nightly': {
      parseOrThrow(ScheduledTrigger, input, 'nightly alerts trigger');
      const data = { asOf: nowInHanoi() };
      const { job, created } = await ctx.enqueue({
        queue: 'alerts',
        name: 'overdue-risk',
        id: overdueRiskJobId(data),
        data: { ...data, requested: { by: 'schedule', requestId: ctx.job.id } },
      });
      return { enqueued: job.id, created };
    }
    default:
      throw new DomainError(
        'INPUT_INVALID',
        msg('job.unknown_name', { queue: 'alerts', name: ctx.job.name }),
      );
  }
}

/**
 * Queues the overdue-risk refresh a dossier import calls for (its id holds the import's: the same import asks
 * once); the import job and a synchronous `POST /dossiers` both call it.
 */
export function enqueueRiskRefresh(
  enqueue: (req: EnqueueRequest) => Promise<Enqueued>,
  after: string,
  requested: { by: string; requestId: string },
  asOf: string = nowInHanoi(),
): Promise<Enqueued> {
  const data = { asOf, after };
  return enqueue({
    queue: 'alerts',
    name: 'overdue-risk',
    id: overdueRiskJobId(data),
    data: { ...data, requested },
  });
}

/** After a register import (dossiers or tickets), the overdue-risk refresh it calls for. */
export async function afterRegisterImport(ctx: ProcessorContext, kind: string): Promise<void> {
  if (kind !== 'dossiers') return;
  await enqueueRiskRefresh((r) => ctx.enqueue(r), ctx.job.id, { by: 'import', requestId: ctx.job.id });
}
