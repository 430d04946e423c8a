import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { SimulateJobData } from '../../schemas/jobs.ts';
import { parseOrThrow } from '../../schemas/validate.ts';
import { saveSimulationRun } from '../../store/scenarios-repo.ts';
import { simulationUsecases } from '../../usecases/pending.ts';
import type { ProcessorContext } from '../types.ts';

/** Simulates a plan or week; the result is stored once under the job id (a retry never adds a row). */
export async function processSimulate(input: unknown, ctx: ProcessorContext) {
  if (ctx.job.name !== 'run')
    throw new DomainError(
      'INPUT_INVALID',
      msg('job.unknown_name', { queue: 'simulate', name: ctx.job.name }),
    );
  const data = parseOrThrow(SimulateJobData, input, 'simulation job data');
  if (!data.planId && !data.week) throw new DomainError('INPUT_INVALID', msg('api.plan_or_week'));
  const { runSimulation } = simulationUsecases(ctx.config);
  const { requested: _r, ...opts } = data;
  const result = await runSimulation(ctx.db, opts, (pct, stage) => ctx.progress(pct, stage));
  await saveSimulationRun(ctx.db, ctx.job.id, opts, result);
  return { simulationId: ctx.job.id };
}
