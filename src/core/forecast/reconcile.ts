/**
 * Forecast reconciliation on a tree (fields → channel → point → branch → city): adjusts base forecasts so
 * every parent equals the sum of its children, by weighted least squares with each base forecast weighted
 * by the inverse of its predictive variance (MinT with a diagonal covariance, Wickramasuriya, Athanasopoulos
 * & Hyndman 2019). On a tree this has an exact O(nodes) solution by two passes; negative leaves are then
 * clipped to 0 and parents re-summed, so the result is coherent and non-negative.
 */

export interface TreeNode {
  id: string;
  /** Parent id; `null` for the root. */
  parent: string | null;
  /**
   * Base forecast per day (means and predictive variances). Leaves must have one; a parent without one is
   * simply the sum of its children (bottom-up).
   */
  base?: { mean: readonly number[]; variance: readonly number[] };
}

export interface ReconciledNode {
  mean: number[];
  /**
   * Predictive variance: the base variance where the node has a base forecast (it reflects the node's own
   * backtest errors, correlations included), else the sum of the children's variances (independence).
   */
  variance: number[];
}

/**
 * Reconciles base forecasts on a tree, day by day.
 * @throws Error when a leaf has no base forecast, a parent is unknown or the tree has a cycle.
 * @example reconcileTree([{ id: 'city', parent: null, base: { mean: [10], variance: [1] } },
 *   { id: 'a', parent: 'city', base: { mean: [4], variance: [1] } },
 *   { id: 'b', parent: 'city', base: { mean: [4], variance: [1] } }], 1).get('city')!.mean // [9.33…]
 */
export function reconcileTree(nodes: readonly TreeNode[], days: number): Map<string, ReconciledNode> {
  const byId = new Map<string, TreeNode>();
  for (const n of nodes) {
    if (byId.has(n.id)) throw new Error(`duplicate node ${n.id}`);
    byId.set(n.id, n);
  }
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const n of nodes) {
    if (n.parent === null) roots.push(n.id);
    else {
      if (!byId.has(n.parent)) throw new Error(`node ${n.id} has an unknown parent ${n.parent}`);
      const list = children.get(n.parent) ?? [];
      list.push(n.id);
      children.set(n.parent, list);
    }
  }
  // Post-order (children before parents) by iterative DFS from the roots.
  const order: string[] = [];
  const seen = new Set<string>();
  for (const r of roots) {
    const stack: Array<[string, boolean]> = [[r, false]];
    while (stack.length > 0) {
      const [id, done] = stack.pop()!;
      if (done) {
        order.push(id);
        continue;
      }
      if (seen.has(id)) throw new Error(`cycle at node ${id}`);
      seen.add(id);
      stack.push([id, true]);
      for (const c of children.get(id) ?? []) stack.push([c, false]);
    }
  }
  if (order.length !== nodes.length) throw new Error('the hierarchy is not a tree (unreachable nodes)');
  for (const id of order)
    if (!children.has(id) && !byId.get(id)!.base) throw new Error(`leaf ${id} has no base forecast`);

  const out = new Map<string, ReconciledNode>();
  for (const id of order) out.set(id, { mean: new Array(days).fill(0), variance: new Array(days).fill(0) });
  // Per node and day: m = best estimate of the subtree total given the subtree's base forecasts, and
  // inv = its variance (0 = fixed, e.g. a closed day). Combining a parent's base with the children's sum
  // is the precision-weighted mean.
  const m = new Map<string, Float64Array>();
  const inv = new Map<string, Float64Array>();
  for (const id of order) {
    const node = byId.get(id)!;
    const kids = children.get(id) ?? [];
    const mv = new Float64Array(days);
    const iv = new Float64Array(days);
    for (let k = 0; k < days; k++) {
      let bm = 0;
      let bv = -1;
      if (node.base) {
        bm = node.base.mean[k] ?? 0;
        bv = Math.max(0, node.base.variance[k] ?? 0);
      }
      if (kids.length === 0) {
        mv[k] = bm;
        iv[k] = bv;
        continue;
      }
      let M = 0;
      let S = 0;
      for (const c of kids) {
        M += m.get(c)![k]!;
        S += inv.get(c)![k]!;
      }
      if (bv < 0) {
        mv[k] = M;
        iv[k] = S;
      } else if (S === 0) {
        mv[k] = M;
        iv[k] = 0;
      } else if (bv === 0) {
        mv[k] = bm;
        iv[k] = 0;
      } else {
        mv[k] = (bm * S + M * bv) / (bv + S);
        iv[k] = (bv * S) / (bv + S);
      }
    }
    m.set(id, mv);
    inv.set(id, iv);
  }
  // Top-down: each parent's value is shared out to its children in proportion to their variances.
  const value = new Map<string, Float64Array>();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i]!;
    const node = byId.get(id)!;
    if (node.parent === null) value.set(id, Float64Array.from(m.get(id)!));
    const x = value.get(id)!;
    const kids = children.get(id) ?? [];
    if (kids.length === 0) continue;
    for (const c of kids) value.set(c, new Float64Array(days));
    for (let k = 0; k < days; k++) {
      let M = 0;
      let S = 0;
      for (const c of kids) {
        M += m.get(c)![k]!;
        S += inv.get(c)![k]!;
      }
      for (const c of kids) {
        const mc = m.get(c)![k]!;
        value.get(c)![k] = S > 0 ? mc + ((x[k]! - M) * inv.get(c)![k]!) / S : mc;
      }
    }
  }
  // Clip leaves at 0 and re-sum parents (post-order) so totals add up exactly.
  for (const id of order) {
    const node = byId.get(id)!;
    const kids = children.get(id) ?? [];
    const r = out.get(id)!;
    if (kids.length === 0) {
      const x = value.get(id)!;
      for (let k = 0; k < days; k++) {
        r.mean[k] = Math.max(x[k]!, 0);
        r.variance[k] = Math.max(0, node.base!.variance[k] ?? 0);
      }
      continue;
    }
    for (let k = 0; k < days; k++) {
      let s = 0;
      let v = 0;
      for (const c of kids) {
        s += out.get(c)!.mean[k]!;
        v += out.get(c)!.variance[k]!;
      }
      r.mean[k] = s;
      r.variance[k] = node.base ? Math.max(0, node.base.variance[k] ?? 0) : v;
    }
  }
  return out;
}
