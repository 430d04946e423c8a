import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import { redisUrl, requireServices } from './backends.ts';

/** A queue prefix of its own per test file (files run in parallel on one Redis). */
export const uniquePrefix = (name: string) => `t-${name}-${randomUUID().slice(0, 8)}`;

/**
 * Runs a suite when REDIS_URL is set; skips it otherwise — except under DIEUPHOI_REQUIRE_SERVICES=1 (CI),
 * where the missing service is a failure.
 */
export function describeRedis(title: string, suite: (url: string) => void): void {
  const url = redisUrl;
  if (url) describe(title, () => suite(url));
  else if (requireServices)
    describe(title, () => {
      it('needs REDIS_URL (DIEUPHOI_REQUIRE_SERVICES=1)', () => {
        throw new Error('REDIS_URL is not set but DIEUPHOI_REQUIRE_SERVICES=1: the Redis suite cannot run');
      });
    });
  else describe.skip(`${title} (set REDIS_URL to run)`, () => suite(''));
}
