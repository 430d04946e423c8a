import { addDays, toEpochDay } from '../core/calendar/dates.ts';
import { FIELDS } from '../schemas/domain.ts';
import { channelId, fieldId } from './codes.ts';
import { BinaryCopy } from './copy-bytes.ts';
import type { Queryable } from './db.ts';
import { type DossierRecord, refreshRegisterCoverage } from './dossiers-repo.ts';

/**
 * The register's derived tables — register_volumes and register_coverage (migration 006), register_daily,
 * register_past_due and register_result_days (014) — counted as a first import's rows are written, for a
 * register that was empty: the same definitions as the SQL of `refreshRegisterVolumes` (dossiers-repo.ts) and
 * `refreshRegisterDaily` (register-daily-repo.ts), which every later import still uses (a test compares both
 * on the same register). Measured on PGlite (200,000 sample dossiers): the SQL refresh over the freshly
 * written table cost 2.3 CPU-s after the last row, counting here ~0.3 CPU-s while the rows are read and
 * the COPY of the counts ~0.4.
 */

/** The stored `timeliness` (migration 006's generated column) of a finished dossier. */
export function timelinessOf(r: DossierRecord): 'early' | 'on_time' | 'overdue' | null {
  const f = r.finished_on;
  if (f === null) return null;
  if (f < r.due_on) return 'early';
  if (f > r.due_on) return 'overdue';
  if (r.due_time !== null && r.finished_time !== null && r.finished_time > r.due_time) return 'overdue';
  return 'on_time';
}

const IN_PERSON = channelId('in_person');
const ONLINE = channelId('online');
const NF = FIELDS.length;

/** The derived tables' rows as binary COPY batches (`RegisterAggregates.encode`). */
export type AggregateBatches = Array<{ table: string; columns: string[]; bytes: Uint8Array }>;

/**
 * A flat copy of a string read from the file (a slice, or a rope of slices, of a chunk of its text): a map
 * keeping the slice would keep the whole chunk alive — measured at 1,000,000 dossiers, ~550 MB of heap.
 */
const ownKey = (s: string): string => ` ${s}`.slice(1);

/** Small integer ids of the strings seen (points, days): the counters are keyed by numbers, not built strings. */
class Ids {
  readonly of = new Map<string, number>();
  readonly values: string[] = [];
  id(s: string): number {
    let n = this.of.get(s);
    if (n === undefined) {
      n = this.values.length;
      const own = ownKey(s);
      this.of.set(own, n);
      this.values.push(own);
    }
    return n;
  }
}

/**
 * A number key of (point id, day id), unique: fewer than 2^22 distinct ISO days exist (years 0–9999); a small
 * integer (no allocation) for the first 256 points, an exact double beyond.
 */
const DAYS = 4_194_304;
const pd = (p: number, d: number) => p * DAYS + d;

export class RegisterAggregates {
  private readonly points = new Ids();
  private readonly dayIds = new Ids();
  private readonly epoch: number[] = [];
  /**
   * (point, date) → channel and field → the offset of its 5 counts (received, processing, resolved, on_time,
   * overdue) in `pool`: no object per row (measured at 1,000,000 dossiers, typed arrays and maps per key cost
   * ~340 MB of peak heap).
   */
  private readonly volumes = new Map<number, Map<number, number>>();
  private pool = new Int32Array(5 * 4096);
  private used = 0;
  /** (point, day) → the 14 counts of register_daily. */
  private readonly daily = new Map<number, Int32Array>();
  /** unit,received,start,end → n (only the dossiers past due: few). */
  private readonly pastDue = new Map<string, number>();
  /**
   * (unit, finished) → (procedure, field, days) as (procedure id × 8 + field) × 2^22 + days (exact: days < 2^22)
   * → overdue × 2^26 + n (exact below 2^26 dossiers).
   */
  private readonly resultDays = new Map<number, Map<number, number>>();
  /** Procedure code → name → id (either may be NULL). */
  private readonly procIds = new Map<string | null, Map<string | null, number>>();
  private readonly procs: Array<[string | null, string | null]> = [];
  private readonly nextDay = new Map<string, string>();

  private day(d: string): number {
    const n = this.dayIds.values.length;
    const id = this.dayIds.id(d);
    if (id === n) this.epoch.push(toEpochDay(d));
    return id;
  }

  private after(d: string): string {
    let n = this.nextDay.get(d);
    if (n === undefined) {
      n = addDays(d, 1);
      this.nextDay.set(ownKey(d), n);
    }
    return n;
  }

  private proc(code: string | null, name: string | null): number {
    let byName = this.procIds.get(code);
    if (!byName) {
      byName = new Map();
      this.procIds.set(code === null ? null : ownKey(code), byName);
    }
    let id = byName.get(name);
    if (id === undefined) {
      id = this.procs.length;
      const own = name === null ? null : ownKey(name);
      byName.set(own, id);
      this.procs.push([code === null ? null : ownKey(code), own]);
    }
    return id;
  }

  private static counts(m: Map<number, Int32Array>, key: number, size: number): Int32Array {
    let v = m.get(key);
    if (!v) {
      v = new Int32Array(size);
      m.set(key, v);
    }
    return v;
  }

  /** The offset of the 5 volume counts of (point, day) and channel × field `cf`. */
  private volume(key: number, cf: number): number {
    let byCf = this.volumes.get(key);
    if (!byCf) {
      byCf = new Map();
      this.volumes.set(key, byCf);
    }
    let at = byCf.get(cf);
    if (at === undefined) {
      if (this.used + 5 > this.pool.length) {
        const bigger = new Int32Array(this.pool.length * 2);
        bigger.set(this.pool);
        this.pool = bigger;
      }
      at = this.used;
      this.used += 5;
      byCf.set(cf, at);
    }
    return at;
  }

  /** Counts one dossier. */
  addOne(r: DossierRecord): void {
    const ch = channelId(r.channel);
    const cf = (ch - 1) * NF + fieldId(r.field) - 1;
    const rp = this.points.id(r.receiving_point);
    const cu = r.competent_unit === r.receiving_point ? rp : this.points.id(r.competent_unit);
    const rd = this.day(r.received_on);
    const fd = r.finished_on === null ? -1 : this.day(r.finished_on);
    this.pool[this.volume(pd(rp, rd), cf)]!++;
    this.pool[this.volume(pd(cu, rd), cf) + 1]!++;
    const d = RegisterAggregates.counts(this.daily, pd(rp, rd), 14);
    d[0]!++;
    d[ch]!++; // in_person 1, online 2, postal 3
    if (ch === ONLINE) {
      if (r.online_level === 'full') d[4]!++;
      if (r.online_level !== null) d[5]!++;
    } else if (ch === IN_PERSON) {
      if (r.digitised === true) d[6]!++;
      if (r.digitised !== null) d[7]!++;
    }
    if (r.withdrawn) return;
    const start = r.due_on >= r.received_on ? this.after(r.due_on) : r.received_on;
    if (r.finished_on === null || r.finished_on > start) {
      const k = `${r.competent_unit},${r.received_on},${start},${r.finished_on ?? ''}`;
      const had = this.pastDue.get(k);
      if (had === undefined) this.pastDue.set(ownKey(k), 1);
      else this.pastDue.set(k, had + 1);
    }
    const t = timelinessOf(r);
    if (t === null) return;
    const late = t === 'overdue' ? 1 : 0;
    const v = this.volume(pd(cu, fd), cf);
    this.pool[v + 2]!++;
    this.pool[v + 3 + late]!++;
    const res = RegisterAggregates.counts(this.daily, pd(cu, fd), 14);
    res[8]!++;
    res[t === 'early' ? 9 : t === 'on_time' ? 10 : 11]!++;
    if (r.electronic_result === true) res[12]!++;
    if (r.electronic_result !== null) res[13]!++;
    const days = this.epoch[fd]! - this.epoch[rd]!;
    let byUnitDay = this.resultDays.get(pd(cu, fd));
    if (!byUnitDay) {
      byUnitDay = new Map();
      this.resultDays.set(pd(cu, fd), byUnitDay);
    }
    const k = (this.proc(r.procedure_code, r.procedure_name) * 8 + fieldId(r.field)) * DAYS + days;
    byUnitDay.set(k, (byUnitDay.get(k) ?? 0) + 1 + late * 67_108_864);
  }

  /** The register days counted (received or finished). */
  days(): number {
    return this.dayIds.values.length;
  }

  /**
   * The counts as binary COPY batches of the derived tables (copy-bytes.ts), ready for `write`: encoded apart so
   * that the import can encode them while the store builds the dossier table's indexes. Points are validated
   * codes.
   */
  encode(): AggregateBatches {
    const out: AggregateBatches = [];
    const w = new BinaryCopy();
    const full = (table: string, columns: string[], end = false) => {
      if (w.rows >= 50_000 || (end && w.rows > 0)) out.push({ table, columns, bytes: w.take() });
    };
    const point = (key: number) => this.points.values[Math.floor(key / DAYS)]!;
    const day = (key: number) => this.dayIds.values[key % DAYS]!;
    const pool = this.pool;
    const volumes = [
      'point',
      'date',
      'channel_id',
      'field_id',
      'received',
      'processing',
      'resolved',
      'on_time',
      'overdue',
    ];
    for (const [k, byCf] of this.volumes) {
      const p = point(k);
      const d = day(k);
      for (const [cf, i] of byCf) {
        w.row(9);
        w.text(p);
        w.date(d);
        w.int2(Math.floor(cf / NF) + 1);
        w.int2((cf % NF) + 1);
        for (let j = 0; j < 5; j++) w.int4(pool[i + j]!);
        full('register_volumes', volumes);
      }
    }
    full('register_volumes', volumes, true);
    const daily = [
      'point',
      'day',
      'received',
      'in_person',
      'online',
      'postal',
      'full_online',
      'online_level_known',
      'digitised',
      'digitised_known',
      'resolved',
      'early',
      'on_time',
      'overdue',
      'electronic',
      'electronic_known',
    ];
    for (const [k, v] of this.daily) {
      w.row(16);
      w.text(point(k));
      w.date(day(k));
      for (let j = 0; j < 14; j++) w.int4(v[j]!);
      full('register_daily', daily);
    }
    full('register_daily', daily, true);
    const pastDue = ['unit', 'received_on', 'start_day', 'end_day', 'n'];
    for (const [k, n] of this.pastDue) {
      const [unit, received, start, end] = k.split(',') as [string, string, string, string];
      w.row(5);
      w.text(unit);
      w.date(received);
      w.date(start);
      w.date(end === '' ? null : end);
      w.int4(n);
      full('register_past_due', pastDue);
    }
    full('register_past_due', pastDue, true);
    const resultDays = [
      'unit',
      'finished_on',
      'field_id',
      'procedure_code',
      'procedure_name',
      'days',
      'n',
      'overdue',
    ];
    for (const [k, byKey] of this.resultDays) {
      const p = point(k);
      const d = day(k);
      for (const [key, c] of byKey) {
        const days = key % DAYS;
        const pf = (key - days) / DAYS;
        const overdue = Math.floor(c / 67_108_864);
        const [code, name] = this.procs[Math.floor(pf / 8)]!;
        w.row(8);
        w.text(p);
        w.date(d);
        w.int2(pf % 8);
        w.text(code);
        w.text(name);
        w.int4(days);
        w.int4(c - overdue * 67_108_864);
        w.int4(overdue);
        full('register_result_days', resultDays);
      }
    }
    full('register_result_days', resultDays, true);
    return out;
  }

  /**
   * Replaces the derived tables with the counts (the register was empty: whatever they held derived from no
   * dossier) and the coverage of each point; `batches` are those `encode` returned, when they were encoded ahead.
   */
  async write(tx: Queryable, batches: AggregateBatches = this.encode()): Promise<void> {
    // DELETE, not TRUNCATE: readers of the aggregates are not locked out while the import commits.
    await tx.exec(
      'DELETE FROM register_volumes; DELETE FROM register_daily; DELETE FROM register_past_due; DELETE FROM register_result_days',
    );
    for (const b of batches) await tx.copyCsv(b.table, b.columns, b.bytes, 'binary');
    // The spans of days each point's register covers (migration 013), as the SQL refresh computes them.
    await refreshRegisterCoverage(tx);
  }
}
