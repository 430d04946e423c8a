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
  const simplex = new NetworkSimplex(net);
  if (!(options.warmStart && simplex.warmStart(options.warmStart))) simplex.artificialStart();
  simplex.run(options.maxPivots ?? 50_000_000);
  return simplex.solution();
}

/**
 * The solver's state. Arcs 0..m−1 are the network's (lower bounds shifted out, so every flow starts at 0),
 * arcs m..m+n−1 the artificial arcs joining node u to the root n. One pivot is: find the entering arc
 * (pricing), find the join node of its cycle, find the leaving arc, push flow round the cycle, and
 * re-hang the tree (parent pointers, child lists, depths, potentials).
 */
class NetworkSimplex {
  private readonly n: number;
  private readonly m: number;
  private readonly root: number;
  private readonly src: Int32Array;
  private readonly dst: Int32Array;
  private readonly cap: Float64Array;
  private readonly cost: Float64Array;
  private readonly flow: Float64Array;
  private readonly state: Int8Array;
  /** supplies after the lower bounds are moved into them */
  private readonly b: Float64Array;
  private readonly artCost: number;
  private readonly eps: number;

  // The spanning tree: parent pointers plus doubly-linked child lists.
  private readonly parent: Int32Array;
  private readonly pred: Int32Array;
  /** 1: the pred arc goes node → parent */
  private readonly predUp: Uint8Array;
  private readonly depth: Int32Array;
  private readonly pi: Float64Array;
  private readonly firstChild: Int32Array;
  private readonly nextSib: Int32Array;
  private readonly prevSib: Int32Array;

  // Block-search pricing: scan blocks of √m arcs from where the last search stopped.
  private readonly blockSize: number;
  private nextArc = 0;
  pivots = 0;

  // The current pivot's cycle, set by findJoinNode and findLeavingArc.
  private first = 0;
  private second = 0;
  private join = 0;
  private delta = 0;
  private uOut = -1;
  /** where the leaving arc lies: 0 the entering arc itself (it goes to its other bound), 1 first's side, 2 second's */
  private leavingSide = 0;

  private readonly stack: number[] = [];
  private readonly pathNodes: number[] = [];
  private readonly pathPred: number[] = [];
  private readonly pathUp: number[] = [];

  constructor(private readonly net: FlowNetwork) {
    const n = net.nodeCount;
    const m = net.arcCount;
    const all = m + n;
    this.n = n;
    this.m = m;
    this.root = n;
    this.src = new Int32Array(all);
    this.dst = new Int32Array(all);
    this.cap = new Float64Array(all);
    this.cost = new Float64Array(all);
    this.flow = new Float64Array(all);
    this.state = new Int8Array(all);
    this.b = new Float64Array(n + 1);
    this.loadSupplies();
    const maxCost = this.loadArcs();
    // Any path in the tree has fewer than n+1 arcs, so an artificial arc is dearer than any real path.
    this.artCost = (maxCost + 1) * (n + 1);
    this.eps = 1e-9 * (1 + maxCost);
    this.parent = new Int32Array(n + 1);
    this.pred = new Int32Array(n + 1);
    this.predUp = new Uint8Array(n + 1);
    this.depth = new Int32Array(n + 1);
    this.pi = new Float64Array(n + 1);
    this.firstChild = new Int32Array(n + 1).fill(-1);
    this.nextSib = new Int32Array(n + 1).fill(-1);
    this.prevSib = new Int32Array(n + 1).fill(-1);
    this.blockSize = Math.max(10, Math.ceil(Math.sqrt(m)));
  }

  private loadSupplies(): void {
    const { net, b } = this;
    let total = 0;
    for (let v = 0; v < this.n; v++) {
      const s = net.supply[v]!;
      if (!Number.isInteger(s)) throw new RangeError(`supply of node ${v} is not an integer`);
      b[v] = s;
      total += s;
    }
    if (total !== 0) throw new RangeError(`supplies sum to ${total}, not 0`);
  }

  /** Copies and checks the arcs; returns the largest |cost|. */
  private loadArcs(): number {
    const { net, src, dst, cap, cost, state, b } = this;
    let maxCost = 0;
    for (let e = 0; e < this.m; e++) {
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
    return maxCost;
  }

  private addChild(p: number, c: number): void {
    const head = this.firstChild[p]!;
    this.nextSib[c] = head;
    this.prevSib[c] = -1;
    if (head >= 0) this.prevSib[head] = c;
    this.firstChild[p] = c;
  }

  private removeChild(p: number, c: number): void {
    const prev = this.prevSib[c]!;
    const next = this.nextSib[c]!;
    if (prev >= 0) this.nextSib[prev] = next;
    else this.firstChild[p] = next;
    if (next >= 0) this.prevSib[next] = prev;
    this.nextSib[c] = -1;
    this.prevSib[c] = -1;
  }

  /** Every real arc at its lower bound, every node hung from the root by its artificial arc. */
  artificialStart(): void {
    const { n, m, root, src, dst, cap, cost, flow, state, b, parent, pred, predUp, depth, pi } = this;
    for (let v = 0; v <= n; v++) {
      this.firstChild[v] = -1;
      this.nextSib[v] = -1;
      this.prevSib[v] = -1;
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
      cost[e] = this.artCost;
      state[e] = TREE;
      parent[u] = root;
      pred[u] = e;
      depth[u] = 1;
      if (b[u]! >= 0) {
        src[e] = u;
        dst[e] = root;
        flow[e] = b[u]!;
        predUp[u] = 1;
        pi[u] = -this.artCost;
      } else {
        src[e] = root;
        dst[e] = u;
        flow[e] = -b[u]!;
        predUp[u] = 0;
        pi[u] = this.artCost;
      }
      this.addChild(root, u);
    }
  }

  /**
   * Starts from a caller's spanning tree and flow (see `WarmStart`). Returns false on any inconsistency;
   * the caller then falls back to `artificialStart`, which resets everything this may have written.
   */
  warmStart(start: WarmStart): boolean {
    const { treeArc, flow: f0 } = start;
    if (treeArc.length !== this.n || f0.length !== this.m) return false;
    const imbalance = this.loadWarmFlow(f0);
    if (!imbalance) return false;
    const adj = this.warmTreeAdjacency(treeArc, imbalance);
    return adj !== null && this.orientTree(adj);
  }

  /** Real arcs' shifted flows from f0; returns each node's remaining imbalance, or null if f0 is out of bounds. */
  private loadWarmFlow(f0: Float64Array): Float64Array | null {
    const { net, src, dst, cap, flow } = this;
    const imbalance = Float64Array.from(this.b.subarray(0, this.n));
    for (let e = 0; e < this.m; e++) {
      const x = f0[e]! - net.lower[e]!;
      if (!(x >= 0 && x <= cap[e]!) || !Number.isInteger(x)) return null;
      flow[e] = x;
      imbalance[src[e]!]! -= x;
      imbalance[dst[e]!]! += x;
    }
    return imbalance;
  }

  /**
   * Artificial arcs carry the imbalances; sets every arc's state and returns the tree's adjacency lists, or
   * null when the given tree arcs are not a basis (a repeated arc, a tree arc replacing an artificial arc
   * that carries flow, a non-tree arc strictly between its bounds).
   */
  private warmTreeAdjacency(treeArc: Int32Array, imbalance: Float64Array): number[][] | null {
    const { n, m, root, src, dst, cap, cost, flow, state } = this;
    const inTree = new Uint8Array(m);
    const adj: number[][] = Array.from({ length: n + 1 }, () => []);
    for (let u = 0; u < n; u++) {
      const a = m + u;
      cap[a] = Number.POSITIVE_INFINITY;
      cost[a] = this.artCost;
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
        if (e >= m || inTree[e] || flow[a] !== 0) return null;
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
      else return null;
    }
    return adj;
  }

  /** Orients the tree from the root (breadth first), setting depths and potentials (zero reduced cost on tree arcs). */
  private orientTree(adj: number[][]): boolean {
    const { n, root, src, dst, cap, cost, flow, parent, pred, predUp, depth, pi } = this;
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
        this.addChild(u, v);
        queue.push(v);
      }
    }
    return queue.length === n + 1;
  }

  /** Pivots until no arc prices out. */
  run(maxPivots: number): void {
    if (this.m === 0) return;
    for (;;) {
      const e = this.findEnteringArc();
      if (e < 0) return;
      if (++this.pivots > maxPivots) throw new Error(`network simplex: more than ${maxPivots} pivots`);
      this.findJoinNode(e);
      this.findLeavingArc(e);
      this.augmentFlow(e);
      if (this.leavingSide === 0) this.state[e] = -this.state[e]! as 1 | -1;
      else this.updateTree(e);
    }
  }

  /** Block search: the most violating arc of the first block (from `nextArc`, wrapping) that has one; −1 at optimality. */
  private findEnteringArc(): number {
    const { m, state, cost, pi, src, dst, blockSize } = this;
    let best = -this.eps;
    let entering = -1;
    let count = blockSize;
    for (let k = 0; k < m; k++) {
      let e = this.nextArc + k;
      if (e >= m) e -= m;
      const c = state[e]! * (cost[e]! + pi[src[e]!]! - pi[dst[e]!]!);
      if (c < best) {
        best = c;
        entering = e;
      }
      if (--count === 0) {
        if (entering >= 0) {
          this.nextArc = e + 1 >= m ? 0 : e + 1;
          return entering;
        }
        count = blockSize;
      }
    }
    if (entering >= 0) this.nextArc = entering + 1 >= m ? 0 : entering + 1;
    return entering;
  }

  /** The cycle of entering arc e runs first → second along e, then back through the tree via the join node (their lowest common ancestor). */
  private findJoinNode(e: number): void {
    const { depth, parent } = this;
    if (this.state[e] === LOWER) {
      this.first = this.src[e]!;
      this.second = this.dst[e]!;
    } else {
      this.first = this.dst[e]!;
      this.second = this.src[e]!;
    }
    let u = this.first;
    let v = this.second;
    while (u !== v) {
      if (depth[u]! >= depth[v]!) u = parent[u]!;
      else v = parent[v]!;
    }
    this.join = u;
  }

  /** The leaving arc: the last blocking arc met along the cycle, starting from the join (strong feasibility). */
  private findLeavingArc(e: number): void {
    const { parent, pred, predUp, flow, cap, join } = this;
    let delta = cap[e]!;
    let side = 0;
    let uOut = -1;
    for (let w = this.first; w !== join; w = parent[w]!) {
      const a = pred[w]!;
      const d = predUp[w] ? flow[a]! : cap[a]! - flow[a]!;
      if (d < delta) {
        delta = d;
        uOut = w;
        side = 1;
      }
    }
    for (let w = this.second; w !== join; w = parent[w]!) {
      const a = pred[w]!;
      const d = predUp[w] ? cap[a]! - flow[a]! : flow[a]!;
      if (d <= delta) {
        delta = d;
        uOut = w;
        side = 2;
      }
    }
    if (delta === Number.POSITIVE_INFINITY) throw new Error('network simplex: unbounded (negative cycle)');
    this.delta = delta;
    this.uOut = uOut;
    this.leavingSide = side;
  }

  /** Pushes delta round the cycle of entering arc e. */
  private augmentFlow(e: number): void {
    const { parent, pred, predUp, flow, delta, join } = this;
    if (delta <= 0) return;
    flow[e] = flow[e]! + this.state[e]! * delta;
    for (let w = this.first; w !== join; w = parent[w]!) {
      const a = pred[w]!;
      flow[a] = flow[a]! + (predUp[w] ? -delta : delta);
    }
    for (let w = this.second; w !== join; w = parent[w]!) {
      const a = pred[w]!;
      flow[a] = flow[a]! + (predUp[w] ? delta : -delta);
    }
  }

  /** Entering arc e replaces the leaving arc pred[uOut]: the subtree of uOut is re-hung at the end of e on its side. */
  private updateTree(e: number): void {
    const { parent, pred, predUp, src, dst, cost, pi, state, uOut } = this;
    const leaving = pred[uOut]!;
    state[leaving] = this.flow[leaving] === 0 ? LOWER : UPPER;
    const uIn = this.leavingSide === 1 ? this.first : this.second;
    const vIn = this.leavingSide === 1 ? this.second : this.first;
    const rc = cost[e]! + pi[src[e]!]! - pi[dst[e]!]!;
    const shift = uIn === src[e] ? -rc : rc;

    this.reversePath(uIn, uOut);
    parent[uIn] = vIn;
    pred[uIn] = e;
    predUp[uIn] = uIn === src[e] ? 1 : 0;
    this.addChild(vIn, uIn);
    state[e] = TREE;
    this.updateSubtree(uIn, shift);
  }

  /** Detaches uOut from its parent and reverses the tree path uIn → … → uOut, so uIn becomes the subtree's top. */
  private reversePath(uIn: number, uOut: number): void {
    const { parent, pred, predUp, pathNodes, pathPred, pathUp } = this;
    this.removeChild(parent[uOut]!, uOut);
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
      this.removeChild(w, below);
      this.addChild(below, w);
      parent[w] = below;
      pred[w] = pathPred[i - 1]!;
      predUp[w] = pathUp[i - 1]! ? 0 : 1;
    }
  }

  /** Depths and potentials (shifted by `shift`) of the re-hung subtree under uIn. */
  private updateSubtree(uIn: number, shift: number): void {
    const { stack, depth, parent, pi, firstChild, nextSib } = this;
    stack.length = 0;
    stack.push(uIn);
    while (stack.length > 0) {
      const w = stack.pop()!;
      depth[w] = depth[parent[w]!]! + 1;
      pi[w] = pi[w]! + shift;
      for (let c = firstChild[w]!; c >= 0; c = nextSib[c]!) stack.push(c);
    }
  }

  /** Flows with the lower bounds added back; infeasible when an artificial arc still carries flow. */
  solution(): FlowSolution {
    const { n, m, net, flow } = this;
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
      potential: this.pi.subarray(0, n),
      cost: totalCost,
      pivots: this.pivots,
    };
  }
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
