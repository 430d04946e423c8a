import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, type Role } from '../core/access.ts';
import type { Logger } from '../logger.ts';
import { type ApiKeyRow, deleteApiKey, findKeyByHash, insertApiKey } from '../store/api-keys-repo.ts';
import type { Db, Queryable } from '../store/db.ts';

/** `dp_` + 32 random bytes, base64url (256 bits: not guessable, so a fast hash is enough to store it). */
export function generateKey(): string {
  return `dp_${randomBytes(32).toString('base64url')}`;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface CreatedKey {
  key: string;
  row: ApiKeyRow;
}

/** Creates a key with a role; the plain key is returned once and never stored. */
export async function createApiKey(
  db: Queryable,
  opts: { name: string; role: Role; createdBy?: string; id?: string; demo?: boolean },
): Promise<CreatedKey> {
  const key = generateKey();
  const row = await insertApiKey(db, {
    id: opts.id ?? `key-${randomBytes(6).toString('hex')}`,
    name: opts.name,
    role: opts.role,
    keyHash: hashKey(key),
    keyPrefix: key.slice(0, 7),
    demo: opts.demo,
    createdBy: opts.createdBy,
  });
  return { key, row };
}

/**
 * Resolves bearer keys to their row, with a short cache so reads do not cost a query each (a revoked key
 * stops working on this process at once, on others within `ttlMs`). One look-up per key at a time (the
 * requests arriving meanwhile wait for it), and a key in use is looked up again in the last quarter of its
 * time, in the background: a busy store (a job's statement) then delays no request of a known key, and the
 * cached row still never outlives `ttlMs` from the query that read it.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, { row: ApiKeyRow | undefined; until: number }>();
  private readonly lookups = new Map<string, Promise<ApiKeyRow | undefined>>();
  /** Bumped by forget(): a look-up that started before it is not kept. */
  private epoch = 0;
  constructor(
    private readonly db: Queryable,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(key: string): Promise<ApiKeyRow | undefined> {
    // A well-formed key is `dp_` + 43 base64url characters; anything else is refused without a query.
    if (!/^dp_[A-Za-z0-9_-]{43}$/.test(key)) return undefined;
    const hash = hashKey(key);
    const hit = this.cache.get(hash);
    const now = this.now();
    if (hit && hit.until > now) {
      if (hit.until - now < this.ttlMs / 4) void this.lookup(hash).catch(() => {});
      return hit.row;
    }
    return this.lookup(hash);
  }

  private lookup(hash: string): Promise<ApiKeyRow | undefined> {
    const running = this.lookups.get(hash);
    if (running) return running;
    const started = this.now();
    const epoch = this.epoch;
    const p = findKeyByHash(this.db, hash)
      .then((row) => {
        if (epoch === this.epoch) {
          if (this.cache.size > 10_000) this.cache.clear();
          this.cache.set(hash, { row, until: started + this.ttlMs });
        }
        return row;
      })
      .finally(() => this.lookups.delete(hash));
    this.lookups.set(hash, p);
    return p;
  }

  forget(): void {
    this.epoch++;
    this.cache.clear();
    this.lookups.clear();
  }
}

export type DemoKeys = Record<Role, string>;

/**
 * Embedded demo mode only: one key per role, created once. The plain keys are kept in
 * `<DATA_DIR>/demo-keys.json` (mode 0600) next to the store they open, so every start prints the same
 * keys and the dashboard can log in as a role. Keys in the file that the store no longer knows (store
 * reset, key revoked) are replaced.
 */
export async function ensureDemoKeys(db: Db, dataDir: string, log?: Logger): Promise<DemoKeys> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'demo-keys.json');
  let saved: Partial<DemoKeys> = {};
  if (existsSync(file)) {
    try {
      saved = JSON.parse(readFileSync(file, 'utf8')).keys ?? {};
    } catch {
      saved = {};
    }
  }
  const keys = {} as DemoKeys;
  let changed = false;
  for (const role of ROLES) {
    const k = saved[role];
    if (k && (await findKeyByHash(db, hashKey(k)))) {
      keys[role] = k;
      continue;
    }
    // Never silently: a store that had its demo keys says which it replaces and why.
    log?.warn(
      { role, file, reason: k ? 'the store does not know the saved key' : 'no saved key' },
      'demo key replaced: the old one no longer works',
    );
    await deleteApiKey(db, `demo-${role}`);
    const created = await createApiKey(db, {
      id: `demo-${role}`,
      name: `demo ${role}`,
      role,
      demo: true,
      createdBy: 'demo',
    });
    keys[role] = created.key;
    changed = true;
  }
  if (changed || !existsSync(file)) {
    writeFileSync(
      file,
      `${JSON.stringify({ note: 'dieuphoi demo keys (embedded store only): Authorization: Bearer <key>', keys }, null, 2)}\n`,
      { mode: 0o600 },
    );
    chmodSync(file, 0o600);
  }
  return keys;
}
