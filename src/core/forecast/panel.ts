import type { WorkCalendar } from '../calendar/calendar.ts';
import { addDays, isoWeekday } from '../calendar/dates.ts';
import { DomainError } from '../errors.ts';
import { msg } from '../messages.ts';
import type { SeriesPoint } from './types.ts';

/**
 * Panels of series keyed by point × channel × field (any subset), and the hierarchy they sum up in:
 * field → channel → point → branch → city. Pure helpers the panel use case runs before and after fitting.
 */

/** A series key: any subset of point, channel and field (branch only on aggregate nodes). */
export interface PanelKey {
  point?: string;
  channel?: string;
  field?: string;
  branch?: string;
}

/** Stable id of a key: `point=P1|channel=online|field=land`; the city (empty key) is `city`. */
export function keyId(key: PanelKey): string {
  const parts: string[] = [];
  if (key.branch !== undefined) parts.push(`branch=${key.branch}`);
  if (key.point !== undefined) parts.push(`point=${key.point}`);
  if (key.channel !== undefined) parts.push(`channel=${key.channel}`);
  if (key.field !== undefined) parts.push(`field=${key.field}`);
  return parts.length === 0 ? 'city' : parts.join('|');
}

/**
 * The parent key in the hierarchy: drop the field, then the channel, then the point (to its branch when
 * `branchOf` knows it), then the branch; `null` above the city.
 */
export function parentKey(key: PanelKey, branchOf?: (point: string) => string | undefined): PanelKey | null {
  if (key.field !== undefined) return { ...key, field: undefined };
  if (key.channel !== undefined) return { ...key, channel: undefined };
  if (key.point !== undefined) {
    const branch = branchOf?.(key.point);
    return branch !== undefined ? { branch } : {};
  }
  if (key.branch !== undefined) return {};
  return null;
}

function clean(key: PanelKey): PanelKey {
  const out: PanelKey = {};
  if (key.branch !== undefined) out.branch = key.branch;
  if (key.point !== undefined) out.point = key.point;
  if (key.channel !== undefined) out.channel = key.channel;
  if (key.field !== undefined) out.field = key.field;
  return out;
}

export interface HierarchyNode {
  id: string;
  key: PanelKey;
  parent: string | null;
  /** Index of the input series at this node, when there is one. */
  series?: number;
  children: string[];
}

/**
 * Builds the tree over the input series and every ancestor up to the city.
 * @throws DomainError INPUT_INVALID when two input series have the same key.
 */
export function buildHierarchy(
  keys: readonly PanelKey[],
  branchOf?: (point: string) => string | undefined,
): Map<string, HierarchyNode> {
  const nodes = new Map<string, HierarchyNode>();
  const add = (key: PanelKey): HierarchyNode => {
    const k = clean(key);
    const id = keyId(k);
    let node = nodes.get(id);
    if (node) return node;
    const pk = parentKey(k, branchOf);
    node = { id, key: k, parent: null, children: [] };
    nodes.set(id, node);
    if (pk) {
      const parent = add(pk);
      node.parent = parent.id;
      parent.children.push(id);
    }
    return node;
  };
  keys.forEach((key, i) => {
    const node = add(key);
    if (node.series !== undefined)
      throw new DomainError('INPUT_INVALID', msg('forecast.duplicate_key', { id: node.id }), [
        { field: 'key', value: node.id, reason: msg('forecast.duplicate_key_reason') },
      ]);
    node.series = i;
  });
  return nodes;
}

/** Leaves (nodes with an input series and no children) under a node. */
export function leavesUnder(nodes: Map<string, HierarchyNode>, id: string): number[] {
  const out: number[] = [];
  const stack = [id];
  while (stack.length > 0) {
    const n = nodes.get(stack.pop()!)!;
    if (n.children.length === 0 && n.series !== undefined) out.push(n.series);
    stack.push(...n.children);
  }
  return out;
}

/**
 * Sum of several histories per date: the observed values of the date summed; a date no series observed
 * is missing.
 */
export function sumHistories(histories: ReadonlyArray<readonly SeriesPoint[]>): SeriesPoint[] {
  const sums = new Map<string, number>();
  for (const h of histories)
    for (const p of h) if (p.value !== null) sums.set(p.date, (sums.get(p.date) ?? 0) + p.value);
  return [...sums.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([date, value]) => ({ date, value }));
}

/**
 * Which weekdays (index 0 = Monday) a point opens, from its history: a weekday is open when, over the
 * last 26 weeks of the data, its total reaches 10% of the busiest weekday's total. (Holidays add nothing
 * to any weekday, so they do not bias this.)
 * @example inferOpenWeekdays([[{ date: '2025-07-07', value: 5 }]]) // [true, false, …, false]
 */
export function inferOpenWeekdays(histories: ReadonlyArray<readonly SeriesPoint[]>): boolean[] {
  let last = '';
  for (const h of histories) for (const p of h) if (p.date > last) last = p.date;
  if (!last) return [true, true, true, true, true, false, false];
  const from = addDays(last, -182);
  const sums = new Array<number>(7).fill(0);
  const present = new Array<number>(7).fill(0);
  for (const h of histories)
    for (const p of h) {
      if (p.date <= from || p.value === null) continue;
      const w = isoWeekday(p.date) - 1;
      sums[w]! += p.value;
      present[w]!++;
    }
  const max = Math.max(...sums);
  if (max <= 0) return present.map((c) => c > 0);
  return sums.map((s) => s >= 0.1 * max);
}

/**
 * Whether a point is open on a date by the calendar and its open weekdays: never on a holiday or a local
 * closure of the point, always on a make-up working day, otherwise on its open weekdays.
 */
export function calendarIsOpen(
  calendar: WorkCalendar,
  openWeekdays: readonly boolean[],
  point?: string,
): (date: string) => boolean {
  const saturday = { saturday: [['07:30', '11:30']] as Array<[string, string]> };
  const memo = new Map<string, boolean>(); // every series of a point asks about the same dates
  return (date) => {
    let open = memo.get(date);
    if (open !== undefined) return open;
    const kind = calendar.kind(date);
    if (kind === 'holiday') open = false;
    else if (kind === 'makeup_workday') open = calendar.isOpen(date, saturday, point);
    else {
      const w = isoWeekday(date);
      // WorkCalendar.isOpen applies point-specific closures (it never opens Sundays, hence the exception).
      open = openWeekdays[w - 1] === true && (w === 7 || calendar.isOpen(date, saturday, point));
    }
    memo.set(date, open);
    return open;
  };
}

/**
 * Weekday shape (mean 1 over open weekdays) of pooled histories: what a new point borrows from similar
 * points. Weekdays with nothing observed get 0.
 */
export function pooledShape(histories: ReadonlyArray<readonly SeriesPoint[]>): {
  shape: number[];
  level: number;
} {
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  for (const h of histories)
    for (const p of h) {
      if (p.value === null) continue;
      const w = isoWeekday(p.date) - 1;
      sums[w]! += p.value;
      counts[w]!++;
    }
  const means = sums.map((s, w) => (counts[w]! > 0 ? s / counts[w]! : 0));
  const openMeans = means.filter((m) => m > 0);
  const avg = openMeans.length > 0 ? openMeans.reduce((a, b) => a + b, 0) / openMeans.length : 0;
  // Level per series: the mean of the series' own daily means (pooled sums over series × days).
  const perSeries = histories.map((h) => {
    let s = 0;
    let c = 0;
    for (const p of h)
      if (p.value !== null) {
        s += p.value;
        c++;
      }
    return c > 0 ? s / c : Number.NaN;
  });
  const valid = perSeries.filter(Number.isFinite).sort((a, b) => a - b);
  const level = valid.length > 0 ? valid[valid.length >> 1]! : 0;
  return { shape: means.map((m) => (avg > 0 ? m / avg : 0)), level };
}
