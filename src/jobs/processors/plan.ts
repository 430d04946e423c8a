import { addDays, mondayOf } from '../../core/calendar/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { PlanJobData, ReplanJobData, RoadmapJobData, ScheduledTrigger } from '../../schemas/jobs.ts';
import { parseOrThrow } from '../../schemas/validate.ts';
import { planUsecases } from '../../usecases/pending.ts';
import { runRoadmap } from '../../usecases/roadmap.ts';
import { yesterdayInHanoi } from '../../usecases/sample-data.ts';
import { planJobId } from '../ids.ts';
import type { ProcessorContext } from '../types.ts';

/**
 * The plan queue: `draft` runs the weekly plan (the use case writes the plan and its moves in one
 * transaction, so a failed job leaves no half-written plan); `weekly` (the cron trigger) enqueues next
 * week's draft; `replan` saves a new version of an approved plan from a day on (issue #14); `roadmap` computes an establishment roadmap (issue #16).
 */
export async function processPlan(input: unknown, ctx: ProcessorContext) {
  switch (ctx.job.name) {
    case 'draft': {
      const data = parseOrThrow(PlanJobData, input, 'plan job data');
      const { runWeeklyPlan } = planUsecases(ctx.config);
      const { requested: _r, ...opts } = data;
      return runWeeklyPlan(ctx.db, opts, (pct, stage) => ctx.progress(pct, stage));
    }
    case 'replan': {
      const { requested: _r, ...req } = parseOrThrow(ReplanJobData, input, 'replan job data');
      const { runReplan } = planUsecases(ctx.config);
      return runReplan(ctx.db, req, (pct, stage) => ctx.progress(pct, stage));
    }
    case 'roadmap': {
      // The use case saves the roadmap in one statement: a failed job leaves nothing half-written.
      const { requested: _r, ...req } = parseOrThrow(RoadmapJobData, input, 'roadmap job data');
      await ctx.progress(10, 'requirements and optimisation');
      return runRoadmap(ctx.db, ctx.config, req);
    }
    case 'weekly': {
      parseOrThrow(ScheduledTrigger, input, 'weekly plan trigger');
      // Today in Hanoi is yesterday + 1; next week starts on the following Monday.
      const week = addDays(mondayOf(addDays(yesterdayInHanoi(), 1)), 7);
      const { job, created } = await ctx.enqueue({
        queue: 'plan',
        name: 'draft',
        id: planJobId({ week, inputs: await planUsecases(ctx.config).planInputsKey(ctx.db, week) }),
        data: { week, requested: { by: 'schedule', requestId: ctx.job.id } },
      });
      return { enqueued: job.id, created };
    }
    default:
      throw new DomainError('INPUT_INVALID', msg('job.unknown_name', { queue: 'plan', name: ctx.job.name }));
  }
}
