import { availableParallelism } from 'node:os';
import { type Transferable, Worker } from 'node:worker_threads';
import { DomainError, type ErrorCode, isDomainError } from '../core/errors.ts';
import { type Msg, msg } from '../core/messages.ts';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Queued {
  fn: string;
  args: unknown[];
  p: Pending;
  transfer?: Transferable[];
}

export interface WorkerPoolOptions {
  /**
   * Linux nice value (0–19) of the pool's threads, set by each thread on itself (a thread's nice value is its
   * own on Linux, and threads it starts inherit it): the threads then take the CPU only when the process's
   * other threads (the API's event loop, the store's thread) leave it. Ignored on other systems, where a
   * process's priority cannot be set per thread.
   */
  nice?: number;
  /** The threads' young generation (MB), for a thread that allocates short-lived objects at a high rate. */
  youngGenerationMb?: number;
}

/** The error of a call whose worker thread died under it (a crash, an out-of-memory abort, process.exit). */
export class WorkerExitedError extends Error {
  readonly code = 'WORKER_EXITED';
  readonly msg: Msg;
  constructor(
    readonly exitCode: number | undefined,
    cause?: unknown,
  ) {
    const m = msg('job.worker_exited', {
      code: exitCode ?? '?',
      error: cause instanceof Error ? cause.message : cause === undefined ? '—' : String(cause),
    });
    super(
      `worker thread exited (code ${exitCode ?? '?'})${cause instanceof Error ? `: ${cause.message}` : ''}`,
    );
    this.msg = m;
  }
}

/**
 * A fixed pool of worker threads that call the exports of one TypeScript module.
 * Pure core functions are CPU-bound; this spreads them over the machine's cores.
 * Arguments and results cross threads by structured clone: keep them plain data.
 * A worker that dies (uncaught error, out of memory, `process.exit`) fails the call it was running with
 * {@link WorkerExitedError} and is replaced by a fresh one, so the pool keeps its size.
 */
export class WorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly queue: Queued[] = [];
  /** The call each busy worker runs. */
  private readonly busy = new Map<Worker, { id: number; p: Pending }>();
  private nextId = 0;
  private readonly ready: Promise<void>;
  private closing = false;
  /** Workers started to replace dead ones (for tests and logs). */
  replaced = 0;

  /** @param moduleUrl absolute file URL of the module whose exports the workers call */
  constructor(
    private readonly moduleUrl: string | URL,
    readonly size = Math.max(1, availableParallelism()),
    private readonly opts: WorkerPoolOptions = {},
  ) {
    const readies: Promise<void>[] = [];
    for (let i = 0; i < size; i++) readies.push(this.start());
    this.ready = Promise.all(readies).then(() => this.drain());
  }

  /** Starts one worker; it joins the idle list once it has loaded the module. */
  private start(): Promise<void> {
    const entry = new URL('./worker-entry.mjs', import.meta.url);
    const w = new Worker(entry, {
      workerData: { module: String(this.moduleUrl), nice: this.opts.nice ?? 0 },
      ...(this.opts.youngGenerationMb
        ? { resourceLimits: { maxYoungGenerationSizeMb: this.opts.youngGenerationMb } }
        : {}),
    });
    this.workers.add(w);
    let loaded = false;
    const ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: { ready?: boolean }) => {
        if (!m?.ready) return;
        w.off('message', onReady);
        loaded = true;
        this.idle.push(w);
        resolve();
      };
      w.on('message', onReady);
      w.once('exit', (code) => {
        if (!loaded) reject(new WorkerExitedError(code));
      });
    });
    w.on('message', (m: { id?: number; ok?: boolean; result?: unknown; error?: WireError }) => {
      if (m.id === undefined) return;
      const call = this.busy.get(w);
      if (!call || call.id !== m.id) return;
      this.busy.delete(w);
      this.idle.push(w);
      if (m.ok) call.p.resolve(m.result);
      else call.p.reject(fromWire(m.error!));
      this.drain();
    });
    let failure: unknown;
    w.on('error', (err) => {
      failure = err;
    });
    w.once('exit', (code) => {
      this.workers.delete(w);
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
      const call = this.busy.get(w);
      this.busy.delete(w);
      call?.p.reject(new WorkerExitedError(code, failure));
      // A worker that died after it had loaded is replaced; one that cannot load fails `ready` instead.
      if (!this.closing && loaded) {
        this.replaced++;
        this.start().then(
          () => this.drain(),
          (err) => this.failQueued(err),
        );
      }
    });
    return ready;
  }

  private failQueued(err: unknown): void {
    if (this.workers.size > 0) return;
    for (const job of this.queue.splice(0)) job.p.reject(err);
  }

  private drain(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      this.busy.set(w, { id, p: job.p });
      w.postMessage({ id, fn: job.fn, args: job.args }, job.transfer);
    }
  }

  private push(job: Queued): void {
    if (this.closing) {
      job.p.reject(new Error('the worker pool is closed'));
      return;
    }
    this.queue.push(job);
    void this.ready.then(
      () => this.drain(),
      (err) => {
        const i = this.queue.indexOf(job);
        if (i >= 0) this.queue.splice(i, 1);
        job.p.reject(err);
      },
    );
  }

  /** Calls export `fn` of the module in a free worker. */
  run<T>(fn: string, ...args: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.push({ fn, args, p: { resolve: resolve as (v: unknown) => void, reject } });
    });
  }

  /** Like `run`, moving `transfer` (e.g. a MessagePort among the arguments) to the worker. */
  runTransfer<T>(fn: string, args: unknown[], transfer: Transferable[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.push({ fn, args, transfer, p: { resolve: resolve as (v: unknown) => void, reject } });
    });
  }

  /** Runs `fn` once per item, results in input order. */
  map<I, T>(fn: string, items: I[]): Promise<T[]> {
    return Promise.all(items.map((item) => this.run<T>(fn, item)));
  }

  /** The thread ids of the live workers (for tests). */
  threadIds(): number[] {
    return [...this.workers].map((w) => w.threadId);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.queue.splice(0)) job.p.reject(new Error('the worker pool is closed'));
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }
}

interface WireError {
  message: string;
  code?: string;
  details?: [];
  msg?: Msg;
}

function fromWire(e: WireError): Error {
  return isDomainError(e)
    ? new DomainError(e.code as ErrorCode, e.msg ?? e.message, e.details ?? [])
    : Object.assign(new Error(e.message), e.code ? { code: e.code } : {}, e.msg ? { msg: e.msg } : {});
}
