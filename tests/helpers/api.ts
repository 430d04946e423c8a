import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { ROLES, type Role } from '../../src/core/access.ts';
import type { JobRunner } from '../../src/jobs/types.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertPoints } from '../../src/store/points-repo.ts';
import { createApiKey } from '../../src/usecases/api-keys.ts';

export const TEST_POINTS = [
  {
    code: 'P1',
    name: 'Hoàn Kiếm',
    type: 'ward' as const,
    branch: 'Chi nhánh 1',
    lat: 21.03,
    lon: 105.85,
    population: 105301,
    area_km2: 1.91,
    counters: 4,
    min_staff: 2,
    opening_hours: { weekday: [['08:00', '12:00'] as [string, string]], saturday: [] },
  },
  {
    code: 'P2',
    name: 'Sóc Sơn',
    type: 'commune' as const,
    branch: 'Chi nhánh 2',
    lat: 21.25,
    lon: 105.85,
    population: 70000,
    area_km2: 60,
    counters: 3,
    min_staff: 2,
    opening_hours: {
      weekday: [['08:00', '12:00'] as [string, string]],
      saturday: [['08:00', '11:00'] as [string, string]],
    },
  },
];

export interface TestApi {
  app: FastifyInstance;
  keys: Record<Role, string>;
  /** `app.inject` as `role` (no key when role is undefined). */
  as(role: Role | undefined, opts: InjectOptions | string): Promise<LightMyRequestResponse>;
}

/** A built app on `db` with one key per role; rate limiting off unless the config says otherwise. */
export async function testApi(
  db: Db,
  opts: { env?: Record<string, string>; jobs?: JobRunner; config?: Config; points?: boolean } = {},
): Promise<TestApi> {
  const config = opts.config ?? loadConfig({ RATE_LIMIT_PER_MINUTE: '0', JOB_BACKOFF_MS: '10', ...opts.env });
  if (opts.points !== false) await upsertPoints(db, TEST_POINTS);
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createApiKey(db, { name: `test ${role}`, role })).key;
  const app = await buildApp({
    db,
    config,
    logger: createLogger('silent'),
    ...(opts.jobs ? { jobs: opts.jobs } : {}),
  });
  return {
    app,
    keys,
    as(role, o) {
      const base: InjectOptions = typeof o === 'string' ? { url: o } : o;
      return app.inject({
        ...base,
        headers: { ...(base.headers ?? {}), ...(role ? { authorization: `Bearer ${keys[role]}` } : {}) },
      });
    },
  };
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function waitFor<T>(check: () => Promise<T | undefined>, ms = 20_000, stepMs = 50): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
