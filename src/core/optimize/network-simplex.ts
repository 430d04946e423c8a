/**
 * Minimum-cost flow by the primal network simplex method.
 *
 * Follows LEMON's NetworkSimplex (Király & Kovács, "Efficient implementations of minimum-cost flow
 * algorithms", 2012): an artificial root joined to every node, a strongly feasible spanning tree (the
 * leaving arc is the last blocking arc met from the join node, which rules out cycling) and block-search
 * pricing. The tree is kept as parent pointers plus doubly-linked child lists, so a pivot costs the cycle
 * length plus the size of the re-hung subtree.
 *
 * Capacities and supplies must be integers (the optimum is then integral); costs may be any finite reals.
 * Upper bounds may be `Infinity`. The returned potentials give an independent dual bound (`dualBound`).
 */

const LOWER = 1;
const TREE = 0;
const UPPER = -1;

/** A network under construction: nodes are 0..nodeCount−1, arcs are added in order. */
export class FlowNetwork {
  nodeCount = 0;
  supply: number[] = [];
  from: number[] = [];
  to: number[] = [];
  lower: number[] = [];
  upper: number[] = [];
  cost: number[] = [];

  addNode(supply = 0): number {
    this.supply.push(supply);
    return this.nodeCount++;
  }

  /** Adds an arc with flow bounds [lower, upper] and a unit cost; returns its index. */
  addArc(from: number, to: number, lower: number, upper: number, cost: number): number {
    this.from.push(from);
    this.to.push(to);
    this.lower.push(lower);
    this.upper.push(upper);
    this.cost.push(cost);
    return this.from.length - 1;
  }

  get arcCount(): number {
    return this.from.length;
  }
}

/**
 * A starting basis: for every node the index of its tree arc towards the root, or −1 to hang it from the
 * artificial root; and a flow on every arc (within bounds, conserving supplies where no artificial arc
 * takes up the difference). Non-tree arcs must sit at a bound and the tree must be strongly feasible;
 * otherwise the solver quietly starts from the artificial basis instead.
 */
export interface WarmStart {
  treeArc: Int32Array;
  flow: Float64Array;
}

export interface SolveOptions {
  warmStart?: WarmStart;
  maxPivots?: number;
}

export interface FlowSolution {
  status: 'optimal' | 'infeasible';
  /** flow on each arc (within its bounds), integral */
  flow: Float64Array;
  /** node potentials π: reduced cost c̄ = cost + π[from] − π[to] is ≥ 0 at lower, ≤ 0 at upper bound */
  potential: Float64Array;
  /** Σ cost × flow */
  cost: number;
  pivots: number;
}

/**
 * Solves min Σ cost·flow s.t. out − in = supply at every node, lower ≤ flow ≤ upper.
 * @throws RangeError when supplies do not sum to zero or bounds are not integers
 * @example
 * const g = new FlowNetwork(); const s = g.addNode(2), t = g.addNode(-2);
 * g.addArc(s, t, 0, Infinity, 3); solveMinCostFlow(g).cost // 6
 */
export function solveMinCostFlow(net: FlowNetwork, options: SolveOptions = {}): FlowSolution {
  const maxPivots = options.maxPivots ?? 50_000_000;
  const n = net.nodeCount;
  const m = net.arcCount;
  const root = n;
  const all = m + n;
  const src = new Int32Array(all);
  const dst = new Int32Array(all);
  const cap = new Float64Array(all);
  const cost = new Float64Array(all);
  const flow = new Float64Array(all);
  const state = new Int8Array(all);
  const b = new Float64Array(n + 1);

  let total = 0;
  for (let v = 0; v < n; v++) {
    const s = net.supply[v]!;
    if (!Number.isInteger(s)) throw new RangeError(`supply of node ${v} is not an integer`);
    b[v] = s;
    total += s;
  }
  if (total !== 0) throw new RangeError(`supplies sum to ${total}, not 0`);

  let maxCost = 0;
  for (let e = 0; e < m; e++) {
    const lo = net.lower[e]!;
    const up = net.upper[e]!;
    if (!Number.isInteger(lo) || (up !== Number.POSITIVE_INFINITY && !Number.isInteger(up)) || up < lo) {
      throw new RangeError(`arc ${e} has bounds [${lo}, ${up}]`);
    }
    src[e] = net.from[e]!;
    dst[e] = net.to[e]!;
    cost[e] = net.cost[e]!;
    if (!Number.isFinite(cost[e]!)) throw new RangeError(`arc ${e} has cost ${cost[e]}`);
    // Lower bounds are moved into the supplies: flow' = flow − lower ∈ [0, upper − lower].
    cap[e] = up - lo;
    b[src[e]!]! -= lo;
    b[dst[e]!]! += lo;
    state[e] = LOWER;
    maxCost = Math.max(maxCost, Math.abs(cost[e]!));
  }

  // Any path in the tree has fewer than n+1 arcs, so an artificial arc is dearer than any real path.
  const artCost = (maxCost + 1) * (n + 1);
  const eps = 1e-9 * (1 + maxCost);

  const parent = new Int32Array(n + 1);
  const pred = new Int32Array(n + 1);
  const predUp = new Uint8Array(n + 1); // 1: pred arc goes node → parent
  const depth = new Int32Array(n + 1);
  const pi = new Float64Array(n + 1);
  const firstChild = new Int32Array(n + 1).fill(-1);
  const nextSib = new Int32Array(n + 1).fill(-1);
  const prevSib = new Int32Array(n + 1).fill(-1);

  const addChild = (p: number, c: number) => {
    const head = firstChild[p]!;
    nextSib[c] = head;
    prevSib[c] = -1;
    if (head >= 0) prevSib[head] = c;
    firstChild[p] = c;
  };
  const removeChild = (p: number, c: number) => {
    const prev = prevSib[c]!;
    const next = nextSib[c]!;
    if (prev >= 0) nextSib[prev] = next;
    else firstChild[p] = next;
    if (next >= 0) prevSib[next] = prev;
    nextSib[c] = -1;
    prevSib[c] = -1;
  };

  const artificialStart = () => {
    for (let v = 0; v <= n; v++) {
      firstChild[v] = -1;
      nextSib[v] = -1;
      prevSib[v] = -1;
    }
    for (let e = 0; e < m; e++) {
      flow[e] = 0;
      state[e] = LOWER;
    }
    parent[root] = -1;
    pred[root] = -1;
    depth[root] = 0;
    pi[root] = 0;
    for (let u = 0; u < n; u++) {
      const e = m + u;
      cap[e] = Number.POSITIVE_INFINITY;
      cost[e] = artCost;
      state[e] = TREE;
      parent[u] = root;
      pred[u] = e;
      depth[u] = 1;
      if (b[u]! >= 0) {
        src[e] = u;
        dst[e] = root;
        flow[e] = b[u]!;
        predUp[u] = 1;
        pi[u] = -artCost;
      } else {
        src[e] = root;
        dst[e] = u;
        flow[e] = -b[u]!;
        predUp[u] = 0;
        pi[u] = artCost;
      }
      addChild(root, u);
    }
  };

  // Warm start from a caller's spanning tree and flow; any inconsistency falls back to the artificial start.
  const warmStart = (start: WarmStart): boolean => {
    const { treeArc, flow: f0 } = start;
    if (treeArc.length !== n || f0.length !== m) return false;
    const imbalance = Float64Array.from(b.subarray(0, n));
    for (let e = 0; e < m; e++) {
      const x = f0[e]! - net.lower[e]!;
      if (!(x >= 0 && x <= cap[e]!) || !Number.isInteger(x)) return false;
      flow[e] = x;
      imbalance[src[e]!]! -= x;
      imbalance[dst[e]!]! += x;
    }
    const inTree = new Uint8Array(m);
    const adj: number[][] = Array.from({ length: n + 1 }, () => []);
    for (let u = 0; u < n; u++) {
      const a = m + u;
      cap[a] = Number.POSITIVE_INFINITY;
      cost[a] = artCost;
      if (imbalance[u]! >= 0) {
        src[a] = u;
        dst[a] = root;
        flow[a] = imbalance[u]!;
      } else {
        src[a] = root;
        dst[a] = u;
        flow[a] = -imbalance[u]!;
      }
      const e = treeArc[u]!;
      if (e < 0) {
        adj[u]!.push(a);
        adj[root]!.push(a);
        state[a] = TREE;
      } else {
        if (e >= m || inTree[e] || flow[a] !== 0) return false;
        inTree[e] = 1;
        adj[src[e]!]!.push(e);
        adj[dst[e]!]!.push(e);
        state[a] = LOWER;
      }
    }
    for (let e = 0; e < m; e++) {
      if (inTree[e]) state[e] = TREE;
      else if (flow[e] === 0) state[e] = LOWER;
      else if (flow[e] === cap[e]) state[e] = UPPER;
      else return false;
    }
    // Orient the tree from the root; set depths and potentials (zero reduced cost on tree arcs).
    const seen = new Uint8Array(n + 1);
    seen[root] = 1;
    parent[root] = -1;
    pred[root] = -1;
    depth[root] = 0;
    pi[root] = 0;
    const queue = [root];
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i]!;
      for (const e of adj[u]!) {
        const v = src[e] === u ? dst[e]! : src[e]!;
        if (seen[v]) continue;
        seen[v] = 1;
        parent[v] = u;
        pred[v] = e;
        predUp[v] = src[e] === v ? 1 : 0;
        depth[v] = depth[u]! + 1;
        pi[v] = predUp[v] ? pi[u]! - cost[e]! : pi[u]! + cost[e]!;
        // Strongly feasible: every node can push flow up to the root.
        if (predUp[v] ? flow[e]! >= cap[e]! : flow[e]! <= 0) return false;
        addChild(u, v);
        queue.push(v);
      }
    }
    return queue.length === n + 1;
  };

  if (!(options.warmStart && warmStart(options.warmStart))) artificialStart();

  const blockSize = Math.max(10, Math.ceil(Math.sqrt(m)));
  let nextArc = 0;
  let pivots = 0;
  const stack: number[] = [];
  const pathNodes: number[] = [];
  const pathPred: number[] = [];
  const pathUp: number[] = [];

  const findEntering = (): number => {
    let best = -eps;
    let entering = -1;
    let count = blockSize;
    for (let k = 0; k < m; k++) {
      let e = nextArc + k;
      if (e >= m) e -= m;
      const c = state[e]! * (cost[e]! + pi[src[e]!]! - pi[dst[e]!]!);
      if (c < best) {
        best = c;
        entering = e;
      }
      if (--count === 0) {
        if (entering >= 0) {
          nextArc = e + 1 >= m ? 0 : e + 1;
          return entering;
        }
        count = blockSize;
      }
    }
    if (entering >= 0) nextArc = entering + 1 >= m ? 0 : entering + 1;
    return entering;
  };

  while (m > 0) {
    const e = findEntering();
    if (e < 0) break;
    if (++pivots > maxPivots) throw new Error(`network simplex: more than ${maxPivots} pivots`);

    let first: number;
    let second: number;
    if (state[e] === LOWER) {
      first = src[e]!;
      second = dst[e]!;
    } else {
      first = dst[e]!;
      second = src[e]!;
    }
    // Join node: lowest common ancestor of first and second.
    let u = first;
    let v = second;
    while (u !== v) {
      if (depth[u]! >= depth[v]!) u = parent[u]!;
      else v = parent[v]!;
    }
    const join = u;

    // Leaving arc: the last blocking arc met along the cycle, starting from the join.
    let delta = cap[e]!;
    let result = 0;
    let uOut = -1;
    for (let w = first; w !== join; w = parent[w]!) {
      const a = pred[w]!;
      const d = predUp[w] ? flow[a]! : cap[a]! - flow[a]!;
      if (d < delta) {
        delta = d;
        uOut = w;
        result = 1;
      }
    }
    for (let w = second; w !== join; w = parent[w]!) {
      const a = pred[w]!;
      const d = predUp[w] ? cap[a]! - flow[a]! : flow[a]!;
      if (d <= delta) {
        delta = d;
        uOut = w;
        result = 2;
      }
    }
    if (delta === Number.POSITIVE_INFINITY) throw new Error('network simplex: unbounded (negative cycle)');

    if (delta > 0) {
      flow[e] = flow[e]! + state[e]! * delta;
      for (let w = first; w !== join; w = parent[w]!) {
        const a = pred[w]!;
        flow[a] = flow[a]! + (predUp[w] ? -delta : delta);
      }
      for (let w = second; w !== join; w = parent[w]!) {
        const a = pred[w]!;
        flow[a] = flow[a]! + (predUp[w] ? delta : -delta);
      }
    }

    if (result === 0) {
      state[e] = -state[e]! as 1 | -1;
      continue;
    }

    const leaving = pred[uOut]!;
    state[leaving] = flow[leaving] === 0 ? LOWER : UPPER;
    const uIn = result === 1 ? first : second;
    const vIn = result === 1 ? second : first;
    const rc = cost[e]! + pi[src[e]!]! - pi[dst[e]!]!;
    const shift = uIn === src[e] ? -rc : rc;

    // Re-hang the subtree of uOut at uIn: reverse the path uIn → … → uOut.
    removeChild(parent[uOut]!, uOut);
    pathNodes.length = 0;
    pathPred.length = 0;
    pathUp.length = 0;
    for (let w = uIn; ; w = parent[w]!) {
      pathNodes.push(w);
      pathPred.push(pred[w]!);
      pathUp.push(predUp[w]!);
      if (w === uOut) break;
    }
    for (let i = pathNodes.length - 1; i >= 1; i--) {
      const w = pathNodes[i]!;
      const below = pathNodes[i - 1]!;
      removeChild(w, below);
      addChild(below, w);
      parent[w] = below;
      pred[w] = pathPred[i - 1]!;
      predUp[w] = pathUp[i - 1]! ? 0 : 1;
    }
    parent[uIn] = vIn;
    pred[uIn] = e;
    predUp[uIn] = uIn === src[e] ? 1 : 0;
    addChild(vIn, uIn);
    state[e] = TREE;

    // Depths and potentials of the re-hung subtree.
    stack.length = 0;
    stack.push(uIn);
    while (stack.length > 0) {
      const w = stack.pop()!;
      depth[w] = depth[parent[w]!]! + 1;
      pi[w] = pi[w]! + shift;
      for (let c = firstChild[w]!; c >= 0; c = nextSib[c]!) stack.push(c);
    }
  }

  let infeasible = false;
  for (let u = 0; u < n; u++) if (flow[m + u]! > 0) infeasible = true;

  const outFlow = new Float64Array(m);
  let totalCost = 0;
  for (let e = 0; e < m; e++) {
    outFlow[e] = flow[e]! + net.lower[e]!;
    totalCost += outFlow[e]! * net.cost[e]!;
  }
  return {
    status: infeasible ? 'infeasible' : 'optimal',
    flow: outFlow,
    potential: pi.subarray(0, n),
    cost: totalCost,
    pivots,
  };
}

/**
 * A lower bound on the optimal cost from any node potentials π (weak LP duality):
 *   D(π) = −Σ π_v·supply_v + Σ_arcs min(lower·c̄, upper·c̄),  c̄ = cost + π[from] − π[to].
 * Infinite upper bounds are replaced by `flowBound` (one number for every arc, or one per arc), which must
 * bound the arc's flow in every feasible solution (for an acyclic network, the total positive supply).
 * Independent of the algorithm that produced π.
 *
 * Potentials can be large (the artificial start), so −Σ π·supply cancels badly in floating point. When a
 * feasible `flow` is given (checked here: integral, within bounds, conserving), the identical value
 * Σ cost·flow + Σ_arcs (min(lower·c̄, upper·c̄) − c̄·flow) is used instead: every term is small.
 */
export function dualBound(
  net: FlowNetwork,
  potential: ArrayLike<number>,
  flowBound: number | ArrayLike<number>,
  flow?: ArrayLike<number>,
): number {
  const upperOf = (e: number) =>
    Math.min(net.upper[e]!, typeof flowBound === 'number' ? flowBound : flowBound[e]!);
  if (flow && isFeasibleFlow(net, flow)) {
    let value = 0;
    for (let e = 0; e < net.arcCount; e++) {
      const x = flow[e]!;
      const rc = net.cost[e]! + potential[net.from[e]!]! - potential[net.to[e]!]!;
      value += net.cost[e]! * x + (rc >= 0 ? net.lower[e]! * rc : upperOf(e) * rc) - rc * x;
    }
    return value;
  }
  let value = 0;
  for (let v = 0; v < net.nodeCount; v++) value -= potential[v]! * net.supply[v]!;
  for (let e = 0; e < net.arcCount; e++) {
    const rc = net.cost[e]! + potential[net.from[e]!]! - potential[net.to[e]!]!;
    value += rc >= 0 ? net.lower[e]! * rc : upperOf(e) * rc;
  }
  return value;
}

/** Integral flow within bounds that conserves every node's supply (exact integer arithmetic). */
export function isFeasibleFlow(net: FlowNetwork, flow: ArrayLike<number>): boolean {
  if (flow.length !== net.arcCount) return false;
  const balance = new Float64Array(net.nodeCount);
  for (let e = 0; e < net.arcCount; e++) {
    const x = flow[e]!;
    if (!Number.isInteger(x) || x < net.lower[e]! || x > net.upper[e]!) return false;
    balance[net.from[e]!]! += x;
    balance[net.to[e]!]! -= x;
  }
  for (let v = 0; v < net.nodeCount; v++) if (balance[v] !== net.supply[v]) return false;
  return true;
}
