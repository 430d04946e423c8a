/**
 * A map that keeps the most recently used entries within a budget: each entry weighs `weigh(value)` (1 by
 * default, so the budget is a count), and the least recently used are dropped first. An entry heavier than
 * the whole budget is not kept.
 */
export class Lru<V> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(
    private readonly budget: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: V): void {
    const weight = this.weigh(value);
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.total -= this.weigh(old);
      this.entries.delete(key);
    }
    if (weight > this.budget) return;
    this.entries.set(key, value);
    this.total += weight;
    for (const [k, v] of this.entries) {
      if (this.total <= this.budget) break;
      this.entries.delete(k);
      this.total -= this.weigh(v);
    }
  }
}
