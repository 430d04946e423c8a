import type { Msg } from '../messages.ts';
import type { RosterMove } from './roster.ts';

/** A move as the diff shows it: where the person goes that day, for how long, and why. */
export interface MoveSide {
  from: string;
  to: string;
  minutes: number;
  reason: Msg;
}

export interface MoveRef extends MoveSide {
  date: string;
  staff_id: string;
  name: string;
}

export interface ChangedMove {
  date: string;
  staff_id: string;
  name: string;
  /** the move in plan a */
  before: MoveSide;
  /** the move in plan b */
  after: MoveSide;
}

export interface MovesDiff {
  /** in plan b only: nobody moved that person that day in plan a */
  added: MoveRef[];
  /** in plan a only */
  removed: MoveRef[];
  /** the same person and day in both, to another point or for other minutes */
  changed: ChangedMove[];
}

const side = (m: RosterMove): MoveSide => ({ from: m.from, to: m.to, minutes: m.minutes, reason: m.reason });
const ref = (m: RosterMove): MoveRef => ({ date: m.date, staff_id: m.staff_id, name: m.name, ...side(m) });
/** Minutes closer than this are the same (they are sums of fractional minutes). */
const MINUTES_EPS = 1e-6;
const same = (x: RosterMove, y: RosterMove) =>
  x.from === y.from && x.to === y.to && Math.abs(x.minutes - y.minutes) < MINUTES_EPS;
const order = (x: { date: string; staff_id: string }, y: { date: string; staff_id: string }) =>
  x.date.localeCompare(y.date) || x.staff_id.localeCompare(y.staff_id);

/**
 * The named moves of plan `b` against plan `a`, person by person and day by day. A person moved on the same
 * day in both plans is `changed` when the destination, origin or minutes differ (unchanged otherwise); a
 * person moved that day in one plan only is `added` (b) or `removed` (a). Should a person have several
 * moves on one day, identical moves cancel first and the rest pair up in order.
 */
export function diffRosterMoves(a: readonly RosterMove[], b: readonly RosterMove[]): MovesDiff {
  const group = (moves: readonly RosterMove[]) => {
    const out = new Map<string, RosterMove[]>();
    for (const m of moves) {
      const k = `${m.date}|${m.staff_id}`;
      const list = out.get(k);
      if (list) list.push(m);
      else out.set(k, [m]);
    }
    return out;
  };
  const ga = group(a);
  const gb = group(b);
  const diff: MovesDiff = { added: [], removed: [], changed: [] };
  for (const [k, listB] of gb) {
    const restA = [...(ga.get(k) ?? [])];
    const restB: RosterMove[] = [];
    for (const m of listB) {
      const i = restA.findIndex((x) => same(x, m));
      if (i >= 0) restA.splice(i, 1);
      else restB.push(m);
    }
    const pairs = Math.min(restA.length, restB.length);
    for (let i = 0; i < pairs; i++) {
      const before = restA[i]!;
      const after = restB[i]!;
      diff.changed.push({
        date: after.date,
        staff_id: after.staff_id,
        name: after.name,
        before: side(before),
        after: side(after),
      });
    }
    for (const m of restB.slice(pairs)) diff.added.push(ref(m));
    for (const m of restA.slice(pairs)) diff.removed.push(ref(m));
  }
  for (const [k, listA] of ga) if (!gb.has(k)) for (const m of listA) diff.removed.push(ref(m));
  diff.added.sort(order);
  diff.removed.sort(order);
  diff.changed.sort(order);
  return diff;
}
