import { addDays, fromEpochDay, isoWeekday, toEpochDay, type WorkCalendar } from '../core/calendar/index.ts';
import { DomainError } from '../core/errors.ts';
import { hashString, mixSeed, Random } from '../core/random.ts';
import { dueDate } from '../core/register/due-date.ts';
import { CHANNELS, type Channel, FIELDS, type Field, type Point } from '../schemas/domain.ts';
import type { FieldsModel, StaffingModel } from '../schemas/models.ts';
import type { Procedure, ProcedureDeadline } from '../schemas/register.ts';
import { REPORT_Q3_2025 } from './calibration.ts';
import { buildHistoryModel, type HistoryModel, historyRows } from './history.ts';

/**
 * The sample dossier register (sổ theo dõi hồ sơ) and the queue-ticket log, disaggregated from the calibrated
 * daily history: every history cell (date, point, channel, field) with `received = n` becomes n dossiers
 * received at that point that day through that channel in that field, so the daily volumes derived from the
 * register (received, by receiving point) equal the daily history exactly. Each dossier then gets:
 *
 * - a procedure of the catalogue (models/procedures.json) in its field, drawn with the weights below
 *   (assumption: relative frequencies from the shape of Hanoi's public reports, not measured); fully-online
 *   procedures are three times as likely among online dossiers; field `other` has no catalogue procedure
 *   (code empty, name "Thủ tục khác", deadline of models/fields.json);
 * - a time of day: in person, the end of its counter service, from a ticket drawn on the intraday profile of
 *   models/staffing.json within the point's sessions and served first-come first-served at the point's
 *   counters; online and postal, the time a member of staff accepts it, on the same profile;
 * - a due date from the procedure's legal deadline on the Vietnamese calendar (core/register/due-date.ts);
 * - a competent unit: the receiving point itself, or (the one-tier rule, "không phụ thuộc địa giới hành
 *   chính") another one — assumption: 12% of in-person, 8% of postal and 4% of online dossiers (≈ 7% of all),
 *   half as often again at central points; the unit is one of the six nearest points (85%; 60% at central
 *   points, where people working in the centre file for their home commune) or any point weighted by
 *   population;
 * - an outcome as of `until`: withdrawn (rate α × field weight), finished late (rate β × field weight × the
 *   point's overload factor, land and social policy highest), or finished on time, early most often; α and β
 *   are solved on the report window so that, counted on the register at the report date, 96.1% of the
 *   dossiers received 2025-07-01..2025-09-23 are finished and 99.85% of those on time. Dossiers whose finish
 *   falls after `until` are pending (some of them already overdue), as a live register holds them;
 * - digitised (đã số hóa; assumption: online always, in person 90%, postal 85%) and electronic result
 *   (kết quả điện tử, finished dossiers only; assumption: online 85%, in person 55%, postal 45%); the result
 *   is handed back the day it is ready in half the cases, else 1–5 working days later (electronic results
 *   at once).
 *
 * The register covers the report's quarter (2025-07-01..2025-09-30) and the last 90 days to `until`; older
 * history stays daily aggregates. Tickets are emitted for the last 90 days only (the queue is simulated on
 * every day, so in-person receipt times are the same either way). Deterministic for a seed; random streams are keyed by (seed, day, point).
 */

export interface RegisterOptions {
  points: readonly Point[];
  /** the snapshot: last day of the register (yesterday) */
  until: string;
  seed: number;
  calendar: WorkCalendar;
  staffingModel: StaffingModel;
  fieldsModel: FieldsModel;
  procedures: readonly Procedure[];
  /** day ranges covered; default `registerRanges(until)` */
  ranges?: ReadonlyArray<DayRange>;
  /** a history model built for the same points, seed and calendar (saves calibrating it again) */
  history?: HistoryModel;
  /** first day of the history model when it is built here (default the first range's start) */
  historyFrom?: string;
  /** first day with queue tickets (default: 89 days before `until`, the last 90 days) */
  ticketsFrom?: string;
}

export interface DayRange {
  from: string;
  to: string;
}

export type OnlineLevel = 'full' | 'partial';

/** One dossier (hồ sơ); times are local (Asia/Ho_Chi_Minh) `YYYY-MM-DD HH:MM`. */
export interface SampleDossier {
  code: string;
  /** national procedure code; null where the catalogue does not know it */
  procedure_code: string | null;
  procedure_name: string;
  field: Field;
  channel: Channel;
  /** online dossiers only */
  online_level: OnlineLevel | null;
  receiving_point: string;
  competent_unit: string;
  received_at: string;
  /** `YYYY-MM-DD` (ngày hẹn trả) */
  due_at: string;
  finished_at: string | null;
  returned_at: string | null;
  digitised: boolean;
  electronic_result: boolean;
  withdrawn: boolean;
}

/** One queue ticket (phiếu số thứ tự); times local `YYYY-MM-DD HH:MM:SS`. */
export interface SampleTicket {
  point: string;
  /** sequence number of the day at the point, from 1 */
  number: number;
  /** counter that served it (1…counters); null when abandoned */
  counter: number | null;
  field: Field;
  issued_at: string;
  called_at: string | null;
  finished_at: string | null;
  abandoned: boolean;
}

/** The dossiers and tickets of one point on one day, dossiers by received time, tickets by number. */
export interface RegisterDay {
  date: string;
  point: string;
  dossiers: SampleDossier[];
  tickets: SampleTicket[];
}

/** Assumed relative frequency of each catalogue procedure within its field (1 when not listed). */
export const PROCEDURE_WEIGHT: Readonly<Record<string, number>> = {
  ct_ban_sao: 55,
  ct_chu_ky: 22,
  ct_ban_sao_dien_tu: 12,
  ct_hop_dong_tai_san: 3,
  ct_sua_doi_hop_dong: 0.5,
  ct_sua_loi_hop_dong: 0.3,
  ct_ban_sao_hop_dong: 0.7,
  ct_di_chuc: 0.5,
  ct_phan_chia_di_san: 1.5,
  ct_khai_nhan_di_san: 1,
  ct_tu_choi_di_san: 0.5,
  ht_khai_sinh: 22,
  ht_ket_hon: 8,
  ht_khai_tu: 6,
  ht_xac_nhan_hon_nhan: 22,
  ht_trich_luc: 20,
  ht_cai_chinh: 4,
  ht_nhan_cha_me_con: 1,
  ht_khai_sinh_nhan_cha_me_con: 1.5,
  ht_dang_ky_lai_khai_sinh: 1,
  ht_dang_ky_lai_ket_hon: 0.5,
  ht_dang_ky_lai_khai_tu: 0.3,
  ht_giam_ho: 0.3,
  ht_cham_dut_giam_ho: 0.1,
  ht_lien_thong_khai_sinh: 10,
  ht_lien_thong_khai_tu: 2,
  dd_cap_gcn_lan_dau: 8,
  dd_bien_dong: 30,
  dd_cap_doi_gcn: 10,
  dd_cap_lai_gcn: 3,
  dd_dinh_chinh_gcn: 4,
  dd_chuyen_muc_dich: 5,
  dd_dang_ky_the_chap: 25,
  dd_xoa_the_chap: 15,
  xh_tro_cap_hang_thang: 35,
  xh_chuyen_noi_o: 10,
  xh_mai_tang: 25,
  xh_khuyet_tat: 15,
  xh_ho_ngheo: 15,
  hkd_thanh_lap: 40,
  hkd_thay_doi: 30,
  hkd_tam_ngung: 12,
  hkd_cham_dut: 12,
  hkd_cap_lai: 6,
  xd_gpxd_nha_o: 65,
  xd_gpxd_sua_chua: 15,
  xd_gpxd_dieu_chinh: 8,
  xd_gpxd_gia_han: 7,
  xd_gpxd_cap_lai: 5,
};

/** Name of the procedure of a field-`other` dossier (no catalogue procedure). */
export const OTHER_PROCEDURE_NAME = 'Thủ tục khác';

const NF = FIELDS.length;
const NC = CHANNELS.length;
const IN_PERSON = CHANNELS.indexOf('in_person');
const ONLINE = CHANNELS.indexOf('online');

/** Share of dossiers filed at a point other than their competent unit, by channel (assumption). */
const CROSS_SHARE = [0.12, 0.04, 0.08]; // in_person, online, postal (CHANNELS order)
const CROSS_CENTRAL_FACTOR = 1.5;
const CROSS_NEIGHBOURS = 6;
/** Centre of the city (Hoàn Kiếm) and the radius of the "central" points, km. */
const CENTRE = { lat: 21.0285, lon: 105.8542 };
const CENTRAL_KM = 5;
const DIGITISED = [0.9, 1, 0.85];
const ELECTRONIC_RESULT = [0.55, 0.85, 0.45];
const FULL_ONLINE_LEVEL = 0.8;
/** Abandoned tickets (left before being called) per in-person dossier. */
const ABANDONED_PER_DOSSIER = 0.03;
/** Spread of counter service times around the catalogue's minutes (lognormal σ). */
const SERVICE_SIGMA = 0.4;
/** As history.ts: share of on-time dossiers finished the day received, relative withdrawal and overdue rates. */
const SAME_DAY = [0.05, 0.05, 0.2, 0.6, 0.1, 0.03, 0.1];
const WITHDRAW_WEIGHT = [0.1, 0.06, 0.02, 0.004, 0.03, 0.09, 0.04];
const OVERDUE_WEIGHT = [5, 4, 0.25, 0.1, 0.4, 1.5, 0.5];
/** Working days from result to hand-over of a paper result: 0 (half), 1, 2, 3, 5. */
const RETURN_LAG = [0, 1, 2, 3, 5];
const RETURN_LAG_P = [0.5, 0.25, 0.12, 0.08, 0.05];
/** The report counts on the register as it stood at this day's end. */
export const REGISTER_REPORT_DATE = REPORT_Q3_2025.to;
const WINDOW_END = '2025-09-30';

/** The default ranges: the report's quarter and the last 90 days to `until` (merged when they overlap). */
export function registerRanges(until: string): DayRange[] {
  const recent = { from: addDays(until, -89), to: until };
  const quarter = { from: REPORT_Q3_2025.from, to: WINDOW_END < until ? WINDOW_END : until };
  if (recent.from <= addDays(quarter.to, 1))
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings, which Math.min would turn into NaN
    return [{ from: recent.from < quarter.from ? recent.from : quarter.from, to: until }];
  return [quarter, recent];
}

interface ProcInfo {
  code: string | null;
  name: string;
  deadline: ProcedureDeadline;
  fullOnline: boolean;
  /** counter minutes: reception and digitisation */
  reception: number;
  digitisation: number;
}

interface PointInfo {
  code: string;
  hash: number;
  counters: number;
  hours: Point['opening_hours'];
  central: boolean;
  neighbours: number[];
  /** history profile's overload factor (overdue risk) */
  overdue: number;
}

/** One dossier before its outcome is chosen (all times in seconds of the day, days as epoch days). */
interface Draft {
  c: number;
  f: number;
  proc: number;
  recvDay: number;
  recvSec: number;
  dueDay: number;
  competent: number;
  digitised: boolean;
  electronic: boolean;
  level: 0 | 1 | 2;
  uWithdraw: number;
  uOverdue: number;
  onTimeDay: number;
  onTimeSec: number;
  lateDay: number;
  lateSec: number;
  withdrawDay: number;
  returnLag: number;
  returnSec: number;
  ticket: number;
}

interface DraftTicket {
  issued: number;
  called: number;
  finished: number;
  counter: number;
  field: number;
  abandoned: boolean;
}

export interface RegisterModel {
  options: RegisterOptions;
  history: HistoryModel;
  ranges: DayRange[];
  procs: ProcInfo[];
  /** cumulative procedure weights by channel × field (indices into procs) */
  pick: Array<{ idx: number[]; cum: number[] }>;
  points: PointInfo[];
  pointIndex: Map<string, number>;
  /** population-weighted cumulative over points (any-point competent unit) */
  popCum: number[];
  /** working-day table */
  lo: number;
  cum: Int32Array;
  work: number[];
  /** withdrawal and overdue scales (solved) */
  alpha: number;
  beta: number;
  untilDay: number;
  ticketsFrom: number;
  dueCache: Map<number, number>;
}

const km = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
  const dy = (a.lat - b.lat) * 111.2;
  const dx = (a.lon - b.lon) * 111.2 * Math.cos((a.lat * Math.PI) / 180);
  return Math.sqrt(dx * dx + dy * dy);
};

function checkOptions(o: RegisterOptions): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.until))
    throw new DomainError('INPUT_INVALID', 'register options invalid: until', [
      { field: 'until', value: o.until, reason: 'expected YYYY-MM-DD' },
    ]);
  if (o.until < REGISTER_REPORT_DATE)
    throw new DomainError('INPUT_INVALID', `register options invalid: until before ${REGISTER_REPORT_DATE}`, [
      { field: 'until', value: o.until, reason: `the register is calibrated on ${REGISTER_REPORT_DATE}` },
    ]);
  if (o.procedures.length === 0)
    throw new DomainError('INPUT_INVALID', 'register options invalid: procedures', [
      { field: 'procedures', value: 0, reason: 'no procedures' },
    ]);
}

/**
 * Builds the register model and solves its withdrawal and overdue rates on the report window.
 * @throws DomainError INPUT_INVALID for bad options (those of the history included).
 * @example const m = buildRegisterModel({ points, until: '2026-12-02', seed, calendar, staffingModel,
 *   fieldsModel, procedures }); for (const day of registerDays(m)) …
 */
export function buildRegisterModel(o: RegisterOptions): RegisterModel {
  checkOptions(o);
  const ranges = (o.ranges ?? registerRanges(o.until)).map((r) => ({ ...r }));
  const first = ranges.map((r) => r.from).sort()[0] ?? o.until;
  const history =
    o.history ??
    buildHistoryModel({
      points: o.points,
      from: o.historyFrom ?? first,
      until: o.until,
      seed: o.seed,
      calendar: o.calendar,
      staffingModel: o.staffingModel,
      fieldsModel: o.fieldsModel,
    });
  const procs: ProcInfo[] = o.procedures.map((p) => ({
    code: p.code,
    name: p.name_vi.normalize('NFC'),
    deadline: p.deadline,
    fullOnline: p.full_online,
    reception: p.minutes.reception,
    digitisation: p.minutes.digitisation,
  }));
  const other = o.fieldsModel.fields.other;
  procs.push({
    code: null,
    name: OTHER_PROCEDURE_NAME.normalize('NFC'),
    deadline: { working_days: other.deadline_working_days },
    fullOnline: false,
    reception: other.standard_minutes.in_person.reception,
    digitisation: 2,
  });
  const otherIdx = procs.length - 1;
  const pick: RegisterModel['pick'] = [];
  for (let c = 0; c < NC; c++)
    for (let f = 0; f < NF; f++) {
      const idx: number[] = [];
      const cum: number[] = [];
      let s = 0;
      o.procedures.forEach((p, i) => {
        if (p.field !== FIELDS[f]) return;
        let w = PROCEDURE_WEIGHT[p.id] ?? 1;
        if (c === ONLINE) w *= p.full_online ? 3 : 1;
        else if (p.full_online) w *= 0.7;
        s += w;
        idx.push(i);
        cum.push(s);
      });
      if (idx.length === 0) {
        idx.push(otherIdx);
        cum.push(1);
      }
      pick.push({ idx, cum });
    }
  const profOverdue = new Map(history.profiles.map((p) => [p.code, p.overdueFactor]));
  const points: PointInfo[] = o.points.map((p) => ({
    code: p.code,
    hash: hashString(p.code),
    counters: Math.max(1, p.counters),
    hours: p.opening_hours,
    central: km(p, CENTRE) <= CENTRAL_KM,
    neighbours: o.points
      .map((q, j) => ({ j, d: q.code === p.code ? Number.POSITIVE_INFINITY : km(p, q) }))
      .sort((a, b) => a.d - b.d || a.j - b.j)
      .slice(0, Math.min(CROSS_NEIGHBOURS, o.points.length - 1))
      .map((x) => x.j),
    overdue: profOverdue.get(p.code) ?? 1,
  }));
  const popCum: number[] = [];
  let pop = 0;
  for (const p of o.points) {
    pop += Math.max(1, p.population);
    popCum.push(pop);
  }
  // Working-day table from the history's first day to well past `until` (late finishes, hand-overs).
  const lo = history.lo;
  const hi = toEpochDay(o.until) + 400;
  const cum = new Int32Array(hi - lo + 1);
  const work: number[] = [];
  let n = 0;
  for (let e = lo; e <= hi; e++) {
    if (o.calendar.isWorkday(fromEpochDay(e))) {
      work.push(e);
      n++;
    }
    cum[e - lo] = n;
  }
  const m: RegisterModel = {
    options: o,
    history,
    ranges,
    procs,
    pick,
    points,
    pointIndex: new Map(o.points.map((p, i) => [p.code, i])),
    popCum,
    lo,
    cum,
    work,
    alpha: 0,
    beta: 0,
    untilDay: toEpochDay(o.until),
    ticketsFrom: toEpochDay(o.ticketsFrom ?? addDays(o.until, -89)),
    dueCache: new Map(),
  };
  calibrate(m);
  return m;
}

/** The day `k` working days after day `e` (k = 0: `e` itself). */
function addWork(m: RegisterModel, e: number, k: number): number {
  if (k <= 0) return e;
  return m.work[m.cum[e - m.lo]! + k - 1] ?? e + Math.ceil((k * 7) / 5);
}

/** Working days strictly after `a` up to and including `b`. */
function workBetween(m: RegisterModel, a: number, b: number): number {
  return b <= a ? 0 : m.cum[b - m.lo]! - m.cum[a - m.lo]!;
}

function due(m: RegisterModel, proc: number, day: number, sec: number): number {
  const d = m.procs[proc]!.deadline;
  const late = 'same_day' in d && sec >= cutoffSec(d.cutoff) ? 1 : 0;
  const key = ((day - m.lo) * m.procs.length + proc) * 2 + late;
  let v = m.dueCache.get(key);
  if (v === undefined) {
    v = toEpochDay(
      dueDate(d, fromEpochDay(day), late && 'same_day' in d ? d.cutoff : undefined, m.options.calendar),
    );
    m.dueCache.set(key, v);
  }
  return v;
}

const cutoffSec = (hhmm: string) => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;
const hmSec = (hhmm: string) => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;

/** Segments [start, end) seconds with a weight per second, from the hourly profile cut to the sessions. */
interface Profile {
  starts: number[];
  ends: number[];
  cum: number[];
  close: number;
}

const profileCache = new Map<string, Profile>();

function profileFor(sessions: ReadonlyArray<readonly [string, string]>, hourly: readonly number[]): Profile {
  const key = `${sessions.map((s) => s.join('-')).join(';')}|${hourly.join(',')}`;
  const hit = profileCache.get(key);
  if (hit) return hit;
  const starts: number[] = [];
  const ends: number[] = [];
  const weights: number[] = [];
  for (const [a, b] of sessions) {
    const s0 = hmSec(a);
    const s1 = hmSec(b);
    for (let h = 0; h < 24; h++) {
      const x0 = Math.max(s0, h * 3600);
      const x1 = Math.min(s1, (h + 1) * 3600);
      if (x1 > x0) {
        starts.push(x0);
        ends.push(x1);
        weights.push((hourly[h] ?? 0) * (x1 - x0));
      }
    }
  }
  // Sessions the profile gives no weight (e.g. an unusual evening session): uniform over the sessions.
  if (!weights.some((w) => w > 0))
    for (let i = 0; i < weights.length; i++) weights[i] = ends[i]! - starts[i]!;
  const cum: number[] = [];
  let s = 0;
  for (const w of weights) {
    s += w;
    cum.push(s);
  }
  const p = { starts, ends, cum, close: ends.length ? Math.max(...ends) : 17 * 3600 };
  profileCache.set(key, p);
  return p;
}

function drawTime(p: Profile, rng: Random): number {
  const total = p.cum[p.cum.length - 1] ?? 0;
  if (total <= 0) return 8 * 3600;
  const u = rng.uniform() * total;
  let i = 0;
  while (i < p.cum.length - 1 && p.cum[i]! <= u) i++;
  return Math.floor(p.starts[i]! + rng.uniform() * (p.ends[i]! - p.starts[i]!));
}

function pickIndex(cum: readonly number[], u: number): number {
  const x = u * cum[cum.length - 1]!;
  let i = 0;
  while (i < cum.length - 1 && cum[i]! <= x) i++;
  return i;
}

/** A working-day time for a finish or hand-over on `day`, after `after` seconds when given. */
function workTime(p: Profile, rng: Random, after: number): number {
  if (after < 0) return drawTime(p, rng);
  const end = Math.max(p.close, after + 600);
  return Math.floor(after + 60 + rng.uniform() * (end - after - 60));
}

/** Drafts of one point-day from its history cells (`cells[c * NF + f]` = received). */
function draftDay(m: RegisterModel, pi: number, e: number, cells: Int32Array) {
  const o = m.options;
  const pt = m.points[pi]!;
  const iso = fromEpochDay(e);
  const rng = new Random(mixSeed(o.seed, e, pt.hash, 11));
  const sessions = o.calendar.sessions(iso, pt.hours, pt.code);
  const weekend = isoWeekday(iso) >= 6 && !o.calendar.isWorkday(iso);
  const profile = profileFor(
    sessions.length ? sessions : (pt.hours.weekday as Array<[string, string]>),
    weekend ? o.staffingModel.intraday_profile.saturday : o.staffingModel.intraday_profile.weekday,
  );
  const workProfile = profileFor(
    o.staffingModel.opening_hours.weekday as Array<[string, string]>,
    o.staffingModel.intraday_profile.weekday,
  );
  const drafts: Draft[] = [];
  const tickets: DraftTicket[] = [];
  for (let c = 0; c < NC; c++)
    for (let f = 0; f < NF; f++) {
      const n = cells[c * NF + f]!;
      const pk = m.pick[c * NF + f]!;
      for (let k = 0; k < n; k++) {
        const proc = pk.idx[pickIndex(pk.cum, rng.uniform())]!;
        const info = m.procs[proc]!;
        const arrival = drawTime(profile, rng);
        let ticket = -1;
        if (c === IN_PERSON) {
          const mins = info.reception + info.digitisation;
          ticket = tickets.length;
          tickets.push({
            issued: arrival,
            called: 0,
            // service seconds for now; the queue below turns it into the finish time
            finished: Math.max(60, Math.round(mins * 60 * rng.shock(SERVICE_SIGMA))),
            counter: 0,
            field: f,
            abandoned: false,
          });
        }
        // Cross-point filing (one-tier model).
        let competent = pi;
        const q = CROSS_SHARE[c]! * (pt.central ? CROSS_CENTRAL_FACTOR : 1);
        const u = rng.uniform();
        const u2 = rng.uniform();
        if (u < q && m.points.length > 1) {
          const near = pt.central ? 0.6 : 0.85;
          if (u2 < near && pt.neighbours.length) competent = pt.neighbours[rng.int(pt.neighbours.length)]!;
          else {
            competent = pickIndex(m.popCum, rng.uniform());
            if (competent === pi) competent = pt.neighbours[0] ?? pi;
          }
        } else rng.uniform();
        const level: 0 | 1 | 2 =
          c !== ONLINE ? 0 : info.fullOnline && rng.uniform() < FULL_ONLINE_LEVEL ? 1 : 2;
        drafts.push({
          c,
          f,
          proc,
          recvDay: e,
          recvSec: arrival,
          dueDay: 0,
          competent,
          digitised: rng.uniform() < DIGITISED[c]!,
          electronic: rng.uniform() < ELECTRONIC_RESULT[c]!,
          level,
          uWithdraw: rng.uniform(),
          uOverdue: rng.uniform(),
          onTimeDay: 0,
          onTimeSec: 0,
          lateDay: 0,
          lateSec: 0,
          withdrawDay: 0,
          returnLag: RETURN_LAG[pickIndex(RETURN_LAG_P_CUM, rng.uniform())]!,
          returnSec: 0,
          ticket,
        });
      }
    }
  // Counters: first come, first served; digitisation at the counter is part of the service.
  if (tickets.length) {
    const order = tickets.map((_, i) => i).sort((a, b) => tickets[a]!.issued - tickets[b]!.issued || a - b);
    const free = new Array<number>(pt.counters).fill(0);
    for (const i of order) {
      const t = tickets[i]!;
      let s = 0;
      for (let j = 1; j < free.length; j++) if (free[j]! < free[s]!) s = j;
      const start = Math.max(t.issued + 5, free[s]!);
      t.called = start;
      t.finished = start + t.finished;
      t.counter = s + 1;
      free[s] = t.finished;
    }
    const inPerson = tickets.length;
    const extra = rng.binomial(inPerson, ABANDONED_PER_DOSSIER);
    for (let k = 0; k < extra; k++)
      tickets.push({
        issued: drawTime(profile, rng),
        called: -1,
        finished: -1,
        counter: 0,
        field: rng.int(NF),
        abandoned: true,
      });
  }
  for (const d of drafts) {
    if (d.ticket >= 0) d.recvSec = tickets[d.ticket]!.finished;
    d.dueDay = due(m, d.proc, e, d.recvSec);
    const span = workBetween(m, e, d.dueDay);
    // On time: the share of the term used follows 1 − (1 − x)² beyond a same-day share (as history.ts).
    const u = rng.uniform();
    const s = SAME_DAY[d.f]!;
    if (span === 0 || u < s) {
      d.onTimeDay = span === 0 ? d.dueDay : e;
      d.onTimeSec = d.onTimeDay === e ? workTime(profile, rng, d.recvSec) : drawTime(workProfile, rng);
    } else {
      const x = 1 - Math.sqrt(1 - (u - s) / (1 - s));
      const k = Math.min(span, Math.max(1, Math.ceil(x * span)));
      d.onTimeDay = Math.min(d.dueDay, addWork(m, e, k));
      d.onTimeSec = drawTime(workProfile, rng);
    }
    // Late: between one working day and max(2, term) working days after the due date.
    d.lateDay = addWork(m, d.dueDay, 1 + rng.int(Math.max(2, span)));
    d.lateSec = drawTime(workProfile, rng);
    d.withdrawDay = addWork(m, e, 1 + rng.int(Math.max(1, span)));
    d.returnSec = drawTime(workProfile, rng);
  }
  return { drafts, tickets };
}

const RETURN_LAG_P_CUM = (() => {
  let s = 0;
  return RETURN_LAG_P.map((p) => {
    s += p;
    return s;
  });
})();

/** Each point-day of the register's ranges with its history cells. */
function* pointDays(m: RegisterModel): Generator<{ pi: number; e: number; cells: Int32Array }> {
  for (const r of m.ranges) {
    let cur = -1;
    let pi = -1;
    let cells = new Int32Array(NC * NF);
    for (const row of historyRows(m.history, r.from, r.to)) {
      const e = toEpochDay(row.date);
      const p = m.pointIndex.get(row.point);
      if (p === undefined) continue;
      if (e !== cur || p !== pi) {
        if (pi >= 0) yield { pi, e: cur, cells };
        cur = e;
        pi = p;
        cells = new Int32Array(NC * NF);
      }
      cells[CHANNELS.indexOf(row.channel) * NF + FIELDS.indexOf(row.field)] = row.received;
    }
    if (pi >= 0) yield { pi, e: cur, cells };
  }
}

type Outcome = 'withdrawn' | 'late' | 'on_time';

function outcome(m: RegisterModel, d: Draft, pi: number, alpha = m.alpha, beta = m.beta): Outcome {
  if (d.uWithdraw < alpha * WITHDRAW_WEIGHT[d.f]!) return 'withdrawn';
  const q = Math.min(0.5, beta * OVERDUE_WEIGHT[d.f]! * m.points[pi]!.overdue);
  return d.uOverdue < q ? 'late' : 'on_time';
}

/**
 * α and β such that, on the register at the report date, the report's finished share and on-time share hold
 * for the dossiers received in its window. Both counts are step functions of α and β: solved by bisection
 * on the drafts of the window (alternating, a few rounds: each rate hardly moves the other's count).
 */
function calibrate(m: RegisterModel): void {
  const from = toEpochDay(REPORT_Q3_2025.from);
  const report = toEpochDay(REGISTER_REPORT_DATE);
  const keyW: number[] = [];
  const keyO: number[] = [];
  const onOk: boolean[] = [];
  const lateOk: boolean[] = [];
  for (const { pi, e, cells } of pointDays(m)) {
    if (e < from || e > report) continue;
    for (const d of draftDay(m, pi, e, cells).drafts) {
      keyW.push(d.uWithdraw / WITHDRAW_WEIGHT[d.f]!);
      keyO.push(
        d.uOverdue >= 0.5
          ? Number.POSITIVE_INFINITY
          : d.uOverdue / (OVERDUE_WEIGHT[d.f]! * m.points[pi]!.overdue),
      );
      onOk.push(d.onTimeDay <= report);
      lateOk.push(d.lateDay <= report);
    }
  }
  const n = keyW.length;
  if (n === 0) throw new DomainError('INPUT_INVALID', 'no dossier in the report window');
  const counts = (alpha: number, beta: number) => {
    let finished = 0;
    let late = 0;
    for (let i = 0; i < n; i++) {
      if (keyW[i]! < alpha) continue;
      if (keyO[i]! < beta) {
        if (lateOk[i]) {
          finished++;
          late++;
        }
      } else if (onOk[i]) finished++;
    }
    return { finished, late };
  };
  const targetFinished = REPORT_Q3_2025.resolvedShare * n;
  const targetLate = 1 - REPORT_Q3_2025.onTimeShareOfResolved;
  let alpha = 0;
  let beta = 0;
  for (let round = 0; round < 4; round++) {
    let a = 0;
    let b = 20;
    for (let i = 0; i < 40; i++) {
      const mid = (a + b) / 2;
      if (counts(mid, beta).finished > targetFinished) a = mid;
      else b = mid;
    }
    alpha = (a + b) / 2;
    a = 0;
    b = 1;
    for (let i = 0; i < 40; i++) {
      const mid = (a + b) / 2;
      const c = counts(alpha, mid);
      if (c.late / Math.max(1, c.finished) < targetLate) a = mid;
      else b = mid;
    }
    beta = (a + b) / 2;
  }
  m.alpha = alpha;
  m.beta = beta;
}

const pad2 = (v: number) => (v < 10 ? `0${v}` : `${v}`);
const HM = Array.from({ length: 24 * 60 }, (_, i) => `${pad2(Math.floor(i / 60))}:${pad2(i % 60)}`);
const hm = (sec: number) => HM[Math.min(HM.length - 1, Math.max(0, Math.floor(sec / 60)))]!;
/** Seconds of the day → `HH:MM:SS`, clamped to the day as a whole (a queue past midnight ends at 23:59:59, in order). */
const hms = (sec: number) => {
  const s = Math.min(86_399, Math.max(0, Math.floor(sec)));
  return `${HM[Math.floor(s / 60)]!}:${pad2(s % 60)}`;
};

/**
 * The register, point-day by point-day in the ranges' date order (points in input order): dossiers and the
 * tickets of the in-person ones (plus abandoned tickets). Deterministic for a seed.
 */
export function* registerDays(m: RegisterModel): Generator<RegisterDay> {
  const isoOf = new Map<number, string>();
  const iso = (e: number) => {
    let s = isoOf.get(e);
    if (s === undefined) {
      s = fromEpochDay(e);
      isoOf.set(e, s);
    }
    return s;
  };
  for (const { pi, e, cells } of pointDays(m)) {
    const pt = m.points[pi]!;
    const date = iso(e);
    const { drafts, tickets } = draftDay(m, pi, e, cells);
    const order = drafts.map((_, i) => i).sort((a, b) => drafts[a]!.recvSec - drafts[b]!.recvSec || a - b);
    const prefix = `H26.${pt.code}-${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}-`;
    const dossiers: SampleDossier[] = [];
    for (let k = 0; k < order.length; k++) {
      const d = drafts[order[k]!]!;
      const info = m.procs[d.proc]!;
      const oc = outcome(m, d, pi);
      let finished: string | null = null;
      let returned: string | null = null;
      let withdrawn = false;
      if (oc === 'withdrawn') withdrawn = d.withdrawDay <= m.untilDay;
      else {
        const day = oc === 'late' ? d.lateDay : d.onTimeDay;
        const sec = oc === 'late' ? d.lateSec : d.onTimeSec;
        if (day <= m.untilDay) {
          finished = `${iso(day)} ${hm(sec)}`;
          const lag = d.electronic ? 0 : d.returnLag;
          const rDay = addWork(m, day, lag);
          if (rDay <= m.untilDay)
            returned =
              lag === 0
                ? d.electronic
                  ? finished
                  : `${iso(rDay)} ${hm(Math.max(sec + 60, d.returnSec))}`
                : `${iso(rDay)} ${hm(d.returnSec)}`;
        }
      }
      dossiers.push({
        code: `${prefix}${String(k + 1).padStart(4, '0')}`,
        procedure_code: info.code,
        procedure_name: info.name,
        field: FIELDS[d.f]!,
        channel: CHANNELS[d.c]!,
        online_level: d.level === 1 ? 'full' : d.level === 2 ? 'partial' : null,
        receiving_point: pt.code,
        competent_unit: m.points[d.competent]!.code,
        received_at: `${date} ${hm(d.recvSec)}`,
        due_at: iso(d.dueDay),
        finished_at: finished,
        returned_at: returned,
        digitised: d.digitised,
        electronic_result: finished !== null && d.electronic,
        withdrawn,
      });
    }
    if (e < m.ticketsFrom) tickets.length = 0;
    const tOrder = tickets.map((_, i) => i).sort((a, b) => tickets[a]!.issued - tickets[b]!.issued || a - b);
    const out: SampleTicket[] = tOrder.map((i, k) => {
      const t = tickets[i]!;
      return {
        point: pt.code,
        number: k + 1,
        counter: t.abandoned ? null : t.counter,
        field: FIELDS[t.field]!,
        issued_at: `${date} ${hms(t.issued)}`,
        called_at: t.abandoned ? null : `${date} ${hms(t.called)}`,
        finished_at: t.abandoned ? null : `${date} ${hms(t.finished)}`,
        abandoned: t.abandoned,
      };
    });
    yield { date, point: pt.code, dossiers, tickets: out };
  }
}

export interface RegisterFigures {
  window: DayRange;
  reportDate: string;
  received: number;
  byChannel: Record<Channel, number>;
  channelShare: Record<Channel, number>;
  /** finished on or before the report date */
  finished: number;
  finishedShare: number;
  /** of the finished, finished on or before their due date */
  onTime: number;
  onTimeShareOfFinished: number;
  overdue: number;
  overdueShareByField: Record<Field, number>;
  withdrawn: number;
  /** received at a point other than the competent unit */
  crossPoint: number;
  crossPointShare: number;
  crossPointShareByChannel: Record<Channel, number>;
  digitisedShare: number;
  /** of the finished (by the report date), with an electronic result */
  electronicShareOfFinished: number;
}

/**
 * The report's figures counted on register rows (received in `window`, finished by `reportDate`), with the
 * register's own shares: cross-point filing, digitisation, electronic results. One pass; any order.
 * @example registerFigures(dossiers).finishedShare // ≈ 0.961
 */
export function registerFigures(
  dossiers: Iterable<
    Pick<
      SampleDossier,
      | 'channel'
      | 'field'
      | 'receiving_point'
      | 'competent_unit'
      | 'received_at'
      | 'due_at'
      | 'finished_at'
      | 'digitised'
      | 'electronic_result'
      | 'withdrawn'
    >
  >,
  window: DayRange = { from: REPORT_Q3_2025.from, to: REPORT_Q3_2025.to },
  reportDate: string = REGISTER_REPORT_DATE,
): RegisterFigures {
  const zero = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const byChannel = zero(CHANNELS);
  const crossByChannel = zero(CHANNELS);
  const overdueByField = zero(FIELDS);
  let received = 0;
  let finished = 0;
  let onTime = 0;
  let withdrawn = 0;
  let cross = 0;
  let digitised = 0;
  let electronic = 0;
  for (const d of dossiers) {
    const day = d.received_at.slice(0, 10);
    if (day < window.from || day > window.to) continue;
    received++;
    byChannel[d.channel]++;
    if (d.receiving_point !== d.competent_unit) {
      cross++;
      crossByChannel[d.channel]++;
    }
    if (d.digitised) digitised++;
    if (d.withdrawn) withdrawn++;
    const fin = d.finished_at?.slice(0, 10);
    if (fin === undefined || fin > reportDate) continue;
    finished++;
    if (d.electronic_result) electronic++;
    if (fin <= d.due_at) onTime++;
    else overdueByField[d.field]++;
  }
  const share = <K extends string>(counts: Record<K, number>, of: (k: K) => number) =>
    Object.fromEntries(
      Object.entries(counts).map(([k, v]) => [k, of(k as K) > 0 ? (v as number) / of(k as K) : 0]),
    ) as Record<K, number>;
  const overdue = finished - onTime;
  return {
    window: { ...window },
    reportDate,
    received,
    byChannel,
    channelShare: share(byChannel, () => received),
    finished,
    finishedShare: received ? finished / received : 0,
    onTime,
    onTimeShareOfFinished: finished ? onTime / finished : 0,
    overdue,
    overdueShareByField: share(overdueByField, () => overdue),
    withdrawn,
    crossPoint: cross,
    crossPointShare: received ? cross / received : 0,
    crossPointShareByChannel: share(crossByChannel, (c) => byChannel[c]),
    digitisedShare: received ? digitised / received : 0,
    electronicShareOfFinished: finished ? electronic / finished : 0,
  };
}
