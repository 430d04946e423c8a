/**
 * The supervision indicators (Decision 766/QĐ-TTg groups; formulas in docs/indicators.md), computed from the
 * aggregates the store reads: per key (point, branch or city) and period. Pure.
 */
import { type MessageKey, type Msg, msg } from '../messages.ts';

export type IndicatorId =
  | 'received'
  | 'received_in_person'
  | 'received_online'
  | 'received_postal'
  | 'online_share'
  | 'full_online_share'
  | 'postal_share'
  | 'digitised_share'
  | 'resolved'
  | 'resolved_in_time_share'
  | 'resolved_early_share'
  | 'resolved_on_time_share'
  | 'resolved_overdue_share'
  | 'pending_past_due'
  | 'electronic_result_share'
  | 'tickets'
  | 'wait_median_min'
  | 'wait_p90_min'
  | 'service_median_min'
  | 'service_p90_min'
  | 'abandoned_share';

export type IndicatorGroup = 'reception' | 'online' | 'digitisation' | 'progress' | 'counter';

export interface IndicatorDef {
  id: IndicatorId;
  group: IndicatorGroup;
  /** whose work it measures: where dossiers are filed, the unit that decides them, or the counters */
  side: 'receiving' | 'competent' | 'counter';
  unit: 'count' | 'share' | 'minutes';
  /** which way is better for the ranking (none: not ranked) */
  better: 'higher' | 'lower' | null;
  /** the indicator is one of Decision 766/QĐ-TTg's, its Vietnamese name in the Decision's words */
  decision_766: boolean;
  /** counts alone (daily_volumes) allow it */
  from_daily_counts: boolean;
}

const def = (
  id: IndicatorId,
  group: IndicatorGroup,
  side: IndicatorDef['side'],
  unit: IndicatorDef['unit'],
  better: IndicatorDef['better'],
  decision_766: boolean,
  from_daily_counts: boolean,
): IndicatorDef => ({ id, group, side, unit, better, decision_766, from_daily_counts });

/** Every indicator, in display order. */
export const INDICATORS: readonly IndicatorDef[] = [
  def('received', 'reception', 'receiving', 'count', null, false, true),
  def('received_in_person', 'reception', 'receiving', 'count', null, false, true),
  def('received_online', 'reception', 'receiving', 'count', null, false, true),
  def('received_postal', 'reception', 'receiving', 'count', null, false, true),
  def('online_share', 'online', 'receiving', 'share', 'higher', true, true),
  def('full_online_share', 'online', 'receiving', 'share', 'higher', true, false),
  def('postal_share', 'reception', 'receiving', 'share', null, false, true),
  def('digitised_share', 'digitisation', 'receiving', 'share', 'higher', true, false),
  def('resolved', 'progress', 'competent', 'count', null, false, true),
  def('resolved_in_time_share', 'progress', 'competent', 'share', 'higher', true, true),
  def('resolved_early_share', 'progress', 'competent', 'share', 'higher', true, false),
  def('resolved_on_time_share', 'progress', 'competent', 'share', null, true, false),
  def('resolved_overdue_share', 'progress', 'competent', 'share', 'lower', true, true),
  def('pending_past_due', 'progress', 'competent', 'count', 'lower', true, false),
  def('electronic_result_share', 'digitisation', 'competent', 'share', 'higher', true, false),
  def('tickets', 'counter', 'counter', 'count', null, false, false),
  def('wait_median_min', 'counter', 'counter', 'minutes', 'lower', false, false),
  def('wait_p90_min', 'counter', 'counter', 'minutes', 'lower', false, false),
  def('service_median_min', 'counter', 'counter', 'minutes', null, false, false),
  def('service_p90_min', 'counter', 'counter', 'minutes', null, false, false),
  def('abandoned_share', 'counter', 'counter', 'share', 'lower', false, false),
];

/** Decision 766 indicators the register cannot give at all, and why. */
export const NOT_IN_REGISTER: ReadonlyArray<{ id: string; reason_key: MessageKey }> = [
  { id: 'publicity', reason_key: 'ind.na.publicity' },
  { id: 'online_payment_share', reason_key: 'ind.na.online_payment' },
  { id: 'satisfaction', reason_key: 'ind.na.satisfaction' },
];

/** Aggregates of one key and period, as the store reads them (any part may be missing). */
export interface IndicatorInputs {
  receiving?: {
    received: number;
    in_person: number;
    online: number;
    postal: number;
    full_online: number;
    online_level_known: number;
    digitised_in_person: number;
    digitised_known: number;
  };
  resolved?: {
    resolved: number;
    early: number;
    on_time: number;
    overdue: number;
    electronic: number;
    electronic_known: number;
  };
  pending_past_due?: number;
  /** the register covers this key and period (pending past due is 0, not unknown, where none was found) */
  register?: boolean;
  tickets?: {
    tickets: number;
    abandoned: number;
    wait_median_min: number | null;
    wait_p90_min: number | null;
    service_median_min: number | null;
    service_p90_min: number | null;
  };
  daily?: {
    received: number;
    in_person: number;
    online: number;
    postal: number;
    resolved: number;
    on_time: number;
    overdue: number;
  };
}

export type IndicatorValues = Partial<Record<IndicatorId, number | null>>;

export interface IndicatorResult {
  values: IndicatorValues;
  /** why an indicator has no value here */
  /** indicators the data cannot give, each with why (a catalogue message) */
  unavailable: Array<{ id: IndicatorId; reason: Msg }>;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const r1 = (x: number) => Math.round(x * 10) / 10;
const share = (a: number, b: number) => (b > 0 ? r4(a / b) : null);

/**
 * The indicator values of one key and period. Counts add the register and daily counts (they cover different
 * point-days); indicators that need a register field are computed on register rows and, where there are none,
 * say why not.
 * @example computeIndicators({ daily: { received: 10, in_person: 4, online: 6, postal: 0, resolved: 8, on_time: 8, overdue: 0 } }).values.online_share // 0.6
 */
export function computeIndicators(x: IndicatorInputs): IndicatorResult {
  const v: IndicatorValues = {};
  const un: IndicatorResult['unavailable'] = [];
  const why = (id: IndicatorId, key: MessageKey) => {
    un.push({ id, reason: msg(key) });
    v[id] = null;
  };
  const rc = x.receiving;
  const d = x.daily;
  const received = (rc?.received ?? 0) + (d?.received ?? 0);
  const inPerson = (rc?.in_person ?? 0) + (d?.in_person ?? 0);
  const online = (rc?.online ?? 0) + (d?.online ?? 0);
  const postal = (rc?.postal ?? 0) + (d?.postal ?? 0);
  v.received = received;
  v.received_in_person = inPerson;
  v.received_online = online;
  v.received_postal = postal;
  v.online_share = share(online, received);
  v.postal_share = share(postal, received);
  if (received === 0)
    for (const id of ['online_share', 'postal_share'] as const) why(id, 'ind.na.none_received');
  const regReceived = rc?.received ?? 0;
  if (regReceived > 0) {
    if (rc!.online_level_known > 0 || rc!.online === 0)
      v.full_online_share = share(rc!.full_online, regReceived);
    else why('full_online_share', 'ind.na.no_online_level');
    if (rc!.digitised_known > 0) v.digitised_share = share(rc!.digitised_in_person, rc!.digitised_known);
    else if (rc!.in_person === 0) why('digitised_share', 'ind.na.none_in_person');
    else why('digitised_share', 'ind.na.no_digitised_flag');
  } else {
    const key = d && d.received > 0 ? 'ind.na.daily_counts_only' : 'ind.na.none_received';
    why('full_online_share', key);
    why('digitised_share', key);
  }
  const rs = x.resolved;
  const resolved = (rs?.resolved ?? 0) + (d?.resolved ?? 0);
  v.resolved = resolved;
  if (resolved > 0) {
    const inTime = (rs ? rs.early + rs.on_time : 0) + (d?.on_time ?? 0);
    v.resolved_in_time_share = share(inTime, resolved);
    v.resolved_overdue_share = share((rs?.overdue ?? 0) + (d?.overdue ?? 0), resolved);
  } else {
    why('resolved_in_time_share', 'ind.na.none_resolved');
    why('resolved_overdue_share', 'ind.na.none_resolved');
  }
  if (rs && rs.resolved > 0) {
    v.resolved_early_share = share(rs.early, rs.resolved);
    v.resolved_on_time_share = share(rs.on_time, rs.resolved);
    if (rs.electronic_known > 0) v.electronic_result_share = share(rs.electronic, rs.electronic_known);
    else why('electronic_result_share', 'ind.na.no_electronic_flag');
  } else {
    const key = d && d.resolved > 0 ? 'ind.na.daily_counts_only' : 'ind.na.none_resolved';
    why('resolved_early_share', key === 'ind.na.daily_counts_only' ? 'ind.na.daily_no_early' : key);
    why('resolved_on_time_share', key === 'ind.na.daily_counts_only' ? 'ind.na.daily_no_early' : key);
    why('electronic_result_share', key);
  }
  if (x.register || x.pending_past_due !== undefined) v.pending_past_due = x.pending_past_due ?? 0;
  else why('pending_past_due', d ? 'ind.na.daily_counts_only' : 'ind.na.no_register');
  const t = x.tickets;
  if (t && t.tickets > 0) {
    v.tickets = t.tickets;
    v.wait_median_min = t.wait_median_min === null ? null : r1(t.wait_median_min);
    v.wait_p90_min = t.wait_p90_min === null ? null : r1(t.wait_p90_min);
    v.service_median_min = t.service_median_min === null ? null : r1(t.service_median_min);
    v.service_p90_min = t.service_p90_min === null ? null : r1(t.service_p90_min);
    v.abandoned_share = share(t.abandoned, t.tickets);
  } else
    for (const id of [
      'tickets',
      'wait_median_min',
      'wait_p90_min',
      'service_median_min',
      'service_p90_min',
      'abandoned_share',
    ] as const)
      why(id, 'ind.na.no_tickets');
  return { values: v, unavailable: un };
}

/**
 * Competition ranks (1 = best; ties share a rank) of each key's value among `rows` for every indicator with a
 * direction; keys without a value get no rank.
 * @example rankKeys([{ key: 'A', values: { online_share: 0.5 } }, { key: 'B', values: { online_share: 0.7 } }]).get('B') // { online_share: 1 }
 */
export function rankKeys(
  rows: ReadonlyArray<{ key: string; values: IndicatorValues }>,
): Map<string, Partial<Record<IndicatorId, number>>> {
  const out = new Map<string, Partial<Record<IndicatorId, number>>>(rows.map((r) => [r.key, {}]));
  for (const d of INDICATORS) {
    if (!d.better) continue;
    const vals = rows
      .map((r) => ({ key: r.key, v: r.values[d.id] }))
      .filter((x): x is { key: string; v: number } => typeof x.v === 'number');
    vals.sort((a, b) => (d.better === 'higher' ? b.v - a.v : a.v - b.v) || (a.key < b.key ? -1 : 1));
    let rank = 0;
    for (let i = 0; i < vals.length; i++) {
      if (i === 0 || vals[i]!.v !== vals[i - 1]!.v) rank = i + 1;
      out.get(vals[i]!.key)![d.id] = rank;
    }
  }
  return out;
}
