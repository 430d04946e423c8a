import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.ts';
import { WorkCalendar } from '../core/calendar/calendar.ts';
import { addDays } from '../core/calendar/dates.ts';
import type { Logger } from '../logger.ts';
import { enrichUnits, expectedLoadByPoint, generateStaff, inheritedStaffWeights } from '../sample/index.ts';
import { REGISTER_REPORT_DATE } from '../sample/register.ts';
import type { Db } from '../store/db.ts';
import { markSampleSeeded, sampleSeedPending } from '../store/identity.ts';
import { DOSSIER_TABLES, refreshStatistics } from '../store/maintenance.ts';
import { getMeta, setMeta } from '../store/meta-repo.ts';
import { loadCalendarModel, loadFieldsModel, loadStaffingModel } from '../store/model-files.ts';
import { listPoints } from '../store/points-repo.ts';
import {
  asyncCommit,
  clearRegisterTables,
  type IndexDef,
  registerTablesEmpty,
  tableExists,
} from '../store/register-bulk-repo.ts';
import { listStaff, upsertStaff } from '../store/staff-repo.ts';
import { clearVolumes, countVolumes, upsertVolumesCsv } from '../store/volumes-repo.ts';
import { fileSource } from './import/csv.ts';
import { type ImportContext, importCsv } from './import/import.ts';
import {
  loadSampleRegister,
  type RegisterLoadResult,
  registerLoadIndexes,
  SampleStream,
} from './sample-register.ts';

export const SAMPLE_SEED = 20250701;
export const SAMPLE_HISTORY_FROM = '2024-01-01';
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');
export const SAMPLE_POINTS_CSV = join(DATA_DIR, 'points.csv');
export const SAMPLE_STAFF_CSV = join(DATA_DIR, 'staff.csv');
/** The store's record of the sample history load: `loading` until every row is in, then `complete`. */
const SAMPLE_HISTORY_KEY = 'sample_history';
/** The same for the sample register (dossiers and tickets), loaded after the history it disaggregates. */
const SAMPLE_REGISTER_KEY = 'sample_register';

/** What `import` needs from the models: default opening hours and the unit-list enrichment. */
export function importContext(config: Pick<Config, 'MODELS_DIR'>): ImportContext {
  const staffing = loadStaffingModel(config.MODELS_DIR);
  const hours = staffing.opening_hours as {
    weekday: Array<[string, string]>;
    saturday: Array<[string, string]>;
  };
  return {
    defaultHours: hours,
    enrichUnits: (units) => enrichUnits(units, { openingHours: hours }),
  };
}

/** Yesterday in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function yesterdayInHanoi(nowMs = Date.now()): string {
  return addDays(new Date(nowMs + 7 * 3_600_000).toISOString().slice(0, 10), -1);
}

export interface InitOptions {
  /** Points CSV (either format); default DIEUPHOI_POINTS_CSV, else data/points.csv. */
  pointsFile?: string;
  /** Staff CSV; default data/staff.csv with the sample points, else staff generated for the points. */
  staffFile?: string;
  /** First day of the generated history (default 2024-01-01). */
  from?: string;
  /** Last day of the generated history (default yesterday). */
  until?: string;
  seed?: number;
  /** Generate the daily history (default true). */
  history?: boolean;
  logger?: Logger;
  signal?: AbortSignal;
  /** Rows per transaction when loading the history. */
  chunkRows?: number;
}

export interface InitResult {
  points: number;
  staff: number;
  /** Last day of the generated history. */
  until: string;
  /** Starts loading the generated history (call it once the server listens); absent when not needed. */
  history?: () => Promise<{ rows: number; seconds: number }>;
  /**
   * Loads the sample register (dossiers of the report's quarter and the last 90 days, their tickets) that
   * disaggregates the sample history; call it after `history`. Absent when the store has no register tables,
   * they hold data, or the stored history is not the generated sample.
   */
  register?: () => Promise<RegisterLoadResult | undefined>;
}

/**
 * Loads sample data into the store where it is empty: points (from a CSV), staff (CSV or generated for the
 * points, sized by their load) and a generated daily history calibrated to the Center's Q3 2025 report.
 * Points and staff are written before this returns; the history is returned as a promise so a server can
 * listen meanwhile. The history goes in chunked transactions and is marked complete in `meta` only at the
 * end: an interrupted load is detected and redone at the next start.
 */
export async function loadSampleData(db: Db, config: Config, opts: InitOptions = {}): Promise<InitResult> {
  const seed = opts.seed ?? SAMPLE_SEED;
  const log = opts.logger;
  const ctx = importContext(config);
  const calendarModel = loadCalendarModel(config.MODELS_DIR);
  const staffingModel = loadStaffingModel(config.MODELS_DIR);
  const fieldsModel = loadFieldsModel(config.MODELS_DIR);

  let points = await listPoints(db);
  const pointsFile = resolve(opts.pointsFile ?? config.DIEUPHOI_POINTS_CSV ?? SAMPLE_POINTS_CSV);
  if (points.length === 0) {
    const r = await importCsv(db, 'points', fileSource(pointsFile), ctx);
    log?.info({ file: pointsFile, rows: r.rows }, 'sample points loaded');
    points = await listPoints(db);
  }
  const calendar = new WorkCalendar(calendarModel);
  const until = opts.until ?? config.SAMPLE_HISTORY_UNTIL ?? yesterdayInHanoi();
  const from = opts.from ?? SAMPLE_HISTORY_FROM;
  const historyOptions = {
    points,
    from,
    until,
    seed,
    calendar,
    staffingModel,
    fieldsModel,
  };

  let staff = await listStaff(db);
  if (staff.length === 0) {
    const staffFile =
      opts.staffFile ??
      (pointsFile === SAMPLE_POINTS_CSV && existsSync(SAMPLE_STAFF_CSV) ? SAMPLE_STAFF_CSV : undefined);
    if (staffFile) {
      await importCsv(db, 'staff', fileSource(staffFile), ctx);
    } else {
      const load = expectedLoadByPoint(historyOptions);
      const minutes = Object.fromEntries(Object.entries(load).map(([k, v]) => [k, v.minutesPerDay]));
      await db.transaction((tx) =>
        upsertStaff(tx, generateStaff(points, inheritedStaffWeights(points, minutes, seed), seed)),
      );
    }
    staff = await listStaff(db);
    log?.info({ staff: staff.length }, 'sample staff loaded');
  }

  if (opts.history === false) {
    await markSampleSeeded(db);
    return { points: points.length, staff: staff.length, until };
  }
  const marker = await getMeta<{ state: string; from: string; until: string; seed: number }>(
    db,
    SAMPLE_HISTORY_KEY,
  );
  const existing = await countVolumes(db);
  const register = await sampleRegisterLoader(db, config, points, log, opts.signal);
  // User data is never overwritten: only an empty store or an interrupted sample load gets a (re)load.
  if (marker?.state === 'complete' || (existing > 0 && marker?.state !== 'loading')) {
    await markSampleSeeded(db);
    // A complete generated history (a store made before the register existed) still gets its register.
    const r = marker?.state === 'complete' ? register(marker) : undefined;
    const load = r
      ? async () => {
          const stream = new SampleStream({
            points,
            historyFrom: marker!.from,
            until: marker!.until,
            seed: marker!.seed,
            modelsDir: config.MODELS_DIR,
            history: false,
            register: true,
          });
          try {
            return await r(stream);
          } finally {
            await stream.close();
          }
        }
      : undefined;
    return { points: points.length, staff: staff.length, until, ...(load ? { register: load } : {}) };
  }
  const r = register({ from, until, seed });
  // One worker generates the history and then its register: this thread only writes them.
  const stream = new SampleStream({
    points,
    historyFrom: from,
    until,
    seed,
    modelsDir: config.MODELS_DIR,
    history: true,
    register: r !== undefined,
    historyChunkRows: opts.chunkRows,
  });
  const history = async () => {
    const started = performance.now();
    try {
      await clearVolumes(db);
      await setMeta(db, SAMPLE_HISTORY_KEY, { state: 'loading', from, until, seed });
      let rows = 0;
      for await (const chunk of stream.volumes()) {
        await db.transaction(async (tx) => {
          await asyncCommit(tx); // regenerable: an interrupted load is redone from its marker
          await upsertVolumesCsv(tx, chunk.csv, { noConflicts: true });
        });
        rows += chunk.rows;
        // PGlite runs in this thread: a macrotask between chunks keeps the server answering.
        await new Promise((res) => setImmediate(res));
        if (opts.signal?.aborted) throw new Error('sample history load aborted');
      }
      await setMeta(db, SAMPLE_HISTORY_KEY, { state: 'complete', from, until, seed, rows });
      await markSampleSeeded(db);
      // (the points came through importCsv, which analysed them; generated staff did not)
      await refreshStatistics(db, ['staff', 'daily_volumes'], rows);
      if (!r) await stream.close();
      return { rows, seconds: (performance.now() - started) / 1000 };
    } catch (err) {
      await stream.close();
      throw err;
    }
  };
  const registerAfter = r
    ? async () => {
        try {
          return await r(stream);
        } finally {
          await stream.close();
        }
      }
    : undefined;
  return {
    points: points.length,
    staff: staff.length,
    until,
    history,
    ...(registerAfter ? { register: registerAfter } : {}),
  };
}

/** The sample register's marker: `loading` with the indexes the load dropped, then `complete`. */
interface RegisterMarker {
  state: 'loading' | 'complete';
  from: string;
  until: string;
  seed: number;
  /** the indexes and primary keys dropped for the COPY (built back at its end, or by the next start) */
  indexes?: IndexDef[];
  dossiers?: number;
  tickets?: number;
}

/**
 * What loads the sample register for a generated history (its first day, last day and seed: the register
 * disaggregates that very history), when the store has register tables that are empty or hold an
 * interrupted sample load; else `() => undefined`. The load is marked `loading` (with the indexes it drops)
 * before its first row and `complete` after its last aggregate: a start that finds it `loading` (the process
 * was killed mid-load) says so, empties the register tables, builds back any index the interrupted load had
 * dropped, and loads the register again.
 */
async function sampleRegisterLoader(
  db: Db,
  config: Config,
  points: Awaited<ReturnType<typeof listPoints>>,
  logger?: Logger,
  signal?: AbortSignal,
) {
  const none = (_h: { from: string; until: string; seed: number }) => undefined;
  if (!(await tableExists(db, 'dossiers')) || !(await tableExists(db, 'tickets'))) return none;
  const marker = await getMeta<RegisterMarker>(db, SAMPLE_REGISTER_KEY);
  if (marker?.state === 'complete') return none;
  if (marker?.state !== 'loading' && !(await registerTablesEmpty(db))) return none;
  return (h: { from: string; until: string; seed: number }) =>
    // A history that ends before the report's quarter is over (short stores, tests) has no register.
    h.until < REGISTER_REPORT_DATE
      ? undefined
      : async (stream: SampleStream) => {
          if (marker?.state === 'loading')
            logger?.warn(
              { from: marker.from, until: marker.until },
              'the previous start was stopped while it loaded the sample register: its rows are removed and the register is loaded again',
            );
          await clearRegisterTables(db);
          const indexes = await registerLoadIndexes(db, marker?.indexes);
          await setMeta(db, SAMPLE_REGISTER_KEY, {
            state: 'loading',
            ...h,
            indexes,
          } satisfies RegisterMarker);
          const r = await loadSampleRegister(
            db,
            { points, until: h.until, seed: h.seed, historyFrom: h.from, modelsDir: config.MODELS_DIR },
            { source: stream.register(), logger, signal, indexes },
          );
          await setMeta(db, SAMPLE_REGISTER_KEY, {
            state: 'complete',
            ...h,
            dossiers: r?.dossiers,
            tickets: r?.tickets,
          } satisfies RegisterMarker);
          await refreshStatistics(db, [...DOSSIER_TABLES, 'tickets']);
          return r;
        };
}

/**
 * `serve`: the sample data, the history in the background — only into a store created for it (its first
 * start, or `init --reset`), or to finish a load that start was interrupted in. A store that held data is
 * served as it is, even emptied: a start never seeds over a store it once had (store/identity.ts).
 */
export async function ensureSampleData(db: Db, config: Config, logger: Logger, signal?: AbortSignal) {
  const marker = await getMeta<{ state: string }>(db, SAMPLE_HISTORY_KEY);
  const register = await getMeta<{ state: string }>(db, SAMPLE_REGISTER_KEY);
  // A sample store made before the register existed still gets its register (into empty register tables).
  const registerDue =
    marker?.state === 'complete' && register?.state !== 'complete' && (await listPoints(db)).length > 0;
  if (!(await sampleSeedPending(db)) && marker?.state !== 'loading' && !registerDue) {
    logger.info('existing store: no sample data loaded');
    return undefined;
  }
  return loadSampleData(db, config, { logger, signal });
}
