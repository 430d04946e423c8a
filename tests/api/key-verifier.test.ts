import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/store/db.ts';
import { KeyVerifier } from '../../src/usecases/api-keys.ts';

/**
 * The key cache in front of a busy store: one look-up per key at a time, and a key in use is looked up again
 * before its time runs out, in the background, so that no request of a known key waits for the store.
 */
function fakeStore() {
  let queries = 0;
  let revoked = false;
  let hold: Promise<void> = Promise.resolve();
  const db = {
    async query() {
      queries++;
      await hold;
      return revoked ? [] : [{ id: 'k1', role: 'viewer' }];
    },
  } as unknown as Queryable;
  return {
    db,
    queries: () => queries,
    revoke: () => {
      revoked = true;
    },
    /** Holds the look-ups started from now until `open()`. */
    busy() {
      let open!: () => void;
      hold = new Promise<void>((r) => {
        open = r;
      });
      return { open };
    },
  };
}

const KEY = `dp_${'a'.repeat(43)}`;

describe('KeyVerifier', () => {
  it('looks a key up once for the requests that arrive while the store is busy', async () => {
    const store = fakeStore();
    const v = new KeyVerifier(store.db, 10_000, () => 0);
    const gate = store.busy();
    const all = Promise.all(Array.from({ length: 6 }, () => v.verify(KEY)));
    gate.open();
    expect((await all).map((r) => r?.id)).toEqual(Array(6).fill('k1'));
    expect(store.queries()).toBe(1);
  });

  it('refreshes a key in use before it expires without making a request wait, and keeps the revocation bound', async () => {
    const store = fakeStore();
    let clock = 0;
    const v = new KeyVerifier(store.db, 10_000, () => clock);
    await v.verify(KEY);
    clock = 8_000; // in the last quarter of its time: answered from the cache, refreshed behind it
    const gate = store.busy();
    store.revoke();
    const order: string[] = [];
    const answered = v.verify(KEY).then((r) => order.push(`answered ${r?.id}`));
    await answered;
    order.push('store free');
    gate.open();
    expect(order).toEqual(['answered k1', 'store free']);
    expect(store.queries()).toBe(2);
    await new Promise((r) => setImmediate(r));
    // The refresh read the revocation: the key is refused from then on, within ttlMs of the first look-up.
    clock = 9_000;
    expect(await v.verify(KEY)).toBeUndefined();
  });
});
