import { createHash } from 'node:crypto';
import { isoWeekLabel } from '../core/calendar/dates.ts';
import type { QueueName } from './types.ts';
import { QUEUES } from './types.ts';

/**
 * Deterministic, readable job ids: the same request gives the same id, so triggering it twice returns the
 * existing job. Ids start with their queue name (so `/jobs/:id` finds the queue) and never contain `:`
 * (BullMQ reserves it) nor are all digits.
 */
export function shortHash(value: unknown, n = 8): string {
  return createHash('sha256')
    .update(typeof value === 'string' ? value : JSON.stringify(value))
    .digest('hex')
    .slice(0, n);
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9_.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 40) || 'x';

/** `forecast-2026-11-25-h14-all`, `forecast-2026-11-25-h14-theta-p1a2b3c4d` (a point subset), `…-branch-3`. */
export function forecastJobId(d: {
  asOf: string;
  horizon: number;
  method?: string;
  points?: string[];
  scope?: string;
  /** Named holidays of the request (hashed in: another list is another run). */
  holidays?: unknown[];
  yearly?: boolean;
}): string {
  const scope = d.scope ? slug(d.scope) : d.points?.length ? `p${shortHash([...d.points].sort())}` : 'all';
  return [
    'forecast',
    d.asOf,
    `h${d.horizon}`,
    ...(d.method ? [d.method] : []),
    ...(d.yearly ? ['yearly'] : []),
    ...(d.holidays?.length ? [`hol${shortHash(d.holidays)}`] : []),
    scope,
  ].join('-');
}

/**
 * `plan-2026-W02[-f<forecast run hash>][-s<scenario hash>][-i<inputs>]`; `inputs`: the plan's inputs as hashed by
 * the use case (`planInputsKey`), so that a request after they changed is another job.
 */
export function planJobId(d: {
  week: string;
  forecastRunId?: string;
  scenario?: unknown[];
  inputs?: string;
}): string {
  return [
    'plan',
    isoWeekLabel(d.week),
    ...(d.forecastRunId ? [`f${shortHash(d.forecastRunId)}`] : []),
    ...(d.scenario?.length ? [`s${shortHash(d.scenario)}`] : []),
    ...(d.inputs ? [`i${d.inputs}`] : []),
  ].join('-');
}

/**
 * `plan-replan-<approved plan or week>-<from>[-s<scenario hash>][-a<attendance hash>][-i<inputs>]`, with the
 * forecast run hashed in when given; `attendance`: the kept days' attendance records, `inputs` the plan's other
 * inputs, as hashed by the use case.
 */
export function replanJobId(d: {
  planId?: string;
  week?: string;
  from: string;
  scenario?: unknown[];
  forecastRunId?: string;
  attendance?: string;
  inputs?: string;
}): string {
  return [
    'plan',
    'replan',
    d.planId ? slug(d.planId) : isoWeekLabel(d.week ?? d.from),
    d.from,
    ...(d.forecastRunId ? [`f${shortHash(d.forecastRunId)}`] : []),
    ...(d.scenario?.length ? [`s${shortHash(d.scenario)}`] : []),
    ...(d.attendance ? [`a${d.attendance}`] : []),
    ...(d.inputs ? [`i${d.inputs}`] : []),
  ].join('-');
}

/** `simulate-<plan or week>-r<replications>-seed<seed>[-s<scenario hash>]`. */
export function simulateJobId(d: {
  planId?: string;
  week?: string;
  scenario?: unknown[];
  replications?: number;
  seed?: number;
}): string {
  return [
    'simulate',
    d.planId ? slug(d.planId) : d.week ? isoWeekLabel(d.week) : 'none',
    `r${d.replications ?? 'default'}`,
    `seed${d.seed ?? 'default'}`,
    ...(d.scenario?.length ? [`s${shortHash(d.scenario)}`] : []),
  ].join('-');
}

/** `import-volumes-<content hash>`: the same file uploaded twice is one job. */
export function importJobId(kind: string, uploadId: string): string {
  return `import-${kind}-${uploadId.slice(0, 16)}`;
}

/** The queue a job id belongs to, from its prefix. */
/** `plan-roadmap-q4-n20-2026-q2` (on the plan queue; `rules` / `next` when N or the start are defaults). */
export function roadmapJobId(d: { quarters?: number; max_transfers?: number; start?: string }): string {
  return [
    'plan',
    'roadmap',
    `q${d.quarters ?? 4}`,
    `n${d.max_transfers ?? 'rules'}`,
    slug(d.start ?? 'next'),
  ].join('-');
}

export function queueOfJobId(id: string): QueueName | undefined {
  const head = id.split('-')[0];
  return (QUEUES as readonly string[]).includes(head ?? '') ? (head as QueueName) : undefined;
}

export const JOB_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$';
