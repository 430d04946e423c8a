import { parentPort, Worker } from 'node:worker_threads';
import { WorkCalendar } from '../core/calendar/calendar.ts';
import type { Logger } from '../logger.ts';
import type { HistoryModel } from '../sample/history.ts';
import {
  buildRegisterModel,
  type RegisterDay,
  registerDays,
  type SampleDossier,
  type SampleTicket,
} from '../sample/register.ts';
import type { Point } from '../schemas/domain.ts';
import type { Db } from '../store/db.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadProceduresModel,
  loadStaffingModel,
} from '../store/model-files.ts';
import {
  copyRows,
  createIndexes,
  dropIndexes,
  registerTablesEmpty,
  secondaryIndexes,
  tableExists,
} from '../store/register-bulk-repo.ts';
import {
  DOSSIER_COPY_COLUMNS,
  dossierCopyLine,
  TICKET_COPY_COLUMNS,
  ticketCopyLine,
} from '../store/register-copy.ts';

/**
 * Loads the generated sample register (sample/register.ts) into the store's `dossiers` and `tickets` tables:
 * generated in a worker thread while this thread COPYs its CSV chunks into PGlite (or PostgreSQL), the
 * tables' secondary indexes dropped during the load and built once at the end. Only into empty tables.
 */

export interface RegisterSpec {
  points: Point[];
  until: string;
  seed: number;
  modelsDir?: string;
  /** first day of the history model (the daily history's first day: the same model, the same counts) */
  historyFrom: string;
}

/** Dossiers per COPY chunk (≈ 4 MB of CSV). */
const CHUNK_ROWS = 20_000;
/** Chunks the worker may run ahead of the COPY (memory bound: ≈ 16 × 4 MB). */
const AHEAD = 16;

interface Chunk {
  dossiers: string;
  tickets: string;
  rows: number;
  ticketRows: number;
}

function* chunksOf(days: Iterable<RegisterDay>): Generator<Chunk> {
  let dossiers = '';
  let tickets = '';
  let rows = 0;
  let ticketRows = 0;
  for (const day of days) {
    for (const d of day.dossiers) dossiers += dossierCopyLine(d);
    for (const t of day.tickets) tickets += ticketCopyLine(t);
    rows += day.dossiers.length;
    ticketRows += day.tickets.length;
    if (rows >= CHUNK_ROWS) {
      yield { dossiers, tickets, rows, ticketRows };
      dossiers = '';
      tickets = '';
      rows = 0;
      ticketRows = 0;
    }
  }
  if (rows > 0 || ticketRows > 0) yield { dossiers, tickets, rows, ticketRows };
}

function modelOf(spec: RegisterSpec, history?: HistoryModel) {
  return buildRegisterModel({
    points: spec.points,
    until: spec.until,
    seed: spec.seed,
    calendar: new WorkCalendar(loadCalendarModel(spec.modelsDir)),
    staffingModel: loadStaffingModel(spec.modelsDir),
    fieldsModel: loadFieldsModel(spec.modelsDir),
    procedures: loadProceduresModel(spec.modelsDir).procedures,
    historyFrom: spec.historyFrom,
    history,
  });
}

/**
 * Worker side (called through parallel/worker-entry.mjs): posts `{ chunk }` messages and waits while it is
 * `AHEAD` chunks in front of the consumer, which counts the chunks it has written in `progress[0]`.
 */
export function streamSampleRegister(spec: RegisterSpec, control: SharedArrayBuffer): { chunks: number } {
  const progress = new Int32Array(control);
  let sent = 0;
  for (const chunk of chunksOf(registerDays(modelOf(spec)))) {
    parentPort!.postMessage({ chunk });
    sent++;
    while (sent - Atomics.load(progress, 0) >= AHEAD)
      Atomics.wait(progress, 0, Atomics.load(progress, 0), 500);
  }
  return { chunks: sent };
}

async function* workerChunks(spec: RegisterSpec): AsyncGenerator<Chunk, void, void> {
  const control = new SharedArrayBuffer(4);
  const progress = new Int32Array(control);
  const worker = new Worker(new URL('../parallel/worker-entry.mjs', import.meta.url), {
    workerData: { module: new URL('./sample-register.ts', import.meta.url).href },
  });
  const queue: Chunk[] = [];
  let done = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on(
    'message',
    (m: { ready?: boolean; chunk?: Chunk; id?: number; ok?: boolean; error?: { message: string } }) => {
      if (m.ready) worker.postMessage({ id: 1, fn: 'streamSampleRegister', args: [spec, control] });
      else if (m.chunk) queue.push(m.chunk);
      else if (m.id === 1) {
        done = true;
        if (!m.ok) failure = new Error(`sample register worker: ${m.error?.message}`);
      }
      notify();
    },
  );
  worker.on('error', (err) => {
    failure = err;
    done = true;
    notify();
  });
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        yield next;
        Atomics.add(progress, 0, 1);
        Atomics.notify(progress, 0);
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      await new Promise<void>((r) => {
        wake = r;
      });
    }
  } finally {
    await worker.terminate();
  }
}

export interface RegisterLoadResult {
  dossiers: number;
  tickets: number;
  seconds: number;
  /** wall-clock split: waiting for generated chunks, COPY, building the indexes */
  waitSeconds: number;
  copySeconds: number;
  indexSeconds: number;
}

/**
 * Generates and loads the sample register into empty `dossiers` / `tickets` tables. `inline` generates in
 * this thread (tests, or a history model at hand); otherwise a worker thread generates it.
 * @returns counts, or undefined when the store has no register tables or they already hold rows
 */
export async function loadSampleRegister(
  db: Db,
  spec: RegisterSpec,
  opts: { inline?: boolean; history?: HistoryModel; logger?: Logger; signal?: AbortSignal } = {},
): Promise<RegisterLoadResult | undefined> {
  if (!(await tableExists(db, 'dossiers')) || !(await tableExists(db, 'tickets'))) return undefined;
  if (!(await registerTablesEmpty(db))) return undefined;
  const started = performance.now();
  const indexes = [...(await secondaryIndexes(db, 'dossiers')), ...(await secondaryIndexes(db, 'tickets'))];
  await dropIndexes(db, indexes);
  let dossiers = 0;
  let tickets = 0;
  let wait = 0;
  let copy = 0;
  let index = 0;
  let mark = performance.now();
  try {
    const source =
      opts.inline || opts.history ? chunksOf(registerDays(modelOf(spec, opts.history))) : workerChunks(spec);
    for await (const chunk of source) {
      const got = performance.now();
      wait += got - mark;
      await db.transaction(async (tx) => {
        await copyRows(tx, 'dossiers', [...DOSSIER_COPY_COLUMNS], chunk.dossiers);
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
  } finally {
    const before = performance.now();
    await createIndexes(db, indexes);
    index = performance.now() - before;
  }
  const result = {
    dossiers,
    tickets,
    seconds: (performance.now() - started) / 1000,
    waitSeconds: wait / 1000,
    copySeconds: copy / 1000,
    indexSeconds: index / 1000,
  };
  opts.logger?.info(result, 'sample register loaded');
  return result;
}

export type { SampleDossier, SampleTicket };
