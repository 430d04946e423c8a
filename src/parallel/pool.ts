import { availableParallelism } from 'node:os';
import { type Transferable, Worker } from 'node:worker_threads';
import { DomainError, type ErrorCode, isDomainError } from '../core/errors.ts';
import type { Msg } from '../core/messages.ts';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * A fixed pool of worker threads that call the exports of one TypeScript module.
 * Pure core functions are CPU-bound; this spreads them over the machine's cores.
 * Arguments and results cross threads by structured clone: keep them plain data.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ fn: string; args: unknown[]; p: Pending; transfer?: Transferable[] }> = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;
  private readonly ready: Promise<void>;

  /** @param moduleUrl absolute file URL of the module whose exports the workers call */
  constructor(
    moduleUrl: string | URL,
    readonly size = Math.max(1, availableParallelism()),
  ) {
    const entry = new URL('./worker-entry.mjs', import.meta.url);
    const readies: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const w = new Worker(entry, { workerData: { module: String(moduleUrl) } });
      this.workers.push(w);
      readies.push(
        new Promise((resolve, reject) => {
          const onReady = (m: { ready?: boolean }) => {
            if (m?.ready) {
              w.off('message', onReady);
              resolve();
            }
          };
          w.on('message', onReady);
          w.once('error', reject);
        }),
      );
      w.on(
        'message',
        (m: {
          id?: number;
          ok?: boolean;
          result?: unknown;
          error?: { message: string; code?: string; details?: []; msg?: Msg };
        }) => {
          if (m.id === undefined) return;
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          this.busy.delete(w);
          this.idle.push(w);
          if (p) {
            if (m.ok) p.resolve(m.result);
            else {
              const e = m.error!;
              p.reject(
                isDomainError(e)
                  ? new DomainError(e.code as ErrorCode, e.msg ?? e.message, e.details ?? [])
                  : Object.assign(new Error(e.message), e.code ? { code: e.code } : {}),
              );
            }
          }
          this.drain();
        },
      );
      w.on('error', (err) => {
        const id = this.busy.get(w);
        if (id !== undefined) this.pending.get(id)?.reject(err);
      });
    }
    this.ready = Promise.all(readies).then(() => {
      this.idle.push(...this.workers);
      this.drain();
    });
  }

  private drain(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      this.pending.set(id, job.p);
      this.busy.set(w, id);
      w.postMessage({ id, fn: job.fn, args: job.args }, job.transfer);
    }
  }

  /** Calls export `fn` of the module in a free worker. */
  run<T>(fn: string, ...args: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, args, p: { resolve: resolve as (v: unknown) => void, reject } });
      void this.ready.then(() => this.drain(), reject);
    });
  }

  /** Like `run`, moving `transfer` (e.g. a MessagePort among the arguments) to the worker. */
  runTransfer<T>(fn: string, args: unknown[], transfer: Transferable[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, args, transfer, p: { resolve: resolve as (v: unknown) => void, reject } });
      void this.ready.then(() => this.drain(), reject);
    });
  }

  /** Runs `fn` once per item, results in input order. */
  map<I, T>(fn: string, items: I[]): Promise<T[]> {
    return Promise.all(items.map((item) => this.run<T>(fn, item)));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
