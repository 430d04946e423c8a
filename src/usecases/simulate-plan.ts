import { availableParallelism } from 'node:os';
import {
  finishSimulation,
  type ProblemOptions,
  planSimulation,
  problemToSetup,
  type SimulateOptions,
  type SimulationModels,
  type SimulationRun,
  type SimulationSetup,
  simulateChunk,
} from '../core/simulate/index.ts';
import { WorkerPool } from '../parallel/pool.ts';
import type { Move } from '../schemas/optimize.ts';
import { SimulationInput } from '../schemas/simulate.ts';
import { parseOrThrow } from '../schemas/validate.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadProceduresModel,
  loadStaffingModel,
  loadWorkTypesModel,
} from '../store/model-files.ts';

export interface SimulatePlanOptions extends SimulateOptions {
  /** Worker threads; 1 runs in this thread. Default: the machine's cores. The output does not depend on it. */
  threads?: number;
  /** A pool of `src/core/simulate/worker.ts` to reuse (a job worker keeps one); else one is made and closed. */
  pool?: WorkerPool;
}

export const SIMULATE_WORKER_URL = new URL('../core/simulate/worker.ts', import.meta.url);

/**
 * Simulates a plan (and a scenario of edits on top of it, with common random numbers) over
 * replications in worker threads; merged in seed order, so the result is the same for any thread count.
 * This is the boundary the store, jobs and API call with a plain setup.
 * @throws DomainError INPUT_INVALID for a bad setup or scenario
 */
export async function simulatePlan(
  base: SimulationSetup,
  scenario: unknown | undefined,
  opts: SimulatePlanOptions = {},
): Promise<SimulationRun> {
  parseOrThrow(SimulationInput, base.input, 'simulation input');
  const plan = planSimulation(base, scenario, opts);
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), plan.jobs.length));
  if (threads === 1 && !opts.pool) return finishSimulation(plan, plan.jobs.map(simulateChunk));
  const pool = opts.pool ?? new WorkerPool(SIMULATE_WORKER_URL, threads);
  try {
    const chunks = await pool.map<(typeof plan.jobs)[number], Float64Array>('simulateChunk', plan.jobs);
    return finishSimulation(plan, chunks);
  } finally {
    if (!opts.pool) await pool.close();
  }
}

/** The planner-editable models the simulator reads, from `models/`. */
/** The models a simulation reads, the work model and the procedure catalogue included (issue #14). */
export function loadSimulationModels(dir?: string): SimulationModels {
  return {
    fields: loadFieldsModel(dir),
    staffing: loadStaffingModel(dir),
    calendar: loadCalendarModel(dir),
    workTypes: loadWorkTypesModel(dir),
    procedures: loadProceduresModel(dir),
  };
}

/**
 * A setup from a stage-1 problem file (the `optimize --problem` format), staff placed by the stage-1 optimum.
 * @throws DomainError INPUT_INVALID naming the JSON path
 */
export function setupFromProblem(
  raw: unknown,
  models: SimulationModels,
  opts: ProblemOptions = {},
): { setup: SimulationSetup; moves: Move[]; notes: string[] } {
  return problemToSetup(raw, models, opts);
}
