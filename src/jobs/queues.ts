import { FlowProducer, type Job, type JobsOptions, Queue, QueueEvents } from 'bullmq';
import type { Config } from '../config.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import { msg } from '../core/messages.ts';
import type { Logger } from '../logger.ts';
import type { Stage } from '../usecases/progress.ts';
import { queueOfJobId } from './ids.ts';
import { decodeJobError } from './run.ts';
import { notFailedMsg } from './stages.ts';
import {
  type Enqueued,
  type EnqueueRequest,
  type FinishedEvent,
  JOB_STATES,
  type JobProgress,
  type JobRunner,
  type JobState,
  type JobView,
  QUEUES,
  type QueueName,
  type ScheduleView,
} from './types.ts';

/**
 * Redis connection options. Producers (the API) fail fast when Redis is down — a request gets a clean 503
 * instead of hanging; workers wait and reconnect forever (BullMQ requires `maxRetriesPerRequest: null` for
 * their blocking commands).
 */
export function redisConnection(url: string, role: 'producer' | 'worker') {
  const retryStrategy = (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000);
  return role === 'producer'
    ? { url, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, retryStrategy }
    : { url, maxRetriesPerRequest: null, enableOfflineQueue: true, connectTimeout: 5000, retryStrategy };
}

/** Retries with exponential backoff; finished jobs are kept long enough for a re-trigger to find them. */
export function jobOptions(config: Pick<Config, 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS'>): JobsOptions {
  return {
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    removeOnComplete: { age: 14 * 86_400, count: 5000 },
    removeOnFail: { age: 30 * 86_400, count: 5000 },
  };
}

const TIMEOUT_MS = 3000;

/** Any failure to reach Redis becomes QUEUE_UNAVAILABLE (a 503, safe to repeat); domain errors pass. */
async function guard<T>(what: string, p: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } catch (err) {
    if (isDomainError(err)) throw err;
    throw new DomainError(
      'QUEUE_UNAVAILABLE',
      msg('job.queue_unreachable', { what, error: (err as Error).message }),
    );
  } finally {
    clearTimeout(timer);
  }
}

function progressOf(p: unknown): JobProgress {
  if (p && typeof p === 'object' && 'pct' in p) {
    const o = p as { pct: unknown; stage?: unknown };
    return { pct: Number(o.pct) || 0, stage: typeof o.stage === 'string' ? o.stage : '' };
  }
  return { pct: typeof p === 'number' ? p : 0, stage: '' };
}

const iso = (ms?: number) => (ms ? new Date(ms).toISOString() : undefined);
/** `prefix:queue:id` → `id` (ids never contain `:`). */
const idOfKey = (key: string) => key.slice(key.lastIndexOf(':') + 1);

/** `knownState`: read before the job (a job read first may finish before its state is read). */
export async function jobView(job: Job, queue: QueueName, knownState?: string): Promise<JobView> {
  const state = (knownState ?? (await job.getState())) as JobState;
  const view: JobView = {
    id: job.id!,
    queue,
    name: job.name,
    state: QUEUE_STATES.has(state) ? state : 'unknown',
    progress: progressOf(job.progress),
    attempts: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    data: job.data,
    createdAt: iso(job.timestamp)!,
  };
  if (state === 'completed') {
    view.result = job.returnvalue;
    view.progress = { pct: 100, stage: view.progress.stage || ('done' satisfies Stage) };
  }
  const error = decodeJobError(job.failedReason);
  if (error) view.error = error;
  if (job.processedOn) view.startedAt = iso(job.processedOn);
  if (job.finishedOn) view.finishedAt = iso(job.finishedOn);
  if (job.parentKey) view.parent = idOfKey(job.parentKey);
  if (job.name === 'fanout') {
    const deps = await job.getDependencies();
    view.children = [...Object.keys(deps.processed ?? {}), ...(deps.unprocessed ?? [])].map(idOfKey).sort();
  }
  return view;
}

/** The states BullMQ reports (counted in `counts()`); anything else is shown as `unknown`. */
const BULL_STATES = JOB_STATES.filter((s) => s !== 'unknown');
const QUEUE_STATES = new Set<string>(BULL_STATES);

/** The job API over BullMQ queues on Redis. */
export class BullMqRunner implements JobRunner {
  readonly kind = 'bullmq' as const;
  private readonly queues = new Map<QueueName, Queue>();
  private flows?: FlowProducer;
  private events: QueueEvents[] = [];
  private readonly connection;
  private readonly opts: JobsOptions;
  private lastErrorLog = 0;

  constructor(
    private readonly config: Pick<Config, 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS' | 'QUEUE_PREFIX'> & {
      REDIS_URL?: string;
    },
    private readonly logger: Logger,
  ) {
    if (!config.REDIS_URL) throw new Error('BullMqRunner needs REDIS_URL');
    this.connection = redisConnection(config.REDIS_URL, 'producer');
    this.opts = jobOptions(config);
  }

  private onError = (err: Error) => {
    // Redis down: every client reports each reconnect attempt; log at most every 10 s.
    const now = Date.now();
    if (now - this.lastErrorLog > 10_000) {
      this.lastErrorLog = now;
      this.logger.warn({ err: err.message }, 'job queue connection error');
    }
  };

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.connection,
        prefix: this.config.QUEUE_PREFIX,
        defaultJobOptions: this.opts,
      });
      q.on('error', this.onError);
      this.queues.set(name, q);
    }
    return q;
  }

  private flowProducer(): FlowProducer {
    if (!this.flows) {
      this.flows = new FlowProducer({ connection: this.connection, prefix: this.config.QUEUE_PREFIX });
      this.flows.on('error', this.onError);
    }
    return this.flows;
  }

  async enqueue(req: EnqueueRequest): Promise<Enqueued> {
    return guard('enqueue', this.enqueueUnguarded(req));
  }

  private async enqueueUnguarded(req: EnqueueRequest): Promise<Enqueued> {
    const q = this.queue(req.queue);
    const before = await q.getJob(req.id);
    if (before) return { job: await jobView(before, req.queue), created: false };
    if (req.children?.length) {
      await this.flowProducer().add({
        name: req.name,
        queueName: req.queue,
        data: req.data,
        opts: { ...this.opts, jobId: req.id },
        children: req.children.map((c) => ({
          name: c.name,
          queueName: c.queue,
          data: c.data,
          opts: { ...this.opts, jobId: c.id, failParentOnFailure: true },
        })),
      });
    } else {
      // Adding an existing id is a no-op in BullMQ (atomic in Redis): concurrent triggers give one job.
      await q.add(req.name, req.data, { jobId: req.id });
    }
    const stored = await q.getJob(req.id);
    if (!stored) throw new Error(`job ${req.id} vanished after being added`);
    // Two racing triggers both pass the check above; the one whose data was stored created the job.
    const mine = (req.data as { requested?: { requestId?: string } }).requested?.requestId;
    const theirs = (stored.data as { requested?: { requestId?: string } }).requested?.requestId;
    return { job: await jobView(stored, req.queue), created: mine === undefined || mine === theirs };
  }

  private async find(id: string): Promise<{ job: Job; queue: QueueName; state: string } | undefined> {
    const first = queueOfJobId(id);
    const order = first ? [first, ...QUEUES.filter((q) => q !== first)] : [...QUEUES];
    for (const name of order) {
      const state = await this.queue(name).getJobState(id);
      const job = state === 'unknown' ? undefined : await this.queue(name).getJob(id);
      if (job) return { job, queue: name, state };
      if (first) break; // ids are prefixed with their queue: no need to look elsewhere
    }
    return undefined;
  }

  async get(id: string): Promise<JobView | undefined> {
    return guard(
      'get',
      (async () => {
        const f = await this.find(id);
        return f ? jobView(f.job, f.queue, f.state) : undefined;
      })(),
    );
  }

  async list(filter: { queue?: QueueName; state?: JobState; limit?: number } = {}): Promise<JobView[]> {
    const limit = filter.limit ?? 100;
    const types = filter.state
      ? [filter.state]
      : ['waiting', 'active', 'delayed', 'waiting-children', 'prioritized', 'completed', 'failed'];
    return guard(
      'list',
      (async () => {
        const out: JobView[] = [];
        for (const name of filter.queue ? [filter.queue] : QUEUES) {
          const jobs = await this.queue(name).getJobs(types as never, 0, limit - 1);
          for (const j of jobs) if (j) out.push(await jobView(j, name));
        }
        return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
      })(),
    );
  }

  async retry(id: string): Promise<JobView> {
    return guard(
      'retry',
      (async () => {
        const f = await this.find(id);
        if (!f) throw new DomainError('NOT_FOUND', msg('api.no_job', { id }));
        const state = await f.job.getState();
        if (state !== 'failed') throw new DomainError('CONFLICT', notFailedMsg(id, state));
        await f.job.retry('failed', { resetAttemptsMade: true });
        return jobView((await this.queue(f.queue).getJob(id))!, f.queue);
      })(),
    );
  }

  async ping(): Promise<void> {
    await guard(
      'ping',
      (async () => {
        await this.queue('forecast').getJobCounts('waiting');
      })(),
      1500,
    );
  }

  async counts() {
    return guard(
      'counts',
      (async () => {
        const out = {} as Record<QueueName, Partial<Record<JobState, number>>>;
        for (const name of QUEUES) {
          out[name] = (await this.queue(name).getJobCounts(...BULL_STATES)) as Partial<
            Record<JobState, number>
          >;
        }
        return out;
      })(),
    );
  }

  async schedules(): Promise<ScheduleView[]> {
    return guard(
      'schedules',
      (async () => {
        const out: ScheduleView[] = [];
        for (const name of QUEUES) {
          for (const s of await this.queue(name).getJobSchedulers()) {
            out.push({
              id: s.key,
              queue: name,
              name: s.name,
              cron: s.pattern ?? '',
              tz: s.tz ?? 'UTC',
              ...(s.next ? { next: new Date(s.next).toISOString() } : {}),
            });
          }
        }
        return out;
      })(),
    );
  }

  async installSchedules(
    list: Array<{ id: string; queue: QueueName; name: string; cron: string; tz: string }>,
  ) {
    await guard(
      'schedule',
      (async () => {
        for (const s of list) {
          const q = this.queue(s.queue);
          if (s.cron === 'off') {
            await q.removeJobScheduler(s.id);
            continue;
          }
          // Upserting is idempotent: every API replica may call it at start; one scheduler results.
          await q.upsertJobScheduler(
            s.id,
            { pattern: s.cron, tz: s.tz },
            { name: s.name, data: { requested: { by: 'schedule', requestId: s.id } }, opts: this.opts },
          );
        }
      })(),
      10_000,
    );
  }

  onFinished(listener: (e: FinishedEvent) => void): void {
    if (!this.config.REDIS_URL) return;
    for (const name of QUEUES) {
      const ev = new QueueEvents(name, {
        connection: redisConnection(this.config.REDIS_URL, 'worker'),
        prefix: this.config.QUEUE_PREFIX,
      });
      ev.on('error', this.onError);
      const report = async (jobId: string, ok: boolean) => {
        try {
          const job = await this.queue(name).getJob(jobId);
          const seconds = job?.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : 0;
          listener({
            queue: name,
            name: job?.name ?? '',
            ok,
            seconds,
            ...(job?.parent ? { child: true } : {}),
          });
        } catch {
          // metrics are best effort
        }
      };
      ev.on('completed', ({ jobId }) => void report(jobId, true));
      ev.on('failed', ({ jobId }) => void report(jobId, false));
      this.events.push(ev);
    }
  }

  /** Closes the connections; when Redis is unreachable a clean close would wait forever, so it is forced. */
  async close(): Promise<void> {
    const clients: Array<{ close(): Promise<void>; disconnect(): Promise<void> }> = [
      ...this.events,
      ...this.queues.values(),
      ...(this.flows ? [this.flows] : []),
    ];
    await Promise.allSettled(
      clients.map(async (c) => {
        let timer: NodeJS.Timeout | undefined;
        const clean = c.close().then(() => true);
        const late = new Promise<boolean>((r) => {
          timer = setTimeout(() => r(false), 2000);
        });
        const ok = await Promise.race([clean, late]).catch(() => false);
        clearTimeout(timer);
        // disconnect() may itself wait for a connection that never comes: do not wait for it.
        if (!ok) void c.disconnect().catch(() => {});
      }),
    );
  }
}
