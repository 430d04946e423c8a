import type { Config } from '../config.ts';
import type { ErrorDetail } from '../core/errors.ts';
import type { Msg } from '../core/messages.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import type { ProgressStage } from '../usecases/progress.ts';

export const QUEUES = ['import', 'forecast', 'plan', 'simulate', 'alerts'] as const;
export type QueueName = (typeof QUEUES)[number];

import { JOB_STATES } from '../schemas/api.ts';

export { JOB_STATES };
export type JobState = (typeof JOB_STATES)[number];

export interface JobProgress {
  /** 0–100. */
  pct: number;
  /** stable English stage name (`queued`, `forecasting`, `forecast: saving`…), what API clients match on */
  stage: string;
  /** the stage in the reader's language (API answers only; see jobs/stages.ts) */
  text?: string;
}

export interface JobError {
  code: string;
  /** a catalogue message (rendered per reader), or the English text of an error that has none */
  message: Msg | string;
  details?: ErrorDetail[];
}

/** One job as the API shows it, the same for BullMQ and the in-process runner. */
export interface JobView {
  id: string;
  queue: QueueName;
  name: string;
  state: JobState;
  progress: JobProgress;
  /** Tries made so far. */
  attempts: number;
  maxAttempts: number;
  data: unknown;
  result?: unknown;
  error?: JobError;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  parent?: string;
  children?: string[];
}

export interface EnqueueRequest {
  queue: QueueName;
  /** Job name: what the queue's processor does with it (`run`, `nightly`, `fanout`…). */
  name: string;
  /** Deterministic id: the same request twice gives the same job. */
  id: string;
  data: Record<string, unknown>;
  /** Child jobs that must complete before this one runs (a flow); the parent aggregates them. */
  children?: EnqueueRequest[];
}

export interface Enqueued {
  job: JobView;
  /** False when a job with this id already existed (it is returned instead). */
  created: boolean;
}

export interface FinishedEvent {
  queue: QueueName;
  name: string;
  ok: boolean;
  seconds: number;
  /** A child of a flow (a branch of a fan-out forecast): its parent's own event follows when the flow ends. */
  child?: boolean;
}

export interface ScheduleView {
  id: string;
  queue: QueueName;
  name: string;
  cron: string;
  tz: string;
  next?: string;
}

/** The job API: enqueue, look, retry. Implemented over BullMQ (queues.ts) and in-process (inline.ts). */
export interface JobRunner {
  readonly kind: 'bullmq' | 'inline';
  enqueue(req: EnqueueRequest): Promise<Enqueued>;
  get(id: string): Promise<JobView | undefined>;
  list(filter?: { queue?: QueueName; state?: JobState; limit?: number }): Promise<JobView[]>;
  /** Runs a failed job again (its attempts start over). @throws DomainError NOT_FOUND / CONFLICT */
  retry(id: string): Promise<JobView>;
  /** @throws DomainError QUEUE_UNAVAILABLE */
  ping(): Promise<void>;
  counts(): Promise<Record<QueueName, Partial<Record<JobState, number>>>>;
  schedules(): Promise<ScheduleView[]>;
  /** Installs (or updates) the repeatable triggers; `off` crons are removed. */
  installSchedules(
    list: Array<{ id: string; queue: QueueName; name: string; cron: string; tz: string }>,
  ): Promise<void>;
  onFinished(listener: (e: FinishedEvent) => void): void;
  close(): Promise<void>;
}

export interface ProcessorContext {
  db: Db;
  config: Config;
  logger: Logger;
  job: { id: string; name: string; queue: QueueName; attempt: number };
  /** Reports progress: one of the stages of usecases/progress.ts. */
  progress(pct: number, stage: ProgressStage): Promise<void>;
  /** Enqueues another job (scheduled triggers enqueue the deterministic job of the day). */
  enqueue(req: EnqueueRequest): Promise<Enqueued>;
  /** Results of this job's children (flows), by child job id. */
  childResults(): Promise<Record<string, unknown>>;
}

/** A queue's processor: a plain async function of the job data (validated inside) and a context. */
export type Processor = (data: unknown, ctx: ProcessorContext) => Promise<unknown>;
export type Processors = Partial<Record<QueueName, Processor>>;
