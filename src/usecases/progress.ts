/**
 * The progress stages a long operation reports: stable English names API clients match on (`progress.stage`),
 * each with a catalogue text `job.stage.<name>` (jobs/stages.ts renders it). A stage inside another one is
 * reported `outer: inner` (the forecast a plan job runs first: `forecast: reading history`).
 */
export const STAGES = [
  'queued',
  'done',
  'reading history',
  'forecasting',
  'saving',
  'loading plan',
  'simulating',
  'forecast',
  'requirements and optimisation',
  'validating',
  'writing',
  'risk history',
  'risk estimate',
] as const;

export type Stage = (typeof STAGES)[number];

/** A stage, or a stage inside another one. */
export type ProgressStage = Stage | `${Stage}: ${Stage}`;

/** Reports `pct` (0–100) done and the stage now running (`Progress<Stage>`: no nested stage). */
export type Progress<S extends string = ProgressStage> = (pct: number, stage: S) => void | Promise<void>;

const KNOWN = new Set<string>(STAGES);

export function isStage(s: string): s is Stage {
  return KNOWN.has(s);
}
