import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Service tests share one Postgres database and one Redis; files run in parallel but each uses its own schema/queue.
    fileParallelism: true,
  },
});
