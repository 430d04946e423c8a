import { addDays, mondayOf } from '../../core/calendar/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { PlanJobData, ScheduledTrigger } from '../../schemas/jobs.ts';
import { parseOrThrow } from '../../schemas/validate.ts';
import { planUsecases } from '../../usecases/pending.ts';
import { yesterdayInHanoi } from '../../usecases/sample-data.ts';
import { planJobId } from '../ids.ts';
import type { ProcessorContext } from '../types.ts';

/**
 * The plan queue: `draft` runs the weekly plan (the use case writes the plan and its moves in one
 * transaction, so a failed job leaves no half-written plan); `weekly` (the cron trigger) enqueues next
 * week's draft.
 */
export async function processPlan(input: unknown, ctx: ProcessorContext) {
  switch (ctx.job.name) {
    case 'draft': {
      const data = parseOrThrow(PlanJobData, input, 'plan job data');
      const { runWeeklyPlan } = planUsecases(ctx.config);
      const { requested: _r, ...opts } = data;
      return runWeeklyPlan(ctx.db, opts, (pct, stage) => ctx.progress(pct, stage));
    }
    case 'weekly': {
      parseOrThrow(ScheduledTrigger, input, 'weekly plan trigger');
      // Today in Hanoi is yesterday + 1; next week starts on the following Monday.
      const week = addDays(mondayOf(addDays(yesterdayInHanoi(), 1)), 7);
      const { job, created } = await ctx.enqueue({
        queue: 'plan',
        name: 'draft',
        id: planJobId({ week }),
        data: { week, requested: { by: 'schedule', requestId: ctx.job.id } },
      });
      return { enqueued: job.id, created };
    }
    default:
      throw new DomainError('INPUT_INVALID', msg('job.unknown_name', { queue: 'plan', name: ctx.job.name }));
  }
}
