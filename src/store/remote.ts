/**
 * A store reached through a MessagePort (structured clone, plain data): each statement, transaction step
 * and, for job threads, each progress report and enqueue is one request answered by the thread that holds
 * the store. Used by the embedded store's own thread (pglite-thread.ts) and by job threads (jobs/thread.ts).
 */
import type { MessagePort } from 'node:worker_threads';
import { DomainError, type ErrorCode, isDomainError } from '../core/errors.ts';
import { type Msg, msg } from '../core/messages.ts';
import type { CopyData, CopyFormat, Db, Queryable } from './db.ts';

export type Op =
  | { op: 'query'; tx?: number; sql: string; params?: unknown[] }
  | { op: 'exec'; tx?: number; sql: string }
  | { op: 'copy'; tx?: number; table: string; columns: string[]; csv: CopyData; format?: CopyFormat }
  | { op: 'begin' }
  | { op: 'commit'; tx: number }
  | { op: 'rollback'; tx: number }
  | { op: 'progress'; pct: number; stage: string }
  | { op: 'enqueue'; req: unknown }
  | { op: 'children' }
  | { op: 'close' };

interface WireError {
  message: string;
  code?: string;
  details?: unknown[];
  msg?: Msg;
}

function toWire(err: unknown): WireError {
  const e = err as { message?: string; code?: unknown; details?: unknown; msg?: Msg };
  return {
    message: e?.message ?? String(err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(Array.isArray(e?.details) ? { details: e.details } : {}),
    ...(e?.msg ? { msg: e.msg } : {}),
  };
}

function fromWire(e: WireError): Error {
  if (isDomainError(e))
    return new DomainError(e.code as ErrorCode, e.msg ?? e.message, (e.details ?? []) as []);
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

/** Byte arrays cross as Uint8Array; the store and the use cases expect Buffers. */
export function buffers<T>(v: T): T {
  if (v instanceof Uint8Array && !Buffer.isBuffer(v))
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength) as T;
  if (Array.isArray(v)) return v.map(buffers) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const k of Object.keys(v))
      (v as Record<string, unknown>)[k] = buffers((v as Record<string, unknown>)[k]);
  }
  return v;
}

/**
 * Answers the store requests arriving on `port` with `db`; `extra` answers the others (a job's progress…).
 * When the port closes (the asking thread died or was terminated mid-job), its open transactions are rolled
 * back: nothing half-written is kept, and the store (whose transactions run one at a time) is free again.
 */
export function serveDb(
  port: MessagePort,
  db: Db,
  extra: (m: Op) => Promise<unknown> = async (m) => {
    throw new Error(`unknown request ${m.op}`);
  },
): void {
  const txs = new Map<number, { tx: Queryable; end: (commit: boolean) => void; done: Promise<unknown> }>();
  let nextTx = 1;
  const on = (tx?: number): Queryable => {
    if (tx === undefined) return db;
    const t = txs.get(tx);
    if (!t) throw new Error(`transaction ${tx} is not open`);
    return t.tx;
  };
  const handle = async (m: Op): Promise<unknown> => {
    switch (m.op) {
      case 'query':
        return on(m.tx).query(m.sql, buffers(m.params));
      case 'exec':
        return on(m.tx).exec(m.sql);
      case 'copy':
        return on(m.tx).copyCsv(m.table, m.columns, m.csv, m.format);
      case 'begin': {
        const id = nextTx++;
        return new Promise<number>((opened, failed) => {
          let end!: (commit: boolean) => void;
          const finished = new Promise<boolean>((r) => {
            end = r;
          });
          const done = db
            .transaction(async (tx) => {
              txs.set(id, { tx, end, done });
              opened(id);
              if (!(await finished)) throw new Error('rolled back');
            })
            .finally(() => txs.delete(id));
          done.catch(failed);
        });
      }
      case 'commit':
      case 'rollback': {
        const t = txs.get(m.tx);
        if (!t) throw new Error(`transaction ${m.tx} is not open`);
        t.end(m.op === 'commit');
        if (m.op === 'commit') await t.done;
        else await t.done.catch(() => {});
        return undefined;
      }
      default:
        return extra(m);
    }
  };
  port.once('close', () => {
    for (const t of txs.values()) t.end(false);
  });
  port.on('message', (m: { id: number } & Op) => {
    handle(m).then(
      (result) => port.postMessage({ id: m.id, ok: true, result }),
      (err) => port.postMessage({ id: m.id, ok: false, error: toWire(err) }),
    );
  });
}

/**
 * The asking side: requests on `port`, answered in any order. When the port closes (the answering thread
 * ended), the requests still waiting fail with STORE_UNAVAILABLE instead of waiting for ever.
 */
export function client(port: MessagePort) {
  let next = 0;
  let closed = false;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const gone = () => new DomainError('STORE_UNAVAILABLE', msg('store.thread_ended'));
  port.once('close', () => {
    closed = true;
    for (const p of pending.values()) p.reject(gone());
    pending.clear();
  });
  port.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: WireError }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!p) return;
    if (m.ok) p.resolve(buffers(m.result));
    else p.reject(fromWire(m.error!));
  });
  return <T>(op: Op): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) return reject(gone());
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      port.postMessage({ id, ...op }, handedOver(op));
    });
}

/**
 * The bytes a COPY hands over instead of cloning (a bulk import's batches, megabytes each): only a buffer the
 * bytes fill alone — a view into Node's shared small-buffer pool is cloned.
 */
function handedOver(op: Op): ArrayBuffer[] {
  if (op.op !== 'copy' || typeof op.csv === 'string') return [];
  const { buffer, byteOffset, byteLength } = op.csv;
  return buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength
    ? [buffer]
    : [];
}

export function remoteDb(
  call: ReturnType<typeof client>,
  kind: Db['kind'],
  close: () => Promise<void> = async () => {},
): Db {
  const on = (tx?: number): Queryable => ({
    query: <T>(sql: string, params?: unknown[]) => call<T[]>({ op: 'query', tx, sql, params }),
    exec: (sql: string) => call<void>({ op: 'exec', tx, sql }),
    copyCsv: (table: string, columns: string[], csv: CopyData, format?: CopyFormat) =>
      call<void>({ op: 'copy', tx, table, columns, csv, format }),
  });
  return {
    kind,
    ...on(),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const tx = await call<number>({ op: 'begin' });
      let result: T;
      try {
        result = await fn(on(tx));
      } catch (err) {
        await call({ op: 'rollback', tx }).catch(() => {});
        throw err;
      }
      await call({ op: 'commit', tx });
      return result;
    },
    close,
  };
}
