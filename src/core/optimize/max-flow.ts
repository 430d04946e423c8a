/**
 * Maximum flow (Dinic) on a small graph, with the set of nodes that can still reach the sink in the
 * residual graph: for a bipartite supply/demand graph that set is a Hall violator when demand is unmet.
 */
export class MaxFlow {
  private head: number[];
  private next: number[] = [];
  private to: number[] = [];
  private cap: number[] = [];

  constructor(readonly n: number) {
    this.head = new Array(n).fill(-1);
  }

  /** Adds arc u→v with capacity c (and its residual twin); returns the arc index. */
  addArc(u: number, v: number, c: number): number {
    const e = this.to.length;
    this.to.push(v, u);
    this.cap.push(c, 0);
    this.next.push(this.head[u]!, this.head[v]!);
    this.head[u] = e;
    this.head[v] = e + 1;
    return e;
  }

  flowOn(e: number): number {
    return this.cap[e + 1]!;
  }

  run(s: number, t: number): number {
    let total = 0;
    const level = new Int32Array(this.n);
    const it = new Int32Array(this.n);
    const bfs = (): boolean => {
      level.fill(-1);
      level[s] = 0;
      const queue = [s];
      for (let i = 0; i < queue.length; i++) {
        const u = queue[i]!;
        for (let e = this.head[u]!; e >= 0; e = this.next[e]!) {
          const v = this.to[e]!;
          if (this.cap[e]! > 0 && level[v]! < 0) {
            level[v] = level[u]! + 1;
            queue.push(v);
          }
        }
      }
      return level[t]! >= 0;
    };
    const dfs = (u: number, f: number): number => {
      if (u === t) return f;
      for (; it[u]! >= 0; it[u] = this.next[it[u]!]!) {
        const e = it[u]!;
        const v = this.to[e]!;
        if (this.cap[e]! > 0 && level[v] === level[u]! + 1) {
          const d = dfs(v, Math.min(f, this.cap[e]!));
          if (d > 0) {
            this.cap[e] = this.cap[e]! - d;
            this.cap[e ^ 1] = this.cap[e ^ 1]! + d;
            return d;
          }
        }
      }
      return 0;
    };
    while (bfs()) {
      for (let u = 0; u < this.n; u++) it[u] = this.head[u]!;
      for (let f = dfs(s, Number.POSITIVE_INFINITY); f > 0; f = dfs(s, Number.POSITIVE_INFINITY)) total += f;
    }
    return total;
  }

  /** Nodes that can reach `t` in the residual graph (after `run`). */
  reachesSink(t: number): Uint8Array {
    const mark = new Uint8Array(this.n);
    mark[t] = 1;
    const queue = [t];
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i]!;
      // An arc u→v with residual capacity lets u reach v; arcs into v are the twins of v's out-list.
      for (let e = this.head[v]!; e >= 0; e = this.next[e]!) {
        const u = this.to[e]!;
        if (!mark[u] && this.cap[e ^ 1]! > 0) {
          mark[u] = 1;
          queue.push(u);
        }
      }
    }
    return mark;
  }
}
