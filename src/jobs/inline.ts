import type { Config } from '../config.ts';
import { DomainError } from '../core/errors.ts';
import { type Msg, msg, render } from '../core/messages.ts';
import type { Logger } from '../logger.ts';
import { WorkerPool } from '../parallel/pool.ts';
import type { Db } from '../store/db.ts';
import { listJobViews, pruneFinishedJobs, saveJobState } from '../store/job-history-repo.ts';
import type { Stage } from '../usecases/progress.ts';
import { cronFiresAt, nextCronRun, parseCron, tzOffsetMinutes } from './cron.ts';
import { decodeJobError, execute, JobFailure } from './run.ts';
import { notFailedMsg } from './stages.ts';
import { jobChannel, serveJobPort, type ThreadJob } from './thread.ts';
import {
  type Enqueued,
  type EnqueueRequest,
  type FinishedEvent,
  type JobRunner,
  type JobState,
  type JobView,
  type Processor,
  type Processors,
  QUEUES,
  type QueueName,
  type ScheduleView,
} from './types.ts';

/** An error's text in English (a catalogue message rendered, core/messages.ts). */
const textOf = (m: Msg | string | undefined) =>
  m === undefined ? '' : typeof m === 'string' ? m : render(m, 'en');

interface InlineJob {
  view: JobView;
  pendingChildren: Set<string>;
}

const QUEUED: Stage = 'queued';
const DONE: Stage = 'done';

/** Finished jobs kept in memory for the job API (the oldest are dropped). */
const KEEP_FINISHED = 2000;

/**
 * Runs the queues' processors in this process when there is no Redis, with the job API of BullMQ:
 * deterministic ids, status, progress, result, retries with exponential backoff, permanent failures by
 * error code, flows (children then parent) and cron schedules. One job at a time per queue: the embedded
 * store is single-threaded anyway. Every state change is also written to the store's `job_history`, so a
 * restart still lists the jobs, answers a repeated trigger with the existing job, and runs again the jobs
 * it interrupted (their processors write idempotently). Progress is kept in memory only.
 */
export class InlineRunner implements JobRunner {
  readonly kind = 'inline' as const;
  private readonly jobs = new Map<string, InlineJob>();
  private readonly ready: Record<QueueName, string[]> = {
    import: [],
    forecast: [],
    plan: [],
    simulate: [],
    alerts: [],
  };
  private readonly running = new Map<QueueName, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners: Array<(e: FinishedEvent) => void> = [];
  private scheduleList: Array<{ id: string; queue: QueueName; name: string; cron: string; tz: string }> = [];
  private scheduleTimer?: NodeJS.Timeout;
  private lastFired = new Map<string, number>();
  private closed = false;
  /** History read back from the store; every public method waits for it. */
  private readonly restored: Promise<void>;
  /** Writes to job_history, one after another so that the last state written is the last state reached. */
  private writes: Promise<void> = Promise.resolve();

  /** Worker threads the processors run in (thread.ts), started at the first job; none: in this thread. */
  private pool?: WorkerPool;

  /**
   * @param deps.threads run the processors (the default PROCESSORS only: functions cannot cross threads) in
   *   that many worker threads, as a BullMQ worker process would, so that job work never blocks the API's
   *   event loop; 0 or absent: in this thread (tests with their own processors).
   */
  constructor(
    private readonly deps: {
      db: Db;
      config: Config;
      logger: Logger;
      processors: Processors;
      threads?: number;
    },
  ) {
    this.restored = this.restore();
  }

  /** The processor as run in a worker thread: the store, progress and enqueue reached through a port. */
  private threaded(): Processor {
    // Below the API's priority (JOB_THREAD_NICE): on a busy machine the event loop and the store's thread,
    // which answer the reads, take the CPU first; the jobs use what they leave.
    this.pool ??= new WorkerPool(new URL('./thread.ts', import.meta.url), this.deps.threads, {
      nice: this.deps.config.JOB_THREAD_NICE,
    });
    const pool = this.pool;
    return async (data, ctx) => {
      const { mine, theirs } = jobChannel();
      serveJobPort(mine, ctx);
      const job: ThreadJob = {
        queue: ctx.job.queue,
        name: ctx.job.name,
        data,
        job: ctx.job,
        config: { ...ctx.config },
        dbKind: ctx.db.kind,
        port: theirs,
      };
      try {
        return await pool.runTransfer('runJob', [job], [theirs]);
      } finally {
        mine.close();
      }
    };
  }

  async enqueue(req: EnqueueRequest, parent?: string): Promise<Enqueued> {
    await this.restored;
    if (this.closed) throw new DomainError('QUEUE_UNAVAILABLE', msg('job.shutting_down'));
    const existing = this.jobs.get(req.id);
    if (existing) return { job: structuredClone(existing.view), created: false };
    const job: InlineJob = {
      view: {
        id: req.id,
        queue: req.queue,
        name: req.name,
        state: req.children?.length ? 'waiting-children' : 'waiting',
        progress: { pct: 0, stage: QUEUED },
        attempts: 0,
        maxAttempts: this.deps.config.JOB_ATTEMPTS,
        data: structuredClone(req.data),
        createdAt: new Date().toISOString(),
        ...(parent ? { parent } : {}),
        ...(req.children?.length ? { children: req.children.map((c) => c.id) } : {}),
      },
      pendingChildren: new Set(req.children?.map((c) => c.id) ?? []),
    };
    this.jobs.set(req.id, job);
    this.persist(job.view);
    for (const child of req.children ?? []) {
      const { job: c } = await this.enqueue(child, req.id);
      if (c.state === 'completed') job.pendingChildren.delete(c.id);
    }
    if (job.view.state === 'waiting-children' && job.pendingChildren.size === 0) {
      job.view.state = 'waiting';
      this.persist(job.view);
    }
    if (job.view.state === 'waiting') this.push(req.queue, req.id);
    this.prune();
    return { job: structuredClone(job.view), created: true };
  }

  async get(id: string): Promise<JobView | undefined> {
    await this.restored;
    const j = this.jobs.get(id);
    return j ? structuredClone(j.view) : undefined;
  }

  async list(filter: { queue?: QueueName; state?: JobState; limit?: number } = {}): Promise<JobView[]> {
    await this.restored;
    return [...this.jobs.values()]
      .map((j) => j.view)
      .filter(
        (v) => (!filter.queue || v.queue === filter.queue) && (!filter.state || v.state === filter.state),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, filter.limit ?? 100)
      .map((v) => structuredClone(v));
  }

  async retry(id: string): Promise<JobView> {
    await this.restored;
    const j = this.jobs.get(id);
    if (!j) throw new DomainError('NOT_FOUND', msg('api.no_job', { id }));
    if (j.view.state !== 'failed') throw new DomainError('CONFLICT', notFailedMsg(id, j.view.state));
    j.view.state = 'waiting';
    j.view.attempts = 0;
    j.view.error = undefined;
    j.view.finishedAt = undefined;
    j.view.progress = { pct: 0, stage: QUEUED };
    this.persist(j.view);
    this.push(j.view.queue, id);
    return structuredClone(j.view);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new DomainError('QUEUE_UNAVAILABLE', msg('job.shutting_down'));
  }

  async counts() {
    await this.restored;
    const out = Object.fromEntries(QUEUES.map((q) => [q, {}])) as Record<
      QueueName,
      Partial<Record<JobState, number>>
    >;
    for (const { view } of this.jobs.values()) {
      const c = out[view.queue];
      c[view.state] = (c[view.state] ?? 0) + 1;
    }
    return out;
  }

  async schedules(): Promise<ScheduleView[]> {
    const now = Date.now();
    return this.scheduleList.map((s) => {
      const next = nextCronRun(s.cron, s.tz, now);
      return { ...s, ...(next ? { next: new Date(next).toISOString() } : {}) };
    });
  }

  async installSchedules(
    list: Array<{ id: string; queue: QueueName; name: string; cron: string; tz: string }>,
  ) {
    for (const s of list) if (s.cron !== 'off') parseCron(s.cron);
    this.scheduleList = list.filter((s) => s.cron !== 'off');
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    if (this.scheduleList.length === 0) return;
    // Checked every 20 s; each schedule fires at most once per matching minute.
    this.scheduleTimer = setInterval(() => this.tick(Date.now()), 20_000);
    this.scheduleTimer.unref();
  }

  /** Fires the schedules whose cron matches the minute of `nowMs` (exposed for tests). */
  tick(nowMs: number): void {
    for (const s of this.scheduleList) {
      const minuteStart = Math.floor(nowMs / 60_000) * 60_000;
      const minute = Math.floor((minuteStart + tzOffsetMinutes(s.tz, nowMs) * 60_000) / 60_000);
      if (this.lastFired.get(s.id) === minute || !cronFiresAt(s.cron, s.tz, minuteStart)) continue;
      this.lastFired.set(s.id, minute);
      const stamp = new Date(minute * 60_000).toISOString().slice(0, 16).replace(/[:T]/g, '-');
      void this.enqueue({
        queue: s.queue,
        name: s.name,
        id: `${s.queue}-${s.id}-${stamp}`,
        data: { requested: { by: 'schedule', requestId: s.id } },
      }).catch((err) => this.deps.logger.error({ err, schedule: s.id }, 'scheduled job not enqueued'));
    }
  }

  onFinished(listener: (e: FinishedEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Stops taking jobs and waits for the running ones to finish (graceful drain). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const q of QUEUES) this.ready[q].length = 0;
    await this.restored;
    await Promise.allSettled([...this.running.values()]);
    await this.writes;
    await this.pool?.close();
  }

  /** Writes a job's state to the store, after the writes before it; a failed write is logged, not thrown. */
  private persist(v: JobView): void {
    // Serialised now: the view goes on changing while the write waits its turn.
    const job = { id: v.id, queue: v.queue, state: v.state, viewJson: JSON.stringify(v) };
    this.writes = this.writes.then(() =>
      saveJobState(this.deps.db, job).then(
        () => undefined,
        (err) => this.deps.logger.warn({ err, job: v.id }, 'job state not written to the store'),
      ),
    );
  }

  /**
   * Reads the jobs of earlier runs (the newest KEEP_FINISHED finished ones, and every unfinished one). A job
   * that was waiting, active or waiting for a retry when the process stopped is queued again, keeping its
   * attempts; a parent waits for the children that have not completed.
   */
  private async restore(): Promise<void> {
    let rows: Array<{ view: JobView }>;
    try {
      await pruneFinishedJobs(this.deps.db, KEEP_FINISHED);
      rows = (await listJobViews<JobView>(this.deps.db)).map((view) => ({ view }));
    } catch (err) {
      this.deps.logger.warn({ err }, 'job history not read: starting with none');
      return;
    }
    const again: JobView[] = [];
    for (const { view } of rows) {
      if (view.state === 'waiting' || view.state === 'active' || view.state === 'delayed') {
        view.state = 'waiting';
        view.progress = { pct: 0, stage: QUEUED };
        view.startedAt = undefined;
        again.push(view);
      }
      this.jobs.set(view.id, { view, pendingChildren: new Set() });
    }
    for (const { view, pendingChildren } of this.jobs.values())
      if (view.state === 'waiting-children')
        for (const c of view.children ?? [])
          if (this.jobs.get(c)?.view.state !== 'completed') pendingChildren.add(c);
    if (rows.length)
      this.deps.logger.info(
        { jobs: rows.length, requeued: again.length },
        'job history read back from the store',
      );
    for (const v of again.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      this.persist(v);
      this.push(v.queue, v.id);
    }
  }

  private push(queue: QueueName, id: string) {
    this.ready[queue].push(id);
    if (!this.running.has(queue)) {
      const loop = this.drain(queue).finally(() => this.running.delete(queue));
      this.running.set(queue, loop);
    }
  }

  private async drain(queue: QueueName): Promise<void> {
    // Start on a later turn so that enqueue() returns the job as waiting.
    await new Promise((r) => setImmediate(r));
    for (
      let id = this.ready[queue].shift();
      id !== undefined && !this.closed;
      id = this.ready[queue].shift()
    ) {
      const j = this.jobs.get(id);
      if (j && j.view.state === 'waiting') await this.runOne(j);
    }
  }

  private async runOne(j: InlineJob): Promise<void> {
    const v = j.view;
    const own = this.deps.processors[v.queue];
    const processor = own && this.deps.threads ? this.threaded() : own;
    v.state = 'active';
    v.attempts++;
    v.startedAt = new Date().toISOString();
    this.persist(v);
    const started = performance.now();
    try {
      if (!processor) throw new DomainError('NOT_AVAILABLE', msg('job.no_processor', { queue: v.queue }));
      const result = await execute(processor, structuredClone(v.data), {
        db: this.deps.db,
        config: this.deps.config,
        logger: this.deps.logger,
        job: { id: v.id, name: v.name, queue: v.queue, attempt: v.attempts },
        progress: async (pct, stage) => {
          v.progress = { pct: Math.max(0, Math.min(100, Math.round(pct))), stage };
        },
        enqueue: (req) => this.enqueue(req),
        childResults: async () =>
          Object.fromEntries(
            (v.children ?? [])
              .map((c) => [c, this.jobs.get(c)?.view.result])
              .filter(([, r]) => r !== undefined),
          ),
      });
      v.state = 'completed';
      v.result = result;
      v.progress = { pct: 100, stage: v.progress.stage === QUEUED ? DONE : v.progress.stage };
      v.finishedAt = new Date().toISOString();
      this.persist(v);
      this.emit(v, true, started);
      this.childDone(v);
    } catch (err) {
      const failure = err instanceof JobFailure ? err : new JobFailure(String(err), false, err);
      v.error = decodeJobError(failure.reason);
      if (!failure.permanent && v.attempts < v.maxAttempts && !this.closed) {
        v.state = 'delayed';
        this.persist(v);
        const delay = this.deps.config.JOB_BACKOFF_MS * 2 ** (v.attempts - 1);
        const t = setTimeout(() => {
          this.timers.delete(t);
          v.state = 'waiting';
          this.persist(v);
          this.push(v.queue, v.id);
        }, delay);
        this.timers.add(t);
        return;
      }
      v.state = 'failed';
      v.finishedAt = new Date().toISOString();
      this.persist(v);
      this.emit(v, false, started);
      this.childFailed(v);
    }
  }

  private childDone(v: JobView) {
    const parent = v.parent ? this.jobs.get(v.parent) : undefined;
    if (!parent) return;
    parent.pendingChildren.delete(v.id);
    if (parent.pendingChildren.size === 0 && parent.view.state === 'waiting-children') {
      parent.view.state = 'waiting';
      this.persist(parent.view);
      this.push(parent.view.queue, parent.view.id);
    }
  }

  /** A child that failed for good fails its parent (BullMQ `failParentOnFailure`). */
  private childFailed(v: JobView) {
    const parent = v.parent ? this.jobs.get(v.parent) : undefined;
    if (parent?.view.state !== 'waiting-children') return;
    parent.view.state = 'failed';
    parent.view.finishedAt = new Date().toISOString();
    parent.view.error = {
      code: 'CHILD_FAILED',
      message: `child job ${v.id} failed: ${textOf(v.error?.message)}`,
    };
    this.persist(parent.view);
    this.emit(parent.view, false, performance.now());
  }

  private emit(v: JobView, ok: boolean, started: number) {
    const e = {
      queue: v.queue,
      name: v.name,
      ok,
      seconds: (performance.now() - started) / 1000,
      ...(v.parent ? { child: true } : {}),
    };
    for (const l of this.listeners) l(e);
  }

  private prune() {
    if (this.jobs.size <= KEEP_FINISHED) return;
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= KEEP_FINISHED) break;
      if (j.view.state === 'completed' || j.view.state === 'failed') this.jobs.delete(id);
    }
  }
}
