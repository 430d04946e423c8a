import type { SimulationParams } from '../../schemas/simulate.ts';
import { DomainError } from '../errors.ts';
import { type Msg, msg } from '../messages.ts';
import { type ChunkJob, chunkRanges, mergeChunks, simulateChunk } from './chunk.ts';
import { type PreparedSimulation, prepareSimulation, type SimulationSetup } from './prepare.ts';
import { applyScenario } from './scenario.ts';
import { compare, type SimulationComparison, type SimulationSummary, summarise } from './summary.ts';

export * from './chunk.ts';
export * from './constants.ts';
export * from './engine.ts';
export * from './prepare.ts';
export * from './problem.ts';
export * from './report.ts';
export * from './scenario.ts';
export * from './summary.ts';

export interface SimulateOptions {
  /** Replications (independent demand + queue draws), default 200. */
  replications?: number;
  /** Master seed; the same seed gives the same output, default 1. */
  seed?: number;
  params?: SimulationParams;
}

export interface SimulationRun {
  base: SimulationSummary;
  scenario?: SimulationSummary;
  comparison?: SimulationComparison;
  /** Notes from applying the scenario (edits that matched nothing, …), as catalogue messages. */
  scenario_notes?: Msg[];
}

/** A prepared base (and scenario) and the chunk jobs to run, in seed order. */
export interface SimulationPlan {
  base: PreparedSimulation;
  scenario?: PreparedSimulation;
  jobs: ChunkJob[];
  replications: number;
  seed: number;
  scenarioNotes?: Msg[];
}

/**
 * Prepares base and scenario and splits the replications into chunk jobs (for threads or in-process).
 * @throws DomainError INPUT_INVALID for an invalid input or scenario
 */
export function planSimulation(
  base: SimulationSetup,
  scenario: unknown,
  opts: SimulateOptions = {},
): SimulationPlan {
  const replications = opts.replications ?? 200;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(replications) || replications < 2 || replications > 100000)
    throw new DomainError('INPUT_INVALID', msg('simulation.replications'), [
      { field: 'replications', reason: msg('simulation.replications_reason'), value: replications },
    ]);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new DomainError('INPUT_INVALID', msg('simulation.seed'), [
      { field: 'seed', reason: msg('simulation.seed_reason'), value: seed },
    ]);
  const basePrep = prepareSimulation(base, opts.params);
  let scenPrep: PreparedSimulation | undefined;
  let scenarioNotes: Msg[] | undefined;
  if (scenario !== undefined) {
    const applied = applyScenario(base, scenario);
    scenPrep = prepareSimulation(applied.setup, opts.params);
    scenarioNotes = applied.notes;
  }
  const jobs = chunkRanges(replications).map(([from, to]) => ({
    base: basePrep,
    ...(scenPrep ? { scenario: scenPrep } : {}),
    seed,
    from,
    to,
  }));
  return { base: basePrep, scenario: scenPrep, jobs, replications, seed, scenarioNotes };
}

/** Merges chunk results (in job order) into summaries and the comparison. */
export function finishSimulation(plan: SimulationPlan, chunks: Float64Array[]): SimulationRun {
  const acc = mergeChunks(chunks);
  const meta = { replications: plan.replications, seed: plan.seed };
  const run: SimulationRun = { base: summarise(plan.base, acc, 0, meta) };
  if (plan.scenario) {
    run.scenario = summarise(plan.scenario, acc, 1, meta);
    run.comparison = compare(plan.base, acc);
    run.scenario_notes = plan.scenarioNotes ?? [];
  }
  return run;
}

/**
 * Simulates a setup (and optionally a scenario of edits on it) in this thread.
 * @example simulate(setup, undefined, { replications: 50, seed: 7 }).base.city.total.wait_mean_min
 * @throws DomainError INPUT_INVALID
 */
export function simulate(
  base: SimulationSetup,
  scenario?: unknown,
  opts: SimulateOptions = {},
): SimulationRun {
  const plan = planSimulation(base, scenario, opts);
  return finishSimulation(plan, plan.jobs.map(simulateChunk));
}
