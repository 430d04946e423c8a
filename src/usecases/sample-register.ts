import { parentPort, Worker } from 'node:worker_threads';
import { WorkCalendar } from '../core/calendar/calendar.ts';
import type { Logger } from '../logger.ts';
import { buildHistoryModel, type HistoryModel, historyRows } from '../sample/history.ts';
import { buildRegisterModel, type RegisterDay, registerDays } from '../sample/register.ts';
import type { DailyVolume, Point } from '../schemas/domain.ts';
import { BinaryCopy } from '../store/copy-bytes.ts';
import type { Db } from '../store/db.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadProceduresModel,
  loadStaffingModel,
} from '../store/model-files.ts';
import {
  asyncCommit,
  buildSampleRegisterAggregates,
  copyBinary,
  copyRows,
  createIndexes,
  dropIndexes,
  type IndexDef,
  primaryKeys,
  registerTablesEmpty,
  secondaryIndexes,
  tableExists,
} from '../store/register-bulk-repo.ts';
import {
  DOSSIER_COPY_COLUMNS,
  encodeSampleDossier,
  TICKET_COPY_COLUMNS,
  ticketCopyLine,
} from '../store/register-copy.ts';
import { volumesToCsv } from '../store/volumes-repo.ts';

/**
 * The generated sample, streamed from a worker thread: the daily history (sample/history.ts) and the register
 * that disaggregates it (sample/register.ts), as COPY chunks, while this thread writes them into PGlite (or
 * PostgreSQL) — PGlite runs in this thread, so generating elsewhere leaves it the COPY alone. The register
 * goes into empty `dossiers` / `tickets` tables, their secondary indexes dropped during the load and built
 * once at the end.
 */

export interface RegisterSpec {
  points: Point[];
  until: string;
  seed: number;
  modelsDir?: string;
  /** first day of the history model (the daily history's first day: the same model, the same counts) */
  historyFrom: string;
}

/** What the sample worker streams: the daily history `historyFrom`…`until`, then the register of it. */
export interface SampleStreamSpec extends RegisterSpec {
  history: boolean;
  register: boolean;
  /** history rows per chunk */
  historyChunkRows?: number;
}

/** Dossiers per COPY chunk (≈ 4 MB of CSV). */
const CHUNK_ROWS = 20_000;
/** Messages the worker may run ahead of the COPY (memory bound: ≈ 16 × 4 MB). */
const AHEAD = 16;

export interface Chunk {
  /** binary COPY rows (copy-bytes.ts): the server parses no dates or times — see BinaryCopy */
  dossiers: Uint8Array;
  tickets: string;
  rows: number;
  ticketRows: number;
}

type StreamMessage = { volumes: string; rows: number } | { chunk: Chunk };
/** What parallel/worker-entry.mjs posts besides the stream: ready, then the call's result. */
type WorkerMessage =
  | StreamMessage
  | { ready: true }
  | { id: number; ok: boolean; error?: { message: string } };

function* chunksOf(days: Iterable<RegisterDay>): Generator<Chunk> {
  const dossiers = new BinaryCopy();
  let tickets = '';
  let rows = 0;
  let ticketRows = 0;
  for (const day of days) {
    for (const d of day.dossiers) encodeSampleDossier(dossiers, d);
    for (const t of day.tickets) tickets += ticketCopyLine(t);
    rows += day.dossiers.length;
    ticketRows += day.tickets.length;
    if (rows >= CHUNK_ROWS) {
      yield { dossiers: dossiers.take(), tickets, rows, ticketRows };
      tickets = '';
      rows = 0;
      ticketRows = 0;
    }
  }
  if (rows > 0 || ticketRows > 0) yield { dossiers: dossiers.take(), tickets, rows, ticketRows };
}

function models(spec: RegisterSpec) {
  return {
    calendar: new WorkCalendar(loadCalendarModel(spec.modelsDir)),
    staffingModel: loadStaffingModel(spec.modelsDir),
    fieldsModel: loadFieldsModel(spec.modelsDir),
  };
}

function modelOf(spec: RegisterSpec, history?: HistoryModel) {
  return buildRegisterModel({
    points: spec.points,
    until: spec.until,
    seed: spec.seed,
    ...models(spec),
    procedures: loadProceduresModel(spec.modelsDir).procedures,
    historyFrom: spec.historyFrom,
    history,
  });
}

/**
 * Worker side (called through parallel/worker-entry.mjs): builds the history model once, posts the daily
 * history as `{ volumes }` COPY chunks (daily_volumes layout) when asked, then the register as `{ chunk }`
 * messages; waits while it is `AHEAD` messages in front of the consumer, which counts the messages it has
 * written in `progress[0]`.
 */
export function streamSample(spec: SampleStreamSpec, control: SharedArrayBuffer): { messages: number } {
  const progress = new Int32Array(control);
  let sent = 0;
  const post = (m: StreamMessage) => {
    parentPort!.postMessage(m);
    sent++;
    while (sent - Atomics.load(progress, 0) >= AHEAD)
      Atomics.wait(progress, 0, Atomics.load(progress, 0), 500);
  };
  const history = buildHistoryModel({
    points: spec.points,
    from: spec.historyFrom,
    until: spec.until,
    seed: spec.seed,
    ...models(spec),
  });
  if (spec.history) {
    const size = spec.historyChunkRows ?? 25_000;
    let batch: DailyVolume[] = [];
    for (const row of historyRows(history, spec.historyFrom, spec.until)) {
      batch.push(row);
      if (batch.length >= size) {
        post({ volumes: volumesToCsv(batch), rows: batch.length });
        batch = [];
      }
    }
    if (batch.length) post({ volumes: volumesToCsv(batch), rows: batch.length });
  }
  if (spec.register) for (const chunk of chunksOf(registerDays(modelOf(spec, history)))) post({ chunk });
  return { messages: sent };
}

/**
 * The main-thread end of the sample worker: `volumes()` yields the history chunks, `register()` the register
 * chunks that follow. The worker starts on the first read; `close()` stops it.
 */
export class SampleStream {
  private worker?: Worker;
  private readonly progress = new Int32Array(new SharedArrayBuffer(4));
  private readonly queue: StreamMessage[] = [];
  private done = false;
  private failure?: Error;
  private wake?: () => void;

  constructor(readonly spec: SampleStreamSpec) {}

  private start(): void {
    if (this.worker || this.done) return;
    const w = new Worker(new URL('../parallel/worker-entry.mjs', import.meta.url), {
      workerData: { module: new URL('./sample-register.ts', import.meta.url).href },
    });
    // A caller that never reads the register (history only) must not keep the process alive.
    w.unref();
    this.worker = w;
    const notify = () => {
      this.wake?.();
      this.wake = undefined;
    };
    w.on('message', (m: WorkerMessage) => {
      if ('ready' in m) w.postMessage({ id: 1, fn: 'streamSample', args: [this.spec, this.progress.buffer] });
      else if ('volumes' in m || 'chunk' in m) this.queue.push(m);
      else if (m.id === 1) {
        this.done = true;
        if (!m.ok) this.failure = new Error(`sample worker: ${m.error?.message}`);
      }
      notify();
    });
    w.on('error', (err) => {
      this.failure = err;
      this.done = true;
      notify();
    });
  }

  /** The next message, left in the queue until `consumed()`; undefined at the end. */
  private async peek(): Promise<StreamMessage | undefined> {
    this.start();
    for (;;) {
      const next = this.queue[0];
      if (next) return next;
      if (this.failure) throw this.failure;
      if (this.done) return undefined;
      // Keep the process alive only while someone waits for the worker.
      this.worker?.ref();
      await new Promise<void>((r) => {
        this.wake = r;
      });
      this.worker?.unref();
    }
  }

  private consumed(): void {
    this.queue.shift();
    Atomics.add(this.progress, 0, 1);
    Atomics.notify(this.progress, 0);
  }

  /** The daily history chunks (stops at the first register chunk). */
  async *volumes(): AsyncGenerator<{ csv: string; rows: number }> {
    for (let m = await this.peek(); m && 'volumes' in m; m = await this.peek()) {
      yield { csv: m.volumes, rows: m.rows };
      this.consumed();
    }
  }

  /** The register chunks (history chunks not read are skipped). */
  async *register(): AsyncGenerator<Chunk> {
    for (let m = await this.peek(); m; m = await this.peek()) {
      if ('chunk' in m) yield m.chunk;
      this.consumed();
    }
  }

  async close(): Promise<void> {
    this.done = true;
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

export interface RegisterLoadResult {
  dossiers: number;
  tickets: number;
  /** register days whose daily volumes now come from the register (register_volumes) */
  days: number;
  seconds: number;
  /** wall-clock split: waiting for generated chunks, COPY, building the indexes, the daily volumes */
  waitSeconds: number;
  copySeconds: number;
  indexSeconds: number;
  refreshSeconds: number;
}

/**
 * The indexes a sample register load drops and builds back: the secondary indexes and the primary keys of
 * `dossiers` and `tickets`, with `recorded` (those a load interrupted before it built them back noted in its
 * marker) added where they are missing.
 */
export async function registerLoadIndexes(db: Db, recorded: readonly IndexDef[] = []): Promise<IndexDef[]> {
  const found = [
    ...(await primaryKeys(db, ['dossiers', 'tickets'])),
    ...(await secondaryIndexes(db, 'dossiers')),
    ...(await secondaryIndexes(db, 'tickets')),
  ];
  const names = new Set(found.map((d) => d.name));
  return [...found, ...recorded.filter((d) => !names.has(d.name))];
}

/**
 * Loads the sample register into empty `dossiers` / `tickets` tables — the chunks of a `SampleStream` (the
 * worker thread), or generated in this thread — then derives the register's daily aggregates, daily volumes
 * and coverage: the report's quarter and the last 90 days (two spans per point) are read from the register,
 * which equals the daily counts for received dossiers, and the days between from the daily counts. The primary keys and secondary indexes are dropped during the COPY and built once at the
 * end (measured on 1,300,000 sample dossiers: see `buildSampleRegisterAggregates`); a caller that recorded
 * `indexes` (the load's marker) passes them and leaves them to its next start when the load fails, else they
 * are built back before the error is thrown.
 * @returns counts, or undefined when the store has no register tables or they already hold rows
 */
export async function loadSampleRegister(
  db: Db,
  spec: RegisterSpec,
  opts: {
    /** the register chunks (default: generated in this thread) */
    source?: AsyncIterable<Chunk> | Iterable<Chunk>;
    history?: HistoryModel;
    logger?: Logger;
    signal?: AbortSignal;
    /** the indexes to drop and build back, recorded by the caller (default: `registerLoadIndexes`) */
    indexes?: IndexDef[];
  } = {},
): Promise<RegisterLoadResult | undefined> {
  if (!(await tableExists(db, 'dossiers')) || !(await tableExists(db, 'tickets'))) return undefined;
  if (!(await registerTablesEmpty(db))) return undefined;
  const started = performance.now();
  const indexes = opts.indexes ?? (await registerLoadIndexes(db));
  await dropIndexes(db, indexes);
  let dossiers = 0;
  let tickets = 0;
  let wait = 0;
  let copy = 0;
  let mark = performance.now();
  try {
    const source = opts.source ?? chunksOf(registerDays(modelOf(spec, opts.history)));
    for await (const chunk of source) {
      const got = performance.now();
      wait += got - mark;
      await db.transaction(async (tx) => {
        await asyncCommit(tx);
        if (chunk.rows > 0) await copyBinary(tx, 'dossiers', [...DOSSIER_COPY_COLUMNS], chunk.dossiers);
        await copyRows(tx, 'tickets', [...TICKET_COPY_COLUMNS], chunk.tickets);
      });
      dossiers += chunk.rows;
      tickets += chunk.ticketRows;
      mark = performance.now();
      copy += mark - got;
      // PGlite runs in this thread: a macrotask between chunks keeps the server answering.
      await new Promise((r) => setImmediate(r));
      if (opts.signal?.aborted) throw new Error('sample register load aborted');
    }
  } catch (err) {
    if (!opts.indexes) await createIndexes(db, indexes);
    throw err;
  }
  let before = performance.now();
  await createIndexes(db, indexes);
  const index = performance.now() - before;
  before = performance.now();
  const days = await db.transaction((tx) => buildSampleRegisterAggregates(tx));
  const refresh = performance.now() - before;
  const result = {
    dossiers,
    tickets,
    days,
    seconds: (performance.now() - started) / 1000,
    waitSeconds: wait / 1000,
    copySeconds: copy / 1000,
    indexSeconds: index / 1000,
    refreshSeconds: refresh / 1000,
  };
  opts.logger?.info(result, 'sample register loaded');
  return result;
}
